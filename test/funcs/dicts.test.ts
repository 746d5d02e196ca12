// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 (mergo v1.0.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dictsFuncs } from '../../src/funcs/dicts.js';
import { GoInt, GoList, GoMap, int, mapOf, typeOf, type Value } from '../../src/go/value.js';

const F = dictsFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const i = (n: number): Value => int(n);
const L = (...xs: Value[]): GoList => new GoList(xs);
const D = (rec: Record<string, Value>): GoMap => mapOf(rec);
const values = (rec: Record<string, Value>): GoMap => new GoMap(new Map(Object.entries(rec)), 'main.Values');
const nilMap = (): GoMap => new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true);
const err = (fn: () => unknown, message: string): void => assert.throws(fn, { message });

/** %v rendering of maps (sorted keys) and lists, as the Go oracle printed them. */
const show = (v: Value): string => {
  if (v === null) return '<nil>';
  if (v instanceof GoList) return `[${v.items.map(show).join(' ')}]`;
  if (v instanceof GoMap) {
    const ks = [...v.entries.keys()].sort();
    return `map[${ks.map((k) => `${k}:${show(v.entries.get(k)!)}`).join(' ')}]`;
  }
  if (v instanceof GoInt) return v.v.toString();
  return String(v);
};

test('dict: string keys via strval; odd count gives ""', () => {
  assert.equal(show(call('dict', 'a', i(1), 'b')), 'map[a:1 b:]');
  assert.equal(show(call('dict', i(1), i(2), null, i(3), 2.5, i(4))), 'map[1:2 2.5:4 <nil>:3]');
  assert.equal(typeOf(call('dict')), 'map[string]interface {}');
});

test('get, set, unset, hasKey', () => {
  assert.equal(call('get', D({ a: i(1) }), 'b'), '');
  assert.equal(call('get', D({ a: null }), 'a'), null);
  const v = values({ a: D({ b: 'c' }) });
  const r = call('set', v, 'x', i(1)) as GoMap;
  assert.equal(typeOf(r), 'map[string]interface {}');
  assert.equal(show(v), 'map[a:map[b:c] x:1]'); // mutated in place
  err(() => call('set', nilMap(), 'a', i(1)), 'assignment to entry in nil map');
  assert.equal(show(call('unset', nilMap(), 'a')), 'map[]');
  assert.equal(call('hasKey', nilMap(), 'a'), false);
  assert.equal(call('get', nilMap(), 'a'), '');
  const d = D({ a: i(1) });
  call('set', d, 'b', i(2));
  assert.equal(show(d), 'map[a:1 b:2]');
  call('unset', d, 'a');
  assert.equal(show(d), 'map[b:2]');
});

test('pluck, pick, omit, values, keys', () => {
  assert.equal(show(call('pluck', 'a', D({ a: i(1) }), D({ b: i(2) }), D({ a: i(3) }))), '[1 3]');
  assert.equal(show(call('pick', D({ a: i(1), b: i(2) }), 'a', 'c')), 'map[a:1]');
  assert.equal(show(call('omit', D({ a: i(1), b: i(2) }), 'a')), 'map[b:2]');
  assert.equal(show(call('values', D({ a: i(1) }))), '[1]');
  const k = call('keys', D({ a: i(1) }), D({ b: i(2) }));
  assert.equal(show(k), '[a b]');
  assert.equal(typeOf(call('keys')), '[]string');
});

test('merge: dst wins unless its value is empty; mutates dst', () => {
  const d = D({ a: '', b: false, c: i(0), d: null, e: 'keep', f: L(), g: D({}), h: D({ x: i(1) }) });
  const src = D({
    a: 'A',
    b: true,
    c: i(5),
    d: 'D',
    e: 'new',
    f: L(i(1)),
    g: D({ y: i(2) }),
    h: D({ x: i(2), z: i(3) }),
    i: 'I',
  });
  const r = call('merge', d, src);
  const want = 'map[a:A b:true c:5 d:D e:keep f:[1] g:map[y:2] h:map[x:1 z:3] i:I]';
  assert.equal(show(r), want);
  assert.equal(show(d), want);
});

test('mergeOverwrite: src wins, including empty values and nil', () => {
  const d = D({ a: 'x', l: L(i(1)), m: D({ k: i(1) }) });
  const r = call('mergeOverwrite', d, D({ a: '', l: L(), m: D({ k: null, j: false }), n: null }));
  assert.equal(show(r), 'map[a: l:[] m:map[j:false k:<nil>] n:<nil>]');
  assert.equal(show(call('mergeOverwrite', D({ a: i(1) }), D({ a: null }))), 'map[a:<nil>]');
});

test('merge of lists and mismatched kinds', () => {
  assert.equal(show(call('merge', D({ a: i(1) }), D({ l: L(i(1), i(2)) }))), 'map[a:1 l:[1 2]]');
  assert.equal(show(call('merge', D({}), D({ l: L(i(1), i(2)), k: i(1) }))), 'map[k:1 l:[1 2]]');
  assert.equal(show(call('merge', D({ a: i(1), l: null }), D({ l: L(i(1), i(2)) }))), 'map[a:1 l:[1 2]]');
  assert.equal(show(call('merge', D({ a: i(1), l: '' }), D({ l: L(i(1), i(2)) }))), 'map[a:1 l:[1 2]]');
  assert.equal(show(call('merge', D({ a: i(1), l: 'x' }), D({ l: L(i(1), i(2)) }))), 'map[a:1 l:x]');
  assert.equal(show(call('merge', D({ a: 'x' }), D({ a: D({ b: i(1) }) }))), 'map[a:x]');
  assert.equal(show(call('mergeOverwrite', D({ a: 'x' }), D({ a: D({ b: i(1) }) }))), 'map[a:map[b:1]]');
  assert.equal(show(call('merge', D({ a: D({ b: i(1) }) }), D({ a: 'x' }))), 'map[a:map[b:1]]');
  assert.equal(show(call('mergeOverwrite', D({ a: D({ b: i(1) }) }), D({ a: 'x' }))), 'map[a:x]');
  assert.equal(show(call('merge', D({ a: L() }), D({ a: L(i(1)) }))), 'map[a:[1]]');
  assert.equal(show(call('merge', D({ a: L(i(2)) }), D({ a: L(i(1)) }))), 'map[a:[2]]');
});

test('merge into nil and named maps', () => {
  const n = nilMap();
  const r = call('merge', n, D({ a: i(1) })) as GoMap;
  assert.equal(show(r), 'map[a:1]');
  assert.equal(n.size, 0);
  assert.equal(typeOf(call('merge', values({}), D({}))), 'map[string]interface {}');
  assert.equal(show(call('merge', D({ a: i(1) }), nilMap())), 'map[a:1]');
  assert.equal(show(call('merge', D({ a: D({}) }), D({ a: D({ b: i(1) }) }))), 'map[a:map[b:1]]');
  const three = call('merge', D({ a: D({ b: i(1) }) }), D({ a: D({ b: i(2), c: i(3) }) }), D({ d: i(4) }));
  assert.equal(show(three), 'map[a:map[b:1 c:3] d:4]');
});

test('merge shares nested maps from the source', () => {
  // {{ $d := dict }}{{ $inner := dict "x" 1 }}{{ merge $d (dict "n" $inner) }}{{ set $inner "y" 2 }}{{ $d }}
  const d = D({});
  const inner = D({ x: i(1) });
  call('merge', d, D({ n: inner }));
  call('set', inner, 'y', i(2));
  assert.equal(show(d), 'map[n:map[x:1 y:2]]');
});

test('deepCopy does not share nested maps', () => {
  const m = D({ b: D({ c: 'd' }) });
  const c = call('deepCopy', m) as GoMap;
  call('set', c.get('b')!, 'c', 'e');
  assert.equal(show(m), 'map[b:map[c:d]]');
  assert.equal(show(c), 'map[b:map[c:e]]');
});

test('dig needs exactly map[string]interface {}', () => {
  assert.equal(show(call('dig', 'a', 'b', 'def', D({ a: D({ b: i(1) }) }))), '1');
  assert.equal(call('dig', 'a', 'x', 'def', D({ a: D({ b: i(1) }) })), 'def');
  assert.equal(call('dig', 'x', 'y', 'def', D({ a: i(1) })), 'def');
  assert.equal(call('dig', 'a', 'def', D({ a: null })), null);
  err(
    () => call('dig', 'a', 'b', '', values({ a: D({ b: 'c' }) })),
    'interface conversion: interface {} is main.Values, not map[string]interface {}',
  );
  err(
    () => call('dig', 'a', 'b', '', D({ a: i(1) })),
    'interface conversion: interface {} is int, not map[string]interface {}',
  );
  err(
    () => call('dig', 'a', 'b', '', D({ a: null })),
    'interface conversion: interface {} is nil, not map[string]interface {}',
  );
  err(() => call('dig', i(1), '', D({})), 'interface conversion: interface {} is int, not string');
  err(() => call('dig', 'a', D({})), 'dig needs at least three arguments');
  err(
    () => call('dig', 'a', 'b', '', null),
    'interface conversion: interface {} is nil, not map[string]interface {}',
  );
  const mss = new GoMap(new Map([['x', 'y']]), 'map[string]string', 'string');
  err(
    () => call('dig', 'a', 'b', '', mss),
    'interface conversion: interface {} is map[string]string, not map[string]interface {}',
  );
});

test('deepCopy copies maps and lists, keeping types', () => {
  const m = D({ a: i(1), b: D({ c: 'd' }) });
  const c = call('deepCopy', m) as GoMap;
  call('set' as string, c, 'a', i(2));
  assert.equal(show(c), 'map[a:2 b:map[c:d]]');
  assert.equal(show(m), 'map[a:1 b:map[c:d]]');
  assert.equal(typeOf(call('deepCopy', values({}))), 'main.Values');
  err(() => call('deepCopy', null), 'reflect: call of reflect.Value.Type on zero Value');
  assert.equal((call('deepCopy', new GoList([], 'interface {}', true)) as GoList).nil, true);
  assert.equal(call('deepCopy', 1.5), 1.5);
  assert.equal(typeOf(call('deepCopy', new GoList(['a'], 'string'))), '[]string');
  assert.equal(show(call('deepCopy', D({ n: null }))), 'map[n:<nil>]');
});
