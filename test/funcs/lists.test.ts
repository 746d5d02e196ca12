// Expected values observed from Go 1.26 text/template + Sprig v3.3.0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listsFuncs } from '../../src/funcs/lists.js';
import {
  GoInt,
  GoList,
  GoMap,
  int,
  int64,
  mapOf,
  typeOf,
  utf8Encode,
  type Value,
} from '../../src/go/value.js';

const F = listsFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const i = (n: number): Value => int(n);
const L = (...xs: Value[]): GoList => new GoList(xs);
const strs = (): GoList => new GoList(['a', 'b'], 'string');
const ints = (): GoList => new GoList([i(1), i(2), i(3)], 'int');
const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';
/** %v-like rendering of the simple values these tests use. */
const show = (v: Value): string => {
  if (v === null) return '<nil>';
  if (v instanceof GoList) return `[${v.items.map(show).join(' ')}]`;
  if (v instanceof Uint8Array) return `[${[...v].join(' ')}]`;
  if (v instanceof GoInt) return v.v.toString();
  return String(v);
};
const err = (fn: () => unknown, message: string): void => assert.throws(fn, { message });

test('list, append, prepend return []interface {}', () => {
  assert.equal(show(call('list', i(1), 'a', null)), '[1 a <nil>]');
  assert.equal(typeOf(call('list')), '[]interface {}');
  assert.equal(show(call('append', L(i(1)), i(2))), '[1 2]');
  const a = call('append', strs(), 'c');
  assert.equal(show(a), '[a b c]');
  assert.equal(typeOf(a), '[]interface {}');
  assert.equal(show(call('prepend', ints(), i(0))), '[0 1 2 3]');
  assert.equal(show(call('push', utf8Encode('hi'), i(1))), '[104 105 1]');
  err(() => call('append', null, i(1)), NIL_DEREF);
  err(() => call('append', 'abc', i(1)), 'Cannot push on type string');
  err(() => call('mustAppend', i(1), i(1)), 'Cannot push on type int');
  err(() => call('prepend', mapOf({}), i(1)), 'Cannot prepend on type map');
});

test('first, last, rest, initial', () => {
  assert.equal(call('first', L()), null);
  assert.equal(call('first', strs()), 'a');
  assert.equal(show(call('last', ints())), '3');
  assert.equal(show(call('rest', L(i(1), i(2), i(3)))), '[2 3]');
  assert.equal(show(call('initial', L(i(1), i(2), i(3)))), '[1 2]');
  const r = call('rest', L()) as GoList;
  assert.equal(typeOf(r), '[]interface {}');
  assert.equal(r.nil, true); // toJson prints null
  assert.equal((call('initial', L(i(1))) as GoList).nil, false); // toJson prints []
  const b = call('first', utf8Encode('hi'));
  assert.equal(typeOf(b), 'uint8');
  assert.equal(show(b), '104');
  err(() => call('first', null), NIL_DEREF);
  err(() => call('first', 'abc'), 'Cannot find first on type string');
  err(() => call('mustFirst', mapOf({})), 'Cannot find first on type map');
  err(() => call('last', 1.5), 'Cannot find last on type float64');
  err(() => call('rest', int64(5)), 'Cannot find rest on type int64');
  err(() => call('initial', true), 'Cannot find initial on type bool');
});

test('reverse, uniq, without, has use reflect.DeepEqual', () => {
  assert.equal(show(call('reverse', L(i(1), i(2), i(3)))), '[3 2 1]');
  assert.equal(show(call('reverse', strs())), '[b a]');
  assert.equal(show(call('uniq', L(i(1), i(1), i(2), 1, '1', i(1)))), '[1 2 1 1]');
  assert.equal(show(call('uniq', L(L(i(1)), L(i(1))))), '[[1]]');
  assert.equal(show(call('without', L(i(1), i(2), i(3), i(2)), i(2))), '[1 3]');
  assert.equal(show(call('without', L(i(1), i(2), i(3)))), '[1 2 3]');
  assert.equal(call('has', i(1), L(i(1), i(2), i(3))), true);
  assert.equal(call('has', 1, L(i(1), i(2), i(3))), false);
  assert.equal(call('has', i(1), L(1, 2, 3)), false);
  assert.equal(call('has', i(1), null), false);
  assert.equal(call('has', 'a', strs()), true);
  err(() => call('has', i(1), 'abc'), 'Cannot find has on type string');
  err(() => call('reverse', null), NIL_DEREF);
  err(() => call('uniq', 'x'), 'Cannot find uniq on type string');
  err(() => call('without', i(1), i(2)), 'Cannot find without on type int');
});

test('slice keeps the slice type; bad bounds panic in reflect', () => {
  assert.equal(show(call('slice', L(i(1), i(2), i(3)), i(1))), '[2 3]');
  assert.equal(show(call('slice', L(i(1), i(2), i(3)), i(1), i(2))), '[2]');
  assert.equal(call('slice', L()), null);
  assert.equal(typeOf(call('slice', strs(), i(1))), '[]string');
  assert.equal(show(call('slice', ints(), '1', 2.9)), '[2]');
  assert.equal(show(call('slice', utf8Encode('hi'), i(1))), '[105]');
  const bounds = 'reflect.Value.Slice: slice index out of bounds';
  err(() => call('slice', L(i(1), i(2), i(3)), i(2), i(1)), bounds);
  err(() => call('slice', L(i(1), i(2), i(3)), i(0), i(4)), bounds);
  err(() => call('slice', L(i(1), i(2), i(3)), i(-1)), bounds);
  err(() => call('slice', 'abc', i(1)), 'list should be type of slice or array but string');
  err(() => call('slice', null, i(1)), NIL_DEREF);
});

test('concat', () => {
  assert.equal(show(call('concat', L(i(1)), strs(), ints())), '[1 a b 1 2 3]');
  assert.equal((call('concat') as GoList).nil, true);
  const e = call('concat', L()) as GoList;
  assert.equal(e.nil, true);
  assert.equal(typeOf(e), '[]interface {}');
  err(() => call('concat', L(i(1)), i(2)), 'Cannot concat type int as list');
  err(() => call('concat', null), NIL_DEREF);
});

test('chunk', () => {
  assert.equal(show(call('chunk', i(2), L(i(1), i(2), i(3), i(4), i(5)))), '[[1 2] [3 4] [5]]');
  assert.equal(show(call('chunk', i(3), L(i(1), i(2), i(3)))), '[[1 2 3]]');
  assert.equal(show(call('chunk', i(2), L())), '[]');
  assert.equal(typeOf(call('chunk', i(2), L(i(1)))), '[][]interface {}');
  assert.equal(show(call('chunk', i(10), L(i(1), i(2)))), '[[1 2]]');
  assert.equal(show(call('chunk', i(-2), L(i(1)))), '[[1]]');
  const mk = 'runtime error: makeslice: len out of range';
  err(() => call('chunk', i(0), L(i(1), i(2))), mk);
  err(() => call('chunk', i(-2), L(i(1), i(2), i(3), i(4), i(5))), mk);
  err(() => call('chunk', i(0), L()), mk);
  err(() => call('chunk', i(2), 'abc'), 'Cannot chunk type string');
});

test('until and untilStep give []int', () => {
  assert.equal(show(call('until', i(3))), '[0 1 2]');
  assert.equal(show(call('until', i(-3))), '[0 -1 -2]');
  assert.equal(show(call('until', i(0))), '[]');
  const u = call('until', i(2)) as GoList;
  assert.equal(typeOf(u), '[]int');
  assert.equal(typeOf(u.items[0]!), 'int');
  assert.equal(show(call('untilStep', i(0), i(10), i(3))), '[0 3 6 9]');
  assert.equal(show(call('untilStep', i(10), i(0), i(-3))), '[10 7 4 1]');
  assert.equal(show(call('untilStep', i(0), i(10), i(0))), '[]');
  assert.equal(show(call('untilStep', i(10), i(0), i(3))), '[]');
  assert.equal(show(call('untilStep', i(0), i(10), i(-1))), '[]');
});

test('huge sequences fail clearly instead of exhausting memory (a Rudder bound; Go would allocate)', () => {
  assert.throws(() => call('until', i(100_000_000)), /exceeds Rudder's limit/);
  assert.equal((call('until', i(1000)) as GoList).items.length, 1000);
});

test('join', () => {
  assert.equal(call('join', ',', L(i(1), 'a', null, 2.5)), '1,a,2.5');
  assert.equal(call('join', '-', strs()), 'a-b');
  assert.equal(call('join', ',', 'abc'), 'abc');
  assert.equal(call('join', ',', null), '');
  assert.equal(call('join', ',', 1.5), '1.5');
  assert.equal(call('join', ',', utf8Encode('hi')), '104,105');
});

test('sortAlpha sorts bytewise into []string', () => {
  assert.equal(show(call('sortAlpha', L('b', 'a', i(3), i(1), 'B', 'é', 'z'))), '[1 3 B a b z é]');
  assert.equal(show(call('sortAlpha', 'x')), '[x]');
  assert.equal(show(call('sortAlpha', null)), '[<nil>]');
  assert.equal(show(call('sortAlpha', i(3))), '[3]');
  assert.equal(typeOf(call('sortAlpha', strs())), '[]string');
  assert.equal(show(call('sortAlpha', L('\u{1F600}', '\uFFFD'))), '[\uFFFD \u{1F600}]');
  assert.equal((call('sortAlpha', mapOf({ a: i(1) })) as GoList).items.length, 1);
  assert.ok(!(call('sortAlpha', L()) instanceof GoMap));
});

test('sortAlpha sorts a []string in place, as Go does; other lists are copied', () => {
  const s = new GoList(['b', 'a'], 'string');
  call('sortAlpha', s);
  assert.equal(show(s), '[a b]');
  const l = L('b', 'a');
  call('sortAlpha', l);
  assert.equal(show(l), '[b a]');
});
