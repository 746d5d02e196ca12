// Helm 4.3's duration functions (pkg/engine/funcs.go): mustToDuration, durationSeconds …
// durationWeeks, durationRoundTo and durationTruncateTo. Each reads its argument as Helm's
// asDuration does: a time.Duration as is, a string as a Go duration ("1h2m") or else as
// seconds ("2.5"), any integer or float as seconds. Only mustToDuration reports a bad input;
// the others answer 0 (or, for a bad multiple, the duration unchanged).
import { GoError, GoInt, GoObject, int64, typeOf, type GoFunc, type Value } from '../go/value.js';
import { sprintf } from '../go/fmt/print.js';
import { parseFloat } from '../go/strconv/parse.js';
import { GoDuration, roundDuration } from './dates.js';
import { goFunc } from './reflect.js';
import { trimSpace } from './strings.js';
import { NS_PER_SEC, parseDuration } from './timefmt.js';

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
// Go's int64(math.MaxInt64 / int64(time.Second)) and its negative twin: whole seconds that fit.
const MAX_SECONDS = MAX_INT64 / NS_PER_SEC;
const MIN_SECONDS = MIN_INT64 / NS_PER_SEC;
// float64(math.MaxInt64) is 2^63; both bounds are float64 divisions, as Go computes them.
const TWO_63 = 2 ** 63;
const MAX_SECONDS_FLOAT = TWO_63 / 1e9;
const MIN_SECONDS_FLOAT = -TWO_63 / 1e9;

/** What asDuration answers: nanoseconds, or Helm's error text (seen only by mustToDuration). */
export type Result = { ok: true; ns: bigint } | { ok: false; err: string };
const ok = (ns: bigint): Result => ({ ok: true, ns });
const fail = (err: string): Result => ({ ok: false, err });

function fromSecondsInt(seconds: bigint): Result {
  if (seconds > MAX_SECONDS || seconds < MIN_SECONDS) return fail(`duration seconds overflow: ${seconds}`);
  return ok(seconds * NS_PER_SEC);
}

function fromSecondsUint(seconds: bigint): Result {
  if (seconds > MAX_SECONDS) return fail(`duration seconds overflow: ${seconds}`);
  return ok(seconds * NS_PER_SEC);
}

/** float64 → int64 as amd64 converts: toward zero; out of range gives MinInt64. */
function floatToInt64(f: number): bigint {
  if (!(f < TWO_63 && f >= -TWO_63)) return MIN_INT64;
  return BigInt(Math.trunc(f));
}

function fromSecondsFloat(seconds: number): Result {
  if (!Number.isFinite(seconds)) return fail(sprintf('invalid duration seconds: %v', [seconds]));
  if (seconds > MAX_SECONDS_FLOAT || seconds < MIN_SECONDS_FLOAT)
    return fail(sprintf('duration seconds overflow: %v', [seconds]));
  const nanos = seconds * 1e9;
  if (nanos > TWO_63 || nanos < -TWO_63) return fail(sprintf('duration nanoseconds overflow: %v', [nanos]));
  return ok(floatToInt64(nanos));
}

function fromString(x: string): Result {
  const s = trimSpace(x);
  if (s === '') return fail('empty duration');
  try {
    return ok(parseDuration(s));
  } catch {
    // not a Go duration: maybe a number of seconds
  }
  let f: number;
  try {
    f = parseFloat(s);
  } catch {
    return fail(sprintf('could not parse duration %q', [x]));
  }
  return fromSecondsFloat(f);
}

/** Helm's asDuration: nanoseconds, or the error text Helm would give. */
export function asDuration(v: Value): Result {
  if (v instanceof GoDuration) return ok(v.ns);
  if (typeof v === 'string') return fromString(v);
  if (v === null) return fail('invalid duration');
  if (typeof v === 'number') return fromSecondsFloat(v);
  // Integer kinds by reflect.Kind, named ones (time.Month, time.Weekday) included.
  const n = v instanceof GoInt ? v : v instanceof GoObject ? v.underlying() : undefined;
  if (n instanceof GoInt) return n.signed ? fromSecondsInt(n.v) : fromSecondsUint(n.v);
  return fail(`unsupported duration type ${typeOf(v)}`);
}

/** The duration, or 0 when asDuration fails (the lenient functions' rule). */
const nsOrZero = (v: Value): bigint => {
  const r = asDuration(v);
  return r.ok ? r.ns : 0n;
};

/** Duration.Seconds / Minutes / Hours: whole units plus the fraction, as Go splits them. */
const inUnits = (d: bigint, unit: bigint): number => Number(d / unit) + Number(d % unit) / Number(unit);
const HOUR = 3600n * NS_PER_SEC;

/** Duration.Truncate: toward zero to a multiple of m; m <= 0 leaves d. */
const truncateDuration = (d: bigint, m: bigint): bigint => (m <= 0n ? d : d - (d % m));

/** durationRoundTo / durationTruncateTo: 0 for a bad value, the value for a bad multiple. */
function toMultiple(v: Value, m: Value, op: (d: bigint, m: bigint) => bigint): GoDuration {
  const d = asDuration(v);
  if (!d.ok) return new GoDuration(0n);
  const mul = asDuration(m);
  return new GoDuration(mul.ok ? op(d.ns, mul.ns) : d.ns);
}

/** The functions Helm 4.3 added, by name. */
export function durationFuncs(): Map<string, GoFunc> {
  const fns: GoFunc[] = [
    // A panic in Go; text/template reports it as the call's error.
    goFunc('mustToDuration', 'func(interface {}) time.Duration', (v) => {
      const r = asDuration(v);
      if (!r.ok) throw new GoError(r.err);
      return new GoDuration(r.ns);
    }),
    goFunc('durationSeconds', 'func(interface {}) float64', (v) => inUnits(nsOrZero(v), NS_PER_SEC)),
    goFunc('durationMilliseconds', 'func(interface {}) int64', (v) => int64(nsOrZero(v) / 1_000_000n)),
    goFunc('durationMicroseconds', 'func(interface {}) int64', (v) => int64(nsOrZero(v) / 1000n)),
    goFunc('durationNanoseconds', 'func(interface {}) int64', (v) => int64(nsOrZero(v))),
    goFunc('durationMinutes', 'func(interface {}) float64', (v) => inUnits(nsOrZero(v), 60n * NS_PER_SEC)),
    goFunc('durationHours', 'func(interface {}) float64', (v) => inUnits(nsOrZero(v), HOUR)),
    goFunc('durationDays', 'func(interface {}) float64', (v) => inUnits(nsOrZero(v), HOUR) / 24),
    goFunc('durationWeeks', 'func(interface {}) float64', (v) => inUnits(nsOrZero(v), HOUR) / 24 / 7),
    goFunc('durationRoundTo', 'func(interface {}, interface {}) time.Duration', (v, m) =>
      toMultiple(v, m, roundDuration),
    ),
    goFunc('durationTruncateTo', 'func(interface {}, interface {}) time.Duration', (v, m) =>
      toMultiple(v, m, truncateDuration),
    ),
  ];
  return new Map(fns.map((f) => [f.name, f]));
}
