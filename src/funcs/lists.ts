// Sprig's list functions (list.go) plus until/untilStep, join and sortAlpha. They take any
// slice through reflection and return a new []interface {}; a nil list makes Go dereference
// a nil type and panic, and the plain variants panic with the error the must* ones return.
import { GoError, GoFunc, GoInt, GoList, compareGoStrings, utf8Normalize, type Value } from '../go/value.js';
import { castInt64, strslice, strval, truncFloat, untilStep } from './conversion.js';
import { deepEqual, goFunc, kindOrPanic, sliceItems } from './reflect.js';

/** The elements of a slice argument, or Sprig's error text for any other kind. */
function itemsOr(v: Value, message: (kind: string) => string): Value[] {
  const kind = kindOrPanic(v);
  const items = sliceItems(v);
  if (!items) throw new GoError(message(kind));
  return items;
}

const list = (items: Value[]): GoList => new GoList(items);
/** A nil []interface {} (what `return nil, nil` gives for an empty input). */
const nilList = (): GoList => new GoList([], 'interface {}', true);

const inList = (hay: Value[], needle: Value): boolean => hay.some((h) => deepEqual(needle, h));

function sortAlpha(v: Value): GoList {
  if (sliceItems(v) === undefined) return new GoList([strval(v)], 'string');
  // For a []string, strslice hands back the caller's own slice and sort works in place, as in Go.
  const a = strslice(v);
  a.sort(compareGoStrings);
  return new GoList(a, 'string');
}

function chunk(size: bigint, v: Value): GoList {
  const items = itemsOr(v, (k) => `Cannot chunk type ${k}`);
  const l = items.length;
  const sz = Number(size);
  const cs = BigInt.asIntN(64, truncFloat(Math.floor((l - 1) / sz)) + 1n);
  if (cs < 0n) throw new GoError('runtime error: makeslice: len out of range');
  const out: GoList[] = [];
  const n = Number(cs);
  for (let i = 0; i < n; i++) {
    let clen = sz;
    if (i === n - 1) {
      clen = Number(truncFloat(Math.floor(l % sz)));
      if (clen === 0) clen = sz;
    }
    if (clen < 0) throw new GoError('runtime error: makeslice: len out of range');
    const part: Value[] = [];
    for (let j = 0; j < clen; j++) {
      const ix = i * sz + j;
      if (ix < 0 || ix >= l) throw new GoError('reflect: slice index out of range');
      part.push(items[ix]!);
    }
    out.push(list(part));
  }
  return new GoList(out, '[]interface {}');
}

function sliceOf(v: Value, indices: Value[]): Value {
  const kind = kindOrPanic(v);
  const items = sliceItems(v);
  if (!items) throw new GoError(`list should be type of slice or array but ${kind}`);
  const l = items.length;
  if (l === 0) return null;
  const start = indices.length > 0 ? castInt64(indices[0]!) : 0n;
  const end = indices.length < 2 ? BigInt(l) : castInt64(indices[1]!);
  if (start < 0n || end < start || end > BigInt(l))
    throw new GoError('reflect.Value.Slice: slice index out of bounds');
  if (v instanceof Uint8Array) return v.subarray(Number(start), Number(end));
  const g = v as GoList;
  // reflect.Value.Slice keeps a named slice type (common.VersionSet) and so its methods.
  return new GoList(g.items.slice(Number(start), Number(end)), g.elem, false, g.named, g.methods);
}

function concat(lists: Value[]): GoList {
  const res: Value[] = [];
  for (const l of lists) res.push(...itemsOr(l, (k) => `Cannot concat type ${k} as list`));
  // Go appends to a nil slice: nothing appended leaves it nil.
  return res.length === 0 ? nilList() : list(res);
}

const intList = (start: bigint, stop: bigint, step: bigint): GoList =>
  new GoList(
    untilStep(start, stop, step, (i) => new GoInt('int', i)),
    'int',
  );
const big = (v: Value): bigint => (v as GoInt).v;

/** Sprig's list functions, until/untilStep, join and sortAlpha. */
export function listsFuncs(): Map<string, GoFunc> {
  const push = (l: Value, v: Value): GoList => list([...itemsOr(l, (k) => `Cannot push on type ${k}`), v]);
  const prepend = (l: Value, v: Value): GoList =>
    list([v, ...itemsOr(l, (k) => `Cannot prepend on type ${k}`)]);
  const firstOf = (l: Value): Value => {
    const xs = itemsOr(l, (k) => `Cannot find first on type ${k}`);
    return xs.length === 0 ? null : xs[0]!;
  };
  const lastOf = (l: Value): Value => {
    const xs = itemsOr(l, (k) => `Cannot find last on type ${k}`);
    return xs.length === 0 ? null : xs[xs.length - 1]!;
  };
  const restOf = (l: Value): GoList => {
    const xs = itemsOr(l, (k) => `Cannot find rest on type ${k}`);
    return xs.length === 0 ? nilList() : list(xs.slice(1));
  };
  const initialOf = (l: Value): GoList => {
    const xs = itemsOr(l, (k) => `Cannot find initial on type ${k}`);
    return xs.length === 0 ? nilList() : list(xs.slice(0, -1));
  };
  const reverseOf = (l: Value): GoList =>
    list([...itemsOr(l, (k) => `Cannot find reverse on type ${k}`)].reverse());
  const uniqOf = (l: Value): GoList => {
    const dest: Value[] = [];
    for (const x of itemsOr(l, (k) => `Cannot find uniq on type ${k}`)) if (!inList(dest, x)) dest.push(x);
    return list(dest);
  };
  const withoutOf = (l: Value, ...omit: Value[]): GoList =>
    list(itemsOr(l, (k) => `Cannot find without on type ${k}`).filter((x) => !inList(omit, x)));
  const hasOf = (needle: Value, hay: Value): boolean => {
    if (hay === null) return false;
    return inList(
      itemsOr(hay, (k) => `Cannot find has on type ${k}`),
      needle,
    );
  };

  const fs = [
    goFunc('list', 'func(...interface {}) []interface {}', (...xs) => list(xs)),
    goFunc('tuple', 'func(...interface {}) []interface {}', (...xs) => list(xs)),
    goFunc('append', 'func(interface {}, interface {}) []interface {}', push),
    goFunc('push', 'func(interface {}, interface {}) []interface {}', push),
    goFunc('mustAppend', 'func(interface {}, interface {}) ([]interface {}, error)', push),
    goFunc('mustPush', 'func(interface {}, interface {}) ([]interface {}, error)', push),
    goFunc('prepend', 'func(interface {}, interface {}) []interface {}', prepend),
    goFunc('mustPrepend', 'func(interface {}, interface {}) ([]interface {}, error)', prepend),
    goFunc('first', 'func(interface {}) interface {}', firstOf),
    goFunc('mustFirst', 'func(interface {}) (interface {}, error)', firstOf),
    goFunc('rest', 'func(interface {}) []interface {}', restOf),
    goFunc('mustRest', 'func(interface {}) ([]interface {}, error)', restOf),
    goFunc('last', 'func(interface {}) interface {}', lastOf),
    goFunc('mustLast', 'func(interface {}) (interface {}, error)', lastOf),
    goFunc('initial', 'func(interface {}) []interface {}', initialOf),
    goFunc('mustInitial', 'func(interface {}) ([]interface {}, error)', initialOf),
    goFunc('reverse', 'func(interface {}) []interface {}', reverseOf),
    goFunc('mustReverse', 'func(interface {}) ([]interface {}, error)', reverseOf),
    goFunc('uniq', 'func(interface {}) []interface {}', uniqOf),
    goFunc('mustUniq', 'func(interface {}) ([]interface {}, error)', uniqOf),
    goFunc('without', 'func(interface {}, ...interface {}) []interface {}', withoutOf),
    goFunc('mustWithout', 'func(interface {}, ...interface {}) ([]interface {}, error)', withoutOf),
    goFunc('has', 'func(interface {}, interface {}) bool', hasOf),
    goFunc('mustHas', 'func(interface {}, interface {}) (bool, error)', hasOf),
    goFunc('slice', 'func(interface {}, ...interface {}) interface {}', (l, ...ix) => sliceOf(l, ix)),
    goFunc('mustSlice', 'func(interface {}, ...interface {}) (interface {}, error)', (l, ...ix) =>
      sliceOf(l, ix),
    ),
    goFunc('concat', 'func(...interface {}) interface {}', (...ls) => concat(ls)),
    goFunc('chunk', 'func(int, interface {}) [][]interface {}', (n, l) => chunk(big(n), l)),
    goFunc('mustChunk', 'func(int, interface {}) ([][]interface {}, error)', (n, l) => chunk(big(n), l)),
    goFunc('until', 'func(int) []int', (n) => intList(0n, big(n), big(n) < 0n ? -1n : 1n)),
    goFunc('untilStep', 'func(int, int, int) []int', (a, b, c) => intList(big(a), big(b), big(c))),
    goFunc('join', 'func(string, interface {}) string', (sep, v) =>
      utf8Normalize(strslice(v).join(sep as string)),
    ),
    goFunc('sortAlpha', 'func(interface {}) []string', (v) => sortAlpha(v)),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
