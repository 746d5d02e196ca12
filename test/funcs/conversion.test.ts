// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 (spf13/cast v1.7.0).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversionFuncs } from '../../src/funcs/conversion.js';
import {
  GoError,
  GoInt,
  GoList,
  int,
  int64,
  mapOf,
  typeOf,
  uint64,
  utf8Encode,
  type Value,
} from '../../src/go/value.js';

const F = conversionFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const i = (n: number): Value => int(n);
/** "type:value" as `{{ typeOf $x }}:{{ $x }}` prints it, for ints and floats. */
const tv = (v: Value): string => `${typeOf(v)}:${v instanceof GoInt ? v.v : String(v)}`;

test('int: cast.ToInt rules (truncation, base-0 strings, silent 0)', () => {
  const cases: [Value, string][] = [
    ['010', '8'],
    ['08', '0'],
    ['0x1F', '31'],
    ['1.0', '1'],
    ['1.5', '0'],
    [' 5', '0'],
    ['1_000', '1000'],
    [true, '1'],
    [null, '0'],
    [3.9, '3'],
    [-3.9, '-3'],
    ['12.000', '12'],
    ['1.', '0'],
    ['-0x10', '-16'],
    ['0b101', '5'],
    ['0o17', '15'],
    ['.0', '0'],
    [uint64(7), '7'],
    [new GoList([i(1)]), '0'],
    ['9223372036854775808', '0'],
    [1e19, '-9223372036854775808'],
  ];
  for (const [input, want] of cases)
    assert.equal(tv(call('int', input)), `int:${want}`, `int ${String(input)}`);
});

test('int64 and float64', () => {
  assert.equal(tv(call('int64', '010')), 'int64:8');
  assert.equal(tv(call('int64', 1e20)), 'int64:-9223372036854775808');
  assert.equal(tv(call('int64', -1e20)), 'int64:-9223372036854775808');
  assert.equal(tv(call('int64', i(1))), 'int64:1');
  assert.equal(call('float64', '1.5'), 1.5);
  assert.equal(call('float64', '1e3'), 1000);
  assert.equal(call('float64', '0x1p-2'), 0.25);
  assert.equal(call('float64', '1_000.5'), 1000.5);
  assert.equal(call('float64', 'inf'), Infinity);
  assert.equal(call('float64', 'Infinity'), Infinity);
  assert.equal(call('float64', '+Inf'), Infinity);
  assert.equal(call('float64', '1e400'), 0);
  assert.equal(call('float64', '-nan'), 0);
  assert.equal(call('float64', true), 1);
  assert.equal(call('float64', int64(5)), 5);
  assert.equal(call('float64', 'abc'), 0);
  assert.equal(call('float64', '  1'), 0);
});

test('atoi is base 10 and keeps the clamped value on overflow', () => {
  assert.equal(tv(call('atoi', '08')), 'int:8');
  assert.equal(tv(call('atoi', '0x10')), 'int:0');
  assert.equal(tv(call('atoi', '99999999999999999999')), 'int:9223372036854775807');
  assert.equal(tv(call('atoi', '-99999999999999999999')), 'int:-9223372036854775808');
  assert.equal(tv(call('atoi', '+5')), 'int:5');
  assert.equal(tv(call('atoi', '1_0')), 'int:0');
  assert.equal(tv(call('atoi', 'abc')), 'int:0');
});

test('toDecimal reads the printed value as octal', () => {
  assert.equal(tv(call('toDecimal', '0777')), 'int64:511');
  assert.equal(tv(call('toDecimal', i(777))), 'int64:511');
  assert.equal(tv(call('toDecimal', '778')), 'int64:0');
  assert.equal(tv(call('toDecimal', '-17')), 'int64:-15');
  assert.equal(tv(call('toDecimal', '0o17')), 'int64:0');
  assert.equal(tv(call('toDecimal', 1.5)), 'int64:0');
});

test('seq', () => {
  const s = (...ns: number[]): Value => call('seq', ...ns.map(i));
  assert.equal(s(5), '1 2 3 4 5');
  assert.equal(s(-3), '1 0 -1 -2 -3');
  assert.equal(s(0), '1 0');
  assert.equal(s(1), '1');
  assert.equal(s(2, 5), '2 3 4 5');
  assert.equal(s(5, 2), '5 4 3 2');
  assert.equal(s(1, 2, 10), '1 3 5 7 9');
  assert.equal(s(10, -3, 1), '10 7 4 1');
  assert.equal(s(10, 3, 1), '');
  assert.equal(s(1, -1, 5), '');
  assert.equal(s(), '');
  assert.equal(s(1, 2, 3, 4), '');
  assert.equal(s(0, 0, 5), '');
});

test('toString prints with Go fmt', () => {
  assert.equal(call('toString', 1.5), '1.5');
  assert.equal(call('toString', 1000000), '1e+06');
  assert.equal(call('toString', null), '<nil>');
  assert.equal(call('toString', utf8Encode('hi')), 'hi');
  assert.equal(call('toString', new GoList(['a', i(1), null])), '[a 1 <nil>]');
  assert.equal(call('toString', mapOf({ b: mapOf({ c: 'd' }), a: 1 })), 'map[a:1 b:map[c:d]]');
});

test('toStrings', () => {
  const l = call('toStrings', new GoList([i(1), 'a', null, 2.5])) as GoList;
  assert.equal(l.type, '[]string');
  assert.deepEqual(l.items, ['1', 'a', '2.5']);
  assert.deepEqual((call('toStrings', null) as GoList).items, []);
  assert.deepEqual((call('toStrings', new GoList([i(1), i(2)], 'int')) as GoList).items, ['1', '2']);
  assert.deepEqual((call('toStrings', 'abc') as GoList).items, ['abc']);
  assert.deepEqual((call('toStrings', utf8Encode('hi')) as GoList).items, ['104', '105']);
});

test('GoError is not thrown by conversions', () => {
  assert.doesNotThrow(() => call('int', mapOf({})));
  assert.ok(!(call('int', 'x') instanceof GoError));
});
