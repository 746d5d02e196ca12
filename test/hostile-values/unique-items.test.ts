// Issue 14, class 6: JSON-schema uniqueItems over 20,000 objects is linear (hashing canonical
// forms), and reports the same pair of indexes as Helm's validator.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, rudderBundle, runHelm, type RunResult } from '../cli/support.js';

function chart(items: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hv-unique-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 'a.yaml'), 'n: {{ len .Values.xs }}\n');
  writeFileSync(
    join(dir, 'values.schema.json'),
    '{"type":"object","properties":{"xs":{"type":"array","uniqueItems":true}}}',
  );
  writeFileSync(join(dir, 'values.yaml'), `xs:\n${items.map((x) => `- ${x}\n`).join('')}`);
  return dir;
}

function rudderCapped(args: string[]): RunResult {
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', rudderBundle(), ...args], {
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr.replaceAll('rudder', 'helm'), code: r.status ?? -1 };
}

const objects = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `{name: n${i}, port: ${i % 100}, tags: [a, ${i}]}`);

const cases: [string, string[]][] = [
  ['20,000 distinct objects', objects(20_000)],
  [
    '20,000 objects, the last equal to one in the middle',
    [...objects(20_000), '{tags: [a, 9999], port: 99, name: n9999}'],
  ],
  ['numbers equal by value (1, 1.0, 1e0)', ['1', '2', '1.0', '1e0']],
  ['many equal items: the first pair is named', ['x', 'y', 'x', 'y', 'x']],
  ['objects differing in one nested value', ['{a: {b: [1, 2]}}', '{a: {b: [1, 3]}}', '{a: {b: [1, 2.0]}}']],
  ['21 items, past the pairwise search', [...Array.from({ length: 20 }, (_, i) => String(i)), '"0"', '7']],
];

for (const [name, items] of cases) {
  test(`uniqueItems: ${name}`, { timeout: 240_000 }, () => {
    const dir = chart(items);
    const h = runHelm(['template', 'x', dir], cleanEnv());
    const r = rudderCapped(['template', 'x', dir]);
    assert.equal(r.stderr, h.stderr);
    assert.equal(r.stdout, h.stdout);
    assert.equal(r.code, h.code);
  });
}
