// Sprig's reflection functions (typeOf typeIs typeIsLike kindOf kindIs deepEqual) and the
// small pieces of Go reflection the other Sprig categories share: building a GoFunc from
// the Go signature Sprig declares, reading any slice generically, reflect.DeepEqual, and
// Go's runtime panic texts.
import {
  GoComplex,
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  kindOf as valueKindOf,
  typeOf as valueTypeOf,
  type GoSignature,
  type Value,
} from '../go/value.js';

/**
 * A GoFunc from the Go function type exactly as reflect prints it, e.g.
 * `func(int, string) string` or `func(interface {}, ...interface {}) (interface {}, error)`.
 * Writing Sprig's own type text keeps the signatures checkable against Go.
 */
export function goFunc(name: string, goType: string, fn: (...args: Value[]) => Value): GoFunc {
  return new GoFunc(name, parseFuncType(goType), fn);
}

/** Parses `func(P1, P2, ...V) R` / `func(...) (R, error)` into a GoSignature. */
export function parseFuncType(t: string): GoSignature {
  const m = /^func\((.*?)\)(?: (.*))?$/.exec(t);
  if (!m) throw new Error(`bad Go func type: ${t}`);
  const params = splitTypes(m[1] ?? '');
  const sig: GoSignature = { params: [], results: [] };
  for (const p of params) {
    if (p.startsWith('...')) sig.variadic = p.slice(3);
    else sig.params.push(p);
  }
  let res = m[2] ?? '';
  if (res.startsWith('(')) res = res.slice(1, -1);
  const results = splitTypes(res);
  if (results.length > 0 && results[results.length - 1] === 'error') {
    results.pop();
    sig.returnsError = true;
  }
  sig.results = results;
  return sig;
}

// Top-level comma split (Sprig's types never nest commas inside brackets).
const splitTypes = (s: string): string[] => (s.trim() === '' ? [] : s.split(', ').map((x) => x.trim()));

// ---- Go runtime panic texts ---------------------------------------------------------------

export const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

export const nilDeref = (): GoError => new GoError(NIL_DEREF);

/** Text of an `interface conversion` panic from a failed type assertion `x.(T)`. */
export function interfaceConversion(v: Value, want: string): GoError {
  if (v === null) return new GoError(`interface conversion: interface {} is nil, not ${want}`);
  return new GoError(`interface conversion: interface {} is ${valueTypeOf(v)}, not ${want}`);
}

// ---- generic slice access (reflect.Value.Index over a slice or array) ----------------------

/**
 * The elements of a slice value as `interface{}` values, or undefined when the value is not
 * a slice. `[]byte` elements come out as uint8 integers, as reflect's Index().Interface() does.
 */
export function sliceItems(v: Value): Value[] | undefined {
  if (v instanceof GoList) return v.items;
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoInt('uint8', BigInt(b)));
  return undefined;
}

/**
 * The `reflect.TypeOf(x).Kind()` step Sprig's list functions start with: a nil interface has
 * no type, so Go dereferences nil and panics.
 */
export function kindOrPanic(v: Value): string {
  if (v === null) throw nilDeref();
  return valueKindOf(v);
}

// ---- reflect.DeepEqual ----------------------------------------------------------------------

/** reflect.DeepEqual: types must be identical; nil and empty slices/maps differ. */
export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (a === null || b === null) return false;
  if (valueTypeOf(a) !== valueTypeOf(b)) return false;
  if (typeof a === 'number') return a === b; // NaN never equal; 0 == -0 as in Go
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof GoInt) return b instanceof GoInt && a.v === b.v;
  if (a instanceof GoComplex) return b instanceof GoComplex && a.re === b.re && a.im === b.im;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof GoList) {
    if (!(b instanceof GoList) || a.nil !== b.nil || a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!deepEqual(a.items[i]!, b.items[i]!)) return false;
    return true;
  }
  if (a instanceof GoMap) {
    if (!(b instanceof GoMap) || a.nil !== b.nil || a.size !== b.size) return false;
    for (const [k, v] of a.entries) {
      if (!b.entries.has(k)) return false;
      if (!deepEqual(v, b.entries.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof GoFunc) return false; // func values are equal only when both nil
  if (a instanceof GoObject && b instanceof GoObject) {
    // Structs (and pointers to them) compare field by field; objects without exposed
    // fields compare by their printed form, the best stand-in for hidden state.
    const fa = a.fields();
    const fb = b.fields();
    if (fa.length !== fb.length) return false;
    if (fa.length === 0) return a.stringer() !== undefined && a.stringer() === b.stringer();
    for (let i = 0; i < fa.length; i++) {
      if (fa[i]![0] !== fb[i]![0] || !deepEqual(fa[i]![1], fb[i]![1])) return false;
    }
    return true;
  }
  return false;
}

// ---- the template functions ---------------------------------------------------------------

const kindName = (v: Value): string => valueKindOf(v);

/** typeOf typeIs typeIsLike kindOf kindIs deepEqual */
export function reflectFuncs(): Map<string, GoFunc> {
  const fs = [
    goFunc('typeOf', 'func(interface {}) string', (v) => valueTypeOf(v)),
    goFunc('typeIs', 'func(string, interface {}) bool', (t, v) => t === valueTypeOf(v)),
    goFunc('typeIsLike', 'func(string, interface {}) bool', (t, v) => {
      const vt = valueTypeOf(v);
      return t === vt || `*${t as string}` === vt;
    }),
    goFunc('kindOf', 'func(interface {}) string', (v) => kindName(v)),
    goFunc('kindIs', 'func(string, interface {}) bool', (t, v) => t === kindName(v)),
    goFunc('deepEqual', 'func(interface {}, interface {}) bool', (a, b) => deepEqual(a, b)),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
