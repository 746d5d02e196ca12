// Go time.Time as Helm's records hold it: MarshalJSON's RFC 3339 text with nanoseconds (trailing
// zeros dropped, `Z` for a zero offset), parsed the way Time.UnmarshalJSON accepts it.
import { GO_ZERO_TIME, type GoTimeText } from './release.js';

export { GO_ZERO_TIME };

/** A parsed time: Unix seconds (UTC), nanoseconds, and the offset it was written in (minutes east). */
export interface GoTime {
  unix: number;
  nanos: number;
  offsetMinutes: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-](\d{2}):(\d{2}))$/;
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

/** Go's error for text Time.UnmarshalJSON rejects. */
export class GoTimeError extends Error {
  override name = 'GoTimeError';
}

/** Parses RFC 3339 strictly, as Time.UnmarshalJSON does. */
export function parseGoTime(text: string): GoTime {
  const m = RFC3339.exec(text);
  const bad = (): GoTimeError =>
    new GoTimeError(
      `parsing time ${JSON.stringify(text)} as ${JSON.stringify(LAYOUT)}: cannot parse ${JSON.stringify(text)} as RFC 3339`,
    );
  if (!m) throw bad();
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw new GoTimeError(
      `parsing time ${JSON.stringify(text)}: ${mo < 1 || mo > 12 ? 'month' : d < 1 || d > daysIn(y, mo) ? 'day' : h > 23 ? 'hour' : mi > 59 ? 'minute' : 'second'} out of range`,
    );
  }
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59)
      throw new GoTimeError(`parsing time ${JSON.stringify(text)}: time zone offset out of range`);
    offsetMinutes = (m[8]!.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const nanos = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  const unix = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offsetMinutes * 60;
  return { unix, nanos, offsetMinutes };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Time.MarshalJSON (RFC3339Nano in the time's own offset). */
export function formatGoTime(t: GoTime): GoTimeText {
  const local = t.unix + t.offsetMinutes * 60;
  const days = Math.floor(local / 86400);
  const secs = local - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  if (y < 0 || y > 9999) throw new GoTimeError('Time.MarshalJSON: year outside of range [0,9999]');
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
