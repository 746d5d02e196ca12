// strconv.FormatFloat, exactly as Go prints floats. Shortest digits come from the JS engine
// (ECMAScript's Number-to-string is the same shortest-round-trip, closest-digits rule Go
// uses); fixed precision is rounded from the exact binary value, ties to even, with BigInt.

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** A decimal digit string without trailing zeros ('' for zero) and its decimal point position. */
interface Digits {
  d: string;
  dp: number;
}

interface Decomposed {
  neg: boolean;
  /** mantissa including the implicit bit */
  mant: number;
  /** unbiased binary exponent of the leading mantissa bit position (Go's `exp` after adding the bias) */
  exp: number;
  mantBits: number;
  special?: string;
}

const view = new DataView(new ArrayBuffer(8));

function decompose(f: number, bitSize: 32 | 64): Decomposed {
  let neg: boolean;
  let rawExp: number;
  let mant: number;
  let mantBits: number;
  let expMax: number;
  let bias: number;
  if (bitSize === 32) {
    view.setFloat32(0, f);
    const bits = view.getUint32(0);
    neg = bits >>> 31 !== 0;
    rawExp = (bits >>> 23) & 0xff;
    mant = bits & 0x7fffff;
    mantBits = 23;
    expMax = 0xff;
    bias = -127;
  } else {
    view.setFloat64(0, f);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    neg = hi >>> 31 !== 0;
    rawExp = (hi >>> 20) & 0x7ff;
    mant = (hi & 0xfffff) * 2 ** 32 + lo;
    mantBits = 52;
    expMax = 0x7ff;
    bias = -1023;
  }
  if (rawExp === expMax) {
    const special = mant !== 0 ? 'NaN' : neg ? '-Inf' : '+Inf';
    return { neg, mant, exp: 0, mantBits, special };
  }
  let exp = rawExp;
  if (exp === 0) exp++;
  else mant += 2 ** mantBits;
  return { neg, mant, exp: exp + bias, mantBits };
}

// ---- digit generation ----------------------------------------------------------------------

/** Parses JS exponential notation ("1.2345e+21") into digits and decimal point position. */
function digitsFromExponential(s: string): Digits {
  const e = s.indexOf('e');
  let mant = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  if (mant.charCodeAt(0) === 45 /* - */) mant = mant.slice(1);
  let d = mant.length > 1 ? mant[0]! + mant.slice(2) : mant;
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
  d = d.slice(0, end);
  return { d, dp: exp + 1 };
}

/** Shortest digits that read back as the same float64. */
const shortest64 = (a: number): Digits => digitsFromExponential(a.toExponential());

/**
 * Shortest digits that read back as the same float32; among those, the closest to the exact
 * value, ties to even (the correctly rounded n-digit value, or a neighbour when that one falls
 * just outside the round-trip interval on its narrow side).
 */
function shortest32(a: number, mant: number, e2: number): Digits {
  for (let n = 1; n <= 9; n++) {
    const cand = significantDigits(a, mant, e2, n);
    if (Math.fround(Number(digitsToString(cand))) === a) return cand;
    const m = Number(cand.d.padEnd(n, '0'));
    const scale = cand.dp - n;
    for (const alt of [m - 1, m + 1]) {
      if (alt <= 0) continue;
      const v = Number(`${alt}e${scale}`);
      if (Math.fround(v) === a) return digitsFromExponential(v.toExponential());
    }
  }
  return significantDigits(a, mant, e2, 9);
}

const digitsToString = (x: Digits): string => `0.${x.d || '0'}e${x.dp}`;

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) {
    let p = pow10Cache[n];
    if (p === undefined) {
      p = 10n ** BigInt(n);
      pow10Cache[n] = p;
    }
    return p;
  }
  return 10n ** BigInt(n);
}

/** mant·2^e2·10^s as an exact fraction. */
function scaled(mant: bigint, e2: number, s: number): { num: bigint; den: bigint } {
  let num = mant;
  let den = 1n;
  if (s >= 0) num *= pow10(s);
  else den *= pow10(-s);
  if (e2 >= 0) num <<= BigInt(e2);
  else den <<= BigInt(-e2);
  return { num, den };
}

/** round-half-even(num/den) */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function trimDigits(q: bigint, dpFromLen: (len: number) => number): Digits {
  if (q === 0n) return { d: '', dp: 0 };
  const s = q.toString();
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return { d: s.slice(0, end), dp: dpFromLen(s.length) };
}

/** The value rounded to `prec` digits after the decimal point. */
function fixedDigits(mant: number, e2: number, prec: number): Digits {
  const { num, den } = scaled(BigInt(mant), e2, prec);
  return trimDigits(roundHalfEven(num, den), (len) => len - prec);
}

/** The value rounded to `n` (≥ 1) significant digits. */
function significantDigits(a: number, mant: number, e2: number, n: number): Digits {
  const m = BigInt(mant);
  let e10 = Math.floor(Math.log10(a));
  const lo = pow10(n - 1);
  const hi = pow10(n);
  for (;;) {
    const { num, den } = scaled(m, e2, n - 1 - e10);
    const fl = num / den;
    if (fl >= hi) {
      e10++;
      continue;
    }
    if (fl < lo) {
      e10--;
      continue;
    }
    let q = roundHalfEven(num, den);
    if (q === hi) {
      q = lo;
      e10++;
    }
    return trimDigits(q, () => e10 + 1);
  }
}

// ---- layout --------------------------------------------------------------------------------

function fmtE(neg: boolean, x: Digits, prec: number, ch: string): string {
  let out = neg ? '-' : '';
  const nd = x.d.length;
  out += nd === 0 ? '0' : x.d[0]!;
  if (prec > 0) {
    out += '.';
    const m = Math.min(nd, prec + 1);
    if (m > 1) out += x.d.slice(1, m);
    const have = Math.max(m - 1, 0);
    if (prec > have) out += '0'.repeat(prec - have);
  }
  let exp = nd === 0 ? 0 : x.dp - 1;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + ch + sign + (exp < 10 ? '0' : '') + exp;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let out = neg ? '-' : '';
  const nd = x.d.length;
  if (x.dp > 0) {
    const m = Math.min(nd, x.dp);
    out += x.d.slice(0, m);
    if (m < x.dp) out += '0'.repeat(x.dp - m);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    // digits x.d[dp .. dp+prec), zero outside the stored digits
    const start = x.dp;
    const lead = Math.min(Math.max(-start, 0), prec);
    if (lead > 0) out += '0'.repeat(lead);
    const from = start + lead;
    const to = Math.min(start + prec, nd);
    if (to > from) out += x.d.slice(from, to);
    const written = lead + Math.max(to - from, 0);
    if (prec > written) out += '0'.repeat(prec - written);
  }
  return out;
}

function formatDigits(
  neg: boolean,
  x: Digits,
  prec: number,
  fmt: 'e' | 'E' | 'f' | 'g' | 'G',
  shortest: boolean,
): string {
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, x, prec, fmt);
    case 'f':
      return fmtF(neg, x, prec);
    default: {
      const nd = x.d.length;
      let eprec = prec;
      if (eprec > nd && nd >= x.dp) eprec = nd;
      // %e is used if the exponent from the conversion is less than -4 or greater than or
      // equal to the precision. If precision was the shortest possible, use precision 6.
      if (shortest) eprec = 6;
      const exp = x.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return fmtE(neg, x, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > x.dp) prec = nd;
      return fmtF(neg, x, Math.max(prec - x.dp, 0));
    }
  }
}

function fmtB(neg: boolean, mant: number, exp: number, mantBits: number): string {
  const e = exp - mantBits;
  return `${neg ? '-' : ''}${mant}p${e >= 0 ? '+' : ''}${e}`;
}

const MASK64 = (1n << 64n) - 1n;
const BIT60 = 1n << 60n;

function fmtX(
  neg: boolean,
  mantN: number,
  exp: number,
  mantBits: number,
  prec: number,
  fmt: 'x' | 'X',
): string {
  let mant = BigInt(mantN);
  if (mant === 0n) exp = 0;
  // Shift the leading 1 to bit 60.
  mant <<= BigInt(60 - mantBits);
  while (mant !== 0n && (mant & BIT60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  // Round to prec hex digits, ties to even.
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (BIT60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = `${neg ? '-' : ''}0${fmt}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  out += fmt === 'X' ? 'P' : 'p';
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + sign + (exp < 10 ? '0' : '') + exp;
}

// ---- entry points --------------------------------------------------------------------------

/**
 * Go's `%v` of a float64, strconv.FormatFloat(f, 'g', -1, 64): the hot path of every
 * `{{ .Values.x }}` that holds a number.
 */
export function formatFloatShortestG(f: number): string {
  const a = f < 0 ? -f : f;
  // Decimal exponent in [-4, 6): Go prints fixed notation with the shortest digits, which is
  // exactly what JS prints in this range.
  if (a >= 1e-4 && a < 1e6) return String(f);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  if (a !== a) return 'NaN';
  if (a === Infinity) return f > 0 ? '+Inf' : '-Inf';
  // Same digits as JS's String(), laid out in exponent form with a two-digit exponent.
  const s = String(a);
  const e = s.indexOf('e');
  let digits: string;
  let exp: number;
  if (e >= 0) {
    // 1.5e+21, 1e-7: JS already chose exponent form.
    const m = s.slice(0, e);
    digits = m.length > 1 ? m[0]! + m.slice(2) : m;
    exp = Number(s.slice(e + 1));
  } else if (a >= 1) {
    // 1234567.5 → digits 12345675, exponent 6
    const dot = s.indexOf('.');
    exp = (dot < 0 ? s.length : dot) - 1;
    digits = dot < 0 ? s : s.slice(0, dot) + s.slice(dot + 1);
  } else {
    // 0.0000123 → digits 123, exponent −5
    let i = 2;
    while (s.charCodeAt(i) === 48) i++;
    exp = 1 - i;
    digits = s.slice(i);
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  let out = f < 0 ? '-' + digits[0]! : digits[0]!;
  if (end > 1) out += '.' + digits.slice(1, end);
  if (exp < 0) return out + (exp > -10 ? 'e-0' : 'e-') + -exp;
  return out + (exp < 10 ? 'e+0' : 'e+') + exp;
}

/**
 * strconv.FormatFloat(f, fmt, prec, bitSize). `prec` −1 means the fewest digits that read back
 * as the same value of the given size; with bitSize 32, `f` is first rounded to float32.
 */
export function formatFloat(f: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64 = 64): string {
  if (fmt === 'g' && prec < 0 && bitSize === 64) return formatFloatShortestG(f);
  const dec = decompose(f, bitSize);
  if (dec.special !== undefined) return dec.special;
  const { neg, mant, exp, mantBits } = dec;
  if (fmt === 'b') return fmtB(neg, mant, exp, mantBits);
  if (fmt === 'x' || fmt === 'X') return fmtX(neg, mant, exp, mantBits, prec, fmt);
  const shortest = prec < 0;
  if (mant === 0) return formatDigits(neg, { d: '', dp: 0 }, prec, fmt, shortest);
  const a = Math.abs(bitSize === 32 ? Math.fround(f) : f);
  if (shortest) {
    const x = bitSize === 32 ? shortest32(a, mant, exp - mantBits) : shortest64(a);
    const nd = x.d.length;
    const p = fmt === 'e' || fmt === 'E' ? nd - 1 : fmt === 'f' ? Math.max(nd - x.dp, 0) : nd;
    return formatDigits(neg, x, p, fmt, true);
  }
  const e2 = exp - mantBits;
  switch (fmt) {
    case 'f':
      return formatDigits(neg, fixedDigits(mant, e2, prec), prec, fmt, false);
    case 'e':
    case 'E':
      return formatDigits(neg, significantDigits(a, mant, e2, prec + 1), prec, fmt, false);
    default: {
      const p = prec === 0 ? 1 : prec;
      return formatDigits(neg, significantDigits(a, mant, e2, p), p, fmt, false);
    }
  }
}
