// Sprig's conversion functions and the spf13/cast v1.7.0 rules behind them (int, int64,
// float64 and every integer math function): floats truncate, strings parse with Go's base-0
// ParseInt after dropping a `.000` tail, and anything unconvertible is silently 0.
import { formatValue } from '../go/fmt/print.js';
import { atoi, NumError, parseFloat, parseInt } from '../go/strconv/parse.js';
import { GoError, GoFunc, GoInt, GoList, GoObject, int, int64, utf8Decode, type Value } from '../go/value.js';
import { goFunc, sliceItems } from './reflect.js';

const MIN_I64 = -(1n << 63n);

// ---- Go strconv pieces cast needs ---------------------------------------------------------

/** strconv.ParseInt(s, base, 64), or undefined on any error (cast turns errors into 0). */
export function parseGoInt(s: string, base: number): bigint | undefined {
  try {
    return parseInt(s, base, 64);
  } catch {
    return undefined;
  }
}

// Sprig's atoi ignores Atoi's error but keeps its value: the clamped bound on overflow.
function atoiKeepingValue(s: string): bigint {
  try {
    return atoi(s);
  } catch (e) {
    return e instanceof NumError ? (e.value as bigint) : 0n;
  }
}

/** strconv.ParseFloat(s, 64), or undefined on a syntax or range error. */
export function parseGoFloat(s: string): number | undefined {
  try {
    return parseFloat(s, 64);
  } catch {
    return undefined;
  }
}

/** Go's float64 → int64 conversion as amd64 does it: NaN and out-of-range give MinInt64. */
export function truncFloat(f: number): bigint {
  if (Number.isNaN(f) || f >= 9223372036854775808 || f < -9223372036854775808) return MIN_I64;
  return BigInt(Math.trunc(f));
}

// cast's trimZeroDecimal: "12.000" → "12"; "1.5", "1." and "10" stay as they are.
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

// ---- cast ------------------------------------------------------------------------------

/** cast.ToInt64 (and ToInt: the same on 64-bit), errors as 0. */
export function castInt64(v: Value): bigint {
  if (v === null) return 0n;
  switch (typeof v) {
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      return truncFloat(v);
    case 'string':
      return parseGoInt(trimZeroDecimal(v), 0) ?? 0n;
  }
  // Only the basic integer kinds; named integer types (time.Duration) fail the type switch.
  if (v instanceof GoInt) return BigInt.asIntN(64, v.v);
  return 0n;
}

/** cast.ToFloat64, errors as 0. */
export function castFloat64(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 1 : 0;
    case 'number':
      return v;
    case 'string':
      return parseGoFloat(v) ?? 0;
  }
  if (v instanceof GoInt) return Number(v.v);
  return 0;
}

/**
 * Go's string([]byte) as a JS string: a leading BOM is kept, as Go keeps it, and bytes that
 * are not valid UTF-8 are kept as escaped bytes (value.ts utf8Decode).
 */
export const bytesToString = (b: Uint8Array): string => utf8Decode(b);

/** Sprig's strval: strings and bytes as text, error/Stringer through their method, else %v. */
export function strval(v: Value): string {
  if (typeof v === 'string') return v;
  // %v of a plain integer is its decimal form (join over a big `until` list).
  if (v instanceof GoInt) return v.v.toString();
  if (v instanceof Uint8Array) return bytesToString(v);
  if (v instanceof GoObject) {
    const s = v.stringer();
    if (s !== undefined) return s;
  }
  return formatValue(v);
}

/** Sprig's strslice (toStrings, join, sortAlpha): nils dropped from generic slices. */
export function strslice(v: Value): string[] {
  if (v instanceof GoList && v.elem === 'string') return v.items as string[];
  const items = sliceItems(v);
  if (items) return items.filter((x) => x !== null).map(strval);
  if (v === null) return [];
  return [strval(v)];
}

/**
 * untilStep over Go ints, shared with `until`/`untilStep` in lists and `seq`; `make` builds each
 * element at once (a million-element `until` keeps no second array of bigints alive meanwhile).
 *
 * Rudder's bound on generated sequences (until, untilStep, seq): Go would try to allocate
 * any size; an untrusted chart must not exhaust memory, so huge ranges fail clearly.
 */
export const MAX_SEQUENCE = 1 << 24;

export function untilStep<T>(start: bigint, stop: bigint, step: bigint, make: (i: bigint) => T): T[] {
  const out: T[] = [];
  if (stop < start ? step >= 0n : step <= 0n) return out;
  const n = (stop - start + step + (step > 0n ? -1n : 1n)) / step;
  if (n > BigInt(MAX_SEQUENCE))
    throw new GoError(`sequence of ${n} elements exceeds Rudder's limit of ${MAX_SEQUENCE}`);
  let i = start;
  for (let k = Number(n); k > 0; k--, i += step) out.push(make(i));
  return out;
}

function seq(params: bigint[]): string {
  const join = (xs: string[]): string => xs.join(' ');
  switch (params.length) {
    case 1: {
      const end = params[0]!;
      const inc = end < 1n ? -1n : 1n;
      return join(untilStep(1n, end + inc, inc, String));
    }
    case 2: {
      const [start, end] = params as [bigint, bigint];
      const step = end < start ? -1n : 1n;
      return join(untilStep(start, end + step, step, String));
    }
    case 3: {
      const [start, step, end] = params as [bigint, bigint, bigint];
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      return join(untilStep(start, end + inc, step, String));
    }
    default:
      return '';
  }
}

const bigOf = (v: Value): bigint => (v as GoInt).v;

/** toString atoi int int64 float64 toDecimal toStrings seq */
export function conversionFuncs(): Map<string, GoFunc> {
  const fs = [
    goFunc('toString', 'func(interface {}) string', (v) => strval(v)),
    goFunc('atoi', 'func(string) int', (s) => int(atoiKeepingValue(s as string))),
    goFunc('int', 'func(interface {}) int', (v) => int(castInt64(v))),
    goFunc('int64', 'func(interface {}) int64', (v) => int64(castInt64(v))),
    goFunc('float64', 'func(interface {}) float64', (v) => castFloat64(v)),
    goFunc('toDecimal', 'func(interface {}) int64', (v) => int64(parseGoInt(formatValue(v), 8) ?? 0n)),
    goFunc('toStrings', 'func(interface {}) []string', (v) => new GoList(strslice(v), 'string')),
    goFunc('seq', 'func(...int) string', (...ps) => seq(ps.map(bigOf))),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
