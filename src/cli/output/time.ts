// Go time.Time as release records carry it: parsed from RFC 3339 JSON (an offset equal to the local
// zone's becomes time.Local, as Go does), printed with String(), Format(layout) or MarshalJSON.
import { formatTime, localLocation, parseTime, UTC, ZERO_SEC, type Instant } from '../../funcs/timefmt.js';

export type GoTime = Instant;

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';
export const ANSIC = 'Mon Jan _2 15:04:05 2006';
const STRING_LAYOUT = '2006-01-02 15:04:05.999999999 -0700 MST';

export const ZERO_TIME: GoTime = { sec: ZERO_SEC, nsec: 0, loc: UTC };

/** time.Time.UnmarshalJSON of the string's contents; "" and undefined are the zero time. */
export function parseGoTime(s: string | undefined): GoTime {
  if (s === undefined || s === '') return ZERO_TIME;
  return parseTime(RFC3339, s, UTC, localLocation());
}

export const isZeroTime = (t: GoTime): boolean => t.sec === ZERO_SEC && t.nsec === 0;

/** time.Time.String(). */
export const timeString = (t: GoTime): string => formatTime(t, STRING_LAYOUT);

/** time.Time.Format. */
export const formatGoTime = (t: GoTime, layout: string): string => formatTime(t, layout);

/** time.Time.MarshalJSON's text without quotes. */
export const timeJson = (t: GoTime): string => formatTime(t, RFC3339_NANO);

/** RFC3339 (seconds) as `get metadata` prints deployedAt. */
export const timeRfc3339 = (t: GoTime): string => formatTime(t, RFC3339);
