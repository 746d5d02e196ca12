// The fixed test FuncMap of the Go oracle's "go" mode (tools/gotmpl/fixtures.go, testFuncs),
// as GoFuncs with the same Go signatures. Change both sides together; the list is documented in
// test/template/cases/README.md.

import {
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  int,
  int64,
  kindOf,
  typeOf,
  uint64,
  type FuncMap,
  type GoSignature,
  type Value,
} from '../../src/go/value.js';
import { FixtureInner, FixturePtrT, FixtureT, type TFields } from './fixtures.js';

const str = (v: Value): string => (typeof v === 'string' ? v : '');
const big = (v: Value): bigint => (v instanceof GoInt ? v.v : 0n);

const sig = (params: string[], results: string[], extra: Partial<GoSignature> = {}): GoSignature => ({
  params,
  results,
  ...extra,
});

/** Go's strings.ToUpper for the ASCII inputs the cases use. */
const upper = (s: string): string => s.toUpperCase();

function madeT(): Partial<TFields> {
  return {
    Name: 'made',
    Count: int(2),
    Meta: new GoMap(new Map<string, Value>([['k', 'v']])),
    Inner: new FixtureInner(int(1), 'i'),
  };
}

/** Builds the functions fresh (values hold no state, but callers may mutate maps). */
export function testFuncList(): GoFunc[] {
  const f = (name: string, s: GoSignature, fn: (...args: Value[]) => Value): GoFunc =>
    new GoFunc(name, s, fn);
  return [
    f('fail', sig(['string'], ['string'], { returnsError: true }), (m) => {
      throw new GoError(str(m));
    }),
    f('okErr', sig(['string'], ['string'], { returnsError: true }), (s) => s),
    f('panicky', sig(['string'], ['string']), (m) => {
      throw new GoError(str(m));
    }),
    f('panicErr', sig(['string'], ['string']), (m) => {
      throw new GoError(str(m));
    }),
    f('typeName', sig(['interface {}'], ['string']), (v) => typeOf(v)),
    f('kindName', sig(['interface {}'], ['string']), (v) => kindOf(v)),
    f('echo', sig(['interface {}'], ['interface {}']), (v) => v),
    f('intArg', sig(['int'], ['int']), (n) => n),
    f('int64Arg', sig(['int64'], ['int64']), (n) => n),
    f('uint64Arg', sig(['uint64'], ['uint64']), (n) => n),
    f('uint8Arg', sig(['uint8'], ['uint8']), (n) => n),
    f('floatArg', sig(['float64'], ['float64']), (x) => x),
    f('strArg', sig(['string'], ['string']), (s) => s),
    f('boolArg', sig(['bool'], ['bool']), (b) => b),
    f('bytesArg', sig(['[]uint8'], ['int']), (b) => int(b instanceof Uint8Array ? b.length : 0)),
    f('complexArg', sig(['complex128'], ['complex128']), (c) => c),
    f('listArg', sig(['[]interface {}'], ['int']), (l) => int(l instanceof GoList ? l.items.length : 0)),
    f('strListArg', sig(['[]string'], ['string']), (l) =>
      l instanceof GoList ? l.items.map(str).join(',') : '',
    ),
    f('mapArg', sig(['map[string]interface {}'], ['int']), (m) => int(m instanceof GoMap ? m.size : 0)),
    f('strMapArg', sig(['map[string]string'], ['int']), (m) => int(m instanceof GoMap ? m.size : 0)),
    f('tArg', sig(['main.T'], ['string']), (t) => (t instanceof FixtureT ? t.f.Name : '')),
    f('variadicInts', sig([], ['int'], { variadic: 'int' }), (...xs) =>
      int(xs.reduce<bigint>((a, x) => a + big(x), 0n)),
    ),
    f(
      'variadicStrs',
      sig(['string'], ['string'], { variadic: 'string' }),
      (p, ...xs) => str(p) + xs.map(str).join('+'),
    ),
    f('anyVariadic', sig([], ['string'], { variadic: 'interface {}' }), (...xs) => xs.map(typeOf).join(',')),
    f('twoArgs', sig(['string', 'int'], ['string']), (a, b) => `${str(a)}=${big(b)}`),
    f('dec', sig(['int'], ['int']), (n) => int(big(n) - 1n)),
    f('mkInt64', sig(['int'], ['int64']), (n) => int64(big(n))),
    f('mkUint64', sig(['int'], ['uint64']), (n) => uint64(big(n))),
    f('mkFloat', sig(['int'], ['float64']), (n) => Number(big(n))),
    f(
      'returnsMap',
      sig([], ['map[string]interface {}']),
      () =>
        new GoMap(
          new Map<string, Value>([
            ['a', int(1)],
            ['b', 'x'],
            ['nested', new GoMap(new Map<string, Value>([['c', true]]))],
            ['nilv', null],
          ]),
        ),
    ),
    f(
      'returnsStrMap',
      sig([], ['map[string]string']),
      () => new GoMap(new Map<string, Value>([['k', 'v']]), 'map[string]string', 'string'),
    ),
    f('returnsList', sig([], ['[]interface {}']), () => new GoList([int(1), 'two', 3.5, null])),
    f('returnsStrList', sig([], ['[]string']), () => new GoList(['b', 'a'], 'string')),
    f('returnsNilList', sig([], ['[]interface {}']), () => new GoList([], 'interface {}', true)),
    f(
      'returnsNilMap',
      sig([], ['map[string]interface {}']),
      () => new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true),
    ),
    f('returnsNil', sig([], ['interface {}']), () => null),
    f('returnsBytes', sig([], ['[]uint8']), () => new TextEncoder().encode('hi')),
    f('returnsT', sig([], ['main.T']), () => new FixtureT(madeT())),
    f('returnsPtrT', sig([], ['*main.T']), () => new FixturePtrT({ Name: 'ptr', Count: int(3) })),
    f('returnsNilPtr', sig([], ['*main.T']), () => new FixturePtrT(undefined)),
    f(
      'returnsFunc',
      sig([], ['func(string) string']),
      () => new GoFunc('ToUpper', sig(['string'], ['string']), (s) => upper(str(s))),
    ),
    f(
      'returnsAdder',
      sig([], ['func(int, int) int']),
      () => new GoFunc('adder', sig(['int', 'int'], ['int']), (a, b) => int(big(a) + big(b))),
    ),
    f(
      'returnsFailing',
      sig([], ['func() (string, error)']),
      () =>
        new GoFunc('failing', sig([], ['string'], { returnsError: true }), () => {
          throw new GoError('inner failure');
        }),
    ),
  ];
}

/** The test FuncMap, by name. */
export function testFuncs(): FuncMap {
  return new Map(testFuncList().map((g) => [g.name, g]));
}

/** A test function as a data value (`{"$func": "name"}`). */
export function testFuncValue(name: string): GoFunc | undefined {
  return testFuncs().get(name);
}
