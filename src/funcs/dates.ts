// Sprig's date functions (date.go) and the Go values they trade in: time.Time (with the
// methods templates call: .Unix, .Format, .UTC, .Year, .Add …), time.Duration, time.Month,
// time.Weekday and *time.Location. The clock comes from env; Local is Go's (TZ, else
// /etc/localtime, else UTC) unless a location is passed in.
import {
  GoError,
  GoInt,
  GoObject,
  NO_FIELD,
  int,
  int64,
  utf8Encode,
  type GoFunc,
  type Value,
} from '../go/value.js';
import type { FuncEnv } from './env.js';
import { goFunc } from './reflect.js';
import {
  MONTHS,
  NS_PER_SEC,
  UTC,
  WEEKDAYS,
  asLocal,
  ZERO_SEC,
  civil,
  durationString,
  formatTime,
  loadLocation,
  localLocation,
  makeDate,
  parseDuration,
  parseTime,
  type GoLocation,
  type Instant,
} from './timefmt.js';

const MIN_DURATION = -(1n << 63n);
const MAX_DURATION = (1n << 63n) - 1n;

/** A Go *time.Location. */
export class GoLocationValue extends GoObject {
  readonly goType = '*time.Location';
  readonly goKind = 'ptr' as const;
  constructor(readonly loc: GoLocation) {
    super();
  }
  override stringer(): string {
    return this.loc.name;
  }
  override method(name: string): GoFunc | undefined {
    if (name === 'String') return goFunc('String', 'func() string', () => this.loc.name);
    return undefined;
  }
}

/** time.Month / time.Weekday: ints that print their names. */
export class GoNamedInt extends GoObject {
  readonly goKind = 'int' as const;
  constructor(
    readonly goType: 'time.Month' | 'time.Weekday',
    readonly n: number,
  ) {
    super();
  }
  override stringer(): string {
    const names = this.goType === 'time.Month' ? MONTHS : WEEKDAYS;
    const i = this.goType === 'time.Month' ? this.n - 1 : this.n;
    return names[i] ?? `%!${this.goType.slice(5)}(${this.n})`;
  }
  override underlying(): Value {
    return int(this.n);
  }
  override method(name: string): GoFunc | undefined {
    if (name === 'String') return goFunc('String', 'func() string', () => this.stringer());
    return undefined;
  }
}

/** A Go time.Duration (int64 nanoseconds). */
export class GoDuration extends GoObject {
  readonly goType = 'time.Duration';
  readonly goKind = 'int64' as const;
  readonly ns: bigint;
  constructor(ns: bigint) {
    super();
    this.ns = BigInt.asIntN(64, ns);
  }
  override stringer(): string {
    return durationString(this.ns);
  }
  override underlying(): Value {
    return int64(this.ns);
  }
  /** The same type around another integer (range over a Duration yields Durations). */
  override withUnderlying(v: Value): Value | undefined {
    return v instanceof GoInt ? new GoDuration(v.v) : undefined;
  }
  /** A zero Duration is false in `if`, as any zero integer. */
  override truth(): boolean {
    return this.ns !== 0n;
  }
  override method(name: string): GoFunc | undefined {
    const d = this.ns;
    const split = (unit: bigint): number => Number(d / unit) + Number(d % unit) / Number(unit);
    switch (name) {
      case 'String':
        return goFunc(name, 'func() string', () => this.stringer());
      case 'Hours':
        return goFunc(name, 'func() float64', () => split(3600n * NS_PER_SEC));
      case 'Minutes':
        return goFunc(name, 'func() float64', () => split(60n * NS_PER_SEC));
      case 'Seconds':
        return goFunc(name, 'func() float64', () => split(NS_PER_SEC));
      case 'Milliseconds':
        return goFunc(name, 'func() int64', () => int64(d / 1_000_000n));
      case 'Microseconds':
        return goFunc(name, 'func() int64', () => int64(d / 1000n));
      case 'Nanoseconds':
        return goFunc(name, 'func() int64', () => int64(d));
      case 'Abs':
        return goFunc(
          name,
          'func() time.Duration',
          () => new GoDuration(d >= 0n ? d : d === MIN_DURATION ? MAX_DURATION : -d),
        );
      case 'Round':
        return goFunc(
          name,
          'func(time.Duration) time.Duration',
          (m) => new GoDuration(roundDuration(d, (m as GoDuration).ns)),
        );
      case 'Truncate':
        return goFunc(name, 'func(time.Duration) time.Duration', (m) => {
          const mm = (m as GoDuration).ns;
          return new GoDuration(mm <= 0n ? d : d - (d % mm));
        });
    }
    return undefined;
  }
}

const lessThanHalf = (x: bigint, y: bigint): boolean =>
  BigInt.asUintN(64, x) + BigInt.asUintN(64, x) < BigInt.asUintN(64, y);

/** Duration.Round: halfway values round away from zero, saturating. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const d1 = d - m + r;
    return d1 >= MIN_DURATION ? d1 : MIN_DURATION;
  }
  if (lessThanHalf(r, m)) return d - r;
  const d1 = d + m - r;
  return d1 <= MAX_DURATION ? d1 : MAX_DURATION;
}

const totalNs = (t: Instant): bigint => BigInt(t.sec) * NS_PER_SEC + BigInt(t.nsec);

/** Time.Add, monotonic reading included. */
export function addDuration(t: Instant, d: bigint): Instant {
  let dsec = d / NS_PER_SEC;
  let nsec = t.nsec + Number(d % NS_PER_SEC);
  if (nsec >= 1e9) {
    dsec++;
    nsec -= 1e9;
  } else if (nsec < 0) {
    dsec--;
    nsec += 1e9;
  }
  const out: { sec: number; nsec: number; loc: GoLocation; mono?: number } = {
    sec: t.sec + Number(dsec),
    nsec,
    loc: t.loc,
  };
  if (t.mono !== undefined) out.mono = t.mono + Number(d);
  return out;
}

/** Time.Sub, saturating like Go. */
export function subTimes(t: Instant, u: Instant): bigint {
  if (t.mono !== undefined && u.mono !== undefined) return BigInt(Math.round(t.mono - u.mono));
  const d = totalNs(t) - totalNs(u);
  return d > MAX_DURATION ? MAX_DURATION : d < MIN_DURATION ? MIN_DURATION : d;
}

/** A Go time.Time. */
export class GoTime extends GoObject implements Instant {
  readonly goType = 'time.Time';
  readonly goKind = 'struct' as const;
  readonly sec: number;
  readonly nsec: number;
  readonly loc: GoLocation;
  readonly mono?: number;
  constructor(t: Instant) {
    super();
    this.sec = t.sec;
    this.nsec = t.nsec;
    this.loc = t.loc;
    if (t.mono !== undefined) this.mono = t.mono;
  }
  /** time.Unix(sec, nsec) in a location. */
  static unix(sec: number, nsec: number, loc: GoLocation): GoTime {
    return new GoTime({ sec, nsec, loc });
  }
  static zero(): GoTime {
    return new GoTime({ sec: ZERO_SEC, nsec: 0, loc: UTC });
  }
  get isZero(): boolean {
    return this.sec === ZERO_SEC && this.nsec === 0;
  }
  format(layout: string): string {
    return formatTime(this, layout);
  }
  in(loc: GoLocation): GoTime {
    return new GoTime({ sec: this.sec, nsec: this.nsec, loc });
  }
  override stringer(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const m = BigInt(Math.round(this.mono));
      const a = m < 0n ? -m : m;
      const m0 = a / 1_000_000_000_000_000_000n;
      const m1 = (a / NS_PER_SEC) % 1_000_000_000n;
      const m2 = a % NS_PER_SEC;
      s += ` m=${m < 0n ? '-' : '+'}${m0 !== 0n ? m0.toString() + m1.toString().padStart(9, '0') : m1.toString()}.${m2.toString().padStart(9, '0')}`;
    }
    return s;
  }
  /** Time.MarshalJSON's text (RFC 3339 with nanoseconds), for JSON/YAML encoders. */
  marshalJSON(): string {
    const y = civil(this).year;
    if (y < 0 || y > 9999) throw new GoError('Time.MarshalJSON: year outside of range [0,9999]');
    return '"' + this.format('2006-01-02T15:04:05.999999999Z07:00') + '"';
  }
  /** Time.GoString, what %#v prints: time.Date(2020, time.January, 1, 0, 0, 0, 0, time.Local). */
  goString(): string {
    const c = civil(this);
    const loc =
      this.loc === UTC
        ? 'time.UTC'
        : this.loc.isLocal
          ? 'time.Local'
          : `time.Location(${JSON.stringify(this.loc.name)})`;
    return `time.Date(${c.year}, time.${MONTHS[c.month - 1]}, ${c.day}, ${c.hour}, ${c.min}, ${c.sec}, ${this.nsec}, ${loc})`;
  }
  /** Time.MarshalText's text, for encoders that honour encoding.TextMarshaler. */
  marshalText(): string {
    const y = civil(this).year;
    if (y < 0 || y > 9999) throw new GoError('Time.MarshalText: year outside of range [0,9999]');
    return this.format('2006-01-02T15:04:05.999999999Z07:00');
  }
  override method(name: string): GoFunc | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the closures below read it
    const t = this;
    const timeArg = (v: Value): GoTime => v as GoTime;
    const durArg = (v: Value): bigint => (v as GoDuration).ns;
    const c = (): ReturnType<typeof civil> => civil(t);
    switch (name) {
      case 'Add':
        return goFunc(name, 'func(time.Duration) time.Time', (d) => new GoTime(addDuration(t, durArg(d))));
      case 'AddDate':
        return goFunc(name, 'func(int, int, int) time.Time', (y, m, d) => {
          const k = c();
          const n = (v: Value): number => Number((v as GoInt).v);
          return new GoTime(
            makeDate(k.year + n(y), k.month + n(m), k.day + n(d), k.hour, k.min, k.sec, t.nsec, t.loc),
          );
        });
      case 'After':
        return goFunc(name, 'func(time.Time) bool', (u) => totalNs(t) > totalNs(timeArg(u)));
      case 'Before':
        return goFunc(name, 'func(time.Time) bool', (u) => totalNs(t) < totalNs(timeArg(u)));
      case 'Equal':
        return goFunc(name, 'func(time.Time) bool', (u) => totalNs(t) === totalNs(timeArg(u)));
      case 'Compare':
        return goFunc(name, 'func(time.Time) int', (u) => {
          const a = totalNs(t);
          const b = totalNs(timeArg(u));
          return int(a < b ? -1 : a > b ? 1 : 0);
        });
      case 'Year':
        return goFunc(name, 'func() int', () => int(c().year));
      case 'Month':
        return goFunc(name, 'func() time.Month', () => new GoNamedInt('time.Month', c().month));
      case 'Day':
        return goFunc(name, 'func() int', () => int(c().day));
      case 'Hour':
        return goFunc(name, 'func() int', () => int(c().hour));
      case 'Minute':
        return goFunc(name, 'func() int', () => int(c().min));
      case 'Second':
        return goFunc(name, 'func() int', () => int(c().sec));
      case 'Nanosecond':
        return goFunc(name, 'func() int', () => int(t.nsec));
      case 'YearDay':
        return goFunc(name, 'func() int', () => int(c().yday));
      case 'Weekday':
        return goFunc(name, 'func() time.Weekday', () => new GoNamedInt('time.Weekday', c().weekday));
      case 'IsDST':
        return goFunc(name, 'func() bool', () => c().isDST);
      case 'IsZero':
        return goFunc(name, 'func() bool', () => t.isZero);
      case 'Format':
        return goFunc(name, 'func(string) string', (l) => t.format(l as string));
      case 'String':
        return goFunc(name, 'func() string', () => t.stringer());
      case 'GoString':
        return goFunc(name, 'func() string', () => t.goString());
      case 'UTC':
        return goFunc(name, 'func() time.Time', () => t.in(UTC));
      case 'Local':
        return goFunc(name, 'func() time.Time', () => t.in(localLocation()));
      case 'In':
        return goFunc(name, 'func(*time.Location) time.Time', (l) => {
          if (l === null) throw new GoError('time: missing Location in call to Time.In');
          return t.in((l as GoLocationValue).loc);
        });
      case 'Location':
        return goFunc(name, 'func() *time.Location', () => new GoLocationValue(t.loc));
      case 'Unix':
        return goFunc(name, 'func() int64', () => int64(t.sec));
      case 'UnixMilli':
        return goFunc(name, 'func() int64', () => int64(totalNs(t) / 1_000_000n));
      case 'UnixMicro':
        return goFunc(name, 'func() int64', () => int64(totalNs(t) / 1000n));
      case 'UnixNano':
        return goFunc(name, 'func() int64', () => int64(totalNs(t)));
      case 'Sub':
        return goFunc(name, 'func(time.Time) time.Duration', (u) => new GoDuration(subTimes(t, timeArg(u))));
      case 'Round':
      case 'Truncate':
        return goFunc(name, 'func(time.Duration) time.Time', (dv) => {
          const d = durArg(dv);
          const plain = { sec: t.sec, nsec: t.nsec, loc: t.loc };
          if (d <= 0n) return new GoTime(plain);
          const sinceZero = totalNs(t) - BigInt(ZERO_SEC) * NS_PER_SEC;
          const r = ((sinceZero % d) + d) % d;
          if (name === 'Truncate' || lessThanHalf(r, d)) return new GoTime(addDuration(plain, -r));
          return new GoTime(addDuration(plain, d - r));
        });
      case 'MarshalJSON':
        return goFunc(name, 'func() ([]uint8, error)', () => utf8Encode(t.marshalJSON()));
      case 'MarshalText':
        return goFunc(name, 'func() ([]uint8, error)', () => utf8Encode(t.marshalText()));
    }
    return undefined;
  }
  override field(_name: string): Value | typeof NO_FIELD {
    return NO_FIELD; // time.Time's fields are unexported
  }
}

// ---- Sprig's functions -------------------------------------------------------------------

/** strconv.ParseInt(s, 10, 64) as Sprig uses it: syntax errors give 0, range errors saturate. */
function parseInt10(s: string): bigint {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return 0n;
  const v = BigInt(m[2]!) * (m[1] === '-' ? -1n : 1n);
  return v > MAX_DURATION ? MAX_DURATION : v < MIN_DURATION ? MIN_DURATION : v;
}

const YEAR = 3600n * 24n * 365n * NS_PER_SEC;
const MONTH = 3600n * 24n * 30n * NS_PER_SEC;
const DAY = 3600n * 24n * NS_PER_SEC;
const HOUR = 3600n * NS_PER_SEC;
const MINUTE = 60n * NS_PER_SEC;

function durationRound(d: bigint): string {
  let u = BigInt.asUintN(64, d);
  if (d < 0n) u = BigInt.asUintN(64, -u);
  const units: [bigint, string][] = [
    [YEAR, 'y'],
    [MONTH, 'mo'],
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
    [NS_PER_SEC, 's'],
  ];
  for (const [unit, suffix] of units) if (u > unit) return (u / unit).toString() + suffix;
  return '0s';
}

/**
 * The date functions. `local` is Go's time.Local (defaults to the process's: $TZ, else
 * /etc/localtime, else UTC).
 */
export function datesFuncs(env: FuncEnv, local?: GoLocation): Map<string, GoFunc> {
  const fixedLocal = local && asLocal(local);
  const loc = (): GoLocation => fixedLocal ?? localLocation();
  const now = (): GoTime => {
    const ms = env.now().getTime();
    const sec = Math.floor(ms / 1000);
    // Go's monotonic reading counts from process start; ours from the same origin.
    const mono = (ms - (typeof performance !== 'undefined' ? performance.timeOrigin : 0)) * 1e6;
    return new GoTime({ sec, nsec: (ms - sec * 1000) * 1e6, loc: loc(), mono });
  };
  // time.Unix(n, 0) for the integer kinds Sprig's type switches accept
  const fromUnix = (v: GoInt): GoTime => GoTime.unix(Number(v.v), 0, loc());
  const toTime = (v: Value, kinds: readonly string[]): GoTime => {
    if (v instanceof GoTime) return v;
    if (v instanceof GoInt && kinds.includes(v.kind)) return fromUnix(v);
    return now();
  };
  const zoneOf = (zone: string): GoLocation => {
    if (zone === 'Local') return loc();
    try {
      return loadLocation(zone);
    } catch {
      return UTC;
    }
  };
  const dateInZone = (fmt: string, date: Value, zone: string): string =>
    toTime(date, ['int64', 'int', 'int32']).in(zoneOf(zone)).format(fmt);
  const since = (t: GoTime): bigint => subTimes(now(), t);
  const modify = (fmt: string, date: GoTime): GoTime => new GoTime(addDuration(date, parseDuration(fmt)));
  const toDate = (fmt: string, s: string): GoTime => new GoTime(parseTime(fmt, s, loc(), loc()));
  const asGoError = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new GoError(e instanceof Error ? e.message : String(e));
    }
  };

  const fns: GoFunc[] = [
    goFunc('ago', 'func(interface {}) string', (d) =>
      durationString(roundDuration(since(toTime(d, ['int64', 'int'])), NS_PER_SEC)),
    ),
    goFunc('date', 'func(string, interface {}) string', (f, d) => dateInZone(f as string, d, 'Local')),
    goFunc('date_in_zone', 'func(string, interface {}, string) string', (f, d, z) =>
      dateInZone(f as string, d, z as string),
    ),
    goFunc('dateInZone', 'func(string, interface {}, string) string', (f, d, z) =>
      dateInZone(f as string, d, z as string),
    ),
    goFunc('date_modify', 'func(string, time.Time) time.Time', (f, d) => {
      try {
        return modify(f as string, d as GoTime);
      } catch {
        return d;
      }
    }),
    goFunc('dateModify', 'func(string, time.Time) time.Time', (f, d) => {
      try {
        return modify(f as string, d as GoTime);
      } catch {
        return d;
      }
    }),
    goFunc('must_date_modify', 'func(string, time.Time) (time.Time, error)', (f, d) =>
      asGoError(() => modify(f as string, d as GoTime)),
    ),
    goFunc('mustDateModify', 'func(string, time.Time) (time.Time, error)', (f, d) =>
      asGoError(() => modify(f as string, d as GoTime)),
    ),
    goFunc('duration', 'func(interface {}) string', (s) => {
      let n = 0n;
      if (typeof s === 'string') n = parseInt10(s);
      else if (s instanceof GoInt && s.kind === 'int64') n = s.v;
      return durationString(BigInt.asIntN(64, n * NS_PER_SEC));
    }),
    goFunc('durationRound', 'func(interface {}) string', (v) => {
      let d = 0n;
      if (typeof v === 'string') {
        try {
          d = parseDuration(v);
        } catch {
          d = 0n;
        }
      } else if (v instanceof GoInt && v.kind === 'int64') d = v.v;
      else if (v instanceof GoTime) d = since(v);
      return durationRound(d);
    }),
    goFunc('htmlDate', 'func(interface {}) string', (d) => dateInZone('2006-01-02', d, 'Local')),
    goFunc('htmlDateInZone', 'func(interface {}, string) string', (d, z) =>
      dateInZone('2006-01-02', d, z as string),
    ),
    goFunc('now', 'func() time.Time', () => now()),
    goFunc('toDate', 'func(string, string) time.Time', (f, s) => {
      try {
        return toDate(f as string, s as string);
      } catch {
        return GoTime.zero();
      }
    }),
    goFunc('mustToDate', 'func(string, string) (time.Time, error)', (f, s) =>
      asGoError(() => toDate(f as string, s as string)),
    ),
    goFunc('unixEpoch', 'func(time.Time) string', (d) => String((d as GoTime).sec)),
  ];
  return new Map(fns.map((f) => [f.name, f]));
}
