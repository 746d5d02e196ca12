// SOURCE_DATE_EPOCH (Helm 4.3, pkg/cmd/source_date_epoch.go and Chart.StampModTimes): when set,
// `package` and the file:// archives written by `dependency build|update` stamp every entry of
// the chart and of its subcharts with that second, and a packaged Chart.lock says it was
// generated then (in UTC), so the same sources give the same bytes on every machine.
import { parseInt as goParseInt } from '../go/strconv/parse.js';
import type { Chart } from './chart.js';
import type { TimeSource } from './save.js';

/**
 * The SOURCE_DATE_EPOCH value in whole seconds, or undefined when unset or empty. Errors are
 * Helm's: `invalid SOURCE_DATE_EPOCH: strconv.ParseInt: …` and `… must not be negative`.
 */
export function sourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  let epoch: bigint;
  try {
    epoch = goParseInt(value, 10, 64);
  } catch (err) {
    throw new Error(`invalid SOURCE_DATE_EPOCH: ${(err as Error).message}`);
  }
  if (epoch < 0n) throw new Error('invalid SOURCE_DATE_EPOCH: must not be negative');
  return Number(epoch);
}

/** 10000-01-01T00:00:00Z in seconds since the epoch. */
const YEAR_10000 = 253402300800;

/** Every file of the chart and of its subcharts at `sec` (what StampModTimes does to ModTime). */
export function stampedTimes(sec: number): TimeSource {
  const t = { sec, nsec: 0 };
  const source: TimeSource = { fileTime: () => t, subchart: () => source };
  return source;
}

/** Sets the lock's `generated` of the chart and of every subchart to `sec`, in UTC. */
export function stampLocks(c: Chart, sec: number): void {
  if (c.lock) c.lock.generated = goUtcText(sec);
  for (const d of c.dependencies) stampLocks(d, sec);
}

/**
 * A whole second as Go's time.Time marshals it in UTC (RFC 3339, `Z`). Go refuses to marshal a
 * year past 9999 (saving the lock then fails); such times keep a five-digit year here so that
 * saving fails the same way, whatever the year (JavaScript dates end in 275760).
 */
export function goUtcText(sec: number): string {
  if (sec >= YEAR_10000) return '10000-01-01T00:00:00Z';
  const d = new Date(sec * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}
