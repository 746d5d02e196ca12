// YAML and JSON texts for the reading differential tests.
import { trickyStrings } from './cases.js';

/** Plain scalars whose YAML 1.1 resolution matters. */
export const scalarTexts: string[] = [
  'yes', 'Yes', 'YES', 'no', 'NO', 'y', 'Y', 'n', 'N', 'on', 'On', 'ON', 'off', 'Off', 'true', 'True', 'TRUE', 'false', 'FALSE', 'tRUE',
  'null', 'Null', 'NULL', '~', '', 'nULL',
  '0', '-0', '+0', '12', '+12', '-12', '0777', '0o17', '0x1F', '0X1f', '0b101', '-0b101', '0b2', '08', '09.5', '1_000', '1__0', '_1', '1_',
  '12345678', '9007199254740993', '9223372036854775807', '9223372036854775808', '18446744073709551615', '18446744073709551616', '-9223372036854775809',
  '1.5', '.5', '5.', '-.5', '+.5', '1e3', '1E3', '1e+3', '1e-7', '1.5e10', '1e400', '-1e400', '1e-400', '.1e5', '1.10', '1.0', '0.0', '-0.0', '6.02e23',
  '.inf', '.Inf', '.INF', '+.inf', '-.inf', '-.Inf', '.nan', '.NaN', '.NAN', 'inf', 'nan', 'NaN', '.inF',
  '1:20', '190:20:30', '-1:20', '1:2:3.5', '12:60',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43Z', '2001-12-14 21:59:43.10', '2001-02-30', '2001-1-2', '20011-12-14',
  '0x', '0xG', '1.2.3', 'v1', '1e', 'e1', '-', '+', '.', '..', '=', '<<', 'a<<',
];

/** Whole documents: structures, anchors, merges, block scalars, keys, documents. */
export const yamlDocs: string[] = [
  '',
  '\n',
  '# only a comment\n',
  '---\n',
  '---\na: 1\n',
  'a: 1\n---\nb: 2\n',
  'a: 1\n...\n',
  '- 1\n- 2\n',
  'scalar\n',
  '"quoted"\n',
  '42\n',
  'null\n',
  '[1, two, "three", {four: 4}]\n',
  '{a: 1, b: [x, y], c: {d: e}}\n',
  'a:\n  b:\n    c: [1, 2, 3]\n    d: {e: f}\n',
  'list:\n- a\n- b\n',
  'list:\n  - a\n  - b\nafter: 1\n',
  'a: b\nc:\nd: ~\n',
  'a: &x 1\nb: *x\n',
  'base: &base\n  a: 1\n  b: 2\nderived:\n  <<: *base\n  b: 3\n  c: 4\n',
  'base: &base\n  a: 1\nderived:\n  b: 0\n  <<: *base\n  a: 5\n',
  'x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  d: 3\n',
  'z:\n  <<: {a: 1}\n  b: 2\n',
  'z:\n  <<: 1\n',
  'z:\n  "<<": {a: 1}\n',
  'a: &a [1, 2]\nb: *a\nc: [*a, *a]\n',
  'a: &x 1\nb: &x 2\nc: *x\n',
  'a: *nope\n',
  'a: &x [*x]\n',
  'a: |\n  line1\n  line2\n',
  'a: |-\n  line1\n  line2\n',
  'a: |+\n  line1\n\n',
  'a: >\n  folded\n  text\n\n  para\n',
  'a: >-\n  x\n   indented\n  y\n',
  'a: |2\n   leading space\n',
  'a: "esc \\t \\n \\x41 \\u00e9 \\U0001F600 \\\\ \\" \\/ \\0 \\e \\N \\_ \\L \\P"\n',
  "a: 'it''s'\n",
  'a: "multi\n  line\n\n  quoted"\n',
  'a: plain\n  continued\n  lines\n',
  '1: one\n2.5: two\ntrue: three\non: four\nnull: five\n',
  '0x10: hex\n010: oct\n1e3: exp\n-0: negzero\n',
  '? complex\n: key\n',
  '[1, 2]: list key\n',
  '{a: 1}: map key\n',
  '18446744073709551615: big\n',
  'a: 1\na: 2\n',
  '__proto__: x\nconstructor: y\n',
  'a: !!str 123\nb: !!int "42"\nc: !!float 1\nd: !!bool yes\ne: !!null ""\nf: !custom value\ng: ! 12\n',
  'a: !!int foo\n',
  'a: !!binary aGVsbG8=\n',
  'a: !!binary "////"\n',
  'a: !!binary "@@@"\n',
  'a: .inf\n',
  'a: [.nan]\n',
  'date: 2001-12-14\nts: 2001-12-14T21:59:43Z\n',
  'a: 1 # comment\n# c\nb: 2 #c\n',
  'key with spaces: v\n"quoted key": v\n\'single\': v\n',
  'a:\n  - b: 1\n    c: 2\n  - d\n',
  '- - a\n  - b\n- - c\n',
  'tabs:\tvalue\n',
  'a\tb: c\n',
  'crlf: 1\r\nnext: 2\r\n',
  '\ufeffbom: 1\n',
  'unicode: 日本語\nemoji: 😀\n',
  'a: "\\u2028"\n',
  'long: ' + 'word '.repeat(40) + '\n',
  '[1, 2]]\n',
  'list:\n- a\n - b\n',
  'foo: bar\n  baz\nqux: 1\n',
  '%YAML 1.1\n---\na: 1\n',
  '%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1\n',
  'k: &x\n  a: 1\nj: *x\n',
  'k: !!map\n  a: 1\n',
  'k: # comment\n  a: 1\n',
  'k: &x !!map\n  a: 1\n',
  '- k: v\n  j: w\n- &a x: y\n',
  '? a\n: b\n',
  '?\n: b\n',
  ' a:\n  b: 1\nc: 2\n',
  '# c\n  a: 1\nb: 2\n',
  '[1]\nmore: x\n',
  '- a\n- b\nc: d\n',
  'k: []: x\n',
  'k: {}: x\n',
  'k: v\n\t# tab-led comment\n',
  'k: |\n\ttab content\n',
  'k: "a\n\tb"\n',
  'k: [a,\n\tb]\n',
];

/** Malformed YAML whose error text Go reports. */
export const badYaml: string[] = [
  'a: b: c\n',
  'a:\n  b: 1\n c: 2\n',
  'a:\n  - 1\n  b: 2\n',
  'a: [1, 2\n',
  'a: {x: 1\n',
  'a: 1\nb: [\n',
  'a: @foo\n',
  'a: `foo\n',
  'x: 1\ny: @z\n',
  'a: *unknown\n',
  'a: "unterminated\n',
  "a: 'unterminated\n",
  'key: value\n- item\n',
  '- a\nb: c\n',
  'a:\n\t- b\n',
  'a: b\n  c: d\n',
  'a: |\n  x\n y\n',
  'a: "\\q"\n',
  'x:\n  y: 1\n   z: 2\n',
  'a: b\nc\n',
  'a: b\nc\nd: e\n',
  'a:\n  b\n  c: d\n',
  '- - a\n - b\n',
  'a: >\n  x\n\ty\n',
  'a: %x\n',
  '!foo!bar x\n',
  'a: 1\n  b: 2\n',
  'a: "x" y\n',
  'a: [b, c]d\n',
  'a:\n  - b\n  -c: d\n',
  'a: b #c\n d: e\n',
  'top:\n  inner:\n    k: v\n   bad: 1\n',
  'image:\n  repository: nginx\n tag: 1\n',
  'a: 1\n---\nb: [\n',
  billionLaughs(9),
  '['.repeat(10001) + ']'.repeat(10001) + '\n',
  'a: ' + '['.repeat(10001) + ']'.repeat(10001) + '\n',
];

/** The classic alias bomb: n levels of nine aliases each. */
export function billionLaughs(levels: number): string {
  let out = 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < levels; i++) out += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  return out;
}

/** JSON texts for encoding/json Unmarshal. */
export const jsonTexts: string[] = [
  '{}', '[]', 'null', 'true', 'false', '0', '-0', '1', '-1.5', '1e3', '1E+3', '1e-7', '12345678901234567890', '1e400', '-1e400', '1e-400',
  '"str"', '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00"', '"\\ud800"', '"\\ud800\\u0041"', '"\\udc00"',
  '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}', '{"a": 1, "a": 2}', '{"__proto__": {"x": 1}}', ' \n\t{ "a" : [ 1 , 2 ] } \n',
  '', ' ', '{', '[', '{"a"', '{"a":', '{"a":1', '{"a":1,', '[1,', '[1', '"abc', '{a: 1}', "{'a': 1}", '[1,]', '{"a":1,}', '[1 2]', '{"a" 1}',
  'tru', 'trux', 'nul', 'nulx', 'fals', 'falsy', '01', '-', '-a', '1.', '1.e5', '1e', '1e+', '.5', '+1', 'NaN', 'Infinity',
  '"a\nb"', '"\\x41"', '"\\u12G4"', '{} {}', '[] x', '1 2', '"é" x', '{"a":1}}', 'x', 'é', '\u00a0', '[1]\u0000',
];

/** Strings from the writing tests, as YAML values and keys, for reading. */
export function scalarDocs(): string[] {
  const out: string[] = [];
  for (const s of scalarTexts) {
    out.push(`k: ${s}\n`);
    out.push(`${s === '' ? '""' : s}: v\n`);
    out.push(`- ${s}\n`);
  }
  for (const s of trickyStrings) out.push(`k: ${JSON.stringify(s)}\n`);
  return out;
}

/** Layouts libyaml accepts that YAML 1.2 parsers reject (indentation inside flow and quotes). */
export const laxYaml: string[] = [
  'k: "a\nb"\n',
  "k: 'a\nb'\n",
  'k:\n  x: "a\n  b"\n',
  'k:\n  x: "a\nb"\n',
  'k: [a,\nb]\n',
  'k: {a: 1,\nb: 2}\n',
  '- "a\nb"\n',
  'args: [\n"--flag",\n"--other"\n]\nnext: 1\n',
  'a:\n  b: [\n  1,\n  2\n  ]\n  c: 3\n',
  'k: "it\'s \\"x\\"\n  more"\n',
  "k: 'it''s\n  more'\n",
  'k: |\n  "not closed\n  [also]\nn: 1\n',
  'k: it\'s [plain] "x"\nn: "a\nb"\n',
  'k: "a # not a comment\nb"\n',
  'k: a # it\'s a comment\nn: [1,\n2]\n',
  'k: "tab\\there\n\tnext"\n',
  'k: "nel\u0085here"\n',
];

/** Values files with several documents, for Helm 4's LoadValues. */
export const valuesFiles: string[] = [
  '',
  'a: 1\n',
  'a: 1\n---\nb: 2\n',
  'a: {x: 1, y: 2}\n---\na: {y: 3, z: 4}\n',
  'a: {x: 1}\n---\na: 5\n',
  'a: 5\n---\na: {x: 1}\n',
  'a: 1\n---\na: null\n',
  '---\n---\na: 1\n---\n',
  '--- # comment\na: 1\n---   \nb: 2',
  'a: 1\n---foo\nb: 2\n',
  'a: 1\n--- b: 2\n',
  'a: 1\r\n---\r\nb: 2\r\n',
  'a: 1\n---\n- list\n',
  'a: 1\n---\nb: [\n',
  'x: 1\n---\ny: 2\nz: @bad\n',
  'a: 1\n ---\nb: 2\n',
  'a: "x\n---\ny"\n',
  'a: |\n  ---\n  text\n',
  'a:\n  b:\n    c: 1\n---\na:\n  b:\n    d: 2\n---\na:\n  b: null\n',
];
