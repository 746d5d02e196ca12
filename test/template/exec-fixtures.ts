// Data and functions for the executor tests, the same as the Go program whose output the
// expectations were taken from (typed values, structs with methods, a named map type).

import {
  GoComplex,
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  NO_FIELD,
  type FuncMap,
  type GoKind,
  type Value,
  int,
  int64,
  mapOf,
  uint64,
} from '../../src/go/value.js';
import { sprint } from '../../src/go/fmt/print.js';

const str = (v: Value): string => v as string;
const num = (v: Value): bigint => (v as GoInt).v;

/** `main.Inner` (struct) and `*main.Inner` (pointer to it). */
export class Inner extends GoObject {
  readonly goType: string;
  readonly goKind: GoKind;
  constructor(
    readonly name: string,
    readonly count = 0,
    readonly ptr = false,
    readonly isNil = false,
  ) {
    super();
    this.goType = ptr ? '*main.Inner' : 'main.Inner';
    this.goKind = ptr ? 'ptr' : 'struct';
  }
  override method(name: string): GoFunc | undefined {
    switch (name) {
      case 'Hello':
        return new GoFunc(
          'Hello',
          { params: ['string'], results: ['string'] },
          (s) => `hello ${str(s)} from ${this.name}`,
        );
      case 'Fail':
        return new GoFunc('Fail', { params: [], results: ['string'], returnsError: true }, () => {
          throw new GoError('method failed');
        });
      case 'Vari':
        return new GoFunc('Vari', { params: ['string'], variadic: 'int', results: ['string'] }, (p, ...r) =>
          sprint([p, new GoList(r, 'int')]),
        );
      case 'PtrMethod':
        return this.ptr
          ? new GoFunc('PtrMethod', { params: [], results: ['string'] }, () => `ptr:${this.name}`)
          : undefined;
    }
    return undefined;
  }
  override field(name: string): Value | typeof NO_FIELD {
    switch (name) {
      case 'Name':
        return this.name;
      case 'Count':
        return int(this.count);
      case 'Any':
      case 'Ptr':
        return null;
    }
    return NO_FIELD;
  }
  override fields(): [string, Value][] {
    return [
      ['Name', this.name],
      ['Count', int(this.count)],
      ['Any', null],
      ['Ptr', null],
    ];
  }
  override truth(): boolean {
    return !this.isNil;
  }
  override deref(): Value | undefined {
    if (!this.ptr) return undefined;
    return this.isNil ? null : new Inner(this.name, this.count);
  }
}

/** `main.VersionSet`, a named []string with a Has method. */
function versionSet(items: string[]): GoList {
  const has = new GoFunc('Has', { params: ['string'], results: ['bool'] }, (s) => items.includes(str(s)));
  return new GoList(items, 'string', false, 'main.VersionSet', new Map([['Has', has]]));
}

class Caps extends GoObject {
  readonly goType = 'main.Caps';
  readonly goKind = 'struct' as const;
  override field(name: string): Value | typeof NO_FIELD {
    if (name === 'APIVersions') return versionSet(['v1', 'apps/v1']);
    if (name === 'KubeVersion') return '1.30';
    return NO_FIELD;
  }
}

/** `main.Values`, a named map[string]interface{} with methods YAML and AsMap. */
export function values(rec: Record<string, Value>): GoMap {
  const entries = new Map(Object.entries(rec));
  const methods = new Map<string, GoFunc>([
    ['YAML', new GoFunc('YAML', { params: [], results: ['string'], returnsError: true }, () => 'yaml!')],
    [
      'AsMap',
      new GoFunc('AsMap', { params: [], results: ['map[string]interface {}'] }, () => new GoMap(entries)),
    ],
  ]);
  return new GoMap(entries, 'main.Values', 'interface {}', false, methods);
}

export function preset(name: string, json: Value): Value {
  switch (name) {
    case '':
      return json;
    case 'nil':
      return null;
    case 'values':
      return mapOf({ Values: values({ a: 1, YAML: 'shadowed', n: mapOf({ x: 'y' }), s: 'str' }) });
    case 'inner':
      return new Inner('root', 1);
    case 'list':
      return new GoList(['a', 'b']);
    case 'typed':
      return mapOf({
        i: int(3),
        i64: int64(4),
        u64: uint64(5),
        f: 1.5,
        s: 'abc',
        b: true,
        bytes: new TextEncoder().encode('hi'),
        strs: new GoList(['x', 'y'], 'string'),
        ints: new GoList([int(3), int(1), int(2)], 'int'),
        ss: new GoMap(new Map([['k', 'v']]), 'map[string]string', 'string'),
        nilmap: new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true),
        nilslice: new GoList([], 'interface {}', true),
        list: new GoList([1, 'two', null, true]),
        m: mapOf({ b: 2, a: 1, c: null }),
        inner: new Inner('in', 2),
        pinner: new Inner('pin', 0, true),
        nilptr: new Inner('', 0, true, true),
        caps: new Caps(),
        fn: new GoFunc('fn', { params: ['int', 'int'], results: ['int'] }, (a, b) => int(num(a) + num(b))),
        efn: new GoFunc('efn', { params: [], results: ['string'], returnsError: true }, () => {
          throw new GoError('boom');
        }),
        cplx: new GoComplex(1, 2),
        neg: int(-2),
        zero: int(0),
        u8: new GoInt('uint8', 200n),
        i8: new GoInt('int8', -3n),
        empty: '',
        nested: mapOf({ a: mapOf({ b: mapOf({ c: 'deep' }) }) }),
      });
  }
  throw new Error(`unknown preset ${name}`);
}

const fn = (
  name: string,
  params: string[],
  results: string[],
  f: (...a: Value[]) => Value,
  extra: { variadic?: string; returnsError?: boolean } = {},
): [string, GoFunc] => [name, new GoFunc(name, { params, results, ...extra }, f)];

export const FUNCS: FuncMap = new Map([
  fn('upper', ['string'], ['string'], (s) => str(s).toUpperCase()),
  fn(
    'fail',
    ['string'],
    ['string'],
    (s) => {
      throw new GoError(str(s));
    },
    { returnsError: true },
  ),
  fn('boom', [], ['string'], () => {
    throw new Error('kaboom');
  }),
  fn('boomerr', [], ['string'], () => {
    throw new GoError('kaboom err');
  }),
  fn('add', ['int', 'int'], ['int'], (a, b) => int(num(a) + num(b))),
  fn('f64', ['float64'], ['float64'], (f) => (f as number) * 2),
  fn('i64', ['int64'], ['int64'], (i) => i),
  fn('u', ['uint'], ['uint'], (i) => i),
  fn('vari', ['string'], ['string'], (s, ...n) => sprint([s, new GoList(n, 'int')]), { variadic: 'int' }),
  fn('anyv', [], ['string'], (...a) => `${a.length}:${sprint([new GoList(a)])}`, {
    variadic: 'interface {}',
  }),
  fn('nilf', [], ['interface {}'], () => null),
  fn('ident', ['interface {}'], ['interface {}'], (a) => a),
  fn('dict', [], ['map[string]interface {}'], () => mapOf({ a: 'x', n: null })),
  fn('mapf', ['map[string]interface {}'], ['int'], (m) => int((m as GoMap).size)),
  fn('valsf', [], ['main.Values'], () => values({ k: 'v' })),
  fn('strs', [], ['[]string'], () => new GoList(['p', 'q'], 'string')),
  fn('bl', ['bool'], ['bool'], (b) => !b),
  fn('cx', ['complex128'], ['complex128'], (c) => c),
  fn(
    'getfn',
    [],
    ['func(int, int) int'],
    () => new GoFunc('f', { params: ['int', 'int'], results: ['int'] }, (a, b) => int(num(a) * num(b))),
  ),
  fn('slice', [], ['string'], () => 'myslice', { variadic: 'interface {}' }),
  fn('twoargs', ['string', 'string'], ['string'], (a, b) => str(a) + str(b)),
  fn('bytesf', [], ['[]uint8'], () => new TextEncoder().encode('by')),
  fn('innerf', [], ['main.Inner'], () => new Inner('fi')),
  fn('pinnerf', [], ['*main.Inner'], () => new Inner('pfi', 0, true)),
  fn('nilinner', [], ['*main.Inner'], () => new Inner('', 0, true, true)),
]);
