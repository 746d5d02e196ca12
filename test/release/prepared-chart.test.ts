// The warm path: a chart prepared once (src/release/prepared.ts) and rendered many times gives
// the bytes a fresh load and render gives, whatever the order of renders and their values, and
// the prepared chart never changes. Every corpus chart is compared with fresh renders in this
// process; kube-prometheus-stack and an aliased umbrella chart, rendered from one prepared chart
// with values that switch subcharts off and on, are compared with the real helm v4.3.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Chart } from '../../src/chart/chart.js';
import { loadChart } from '../../src/chart/loader.js';
import type { FuncEnv } from '../../src/funcs/env.js';
import { GoMap } from '../../src/go/value.js';
import { PreparedChart } from '../../src/release/prepared.js';
import { renderRelease, type ReleaseRenderOptions, type RenderedRelease } from '../../src/release/render.js';
import { parseSet } from '../../src/values/strvals.js';
import { cleanEnv, runHelm } from '../cli/support.js';
import { CORPUS_DIR, KUBE_VERSION, NAMESPACE, RELEASE, corpusCharts } from '../support/corpus.js';

/** A clock and random source that repeat exactly in every render (so outputs compare whole). */
function fixedEnv(): FuncEnv {
  let n = 0;
  return {
    now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
    randomBytes: (k) => {
      const out = new Uint8Array(k);
      for (let i = 0; i < k; i++) out[i] = (Math.imul(++n, 2654435761) >>> 13) & 0xff;
      return out;
    },
  };
}

const optsA = (): ReleaseRenderOptions => ({
  releaseName: RELEASE,
  namespace: NAMESPACE,
  kubeVersion: KUBE_VERSION,
  render: { funcEnv: fixedEnv() },
});
const optsB = (): ReleaseRenderOptions => ({
  releaseName: 'other',
  namespace: 'elsewhere',
  kubeVersion: 'v1.30.1',
  isUpgrade: true,
  revision: 3,
  render: { funcEnv: fixedEnv() },
});

type Outcome = { ok: RenderedRelease } | { error: string };

function outcome(f: () => RenderedRelease): Outcome {
  try {
    return { ok: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** What a render shows: the manifest, the hooks in order, the notes (or the error text). */
function shown(o: Outcome): string {
  if ('error' in o) return `error: ${o.error}`;
  const hooks = o.ok.hooks.map((h) => `---\n# Source: ${h.path}\n${h.manifest}\n`).join('');
  return `${o.ok.manifest}\n==hooks==\n${hooks}\n==notes==\n${o.ok.notes}`;
}

/** The chart tree as processDependencies could change it. */
function snapshot(c: Chart): string {
  const walk = (x: Chart): unknown => ({
    name: x.name,
    meta: x.metadata,
    values: x.values,
    templates: x.templates.length,
    deps: x.dependencies.map(walk),
  });
  return JSON.stringify(walk(c), (_k, v: unknown) =>
    v instanceof GoMap ? Object.fromEntries(v.entries) : typeof v === 'bigint' ? `${v}n` : v,
  );
}

/**
 * Whether a prepared render shows what a fresh one does. Generated keys and certificates
 * (genPrivateKey, genCA…) do not come from the fixed random source, so where the texts differ,
 * one more fresh render decides: a line may differ only where two fresh renders differ too.
 */
function sameAsFresh(got: string, want: string, again: () => string): boolean {
  if (got === want) return true;
  const [g, w, a] = [got, want, again()].map((x) => x.split('\n')) as [string[], string[], string[]];
  if (g.length !== w.length || a.length !== w.length) return false;
  return w.every((line, i) => g[i] === line || a[i] !== line);
}

test('every corpus chart renders from a prepared chart as from a fresh load, render after render', () => {
  let compared = 0;
  for (const c of corpusCharts()) {
    const dir = join(CORPUS_DIR, c.path);
    const fresh = (opts: () => ReleaseRenderOptions) => (): string =>
      shown(outcome(() => renderRelease(loadChart(dir), new GoMap(), opts())));
    const wantA = fresh(optsA)();
    const wantB = fresh(optsB)();
    const chart = loadChart(dir);
    const before = snapshot(chart);
    const p = new PreparedChart(chart);
    const renders: [() => ReleaseRenderOptions, string][] = [
      [optsB, wantB],
      [optsA, wantA],
      [optsB, wantB],
    ];
    renders.forEach(([opts, want], i) => {
      const got = shown(outcome(() => p.render(new GoMap(), opts())));
      if (!sameAsFresh(got, want, fresh(opts))) assert.equal(got, want, `${c.path}: render ${i + 1}`);
      compared++;
    });
    assert.equal(snapshot(chart), before, `${c.path}: the prepared chart changed`);
  }
  assert.ok(compared >= 300, `only ${compared} renders compared`);
});

/** helm template's stdout for a render: the manifest, then the hooks. */
const templateOutput = (r: RenderedRelease): string =>
  `${r.manifest.trim()}\n` + r.hooks.map((h) => `---\n# Source: ${h.path}\n${h.manifest}\n`).join('');

/** Compares with helm, ignoring only lines that differ between two helm runs (random secrets). */
function sameAsHelm(label: string, got: string, helmRuns: string[]): void {
  const [a, b] = helmRuns.map((s) => s.split('\n')) as [string[], string[]];
  const lines = got.split('\n');
  assert.equal(lines.length, a.length, `${label}: line count`);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) continue;
    assert.equal(lines[i], a[i], `${label}: line ${i + 1}`);
  }
}

test('one prepared chart, values switching subcharts off and on, gives helm v4.3.2 output each time', () => {
  const env = cleanEnv();
  const cases: { chart: string; sets: string[] }[] = [
    {
      chart: 'prometheus-community/helm-charts/kube-prometheus-stack',
      sets: ['', 'grafana.enabled=false,nodeExporter.enabled=false', 'kubeStateMetrics.enabled=false', ''],
    },
    {
      chart: 'bitnami/charts/grafana-loki',
      sets: ['', 'memcachedchunks.enabled=false,gateway.enabled=false', 'memcachedindexqueries.enabled=true'],
    },
  ];
  let compared = 0;
  for (const { chart, sets } of cases) {
    const dir = join(CORPUS_DIR, chart);
    const p = new PreparedChart(loadChart(dir));
    for (const set of sets) {
      const args = ['template', RELEASE, dir, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION];
      if (set !== '') args.push('--set', set);
      const runs = [runHelm(args, env), runHelm(args, env)];
      for (const r of runs) assert.equal(r.code, 0, `helm ${args.join(' ')}: ${r.stderr}`);
      const vals = new GoMap();
      if (set !== '') parseSet(set, vals);
      const r = p.render(vals, { releaseName: RELEASE, namespace: NAMESPACE, kubeVersion: KUBE_VERSION });
      sameAsHelm(
        `${chart} --set ${set}`,
        templateOutput(r),
        runs.map((x) => x.stdout),
      );
      compared++;
    }
  }
  assert.equal(compared, 7);
});
