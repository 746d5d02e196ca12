// Expected values observed from Go 1.26 text/template + Sprig v3.3.0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultsFuncs } from '../../src/funcs/defaults.js';
import {
  GoComplex,
  GoError,
  GoList,
  GoMap,
  GoObject,
  int,
  mapOf,
  uint64,
  utf8Encode,
  type Value,
} from '../../src/go/value.js';

const F = defaultsFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const i = (n: number): Value => int(n);

class Struct extends GoObject {
  readonly goType = 'struct { A int }';
  readonly goKind = 'struct' as const;
}
class Ptr extends GoObject {
  readonly goType = '*struct { A int }';
  readonly goKind = 'ptr' as const;
}

test('default treats zero values and empty containers as unset', () => {
  const d = i(3);
  assert.equal(call('default', d, i(0)), d);
  assert.equal(call('default', d, false), d);
  assert.equal(call('default', d, ''), d);
  assert.equal(call('default', d, new GoList([])), d);
  assert.equal(call('default', d, mapOf({})), d);
  assert.equal(call('default', d, null), d);
  assert.equal(call('default', d), d);
  assert.equal(call('default', d, 'x'), 'x');
  assert.equal(call('default', d, 0), d);
  const st = new Struct();
  assert.equal(call('default', d, st), st);
  const p = new Ptr();
  assert.equal(call('default', d, p), p);
  assert.equal(call('default', d, new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true)), d);
  const b = utf8Encode('hi');
  assert.equal(call('default', d, b), b);
  const one = i(1);
  assert.equal(call('default', d, one, i(2)), one);
  assert.equal(call('default', d, i(0), i(2)), d);
});

test('empty', () => {
  assert.equal(call('empty', i(0)), true);
  assert.equal(call('empty', i(1)), false);
  assert.equal(call('empty', new Struct()), false);
  assert.equal(call('empty', null), true);
  assert.equal(call('empty', ''), true);
  assert.equal(call('empty', '0'), false);
  assert.equal(call('empty', new GoComplex(0, 0)), true);
  assert.equal(call('empty', uint64(7)), false);
  assert.equal(call('empty', 0), true);
});

test('coalesce, all, any', () => {
  assert.equal(call('coalesce', i(0), '', null, 'x', i(1)), 'x');
  assert.equal(call('coalesce'), null);
  assert.equal(call('coalesce', i(0), false), null);
  assert.equal(call('all', i(1), 'a'), true);
  assert.equal(call('all', i(1), ''), false);
  assert.equal(call('all'), true);
  assert.equal(call('any', i(0), ''), false);
  assert.equal(call('any', i(0), 'a'), true);
  assert.equal(call('any'), false);
});

test('ternary', () => {
  assert.equal(call('ternary', 'a', 'b', true), 'a');
  assert.equal(call('ternary', 'a', 'b', false), 'b');
  assert.equal(call('ternary', i(1), null, false), null);
  assert.equal(F.get('ternary')!.type, 'func(interface {}, interface {}, bool) interface {}');
});

test("fail is Sprig's: an error with the message", () => {
  assert.throws(
    () => call('fail', 'boom'),
    (e: unknown) => e instanceof GoError && e.message === 'boom',
  );
  assert.equal(F.get('fail')!.type, 'func(string) (string, error)');
});

test('compact and mustCompact', () => {
  const l = new GoList([i(0), i(1), '', 'a', null, false, true, new GoList([]), mapOf({}), 0]);
  const out = call('compact', l) as GoList;
  assert.equal(out.type, '[]interface {}');
  assert.deepEqual(out.items, [i(1), 'a', true]);
  assert.equal((call('compact', new GoList([])) as GoList).type, '[]interface {}');
  const nilDeref = 'runtime error: invalid memory address or nil pointer dereference';
  assert.throws(() => call('compact', null), { message: nilDeref });
  assert.throws(() => call('compact', 'x'), { message: 'Cannot compact on type string' });
  assert.throws(() => call('mustCompact', i(1)), { message: 'Cannot compact on type int' });
});
