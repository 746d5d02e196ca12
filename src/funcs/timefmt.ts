// Go's time package as templates see it: instants with a location, layout-string formatting
// and parsing (time/format.go, element for element), ParseDuration and Duration.String, and
// locations. Zones come from the system tzdata files as Go reads them (exact offsets and
// abbreviations), and from Intl where no tzdata exists.
// Go strings are bytes, so layouts and values are handled as UTF-8 bytes in latin1 strings.
import { readFileSync } from 'node:fs';
import { utf8Decode, utf8Encode } from '../go/value.js';

// ---- instants --------------------------------------------------------------------------------

/** A Go time.Time: Unix seconds (integral), nanoseconds 0..999999999, location, monotonic reading. */
export interface Instant {
  readonly sec: number;
  readonly nsec: number;
  readonly loc: GoLocation;
  /** monotonic clock reading in nanoseconds, only on times from `now` (printed as m=±…) */
  readonly mono?: number;
}

/** Unix seconds of Go's zero time, January 1, year 1, 00:00:00 UTC. */
export const ZERO_SEC = -62135596800;

// ---- calendar (proleptic Gregorian, any range) ---------------------------------------------

const fdiv = (a: number, b: number): number => Math.floor(a / b);
const fmod = (a: number, b: number): number => a - Math.floor(a / b) * b;

/** Days since 1970-01-01 of a civil date (month 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = fdiv(y, 400);
  const yoe = y - era * 400;
  const doy = fdiv(153 * (m + (m > 2 ? -3 : 9)) + 2, 5) + d - 1;
  const doe = yoe * 365 + fdiv(yoe, 4) - fdiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = fdiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = fdiv(doe - fdiv(doe, 1460) + fdiv(doe, 36524) - fdiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + fdiv(yoe, 4) - fdiv(yoe, 100));
  const mp = fdiv(5 * doy + 2, 153);
  const day = doy - fdiv(153 * mp + 2, 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
export const daysIn = (m: number, y: number): number =>
  m === 2 && isLeap(y) ? 29 : DAYS_BEFORE[m]! - DAYS_BEFORE[m - 1]!;

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The wall-clock fields of an instant in its location. */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  yday: number;
  weekday: number;
  abbr: string;
  offset: number;
  isDST: boolean;
}

export function civil(t: Instant): Civil {
  const z = t.loc.lookup(t.sec);
  const local = t.sec + z.offset;
  const days = fdiv(local, 86400);
  const sod = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: fdiv(sod, 3600),
    min: fdiv(sod % 3600, 60),
    sec: sod % 60,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    weekday: fmod(days + 4, 7),
    abbr: z.abbr,
    offset: z.offset,
    isDST: z.isDST,
  };
}

/** time.Date: normalises every field (month 13 is next January, second -1 the minute before). */
export function makeDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
  loc: GoLocation,
): Instant {
  let m = month - 1;
  year += fdiv(m, 12);
  m = fmod(m, 12);
  sec += fdiv(nsec, 1e9);
  nsec = fmod(nsec, 1e9);
  const local = (daysFromCivil(year, m + 1, 1) + day - 1) * 86400 + hour * 3600 + min * 60 + sec;
  // Guess the offset at the local time read as UTC, then correct near a transition, as Go does.
  let off = loc.lookup(local).offset;
  if (off !== 0) {
    const off2 = loc.lookup(local - off).offset;
    if (off2 !== off) off = off2;
  }
  return { sec: local - off, nsec, loc };
}

// ---- locations -------------------------------------------------------------------------------

export interface ZoneInfo {
  abbr: string;
  /** seconds east of UTC */
  offset: number;
  isDST: boolean;
}

/** A Go *time.Location. */
export interface GoLocation {
  /** what Location.String() prints: "UTC", "Local", "Europe/Berlin", a fixed zone's name */
  readonly name: string;
  lookup(unixSec: number): ZoneInfo;
  /** every zone the location knows (tzdata's types), for parsing abbreviations; absent when unknown */
  readonly zones?: readonly ZoneInfo[];
  /** set on the location that plays Go's time.Local (GoString prints it as time.Local) */
  readonly isLocal?: boolean;
}

/** The same zone rules, marked as time.Local. */
export const asLocal = (l: GoLocation): GoLocation =>
  l.isLocal
    ? l
    : { name: l.name, lookup: (s) => l.lookup(s), ...(l.zones ? { zones: l.zones } : {}), isLocal: true };

// Go's UTC location has no zone list, so parsing "UTC" as an abbreviation is special-cased.
export const UTC: GoLocation = {
  name: 'UTC',
  lookup: () => ({ abbr: 'UTC', offset: 0, isDST: false }),
  zones: [],
};

/** time.FixedZone. */
export function fixedZone(name: string, offset: number): GoLocation {
  const z = { abbr: name, offset, isDST: false };
  return { name, lookup: () => z, zones: [z] };
}

interface TzifData {
  trans: number[];
  idx: number[];
  types: ZoneInfo[];
  footer: { std: string; stdOffset: number; dst?: string } | undefined;
}

/** The parts of a POSIX TZ string we need: the two abbreviations and the standard offset. */
function parseTzFooter(s: string): TzifData['footer'] {
  let i = 0;
  const name = (): string | undefined => {
    if (s[i] === '<') {
      const j = s.indexOf('>', i);
      if (j < 0) return undefined;
      const n = s.slice(i + 1, j);
      i = j + 1;
      return n;
    }
    const m = /^[A-Za-z]{3,}/.exec(s.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const std = name();
  if (std === undefined) return undefined;
  const om = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(s.slice(i));
  if (!om) return undefined;
  i += om[0].length;
  const secs = Number(om[2]) * 3600 + Number(om[3] ?? 0) * 60 + Number(om[4] ?? 0);
  const stdOffset = om[1] === '-' ? secs : -secs; // POSIX offsets are west-positive
  const dst = i < s.length && s[i] !== ',' ? name() : undefined;
  return { std, stdOffset, dst };
}

function parseTzif(b: Uint8Array): TzifData | undefined {
  if (b.length < 44 || utf8Decode(b.subarray(0, 4)) !== 'TZif') return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const counts = (off: number): number[] => [0, 1, 2, 3, 4, 5].map((k) => dv.getUint32(off + 20 + k * 4));
  let [isut, isstd, leap, time, type, chars] = counts(0) as [number, number, number, number, number, number];
  let off = 44;
  let wide = false;
  if (b[4]! >= 0x32) {
    // skip the 32-bit block, read the 64-bit one
    off += time * 5 + type * 6 + chars + leap * 8 + isstd + isut;
    [isut, isstd, leap, time, type, chars] = counts(off) as [number, number, number, number, number, number];
    off += 44;
    wide = true;
  }
  const trans: number[] = [];
  for (let k = 0; k < time; k++) {
    trans.push(wide ? Number(dv.getBigInt64(off)) : dv.getInt32(off));
    off += wide ? 8 : 4;
  }
  const idx = [...b.subarray(off, off + time)];
  off += time;
  const raw: { offset: number; isDST: boolean; ai: number }[] = [];
  for (let k = 0; k < type; k++, off += 6)
    raw.push({ offset: dv.getInt32(off), isDST: b[off + 4] !== 0, ai: b[off + 5]! });
  const abbrs = b.subarray(off, off + chars);
  off += chars + leap * (wide ? 12 : 8) + isstd + isut;
  const types = raw.map((r) => {
    let e = r.ai;
    while (e < abbrs.length && abbrs[e] !== 0) e++;
    return { abbr: utf8Decode(abbrs.subarray(r.ai, e)), offset: r.offset, isDST: r.isDST };
  });
  let footer: TzifData['footer'];
  if (wide && b[off] === 0x0a) {
    const end = b.indexOf(0x0a, off + 1);
    if (end > off) footer = parseTzFooter(utf8Decode(b.subarray(off + 1, end)));
  }
  if (types.length === 0) return undefined;
  return { trans, idx, types, footer };
}

// Offsets from Intl, for instants past the last tzdata transition and where no tzdata exists.
const intlFormats = new Map<string, Intl.DateTimeFormat>();
function intlOffset(zone: string, unixSec: number): number {
  let f = intlFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    intlFormats.set(zone, f);
  }
  const ms = Math.max(-8.64e15, Math.min(8.64e15, unixSec * 1000));
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(ms)) p[x.type] = x.value;
  let y = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') y = 1 - y;
  const local =
    daysFromCivil(y, Number(p.month), Number(p.day)) * 86400 +
    Number(p.hour) * 3600 +
    Number(p.minute) * 60 +
    Number(p.second);
  return local - Math.floor(ms / 1000);
}

/** tzdata's style for zones without a letter abbreviation: +04, -0330. */
function numericAbbr(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = String(Math.floor(a / 3600)).padStart(2, '0');
  const m = Math.floor((a % 3600) / 60);
  return sign + h + (m ? String(m).padStart(2, '0') : '');
}

function intlAbbr(zone: string, unixSec: number, offset: number): string {
  const ms = Math.max(-8.64e15, Math.min(8.64e15, unixSec * 1000));
  const n = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(ms)
    .find((x) => x.type === 'timeZoneName')?.value;
  if (n && (n === 'UTC' || n === 'GMT' || !/^GMT[+-]/.test(n))) return n;
  return numericAbbr(offset);
}

/** Memoises a thunk: Intl's first use costs tens of milliseconds, and zones without DST never need it. */
function lazy<T>(f: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v;
  };
}

function tzifLocation(name: string, data: TzifData, intlZone: () => string | undefined): GoLocation {
  const first = data.types.find((_, k) => !data.types[k]!.isDST) ?? data.types[0]!;
  return {
    name,
    zones: data.types,
    lookup(sec: number): ZoneInfo {
      const { trans, idx, types, footer } = data;
      if (trans.length === 0 || sec < trans[0]!) {
        if (trans.length === 0 && footer) return footerZone(footer, sec, intlZone) ?? first;
        return first;
      }
      if (sec >= trans[trans.length - 1]! && footer) {
        const z = footerZone(footer, sec, intlZone);
        if (z) return z;
      }
      let lo = 0;
      let hi = trans.length;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (sec < trans[mid]!) hi = mid;
        else lo = mid;
      }
      return types[idx[lo]!]!;
    },
  };
}

function footerZone(
  f: NonNullable<TzifData['footer']>,
  sec: number,
  intlZoneOf: () => string | undefined,
): ZoneInfo | undefined {
  if (f.dst === undefined) return { abbr: f.std, offset: f.stdOffset, isDST: false };
  const intlZone = intlZoneOf();
  if (!intlZone) return undefined;
  const offset = intlOffset(intlZone, sec);
  return offset === f.stdOffset
    ? { abbr: f.std, offset, isDST: false }
    : { abbr: f.dst, offset, isDST: true };
}

function intlLocation(name: string, zone: string): GoLocation {
  return {
    name,
    lookup(sec: number): ZoneInfo {
      const offset = intlOffset(zone, sec);
      return { abbr: intlAbbr(zone, sec, offset), offset, isDST: false };
    },
  };
}

/**
 * A location from Intl alone, as used where no tzdata files exist (browsers): offsets are
 * exact, abbreviations are en-US's where it has letters, else tzdata's numeric style (+04).
 */
export function loadLocationFromIntl(name: string): GoLocation {
  const z = intlZoneFor(name);
  if (!z) throw new Error(`unknown time zone ${name}`);
  return intlLocation(name, z);
}

const ZONEINFO_DIRS = [
  '/usr/share/zoneinfo/',
  '/usr/share/lib/zoneinfo/',
  '/usr/lib/locale/TZ/',
  '/etc/zoneinfo/',
];

function readTzif(path: string): TzifData | undefined {
  try {
    return parseTzif(new Uint8Array(readFileSync(path)));
  } catch {
    return undefined;
  }
}

function intlZoneFor(name: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Intl matches names case-insensitively; Go's file lookup does not.
    if (resolved.toLowerCase() === name.toLowerCase() && resolved !== name) return undefined;
    return resolved;
  } catch {
    return undefined;
  }
}

let anyTzdata: boolean | undefined;
const hasTzdata = (): boolean => (anyTzdata ??= ZONEINFO_DIRS.some((d) => readTzif(d + 'UTC') !== undefined));

const zoneCache = new Map<string, GoLocation | null>();

/** time.LoadLocation, minus "Local" (see localLocation). Throws Go's error text. */
export function loadLocation(name: string): GoLocation {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localLocation();
  if (
    name.includes('..') ||
    name.startsWith('/') ||
    name.startsWith('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\0')
  )
    throw new Error('time: invalid location name');
  let loc = zoneCache.get(name);
  if (loc === undefined) {
    loc = null;
    if (hasTzdata()) {
      for (const dir of ZONEINFO_DIRS) {
        const d = readTzif(dir + name);
        if (d) {
          loc = tzifLocation(
            name,
            d,
            lazy(() => intlZoneFor(name)),
          );
          break;
        }
      }
    } else {
      const z = intlZoneFor(name);
      if (z) loc = intlLocation(name, z);
    }
    zoneCache.set(name, loc);
  }
  if (!loc) throw new Error(`unknown time zone ${name}`);
  return loc;
}

let localCache: { key: string | undefined; loc: GoLocation } | undefined;

/** Go's time.Local: from $TZ, else /etc/localtime, else UTC; named "Local" when it is the system zone. */
export function localLocation(): GoLocation {
  const tz = typeof process !== 'undefined' ? process.env.TZ : undefined;
  if (localCache && localCache.key === tz) return localCache.loc;
  let loc: GoLocation = { name: 'UTC', lookup: UTC.lookup };
  const rename = (l: GoLocation, n: string): GoLocation => ({
    name: n,
    lookup: (s) => l.lookup(s),
    zones: l.zones,
  });
  if (tz === undefined) {
    const d = readTzif('/etc/localtime');
    if (d)
      loc = tzifLocation(
        'Local',
        d,
        lazy(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
      );
    else if (!hasTzdata()) {
      const z = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (z) loc = intlLocation('Local', z);
    }
  } else {
    let t = tz.startsWith(':') ? tz.slice(1) : tz;
    if (t.startsWith('/')) {
      const d = readTzif(t);
      if (d) loc = tzifLocation(t === '/etc/localtime' ? 'Local' : t, d, () => undefined);
    } else if (t !== '' && t !== 'UTC') {
      try {
        loc = rename(loadLocation(t), t);
      } catch {
        t = '';
      }
    }
  }
  loc = asLocal(loc);
  localCache = { key: tz, loc };
  return loc;
}

// ---- layouts -----------------------------------------------------------------------------------

const enum Std {
  None = 0,
  LongMonth,
  Month,
  NumMonth,
  ZeroMonth,
  LongWeekDay,
  WeekDay,
  Day,
  UnderDay,
  ZeroDay,
  UnderYearDay,
  ZeroYearDay,
  Hour,
  Hour12,
  ZeroHour12,
  Minute,
  ZeroMinute,
  Second,
  ZeroSecond,
  LongYear,
  Year,
  PM,
  pm,
  TZ,
  ISO8601TZ,
  ISO8601SecondsTZ,
  ISO8601ShortTZ,
  ISO8601ColonTZ,
  ISO8601ColonSecondsTZ,
  NumTZ,
  NumSecondsTz,
  NumShortTZ,
  NumColonTZ,
  NumColonSecondsTZ,
  FracSecond0,
  FracSecond9,
}

interface Chunk {
  prefix: string;
  std: Std;
  /** fractional-second digits and separator */
  digits?: number;
  sep?: string;
  suffix: string;
}

const STD0X = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];
const isLower = (s: string): boolean => s.length > 0 && s[0]! >= 'a' && s[0]! <= 'z';
const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** time.nextStdChunk. */
function nextStdChunk(layout: string): Chunk {
  const at = (i: number, n: number, std: Std): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    suffix: layout.slice(i + n),
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const has = (s: string): boolean => layout.startsWith(s, i);
    switch (c) {
      case 'J':
        if (has('Jan')) {
          if (has('January')) return at(i, 7, Std.LongMonth);
          if (!isLower(layout.slice(i + 3))) return at(i, 3, Std.Month);
        }
        break;
      case 'M':
        if (has('Mon')) {
          if (has('Monday')) return at(i, 6, Std.LongWeekDay);
          if (!isLower(layout.slice(i + 3))) return at(i, 3, Std.WeekDay);
        }
        if (has('MST')) return at(i, 3, Std.TZ);
        break;
      case '0':
        if (i + 1 < layout.length && layout[i + 1]! >= '1' && layout[i + 1]! <= '6')
          return at(i, 2, STD0X[layout.charCodeAt(i + 1) - 0x31]!);
        if (has('002')) return at(i, 3, Std.ZeroYearDay);
        break;
      case '1':
        if (has('15')) return at(i, 2, Std.Hour);
        return at(i, 1, Std.NumMonth);
      case '2':
        if (has('2006')) return at(i, 4, Std.LongYear);
        return at(i, 1, Std.Day);
      case '_':
        if (layout[i + 1] === '2') {
          if (layout.startsWith('2006', i + 1))
            return { prefix: layout.slice(0, i + 1), std: Std.LongYear, suffix: layout.slice(i + 5) };
          return at(i, 2, Std.UnderDay);
        }
        if (has('__2')) return at(i, 3, Std.UnderYearDay);
        break;
      case '3':
        return at(i, 1, Std.Hour12);
      case '4':
        return at(i, 1, Std.Minute);
      case '5':
        return at(i, 1, Std.Second);
      case 'P':
        if (has('PM')) return at(i, 2, Std.PM);
        break;
      case 'p':
        if (has('pm')) return at(i, 2, Std.pm);
        break;
      case '-':
        if (has('-070000')) return at(i, 7, Std.NumSecondsTz);
        if (has('-07:00:00')) return at(i, 9, Std.NumColonSecondsTZ);
        if (has('-0700')) return at(i, 5, Std.NumTZ);
        if (has('-07:00')) return at(i, 6, Std.NumColonTZ);
        if (has('-07')) return at(i, 3, Std.NumShortTZ);
        break;
      case 'Z':
        if (has('Z070000')) return at(i, 7, Std.ISO8601SecondsTZ);
        if (has('Z07:00:00')) return at(i, 9, Std.ISO8601ColonSecondsTZ);
        if (has('Z0700')) return at(i, 5, Std.ISO8601TZ);
        if (has('Z07:00')) return at(i, 6, Std.ISO8601ColonTZ);
        if (has('Z07')) return at(i, 3, Std.ISO8601ShortTZ);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const ch = layout[i + 1]!;
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return {
              prefix: layout.slice(0, i),
              std: ch === '9' ? Std.FracSecond9 : Std.FracSecond0,
              digits: (j - (i + 1)) & 0xfff,
              sep: c,
              suffix: layout.slice(j),
            };
          }
        }
        break;
    }
  }
  return { prefix: layout, std: Std.None, suffix: '' };
}

const appendInt = (x: number, width: number): string => {
  const s = String(Math.abs(x)).padStart(width, '0');
  return x < 0 ? '-' + s : s;
};

/** Time.Format. Works on and returns real (UTF-16) strings; layouts' non-ASCII bytes pass through. */
export function formatTime(t: Instant, layout: string): string {
  const c = civil(t);
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const ch = nextStdChunk(rest);
    out += ch.prefix;
    if (ch.std === Std.None) break;
    rest = ch.suffix;
    const hr12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
    switch (ch.std) {
      case Std.Year:
        out += appendInt(Math.abs(c.year) % 100, 2);
        break;
      case Std.LongYear:
        out += appendInt(c.year, 4);
        break;
      case Std.Month:
        out += MONTHS[c.month - 1]!.slice(0, 3);
        break;
      case Std.LongMonth:
        out += MONTHS[c.month - 1]!;
        break;
      case Std.NumMonth:
        out += c.month;
        break;
      case Std.ZeroMonth:
        out += appendInt(c.month, 2);
        break;
      case Std.WeekDay:
        out += WEEKDAYS[c.weekday]!.slice(0, 3);
        break;
      case Std.LongWeekDay:
        out += WEEKDAYS[c.weekday]!;
        break;
      case Std.Day:
        out += c.day;
        break;
      case Std.UnderDay:
        out += (c.day < 10 ? ' ' : '') + c.day;
        break;
      case Std.ZeroDay:
        out += appendInt(c.day, 2);
        break;
      case Std.UnderYearDay:
        out += (c.yday < 100 ? (c.yday < 10 ? '  ' : ' ') : '') + c.yday;
        break;
      case Std.ZeroYearDay:
        out += appendInt(c.yday, 3);
        break;
      case Std.Hour:
        out += appendInt(c.hour, 2);
        break;
      case Std.Hour12:
        out += hr12;
        break;
      case Std.ZeroHour12:
        out += appendInt(hr12, 2);
        break;
      case Std.Minute:
        out += c.min;
        break;
      case Std.ZeroMinute:
        out += appendInt(c.min, 2);
        break;
      case Std.Second:
        out += c.sec;
        break;
      case Std.ZeroSecond:
        out += appendInt(c.sec, 2);
        break;
      case Std.PM:
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case Std.pm:
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case Std.TZ:
        if (c.abbr !== '') out += c.abbr;
        else {
          const z = Math.trunc(c.offset / 60);
          out +=
            (z < 0 ? '-' : '+') + appendInt(Math.trunc(Math.abs(z) / 60), 2) + appendInt(Math.abs(z) % 60, 2);
        }
        break;
      case Std.FracSecond0:
      case Std.FracSecond9:
        out += formatNano(t.nsec, ch.std === Std.FracSecond9, ch.digits!, ch.sep!);
        break;
      default:
        out += formatOffset(ch.std, c.offset);
    }
  }
  return out;
}

function formatOffset(std: Std, offset: number): string {
  const iso =
    std === Std.ISO8601TZ ||
    std === Std.ISO8601ColonTZ ||
    std === Std.ISO8601SecondsTZ ||
    std === Std.ISO8601ShortTZ ||
    std === Std.ISO8601ColonSecondsTZ;
  if (offset === 0 && iso) return 'Z';
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    abs = -abs;
  }
  out += appendInt(Math.trunc(zone / 60), 2);
  const colon =
    std === Std.ISO8601ColonTZ ||
    std === Std.NumColonTZ ||
    std === Std.ISO8601ColonSecondsTZ ||
    std === Std.NumColonSecondsTZ;
  if (colon) out += ':';
  if (std !== Std.NumShortTZ && std !== Std.ISO8601ShortTZ) out += appendInt(zone % 60, 2);
  if (
    std === Std.ISO8601SecondsTZ ||
    std === Std.NumSecondsTz ||
    std === Std.NumColonSecondsTZ ||
    std === Std.ISO8601ColonSecondsTZ
  ) {
    if (std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) out += ':';
    out += appendInt(abs % 60, 2);
  }
  return out;
}

function formatNano(nsec: number, trim: boolean, n: number, sep: string): string {
  if (trim && (n === 0 || nsec === 0)) return '';
  let s = appendInt(nsec, 9);
  if (n < 9) s = s.slice(0, n);
  let out = sep + s;
  if (trim) {
    out = out.replace(/0+$/, '');
    if (out === sep) out = '';
  }
  return out;
}

// ---- parsing ---------------------------------------------------------------------------------

const toBytes = (s: string): string => Buffer.from(utf8Encode(s)).toString('latin1');
const fromBytes = (s: string): string => utf8Decode(new Uint8Array(Buffer.from(s, 'latin1')));

/** time's own quote(): ASCII kept, other bytes as \xNN, `"` and `\` escaped. Input is bytes-as-latin1. */
function timeQuote(bytes: string): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c >= 0x80 || c < 0x20) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += (c === 0x22 || c === 0x5c ? '\\' : '') + bytes[i];
  }
  return out + '"';
}

/** A time.ParseError; `message` is Go's Error() text. */
export class TimeParseError extends Error {}

const SHORT_DAYS = WEEKDAYS.map((d) => d.slice(0, 3));
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));

function matchFold(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    let c1 = a.charCodeAt(i);
    let c2 = b.charCodeAt(i);
    if (c1 !== c2) {
      c1 |= 0x20;
      c2 |= 0x20;
      if (c1 !== c2 || c1 < 0x61 || c1 > 0x7a) return false;
    }
  }
  return true;
}

function lookupName(tab: string[], val: string): [number, string] | undefined {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && matchFold(val.slice(0, v.length), v)) return [i, val.slice(v.length)];
  }
  return undefined;
}

function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] | undefined {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) return undefined;
  return [n, s.slice(i)];
}

/** leadingInt: digits as a bigint, with Go's overflow cut-off at 1<<63. */
function leadingInt(s: string): [bigint, string] | undefined {
  let i = 0;
  let x = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (x > (1n << 63n) / 10n) return undefined;
    x = x * 10n + BigInt(c - 48);
    if (x > 1n << 63n) return undefined;
  }
  return [x, s.slice(i)];
}

function atoi(s: string): number | undefined {
  let neg = false;
  if (s.length > 0 && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const r = leadingInt(s);
  if (!r || r[1].length > 0) return undefined;
  const x = Number(BigInt.asIntN(64, r[0]));
  return neg ? -x : x;
}

/** time.skip: the value after the prefix, and whether it matched (the rest is reported on failure). */
function skip(value: string, prefix: string): [string, boolean] {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return [value, false];
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  const r = leadingInt(value.slice(1));
  if (!r || r[1] === value.slice(1)) return 0;
  if (r[0] > 23n) return 0;
  return value.length - r[1].length;
}

function parseTimeZone(value: string): number | undefined {
  if (value.length < 3) return undefined;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return value.length === 3 ? 3 : 3 + parseSignedOffset(value.slice(3));
  if (value[0] === '+' || value[0] === '-') {
    const n = parseSignedOffset(value);
    return n > 0 ? n : undefined;
  }
  let nUpper = 0;
  for (; nUpper < 6 && nUpper < value.length; nUpper++) {
    const c = value[nUpper]!;
    if (c < 'A' || c > 'Z') break;
  }
  switch (nUpper) {
    case 5:
      return value[4] === 'T' ? 5 : undefined;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : undefined;
    case 3:
      return 3;
  }
  return undefined;
}

const commaOrPeriod = (c: string | undefined): boolean => c === '.' || c === ',';

function parseNanoseconds(value: string, nbytes: number): { ns: number; range?: string } | undefined {
  if (!commaOrPeriod(value[0])) return undefined;
  if (nbytes > 10) {
    value = value.slice(0, 10);
    nbytes = 10;
  }
  const ns = atoi(value.slice(1, nbytes));
  if (ns === undefined) return undefined;
  if (ns < 0) return { ns: 0, range: 'fractional second' };
  return { ns: ns * 10 ** (10 - nbytes) };
}

/** time.ParseInLocation (time.parse): Go's results and its exact error texts. */
export function parseTime(
  layoutStr: string,
  valueStr: string,
  defaultLoc: GoLocation,
  local: GoLocation,
): Instant {
  const alayout = toBytes(layoutStr);
  const avalue = toBytes(valueStr);
  let layout = alayout;
  let value = avalue;
  const perr = (layoutElem: string, valueElem: string, message: string): TimeParseError =>
    new TimeParseError(
      message === ''
        ? `parsing time ${timeQuote(avalue)} as ${timeQuote(alayout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`
        : `parsing time ${timeQuote(avalue)}${message}`,
    );
  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: GoLocation | undefined;
  let zoneOffset = -1;
  let zoneName = '';

  for (;;) {
    const ch = nextStdChunk(layout);
    const stdstr = layout.slice(ch.prefix.length, layout.length - ch.suffix.length);
    const [rest, ok] = skip(value, ch.prefix);
    value = rest;
    if (!ok) throw perr(ch.prefix, value, '');
    if (ch.std === Std.None) {
      if (value.length !== 0) throw perr('', value, `: extra text: ${timeQuote(value)}`);
      break;
    }
    layout = ch.suffix;
    const hold = value;
    let bad = false;
    const num = (r: [number, string] | undefined): number => {
      if (!r) {
        bad = true;
        return 0;
      }
      value = r[1];
      return r[0];
    };
    switch (ch.std) {
      case Std.Year: {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 2));
        value = value.slice(2);
        if (y === undefined) bad = true;
        else year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case Std.LongYear: {
        if (value.length < 4 || !isDigitAt(value, 0)) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 4));
        value = value.slice(4);
        if (y === undefined) bad = true;
        else year = y;
        break;
      }
      case Std.Month:
      case Std.LongMonth: {
        const r = lookupName(ch.std === Std.Month ? SHORT_MONTHS : MONTHS, value);
        if (!r) bad = true;
        else [month, value] = [r[0] + 1, r[1]];
        break;
      }
      case Std.NumMonth:
      case Std.ZeroMonth:
        month = num(getnum(value, ch.std === Std.ZeroMonth));
        if (!bad && (month <= 0 || month > 12)) rangeErr = 'month';
        break;
      case Std.WeekDay:
      case Std.LongWeekDay: {
        const r = lookupName(ch.std === Std.WeekDay ? SHORT_DAYS : WEEKDAYS, value);
        if (!r) bad = true;
        else value = r[1];
        break;
      }
      case Std.Day:
      case Std.UnderDay:
      case Std.ZeroDay:
        if (ch.std === Std.UnderDay && value[0] === ' ') value = value.slice(1);
        day = num(getnum(value, ch.std === Std.ZeroDay));
        break;
      case Std.UnderYearDay:
      case Std.ZeroYearDay:
        for (let i = 0; i < 2; i++)
          if (ch.std === Std.UnderYearDay && value[0] === ' ') value = value.slice(1);
        yday = num(getnum3(value, ch.std === Std.ZeroYearDay));
        break;
      case Std.Hour:
        hour = num(getnum(value, false));
        if (hour < 0 || hour >= 24) rangeErr = 'hour';
        break;
      case Std.Hour12:
      case Std.ZeroHour12:
        hour = num(getnum(value, ch.std === Std.ZeroHour12));
        if (hour < 0 || hour > 12) rangeErr = 'hour';
        break;
      case Std.Minute:
      case Std.ZeroMinute:
        min = num(getnum(value, ch.std === Std.ZeroMinute));
        if (min < 0 || min >= 60) rangeErr = 'minute';
        break;
      case Std.Second:
      case Std.ZeroSecond: {
        sec = num(getnum(value, ch.std === Std.ZeroSecond));
        if (bad) break;
        if (sec < 0 || sec >= 60) {
          rangeErr = 'second';
          break;
        }
        // A fractional second after the seconds, when the layout has no fraction element next.
        if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
          const next = nextStdChunk(layout).std;
          if (next === Std.FracSecond0 || next === Std.FracSecond9) break;
          let n = 2;
          while (n < value.length && isDigitAt(value, n)) n++;
          const r = parseNanoseconds(value, n);
          if (!r) bad = true;
          else {
            nsec = r.ns;
            if (r.range) rangeErr = r.range;
          }
          value = value.slice(n);
        }
        break;
      }
      case Std.PM:
      case Std.pm: {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const p = value.slice(0, 2);
        value = value.slice(2);
        const [P, A] = ch.std === Std.PM ? ['PM', 'AM'] : ['pm', 'am'];
        if (p === P) pmSet = true;
        else if (p === A) amSet = true;
        else bad = true;
        break;
      }
      case Std.TZ: {
        if (value.startsWith('UTC')) {
          z = UTC;
          value = value.slice(3);
          break;
        }
        const n = parseTimeZone(value);
        if (n === undefined) {
          bad = true;
          break;
        }
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case Std.FracSecond0: {
        const ndigit = 1 + ch.digits!;
        if (value.length < ndigit) {
          bad = true;
          break;
        }
        const r = parseNanoseconds(value, ndigit);
        if (!r) bad = true;
        else {
          nsec = r.ns;
          if (r.range) rangeErr = r.range;
        }
        value = value.slice(ndigit);
        break;
      }
      case Std.FracSecond9: {
        if (value.length < 2 || !commaOrPeriod(value[0]) || value[1]! < '0' || value[1]! > '9') break;
        let i = 0;
        while (i + 1 < value.length && value[i + 1]! >= '0' && value[i + 1]! <= '9') i++;
        const r = parseNanoseconds(value, 1 + i);
        if (!r) bad = true;
        else {
          nsec = r.ns;
          if (r.range) rangeErr = r.range;
        }
        value = value.slice(1 + i);
        break;
      }
      default: {
        // numeric / ISO 8601 zone offsets
        const std = ch.std;
        const iso =
          std === Std.ISO8601TZ ||
          std === Std.ISO8601ShortTZ ||
          std === Std.ISO8601ColonTZ ||
          std === Std.ISO8601SecondsTZ ||
          std === Std.ISO8601ColonSecondsTZ;
        if (iso && value[0] === 'Z') {
          value = value.slice(1);
          z = UTC;
          break;
        }
        let parts: [string, string, string, string] | undefined;
        if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ) {
          if (value.length >= 6 && value[3] === ':') {
            parts = [value[0]!, value.slice(1, 3), value.slice(4, 6), '00'];
            value = value.slice(6);
          }
        } else if (std === Std.NumShortTZ || std === Std.ISO8601ShortTZ) {
          if (value.length >= 3) {
            parts = [value[0]!, value.slice(1, 3), '00', '00'];
            value = value.slice(3);
          }
        } else if (std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) {
          if (value.length >= 9 && value[3] === ':' && value[6] === ':') {
            parts = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)];
            value = value.slice(9);
          }
        } else if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz) {
          if (value.length >= 7) {
            parts = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
            value = value.slice(7);
          }
        } else if (value.length >= 5) {
          parts = [value[0]!, value.slice(1, 3), value.slice(3, 5), '00'];
          value = value.slice(5);
        }
        if (!parts) {
          bad = true;
          break;
        }
        const hr = getnum(parts[1], true);
        const mm = hr && getnum(parts[2], true);
        const ss = mm && getnum(parts[3], true);
        const h = hr ? hr[0] : 0;
        const m = mm ? mm[0] : 0;
        const s = ss ? ss[0] : 0;
        if (!hr || !mm || !ss) bad = true;
        if (h > 24) rangeErr = 'time zone offset hour';
        if (m > 60) rangeErr = 'time zone offset minute';
        if (s > 60) rangeErr = 'time zone offset second';
        zoneOffset = (h * 60 + m) * 60 + s;
        if (parts[0] === '-') zoneOffset = -zoneOffset;
        else if (parts[0] !== '+') bad = true;
      }
    }
    if (rangeErr !== '') throw perr(stdstr, value, `: ${rangeErr} out of range`);
    if (bad) throw perr(stdstr, hold, '');
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) throw perr('', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m]! < yday) m++;
      d = yday - DAYS_BEFORE[m - 1]!;
    }
    if (month >= 0 && month !== m) throw perr('', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw perr('', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw perr('', value, ': day out of range');

  if (z) return makeDate(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = makeDate(year, month, day, hour, min, sec, nsec, UTC);
    const utc = t.sec - zoneOffset;
    const lz = local.lookup(utc);
    if (lz.offset === zoneOffset && (zoneName === '' || lz.abbr === zoneName))
      return { sec: utc, nsec, loc: local };
    return { sec: utc, nsec, loc: fixedZone(fromBytes(zoneName), zoneOffset) };
  }
  if (zoneName !== '') {
    const t = makeDate(year, month, day, hour, min, sec, nsec, UTC);
    const name = fromBytes(zoneName);
    const known = lookupZoneName(local, name, t.sec);
    if (known !== undefined) return { sec: t.sec - known, nsec, loc: local };
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = (atoi(zoneName.slice(3)) ?? 0) * 3600;
    return { sec: t.sec, nsec, loc: fixedZone(name, offset) };
  }
  return makeDate(year, month, day, hour, min, sec, nsec, defaultLoc);
}

/** Location.lookupName: first a zone of that name in effect at the instant, then any zone of that name. */
function lookupZoneName(loc: GoLocation, name: string, unix: number): number | undefined {
  const zones = loc.zones ?? probeZones(loc, unix);
  for (const z of zones) {
    if (z.abbr === name && loc.lookup(unix - z.offset).abbr === name)
      return loc.lookup(unix - z.offset).offset;
  }
  return zones.find((z) => z.abbr === name)?.offset;
}

// Without tzdata, the zones around an instant stand in for the location's zone list.
const probeZones = (loc: GoLocation, unix: number): ZoneInfo[] =>
  [0, -182, 182].map((d) => loc.lookup(unix + d * 86400));

// ---- durations -------------------------------------------------------------------------------

export const NS_PER_SEC = 1_000_000_000n;
const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5
  μs: 1000n, // U+03BC
  ms: 1_000_000n,
  s: NS_PER_SEC,
  m: 60n * NS_PER_SEC,
  h: 3600n * NS_PER_SEC,
};
const UNITS_BYTES = new Map(Object.entries(UNITS).map(([k, v]) => [toBytes(k), v]));

/** time.ParseDuration; throws Go's error text. */
export function parseDuration(str: string): bigint {
  const orig = toBytes(str);
  const fail = (msg: string): Error => new Error(`time: ${msg} ${timeQuote(orig)}`);
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw fail('invalid duration');
  const LIMIT = 1n << 63n;
  while (s !== '') {
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || isDigitAt(s, 0))) throw fail('invalid duration');
    const pl = s.length;
    const li = leadingInt(s);
    if (!li) throw fail('invalid duration');
    const v0 = li[0];
    s = li[1];
    const pre = pl !== s.length;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      const pl2 = s.length;
      // leadingFraction: digits until overflow, the rest ignored
      let i = 0;
      let overflow = false;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (overflow) continue;
        if (f > ((1n << 63n) - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(c - 48);
        if (y > LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      s = s.slice(i);
      post = pl2 !== s.length;
    }
    if (!pre && !post) throw fail('invalid duration');
    let i = 0;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '.' || (c >= '0' && c <= '9')) break;
    }
    if (i === 0) throw fail('missing unit in duration');
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS_BYTES.get(u);
    if (unit === undefined) throw fail(`unknown unit ${timeQuote(u)} in duration`);
    if (v0 > LIMIT / unit) throw fail('invalid duration');
    let v = v0 * unit;
    if (f > 0n) {
      // float64(f) * (float64(unit) / scale), truncated to uint64
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) throw fail('invalid duration');
    }
    d += v;
    if (d > LIMIT) throw fail('invalid duration');
  }
  if (neg) return BigInt.asIntN(64, -d);
  if (d > LIMIT - 1n) throw fail('invalid duration');
  return d;
}

/** Duration.String: 1h2m3.5s, 1.5ms, 100µs, 0s. */
export function durationString(d: bigint): string {
  let u = BigInt.asUintN(64, d);
  const neg = d < 0n;
  if (neg) u = BigInt.asUintN(64, -u);
  const frac = (v: bigint, prec: number): [string, bigint] => {
    let s = '';
    let print = false;
    for (let i = 0; i < prec; i++) {
      const digit = v % 10n;
      print = print || digit !== 0n;
      if (print) s = digit.toString() + s;
      v /= 10n;
    }
    return [print ? '.' + s : '', v];
  };
  let out: string;
  if (u < NS_PER_SEC) {
    if (u === 0n) return '0s';
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const [f, v] = frac(u, prec);
    out = v.toString() + f + unit;
  } else {
    const [f, v0] = frac(u, 9);
    let v = v0;
    out = (v % 60n).toString() + f + 's';
    v /= 60n;
    if (v > 0n) {
      out = (v % 60n).toString() + 'm' + out;
      v /= 60n;
      if (v > 0n) out = v.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}
