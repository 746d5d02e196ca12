// V8 heap flags against time and memory, whole processes: `rudder template` of a sample of the
// corpus (the five largest charts by helm's output, then every twelfth by size) under each
// combination of --min-semi-space-size and --max-semi-space-size, with helm v4.3.2 in the same
// run. Each configuration gets its own XDG_CACHE_HOME: V8 rejects a code cache made under other
// flags, so each records its own on a warm-up run per chart (which also fills its parsed-template
// cache, as a second run of a chart finds it). Prints, per configuration, the median over the
// charts of peak RSS and the sum of per-chart median CPU (user + sys) and wall times.
// BENCH_RUNS (default 3) runs per chart and configuration; BENCH_FLAGS="a b;c d" replaces the
// configurations (';' between them, flags split on spaces); BENCH_CHARTS=substring restricts the
// charts sampled (bench/corpus-charts.ts). Prints figures only; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, requireHelm } from '../test/support/corpus.js';
import { median, sampleCharts, templateArgs } from './corpus-charts.js';
import { runOnce } from './corpus.bench.js';

// --single-threaded, --no-incremental-marking and --stack-size stay as bin/rudder's shebang has
// them; only the young generation's sizes vary (in MB; V8 rounds them to powers of two).
const BASE = ['--stack-size=6000', '--single-threaded', '--no-incremental-marking'];
const DEFAULT_CONFIGS: string[][] = [];
for (const min of [undefined, 8, 16, 32])
  for (const max of [16, 32, 64])
    if (min === undefined || min <= max)
      DEFAULT_CONFIGS.push([
        ...(min === undefined ? [] : [`--min-semi-space-size=${min}`]),
        `--max-semi-space-size=${max}`,
      ]);

interface Tally {
  cpu: number[][];
  wall: number[][];
  rss: number[][];
}

export function runFlagsBench(runs = Number(process.env.BENCH_RUNS ?? 3)): void {
  const helm = requireHelm();
  const configs = process.env.BENCH_FLAGS
    ? process.env.BENCH_FLAGS.split(';').map((c) => c.trim().split(/\s+/).filter(Boolean))
    : DEFAULT_CONFIGS;
  const charts = sampleCharts();
  const work = mkdtempSync(join(tmpdir(), 'rudder-flags-'));
  const bin = join(REPO_ROOT, 'bin', 'rudder');
  const names = ['helm', ...configs.map((c) => c.join(' ') || '(V8 defaults)')];
  const tally: Tally[] = names.map(() => ({ cpu: [], wall: [], rss: [] }));
  try {
    charts.forEach((chart, ci) => {
      const args = templateArgs(chart);
      const cmds: [string, string[], NodeJS.ProcessEnv][] = [
        [helm, args, {}],
        ...configs.map((c, i): [string, string[], NodeJS.ProcessEnv] => [
          process.execPath,
          [...BASE, ...c, bin, ...args],
          { XDG_CACHE_HOME: join(work, String(i)) },
        ]),
      ];
      for (const t of tally) {
        t.cpu[ci] = [];
        t.wall[ci] = [];
        t.rss[ci] = [];
      }
      for (const [cmd, a, env] of cmds) runOnce(cmd, a, undefined, env); // warm-up, not counted
      for (let r = 0; r < runs; r++)
        cmds.forEach(([cmd, a, env], k) => {
          const s = runOnce(cmd, a, undefined, env);
          tally[k]!.cpu[ci]!.push(s.cpuMs ?? NaN);
          tally[k]!.wall[ci]!.push(s.ms);
          tally[k]!.rss[ci]!.push((s.rssKb ?? NaN) / 1024);
        });
      if (process.env.BENCH_VERBOSE)
        console.log(
          `${chart}: ${names.map((n, k) => `${n} ${median(tally[k]!.cpu[ci]!).toFixed(0)}ms ${median(tally[k]!.rss[ci]!).toFixed(0)}MB`).join(' | ')}`,
        );
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const sum = (xs: number[][]): number => xs.reduce((a, x) => a + median(x), 0);
  const rows = names.map((n, k) => ({
    n,
    cpu: sum(tally[k]!.cpu),
    wall: sum(tally[k]!.wall),
    rss: median(tally[k]!.rss.map(median)),
    rssMax: Math.max(...tally[k]!.rss.map(median)),
  }));
  const best = Math.min(...rows.slice(1).map((r) => r.cpu));
  console.log(`V8 flags: ${charts.length} corpus charts, ${runs} run(s) each, sums of per-chart medians`);
  for (const r of rows)
    console.log(
      `  ${r.n.padEnd(52)} cpu ${r.cpu.toFixed(0).padStart(6)} ms (${(r.cpu / best).toFixed(3)}x best)  wall ${r.wall.toFixed(0).padStart(6)} ms  RSS median ${r.rss.toFixed(1).padStart(6)} MB  max ${r.rssMax.toFixed(0).padStart(5)} MB`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) runFlagsBench();
