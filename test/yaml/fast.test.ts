// src/yaml/fast.ts against the full reader: whatever the fast reader accepts must read exactly
// as the full reader reads it (value, key order, types). Inputs: the corpus's values files and
// Chart.yaml files (also with Chart.yaml's string fields), each also with seeded one-line
// edits, and seeded random texts built from the layouts the fast reader handles and the ones
// it must leave alone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { metadataStringField } from '../../src/chart/metadata.js';
import { GoList, GoMap, type Value } from '../../src/go/value.js';
import { FAST_BAIL, fastParseYaml } from '../../src/yaml/fast.js';
import { parseYaml, splitYamlDocuments } from '../../src/yaml/index.js';
import { corpusCharts, helmOutputs } from '../support/corpus.js';
import { runOracle } from '../support/yamloracle.js';
import { rng } from './seeded-rng.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

type StringFields = ((path: readonly string[]) => boolean) | undefined;

function show(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 's' + JSON.stringify(v);
  if (typeof v === 'number') return 'n' + (Object.is(v, -0) ? '-0' : String(v));
  if (typeof v === 'boolean') return 'b' + String(v);
  if (v instanceof GoList) return `L(${v.elem})[${v.items.map(show).join(',')}]`;
  if (v instanceof GoMap)
    return `M(${v.type})[${[...v.entries].map(([k, x]) => JSON.stringify(k) + ':' + show(x)).join(',')}]`;
  return '?';
}

/** Whether the fast reader accepted the text; asserts it agrees with the full reader then. */
function agree(text: string, sf: StringFields, label: string): boolean {
  const fast = fastParseYaml(text, sf);
  if (fast === FAST_BAIL) return false;
  let full: string;
  try {
    full = show(parseYaml(text, 'any', { fullReader: true, stringFields: sf }));
  } catch (e) {
    full = `error: ${(e as Error).message}`;
  }
  assert.equal(show(fast), full, `${label}\n${text}`);
  return true;
}

// More seeds: RUDDER_YAML_SEED=N node scripts/test.mjs test/yaml/fast (also reseeds the corpus edits).
const SEED = Number(process.env.RUDDER_YAML_SEED ?? 7);

function edit(text: string, r: (n: number) => number): string {
  const lines = text.split('\n');
  const i = r(lines.length);
  const l = lines[i] ?? '';
  const p = r(l.length + 1);
  switch (r(8)) {
    case 0:
      lines[i] = ' ' + l;
      break;
    case 1:
      lines[i] = l.replace(/^ {2}/, '');
      break;
    case 2:
      lines[i] = l + ': x';
      break;
    case 3:
      lines[i] = l.replace(':', '');
      break;
    case 4:
      lines[i] = l.slice(0, p) + l.slice(p + 1);
      break;
    case 5:
      lines[i] = l.slice(0, p) + ':-[]{}"\'#|>&*!% ,?\\+~'[r(20)]! + l.slice(p);
      break;
    case 6:
      lines.splice(i, 0, ' '.repeat(r(8)));
      break;
    default:
      lines[i] = ' '.repeat(r(6)) + l.trimStart();
  }
  return lines.join('\n');
}

function yamlFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'templates') yamlFiles(p, out);
    } else if (/^(values.*|Chart)\.yaml$/.test(name)) out.push(p);
  }
  return out;
}

test(
  'fast reader agrees with the full reader on corpus values and Chart.yaml files',
  { skip: !existsSync(corpus) },
  () => {
    const r = rng(SEED - 6);
    let accepted = 0;
    let docs = 0;
    for (const file of yamlFiles(corpus, [])) {
      const sf: StringFields = file.endsWith('Chart.yaml') ? metadataStringField : undefined;
      for (const doc of splitYamlDocuments(readFileSync(file, 'utf8'))) {
        docs++;
        if (agree(doc, sf, file)) accepted++;
        for (let k = 0; k < 2; k++) agree(edit(doc, r), sf, `${file} (edited)`);
      }
    }
    // Nearly every real values file is in the fast subset.
    assert.ok(accepted > docs * 0.9, `${accepted} of ${docs} accepted`);
  },
);

const WORDS = [
  'a',
  'foo',
  'bar baz',
  'x-y',
  '1',
  '0x1F',
  'true',
  'yes',
  'null',
  '~',
  '1.5',
  '-2',
  '.5',
  '2001-12-14',
  'a:b',
  'a#b',
  'a # c',
  'é',
  '<<',
  "it's",
  'q"q',
  '-x',
  '0o7',
  '1e3',
  '1_000',
  '.inf',
  '',
  ' ',
  '#',
  ':',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '|',
  '>',
  '- ',
  '? ',
  '*a',
  '&a',
  '!t',
  '%',
  '@',
  '`',
  '.nan',
  '08',
  '1:20',
  ':x',
  ':8080',
  ':a:b',
  '?x',
];
const KEYS = ['a', 'b', 'key', 'x.y/z', '"q"', "'s'", '1', 'on', 'a-b', 'k k', '"a b"', '""', 'y', '<<', 'A'];
const CONT = [
  '--x',
  '`a` b',
  "'a' b",
  '"a", \'b\'',
  "'a': b",
  ']x',
  '&x',
  '*x',
  '%x',
  ',x',
  '"a" - [b',
  "'a' - \"b",
  '"x" |',
  '"a" {b',
  '-',
  '- x',
  '?x',
  ':x',
  '|x',
];

function randomText(r: (n: number) => number): string {
  const pick = <T>(a: T[]): T => a[r(a.length)]!;
  const scalar = (ind: number): string => {
    switch (r(9)) {
      case 0:
        return `"${pick(WORDS)}${r(3) ? '' : pick(['\\n', '\\t', '\\"', '\\\\', '\\x41', '\\/'])}${pick(WORDS)}"`;
      case 1:
        return `'${pick(WORDS).replace(/'/g, "''")}'`;
      case 2: {
        let out = pick(['|', '|-', '|+', '>', '>-', '>+', '|2', '| # c']);
        const ci = ind + 1 + r(3);
        for (let n = r(5); n > 0; n--)
          out +=
            '\n' +
            (r(4) === 0 ? ' '.repeat(r(ci + 3)) : ' '.repeat(ci + (r(5) === 0 ? r(3) : 0)) + pick(WORDS));
        return out;
      }
      case 3: {
        let out = pick(['foo', 'a b', '1']);
        for (let n = r(4); n > 0; n--)
          out +=
            '\n' +
            (r(3) === 0 ? ' '.repeat(r(ind + 4)) : ' '.repeat(ind + 1 + r(3)) + pick(r(2) ? WORDS : CONT));
        return out;
      }
      case 4: {
        const q = pick(['"', "'"]);
        let out = q + pick(['foo', 'a b', '']);
        for (let n = 1 + r(3); n > 0; n--)
          out +=
            (r(2) ? ' ' : '') +
            '\n' +
            (r(4) === 0 ? ' '.repeat(r(ind + 3)) : ' '.repeat(r(ind + 4)) + pick(['x', 'y z', '#c', '- d']));
        return out + q;
      }
      case 5:
        return pick([
          '[]',
          '{}',
          '[ ]',
          '{ }',
          '[a, b]',
          '["a", \'b\']',
          '[a,b,]',
          '[ 1 , true ]',
          '[a, [b]]',
          '[a: b]',
          '{a: b}',
          '{a: b, c: [d, e]}',
          '{ key: x.y/z, operator: In, values: [a, "b"] }',
          "{a: 'b c', b: 1, c: true, d: ~}",
          '{a: b,c: d}',
          '{a: b, a: c}',
          '{a: b,}',
          '{a: , b: c}',
          '{a:b, c: d}',
          '{a: b c , d: -1}',
          '{a: [b, {c: d}]}',
          '{"a": b}',
          '{a: b} # c',
          '{a: b}: c',
          '{a: b, <<: c}',
          '{on: b}',
          '{a: :b}',
          '{a: b:c}',
          '{a: b#c}',
          '{a: b] }',
          '{a: b',
          '[\n  a,\n  "b", # c\n  ]',
          '[ "a",\n# c\n "b" ]',
          '[a,\n  b\n  ]',
          '[a\n  , b]',
          '[\n  a b\n  c]',
          "[a,\n\n   'b',\n  ]",
          '&a1 foo',
          '&a1 "x y"',
          '&a1 1',
          '&a1 [b]',
          '&a1',
          '*a1',
          '*a1 # c',
          '*a1: x',
          '*zz',
        ]);
      default:
        return pick(WORDS);
    }
  };
  const node = (ind: number, depth: number): string => {
    const pad = ' '.repeat(ind);
    const out: string[] = [];
    switch (depth > 3 ? 2 : r(3)) {
      case 0:
        for (let n = 1 + r(3); n > 0; n--) {
          const k = pick(KEYS);
          if (r(3) === 0)
            out.push(
              `${pad}${k}:${r(4) ? '' : ' # c'}\n${node(ind + (r(4) === 0 ? 0 : 1 + r(3)), depth + 1)}`,
            );
          else out.push(`${pad}${k}: ${scalar(ind)}${r(6) ? '' : ' # c'}`);
        }
        return out.join('\n');
      case 1:
        for (let n = 1 + r(3); n > 0; n--) {
          const v = r(4);
          if (v === 0) out.push(`${pad}-\n${node(ind + 1 + r(3), depth + 1)}`);
          else if (v === 1) out.push(`${pad}- ${node(ind + 2, depth + 1).slice(ind + 2)}`);
          else out.push(`${pad}- ${scalar(ind)}`);
        }
        return out.join('\n');
      default:
        return pad + scalar(ind);
    }
  };
  const lines = node(0, 0).split('\n');
  for (let m = r(4); m > 0; m--) {
    const i = r(lines.length);
    switch (r(6)) {
      case 0:
        lines.splice(i, 0, ' '.repeat(r(6)));
        break;
      case 1:
        lines.splice(i, 0, ' '.repeat(r(6)) + '# comment');
        break;
      case 2:
        lines[i] += ' '.repeat(1 + r(2));
        break;
      case 3:
        lines[i] = ' ' + lines[i];
        break;
      case 4:
        lines[i] = lines[i]!.replace(/^ /, '');
        break;
      default:
        lines[i] += pick([' #x', ':', ' :', ' - a']);
    }
  }
  return lines.join('\n') + pick(['\n', '\n', '', '\n\n']);
}

test('fast reader agrees with the full reader on random layouts', () => {
  const r = rng(SEED);
  const sf = (p: readonly string[]): boolean => p.length % 2 === 1 || p.includes('a');
  let accepted = 0;
  const n = 6000;
  for (let i = 0; i < n; i++) if (agree(randomText(r), i % 2 ? sf : undefined, `random #${i}`)) accepted++;
  assert.ok(accepted > n / 10, `${accepted} of ${n} accepted`);
});

test('fast reader: long multi-line plain and block scalars read as the full reader reads them', () => {
  // The pieces of a long scalar are joined once (fast.ts); the bytes must not change: blank
  // lines inside, more-indented lines (folded), trailing spaces, every chomping indicator.
  const r = rng(11);
  const body = (indent: string): string =>
    Array.from({ length: 3000 }, (_, i) =>
      r(9) === 0 ? ' '.repeat(r(3)) : `${indent}${r(7) === 0 ? '  ' : ''}w${i}${r(5) === 0 ? '  ' : ''}`,
    ).join('\n');
  let accepted = 0;
  for (const head of ['|', '|-', '|+', '>', '>-', '>+']) {
    if (agree(`k: ${head}\n${body('  ')}\nnext: 1\n`, undefined, head)) accepted++;
    if (agree(`- ${head}\n${body('  ')}\n`, undefined, `- ${head}`)) accepted++;
  }
  const plain = Array.from({ length: 3000 }, (_, i) => (r(9) === 0 ? '' : `  w${i}${r(5) === 0 ? ' ' : ''}`));
  if (agree(`k: first\n${plain.join('\n')}\nnext: 1\n`, undefined, 'plain')) accepted++;
  if (agree(`k: first\n${plain.join('\n')}`, undefined, 'plain at the end')) accepted++;
  assert.ok(accepted >= 8, `only ${accepted} of 14 accepted by the fast reader`);
  // One document of a stream is a slice of it: a million-line scalar is not rebuilt line by line.
  const big = `a: 1\n---\nk: |\n${'  line\n'.repeat(200_000)}---\nb: 2`;
  assert.deepEqual(
    splitYamlDocuments(big).map((d) => d.length),
    [5, 'k: |\n'.length + 7 * 200_000, 5],
  );
});

test('fast reader: one-line flow maps and plain scalars led by a colon (rendered manifests)', () => {
  // Layouts from the corpus's rendered manifests (kube-prometheus-stack's affinity terms and
  // recording rules, Valkey's and Redis's probes) that sent whole documents to the full reader.
  const headFields = (p: readonly string[]): boolean =>
    p.length === 1 || (p[0] === 'metadata' && p[1] === 'name') || p[1] === 'annotations';
  const accepted = [
    'matchExpressions:\n  - {key: app.kubernetes.io/name, operator: In, values: [alertmanager]}\n',
    'a:\n- {key: x, values: ["a b", \'c\']} # c\n- { k: 1 , l: true, m: ~ }\nb: 2\n',
    'record: :node_memory_MemAvailable_bytes:sum\nvalue: :8080\nlist:\n- :x\n',
    '{a: b, c: [d, e]}\n',
    'metadata:\n  name: {a: 1}\n  annotations: {x: 1, z: [true]}\n',
  ];
  for (const [i, text] of accepted.entries())
    for (const sf of [undefined, headFields])
      assert.ok(agree(text, sf, `accepted #${i}`), `the fast reader gave up on\n${text}`);
  // Left to the full reader: each is an error there or read otherwise than the subset reads.
  const refused = [
    'a: {a: b, a: c}\n',
    'a: {a: , b: c}\n',
    'a: {a:b, c: d}\n',
    'a: {a: b:c}\n',
    'a: {a: b#c}\n',
    'a: {a: b}: c\n',
    '- {a: b}: c\n',
    'a: {on: b}\n',
    'a: {<<: b}\n',
    'a: {a: b] }\n',
    'a: : x\n',
    'a: :\n',
    '- ? x\n',
  ];
  for (const text of refused) {
    assert.equal(fastParseYaml(text), FAST_BAIL, text);
    agree(text, undefined, text);
  }
});

/** show() with map keys sorted (the Go oracle's maps come back in sorted order). */
function sorted(v: Value): Value {
  if (v instanceof GoList) return new GoList(v.items.map(sorted), v.elem);
  if (v instanceof GoMap)
    return new GoMap(
      new Map([...v.entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sorted(x)])),
    );
  return v;
}

/** Texts read by sigs.k8s.io/yaml in Go, by the full reader and by the fast reader: all agree. */
function agreeWithGo(texts: string[], sf?: StringFields): number {
  const go = runOracle(texts.map((t) => ({ op: 'yamlUnmarshal' as const, in: t })));
  let accepted = 0;
  texts.forEach((text, i) => {
    const g = go[i]!;
    const want = 'err' in g ? `error: ${g.err}` : show(sorted('value' in g ? g.value : null));
    let full: string;
    try {
      full = show(sorted(parseYaml(text, 'any', { fullReader: true })));
    } catch (e) {
      full = `error: ${(e as Error).message}`;
    }
    assert.equal(full, want, `full reader vs Go\n${text}`);
    if (agree(text, sf, text)) accepted++;
  });
  return accepted;
}

test('fast reader: document markers, lone scalars, scalar anchors, multi-line flow lists, blank lines of spaces (as Go)', () => {
  // Layouts from the corpus that went to the full reader: Chart.yaml and bitnami manifests with a
  // `---` line first or last, toYaml of nil, anchored ports (alertmanager, prometheus, argo-cd),
  // commented multi-line command lists (vault, elasticsearch-exporter), config files in block
  // scalars with lines of spaces deeper than the scalar (logstash, harbor).
  const accepted = [
    '---\napiVersion: v2\nname: x\n',
    '# c\n\n---\na: 1\n',
    'a: 1\nb: |\n  x\n---',
    'a: 1\nb: |\n  x\n---\n',
    '---\na: 1\n---\n',
    'null',
    'null\n',
    '5\n',
    'foo # c\n',
    'port: &p 9121\nname: &n "http"\nx:\n  port: *p\n  name: *n # c\n  list:\n  - *p\n  - &q yes\n  - *q\n',
    'a: &x-1_b some text\n  more\nb: *x-1_b\n',
    'c:\n  command: [\n    "/bin/sh", "-ec",\n    # a comment\n    # another\n    "sleep 5",\n    ]\nd: 1\n',
    'command: ["a",\n          "--b=c",\n\n          d, 1, true]\nnext: x\n',
    '- [a,\n   b]\n- [ ]\n',
    'a: |\n  x\n    \n  y\nb: |-\n  x\n      \nc: |+\n  x\n     \n\nd: >\n  x\n    \n  y\n',
    // A last line of spaces without a line break: none for go-yaml unless deeper than the scalar.
    'a: |\n  x\n ',
    'a: |+\n  x\n\n  ',
    'a: >\n  x\n  y\n ',
    'a: |\n  x\n   ',
    '- |-\n  x\n\n ',
  ];
  assert.equal(agreeWithGo(accepted), accepted.length, 'the fast reader gave up on some');
  // Left to the full reader (errors, or forms read otherwise).
  const refused = [
    'a: 1\n---\nb: 2\n',
    '--- # c\na: 1\n',
    '---\n',
    '--- a\n',
    'a: 1\n...\n',
    'foo\nbar\n',
    'a: &x\n  b: 1\nc: *x\n',
    'a: &x  \nc: *x\n',
    'a: *x\n',
    'a: &x 1\nb: &x 2\n',
    '&x a: 1\n',
    'a: &x [1]\nb: *x\n',
    'a: &x 1\n<<: *x\n',
    'a: [b,\nc]\n',
    'a: [b\n  c]\n',
    'a: [b,#c\n  ]\n',
    'a: [b,,c]\n',
    'a: [\n  "b"\n  : c]\n',
  ];
  for (const text of refused) assert.equal(fastParseYaml(text), FAST_BAIL, text);
  agreeWithGo(refused);
});

test('fast reader agrees with the full reader on every document helm renders from the corpus', () => {
  let accepted = 0;
  let docs = 0;
  for (const chart of corpusCharts()) {
    const [run] = helmOutputs(chart);
    for (const doc of splitYamlDocuments(run.stdout)) {
      docs++;
      if (agree(doc, undefined, chart.path)) accepted++;
    }
  }
  assert.ok(accepted > docs * 0.99, `${accepted} of ${docs} accepted`);
});

type Keep = (path: readonly string[]) => boolean;

/** The value with the map entries `keep` rejects left out (asked only inside kept entries). */
function prune(v: Value, keep: Keep, path: string[]): Value {
  if (v instanceof GoList) {
    path.push('[]');
    const items = v.items.map((x) => prune(x, keep, path));
    path.pop();
    return new GoList(items, v.elem);
  }
  if (!(v instanceof GoMap)) return v;
  const out = new Map<string, Value>();
  for (const [k, x] of v.entries) {
    path.push(k);
    if (keep(path)) out.set(k, prune(x, keep, path));
    path.pop();
  }
  return new GoMap(out, v.type, v.elem);
}

/** Whether the fast reader accepted the text with `keep`; asserts it gives the full reader's value, pruned. */
function agreeKept(text: string, sf: StringFields, keep: Keep, label: string): boolean {
  const fast = fastParseYaml(text, sf, keep);
  if (fast === FAST_BAIL) return false;
  let full: string;
  try {
    full = show(prune(parseYaml(text, 'any', { fullReader: true, stringFields: sf }), keep, []));
  } catch (e) {
    full = `error: ${(e as Error).message}`;
  }
  assert.equal(show(fast), full, `${label}\n${text}`);
  return true;
}

/** SimpleHead's entries (as render/manifests.ts keeps them for parseHead). */
const headKeep: Keep = (p) => {
  const top = p[0]!.toLowerCase();
  if (p.length === 1) return top === 'apiversion' || top === 'kind' || top === 'metadata';
  if (p.length > 2 || top !== 'metadata') return true;
  const sub = p[1]!.toLowerCase();
  return sub === 'name' || sub === 'annotations';
};

test('fast reader with keep: the full reader value without the entries left out (corpus manifests, random layouts)', () => {
  let accepted = 0;
  let docs = 0;
  for (const chart of corpusCharts()) {
    const [run] = helmOutputs(chart);
    for (const doc of splitYamlDocuments(run.stdout)) {
      docs++;
      if (agreeKept(doc, undefined, headKeep, chart.path)) accepted++;
    }
  }
  assert.ok(accepted > docs * 0.99, `${accepted} of ${docs} accepted`);
  const r = rng(SEED + 1);
  const sf = (p: readonly string[]): boolean => p.length % 2 === 1 || p.includes('a');
  const keeps: Keep[] = [
    headKeep,
    (p) => p.length !== 2,
    (p) => p[p.length - 1] !== 'a' && p[p.length - 1] !== 'key',
    () => false,
  ];
  let kept = 0;
  const n = 3000;
  for (let i = 0; i < n; i++) {
    const text = randomText(r);
    if (agreeKept(text, i % 3 === 0 ? sf : undefined, keeps[i % keeps.length]!, `random #${i} keep ${i % 4}`))
      kept++;
  }
  assert.ok(kept > n / 10, `${kept} of ${n} accepted`);
});
