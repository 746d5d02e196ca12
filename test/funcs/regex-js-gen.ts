// The seeded generator of regex-js.test.ts: Go patterns over the JS subset's grammar and near
// misses outside it, subjects, and every regex function's result on one input; the two
// comparisons regex-js*.test.ts run on such cases (JS path vs re2js, and vs real Go).
import assert from 'node:assert/strict';
import { GoError, GoList, int, type GoFunc, type Value } from '../../src/go/value.js';
import { quote as goQuote } from '../../src/go/strconv/format.js';
import { runOracle } from '../support/oracle.js';

/** bitnami's common library (every bitnami chart) and the other corpus patterns. */
export const CORPUS_PATTERNS = [
  '(-?[^a-z\\d\\-])+-?',
  '\\W',
  '[^A-Za-z0-9]+$',
  '{(v[0-9])*[^}]*}}$',
  '-r\\d+$|sha256:',
  '^([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$',
  'SASL',
  '[^a-zA-Z0-9-_.]+',
  '@sha256:[a-f0-9]+',
  ':[0-9]+',
  '[0-9.]+',
  '.*\\.ndjson',
  '([A-Za-z])i',
  'v[0-9]+\\.[0-9]+\\.[0-9]+',
  '@sha.*',
  '\n  annotations:\n    helm.sh/resource-policy: keep\n',
  '[^-A-Za-z0-9_.]',
  '^redis:\\/\\/(.*)',
  '^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$',
  '^v\\d+\\.\\d+$',
  '^https?://',
  '^arn:(aws|aws-us-gov|aws-cn):iam::.*$',
  '^[\\w-\\.]+$',
  '\\$(?:__(?:env|file|vault))?{[^}]+}',
  '^mongodb(\\+srv)?://[^/]+',
];

/** xorshift32: the same cases on every run. */
export function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

const LITERALS = ['a', 'b', 'c', 'x', '0', '1', '-', '_', ' ', 'é', '{', '}', ']', '/', ':', '@', '日'];
const ESCAPES = [
  '\\.',
  '\\-',
  '\\/',
  '\\_',
  '\\{',
  '\\}',
  '\\[',
  '\\]',
  '\\(',
  '\\)',
  '\\*',
  '\\+',
  '\\?',
  '\\|',
  '\\^',
  '\\$',
  '\\\\',
  '\\t',
  '\\n',
  '\\r',
  '\\f',
  '\\v',
  '\\a',
  '\\x41',
  '\\x{e9}',
  '\\x{1F600}',
  '\\x2d',
  '\\!',
  '\\#',
  '\\~',
  '\\<',
];
const PERL = ['\\d', '\\D', '\\w', '\\W', '\\s', '\\S'];
const ASSERTS = ['^', '$', '\\b', '\\B', '\\A', '\\z'];
const CLASS_ITEMS = [
  'a',
  'b',
  'a-c',
  '0-9',
  'x-z',
  '-',
  '.',
  '_',
  '\\-',
  '\\]',
  '\\\\',
  '\\n',
  ' ',
  'é',
  '\\x{e0}-\\x{ff}',
  '\\x{1F600}',
  '[',
  '^',
  '}',
  '\\x00-\\x{ffff}',
  '\\x{fff0}-\\x{10ffff}',
  '\\x{0}',
  ...PERL,
];
/** Outside the subset (or invalid in Go): re2js runs them, and reports their errors. */
export const NEAR_MISSES = [
  '(?i)a',
  '\\pL',
  '\\p{Greek}',
  '[[:alpha:]]',
  '\\Qa.b\\E',
  'a**',
  'a*+',
  '(?=a)',
  '(a)\\1',
  'a{1001}',
  'a{2,1}',
  '(',
  ')',
  'a|*',
  '[z-a]',
  '\\8',
  '\\0',
  '\\C',
  '(?P<>a)',
  '(?P<n>a)(?P<n>b)',
  '(?s).',
  '(?m)^a$',
  '(?U)a+',
  '(a*)*',
  '(|a)+',
  '(a|)*',
  '(a?)+',
  '(?:a*)+',
  '(^)*',
  '\\b+',
  'x{01}',
  '[',
  '\\',
  '(?<n!>a)',
  '[a-\\d]',
  '\\x{110000}',
  '(a{100}){100}',
  'a{1000}',
  '(?:(?:a{10}){10}){10}',
];

function genPattern(r: (n: number) => number, depth = 0): string {
  const alts = depth < 2 && r(6) === 0 ? 2 + r(2) : 1;
  const out: string[] = [];
  for (let a = 0; a < alts; a++) {
    let s = '';
    const n = r(10) === 0 ? 0 : 1 + r(4);
    for (let i = 0; i < n; i++) {
      s += genAtom(r, depth);
      const q = r(10);
      if (q < 4) {
        s += ['*', '+', '?', '{2}', '{1,}', '{0,2}', '{1,3}', '{3}', '{0}', '{2,}'][r(10)];
        if (r(4) === 0) s += '?';
      }
    }
    out.push(s);
  }
  return out.join('|');
}

function genAtom(r: (n: number) => number, depth: number): string {
  switch (r(12)) {
    case 0:
    case 1:
    case 2:
      return LITERALS[r(LITERALS.length)]!;
    case 3:
      return ESCAPES[r(ESCAPES.length)]!;
    case 4:
      return PERL[r(PERL.length)]!;
    case 5:
      return '.';
    case 6:
      return r(3) === 0 ? ASSERTS[r(ASSERTS.length)]! : LITERALS[r(3)]!;
    case 7:
    case 8: {
      let c = '[' + (r(3) === 0 ? '^' : '') + (r(8) === 0 ? ']' : '');
      for (let i = 1 + r(3); i > 0; i--) c += CLASS_ITEMS[r(CLASS_ITEMS.length)]!;
      return c + ']';
    }
    default: {
      if (depth >= 3) return LITERALS[r(LITERALS.length)]!;
      const open = ['(', '(', '(?:', `(?P<n${r(3)}>`, `(?<g${r(3)}>`][r(5)]!;
      return open + genPattern(r, depth + 1) + ')';
    }
  }
}

const SUBJECT_CHARS = [
  'a',
  'b',
  'c',
  'x',
  '0',
  '1',
  '-',
  '_',
  ' ',
  '.',
  '\n',
  '\r',
  '\t',
  '\v',
  '\f',
  'é',
  '\u00a0',
  '\u2028',
  '{',
  '}',
  '/',
  ':',
  'A',
  'Z',
  '日',
  '\u0000',
  '\uffff',
];
function genSubject(r: (n: number) => number): string {
  let s = '';
  for (let n = r(14); n > 0; n--) s += SUBJECT_CHARS[r(SUBJECT_CHARS.length)]!;
  // Some with surrogates (an astral character, an escaped byte of invalid UTF-8): re2js's path.
  if (r(25) === 0) s += r(2) ? '😀' : '\udc80';
  return s;
}
const TEMPLATES = ['-', '$1', '${1}x', '[$0]', '<${n1}|$g2>', '$$1', '$1w', '', 'A$2B'];

/** Every function's result (or error text) on one input, as comparable text. */
export function results(fs: Map<string, GoFunc>, p: string, s: string, t: string): string[] {
  const show = (v: Value): string =>
    v instanceof GoList ? (v.nil ? 'nil' : JSON.stringify(v.items)) : JSON.stringify(v);
  const call = (name: string, ...args: Value[]): string => {
    try {
      return show(fs.get(name)!.fn(...args));
    } catch (e) {
      if (e instanceof GoError) return `error: ${e.message}`;
      throw e;
    }
  };
  return [
    call('regexMatch', p, s),
    call('mustRegexMatch', p, s),
    call('regexFind', p, s),
    call('mustRegexFind', p, s),
    call('regexFindAll', p, s, int(-1)),
    call('regexFindAll', p, s, int(2)),
    call('mustRegexFindAll', p, s, int(1)),
    call('regexReplaceAll', p, s, t),
    call('mustRegexReplaceAll', p, s, t),
    call('regexReplaceAllLiteral', p, s, t),
    call('mustRegexReplaceAllLiteral', p, s, t),
    call('regexSplit', p, s, int(-1)),
    call('mustRegexSplit', p, s, int(2)),
    call('regexQuoteMeta', p),
  ];
}

export interface Case {
  p: string;
  s: string;
  t: string;
}

export function genCases(seed = 0x5eed11, patterns = 1400): Case[] {
  const r = rng(seed);
  const cases: Case[] = [];
  for (let i = 0; i < patterns; i++) {
    const p = r(8) === 0 ? NEAR_MISSES[r(NEAR_MISSES.length)]! + (r(2) ? genPattern(r) : '') : genPattern(r);
    for (let k = 0; k < 4; k++) cases.push({ p, s: genSubject(r), t: TEMPLATES[r(TEMPLATES.length)]! });
  }
  for (const p of CORPUS_PATTERNS)
    for (const s of [
      'my-release_Name.x',
      '3.13.7-debian-12-r2',
      '1.2.3-rc.1+b.5',
      '{{ .x }}',
      'a',
      '',
      'sha256:ab',
      '10.0.0.255',
      'redis://h:1',
    ])
      cases.push({ p, s, t: '${1}-' });
  return cases;
}

/**
 * Every case through `js` (the JS path where it applies) and `re2` (re2js only): the cases whose
 * results differ, and how many patterns `viaJs` says took the JS path.
 */
export function compareWithRe2(
  js: Map<string, GoFunc>,
  re2: Map<string, GoFunc>,
  cases: Case[],
  viaJs: (p: string) => boolean,
): { viaJs: number; bad: string[] } {
  let n = 0;
  const bad: string[] = [];
  for (const c of cases) {
    if (viaJs(c.p)) n++;
    const a = results(js, c.p, c.s, c.t);
    const b = results(re2, c.p, c.s, c.t);
    if (JSON.stringify(a) !== JSON.stringify(b))
      bad.push(`${JSON.stringify(c)}\n js:   ${a.join(' ')}\n re2:  ${b.join(' ')}`);
  }
  return { viaJs: n, bad };
}

/** The sample through real Go (the template oracle, Helm's functions): byte-equal with `fs`. */
export function assertSameAsGo(fs: Map<string, GoFunc>, sample: Case[], prefix: string): void {
  const q = (e: string): string => `{{ printf "%q" (${e}) }}`;
  const list = (e: string): string => `{{ range ${e} }}{{ printf "%q" . }},{{ end }}`;
  const tpl = [
    '{{ regexMatch .p .s }}',
    q('regexFind .p .s'),
    list('regexFindAll .p .s -1'),
    list('regexFindAll .p .s 2'),
    q('regexReplaceAll .p .s .t'),
    q('regexReplaceAllLiteral .p .s .t'),
    list('regexSplit .p .s -1'),
    list('regexSplit .p .s 2'),
  ].join('|');
  const got = runOracle(sample.map((c, i) => ({ name: `${prefix}${i}`, mode: 'helm', tpl, data: c })));
  const items = (v: Value): string => (v as GoList).items.map((x) => `${goQuote(x as string)},`).join('');
  const fn = (name: string, ...args: Value[]): Value => fs.get(name)!.fn(...args);
  sample.forEach((c, i) => {
    const ours = [
      String(fn('regexMatch', c.p, c.s)),
      goQuote(fn('regexFind', c.p, c.s) as string),
      items(fn('regexFindAll', c.p, c.s, int(-1))),
      items(fn('regexFindAll', c.p, c.s, int(2))),
      goQuote(fn('regexReplaceAll', c.p, c.s, c.t) as string),
      goQuote(fn('regexReplaceAllLiteral', c.p, c.s, c.t) as string),
      items(fn('regexSplit', c.p, c.s, int(-1))),
      items(fn('regexSplit', c.p, c.s, int(2))),
    ].join('|');
    assert.deepEqual({ case: c, out: got[i]!.out, err: got[i]!.err }, { case: c, out: ours, err: undefined });
  });
}
