// Go's strconv parsing functions (ParseInt, ParseUint, Atoi, ParseFloat, ParseComplex,
// Unquote, UnquoteChar) with Go's syntax rules and error texts. Errors are thrown as NumError,
// which also carries the value Go returns alongside the error (maxVal on overflow, ±Inf, 0),
// because callers such as cast's toInt use that value.

import { GoError, hasInvalidUtf8, utf8Decode } from '../value.js';
import { quote as goQuote } from './format-quote.js';

export const ERR_SYNTAX = 'invalid syntax';
export const ERR_RANGE = 'value out of range';

/** Go's *strconv.NumError: `strconv.FUNC: parsing "NUM": ERR`. */
export class NumError<T = bigint | number> extends GoError {
  override name = 'NumError';
  constructor(
    readonly func: string,
    readonly num: string,
    readonly err: string,
    /** What Go returns alongside the error. */
    readonly value: T,
  ) {
    super(`strconv.${func}: parsing ${goQuote(num)}: ${err}`);
  }
}

/** Unquote/UnquoteChar's only error (Go's strconv.ErrSyntax, text `invalid syntax`). */
export class QuoteSyntaxError extends GoError {
  override name = 'SyntaxError';
  constructor() {
    super(ERR_SYNTAX);
  }
}

// ---- integers --------------------------------------------------------------------------

const lower = (c: number): number => c | 0x20;

/** Internal result: a value or the name of Go's error. */
type IntResult = { v: bigint; err: null | 'syntax' | 'range' | 'base' | 'bitSize' };

function parseUintRaw(s: string, base: number, bitSize: number): IntResult {
  if (s === '') return { v: 0n, err: 'syntax' };
  const base0 = base === 0;
  const s0 = s;
  let i = 0;
  if (base >= 2 && base <= 36) {
    // as given
  } else if (base === 0) {
    base = 10;
    if (s.charCodeAt(0) === 0x30) {
      const p = s.length >= 3 ? lower(s.charCodeAt(1)) : 0;
      if (p === 0x62) [base, i] = [2, 2];
      else if (p === 0x6f) [base, i] = [8, 2];
      else if (p === 0x78) [base, i] = [16, 2];
      else [base, i] = [8, 1];
    }
  } else return { v: 0n, err: 'base' };

  if (bitSize === 0) bitSize = 64;
  else if (bitSize < 0 || bitSize > 64) return { v: 0n, err: 'bitSize' };

  const maxVal = (1n << BigInt(bitSize)) - 1n;
  const b = BigInt(base);
  const cutoff = (2n ** 64n - 1n) / b + 1n;
  let underscores = false;
  let n = 0n;
  // Small inputs fit a double exactly; use numbers until they might not.
  let small = 0;
  let useSmall = true;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f && base0) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (lower(c) >= 0x61 && lower(c) <= 0x7a) d = lower(c) - 0x61 + 10;
    else return { v: 0n, err: 'syntax' };
    if (d >= base) return { v: 0n, err: 'syntax' };
    if (useSmall) {
      const next = small * base + d;
      if (next <= Number.MAX_SAFE_INTEGER) {
        small = next;
        continue;
      }
      useSmall = false;
      n = BigInt(small);
    }
    if (n >= cutoff) return { v: maxVal, err: 'range' };
    n = n * b + BigInt(d);
    if (n > maxVal) return { v: maxVal, err: 'range' };
  }
  if (useSmall) {
    n = BigInt(small);
    if (n > maxVal) return { v: maxVal, err: 'range' };
  }
  if (underscores && !underscoreOK(s0)) return { v: 0n, err: 'syntax' };
  return { v: n, err: null };
}

function parseIntRaw(s: string, base: number, bitSize: number): IntResult {
  if (s === '') return { v: 0n, err: 'syntax' };
  let neg = false;
  let body = s;
  const c = s.charCodeAt(0);
  if (c === 0x2b) body = s.slice(1);
  else if (c === 0x2d) {
    body = s.slice(1);
    neg = true;
  }
  const u = parseUintRaw(body, base, bitSize);
  if (u.err !== null && u.err !== 'range') return { v: 0n, err: u.err };
  const bits = bitSize === 0 ? 64 : bitSize;
  const cutoff = 1n << BigInt(bits - 1);
  if (!neg && u.v >= cutoff) return { v: cutoff - 1n, err: 'range' };
  if (neg && u.v > cutoff) return { v: -cutoff, err: 'range' };
  return { v: neg ? -u.v : u.v, err: null };
}

function numError<T>(
  fn: string,
  s: string,
  r: { err: IntResult['err'] },
  base: number,
  bitSize: number,
  value: T,
): NumError<T> {
  const text =
    r.err === 'syntax'
      ? ERR_SYNTAX
      : r.err === 'range'
        ? ERR_RANGE
        : r.err === 'base'
          ? `invalid base ${base}`
          : `invalid bit size ${bitSize}`;
  return new NumError(fn, s, text, value);
}

/** strconv.ParseUint. Base 0 reads Go prefixes (0x, 0o, 0b, leading 0 = octal) and allows `_`. */
export function parseUint(s: string, base = 0, bitSize = 64): bigint {
  const r = parseUintRaw(s, base, bitSize);
  if (r.err !== null) throw numError('ParseUint', s, r, base, bitSize, r.v);
  return r.v;
}

/** strconv.ParseInt. */
export function parseInt(s: string, base = 0, bitSize = 64): bigint {
  const r = parseIntRaw(s, base, bitSize);
  if (r.err !== null) throw numError('ParseInt', s, r, base, bitSize, r.v);
  return r.v;
}

/** strconv.Atoi (base 10, no prefixes or underscores). */
export function atoi(s: string): bigint {
  const r = parseIntRaw(s, 10, 64);
  if (r.err !== null) throw numError('Atoi', s, r, 10, 64, r.v);
  return r.v;
}

/** Whether `_` in a number literal only separates digits (or follows a base prefix). */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const p = lower(s.charCodeAt(1));
    if (p === 0x62 || p === 0x6f || p === 0x78) {
      i = 2;
      saw = '0';
      hex = p === 0x78;
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

// ---- floats ----------------------------------------------------------------------------

/** Go's `special`: inf, infinity, nan (any case, inf/infinity signed); n is the prefix length. */
function special(s: string): { f: number; n: number } | null {
  if (s.length === 0) return null;
  let sign = 1;
  let nsign = 0;
  let t = s;
  const c = s[0];
  if (c === '+' || c === '-' || c === 'i' || c === 'I') {
    if (c === '+' || c === '-') {
      if (c === '-') sign = -1;
      nsign = 1;
      t = s.slice(1);
    }
    let n = commonPrefixLenIgnoreCase(t, 'infinity');
    if (n > 3 && n < 8) n = 3;
    if (n === 3 || n === 8) return { f: sign * Infinity, n: nsign + n };
  } else if (c === 'n' || c === 'N') {
    if (commonPrefixLenIgnoreCase(s, 'nan') === 3) return { f: NaN, n: 3 };
  }
  return null;
}

function commonPrefixLenIgnoreCase(s: string, prefix: string): number {
  const n = Math.min(prefix.length, s.length);
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== prefix.charCodeAt(i)) return i;
  }
  return n;
}

interface FloatScan {
  ok: boolean;
  /** Length of the recognised prefix. */
  n: number;
  neg: boolean;
  hex: boolean;
  /** Hex only: the mantissa digits' value and the binary exponent (value = mant * 2^exp). */
  mant: bigint;
  exp: number;
}

/** Go's readFloat: validates the literal syntax and, for hex, collects the exact mantissa. */
function readFloat(s: string): FloatScan {
  const r: FloatScan = { ok: false, n: 0, neg: false, hex: false, mant: 0n, exp: 0 };
  let i = 0;
  let underscores = false;
  if (i >= s.length) return r;
  if (s[i] === '+') i++;
  else if (s[i] === '-') {
    i++;
    r.neg = true;
  }
  let base = 10;
  if (i + 2 < s.length && s[i] === '0' && lower(s.charCodeAt(i + 1)) === 0x78) {
    base = 16;
    i += 2;
    r.hex = true;
  }
  let sawdot = false;
  let sawdigits = false;
  let nd = 0; // digits seen
  let dp = 0; // digits before the point
  let mant = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      underscores = true;
      continue;
    }
    if (c === 0x2e) {
      if (sawdot) break;
      sawdot = true;
      dp = nd;
      continue;
    }
    let d = -1;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (base === 16 && lower(c) >= 0x61 && lower(c) <= 0x66) d = lower(c) - 0x61 + 10;
    if (d < 0) break;
    sawdigits = true;
    nd++;
    if (base === 16) mant = mant * 16n + BigInt(d);
  }
  if (!sawdigits) {
    r.n = i;
    return r;
  }
  if (!sawdot) dp = nd;
  const expChar = base === 16 ? 0x70 : 0x65;
  let e = 0;
  if (i < s.length && lower(s.charCodeAt(i)) === expChar) {
    i++;
    if (i >= s.length) return { ...r, n: i };
    let esign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      i++;
      esign = -1;
    }
    if (i >= s.length || s.charCodeAt(i) < 0x30 || s.charCodeAt(i) > 0x39) return { ...r, n: i };
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x5f) {
        underscores = true;
        continue;
      }
      if (c < 0x30 || c > 0x39) break;
      if (e < 10000) e = e * 10 + (c - 0x30);
    }
    e *= esign;
  } else if (base === 16) {
    return { ...r, n: i }; // hex floats must have a p exponent
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return { ...r, n: i };
  r.ok = true;
  r.n = i;
  if (base === 16) {
    r.mant = mant;
    r.exp = e - 4 * (nd - dp);
  }
  return r;
}

/** Rounds mant * 2^exp to the nearest float64 (ties to even), as Go's atofHex. */
function hexToFloat(
  mant: bigint,
  exp: number,
  neg: boolean,
  bitSize: 32 | 64,
): { f: number; range: boolean } {
  const mantbits = bitSize === 64 ? 52 : 23;
  const expbits = bitSize === 64 ? 11 : 8;
  const bias = bitSize === 64 ? -1023 : -127;
  const maxExp = (1 << expbits) + bias - 2;
  const minExp = bias + 1;
  const mb = BigInt(mantbits);
  exp += mantbits;
  // Collapse an over-long mantissa into mantbits+3 bits plus a sticky bit.
  let m = mant;
  while (m !== 0n && m >> (mb + 2n) === 0n) {
    m <<= 1n;
    exp--;
  }
  while (m >> (1n + mb + 2n) !== 0n) {
    m = (m >> 1n) | (m & 1n);
    exp++;
  }
  while (m > 1n && exp < minExp - 2) {
    m = (m >> 1n) | (m & 1n);
    exp++;
  }
  let round = m & 3n;
  m >>= 2n;
  round |= m & 1n;
  exp += 2;
  if (round === 3n) {
    m++;
    if (m === 1n << (1n + mb)) {
      m >>= 1n;
      exp++;
    }
  }
  if (exp > maxExp) return { f: neg ? -Infinity : Infinity, range: true };
  // The value is now m * 2^(exp - mantbits), exactly representable.
  const f = Number(m) * 2 ** (exp - mantbits);
  return { f: neg ? -f : f, range: false };
}

/** Go's ParseFloat without the error wrapping: the value and Go's error kind. */
function parseFloatRaw(s: string, bitSize: 32 | 64): { f: number; err: null | 'syntax' | 'range' } {
  const sp = special(s);
  if (sp !== null) return sp.n === s.length ? { f: sp.f, err: null } : { f: 0, err: 'syntax' };
  const r = readFloat(s);
  if (!r.ok || r.n !== s.length) return { f: 0, err: 'syntax' };
  if (r.hex) {
    const h = hexToFloat(r.mant, r.exp, r.neg, bitSize);
    return { f: h.f, err: h.range ? 'range' : null };
  }
  // Decimal: the syntax is Go's; JS's conversion is correctly rounded like Go's.
  const clean = s.indexOf('_') >= 0 ? s.replace(/_/g, '') : s;
  let f = Number(clean);
  if (bitSize === 32) f = Math.fround(f);
  if (!Number.isFinite(f)) return { f, err: 'range' };
  return { f, err: null };
}

/**
 * strconv.ParseFloat: Go's decimal and hexadecimal literal syntax with `_`, plus inf/infinity/nan.
 * bitSize 32 rounds via float64 first (a double rounding Go avoids; differs only in rare ties).
 */
export function parseFloat(s: string, bitSize: 32 | 64 = 64): number {
  const r = parseFloatRaw(s, bitSize);
  if (r.err !== null) throw new NumError('ParseFloat', s, r.err === 'syntax' ? ERR_SYNTAX : ERR_RANGE, r.f);
  return r.f;
}

// ---- quoted strings --------------------------------------------------------------------

export interface UnquotedChar {
  /** The code point, or the byte value of a `\x`/octal escape when `multibyte` is false. */
  value: number;
  /** The value is a code point to encode as UTF-8 (not a single byte). */
  multibyte: boolean;
  /** The rest of the input. */
  tail: string;
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * strconv.UnquoteChar: decodes the first character or escape of s, a string quoted with
 * `quote` (`"`, `'` or 0). Throws QuoteSyntaxError.
 */
export function unquoteChar(s: string, quote: string): UnquotedChar {
  const r = unquoteCharAt(s, 0, quote.charCodeAt(0) || 0);
  if (r === null) throw new QuoteSyntaxError();
  return { value: r.value, multibyte: r.multibyte, tail: s.slice(r.next) };
}

/** UnquoteChar on s from index i; null on a syntax error. */
function unquoteCharAt(
  s: string,
  i: number,
  quote: number,
): { value: number; multibyte: boolean; next: number } | null {
  if (i >= s.length) return null;
  const c = s.charCodeAt(i);
  if (c === quote && (quote === 0x27 || quote === 0x22)) return null;
  if (c >= 0x80) {
    let cp = s.codePointAt(i) as number;
    const next = i + (cp > 0xffff ? 2 : 1);
    // A lone surrogate is a byte of invalid UTF-8 (value.ts): Go decodes it as RuneError.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    return { value: cp, multibyte: true, next };
  }
  if (c !== 0x5c) return { value: c, multibyte: false, next: i + 1 };
  if (i + 1 >= s.length) return null;
  const e = s.charCodeAt(i + 1);
  let j = i + 2;
  let value: number;
  let multibyte = false;
  switch (e) {
    case 0x61: // a
      value = 7;
      break;
    case 0x62: // b
      value = 8;
      break;
    case 0x66: // f
      value = 12;
      break;
    case 0x6e: // n
      value = 10;
      break;
    case 0x72: // r
      value = 13;
      break;
    case 0x74: // t
      value = 9;
      break;
    case 0x76: // v
      value = 11;
      break;
    case 0x78: // x
    case 0x75: // u
    case 0x55: {
      // U
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (s.length - j < n) return null;
      let v = 0;
      for (let k = 0; k < n; k++) {
        const x = unhex(s.charCodeAt(j + k));
        if (x < 0) return null;
        v = v * 16 + x;
      }
      j += n;
      if (e === 0x78) {
        value = v;
        break;
      }
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return null;
      value = v;
      multibyte = true;
      break;
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      let v = e - 0x30;
      if (s.length - j < 2) return null;
      for (let k = 0; k < 2; k++) {
        const x = s.charCodeAt(j + k) - 0x30;
        if (x < 0 || x > 7) return null;
        v = (v << 3) | x;
      }
      j += 2;
      if (v > 255) return null;
      value = v;
      break;
    }
    case 0x5c:
      value = 0x5c;
      break;
    case 0x27:
    case 0x22:
      if (e !== quote) return null;
      value = e;
      break;
    default:
      return null;
  }
  return { value, multibyte, next: j };
}

/**
 * strconv.Unquote of a `"…"`, `` `…` `` or `'…'` literal. Raw strings drop `\r` and keep any
 * bytes. Byte escapes (`\xff`, `\377`) that do not form valid UTF-8 become escaped bytes
 * (value.ts utf8Decode); invalid bytes in a quoted literal's text become U+FFFD, as in Go.
 * Throws QuoteSyntaxError.
 */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new QuoteSyntaxError();
  const q = s.charCodeAt(0);
  const end = s.indexOf(s[0], 1);
  if (end < 0) throw new QuoteSyntaxError();
  if (q === 0x60) {
    if (end !== n - 1) throw new QuoteSyntaxError();
    const body = s.slice(1, end);
    return body.indexOf('\r') >= 0 ? body.replace(/\r/g, '') : body;
  }
  if (q !== 0x22 && q !== 0x27) throw new QuoteSyntaxError();
  // Fast path: no escapes or newlines up to the first closing quote.
  const fastBody = s.slice(1, end);
  if (
    end === n - 1 &&
    fastBody.indexOf('\\') < 0 &&
    fastBody.indexOf('\n') < 0 &&
    !hasInvalidUtf8(fastBody)
  ) {
    if (q === 0x22) return fastBody;
    const cp = fastBody.codePointAt(0);
    const len = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
    if (len === fastBody.length) return fastBody;
  }
  const parts: number[] = []; // UTF-8 bytes, decoded once at the end
  let i = 1;
  while (i < n && s.charCodeAt(i) !== q) {
    if (s.charCodeAt(i) === 0x0a) throw new QuoteSyntaxError();
    const r = unquoteCharAt(s, i, q);
    if (r === null) throw new QuoteSyntaxError();
    i = r.next;
    if (r.value < 0x80 || !r.multibyte) {
      parts.push(r.value);
    } else pushUTF8(parts, r.value);
    if (q === 0x27) break; // a character literal holds one character
  }
  if (!(i < n && s.charCodeAt(i) === q) || i !== n - 1) throw new QuoteSyntaxError();
  return utf8Decode(Uint8Array.from(parts));
}

function pushUTF8(out: number[], cp: number): void {
  if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}
