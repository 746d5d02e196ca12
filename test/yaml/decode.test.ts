// Reading YAML and JSON as Helm does: types, YAML 1.1 resolution, bounds and safety.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GoError, GoList, GoMap, type Value } from '../../src/go/value.js';
import {
  fromJson,
  fromYaml,
  fromYamlArray,
  loadValues,
  parseJson,
  parseYaml,
  parseYamlDocuments,
  splitYamlDocuments,
} from '../../src/yaml/index.js';
import { billionLaughs } from './read-cases.js';

const get = (v: Value, ...path: string[]): Value => {
  let cur: Value = v;
  for (const k of path) {
    assert.ok(cur instanceof GoMap, `expected a map at ${k}`);
    cur = cur.entries.get(k) ?? null;
  }
  return cur;
};

describe('parseYaml', () => {
  test('every number is a float64 (a JS number); YAML 1.1 booleans and octal apply', () => {
    const v = parseYaml('a: 3\nb: 0777\nc: yes\nd: off\ne: 1e3\nf: 0x1F\ng: 1_000\nh: ~\ni: 1.10\n');
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((k) => get(v, k)),
      [3, 511, true, false, 1000, 31, 1000, null, 1.1],
    );
  });
  test('base-60 and timestamps stay strings', () => {
    const v = parseYaml('a: 1:20\nb: 2001-12-14\n');
    assert.equal(get(v, 'a'), '1:20');
    assert.equal(get(v, 'b'), '2001-12-14');
  });
  test('non-string keys are stringified as JSON needs', () => {
    const v = parseYaml('1: a\non: b\n2.5: c\n');
    assert.deepEqual([...(v as GoMap).entries.keys()].sort(), ['1', '2.5', 'true']);
  });
  test('maps are map[string]interface {} and lists []interface {}', () => {
    const v = parseYaml('m: {a: 1}\nl: [1]\n');
    assert.equal((get(v, 'm') as GoMap).type, 'map[string]interface {}');
    assert.equal((get(v, 'l') as GoList).type, '[]interface {}');
  });
  test('merge keys: explicit keys after the merge win, earlier merged maps win', () => {
    const v = parseYaml('x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  c: 3\n');
    assert.deepEqual(Object.fromEntries((get(v, 'z') as GoMap).entries), { a: 1, b: 1, c: 3 });
  });
  test('duplicate keys: the last one wins', () => {
    assert.equal(get(parseYaml('a: 1\na: 2\n'), 'a'), 2);
  });
  test('__proto__ and constructor are ordinary keys and pollute nothing', () => {
    const v = parseYaml('__proto__: {polluted: true}\nconstructor: x\n');
    assert.ok(get(v, '__proto__') instanceof GoMap);
    assert.equal(get(v, 'constructor'), 'x');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    const j = parseJson('{"__proto__": {"polluted": true}}');
    assert.ok(get(j, '__proto__') instanceof GoMap);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
  test('only the first document is read', () => {
    assert.deepEqual(Object.fromEntries((parseYaml('a: 1\n---\nb: 2\n') as GoMap).entries), { a: 1 });
  });
  test("errors carry go-yaml's text and line", () => {
    assert.throws(
      () => parseYaml('a:\n  b: 1\n c: 2\n'),
      new GoError('error converting YAML to JSON: yaml: line 2: did not find expected key'),
    );
    assert.throws(
      () => parseYaml('x: 1\ny: b: c\n'),
      new GoError(
        'error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context',
      ),
    );
    assert.throws(
      () => parseYaml('a: *nope\n'),
      new GoError("error converting YAML to JSON: yaml: unknown anchor 'nope' referenced"),
    );
    assert.throws(
      () => parseYaml('a: .nan\n'),
      new GoError('error converting YAML to JSON: json: unsupported value: NaN'),
    );
  });
});

describe('bounds on untrusted YAML', () => {
  test("an alias bomb stops with go-yaml's excessive-aliasing error", () => {
    assert.throws(
      () => parseYaml(billionLaughs(12)),
      new GoError('error converting YAML to JSON: yaml: document contains excessive aliasing'),
    );
  });
  test('moderate alias use is fine', () => {
    const v = parseYaml(billionLaughs(3));
    assert.equal((get(v, 'l2') as GoList).items.length, 9);
  });
  test('an anchor that contains its own alias is refused', () => {
    assert.throws(
      () => parseYaml('a: &x [1, *x]\n'),
      new GoError("error converting YAML to JSON: yaml: anchor 'x' value contains itself"),
    );
  });
  test('flow nesting past 10000 levels is refused as go-yaml does', () => {
    assert.throws(
      () => parseYaml('['.repeat(10001) + ']'.repeat(10001)),
      new GoError('error converting YAML to JSON: yaml: exceeded max depth of 10000'),
    );
  });
  test('nesting as deep as go-yaml reads is read (composed in slices, decoded on a stack)', () => {
    for (const text of [
      '['.repeat(9999) + ']'.repeat(9999),
      '{a: '.repeat(5000) + '&x [1]' + '}'.repeat(5000),
      '- '.repeat(9999) + '1\n',
    ]) {
      let v = parseYaml(text);
      let depth = 0;
      while (v instanceof GoList || v instanceof GoMap) {
        depth++;
        v = v instanceof GoList ? (v.items[0] ?? null) : (v.entries.get('a') ?? null);
      }
      assert.equal(depth, text.startsWith('{') ? 5001 : 9999);
      assert.equal(v, text.startsWith('{') ? 1 : text.startsWith('[') ? null : 1);
    }
    // Anchors defined in a deep slice serve aliases and merges outside it.
    const deep = `a: ${'['.repeat(3000)}&x {k: v}${']'.repeat(3000)}\nb: *x\nc: {<<: *x, m: 1}\n`;
    const m = parseYaml(deep) as GoMap;
    assert.deepEqual(m.entries.get('b'), new GoMap(new Map([['k', 'v']])));
    assert.deepEqual(
      m.entries.get('c'),
      new GoMap(
        new Map<string, Value>([
          ['k', 'v'],
          ['m', 1],
        ]),
      ),
    );
  });
  test('control characters are refused before parsing', () => {
    assert.throws(
      () => parseYaml('a: "x\u0001"\n'),
      new GoError('error converting YAML to JSON: yaml: control characters are not allowed'),
    );
  });
});

describe('template functions', () => {
  test('fromYaml reports errors in the Error key; a list is a type error', () => {
    assert.equal(
      get(fromYaml('- 1\n'), 'Error'),
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    assert.equal(fromYaml('').size, 0);
  });
  test('fromYamlArray returns the message as the only item', () => {
    assert.deepEqual(fromYamlArray('a: 1\n').items, [
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}',
    ]);
  });
  test("fromJson keeps Go's syntax error texts", () => {
    assert.equal(
      get(fromJson('{"a": tru}'), 'Error'),
      "invalid character '}' in literal true (expecting 'e')",
    );
    assert.equal(get(fromJson('{"a":'), 'Error'), 'unexpected end of JSON input');
  });
});

describe('multi-document values files', () => {
  test('documents are split on --- lines only', () => {
    assert.deepEqual(splitYamlDocuments('a: 1\n---\nb: |\n  ---x\n--- # c\nc: 3'), [
      'a: 1\n',
      'b: |\n  ---x\n',
      'c: 3\n',
    ]);
    assert.throws(
      () => splitYamlDocuments('a: 1\n--- b: 2\n'),
      new GoError('invalid Yaml document separator: b: 2'),
    );
  });
  test('each document is read on its own', () => {
    assert.deepEqual(
      parseYamlDocuments('a: 1\n---\n- x\n').map((v) => v instanceof GoMap || v instanceof GoList),
      [true, true],
    );
  });
  test('LoadValues merges maps deeply, later documents winning, without changing earlier ones', () => {
    const v = loadValues('a: {x: 1, w: {p: 1}}\n---\na: {w: {q: 2}}\nb: 2\n');
    assert.deepEqual(Object.fromEntries((get(v, 'a', 'w') as GoMap).entries), { p: 1, q: 2 });
    assert.equal(get(v, 'a', 'x'), 1);
    assert.equal(get(v, 'b'), 2);
  });
  test('errors name the document step', () => {
    assert.throws(
      () => loadValues('a: 1\n---\nb: [\n'),
      new GoError(
        'cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected node content',
      ),
    );
  });
});
