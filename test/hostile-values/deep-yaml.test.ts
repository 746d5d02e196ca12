// Issue 14, class 5: YAML nested as deep as go-yaml reads (10000 levels), in values files,
// Chart.yaml, fromYaml/toYaml and values schemas. Helm succeeds there; Rudder must give the same
// output, and Go's errors just past the limits, never a JavaScript stack message. Inputs are
// generated; each case runs helm and rudder (heap capped) on the same scratch chart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chart, same } from './deep-support.js';

/** Documents whose root is a map nested n levels deep (n maps and lists in all). */
const styles: [string, (n: number) => string][] = [
  ['flow lists under a key', (n) => `a: ${'['.repeat(n - 1)}1${']'.repeat(n - 1)}\n`],
  ['flow maps', (n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`],
  ['block lists under a key', (n) => `a:\n${'- '.repeat(n - 1)}1\n`],
  [
    'indented block maps',
    (n) => {
      const lines: string[] = [];
      for (let i = 0; i < n; i++) lines.push(`${' '.repeat(i)}a:\n`);
      return `${lines.join('')}${' '.repeat(n)}1\n`;
    },
  ],
];

const LENGTHS = 'j: {{ toJson .Values | len }}\ny: {{ toYaml .Values | len }}\n';

for (const [name, make] of styles)
  for (const n of [1_000, 5_000, 9_999, 10_000, 10_001]) {
    test(`values file of ${name}, ${n} levels`, { timeout: 300_000 }, () => {
      const dir = chart(LENGTHS);
      writeFileSync(join(dir, 'deep.yaml'), make(n));
      same(dir, ['template', 'x', '.', '-f', 'deep.yaml']);
    });
  }

// A list at the root is not a values map: the JSON step's type error (or go-yaml's depth error).
for (const n of [9_999, 10_000, 10_001, 100_000])
  test(`values file: block lists at the root, ${n} levels`, { timeout: 300_000 }, () => {
    const dir = chart(LENGTHS);
    writeFileSync(join(dir, 'deep.yaml'), `${'- '.repeat(n)}1\n`);
    same(dir, ['template', 'x', '.', '-f', 'deep.yaml']);
  });

// fromYaml of the same texts, its result written back with toYaml and read again.
for (const [name, make] of styles.filter(([s]) => s !== 'indented block maps'))
  for (const n of [5_000, 9_999, 10_001]) {
    test(`fromYaml / toYaml round trip of ${name}, ${n} levels`, { timeout: 300_000 }, () => {
      const dir = chart(
        'a: {{ .Values.s | fromYaml | toJson | len }}\n' +
          'b: {{ .Values.s | fromYaml | toYaml | fromYaml | toJson | len }}\n' +
          'c: {{ .Values.s | fromYaml | toYaml | sha256sum }}\n',
      );
      writeFileSync(join(dir, 'values.yaml'), `s: ${JSON.stringify(make(n))}\n`);
      same(dir, ['template', 'x', '.']);
    });
  }

// A deep field Helm does not know in Chart.yaml is still read (and limited) by the JSON step.
for (const n of [9_999, 10_001])
  test(`Chart.yaml with an unknown field ${n} levels deep`, { timeout: 300_000 }, () => {
    const dir = chart('x: 1\n');
    writeFileSync(
      join(dir, 'Chart.yaml'),
      `apiVersion: v2\nname: c\nversion: 0.1.0\nx: ${'['.repeat(n - 1)}1${']'.repeat(n - 1)}\n`,
    );
    same(dir, ['template', 'x', '.']);
  });

// A rendered manifest nested deep: Helm reads manifests to sort them.
test('a manifest nested 9,999 levels deep', { timeout: 300_000 }, () => {
  const dir = chart('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nd: {{ .Values.s }}\n');
  writeFileSync(join(dir, 'values.yaml'), `s: '${'['.repeat(9_997)}1${']'.repeat(9_997)}'\n`);
  same(dir, ['template', 'x', '.']);
});

// A recursive schema ($ref "#") walks the whole value: valid, and failing at the deepest level
// (Helm's error names the full path).
for (const n of [1_000, 5_000, 9_999])
  for (const [kind, leaf] of [
    ['valid', '{}'],
    ['invalid', '1'],
  ] as const) {
    test(`values schema over values ${n} levels deep (${kind})`, { timeout: 300_000 }, () => {
      const dir = chart(LENGTHS);
      writeFileSync(
        join(dir, 'values.schema.json'),
        '{"type":"object","properties":{"a":{"$ref":"#"}},"additionalProperties":{"$ref":"#"}}',
      );
      writeFileSync(join(dir, 'deep.yaml'), `${'{a: '.repeat(n)}${leaf}${'}'.repeat(n)}\n`);
      same(dir, ['template', 'x', '.', '-f', 'deep.yaml']);
    });
  }

// uniqueItems and const compare deep values. One failing property per run: helm reports several
// in Go's map order, which changes from run to run.
for (const [what, schema] of [
  ['uniqueItems', '{"properties":{"l":{"uniqueItems":true}}}'],
  ['const', '{"properties":{"c":{"const":[[1]]}}}'],
])
  test(`values schema: ${what} over values 9,998 levels deep`, { timeout: 300_000 }, () => {
    const dir = chart('x: 1\n');
    writeFileSync(join(dir, 'values.schema.json'), schema!);
    const deep = `${'['.repeat(9_997)}1${']'.repeat(9_997)}`;
    writeFileSync(join(dir, 'deep.yaml'), `l: [${deep}, ${deep}]\nc: ${deep}\n`);
    same(dir, ['template', 'x', '.', '-f', 'deep.yaml']);
  });

// Aliases nest a value deeper than its text: go-yaml's decoder has no limit, the JSON step has
// (10000 maps and lists, counted in json.Marshal's order).
for (const [n, m] of [
  [6_000, 3_999],
  [6_000, 4_000],
  [9_000, 9_000],
])
  test(`an alias of ${n} nested lists inside ${m} more`, { timeout: 300_000 }, () => {
    const dir = chart(LENGTHS);
    writeFileSync(
      join(dir, 'deep.yaml'),
      `x: &x ${'['.repeat(n)}1${']'.repeat(n)}\ny: ${'{a: '.repeat(m)}*x${'}'.repeat(m)}\n`,
    );
    same(dir, ['template', 'x', '.', '-f', 'deep.yaml']);
  });
