// The fast reader's flow collections over several lines (src/yaml/fast-flow.ts): pretty-printed
// and compact JSON, hand-written flow YAML, flows inside block values. Whatever the fast reader
// accepts must read as sigs.k8s.io/yaml reads it in Go (tools/yamloracle) and as the full reader
// reads it; what it refuses goes to the full reader, which must agree with Go too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoList, GoMap, type Value } from '../../src/go/value.js';
import { FAST_BAIL, fastParseYaml } from '../../src/yaml/fast.js';
import { parseYaml } from '../../src/yaml/index.js';
import { runOracle } from '../support/yamloracle.js';
import { rng } from './seeded-rng.js';

/** A value's text, map keys sorted (Go's maps come back sorted); -0 kept apart. */
function show(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 's' + JSON.stringify(v);
  if (typeof v === 'number') return 'n' + (Object.is(v, -0) ? '-0' : String(v));
  if (typeof v === 'boolean') return 'b' + String(v);
  if (v instanceof GoList) return `L(${v.elem})[${v.items.map(show).join(',')}]`;
  if (v instanceof GoMap)
    return `M(${v.type})[${[...v.entries]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => JSON.stringify(k) + ':' + show(x))
      .join(',')}]`;
  return '?';
}

function full(text: string): string {
  try {
    return show(parseYaml(text, 'any', { fullReader: true }));
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/**
 * The fast reader (when it accepts) and, with `withFull`, the full reader read each text as Go
 * does; how many the fast reader accepted. (The random texts reach a few odd forms the full
 * reader reads otherwise than Go, e.g. `?x` in a flow, which are not this reader's.)
 */
function agreeWithGo(texts: string[], withFull = true): number {
  const go = runOracle(texts.map((t) => ({ op: 'yamlUnmarshal' as const, in: t })));
  let accepted = 0;
  texts.forEach((text, i) => {
    const g = go[i]!;
    const want = 'err' in g ? `error: ${g.err}` : show('value' in g ? g.value : null);
    if (withFull) assert.equal(full(text), want, `full reader vs Go\n${text}`);
    const fast = fastParseYaml(text);
    if (fast === FAST_BAIL) return;
    accepted++;
    assert.equal(show(fast), want, `fast reader vs Go\n${text}`);
  });
  return accepted;
}

const SEED = Number(process.env.RUDDER_YAML_SEED ?? 7);

const PLAIN = [
  'a',
  'foo bar',
  '1',
  '-2',
  '1.5',
  '-0',
  '-.5',
  '1e3',
  '-1.5e-3',
  '0x1F',
  'true',
  'no',
  'null',
  '~',
];
const ODD = ['-x', '- a', 'a:b', 'a #c', 'a#c', ':x', '?x', '&a x', '*a', '!t x', '%', '@x', '`x', '.inf'];
const STRINGS = [
  'x',
  '',
  'a b',
  'str \\"q\\" 1',
  'tab\\there',
  '\\u00e9\\u4e2d',
  '\\ud83d\\ude00',
  '\\ud83d',
  '\\/',
  '\\b\\f\\r\\n\\\\',
  '\\u0001',
  '\\uZZZZ',
  '\\x41',
  'é',
  "it's",
  'a # b',
  '{[,]}',
];
const KEYS = ['a', 'b', 'k0', 'x.y/z', 'on', '1', '<<', 'a b', 'name', 'port'];

/** A random flow (or block holding flows) text in the shapes JSON and hand-written YAML take. */
function randomFlow(r: (n: number) => number): string {
  const pick = <T>(a: T[]): T => a[r(a.length)]!;
  const ws = (): string => pick(['', '', ' ', '  ']);
  const scalar = (): string => {
    switch (r(6)) {
      case 0:
      case 1:
        return `"${pick(STRINGS)}"`;
      case 2:
        return `'${pick(['x', 'a b', "it''s", '', '\\n'])}'`;
      case 3:
        return r(8) === 0 ? pick(ODD) : pick(PLAIN);
      default:
        return pick(PLAIN);
    }
  };
  const key = (): string => {
    const k = pick(KEYS);
    switch (r(4)) {
      case 0:
        return k.includes(' ') ? `"${k}"` : k;
      case 1:
        return `'${k}'`;
      default:
        return `"${k}${r(10) === 0 ? '\\u0041' : ''}"`;
    }
  };
  // `pretty`: one entry a line, indented by `ind`, as JSON.stringify(v, null, n) writes.
  const node = (depth: number, ind: number, pretty: boolean): string => {
    const open = r(2) === 0 ? '[' : '{';
    const close = open === '[' ? ']' : '}';
    const n = depth > 3 ? 0 : r(4);
    if (n === 0 && r(2) === 0) return open + ws() + close;
    const items: string[] = [];
    for (let i = 0; i < Math.max(n, 1); i++) {
      const v = r(3) === 0 && depth < 4 ? node(depth + 1, ind + 2, pretty && r(6) !== 0) : scalar();
      items.push(
        open === '[' ? v : `${key()}${pick([': ', ': ', ':', ' : ', ':\n' + ' '.repeat(ind + 3)])}${v}`,
      );
    }
    const pad = ' '.repeat(ind + 2);
    const comment = (): string => (r(10) === 0 ? ` # c${pick(['', ',', ']'])}` : '');
    const trailing = r(8) === 0 ? ',' : '';
    if (!pretty) return open + ws() + items.join(pick([', ', ',', ' , '])) + trailing + ws() + close;
    const lines = items.map(
      (it, i) =>
        pad + it + (i < items.length - 1 ? pick([',', ',', ',', '\n' + pad + ',']) : trailing) + comment(),
    );
    if (r(10) === 0) lines.splice(r(lines.length + 1), 0, pick(['', pad + '# x', '   ']));
    const last = ' '.repeat(r(12) === 0 ? r(ind + 1) : ind);
    return `${open}${comment()}\n${lines.join('\n')}\n${last}${close}`;
  };
  switch (r(4)) {
    case 0: {
      // In a block map or list.
      const lead = pick(['a: ', '- ', 'a:\n  b: ', 'a:\n- ']);
      const ind = lead.endsWith('b: ') ? 2 : 0;
      return `x: 1\n${lead}${node(0, ind, r(3) !== 0)}${pick(['', ' # c', ' x'])}\nz: 2\n`.replace(
        /\nz: 2\n$/,
        lead.startsWith('-') || lead.includes('\n-') ? '\n' : '\nz: 2\n',
      );
    }
    default:
      return node(0, 0, r(4) !== 0) + pick(['\n', '', '\n\n', ' # c\n']);
  }
}

test('fast reader: multi-line flow maps and lists read as Go reads them (random nesting, escapes, numbers, comments)', () => {
  const r = rng(SEED + 100);
  const texts = Array.from({ length: 4000 }, () => randomFlow(r));
  const accepted = agreeWithGo(texts, false);
  assert.ok(accepted > texts.length / 4, `${accepted} of ${texts.length} accepted`);
});

test('fast reader: pretty-printed and compact JSON values files, as Go reads them', () => {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < 300; i++)
    o['k' + i] = {
      name: 'item-' + i,
      port: 8000 + i - 150,
      enabled: i % 2 === 0,
      tags: ['a', 'b', String(i), ''],
      empty: i % 3 ? {} : [],
      nested: { x: i * 1.5 - 100, y: `str "q" \\ ${i} é\u4e2d`, z: null, big: 2 ** 60 + i },
    };
  const texts = [
    JSON.stringify(o, null, 2),
    JSON.stringify(o, null, 4) + '\n',
    JSON.stringify(o),
    '[\n  1,\n  -2\n]\n',
    'a: {\n  b: [\n    1\n]\n}\nc: [\n  {\n  }\n]\n',
  ];
  assert.equal(agreeWithGo(texts), texts.length, 'the fast reader gave up on some');
  // Left to the full reader: an error in Go, or read otherwise than the subset reads.
  const refused = [
    '{"a": "\\ud83d\\ude00"}\n',
    '{"a": "\\/"}\n',
    '{"a": 1, "a": 2}\n',
    '{\n  "a": 1\n  "b": 2\n}\n',
    '{\n  "a": x\n  y\n}\n',
    'a: [\nb]\n',
    '{"a": -x}\n',
    '{"a": }\n',
    '{"a" : 1}\n',
    '{"<<": {"b": 1}}\n',
  ];
  for (const text of refused) assert.equal(fastParseYaml(text), FAST_BAIL, text);
  agreeWithGo(refused);
});
