// The byte scanner of index.yaml (index-scan.ts, index-scan-chart.ts) against the whole-document
// reader: a rich entry (folded descriptions, literal annotations, maintainers, dependencies,
// quoted scalars) under seeded mutations. Where the scanner answers, its search rows, warnings and
// each chart's versions read again from its byte range must be what the whole-document reader
// gives; where the whole-document reader fails, the scanner must not answer. Many mutations must
// take the straight byte path, and many must be errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndex, sortByVersion, versionOrder, type IndexFile } from '../../src/repo/index-file.js';
import { readChartVersions, rowOf, scanIndex, Strings } from '../../src/repo/index-scan.js';
import { scanChart, scanChartFrom, type ScannedVersions } from '../../src/repo/index-scan-chart.js';

type General = { idx: IndexFile; warnings: unknown[] } | { error: string };

function general(text: string): General {
  const warnings: unknown[] = [];
  try {
    return { idx: parseIndex(text, 'src', (m, a) => warnings.push([m, a]), false), warnings };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const sorted = (xs: unknown[]): string[] => xs.map((x) => JSON.stringify(x)).sort();
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** Compares the scanner with the whole-document reader; true when the scanner answered. */
function agree(text: string, label: string): boolean {
  const b = Buffer.from(text);
  const g = general(text);
  const s = scanIndex(b, 'src');
  if (s === undefined) return false;
  assert.ok(!('error' in g), `${label}: the scanner read an index helm refuses (${'error' in g && g.error})`);
  const strs = new Strings();
  const want = [...g.idx.entries].map(([n, cvs]) => [n, rowOf(n, cvs, strs).map((i) => strs.list[i] ?? i)]);
  const got = s.charts.map(([n, rows]) => [n, rows.map((i) => s.strings[i] ?? i)]);
  assert.deepEqual(got, want, `${label}: search rows`);
  assert.deepEqual(sorted(s.warnings), sorted(g.warnings), `${label}: warnings`);
  for (const [name, , start, end] of s.charts) {
    const vs = readChartVersions(b, name, start, end, 'src', () => {});
    assert.deepEqual(plain(vs), plain(g.idx.entries.get(name)), `${label}: versions of ${name}`);
  }
  return true;
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
    - alias: db-main
      condition: db.enabled
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
    type: application
    urls:
    - https://charts.example.com/app-${v}.tgz
    version: ${v}
`;

const BASE =
  'apiVersion: v1\nentries:\n  app:\n' +
  ENTRY('2.0.0') +
  ENTRY('1.9.0-rc.1') +
  ENTRY('10.0.0') +
  '  other:\n' +
  ENTRY('0.1.0').replaceAll('name: app', 'name: other') +
  'generated: "2024-10-01T00:00:00Z"\n';

test('byte scanner: the rich entry takes the straight path and reads as the YAML reader reads it', () => {
  const b = Buffer.from(BASE);
  const start = BASE.indexOf('  app:\n') + '  app:\n'.length;
  const end = BASE.indexOf('  other:\n');
  assert.notEqual(scanChart(b, start, end), undefined);
  assert.ok(agree(BASE, 'base'));
  // Keywords repeated around a version without any: each row keeps its own.
  const middle = ENTRY('1.9.0-rc.1').replace('    keywords:\n    - app\n    - web server\n', '');
  assert.ok(agree(BASE.replace(ENTRY('1.9.0-rc.1'), middle), 'keywords missing in the middle'));
});

test('byte scanner: values that resolve to other things than their text, and invalid entries', () => {
  const cases: [string, string][] = [
    ['digest: 0f6e200abc', 'digest: 0x1a'],
    ['digest: 0f6e200abc', 'digest: 0_x1a'],
    ['digest: 0f6e200abc', 'digest: 12e5'],
    ['digest: 0f6e200abc', 'digest: 2024-01-01'],
    ['digest: 0f6e200abc', 'digest: 1_000'],
    ['digest: 0f6e200abc', 'digest: 0o17'],
    ['digest: 0f6e200abc', 'digest: 0b101'],
    ['digest: 0f6e200abc', 'digest: .5'],
    ['digest: 0f6e200abc', 'digest: +.inf'],
    ['digest: 0f6e200abc', 'digest: ~'],
    ['digest: 0f6e200abc', 'digest: null'],
    ['digest: 0f6e200abc', 'digest: 12:30:45'],
    ['digest: 0f6e200abc', 'digest: 1.5a'],
    ['home: https://example.com/app', 'home: yes'],
    ['home: https://example.com/app', 'home: Off'],
    ['home: https://example.com/app', 'home: offline'],
    ['category: Infrastructure', 'category: true'],
    ['category: Infrastructure', 'y: x'],
    ['category: Infrastructure', '1.5: x'],
    ['category: Infrastructure', 'licenses: twice'],
    ['type: application', 'type: library'],
    ['type: application', 'type: plugin'],
    ['type: application', 'type: ""'],
    ['alias: db-main', 'alias: db.main'],
    ['alias: db-main', 'alias: ""'],
    ['alias: db-main', 'alias: common'],
    ['    name: app\n', '    name: a/b\n'],
    ['    name: app\n', '    name: ..\n'],
    ['    name: app\n', '    name: ""\n'],
    ['    name: app\n', '    name: App\n'],
    ['version: 2.0.0', 'version: 2.0.0.0'],
    ['version: 2.0.0', 'version: v2.0.0'],
    ['version: 2.0.0', 'version: 2.0'],
    ['version: 2.0.0', 'version: 02.0.0'],
    ['version: 2.0.0', 'version: "2.0.0"'],
    ['version: 2.0.0', 'version: 1.9.0-rc.1'],
    ['version: 2.0.0', 'version: 2.0.0-01'],
    ['created: "2024-05-01T10:00:00.123456Z"', 'created: "2024-05-01 10:00:00Z"'],
    ['created: "2024-05-01T10:00:00.123456Z"', 'created: "2024-05-01T10:00:00+02:00"'],
    ['created: "2024-05-01T10:00:00.123456Z"', 'created: 2024-05-01T10:00:00Z'],
    ['created: "2024-05-01T10:00:00.123456Z"', 'created: ""'],
    ['deprecated: false', 'deprecated: yes'],
    ['deprecated: false', 'deprecated: true'],
    ['deprecated: false', 'removed: true'],
    ['deprecated: false', 'deprecated: "false"'],
    ['appVersion: 2.0.0', 'appVersion: 2.0'],
    ['appVersion: 2.0.0', 'appVersion: "x: y"'],
    ['appVersion: 2.0.0', "appVersion: 'it''s'"],
    ['appVersion: 2.0.0', 'appVersion: "a\\"b"'],
    ['- app\n', '- "app"\n'],
    ['- app\n', '- 1.5\n'],
    ['- app\n', '- a: b\n'],
    ['- web server\n', '- web\n      server\n'],
    ['icon: ', 'Icon: '],
    ['icon: ', 'iconx: '],
    ['sources:\n', 'sources: []\n'],
    ['licenses: Apache-2.0', 'licenses: Apache-2.0 ✓'],
    ['licenses: Apache-2.0', 'licenses: tab\there'],
    ['description: A long', 'description: |\n      A long'],
    ['    keywords:\n    - app\n    - web server\n', ''],
    ['it is longer', '# a comment\n      it is longer'],
  ];
  let answered = 0;
  for (const [from, to] of cases) {
    // In the first chart only, then in every chart.
    if (agree(BASE.replace(from, to), `${to} (once)`)) answered++;
    if (agree(BASE.replaceAll(from, to), `${to} (all)`)) answered++;
  }
  assert.ok(answered > 60, `the scanner answered only ${answered} times`);
});

test('byte scanner: seeded mutations read as the YAML reader reads them', () => {
  let seed = 11;
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
    '0x1',
    '\t',
    '\n',
    '\n      ',
    '\n  ',
    '\n    ',
    'é',
  ];
  let straight = 0;
  let answered = 0;
  let errors = 0;
  for (let n = 0; n < 1500; n++) {
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
    if (agree(t, `mutation ${n}:\n${t}`)) answered++;
    else if ('error' in general(t)) errors++;
    const s = t.indexOf('  app:\n');
    const e = t.indexOf('  other:\n');
    if (s >= 0 && e > s) {
      const b = Buffer.from(t);
      const [from, to] = [Buffer.byteLength(t.slice(0, s + 7)), Buffer.byteLength(t.slice(0, e))];
      const bounded = scanChart(b, from, to);
      // Each version's ranges of name, version, appVersion and description, and the texts (a
      // keywords block's range is only compared with the one before it, in the same scan).
      const ranges = (v: ScannedVersions): unknown => ({
        n: v.n,
        r: Array.from({ length: v.n }, (_, i) => [...v.r.subarray(i * 10, i * 10 + 8)]),
        t: [...v.t],
      });
      const copy = bounded && ranges(bounded);
      // In the splitter's pass (its end not known): the same versions, ending where the chunk ends.
      const open = scanChartFrom(b, from);
      if (bounded !== undefined) {
        straight++;
        assert.ok(open !== undefined, `mutation ${n}: read bounded, not open:\n${t}`);
        assert.equal(open.stop, to, `mutation ${n}: where the chart ends`);
        assert.deepEqual(ranges(open.versions), copy, `mutation ${n}: versions`);
      } else if (open !== undefined) {
        assert.notEqual(open.stop, to, `mutation ${n}: read open to the chunk's end, not bounded:\n${t}`);
      }
    }
  }
  assert.ok(straight > 300, `only ${straight} mutations took the straight path`);
  assert.ok(answered > 600, `the scanner answered only ${answered} times`);
  assert.ok(errors > 100, `only ${errors} mutations were errors`);
});

test('versions ordered newest first: plain MAJOR.MINOR.PATCH lists as semver orders them', () => {
  let seed = 5;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n; // the high bits: the low ones of this generator repeat
  };
  const part = (): string => String([0, 1, 2, 9, 10, 11, 99, 100, 123456789012345][rnd(9)]);
  let plain = 0;
  for (let n = 0; n < 400; n++) {
    const vs = Array.from({ length: 1 + rnd(12) }, () => `${part()}.${part()}.${part()}`);
    // Now and then one that is not plain (prerelease, leading zero, v prefix, two parts): semver's path.
    if (rnd(4) === 0) vs[rnd(vs.length)] = ['1.0.0-rc.1', '01.2.3', 'v1.2.3', '1.2', '1.0.0+b'][rnd(5)]!;
    if (vs.every((v) => /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(v))) plain++;
    const want = vs.map((_, i) => i);
    sortByVersion(want, (i) => vs[i]!);
    assert.deepEqual(versionOrder(vs), want, vs.join(' '));
  }
  assert.ok(plain > 200, `only ${plain} plain lists`);
});
