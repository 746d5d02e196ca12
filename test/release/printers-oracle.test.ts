// Helm's printers against the Go packages Helm links: uitable (list/history tables), apimachinery
// label selectors (`list -l`) and kubectl's table printer (`status` resources), case by case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../src/cli/output/table.js';
import { KubeTablePrinter, type TableLike } from '../../src/cli/output/kubetable.js';
import { parseLabelSelector } from '../../src/release/list-selector.js';
import { runPrintOracle, type PrintCase } from './support/printoracle.js';

const G = '\x1b[32m';
const R = '\x1b[0m';

const TABLES: { rows: string[][]; maxColWidth?: number; wrap?: boolean; rightAlign?: number[] }[] = [
  { rows: [] },
  { rows: [['only']] },
  {
    rows: [
      ['NAME', 'REVISION'],
      ['a', '1'],
      ['longer-name', '12'],
    ],
  },
  {
    rows: [
      ['NAME', 'DESC'],
      ['x', 'line one\nline two\nthree'],
      ['yy', ''],
    ],
  },
  { rows: [['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']] },
  {
    rows: [
      ['日本語', 'ü'],
      ['é', 'Ｗｉｄｅ'],
      ['e\u0301', '🙂x'],
    ],
  },
  {
    rows: [
      [`${G}deployed${R}`, 'x'],
      ['failed', `\x1b[1mBOLD\x1b[22m`],
    ],
  },
  {
    rows: [
      ['NAME', 'DESCRIPTION'],
      ['n', 'a fairly long description that will be cut'],
    ],
    maxColWidth: 20,
  },
  {
    rows: [
      ['abcdef', 'x'],
      ['abcdefgh', 'y'],
    ],
    maxColWidth: 5,
  },
  { rows: [['abcd', 'x']], maxColWidth: 3 },
  { rows: [['abc', 'x']], maxColWidth: 1 },
  {
    rows: [
      ['日本語テキスト', 'x'],
      ['ab', 'y'],
    ],
    maxColWidth: 6,
  },
  {
    rows: [
      ['NAME', 'DESC'],
      ['n', 'words that wrap around the limit nicely'],
    ],
    maxColWidth: 12,
    wrap: true,
  },
  { rows: [['a', 'verylongwordwithoutspaces and more']], maxColWidth: 8, wrap: true },
  { rows: [['a', 'multi\nline with  spaces   and\n\nblank']], maxColWidth: 6, wrap: true },
  {
    rows: [
      ['1', 'a'],
      ['100', 'bb'],
    ],
    rightAlign: [0],
  },
  {
    rows: [
      ['1', 'a\nb'],
      ['100', 'bb'],
    ],
    rightAlign: [0, 1],
  },
  {
    rows: [
      ['tab\there', 'x'],
      ['', ''],
    ],
  },
];

test('list and history tables are laid out as gosuri/uitable does', () => {
  const cases: PrintCase[] = TABLES.map((t) => ({ kind: 'uitable', ...t }));
  const want = runPrintOracle(cases);
  TABLES.forEach((t, i) => {
    const table = new Table();
    table.maxColWidth = t.maxColWidth ?? 0;
    table.wrap = t.wrap ?? false;
    for (const c of t.rightAlign ?? []) table.rightAlign(c);
    for (const r of t.rows) table.addRow(...r);
    assert.equal(table.toString(), want[i]!.out, JSON.stringify(t));
  });
});

const SELECTORS = [
  '',
  'a=b',
  'a==b',
  'a!=b',
  'a',
  '!a',
  'a in (b,c)',
  'a notin (b,c)',
  'a in ()',
  'a in (,)',
  'a in (b,,c)',
  'a,b',
  ' a = b , c != d ',
  'a>1',
  'a<10',
  'a>x',
  'a>1,a<3',
  'example.com/a=b',
  'a=',
  'a=b,',
  ',a',
  'a b',
  'a=b=c',
  'a in b',
  'a in (b',
  'a in (b c)',
  'in=x',
  'a=in',
  'a/b/c=d',
  '/a=b',
  'Ex_ample.com/a=b',
  'a=b c',
  'a=' + 'x'.repeat(64),
  'k'.repeat(64) + '=v',
  'a=-b',
  'a=b_',
  '=x',
  '!',
  '!a=b',
  'a!b',
  'a<=1',
  '(a)',
  'a in (b),c notin (d)',
  'version>2,owner=helm',
];
const LABELS: Record<string, string>[] = [
  {},
  { a: 'b' },
  { a: 'c', b: '' },
  { a: '2', c: 'd' },
  { a: '', 'example.com/a': 'b', version: '3', owner: 'helm' },
];

test('list -l parses and matches selectors as apimachinery does', () => {
  const cases: PrintCase[] = [];
  for (const selector of SELECTORS)
    for (const labels of LABELS) cases.push({ kind: 'selector', selector, labels });
  const want = runPrintOracle(cases);
  cases.forEach((c, i) => {
    if (c.kind !== 'selector') return;
    let got: { out: string; err?: string };
    try {
      got = { out: String(parseLabelSelector(c.selector).matches(c.labels ?? {})) };
    } catch (e) {
      got = { out: '', err: (e as Error).message };
    }
    assert.deepEqual(
      got,
      { out: want[i]!.out, ...(want[i]!.err ? { err: want[i]!.err } : {}) },
      JSON.stringify(c),
    );
  });
});

const table = (cols: [string, number?][], rows: unknown[][]): TableLike & Record<string, unknown> => ({
  apiVersion: 'meta.k8s.io/v1',
  kind: 'Table',
  metadata: {},
  columnDefinitions: cols.map(([name, priority]) => ({
    name,
    type: 'string',
    format: '',
    description: '',
    priority: priority ?? 0,
  })),
  rows: rows.map((cells) => ({ cells, object: null })),
});

const CM = (name: string, data: number, age: string): unknown[] => [name, data, age];
const SEQUENCES: (TableLike & Record<string, unknown>)[][] = [
  [table([['Name'], ['Data'], ['Age']], [CM('a', 1, '5s')])],
  [
    table([['Name'], ['Data'], ['Age']], [CM('short', 1, '5s')]),
    table([['Name'], ['Data'], ['Age']], [CM('a-much-longer-name', 12, '10m')]),
  ],
  [
    table(
      [['Name'], ['Ready'], ['Age'], ['Containers', 1], ['Images', 1]],
      [['d', '2/2', '1s', 'c', 'busybox']],
    ),
    table([['Name'], ['Data'], ['Age']], [CM('c', 0, '1s')]),
    table([['Name'], ['Data'], ['Age']], [CM('c2', 3, '1s')]),
  ],
  [table([['Name'], ['Age']], []), table([['Name'], ['Age']], [['x', '1d']])],
  [
    table(
      [['Name'], ['Note']],
      [
        ['x', 'multi\nline'],
        ['y', null],
        ['z', 1.5],
        [true, 'tab\tcell'],
      ],
    ),
  ],
  [
    table(
      [['Name'], ['Type'], ['Cluster-IP'], ['Ports']],
      [['svc', 'ClusterIP', '10.0.0.1', '80/TCP,443/TCP']],
    ),
  ],
];

test('status resources print as kubectl prints server-side tables', () => {
  const cases: PrintCase[] = SEQUENCES.map((objects) => ({ kind: 'kubetable', objects }));
  const want = runPrintOracle(cases);
  SEQUENCES.forEach((seq, i) => {
    const p = new KubeTablePrinter();
    assert.equal(seq.map((t) => p.print(t)).join(''), want[i]!.out, JSON.stringify(seq));
  });
});
