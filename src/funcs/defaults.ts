// Sprig's defaults and flow functions (default empty coalesce all any compact mustCompact
// ternary fail), all built on Sprig's `empty`: zero numbers, false, nil and empty
// containers are "empty", so `default 3 0` is 3 — a classic chart surprise kept on purpose.
import { GoComplex, GoError, GoFunc, GoInt, GoList, GoMap, GoObject, type Value } from '../go/value.js';
import { goFunc, kindOrPanic, sliceItems } from './reflect.js';

/** Sprig's empty: reflect zero values and zero-length containers; structs never. */
export function empty(v: Value): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'boolean':
      return !v;
    case 'string':
      return v.length === 0;
    case 'number':
      return v === 0;
  }
  if (v instanceof GoInt) return v.v === 0n;
  if (v instanceof GoList) return v.items.length === 0;
  if (v instanceof GoMap) return v.size === 0;
  if (v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoComplex) return v.re === 0 && v.im === 0;
  if (v instanceof GoObject) return v.goKind === 'struct' ? false : !v.truth();
  return false; // a non-nil func
}

/** mustCompact: a new []interface {} of the non-empty elements of a slice. */
export function compactList(v: Value): GoList {
  const kind = kindOrPanic(v);
  const items = sliceItems(v);
  if (!items) throw new GoError(`Cannot compact on type ${kind}`);
  return new GoList(items.filter((x) => !empty(x)));
}

/** default empty coalesce all any compact mustCompact ternary fail */
export function defaultsFuncs(): Map<string, GoFunc> {
  const fs = [
    goFunc('default', 'func(interface {}, ...interface {}) interface {}', (d, ...given) =>
      given.length === 0 || empty(given[0]!) ? d : given[0]!,
    ),
    goFunc('empty', 'func(interface {}) bool', (v) => empty(v)),
    goFunc('coalesce', 'func(...interface {}) interface {}', (...vs) => vs.find((v) => !empty(v)) ?? null),
    goFunc('all', 'func(...interface {}) bool', (...vs) => vs.every((v) => !empty(v))),
    goFunc('any', 'func(...interface {}) bool', (...vs) => vs.some((v) => !empty(v))),
    goFunc('compact', 'func(interface {}) []interface {}', (v) => compactList(v)),
    goFunc('mustCompact', 'func(interface {}) ([]interface {}, error)', (v) => compactList(v)),
    goFunc('ternary', 'func(interface {}, interface {}, bool) interface {}', (t, f, c) => (c ? t : f)),
    goFunc('fail', 'func(string) (string, error)', (msg) => {
      throw new GoError(msg as string);
    }),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
