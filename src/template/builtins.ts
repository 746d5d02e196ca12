// Go's text/template builtins (funcs.go): and, or, not, len, index, slice, print, printf,
// println, html, js, urlquery, call and the comparisons, with Go's exact semantics and errors.
// Parameters typed reflect.Value see the executor's values unconverted (INVALID, a nil
// interface, or concrete), as in Go.

import { REFLECT_VALUE, fromGoFunc, type Callable } from '../go/callable.js';
import { htmlEscape, jsEscape, urlQueryEscape } from './escape.js';
import { basicEqual, basicKind, basicLess } from '../go/compare.js';
import { sprint, sprintf, sprintln } from '../go/fmt/print.js';
import {
  INVALID,
  Iface,
  concrete,
  derefPointers,
  iface,
  isNilRef,
  toValue,
  type Invalid,
  type RValue,
} from '../go/reflect.js';
import {
  GoComplex,
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  type GoType,
  type IntKind,
  type Value,
  assignableTo,
  isNilable,
  isTrue,
  typeOf,
  utf8Decode,
  utf8Encode,
  utf8Length,
  zeroOf,
} from '../go/value.js';

const R = REFLECT_VALUE;
const ANY = 'interface {}';

/** Go's truth of a reflect.Value argument (and/or/not). */
export function truth(rv: RValue): boolean {
  const v = concrete(rv);
  return v === INVALID ? false : isTrue(v);
}

// ---- len, index, slice -------------------------------------------------------------------

/** Go's reflect panic when a zero Value is asked its type. */
const ZERO_VALUE_TYPE = 'reflect: call of reflect.Value.Type on zero Value';

function length(rv: RValue): RValue {
  if (isNilRef(rv)) throw new GoError('len of nil pointer');
  const v = deref(concrete(rv));
  if (v === INVALID) throw new GoError(ZERO_VALUE_TYPE);
  if (typeof v === 'string') return new GoInt('int', BigInt(utf8Length(v)));
  if (v instanceof GoList) return new GoInt('int', BigInt(v.items.length));
  if (v instanceof GoMap) return new GoInt('int', BigInt(v.size));
  if (v instanceof Uint8Array) return new GoInt('int', BigInt(v.length));
  throw new GoError(`len of type ${typeOf(v)}`);
}

/** Go's indexArg: an int or uint index within [0, cap]. */
function indexArg(rv: RValue, cap: number): number {
  // index unwraps interfaces before calling this; slice does not, so an interface{} index fails.
  if (rv instanceof Iface) throw new GoError('cannot index slice/array with type interface {}');
  const v = rv === null ? INVALID : concrete(rv);
  if (v === INVALID) throw new GoError('cannot index slice/array with nil');
  if (!(v instanceof GoInt)) throw new GoError(`cannot index slice/array with type ${typeOf(v)}`);
  // A uint64 above int64 reads as negative, as Go's int64(index.Uint()) does.
  const x = BigInt.asIntN(64, v.v);
  if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
  return Number(x);
}

/** Go's indirect: through non-nil pointers. */
const deref = (v: Value | Invalid): Value | Invalid => (v === INVALID ? v : derefPointers(v));

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return true;
  return false;
}

function indexOne(item: Value, index: RValue): RValue {
  if (typeof item === 'string') {
    const x = indexArg(index, utf8Length(item));
    if (!hasNonAscii(item)) {
      if (x >= item.length) throw new GoError('reflect: string index out of range');
      return new GoInt('uint8', BigInt(item.charCodeAt(x)));
    }
    const bytes = utf8Encode(item);
    if (x >= bytes.length) throw new GoError('reflect: string index out of range');
    return new GoInt('uint8', BigInt(bytes[x]!));
  }
  if (item instanceof GoList) {
    const x = indexArg(index, item.items.length);
    if (x >= item.items.length) throw new GoError('reflect: slice index out of range');
    const e = item.items[x]!;
    return item.elem === ANY ? iface(e) : e;
  }
  if (item instanceof Uint8Array) {
    const x = indexArg(index, item.length);
    if (x >= item.length) throw new GoError('reflect: slice index out of range');
    return new GoInt('uint8', BigInt(item[x]!));
  }
  if (item instanceof GoMap) {
    const key = prepareArg(concrete(index), 'string');
    const e = item.get(key as string);
    if (e === undefined) {
      const z = zeroOf(item.elem);
      return item.elem === ANY ? iface(z) : z;
    }
    return item.elem === ANY ? iface(e) : e;
  }
  throw new GoError(`can't index item of type ${typeOf(item)}`);
}

function index(args: RValue[]): RValue {
  let item: RValue = deref(concrete(args[0]!));
  if (item === INVALID) throw new GoError('index of untyped nil');
  for (let i = 1; i < args.length; i++) {
    if (isNilRef(item)) throw new GoError('index of nil pointer');
    const c = deref(concrete(item));
    if (c === INVALID) throw new GoError('index of untyped nil');
    item = indexOne(c, concrete(args[i]!));
  }
  return item;
}

function slice(args: RValue[]): RValue {
  const item = deref(concrete(args[0]!));
  if (item === INVALID) throw new GoError('slice of untyped nil');
  if (isNilRef(item)) throw new GoError('slice of nil pointer');
  const idxs = args.slice(1);
  if (idxs.length > 3) throw new GoError(`too many slice indexes: ${idxs.length}`);
  let len: number;
  let bytes: Uint8Array | undefined;
  if (typeof item === 'string') {
    if (idxs.length === 3) throw new GoError('cannot 3-index slice a string');
    bytes = hasNonAscii(item) ? utf8Encode(item) : undefined;
    len = bytes ? bytes.length : item.length;
  } else if (item instanceof GoList) len = item.items.length;
  else if (item instanceof Uint8Array) len = item.length;
  else throw new GoError(`can't slice item of type ${typeOf(item)}`);
  const idx = [0, len, len];
  idxs.forEach((x, i) => (idx[i] = indexArg(x, len)));
  if (idx[0]! > idx[1]!) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (idxs.length === 3 && idx[1]! > idx[2]!) throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  const [lo, hi] = idx as [number, number];
  if (typeof item === 'string') return bytes ? utf8Decode(bytes.subarray(lo, hi)) : item.slice(lo, hi);
  if (item instanceof GoList)
    return new GoList(item.items.slice(lo, hi), item.elem, false, item.named, item.methods);
  return (item as Uint8Array).slice(lo, hi);
}

// ---- call ------------------------------------------------------------------------------

const INT_KINDS = new Set([
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uintptr',
]);

/** Go's prepareArg (call and map index keys): nil to a nilable type, assignable, or int-like conversion. */
function prepareArg(v: Value | Invalid, t: GoType): Value {
  if (v === INVALID || v === null) {
    if (!isNilable(t) && t !== R) throw new GoError(`value is nil; should be of type ${t}`);
    return zeroOf(t);
  }
  if (assignableTo(v, t)) return v;
  if (v instanceof GoInt && INT_KINDS.has(t)) return new GoInt(t as IntKind, v.v);
  throw new GoError(`value has type ${typeOf(v)}; should be ${t}`);
}

/** The `call` builtin: `name` is the callee's node text, for Go's messages. */
export function callFunction(
  name: string,
  fnArg: RValue,
  args: RValue[],
  invoke: (c: Callable, argv: RValue[]) => RValue,
): RValue {
  const fn = concrete(fnArg);
  if (fn === INVALID) throw new GoError('call of nil');
  if (!(fn instanceof GoFunc)) throw new GoError(`non-function ${name} of type ${typeOf(fn)}`);
  const c = fromGoFunc(fn, name);
  if (c.badSignature !== undefined) throw new GoError(c.badSignature);
  const numIn = c.params.length;
  if (c.variadic !== undefined) {
    if (args.length < numIn)
      throw new GoError(`wrong number of args for ${name}: got ${args.length} want at least ${numIn}`);
  } else if (args.length !== numIn) {
    throw new GoError(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((a, i) => {
    const t = i < numIn ? c.params[i]! : c.variadic!;
    try {
      return prepareArg(concrete(a), t);
    } catch (e) {
      throw new GoError(`arg ${i}: ${(e as Error).message}`);
    }
  });
  return invoke(c, argv);
}

// ---- comparisons ---------------------------------------------------------------------------

/** A named basic type (time.Duration) compares as its underlying value, as reflect's Kind does. */
function basic(v: Value | Invalid): Value | Invalid {
  if (v instanceof GoObject) {
    const u = v.underlying();
    if (u !== undefined) return u;
  }
  return v;
}

const isNilValue = (v: Value | Invalid): boolean =>
  v === INVALID ||
  v === null ||
  ((v instanceof GoMap || v instanceof GoList) && v.nil) ||
  (v instanceof GoObject && v.goKind === 'ptr' && !v.truth());

/** The reflect kind used by canCompare (same kind, or one side invalid). */
function reflectKind(v: Value | Invalid): string {
  if (v === INVALID) return 'invalid';
  if (v instanceof GoObject) return v.goKind;
  if (v instanceof GoMap) return 'map';
  if (v instanceof GoList || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoFunc) return 'func';
  return typeOf(v);
}

/** Go's Type.Comparable: not maps, slices or funcs, nor structs holding them. */
function comparableType(v: Value): boolean {
  if (v instanceof GoMap || v instanceof GoList || v instanceof Uint8Array || v instanceof GoFunc)
    return false;
  if (v instanceof GoObject && v.goKind === 'struct')
    return v.fields().every(([, f]) => f === null || comparableType(f));
  return true;
}

/** Go's == on two interface values of comparable types: same type and equal contents. */
function goEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeOf(a) !== typeOf(b)) return false;
  if (a instanceof GoInt) return a.v === (b as GoInt).v;
  if (a instanceof GoComplex) return a.re === (b as GoComplex).re && a.im === (b as GoComplex).im;
  if (a instanceof GoObject && a.goKind === 'struct' && b instanceof GoObject) {
    const fa = a.fields();
    const fb = b.fields();
    return fa.length === fb.length && fa.every(([, x], i) => goEqual(x, fb[i]![1]));
  }
  if (a instanceof GoObject && b instanceof GoObject) {
    const ua = a.underlying();
    if (ua !== undefined) return goEqual(ua, b.underlying() ?? null);
  }
  return false;
}

const valueArg = (v: Value | Invalid): Value => (v === INVALID ? null : v);

function eq(args: RValue[]): boolean {
  // Errors name the arguments' own types (time.Duration), comparisons use the underlying values.
  const c1 = concrete(args[0]!);
  const a1 = basic(c1);
  if (args.length < 2) throw new GoError('missing argument for comparison');
  const k1 = basicKind(a1);
  for (let i = 1; i < args.length; i++) {
    const c = concrete(args[i]!);
    const a = basic(c);
    const k2 = basicKind(a);
    const incompatible = (): GoError =>
      new GoError(`incompatible types for comparison: ${typeOf(c1 as Value)} and ${typeOf(c as Value)}`);
    let t = false;
    if (k1 !== 'invalid' && k2 !== 'invalid') {
      const r = basicEqual(a1, k1, a, k2);
      if (r === 'incompatible') throw incompatible();
      t = r;
    } else if (k1 !== k2) {
      // One side has no basic kind: false against a missing value, refused otherwise.
      if (a1 !== INVALID && a !== INVALID) throw incompatible();
    } else {
      if (reflectKind(a1) !== reflectKind(a) && a1 !== INVALID && a !== INVALID) {
        throw new GoError(
          sprintf('non-comparable types %s: %v, %s: %v', [
            valueArg(a1),
            typeOf(valueArg(a1)),
            typeOf(valueArg(a)),
            valueArg(a),
          ]),
        );
      }
      if (isNilValue(a1) || isNilValue(a)) t = isNilValue(a1) === isNilValue(a);
      else {
        if (!comparableType(a as Value))
          throw new GoError(sprintf('non-comparable type %s: %v', [a as Value, typeOf(a as Value)]));
        t = goEqual(a1 as Value, a as Value);
      }
    }
    if (t) return true;
  }
  return false;
}

function lt(x: RValue, y: RValue): boolean {
  const cx = concrete(x);
  const a = basic(cx);
  const cy = concrete(y);
  const b = basic(cy);
  const r = basicLess(a, basicKind(a), b, basicKind(b));
  if (r === 'invalid') throw new GoError('invalid type for comparison');
  if (r === 'incompatible')
    throw new GoError(`incompatible types for comparison: ${typeOf(cx as Value)} and ${typeOf(cy as Value)}`);
  return r;
}

const le = (a: RValue, b: RValue): boolean => lt(a, b) || eq([a, b]);

// ---- printing ------------------------------------------------------------------------------

/** Go's evalArgs for html/js/urlquery: one string as is, else Sprint with nil as `<no value>`. */
function evalArgs(args: RValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map(printable));
}

/** Go's printableValue: nil as `<no value>`; a pointer as what it points to, unless it has String/Error. */
function printable(a: RValue): Value {
  const v = toValue(a);
  if (v === null) return '<no value>';
  if (v instanceof GoObject && v.goKind === 'ptr' && v.stringer() === undefined) return derefPointers(v);
  return v;
}

const values = (args: RValue[]): Value[] => args.map(toValue);
const bool = (b: boolean): boolean => b;

// ---- the table -----------------------------------------------------------------------------

const unreachable = (): never => {
  throw new Error('unreachable: handled by the executor');
};

function builtin(
  name: string,
  params: GoType[],
  variadic: GoType | undefined,
  call: (args: RValue[]) => RValue,
): Callable {
  return { name, params, variadic, badSignature: undefined, call };
}

/** Builtins by name. Go's findFunction consults the set's FuncMap first, so these can be shadowed. */
export const BUILTINS: ReadonlyMap<string, Callable> = new Map(
  [
    builtin('and', [R], R, unreachable),
    builtin('call', [R], R, unreachable),
    builtin('html', [], ANY, (a) => htmlEscape(evalArgs(a))),
    builtin('index', [R], R, index),
    builtin('slice', [R], R, slice),
    builtin('js', [], ANY, (a) => jsEscape(evalArgs(a))),
    builtin('len', [R], undefined, (a) => length(a[0]!)),
    builtin('not', [R], undefined, (a) => !truth(a[0]!)),
    builtin('or', [R], R, unreachable),
    builtin('print', [], ANY, (a) => sprint(values(a))),
    builtin('printf', ['string'], ANY, (a) => sprintf(a[0] as string, values(a.slice(1)))),
    builtin('println', [], ANY, (a) => sprintln(values(a))),
    builtin('urlquery', [], ANY, (a) => urlQueryEscape(evalArgs(a))),
    builtin('eq', [R], R, (a) => eq(a)),
    builtin('ge', [R, R], undefined, (a) => bool(!lt(a[0]!, a[1]!))),
    builtin('gt', [R, R], undefined, (a) => bool(!le(a[0]!, a[1]!))),
    builtin('le', [R, R], undefined, (a) => bool(le(a[0]!, a[1]!))),
    builtin('lt', [R, R], undefined, (a) => bool(lt(a[0]!, a[1]!))),
    builtin('ne', [R, R], undefined, (a) => !eq(a)),
  ].map((b) => [b.name, b]),
);

/** Names of the builtins, for the parser's "function not defined" check. */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTINS.keys());
