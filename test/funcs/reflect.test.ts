// Expected values observed from Go 1.26 text/template + Sprig v3.3.0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFuncType, reflectFuncs } from '../../src/funcs/reflect.js';
import {
  GoComplex,
  GoList,
  GoMap,
  GoObject,
  int,
  int64,
  mapOf,
  uint64,
  utf8Encode,
  type Value,
} from '../../src/go/value.js';

const F = reflectFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const i = (n: number): Value => int(n);

class Ptr extends GoObject {
  readonly goType = '*struct { A int }';
  readonly goKind = 'ptr' as const;
}
class Struct extends GoObject {
  readonly goType = 'struct { A int }';
  readonly goKind = 'struct' as const;
}
const values = (rec: Record<string, Value>): GoMap => new GoMap(new Map(Object.entries(rec)), 'main.Values');

test('typeOf prints %T', () => {
  assert.equal(call('typeOf', i(1)), 'int');
  assert.equal(call('typeOf', 1.5), 'float64');
  assert.equal(call('typeOf', int64(5)), 'int64');
  assert.equal(call('typeOf', null), '<nil>');
  assert.equal(call('typeOf', values({})), 'main.Values');
  assert.equal(call('typeOf', new Ptr()), '*struct { A int }');
  assert.equal(call('typeOf', utf8Encode('hi')), '[]uint8');
  assert.equal(call('typeOf', new GoComplex(0, 1)), 'complex128');
  assert.equal(call('typeOf', new Struct()), 'struct { A int }');
});

test('kindOf prints the reflect kind', () => {
  assert.equal(call('kindOf', i(1)), 'int');
  assert.equal(call('kindOf', 1.5), 'float64');
  assert.equal(call('kindOf', null), 'invalid');
  assert.equal(call('kindOf', values({})), 'map');
  assert.equal(call('kindOf', new Ptr()), 'ptr');
  assert.equal(call('kindOf', utf8Encode('hi')), 'slice');
  assert.equal(call('kindOf', new Struct()), 'struct');
  assert.equal(call('kindOf', new GoList(['a'], 'string')), 'slice');
  assert.equal(call('kindOf', 'a'), 'string');
  assert.equal(call('kindOf', true), 'bool');
  assert.equal(call('kindOf', uint64(7)), 'uint64');
});

test('typeIs, typeIsLike, kindIs', () => {
  assert.equal(call('typeIs', 'int', i(1)), true);
  assert.equal(call('typeIs', 'float64', i(1)), false);
  assert.equal(call('typeIsLike', 'struct { A int }', new Ptr()), true);
  assert.equal(call('typeIsLike', 'int', i(1)), true);
  assert.equal(call('kindIs', 'map', values({})), true);
  assert.equal(call('kindIs', 'invalid', null), true);
  assert.equal(call('kindIs', 'ptr', new Ptr()), true);
  assert.equal(call('typeIs', '<nil>', null), true);
});

test('deepEqual is reflect.DeepEqual: type-strict', () => {
  assert.equal(call('deepEqual', i(1), i(1)), true);
  assert.equal(call('deepEqual', i(1), 1), false);
  assert.equal(call('deepEqual', new GoList([i(1)]), new GoList([i(1)])), true);
  assert.equal(call('deepEqual', mapOf({ a: i(1) }), mapOf({ a: i(1) })), true);
  assert.equal(call('deepEqual', null, null), true);
  assert.equal(call('deepEqual', new GoList([], 'interface {}', true), new GoList([])), false);
  assert.equal(call('deepEqual', new GoList(['a', 'b'], 'string'), new GoList(['a', 'b'])), false);
  assert.equal(call('deepEqual', int64(1), i(1)), false);
  assert.equal(call('deepEqual', values({ a: mapOf({ b: 'c' }) }), mapOf({ a: mapOf({ b: 'c' }) })), false);
  assert.equal(call('deepEqual', NaN, NaN), false);
  const nilMap = new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true);
  assert.equal(call('deepEqual', nilMap, mapOf({})), false);
});

test('parseFuncType reads Go func types', () => {
  assert.deepEqual(parseFuncType('func(int, string) string'), {
    params: ['int', 'string'],
    results: ['string'],
  });
  assert.deepEqual(parseFuncType('func(...interface {}) []interface {}'), {
    params: [],
    variadic: 'interface {}',
    results: ['[]interface {}'],
  });
  assert.deepEqual(parseFuncType('func(interface {}) (interface {}, error)'), {
    params: ['interface {}'],
    results: ['interface {}'],
    returnsError: true,
  });
  assert.deepEqual(parseFuncType('func(string) (*semver.Version, error)'), {
    params: ['string'],
    results: ['*semver.Version'],
    returnsError: true,
  });
});
