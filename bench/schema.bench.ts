// Cold values.schema.json validation: a fresh Node process (bin/rudder's V8 flags) loads a
// corpus chart, coalesces its values and times validateValuesAgainstSchema alone (the chart's
// schema and its subcharts'), as one `rudder template` meets it. Prints the median CPU and wall
// ms of BENCH_RUNS processes (default 7) per chart. BENCH_SCHEMA_SRC=DIR times another copy of
// src/ (e.g. an older commit's worktree) in the same run, alternating, with the ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR, REPO_ROOT } from '../test/support/corpus.js';
import { median } from './corpus-charts.js';
import { bundleDriver, runDriver } from './driver.js';

const CHARTS = [
  'bitnami/charts/redis',
  'bitnami/charts/oauth2-proxy',
  'bitnami/charts/prometheus',
  'bitnami/charts/mariadb',
  'bitnami/charts/wordpress',
  'cert-manager/cert-manager/cert-manager',
];
const driver = (src: string): string => `
import { loadChart } from ${JSON.stringify(join(src, 'chart', 'loader.ts'))};
import { coalesceValues } from ${JSON.stringify(join(src, 'values', 'coalesce.ts'))};
import { GoMap } from ${JSON.stringify(join(src, 'go', 'value.ts'))};
import { validateValuesAgainstSchema } from ${JSON.stringify(join(src, 'values', 'schema.ts'))};
const chart = loadChart(process.argv[2]);
const vals = coalesceValues(chart, new GoMap(new Map()));
const c0 = process.cpuUsage();
const t0 = performance.now();
const problems = validateValuesAgainstSchema(chart, vals);
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, ok: problems === undefined }));
`;

interface Sample {
  ms: number;
  cpuMs: number;
  ok: boolean;
}

const once = (bundlePath: string, chart: string): Sample =>
  runDriver<Sample>(bundlePath, [join(CORPUS_DIR, chart)], `schema (${chart})`);

export async function runSchemaBench(runs = Number(process.env.BENCH_RUNS ?? 7)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-schema-bench-'));
  try {
    const a = await bundleDriver(dir, 'this', driver(join(REPO_ROOT, 'src')));
    const other = process.env.BENCH_SCHEMA_SRC;
    const b = other ? await bundleDriver(dir, 'other', driver(join(other, 'src'))) : undefined;
    for (const chart of CHARTS) {
      const sa: Sample[] = [];
      const sb: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        sa.push(once(a, chart));
        if (b) sb.push(once(b, chart));
      }
      const cpu = median(sa.map((s) => s.cpuMs));
      let line = `schema, cold, ${chart}: cpu ${cpu.toFixed(1)} ms, wall ${median(sa.map((s) => s.ms)).toFixed(1)} ms`;
      if (b) {
        const ratios = sa.map((s, i) => s.cpuMs / sb[i]!.cpuMs);
        line += `; ${other}: cpu ${median(sb.map((s) => s.cpuMs)).toFixed(1)} ms, ratio ${median(ratios).toFixed(2)}`;
      }
      console.log(`${line} (median of ${runs} processes; values ${sa[0]!.ok ? 'valid' : 'invalid'})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSchemaBench();
