// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 (cast v1.7.0, decimal v1.4.0).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FuncEnv } from '../../src/funcs/env.js';
import { mathFuncs } from '../../src/funcs/math.js';
import { GoError, GoInt, int, int64, typeOf, type Value } from '../../src/go/value.js';

const fixedEnv = (byte: number): FuncEnv => ({
  now: () => new Date(0),
  randomBytes: (n) => new Uint8Array(n).fill(byte),
});
const F = mathFuncs(fixedEnv(7));
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const i = (n: number | bigint): Value => int(n);
const tv = (v: Value): string => `${typeOf(v)}:${v instanceof GoInt ? v.v : String(v)}`;
const goErr = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
};

test('integer math returns int64 and truncates operands', () => {
  assert.equal(tv(call('add', i(1), i(2))), 'int64:3');
  assert.equal(tv(call('add')), 'int64:0');
  assert.equal(tv(call('add', 1.9, '3', true, null)), 'int64:5');
  assert.equal(tv(call('add1', 1.5)), 'int64:2');
  assert.equal(tv(call('sub', i(1), 1.5)), 'int64:0');
  assert.equal(tv(call('mul', 1.5, i(2))), 'int64:2');
  assert.equal(tv(call('mul', i(3))), 'int64:3');
  assert.equal(tv(call('div', i(-7), i(2))), 'int64:-3');
  assert.equal(tv(call('mod', i(-7), i(2))), 'int64:-1');
  assert.equal(tv(call('mod', i(7), i(-3))), 'int64:1');
});

test('integer math wraps at 64 bits', () => {
  assert.equal(tv(call('div', '-9223372036854775808', i(-1))), 'int64:-9223372036854775808');
  assert.equal(tv(call('add', '9223372036854775807', i(1))), 'int64:-9223372036854775808');
  assert.equal(tv(call('mul', '4611686018427387904', i(4))), 'int64:0');
});

test('division by zero is Go runtime error', () => {
  goErr(() => call('div', i(1), i(0)), 'runtime error: integer divide by zero');
  goErr(() => call('mod', i(1), i(0)), 'runtime error: integer divide by zero');
});

test('max, min, biggest', () => {
  assert.equal(tv(call('max', i(1), 5.9, '3')), 'int64:5');
  assert.equal(tv(call('min', i(1), -5.9)), 'int64:-5');
  assert.equal(tv(call('biggest', 'x')), 'int64:0');
});

test('float math is decimal-exact like shopspring/decimal', () => {
  assert.equal(call('addf', 0.1, 0.2), 0.3);
  assert.equal(call('addf'), 0);
  assert.equal(call('add1f', 0.1), 1.1);
  assert.equal(call('subf', 0.3, 0.1), 0.2);
  assert.equal(call('mulf', 0.1, i(3)), 0.3);
  assert.equal(call('divf', i(1), i(3)), 0.3333333333333333);
  assert.equal(call('divf', i(2), i(3)), 0.6666666666666667);
  assert.equal(call('divf', i(-2), i(3)), -0.6666666666666667);
  assert.equal(call('divf', i(10), i(4)), 2.5);
  assert.equal(call('divf', i(1), i(7)), 0.1428571428571429);
  assert.equal(call('mulf', 1.1, 1.1), 1.21);
  assert.equal(call('divf', 1e300, 1e-300), Infinity);
  assert.equal(typeOf(call('addf', i(1))), 'float64');
});

test('decimal panics', () => {
  goErr(() => call('divf', i(1), i(0)), 'decimal division by 0');
  goErr(() => call('addf', 'inf'), 'Cannot create a Decimal from +Inf');
  goErr(() => call('addf', NaN), 'Cannot create a Decimal from NaN');
});

test('maxf, minf, ceil, floor', () => {
  assert.equal(call('maxf', i(1), 2.5, '3'), 3);
  assert.equal(call('minf', i(1), -2.5), -2.5);
  assert.ok(Number.isNaN(call('maxf', i(1), NaN) as number));
  assert.equal(call('ceil', 1.2), 2);
  assert.equal(call('floor', -1.2), -2);
  assert.equal(call('ceil', 'x'), 0);
  assert.equal(typeOf(call('ceil', i(1))), 'float64');
});

test("round: Sprig's ceiling-at-roundOn rule", () => {
  assert.equal(call('round', 2.5, i(0)), 3);
  assert.equal(call('round', -2.5, i(0)), -3);
  assert.equal(call('round', -2.4, i(0)), -3);
  assert.equal(call('round', 3.14159, i(2)), 3.14);
  assert.equal(call('round', 1.005, i(2)), 1);
  assert.equal(call('round', 2.675, i(2)), 2.68);
  assert.equal(call('round', 1.45, i(1), 0.4), 1.5);
  assert.equal(call('round', 123.456, i(-1)), 120);
  assert.equal(call('round', 0.285, i(2)), 0.28);
  assert.equal(call('round', 1.3, i(0), 0.3), 2);
});

test('randInt draws from the environment and panics on an empty range', () => {
  const r = call('randInt', i(5), i(10));
  assert.equal(typeOf(r), 'int');
  assert.ok((r as GoInt).v >= 5n && (r as GoInt).v < 10n);
  goErr(() => call('randInt', i(5), i(5)), 'invalid argument to Intn');
  assert.equal(tv(mathFuncs(fixedEnv(0)).get('randInt')!.fn(i(-3), i(3))), 'int:-3');
  assert.deepEqual(int64(1), int64(1));
});
