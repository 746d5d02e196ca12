// The straight index reader (index-simple.ts) against the whole-document YAML reader: a rich
// entry (folded descriptions, literal annotations, maintainers, dependencies with a sequence at
// its key's indentation, booleans, quoted scalars) under seeded mutations; each mutated text must
// give the same entries, warnings or error both ways, and many must really take the straight path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndex } from '../../src/repo/index-file.js';
import { readSimpleChart, SIMPLE_TEXT } from '../../src/repo/index-simple.js';

function read(text: string, chunked: boolean): unknown {
  const warnings: unknown[] = [];
  try {
    const idx = parseIndex(text, 'src', (m, a) => warnings.push([m, a]), chunked);
    return { ok: JSON.parse(JSON.stringify({ ...idx, entries: [...idx.entries] })), warnings };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const ENTRY = (v: string): string => `  - annotations:
      artifacthub.io/images: |
        - name: app
          image: docker.io/app:${v}
      category: Infrastructure
      licenses: Apache-2.0
    apiVersion: v2
    appVersion: ${v}
    created: "2024-05-01T10:00:00.123456Z"
    dependencies:
    - name: common
      repository: oci://registry.example.com/charts
      tags:
      - bitnami-common
      version: 2.x.x
    - condition: db.enabled
      name: db
      repository: https://charts.example.com
      version: ~1.2.0
    deprecated: false
    description: A long description that helm folds over more than one line because
      it is longer than eighty characters (${v}).
    digest: 0f6e${v.replaceAll('.', '')}abc
    home: https://example.com/app
    icon: 'https://example.com/icon.svg'
    keywords:
    - app
    - web server
    maintainers:
    - email: team@example.com
      name: Example, Inc.
    name: app
    sources:
    - https://github.com/example/app
    urls:
    - https://charts.example.com/app-${v}.tgz
    version: ${v}
`;

const BASE =
  'apiVersion: v1\nentries:\n  app:\n' +
  ENTRY('2.0.0') +
  ENTRY('1.9.0-rc.1') +
  '  other:\n' +
  ENTRY('0.1.0').replaceAll('name: app', 'name: other') +
  'generated: "2024-10-01T00:00:00Z"\n';

test('straight reader: the rich entry reads as the YAML reader reads it', () => {
  assert.ok(SIMPLE_TEXT.test(BASE));
  const start = BASE.indexOf('  app:\n') + '  app:\n'.length;
  const end = BASE.indexOf('  other:\n');
  assert.notEqual(
    readSimpleChart(BASE, start, end, ['entries', 'app'], () => false),
    undefined,
  );
  assert.deepEqual(read(BASE, true), read(BASE, false));
});

test('straight reader: seeded mutations read as the YAML reader reads them', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = [
    '',
    ' ',
    '  ',
    '- ',
    '"',
    "'",
    '#',
    ' #',
    ': ',
    ':',
    '|',
    '|-',
    '>',
    '&a ',
    '*a',
    '!!str ',
    '[',
    '{}',
    'x',
    'yes',
    'null',
    '1.0',
    '\n',
    '\n      ',
    '\n  ',
  ];
  let straight = 0;
  let errors = 0;
  for (let n = 0; n < 2500; n++) {
    const lines = BASE.split('\n');
    for (let k = 0; k <= rnd(3); k++) {
      const at = rnd(lines.length);
      const op = rnd(4);
      if (op === 0) lines.splice(at, 1);
      else if (op === 1) lines.splice(at, 0, lines[rnd(lines.length)]!);
      else if (op === 2) lines[at] = pieces[rnd(pieces.length)]! + lines[at]!.trimStart();
      else {
        const l = lines[at]!;
        const c = rnd(l.length + 1);
        lines[at] = l.slice(0, c) + pieces[rnd(pieces.length)]! + l.slice(c);
      }
    }
    const t = lines.join('\n');
    const a = read(t, true);
    const b = read(t, false);
    if (typeof b === 'object' && b !== null && 'error' in b) errors++;
    assert.deepEqual(a, b, `mutation ${n}:\n${t}`);
    const s = t.indexOf('  app:\n');
    const e = t.indexOf('  other:\n');
    if (s >= 0 && e > s && readSimpleChart(t, s + 7, e, ['entries', 'app'], () => false) !== undefined)
      straight++;
  }
  assert.ok(straight > 500, `only ${straight} mutations took the straight path`);
  assert.ok(errors > 100, `only ${errors} mutations were errors`);
});
