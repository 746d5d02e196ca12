// Issue 14, class 5: deeply nested values. Go's readers stop at their own limits (go-yaml: 10000
// flow levels or indents, encoding/json: 10000 nested containers) with their texts; below them
// Helm succeeds, and so must Rudder, without a JavaScript stack message ever reaching the user.
// Inputs are generated here; each case runs both tools in the same scratch chart.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rudder } from '../hostile/support.js';
import { chart, same, short } from './deep-support.js';

const LENGTHS =
  'j: {{ toJson .Values | len }}\nc: {{ deepCopy .Values | toJson | len }}\ny: {{ toYaml .Values | len }}\n';

// `--set a[0][0]…=1`: list indexes have no nesting limit in strvals, only the argument's length.
for (const n of [10_000, 20_000]) {
  test(`--set with ${n} nested list indexes`, { timeout: 300_000 }, () => {
    const dir = chart(LENGTHS);
    same(dir, ['template', 'x', '.', '--set', `a${'[0]'.repeat(n)}=1`]);
  });
}

// toYaml reads its JSON back with go-yaml: 10000 nested brackets at most, or Go's error.
for (const n of [9_999, 10_000]) {
  test(`toYaml and mustToYaml of ${n} + 1 nested containers`, { timeout: 300_000 }, () => {
    const dir = chart(`${LENGTHS}m: {{ mustToYaml .Values | len }}\n`);
    same(dir, ['template', 'x', '.', '--set', `a${'[0]'.repeat(n)}=1`]);
  });
}

test('--set alternating list indexes and names (a[0].a[0]…)', { timeout: 300_000 }, () => {
  const dir = chart(LENGTHS);
  same(dir, ['template', 'x', '.', '--set', `a${'[0].a'.repeat(8_000)}=1`]);
});

test('--set-literal with 30,000 nested list indexes', { timeout: 300_000 }, () => {
  const dir = chart('x: {{ .Values.a | len }}\n');
  same(dir, ['template', 'x', '.', '--set-literal', `a${'[0]'.repeat(30_000)}=1`]);
});

// encoding/json's scanner: 10000 nested containers are fine, one more is a syntax error.
for (const n of [10_000, 10_001, 40_000]) {
  test(`--set-json with ${n} nested arrays`, { timeout: 300_000 }, () => {
    const dir = chart(LENGTHS);
    same(dir, ['template', 'x', '.', '--set-json', `a=${'['.repeat(n)}1${']'.repeat(n)}`]);
  });
}

// fromJson of a value that is (or is not) too deep for encoding/json.
for (const n of [9_999, 10_000, 10_001, 30_000]) {
  test(`fromJson of ${n} nested arrays`, { timeout: 300_000 }, () => {
    const dir = chart(
      'a: {{ .Values.s | fromJson | toJson | len }}\nb: {{ .Values.s | fromJsonArray | toJson | len }}\n' +
        'c: {{ printf "{\\"k\\":%s}" .Values.s | fromJson | toJson | len }}\n',
    );
    writeFileSync(join(dir, 'values.yaml'), `s: '${'['.repeat(n)}1${']'.repeat(n)}'\n`);
    same(dir, ['template', 'x', '.']);
  });
}

// Values files nested past the readers' limits: go-yaml's own (10000 flow levels, 10000 indents)
// and the JSON step's (10000 nested containers); Helm's error, whichever of them it meets first.
const valuesFiles: [string, (n: number) => string][] = [
  ['a flow list under a key', (n) => `a: ${'['.repeat(n)}1${']'.repeat(n)}\n`],
  ['a flow list at the root', (n) => `${'['.repeat(n)}1${']'.repeat(n)}\n`],
  ['flow maps', (n) => `a: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`],
  ['JSON', (n) => `{"a": ${'['.repeat(n)}1${']'.repeat(n)}}\n`],
  ['a block list', (n) => `a:\n${'- '.repeat(n)}1\n`],
];
for (const [name, make] of valuesFiles)
  for (const n of name.includes('root') ? [10_001, 100_000] : [10_000, 10_001, 100_000]) {
    test(`values file: ${name}, ${n} deep`, { timeout: 300_000 }, () => {
      const dir = chart(LENGTHS);
      writeFileSync(join(dir, 'deep.yaml'), make(n));
      same(dir, ['template', 'x', '.', '-f', 'deep.yaml']);
    });
  }

test('fromYaml of a document nested past the JSON step', { timeout: 300_000 }, () => {
  const dir = chart('a: {{ .Values.s | fromYaml | toJson }}\nb: {{ .Values.s | fromYamlArray | toJson }}\n');
  writeFileSync(join(dir, 'values.yaml'), `s: '${'['.repeat(10_001)}1${']'.repeat(10_001)}'\n`);
  same(dir, ['template', 'x', '.']);
});

/** values.schema.json nesting `properties`/`a` n times (2n + 1 JSON levels) around a string type. */
const deepSchema = (n: number): string =>
  `{"properties":${'{"a":{"properties":'.repeat(n - 1)}{"a":{"type":"string"}}${'}}'.repeat(n - 1)}}`;

test("values.schema.json nested past encoding/json: Helm's error", { timeout: 300_000 }, () => {
  const dir = chart('x: 1\n');
  writeFileSync(join(dir, 'values.schema.json'), deepSchema(5_001));
  same(dir, ['template', 'x', '.']);
});

// Helm takes minutes over this schema (so it is not run here); Rudder validates it at once.
test('values.schema.json nested 9,999 JSON levels validates, deep values too', { timeout: 300_000 }, () => {
  const dir = chart('x: 1\n');
  writeFileSync(join(dir, 'values.schema.json'), deepSchema(4_999));
  const ok = rudder(['template', 'x', '.', '--set', `b${'[0]'.repeat(30_000)}=1`], dir, {
    timeoutMs: 120_000,
  });
  assert.equal(ok.stderr, '');
  assert.equal(ok.code, 0);
  // The string type sits at /a repeated 4999 times: the value there is a number.
  const json = `${'{"a":'.repeat(4_998)}1${'}'.repeat(4_998)}`;
  const bad = rudder(['template', 'x', '.', '--set-json', `a=${json}`], dir, { timeoutMs: 120_000 });
  assert.equal(bad.code, 1);
  const want = `Error: values don't meet the specifications of the schema(s) in the following chart(s):\nc:\n- at '${'/a'.repeat(4_999)}': got number, want string\n`;
  assert.ok(bad.stderr.startsWith(want), short(bad.stderr.replaceAll('/a'.repeat(100), '(/a×100)')));
});
