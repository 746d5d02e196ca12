// The warm path: `rudder template` of kube-prometheus-stack run again and again in one process
// (the CLI's own entry, run(); a render server or the SDK would do the same), after a few
// warm-up renders, against helm v4.3.2 run as a whole process per render. Later renders of the
// same chart reuse its parsed templates (src/render/parse-cache.ts, in memory). Prints renders
// per second (wall and CPU) and the ratio; it asserts nothing. BENCH_RUNS renders (default 20),
// BENCH_CHART=corpus path for another chart.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { run } from '../src/cli/root.js';
import { CORPUS_DIR, KUBE_VERSION, NAMESPACE, RELEASE, requireHelm } from '../test/support/corpus.js';
import { runOnce } from './corpus.bench.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function runWarmBench(runs = Number(process.env.BENCH_RUNS ?? 20)): Promise<void> {
  const helm = requireHelm();
  const chartPath = process.env.BENCH_CHART ?? 'prometheus-community/helm-charts/kube-prometheus-stack';
  const args = ['template', RELEASE, join(CORPUS_DIR, chartPath), '--namespace', NAMESPACE];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: '/nonexistent' };
  let bytes = 0;
  const once = async (): Promise<void> => {
    bytes = 0;
    const code = await run(
      [...args, '--kube-version', KUBE_VERSION],
      {
        stdout: (s) => (bytes += s.length),
        stderr: () => {},
        env,
        argv0: 'rudder',
      },
      { version: '0.0.0-bench' },
    );
    if (code !== 0) throw new Error(`rudder template exited ${code}`);
  };
  for (let i = 0; i < 3; i++) await once();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await once();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const hWall: number[] = [];
  const hCpu: number[] = [];
  for (let i = 0; i < Math.max(3, runs >> 2); i++) {
    const s = runOnce(helm, [...args, '--kube-version', KUBE_VERSION]);
    if (s.status !== 0) throw new Error(`helm template exited ${s.status}`);
    hWall.push(s.ms);
    if (s.cpuMs !== undefined) hCpu.push(s.cpuMs);
  }
  const rw = median(wall);
  const rc = median(cpu);
  const hw = median(hWall);
  const hc = hCpu.length ? median(hCpu) : NaN;
  console.log(`warm renders: ${chartPath} (${bytes} chars out), median of ${runs} in-process renders`);
  console.log(
    `  rudder (in process) ${rw.toFixed(0).padStart(5)} ms wall ${rc.toFixed(0).padStart(5)} ms cpu  ` +
      `${(1000 / rw).toFixed(1)} renders/s wall, ${(1000 / rc).toFixed(1)} per cpu-s`,
  );
  console.log(
    `  helm (whole process) ${hw.toFixed(0).padStart(4)} ms wall ${hc.toFixed(0).padStart(5)} ms cpu  ` +
      `${(1000 / hw).toFixed(1)} renders/s wall, ${(1000 / hc).toFixed(1)} per cpu-s`,
  );
  console.log(`  rudder warm rate / helm rate: wall ${(hw / rw).toFixed(2)}x, cpu ${(hc / rc).toFixed(2)}x`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runWarmBench();
