// toYaml / toYamlPretty / JSON writing: the behaviours chart authors see, as unit tests.
// (The differential suite compares the same functions with Go on hundreds of inputs.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GoError, GoFunc, GoList, GoMap, GoObject, int64, mapOf, type Value } from '../../src/go/value.js';
import {
  mustToJson,
  mustToYaml,
  toJson,
  toPrettyJson,
  toRawJson,
  toYaml,
  toYamlPretty,
} from '../../src/yaml/index.js';
import { naturalLess, sortKeysNatural } from '../../src/yaml/sort.js';

const list = (...items: Value[]): GoList => new GoList(items);

describe('toYaml', () => {
  test('whole floats print as ints after the JSON round trip, others keep exponent form', () => {
    assert.equal(
      toYaml(mapOf({ a: 3, b: 12345678, c: 1e-7, d: 100000000.5, e: -0 })),
      'a: 3\nb: 12345678\nc: 1e-07\nd: 1.000000005e+08\ne: 0',
    );
  });
  test('lists under keys are not indented; list items holding maps continue at item+2', () => {
    assert.equal(
      toYaml(mapOf({ k: list(mapOf({ name: 'x', value: 'y' }), list('a')) })),
      'k:\n- name: x\n  value: "y"\n- - a',
    );
  });
  test('strings that would read back as other types are double-quoted', () => {
    assert.equal(
      toYaml(list('yes', 'on', '1e3', '0777', '~', '', '1:20', '2001-12-14')),
      '- "yes"\n- "on"\n- "1e3"\n- "0777"\n- "~"\n- ""\n- "1:20"\n- "2001-12-14"',
    );
  });
  test('indicator-led and space-edged strings are single-quoted', () => {
    assert.equal(toYaml(list('- x', '*a', ' lead', "it's: x")), "- '- x'\n- '*a'\n- ' lead'\n- 'it''s: x'");
  });
  test('multi-line strings become literal blocks with the right chomping', () => {
    assert.equal(
      toYaml(mapOf({ a: 'x\ny', b: 'x\n', c: 'x\n\n', d: ' x\ny' })),
      'a: |-\n  x\n  y\nb: |\n  x\nc: |+\n  x\n\nd: |2-\n   x\n  y',
    );
  });
  test('trailing spaces, tabs, CRs and emoji refuse a literal block', () => {
    assert.equal(
      toYaml(mapOf({ a: 'x \ny', b: 'x\ty\n', c: 'x\r\ny', d: '😀\nx' })),
      'a: "x \\ny"\nb: "x\\ty\\n"\nc: "x\\r\\ny"\nd: "\\U0001F600\\nx"',
    );
  });
  test('long plain text folds at the first space past column 80', () => {
    const s = 'word '.repeat(20).trim();
    const out = toYaml(mapOf({ key: s }));
    const [first, second] = out.split('\n');
    assert.ok(first !== undefined && first.length > 80 && !first.endsWith(' '));
    assert.equal(second, '  word word word word');
    assert.equal(out.replace('\n  ', ' '), `key: ${s}`);
  });
  test('keys sort in go-yaml natural order (non-letters first, digit runs by value)', () => {
    assert.equal(toYaml(mapOf({ a10: 1, a2: 2, B: 3, a: 4, _x: 5 })), '_x: 5\nB: 3\na: 4\na2: 2\na10: 1');
  });
  test('empty collections and nil print in flow form', () => {
    assert.equal(
      toYaml(mapOf({ l: list(), m: new GoMap(), n: null, nl: new GoList([], 'interface {}', true) })),
      'l: []\nm: {}\n"n": null\nnl: null',
    );
  });
  test('errors: toYaml returns "", mustToYaml raises Go\'s text', () => {
    assert.equal(toYaml(mapOf({ a: NaN })), '');
    assert.throws(
      () => mustToYaml(mapOf({ a: NaN })),
      new GoError('error marshaling into JSON: json: unsupported value: NaN'),
    );
    assert.throws(() => mustToYaml('del\x7f'), new GoError('yaml: control characters are not allowed'));
  });
  test('[]byte is base64, as JSON writes it', () => {
    assert.equal(toYaml(new Uint8Array([104, 105])), 'aGk=');
  });
  test('structs: exported fields only', () => {
    class S extends GoObject {
      readonly goType = 'main.S';
      readonly goKind = 'struct' as const;
      override fields(): [string, Value][] {
        return [
          ['Name', 'n'],
          ['hidden', 'h'],
          ['Count', int64(2)],
        ];
      }
    }
    assert.equal(toYaml(new S()), 'Count: 2\nName: "n"');
    assert.equal(toJson(new S()), '{"Name":"n","Count":2}');
  });
});

describe('toYamlPretty', () => {
  test('indents lists under keys and keeps float64 formatting', () => {
    assert.equal(toYamlPretty(mapOf({ baz: list(1, 2), f: 1e6 })), 'baz:\n  - 1\n  - 2\nf: 1e+06');
  });
  test('never folds long lines', () => {
    const s = 'word '.repeat(30).trim();
    assert.equal(toYamlPretty(mapOf({ k: s })), `k: ${s}`);
  });
  test('a function value cannot be encoded: ""', () => {
    assert.equal(toYamlPretty(mapOf({ f: new GoFunc('f', { params: [], results: [] }, () => null) })), '');
  });
});

describe('JSON writing', () => {
  test('toJson escapes HTML and line separators, sorts keys bytewise', () => {
    assert.equal(
      toJson(mapOf({ b: '<a>&\u2028', B: 1, a: 2 })),
      '{"B":1,"a":2,"b":"\\u003ca\\u003e\\u0026\\u2028"}',
    );
  });
  test('toRawJson does not escape HTML, and raises on NaN', () => {
    assert.equal(toRawJson(mapOf({ b: '<a>&' })), '{"b":"<a>&"}');
    assert.throws(() => toRawJson(NaN), new GoError('json: unsupported value: NaN'));
  });
  test('toPrettyJson indents by two spaces, empty containers stay inline', () => {
    assert.equal(
      toPrettyJson(mapOf({ a: list(1, mapOf({})), b: list() })),
      '{\n  "a": [\n    1,\n    {}\n  ],\n  "b": []\n}',
    );
    assert.equal(toPrettyJson(Infinity), '');
  });
  test("floats use Go's JSON form; -0 keeps its sign; ints keep full precision", () => {
    assert.equal(
      toJson(list(1e21, 1e20, 1e-7, 1e-6, -0, int64(2n ** 63n - 1n))),
      '[1e+21,100000000000000000000,1e-7,0.000001,-0,9223372036854775807]',
    );
  });
  test('nil slices and maps are null; []byte is base64', () => {
    assert.equal(
      toJson(
        list(
          new GoList([], 'string', true),
          new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true),
          new Uint8Array([0, 255]),
        ),
      ),
      '[null,null,"AP8="]',
    );
  });
  test('a MarshalJSON-style object writes its own text', () => {
    class T extends GoObject {
      readonly goType = 'time.Time';
      readonly goKind = 'struct' as const;
      marshalJSON(): string {
        return '"2024-01-02T03:04:05Z"';
      }
    }
    assert.equal(toJson(mapOf({ t: new T() })), '{"t":"2024-01-02T03:04:05Z"}');
    assert.equal(toYaml(mapOf({ t: new T() })), 't: "2024-01-02T03:04:05Z"');
  });
  test('functions and complex numbers are unsupported types', () => {
    const f = new GoFunc('f', { params: ['int'], results: ['string'] }, () => '');
    assert.throws(() => mustToJson(f), new GoError('json: unsupported type: func(int) string'));
    assert.equal(toJson(f), '');
  });
});

describe('natural key order', () => {
  test('digit runs compare by value, non-letters before letters, upper before lower', () => {
    assert.deepEqual(sortKeysNatural(['a10', 'a2', 'a1', 'b', 'B', '_', '1', '10', '9']), [
      '_',
      '1',
      '9',
      '10',
      'B',
      'a1',
      'a2',
      'a10',
      'b',
    ]);
    assert.equal(naturalLess('item7', 'item70'), true);
    assert.equal(naturalLess('x', 'x'), false);
  });
  test('yaml.v3 puts a letter first after a shared digit', () => {
    assert.deepEqual(sortKeysNatural(['1_', '1a'], true), ['1a', '1_']);
    assert.deepEqual(sortKeysNatural(['1_', '1a'], false), ['1_', '1a']);
  });
});
