// Go time.Time as Helm's records hold it: MarshalJSON's RFC 3339 text with nanoseconds (trailing
// zeros dropped, `Z` for a zero offset), parsed the way Time.UnmarshalJSON accepts it.
import { quote } from '../go/strconv/format-quote.js';
import { GO_ZERO_TIME, type GoTimeText } from './release.js';

export { GO_ZERO_TIME };

/** A parsed time: Unix seconds (UTC), nanoseconds, and the offset it was written in (minutes east). */
export interface GoTime {
  unix: number;
  nanos: number;
  offsetMinutes: number;
}

const LAYOUT = '2006-01-02T15:04:05Z07:00';
/** Unix seconds of 0001-01-01T00:00:00Z, Go's zero time. */
const ZERO_UNIX = -62135596800;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const daysIn = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** Go's *time.ParseError text for text Time.UnmarshalJSON rejects. */
export class GoTimeError extends Error {
  override name = 'GoTimeError';
}

const LAYOUT_QUOTED = quote(LAYOUT);
const isDigit = (s: string, i: number): boolean =>
  i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** time.Parse(time.RFC3339, text), element by element, with Go's error texts. */
function parseLayout(text: string): GoTime {
  let value = text;
  const cannot = (valueElem: string, layoutElem: string): GoTimeError =>
    new GoTimeError(
      `parsing time ${quote(text)} as ${LAYOUT_QUOTED}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`,
    );
  const range = (what: string): GoTimeError =>
    new GoTimeError(`parsing time ${quote(text)}: ${what} out of range`);
  const literal = (lit: string): void => {
    if (!value.startsWith(lit)) throw cannot(value, lit);
    value = value.slice(lit.length);
  };
  // getnum: one or two digits (exactly two when fixed).
  const num = (elem: string, fixed: boolean): number => {
    if (!isDigit(value, 0)) throw cannot(value, elem);
    if (!isDigit(value, 1)) {
      if (fixed) throw cannot(value, elem);
      const n = value.charCodeAt(0) - 48;
      value = value.slice(1);
      return n;
    }
    const n = Number(value.slice(0, 2));
    value = value.slice(2);
    return n;
  };
  if (value.length < 4 || !/^\d{4}/.test(value)) throw cannot(value, '2006');
  const year = Number(value.slice(0, 4));
  value = value.slice(4);
  literal('-');
  const month = num('01', true);
  if (month <= 0 || month > 12) throw range('month');
  literal('-');
  const day = num('02', true);
  if (day < 0 || day > 31) throw range('day');
  literal('T');
  const hour = num('15', false);
  if (hour > 23) throw range('hour');
  literal(':');
  const minute = num('04', true);
  if (minute > 59) throw range('minute');
  literal(':');
  const second = num('05', true);
  if (second > 59) throw range('second');
  let nanos = 0;
  if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
    let n = 2;
    while (isDigit(value, n)) n++;
    nanos = Number(value.slice(1, Math.min(n, 10)).padEnd(9, '0'));
    value = value.slice(n);
  }
  let offsetMinutes = 0;
  if (value.startsWith('Z')) value = value.slice(1);
  else {
    const zone = value;
    if (value.length < 6 || value[3] !== ':' || (value[0] !== '+' && value[0] !== '-'))
      throw cannot(zone, 'Z07:00');
    if (!/^\d\d$/.test(value.slice(1, 3)) || !/^\d\d$/.test(value.slice(4, 6))) throw cannot(zone, 'Z07:00');
    const hr = Number(value.slice(1, 3));
    const mm = Number(value.slice(4, 6));
    if (hr > 24) throw range('time zone offset hour');
    if (mm > 60) throw range('time zone offset minute');
    offsetMinutes = (value[0] === '-' ? -1 : 1) * (hr * 60 + mm);
    value = value.slice(6);
  }
  if (value.length > 0) throw new GoTimeError(`parsing time ${quote(text)}: extra text: ${quote(value)}`);
  if (day < 1 || day > daysIn(year, month)) throw range('day');
  const unix =
    daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return { unix, nanos, offsetMinutes };
}

/**
 * Parses a time as Time.UnmarshalJSON does: Go 1.26 keeps strict RFC 3339 checking disabled
 * (go.dev/issue/54580), so whatever time.Parse(RFC3339) takes is taken (one-digit hours, a comma
 * before the fraction, zone offsets up to 24:60).
 */
export const parseGoTime = (text: string): GoTime => parseLayout(text);

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Time.MarshalJSON (RFC3339Nano in the time's own offset). */
export function formatGoTime(t: GoTime): GoTimeText {
  const local = t.unix + t.offsetMinutes * 60;
  const days = Math.floor(local / 86400);
  const secs = local - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  if (y < 0 || y > 9999) throw new GoTimeError('Time.MarshalJSON: year outside of range [0,9999]');
  if (Math.abs(t.offsetMinutes) >= 24 * 60) {
    throw new GoTimeError('Time.MarshalJSON: timezone hour outside of range [0,23]');
  }
  const frac = t.nanos === 0 ? '' : `.${pad(t.nanos, 9).replace(/0+$/, '')}`;
  const off = t.offsetMinutes;
  const zone =
    off === 0
      ? 'Z'
      : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}${frac}${zone}`;
}

/** Text as Go writes it back after reading it (fraction and zero offset normalised). */
export const normalizeGoTime = (text: string): GoTimeText => formatGoTime(parseGoTime(text));

/** time.Time.IsZero: the instant 0001-01-01T00:00:00Z, whatever the offset. */
export function isZeroGoTime(text: GoTimeText | undefined): boolean {
  if (text === undefined || text === GO_ZERO_TIME) return true;
  const t = parseGoTime(text);
  return t.unix === ZERO_UNIX && t.nanos === 0;
}

/** A JS Date (plus sub-millisecond nanoseconds) as Go's time.Now() in the local zone would write it. */
export function goTimeFromDate(date: Date, extraNanos = 0): GoTimeText {
  const ms = date.getTime();
  const unix = Math.floor(ms / 1000);
  return formatGoTime({
    unix,
    nanos: (ms - unix * 1000) * 1_000_000 + (extraNanos % 1_000_000),
    offsetMinutes: -date.getTimezoneOffset(),
  });
}

/** time.Now() as Go writes it, with nanoseconds from the high-resolution clock. */
export const goTimeNow = (): GoTimeText =>
  goTimeFromDate(new Date(), Number(process.hrtime.bigint() % 1_000_000n));

/** Milliseconds since the epoch (for sorting and display). */
export const goTimeToDate = (text: GoTimeText): Date => {
  const t = parseGoTime(text);
  return new Date(t.unix * 1000 + Math.floor(t.nanos / 1_000_000));
};

/** Orders two times by instant (-1, 0, 1). */
export function compareGoTime(a: GoTimeText, b: GoTimeText): number {
  const x = parseGoTime(a);
  const y = parseGoTime(b);
  return x.unix !== y.unix ? Math.sign(x.unix - y.unix) : Math.sign(x.nanos - y.nanos);
}
