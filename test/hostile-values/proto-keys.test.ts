// Issue 14, class 7: `__proto__` read from Chart.yaml annotations, values files, --set and
// --set-json is a plain key, and pollutes nothing.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

test('__proto__ keys survive as plain keys', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hv-proto-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(
    join(dir, 'Chart.yaml'),
    'apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  __proto__: x\n  b: y\n',
  );
  writeFileSync(join(dir, 'values.yaml'), '__proto__:\n  polluted: 1\n');
  writeFileSync(
    join(dir, 'templates', 'a.yaml'),
    'x: {{ toJson .Values | quote }}\ny: {{ toJson .Chart.Annotations | quote }}\nz: {{ (dict).polluted | quote }}\n',
  );
  const args = ['template', 'x', dir, '--set', '__proto__.z=1', '--set-json', '{"__proto__":{"q":2}}'];
  const h = runHelm(args, cleanEnv());
  const r = runRudder(args, cleanEnv());
  assert.equal(h.code, 0);
  assert.equal(r.stderr, h.stderr);
  assert.equal(r.stdout, h.stdout);
  assert.equal(r.code, 0);
});
