// Sprig's math functions. The integer ones convert operands with cast.ToInt64 (floats
// truncate, strings parse) and wrap at 64 bits as Go does; the float ones (addf subf mulf
// divf add1f) compute exactly in decimal like shopspring/decimal 1.4.0, so `addf 0.1 0.2`
// is 0.3; maxf minf floor ceil round use Go's math package rules.
import { GoError, GoFunc, int, int64, type Value } from '../go/value.js';
import { castFloat64, castInt64 } from './conversion.js';
import type { FuncEnv } from './env.js';
import { goFunc } from './reflect.js';

const wrap64 = (n: bigint): bigint => BigInt.asIntN(64, n);

export const DIVIDE_BY_ZERO = 'runtime error: integer divide by zero';

// ---- shopspring/decimal -----------------------------------------------------------------

/** value × 10^exp, exactly. */
interface Decimal {
  value: bigint;
  exp: number;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** formats ±Inf/NaN as Go's %v does, for decimal's panic text. */
const goFloatWord = (f: number): string => (Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf');

/** decimal.NewFromFloat: the shortest decimal that round-trips (JS's digits are the same). */
function decimalFromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new GoError(`Cannot create a Decimal from ${goFloatWord(f)}`);
  if (f === 0) return { value: 0n, exp: 0 };
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '').replace('-', '');
  const frac = mant.includes('.') ? mant.split('.')[1]!.length : 0;
  const value = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { value, exp: Number(e) - frac };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.value, b.value, a.exp];
  if (a.exp < b.exp) return [a.value, b.value * pow10(b.exp - a.exp), a.exp];
  return [a.value * pow10(a.exp - b.exp), b.value, b.exp];
}

const decAdd = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, exp] = align(a, b);
  return { value: x + y, exp };
};
const decSub = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, exp] = align(a, b);
  return { value: x - y, exp };
};
const decMul = (a: Decimal, b: Decimal): Decimal => ({ value: a.value * b.value, exp: a.exp + b.exp });
const decCmp = (a: Decimal, b: Decimal): number => {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
};
const abs = (n: bigint): bigint => (n < 0n ? -n : n);
const sign = (n: bigint): number => (n < 0n ? -1 : n > 0n ? 1 : 0);

const DIVISION_PRECISION = 16;

/** Decimal.Div: QuoRem at 16 places, then half away from zero on the remainder (DivRound). */
function decDiv(d: Decimal, d2: Decimal): Decimal {
  if (d2.value === 0n) throw new GoError('decimal division by 0');
  const precision = DIVISION_PRECISION;
  const scale = -precision;
  const e = d.exp - d2.exp - scale;
  let aa: bigint;
  let bb: bigint;
  let scalerest: number;
  if (e < 0) {
    aa = d.value;
    bb = d2.value * pow10(-e);
    scalerest = d.exp;
  } else {
    aa = d.value * pow10(e);
    bb = d2.value;
    scalerest = scale + d2.exp;
  }
  const q = aa / bb; // BigInt division truncates toward zero, as big.Int.QuoRem
  const r = aa - q * bb;
  const quo: Decimal = { value: q, exp: scale };
  const r2: Decimal = { value: abs(r) * 2n, exp: scalerest + precision };
  if (decCmp(r2, { value: abs(d2.value), exp: d2.exp }) < 0) return quo;
  const one: Decimal = { value: 1n, exp: -precision };
  return sign(d.value) * sign(d2.value) < 0 ? decSub(quo, one) : decAdd(quo, one);
}

/** Decimal.Float64 (via big.Rat): the nearest float64, which JS's correctly rounded parse gives. */
const decToFloat = (d: Decimal): number => Number(`${d.value}e${d.exp}`);

type DecOp = (a: Decimal, b: Decimal) => Decimal;

/** Sprig's execDecimalOp. */
function decimalOp(a: Value, rest: Value[], op: DecOp): number {
  let acc = decimalFromFloat(castFloat64(a));
  for (const x of rest) acc = op(acc, decimalFromFloat(castFloat64(x)));
  return decToFloat(acc);
}

// ---- Go's math package pieces --------------------------------------------------------------

function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(f))) + 1);
  let m = f * 2 ** -e;
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}

function ldexp(frac: number, e: number): number {
  // Scale in steps so neither the factor nor an intermediate overflows needlessly.
  while (e > 1000) {
    frac *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    frac *= 2 ** -1000;
    e += 1000;
  }
  return frac * 2 ** e;
}

/** math.Pow(x, y) for a whole-number y, by Go's repeated squaring (matches Go to the bit). */
export function goPowInt(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0)
    return y < 0
      ? Object.is(x, -0) && Math.abs(y) % 2 === 1
        ? -Infinity
        : Infinity
      : Object.is(x, -0) && y % 2 === 1
        ? -0
        : 0;
  if (!Number.isFinite(y) || !Number.isFinite(x)) return Math.pow(x, y);
  const yi = Math.abs(y);
  let a1 = 1;
  let ae = 0;
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

/** Sprig's round: ceiling when the scaled fraction reaches roundOn, floor otherwise. */
function round(a: Value, places: bigint, roundOn: number): number {
  const val = castFloat64(a);
  const pow = goPowInt(10, Number(places));
  const digit = pow * val;
  const frac = Number.isFinite(digit) ? digit - Math.trunc(digit) : NaN;
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

/** rand.Intn semantics over a CSPRNG: uniform in [0, n), panicking for n <= 0. */
function randIntn(env: FuncEnv, n: bigint): bigint {
  if (n <= 0n) throw new GoError('invalid argument to Intn');
  const bytes = Math.ceil(n.toString(2).length / 8);
  const limit = (1n << BigInt(bytes * 8)) - ((1n << BigInt(bytes * 8)) % n);
  for (;;) {
    let x = 0n;
    for (const b of env.randomBytes(bytes)) x = (x << 8n) | BigInt(b);
    if (x < limit) return x % n;
  }
}

const i64 = (v: Value): bigint => castInt64(v);
const big = (v: Value): bigint => (v as { v: bigint }).v;

/** add1 add sub div mod mul randInt biggest max min add1f addf subf divf mulf maxf minf ceil floor round */
export function mathFuncs(env: FuncEnv): Map<string, GoFunc> {
  const maxOf = (a: Value, ...rest: Value[]): GoInt64 => {
    let m = i64(a);
    for (const b of rest) if (i64(b) > m) m = i64(b);
    return int64(m);
  };
  const minOf = (a: Value, ...rest: Value[]): GoInt64 => {
    let m = i64(a);
    for (const b of rest) if (i64(b) < m) m = i64(b);
    return int64(m);
  };
  const fs = [
    goFunc('add1', 'func(interface {}) int64', (a) => int64(wrap64(i64(a) + 1n))),
    goFunc('add', 'func(...interface {}) int64', (...xs) =>
      int64(wrap64(xs.reduce<bigint>((s, x) => s + i64(x), 0n))),
    ),
    goFunc('sub', 'func(interface {}, interface {}) int64', (a, b) => int64(wrap64(i64(a) - i64(b)))),
    goFunc('div', 'func(interface {}, interface {}) int64', (a, b) => {
      const d = i64(b);
      if (d === 0n) throw new GoError(DIVIDE_BY_ZERO);
      return int64(wrap64(i64(a) / d));
    }),
    goFunc('mod', 'func(interface {}, interface {}) int64', (a, b) => {
      const d = i64(b);
      if (d === 0n) throw new GoError(DIVIDE_BY_ZERO);
      return int64(i64(a) % d);
    }),
    goFunc('mul', 'func(interface {}, ...interface {}) int64', (a, ...xs) =>
      int64(xs.reduce<bigint>((p, x) => wrap64(p * i64(x)), i64(a))),
    ),
    goFunc('randInt', 'func(int, int) int', (lo, hi) =>
      int(randIntn(env, wrap64(big(hi) - big(lo))) + big(lo)),
    ),
    goFunc('biggest', 'func(interface {}, ...interface {}) int64', maxOf),
    goFunc('max', 'func(interface {}, ...interface {}) int64', maxOf),
    goFunc('min', 'func(interface {}, ...interface {}) int64', minOf),
    goFunc('add1f', 'func(interface {}) float64', (a) => decimalOp(a, [int(1)], decAdd)),
    goFunc('addf', 'func(...interface {}) float64', (...xs) => decimalOp(0, xs, decAdd)),
    goFunc('subf', 'func(interface {}, ...interface {}) float64', (a, ...xs) => decimalOp(a, xs, decSub)),
    goFunc('divf', 'func(interface {}, ...interface {}) float64', (a, ...xs) => decimalOp(a, xs, decDiv)),
    goFunc('mulf', 'func(interface {}, ...interface {}) float64', (a, ...xs) => decimalOp(a, xs, decMul)),
    goFunc('maxf', 'func(interface {}, ...interface {}) float64', (a, ...xs) =>
      xs.reduce<number>((m, x) => Math.max(m, castFloat64(x)), castFloat64(a)),
    ),
    goFunc('minf', 'func(interface {}, ...interface {}) float64', (a, ...xs) =>
      xs.reduce<number>((m, x) => Math.min(m, castFloat64(x)), castFloat64(a)),
    ),
    goFunc('ceil', 'func(interface {}) float64', (a) => Math.ceil(castFloat64(a))),
    goFunc('floor', 'func(interface {}) float64', (a) => Math.floor(castFloat64(a))),
    goFunc('round', 'func(interface {}, int, ...float64) float64', (a, p, ...opt) =>
      round(a, big(p), opt.length > 0 ? (opt[0] as number) : 0.5),
    ),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}

type GoInt64 = ReturnType<typeof int64>;
