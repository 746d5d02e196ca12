// Whole-process benchmark over the corpus: `rudder template` (bin/rudder, the bundled CLI) and
// `helm template` (helm v4.3.2) on every chart of ../shared/corpus, with the corpus test's
// arguments. Each chart runs BENCH_RUNS times (default 3) per tool; the median wall time per
// chart is kept. Prints the median rudder/helm ratio over all charts, the five largest charts
// (by rendered output size) and peak RSS (via /usr/bin/time -f %M when installed). Set
// BENCH_CHARTS=substring to restrict the charts. Prints timings only; it asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, requireHelm } from '../test/support/corpus.js';
import { benchCharts, median, templateArgs } from './corpus-charts.js';

const TIME_BIN = '/usr/bin/time';
// BENCH_RUDDER=PATH measures another rudder (an older build, an installed package).
const RUDDER = process.env.BENCH_RUDDER ?? join(REPO_ROOT, 'bin', 'rudder');

interface Sample {
  ms: number;
  /** user + system CPU time (from /usr/bin/time), less sensitive than wall time to a busy machine */
  cpuMs: number | undefined;
  rssKb: number | undefined;
  bytes: number;
  status: number;
}

const env = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  KUBECONFIG: '/nonexistent',
});

/** One whole-process run; the command is wrapped in /usr/bin/time (RSS to a file) when present. */
export function runOnce(cmd: string, args: string[], cwd?: string, extraEnv: NodeJS.ProcessEnv = {}): Sample {
  const haveTime = existsSync(TIME_BIN);
  const dir = haveTime ? mkdtempSync(join(tmpdir(), 'rudder-bench-')) : '';
  const rssFile = join(dir, 'rss');
  const [file, argv] = haveTime ? [TIME_BIN, ['-o', rssFile, '-f', '%U %S %M', cmd, ...args]] : [cmd, args];
  const start = performance.now();
  const r = spawnSync(file, argv, { env: { ...env(), ...extraEnv }, cwd, maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  let rssKb: number | undefined;
  let cpuMs: number | undefined;
  if (haveTime) {
    // The last line: time prints "Command exited with non-zero status" before it on failure.
    const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
    const [user, sys, rss] = lines[lines.length - 1]!.split(' ').map(Number);
    cpuMs = (user! + sys!) * 1000;
    rssKb = rss;
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms, cpuMs, rssKb, bytes: r.stdout?.length ?? 0, status: r.status ?? 1 };
}

interface Row {
  name: string;
  helmMs: number;
  rudderMs: number;
  helmCpu?: number;
  rudderCpu?: number;
  helmRss?: number;
  rudderRss?: number;
  bytes: number;
  status: string;
}

const fmtMs = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;
const fmtMb = (kb: number | undefined): string =>
  kb === undefined ? '     ?' : `${(kb / 1024).toFixed(0).padStart(4)} MB`;

export function runCorpusBench(runs = Number(process.env.BENCH_RUNS ?? 3)): void {
  const helm = requireHelm();
  if (!existsSync(TIME_BIN)) console.log(`(no ${TIME_BIN}: peak RSS not measured; apt-get install time)`);
  const charts = benchCharts();
  const rows: Row[] = [];
  for (const chart of charts) {
    const args = templateArgs(chart);
    const h: Sample[] = [];
    const r: Sample[] = [];
    // Interleave the tools so that machine noise hits both alike.
    for (let i = 0; i < runs; i++) {
      h.push(runOnce(helm, args));
      r.push(runOnce(RUDDER, args));
    }
    const maxRss = (s: Sample[]): number | undefined =>
      s[0]!.rssKb === undefined ? undefined : Math.max(...s.map((x) => x.rssKb ?? 0));
    const status =
      h[0]!.status === r[0]!.status
        ? h[0]!.status === 0
          ? 'ok'
          : 'both fail'
        : `helm ${h[0]!.status} rudder ${r[0]!.status}`;
    rows.push({
      name: chart,
      helmMs: median(h.map((x) => x.ms)),
      rudderMs: median(r.map((x) => x.ms)),
      helmCpu: h[0]!.cpuMs === undefined ? undefined : median(h.map((x) => x.cpuMs!)),
      rudderCpu: r[0]!.cpuMs === undefined ? undefined : median(r.map((x) => x.cpuMs!)),
      helmRss: maxRss(h),
      rudderRss: maxRss(r),
      bytes: h[0]!.bytes,
      status,
    });
    if (process.env.BENCH_VERBOSE) {
      const x = rows[rows.length - 1]!;
      const cpu =
        x.helmCpu === undefined ? '' : `  cpu: helm ${fmtMs(x.helmCpu)} rudder ${fmtMs(x.rudderCpu!)}`;
      console.log(
        `${x.name}: helm ${fmtMs(x.helmMs)} rudder ${fmtMs(x.rudderMs)} ${(x.rudderMs / x.helmMs).toFixed(2)}x${cpu}`,
      );
    }
  }
  const ratios = rows.map((x) => x.rudderMs / x.helmMs);
  const total = (f: (x: Row) => number): number => rows.reduce((a, x) => a + f(x), 0);
  console.log(`corpus: ${rows.length} charts, ${runs} run(s) each, median wall time per chart`);
  console.log(
    `  median ratio rudder/helm: ${median(ratios).toFixed(2)}x  (min ${Math.min(...ratios).toFixed(2)}x, max ${Math.max(...ratios).toFixed(2)}x)`,
  );
  console.log(
    `  total: helm ${(total((x) => x.helmMs) / 1000).toFixed(1)} s  rudder ${(total((x) => x.rudderMs) / 1000).toFixed(1)} s`,
  );
  if (rows[0]?.helmCpu !== undefined) {
    const cpuRatios = rows.map((x) => x.rudderCpu! / Math.max(x.helmCpu!, 1));
    console.log(
      `  median CPU-time (user+sys) ratio rudder/helm: ${median(cpuRatios).toFixed(2)}x  (total: helm ${(total((x) => x.helmCpu!) / 1000).toFixed(1)} s  rudder ${(total((x) => x.rudderCpu!) / 1000).toFixed(1)} s)`,
    );
  }
  if (rows[0]?.helmRss !== undefined) {
    console.log(
      `  median peak RSS: helm ${fmtMb(median(rows.map((x) => x.helmRss!)))}  rudder ${fmtMb(median(rows.map((x) => x.rudderRss!)))}`,
    );
  }
  const mismatched = rows.filter((x) => x.status !== 'ok' && x.status !== 'both fail');
  for (const x of mismatched) console.log(`  warning: exit status differs on ${x.name}: ${x.status}`);
  console.log('  five largest charts (by helm output size):');
  for (const x of [...rows].sort((a, b) => b.bytes - a.bytes).slice(0, 5)) {
    console.log(
      `    ${x.name.padEnd(40)} ${(x.bytes / 1024).toFixed(0).padStart(5)} KiB  helm ${fmtMs(x.helmMs)} ${fmtMb(x.helmRss)}  rudder ${fmtMs(x.rudderMs)} ${fmtMb(x.rudderRss)}  ratio ${(x.rudderMs / x.helmMs).toFixed(2)}x`,
    );
  }
  console.log('  five slowest ratios:');
  for (const x of [...rows].sort((a, b) => b.rudderMs / b.helmMs - a.rudderMs / a.helmMs).slice(0, 5)) {
    console.log(
      `    ${x.name.padEnd(44)} helm ${fmtMs(x.helmMs)}  rudder ${fmtMs(x.rudderMs)}  ratio ${(x.rudderMs / x.helmMs).toFixed(2)}x`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runCorpusBench();
