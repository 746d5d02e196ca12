// The corpus charts the whole-process benchmarks render, and how: corpus.bench.ts takes them
// all, flags.bench.ts a sample by size. BENCH_CHARTS=substring restricts both.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, corpusCharts, templateArgs } from '../test/support/corpus.js';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The corpus charts' paths (relative to the corpus), those containing BENCH_CHARTS if set. */
export function benchCharts(filter = process.env.BENCH_CHARTS): string[] {
  return corpusCharts()
    .map((c) => c.path)
    .filter((p) => !filter || p.includes(filter));
}

/** `template` of a corpus chart with the corpus test's release name, namespace and kube version. */
export { templateArgs };

/**
 * A sample of benchCharts(): the five largest by helm's output size (from the corpus test's cache
 * of helm's runs; a chart not cached there counts as empty), then every twelfth by size.
 */
export function sampleCharts(): string[] {
  const dir = join(CACHE_DIR, 'corpus-helm');
  const files = readdirSync(dir);
  const sized = benchCharts().map((path) => {
    const key = `${path.replace(/\//g, '_')}-`;
    const f = files.find((x) => x.startsWith(key));
    let size = 0;
    if (f) size = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { stdout: string }[])[0]!.stdout.length;
    return { path, size };
  });
  sized.sort((a, b) => b.size - a.size);
  return sized.filter((_, i) => i < 5 || (i - 5) % 12 === 0).map((c) => c.path);
}
