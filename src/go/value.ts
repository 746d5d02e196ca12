// The Go value model. Go's dynamic types show in output, error texts and which calls are
// allowed, so every value the engine handles carries its Go type. The common kinds map to
// JS primitives so the hot path stays cheap:
//
//   Go                      JS
//   nil interface           null
//   bool                    boolean
//   string                  string (UTF-16 in memory; byte counts go through utf8Length)
//   float64                 number
//   int, int64, uint64, …   GoInt (bigint payload, kind kept)
//   complex128              GoComplex
//   []byte                  Uint8Array
//   []T                     GoList (elem type kept: []interface {}, []string, []int)
//   map[string]T, named     GoMap (type name kept: map[string]interface {}, common.Values, …)
//   structs, pointers,      GoObject (fields and methods looked up by name; time.Time,
//   time, semver, …           Duration, *semver.Version, Helm's .Files, .Capabilities)
//   func                    GoFunc (with a Go signature, for argument checks and errors)

import { isUtf8 } from 'node:buffer';

/** A Go type as `%T` prints it: `int`, `[]interface {}`, `map[string]interface {}`, `common.Values`. */
export type GoType = string;

export type IntKind =
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'uintptr';

/** reflect.Kind names as Sprig's kindOf prints them. */
export type GoKind =
  | 'invalid'
  | 'bool'
  | IntKind
  | 'float32'
  | 'float64'
  | 'complex64'
  | 'complex128'
  | 'string'
  | 'slice'
  | 'array'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'func'
  | 'interface'
  | 'chan';

export type Value =
  null | boolean | string | number | GoInt | GoComplex | Uint8Array | GoList | GoMap | GoObject | GoFunc;

const INT_BITS: Record<IntKind, { bits: number; signed: boolean }> = {
  int: { bits: 64, signed: true },
  int8: { bits: 8, signed: true },
  int16: { bits: 16, signed: true },
  int32: { bits: 32, signed: true },
  int64: { bits: 64, signed: true },
  uint: { bits: 64, signed: false },
  uint8: { bits: 8, signed: false },
  uint16: { bits: 16, signed: false },
  uint32: { bits: 32, signed: false },
  uint64: { bits: 64, signed: false },
  uintptr: { bits: 64, signed: false },
};

/** A Go integer of a given kind. The payload always fits the kind (wrapped as Go wraps). */
export class GoInt {
  readonly kind: IntKind;
  readonly v: bigint;
  constructor(kind: IntKind, v: bigint) {
    const { bits, signed } = INT_BITS[kind];
    this.kind = kind;
    this.v = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
  }
  get signed(): boolean {
    return INT_BITS[this.kind].signed;
  }
  toString(): string {
    return this.v.toString();
  }
}

/** Go `int` (template literals, len, range indices). */
export const int = (n: number | bigint): GoInt => new GoInt('int', BigInt(n));
/** Go `int64` (--set integers, Sprig math results). */
export const int64 = (n: number | bigint): GoInt => new GoInt('int64', BigInt(n));
export const uint64 = (n: number | bigint): GoInt => new GoInt('uint64', BigInt(n));

export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** A Go slice. `nil` marks a nil slice (JSON prints `null`, `%v` prints `[]`). */
export class GoList {
  constructor(
    readonly items: Value[],
    /** element type: `interface {}`, `string`, `int`, … */
    readonly elem: GoType = 'interface {}',
    readonly nil = false,
    /** name of a named slice type (Helm's `common.VersionSet`), which `%T` prints. */
    readonly named?: GoType,
    /** methods of a named slice type (`.Capabilities.APIVersions.Has`). */
    readonly methods?: Methods,
  ) {}
  get type(): GoType {
    return this.named ?? `[]${this.elem}`;
  }
}

/**
 * A Go map with string keys. `type` is the Go type name (a named type such as
 * `common.Values` keeps its name for `%T`/typeOf, and its methods via `methods`).
 */
export class GoMap {
  constructor(
    readonly entries: Map<string, Value> = new Map(),
    readonly type: GoType = 'map[string]interface {}',
    /** element type, decides the zero value of a missing key: nil for `interface {}`, "" for `string`. */
    readonly elem: GoType = 'interface {}',
    readonly nil = false,
    /** methods of a named map type (common.Values: YAML, Table, AsMap, Encode, PathValue). */
    readonly methods?: Methods,
  ) {}
  get(key: string): Value | undefined {
    return this.entries.get(key);
  }
  get size(): number {
    return this.entries.size;
  }
}

/**
 * The methods of a named map or slice type, bound to the receiver when looked up: a copy of the
 * value (deepCopy, slice) keeps its type and so its methods, which then act on the copy.
 */
export abstract class MethodSet {
  abstract method(name: string, self: GoMap | GoList): GoFunc | undefined;
}

/** Methods as a named type declares them: fixed functions, or a receiver-bound MethodSet. */
export type Methods = ReadonlyMap<string, GoFunc> | MethodSet;

/** A method of a map or slice value by name, bound to that value. */
export function methodOf(v: GoMap | GoList, name: string): GoFunc | undefined {
  const m = v.methods;
  if (m === undefined) return undefined;
  return m instanceof MethodSet ? m.method(name, v) : m.get(name);
}

/** Builds a `map[string]interface {}` from a plain record (handy in code and tests). */
export const mapOf = (rec: Record<string, Value>, type: GoType = 'map[string]interface {}'): GoMap =>
  new GoMap(new Map(Object.entries(rec)), type);

/** A field lookup result that says "no such field" apart from a nil-valued field. */
export const NO_FIELD: unique symbol = Symbol('no field');

/**
 * Any Go value with fields and/or methods: structs, pointers to structs, time.Time,
 * time.Duration, *semver.Version, Helm's .Files and .Capabilities. The template engine
 * looks up a method first, then a field, as Go does.
 */
export abstract class GoObject {
  /** `%T` name, e.g. `time.Time`, `*semver.Version`, `engine.files`. */
  abstract readonly goType: GoType;
  /** reflect kind: `struct`, `ptr`, `int64` (Duration), `map` (engine.files), … */
  abstract readonly goKind: GoKind;
  /** An exported method by name, or undefined. */
  method(_name: string): GoFunc | undefined {
    return undefined;
  }
  /**
   * A method declared on *T (a pointer receiver) of this struct type T. Go's method set of an
   * addressable T (reached through a pointer, a struct field of one, a variable holding one)
   * includes these; a T copied into an interface (a function argument or result) does not.
   */
  ptrMethod(_name: string): GoFunc | undefined {
    return undefined;
  }
  /** Whether *T declares methods T lacks (the executor then tracks this value's addressability). */
  get hasPtrMethods(): boolean {
    return false;
  }
  /**
   * The result of a String() or Error() method declared on *T: the template's own printing of
   * an addressable T goes through it (text/template printableValue takes the address), while
   * fmt, which only ever sees a copy, prints the fields.
   */
  ptrStringer(): string | undefined {
    return undefined;
  }
  /** A field by name, or NO_FIELD. */
  field(_name: string): Value | typeof NO_FIELD {
    return NO_FIELD;
  }
  /** Result of a String() or Error() method, which fmt's %v and %s use; undefined when none. */
  stringer(): string | undefined {
    return undefined;
  }
  /** Field names and values in declaration order, for `{a b}` / `%+v` printing. */
  fields(): [string, Value][] {
    return [];
  }
  /**
   * The fields encoding/json writes, named by their json tags with omitempty applied, for a
   * struct whose fields carry tags; undefined means every exported field under its Go name.
   */
  jsonFields(): [string, Value][] | undefined {
    return undefined;
  }
  /** Whether `if` sees it as true. Structs are always true; pointers are true unless nil. */
  truth(): boolean {
    return true;
  }
  /**
   * For a named basic type (goKind int64, string, float64, …): the value as its underlying
   * type, e.g. time.Duration → int64 nanoseconds. fmt prints it with verbs that bypass
   * String() (`printf "%d" $duration`). Undefined for structs and pointers.
   */
  underlying(): Value | undefined {
    return undefined;
  }
  /**
   * For a pointer (goKind 'ptr'): the value it points to, or null when the pointer is nil;
   * undefined when not a pointer. The executor dereferences where Go does (printing,
   * a `*T` argument for a `T` parameter, range, len, index).
   */
  deref(): Value | undefined {
    return undefined;
  }
  /**
   * Whether the struct type (for a pointer: its element type) declares a field of this name,
   * exported or not. A nil pointer answers for its element type, which decides between Go's
   * `nil pointer evaluating *T.X` and `can't evaluate field X in type *T`.
   */
  hasField(name: string): boolean {
    return this.field(name) !== NO_FIELD;
  }
  /**
   * For a named basic type: a value of this same type holding `v` (its underlying kind), as
   * `range` over a named integer (time.Duration) yields values of the named type. Undefined
   * when the type cannot make one; the executor then uses the plain underlying value.
   */
  withUnderlying(_v: Value): Value | undefined {
    return undefined;
  }
}

/**
 * A Go function signature. `params` are the fixed parameter types; `variadic` is the element
 * type of a final `...T` parameter. `results` lists the declared result types without a final
 * `error`; `returnsError` says the function also returns an error (thrown as a JS Error whose
 * message is the Go error text).
 */
export interface GoSignature {
  params: GoType[];
  variadic?: GoType;
  results: GoType[];
  returnsError?: boolean;
}

/** A function value (FuncMap entries, methods, `call` targets). */
export class GoFunc {
  constructor(
    readonly name: string,
    readonly sig: GoSignature,
    readonly fn: (...args: Value[]) => Value,
  ) {}
  get type(): GoType {
    const ps = this.sig.params.slice();
    if (this.sig.variadic !== undefined) ps.push(`...${this.sig.variadic}`);
    const rs = this.sig.results.slice();
    if (this.sig.returnsError) rs.push('error');
    const res = rs.length === 0 ? '' : rs.length === 1 ? ` ${rs[0]}` : ` (${rs.join(', ')})`;
    return `func(${ps.join(', ')})${res}`;
  }
}

/** The FuncMap handed to a template set. */
export type FuncMap = ReadonlyMap<string, GoFunc>;

/** An error raised with Go's text; functions throw it to report `(…, error)` results. */
export class GoError extends Error {
  override name = 'GoError';
}

// ---- type inspection -------------------------------------------------------------------

/** The Go type of a value, as `%T` prints it. */
export function typeOf(v: Value): GoType {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoInt) return v.kind;
  if (v instanceof GoMap) return v.type;
  if (v instanceof GoList) return v.type;
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof GoObject) return v.goType;
  if (v instanceof GoFunc) return v.type;
  return 'complex128';
}

/** The reflect kind of a value (`invalid` for nil). */
export function kindOf(v: Value): GoKind {
  if (v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoInt) return v.kind;
  if (v instanceof GoMap) return 'map';
  if (v instanceof GoList || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoObject) return v.goKind;
  if (v instanceof GoFunc) return 'func';
  return 'complex128';
}

/** Go's template truthiness (text/template `isTrue`): zero values and empty containers are false. */
export function isTrue(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
  }
  if (v instanceof GoInt) return v.v !== 0n;
  if (v instanceof GoMap) return v.entries.size > 0;
  if (v instanceof GoList) return v.items.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  if (v instanceof GoObject) return v.truth();
  return true; // non-nil func
}

/** The underlying type of a named map type, for assignability (common.Values → map[string]interface {}). */
export function underlyingType(v: Value): GoType {
  if (v instanceof GoMap) return `map[string]${v.elem}`;
  if (v instanceof GoList) return `[]${v.elem}`;
  return typeOf(v);
}

/**
 * Go assignability of a (non-nil) value to a parameter type, without conversion: the same
 * type, an unnamed type with the same underlying type, or any value to `interface {}`.
 */
export function assignableTo(v: Value, t: GoType): boolean {
  if (t === 'interface {}') return true;
  if (v === null) return isNilable(t);
  const vt = typeOf(v);
  if (vt === t) return true;
  // A named type is assignable to an unnamed type with the same underlying type.
  if (!isNamedType(t) && underlyingType(v) === t) return true;
  return false;
}

/** Named interface types that appear in modelled signatures (Values.Encode takes an io.Writer). */
const NAMED_INTERFACES: ReadonlySet<GoType> = new Set(['error', 'io.Writer', 'fmt.Stringer']);

/** Whether a type's zero value is nil (pointers, slices, maps, funcs, interfaces). */
export function isNilable(t: GoType): boolean {
  return (
    t.startsWith('*') ||
    t.startsWith('[]') ||
    t.startsWith('map[') ||
    t.startsWith('func(') ||
    t.startsWith('interface') ||
    NAMED_INTERFACES.has(t)
  );
}

const UNNAMED = /^(\*|\[\]|map\[|func\(|interface \{|chan )/;
const isNamedType = (t: GoType): boolean => !UNNAMED.test(t);

/** The zero value of a type, as a missing key of a typed map yields under missingkey=zero. */
export function zeroOf(t: GoType): Value {
  switch (t) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'float64':
    case 'float32':
      return 0;
    case 'complex128':
      return new GoComplex(0, 0);
  }
  if (t in INT_BITS) return new GoInt(t as IntKind, 0n);
  if (t.startsWith('[]')) return new GoList([], t.slice(2), true);
  if (t.startsWith('map[string]')) return new GoMap(new Map(), t, t.slice('map[string]'.length), true);
  return null;
}

// ---- UTF-8 helpers (Go strings count bytes) ---------------------------------------------
//
// Go strings are byte sequences and may hold invalid UTF-8; ours are JS strings. Valid UTF-8
// is ordinary text. Each byte of an invalid sequence is kept as a lone low surrogate
// U+DC80..U+DCFF (byte 0x80..0xFF ↔ U+DC00 + byte), like Python's "surrogateescape", so
// bytes survive a round trip: utf8Encode(utf8Decode(b)) equals b for any b. Other lone
// surrogates (which no decoding produces) encode as U+FFFD, as TextEncoder does.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** String.prototype.isWellFormed (ES2024, in Node 20): no lone surrogates. */
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The escaped form of a byte 0x80..0xFF that is not part of valid UTF-8. */
export const escapeByte = (b: number): string => String.fromCharCode(0xdc00 + b);

/** Whether code unit c is an escaped byte (only meaningful when it is not part of a pair). */
export const isEscapedByte = (c: number): boolean => c >= 0xdc80 && c <= 0xdcff;

/** Whether a string has only ASCII characters (byte offsets are code unit offsets). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Length of a string in UTF-8 bytes, as Go's len. ASCII fast path. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else if (c >= 0xdc80 && c <= 0xdcff) n += 1;
    else n += 3;
  }
  return n;
}

/** The UTF-8 bytes of a string, escaped bytes written raw (Go's []byte(s)). */
export function utf8Encode(s: string): Uint8Array {
  if (isWellFormed(s)) return encoder.encode(s);
  const out = new Uint8Array(utf8Length(s));
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
      if (c >= 0xdc80 && c <= 0xdcff) {
        out[o++] = c - 0xdc00;
        continue;
      }
      c = 0xfffd;
    }
    out[o++] = 0xe0 | (c >> 12);
    out[o++] = 0x80 | ((c >> 6) & 0x3f);
    out[o++] = 0x80 | (c & 0x3f);
  }
  return out;
}

/**
 * Length of the valid UTF-8 sequence at b[i], or 0 when the byte at i does not start one
 * (Go's utf8.DecodeRune rules: no overlongs, no surrogates, nothing above U+10FFFF).
 */
function validSeqLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = b.length - i;
  if (c >= 0xc2 && c <= 0xdf) return n >= 2 && (b[i + 1]! & 0xc0) === 0x80 ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (n < 3) return 0;
    const c1 = b[i + 1]!;
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2]! & 0xc0) === 0x80 ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (n < 4) return 0;
    const c1 = b[i + 1]!;
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2]! & 0xc0) === 0x80 && (b[i + 3]! & 0xc0) === 0x80 ? 4 : 0;
  }
  return 0;
}

/**
 * Bytes to a string as Go's string(b): valid UTF-8 decodes normally (a BOM is kept), and each
 * byte Go's decoder rejects (one at a time, as utf8.DecodeRune does) becomes its escaped form.
 */
export function utf8Decode(b: Uint8Array): string {
  if (isUtf8(b)) return decoder.decode(b);
  let out = '';
  let start = 0; // start of the pending valid run
  for (let i = 0; i < b.length;) {
    const n = validSeqLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > start) out += decoder.decode(b.subarray(start, i));
    out += escapeByte(b[i]!);
    i++;
    start = i;
  }
  if (b.length > start) out += decoder.decode(b.subarray(start));
  return out;
}

/**
 * What to hand a byte sink (stdout, a file) for text: the string itself when it is valid
 * Unicode (Node encodes it as UTF-8), else its bytes with escaped bytes written raw.
 */
export const outputBytes = (s: string): string | Uint8Array => (isWellFormed(s) ? s : utf8Encode(s));

/** utf8Decode after dropping one leading BOM, as TextDecoder's default does (file contents). */
export const utf8DecodeText = (b: Uint8Array): string =>
  utf8Decode(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b);

/**
 * The canonical form of a string whose escaped bytes may have been joined to other bytes
 * (concatenating "\xe6" and "\x97\xa5" gives the bytes of "日", which Go sees as valid).
 */
export function utf8Normalize(s: string): string {
  return isWellFormed(s) ? s : utf8Decode(utf8Encode(s));
}

/** Whether a string holds bytes that are not valid UTF-8 (escaped bytes or other lone surrogates). */
export const hasInvalidUtf8 = (s: string): boolean => !isWellFormed(s);

/**
 * Go's s[from:to] on byte offsets (0 <= from <= to <= utf8Length(s)). Cutting through a
 * character leaves its bytes as escaped bytes. ASCII prefixes are sliced without encoding.
 */
export function byteSlice(s: string, from: number, to: number = Infinity): string {
  // Walk code units, tracking the byte offset, to find the code unit indices of from and to.
  let lo = -1;
  let hi = -1;
  let pos = 0;
  for (let i = 0; i <= s.length; i++) {
    if (lo < 0 && pos >= from) {
      if (pos !== from) break; // from falls inside a character
      lo = i;
    }
    if (lo >= 0 && pos >= to) {
      if (pos !== to) break;
      hi = i;
      break;
    }
    if (i === s.length) {
      if (to === Infinity) hi = i;
      break;
    }
    const c = s.charCodeAt(i);
    if (c < 0x80) pos += 1;
    else if (c < 0x800) pos += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      pos += 4;
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) pos += 1;
    else pos += 3;
  }
  if (lo >= 0 && hi >= 0) return s.slice(lo, hi);
  const b = utf8Encode(s);
  return utf8Decode(b.subarray(from, to === Infinity ? b.length : to));
}

/** The byte at byte offset i of a string (Go's s[i]), or undefined when out of range. */
export function byteAt(s: string, i: number): number | undefined {
  if (i < 0) return undefined;
  // ASCII prefix up to i: the byte is the code unit.
  let k = 0;
  while (k <= i && k < s.length && s.charCodeAt(k) < 0x80) k++;
  if (k > i) return s.charCodeAt(i);
  return utf8Encode(s)[i];
}

/**
 * Compares two strings as Go's `<` does: by their UTF-8 bytes, which is code point order (JS
 * compares UTF-16 units, which puts U+E000…U+FFFF after astral characters). An escaped byte of
 * invalid UTF-8 compares as that byte.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (isEscapedByte(x) || isEscapedByte(y))
      return compareByteArrays(utf8Encode(a.slice(i)), utf8Encode(b.slice(i)));
    // Surrogates (astral code points) sort after every BMP character in UTF-8.
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

function compareByteArrays(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
