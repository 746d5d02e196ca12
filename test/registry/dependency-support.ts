// What the oci:// dependency suites compare after helm and rudder each ran: the result, the
// packaged subcharts in charts/ and Chart.lock (its `generated` time masked).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../cli/support.js';

export function same(h: RunResult, r: RunResult, what: string): void {
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.code, h.code, `${what}: exit code`);
}

/** charts/ as name → bytes (undefined when there is no charts/). */
export function chartsDir(chart: string): Map<string, Buffer> | undefined {
  const d = join(chart, 'charts');
  if (!existsSync(d)) return undefined;
  return new Map(readdirSync(d).map((n) => [n, readFileSync(join(d, n))]));
}

export const lockText = (chart: string): string | undefined => {
  const p = join(chart, 'Chart.lock');
  return existsSync(p) ? readFileSync(p, 'utf8').replace(/^generated: .*$/m, 'generated: X') : undefined;
};
