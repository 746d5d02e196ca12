// toToml of values nested thousands of levels deep: BurntSushi's encoder recurses per level on
// Go's growable stack, so helm succeeds (a 10,000-deep map is ~200 MB of TOML); Rudder's encoder
// runs its steps on an array. Same output (length and hash) as helm v4.3.2, no JS stack message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helm, rudder } from '../hostile/support.js';
import { chart, short } from './deep-support.js';

function same(body: string, values: string, memMb: number): void {
  const dir = chart(body);
  writeFileSync(join(dir, 'deep.json'), values);
  const args = ['template', 'x', '.', '-f', 'deep.json'];
  const h = helm(args, dir);
  const r = rudder(args, dir, { memMb, timeoutMs: 240_000 });
  assert.equal(r.signal, null, `rudder was killed: ${short(r.stderr)}`);
  assert.doesNotMatch(r.stderr, /call stack|stack size|JS stack|too deep/i);
  assert.equal(short(r.stderr), short(h.stderr));
  assert.equal(r.stdout, h.stdout);
  assert.equal(r.code, h.code);
  assert.equal(h.code, 0, h.stderr);
}

const maps = (n: number, inner = '1'): string => `${'{"a":'.repeat(n)}${inner}${'}'.repeat(n)}`;
const HASHED = 't: {{ toToml .Values | len }} {{ toToml .Values | sha256sum }}\n';

test('toToml of tables 1,000 deep with values and arrays at the bottom', { timeout: 300_000 }, () => {
  same(HASHED, maps(1_000, '{"x":[1,2],"y":"q","z":[{"k":1},{"k":2}]}'), 512);
});

test('toToml of an inline array 5,000 deep', { timeout: 300_000 }, () => {
  same(HASHED, `{"a":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`, 512);
});

test('toToml of tables 9,998 deep (~200 MB of TOML)', { timeout: 300_000 }, () => {
  same('t: {{ toToml .Values | len }}\n', maps(9_998), 1536);
});
