// Deep-nesting tests: a scratch chart, and both tools run on it (rudder under a heap cap).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helm, rudder, scratch } from '../hostile/support.js';

/** A chart whose one template is `body`; the values are whatever the flags give. */
export function chart(body: string): string {
  const dir = scratch();
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 'a.yaml'), body);
  return dir;
}

/** Long runs of brackets, path steps and indentation shortened, so a failure stays readable. */
export const short = (s: string): string =>
  s
    .replace(/([[\]{}])\1{19,}/g, (m) => `${m[0]}×${m.length}`)
    .replace(/(\/a){20,}/g, (m) => `(/a×${m.length / 2})`)
    .replace(/ {40,}/g, (m) => `( ×${m.length})`);

/** Both tools' stdout, stderr and exit status are equal; no JS stack message, no kill. */
export function same(dir: string, args: string[]): void {
  const h = helm(args, dir);
  const r = rudder(args, dir, { memMb: 512, timeoutMs: 120_000 });
  assert.equal(r.signal, null, `rudder was killed: ${short(r.stderr)}`);
  assert.doesNotMatch(r.stderr, /call stack|stack size|JS stack/i);
  assert.equal(short(r.stderr), short(h.stderr));
  assert.equal(r.stdout, h.stdout);
  assert.equal(r.code, h.code);
}
