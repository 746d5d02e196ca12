// The corpus comparison: every chart of ../shared/corpus rendered by helm v4.3.2 and by
// rudder with the same release name, namespace and kube version, compared byte for byte.
// Lines that differ between two helm runs (random passwords, generated certificates) are
// masked in both outputs before comparing; nothing else is ignored.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
export const CORPUS_DIR = resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const CACHE_DIR = process.env.RUDDER_CACHE ?? join(homedir(), '.cache', 'rudder');
export const HELM_BIN = process.env.RUDDER_HELM ?? join(CACHE_DIR, 'helm-v4.3.2', 'helm');
const RUDDER_BIN = join(REPO_ROOT, 'bin', 'rudder');

export const RELEASE = 'corpus';
export const NAMESPACE = 'corpus-ns';
export const KUBE_VERSION = 'v1.34.2';

export interface CorpusChart {
  path: string;
  name: string;
}

export function corpusCharts(): CorpusChart[] {
  const manifest = JSON.parse(readFileSync(join(CORPUS_DIR, 'MANIFEST.json'), 'utf8')) as {
    charts: { path: string; name: string }[];
  };
  return manifest.charts.map((c) => ({ path: c.path, name: c.name }));
}

export function requireHelm(): string {
  if (!existsSync(HELM_BIN)) {
    throw new Error(
      `helm v4.3.2 oracle not found at ${HELM_BIN}: run 'bash tools/helm/build.sh' (or 'bash .ci/run')`,
    );
  }
  return HELM_BIN;
}

function hashTree(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else {
        h.update(relative(dir, p));
        h.update('\0');
        h.update(readFileSync(p));
      }
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** `template` of a corpus chart (its path in the corpus) as the corpus comparison runs it. */
export const templateArgs = (chart: string): string[] => [
  'template',
  RELEASE,
  join(CORPUS_DIR, chart),
  '--namespace',
  NAMESPACE,
  '--kube-version',
  KUBE_VERSION,
];

const cleanEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  KUBECONFIG: '/nonexistent',
});

function run(bin: string, args: string[]): RunResult {
  const r = spawnSync(bin, args, { encoding: 'utf8', env: cleanEnv(), maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status ?? 1 };
}

/** helm's output for a chart, run twice (to find nondeterministic lines), cached by content hash. */
export function helmOutputs(chart: CorpusChart): [RunResult, RunResult] {
  const dir = join(CORPUS_DIR, chart.path);
  const key = `${chart.path.replaceAll('/', '_')}-${hashTree(dir)}`;
  const cacheDir = join(CACHE_DIR, 'corpus-helm');
  const file = join(cacheDir, `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as [RunResult, RunResult];
  const helm = requireHelm();
  const a = run(helm, templateArgs(chart.path));
  const b = run(helm, templateArgs(chart.path));
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, JSON.stringify([a, b]));
  return [a, b];
}

export function rudderOutput(chart: CorpusChart): RunResult {
  return run(process.execPath, [RUDDER_BIN, ...templateArgs(chart.path)]);
}

export type Verdict =
  | { kind: 'equal'; masked: number }
  | { kind: 'differs'; line: number; helm: string; rudder: string }
  | { kind: 'error'; message: string };

/**
 * Compares rudder's output with helm's, masking only lines that differ between helm runs.
 * `moreHelmRuns` supplies further helm runs (made at least a second later, so time-based
 * output such as `now | date` moves) when a difference might be nondeterminism.
 */
export function compare(runs: RunResult[], r: RunResult, moreHelmRuns?: () => RunResult): Verdict {
  const [a] = runs as [RunResult, ...RunResult[]];
  if (a.status !== 0) {
    if (r.status !== 0 && r.stderr === a.stderr) return { kind: 'equal', masked: 0 };
    return {
      kind: 'differs',
      line: 0,
      helm: `exit ${a.status}: ${a.stderr.trim()}`,
      rudder: `exit ${r.status}: ${r.stderr.trim()}`,
    };
  }
  if (r.status !== 0) return { kind: 'error', message: r.stderr.trim() };
  const la = a.stdout.split('\n');
  const lr = r.stdout.split('\n');
  const unstable = new Set<number>();
  const addRun = (x: RunResult): void => {
    const lx = x.stdout.split('\n');
    if (lx.length === la.length) la.forEach((line, i) => line !== lx[i] && unstable.add(i));
  };
  runs.slice(1).forEach(addRun);
  let extra = 0;
  const n = Math.max(la.length, lr.length);
  for (let i = 0; i < n; i++) {
    if (unstable.has(i)) continue;
    if (la[i] !== lr[i]) {
      if (moreHelmRuns && extra < 2 && la.length === lr.length) {
        extra++;
        addRun(moreHelmRuns());
        if (unstable.has(i)) continue;
      }
      return { kind: 'differs', line: i + 1, helm: la[i] ?? '<EOF>', rudder: lr[i] ?? '<EOF>' };
    }
  }
  return { kind: 'equal', masked: unstable.size };
}

/** A fresh helm run after a pause long enough for the clock's seconds to move. */
export function laterHelmRun(chart: CorpusChart): RunResult {
  const until = Date.now() + 1100;
  while (Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  return run(requireHelm(), templateArgs(chart.path));
}
