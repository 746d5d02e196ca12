// The warm path: kube-prometheus-stack rendered again and again in one process, after a few
// warm-up renders, against helm v4.3.2 run as a whole process per render. Two in-process paths:
// - `run()`: the CLI's own entry (`rudder template`), loading the chart each time; later loads
//   reuse its parsed templates (src/render/parse-cache.ts, in memory);
// - prepared: a PreparedChart (src/release/prepared.ts) loaded and parsed once, rendered per
//   request, as a render server or the SDK would; every render has the same (empty) values, so
//   it also reuses the last render's processed chart and coalesced values;
// - prepared, new values: the same with values that differ every render (a key no template
//   reads), which that memo does not help.
// Prints renders per second (wall and CPU) and the ratios; it asserts nothing. BENCH_RUNS
// renders per path (default 20), BENCH_CHART=corpus path for another chart.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { run } from '../src/cli/root.js';
import { GoMap } from '../src/go/value.js';
import { prepareChart } from '../src/release/prepared.js';
import { CORPUS_DIR, KUBE_VERSION, NAMESPACE, RELEASE, requireHelm } from '../test/support/corpus.js';
import { runOnce } from './corpus.bench.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Timing {
  wall: number;
  cpu: number;
}

/**
 * Median wall and CPU milliseconds of `runs` calls of each path, after `warm` unmeasured rounds.
 * The paths take turns, so both see the same machine load and the same state of the JIT (on a
 * busy machine the optimising compiler lags, and whichever path ran first would pay for it).
 */
async function timeTurns(runs: number, warm: number, paths: (() => unknown)[]): Promise<Timing[]> {
  for (let i = 0; i < warm; i++) for (const once of paths) await once();
  const wall = paths.map((): number[] => []);
  const cpu = paths.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (let p = 0; p < paths.length; p++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await paths[p]!();
      wall[p]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[p]!.push((c.user + c.system) / 1000);
    }
  }
  return paths.map((_, p) => ({ wall: median(wall[p]!), cpu: median(cpu[p]!) }));
}

export async function runWarmBench(runs = Number(process.env.BENCH_RUNS ?? 20)): Promise<void> {
  const helm = requireHelm();
  const chartPath = process.env.BENCH_CHART ?? 'prometheus-community/helm-charts/kube-prometheus-stack';
  const chartDir = join(CORPUS_DIR, chartPath);
  const args = ['template', RELEASE, chartDir, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: '/nonexistent' };
  let bytes = 0;
  const viaRun = async (): Promise<void> => {
    bytes = 0;
    const code = await run(
      args,
      { stdout: (s) => (bytes += s.length), stderr: () => {}, env, argv0: 'rudder' },
      { version: '0.0.0-bench' },
    );
    if (code !== 0) throw new Error(`rudder template exited ${code}`);
  };
  const prepared = prepareChart(chartDir);
  let manifestChars = 0;
  const viaPrepared = (): void => {
    const r = prepared.render(new GoMap(), {
      releaseName: RELEASE,
      namespace: NAMESPACE,
      kubeVersion: KUBE_VERSION,
    });
    manifestChars = r.manifest.length;
  };
  let round = 0;
  const viaNewValues = (): void => {
    const vals = new GoMap(new Map([['benchRound', round++]]));
    prepared.render(vals, { releaseName: RELEASE, namespace: NAMESPACE, kubeVersion: KUBE_VERSION });
  };
  const [cli, prep] = (await timeTurns(runs, 8, [viaRun, viaPrepared])) as [Timing, Timing];
  // Apart, so that the two paths above keep being measured as they always were.
  const [fresh] = (await timeTurns(runs, 2, [viaNewValues])) as [Timing];

  const hWall: number[] = [];
  const hCpu: number[] = [];
  for (let i = 0; i < Math.max(3, runs >> 2); i++) {
    const s = runOnce(helm, args);
    if (s.status !== 0) throw new Error(`helm template exited ${s.status}`);
    hWall.push(s.ms);
    if (s.cpuMs !== undefined) hCpu.push(s.cpuMs);
  }
  const hw = median(hWall);
  const hc = hCpu.length ? median(hCpu) : NaN;
  const line = (label: string, t: Timing): string =>
    `  ${label.padEnd(24)} ${t.wall.toFixed(1).padStart(6)} ms wall ${t.cpu.toFixed(1).padStart(6)} ms cpu  ` +
    `${(1000 / t.wall).toFixed(1).padStart(5)} renders/s wall, ${(1000 / t.cpu).toFixed(1).padStart(5)} per cpu-s`;
  console.log(`warm renders: ${chartPath}, median of ${runs} in-process renders per path`);
  console.log(`  (template output ${bytes} chars; prepared manifest ${manifestChars} chars)`);
  console.log(line('rudder run() in process', cli));
  console.log(line('rudder prepared chart', prep));
  console.log(line('prepared, new values', fresh));
  console.log(line('helm (whole process)', { wall: hw, cpu: hc }));
  const ratio = (t: Timing): string => `wall ${(hw / t.wall).toFixed(2)}x, cpu ${(hc / t.cpu).toFixed(2)}x`;
  console.log(`  run() rate / helm rate:    ${ratio(cli)}`);
  console.log(`  prepared rate / helm rate: ${ratio(prep)}`);
  console.log(`  new values rate / helm:    ${ratio(fresh)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runWarmBench();
