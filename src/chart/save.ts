// Writing a chart archive as Helm's chartutil.Save does: a gzip (comment "Helm", Helm's fixed
// extra field) of a tar whose entries are `<name>/Chart.yaml` (re-marshalled), Chart.lock
// (re-marshalled, v2 charts), values.yaml (raw), values.schema.json, templates, other files, then
// every subchart under `<name>/charts/<sub>/`. Entries are mode 0644, owned by 0:0, stamped with
// each file's recorded modification time (rounded to the second, as Go's tar writer does).
import { GoList, GoMap, type Value } from '../go/value.js';
import { marshalYaml, parseJson } from '../yaml/index.js';
import type { Chart, ChartFile, Lock, Metadata } from './chart.js';
import { validateMetadata } from './metadata.js';
import { dependencyJson, metadataJson } from './metadata-json.js';
import { GzipWriter } from '../compress/gzip.js';
import { TarWriter } from '../compress/tar.js';

/** The gzip FEXTRA Helm writes (an RFC 1952 subfield "rr" of 40 bytes). */
export const HELM_GZIP_EXTRA = new TextEncoder().encode('rr\x28\x00aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=');

/** A file time: whole seconds since the epoch plus nanoseconds. */
export interface FileTime {
  sec: number;
  nsec: number;
}

/** Where a chart's file times come from; `undefined` means "not recorded" (Helm then uses now). */
export interface TimeSource {
  /** Time of a file of this chart, by its chart-relative name. */
  fileTime(name: string): FileTime | undefined;
  /** The source for the subchart at `charts/<dir>` (a directory or a .tgz). */
  subchart(dir: string): TimeSource;
}

export const NO_TIMES: TimeSource = { fileTime: () => undefined, subchart: () => NO_TIMES };

export interface SaveOptions {
  times?: TimeSource;
  /** Clock for files without a recorded time (milliseconds since the epoch). */
  now?: () => number;
}

/** Go's Time.Round(time.Second) for the tar header; zero (unrecorded) means now. */
function tarSeconds(t: FileTime | undefined, now: () => number): number {
  if (!t) return Math.round(now() / 1000);
  return t.sec + (t.nsec >= 500_000_000 ? 1 : 0);
}

/** Chart.yaml as Helm writes it: json.Marshal of Metadata (omitempty), then JSON→YAML (sorted keys). */
export function marshalChartfile(md: Metadata): string {
  return marshalYaml(new GoMap(metadataJson(md)));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

interface ParsedTime {
  time: FileTime;
  /** Go's RFC3339Nano rendering in the original offset. */
  text: string;
}

/** time.Time's JSON round trip: parse RFC 3339, render RFC3339Nano (trailing zeros dropped). */
export function parseGoTime(s: string): ParsedTime | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const nsec = frac ? Number(frac.slice(0, 9).padEnd(9, '0')) : 0;
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    offsetMin =
      (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  }
  const utcMs =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)) - offsetMin * 60_000;
  const fracText = nsec === 0 ? '' : `.${String(nsec).padStart(9, '0').replace(/0+$/, '')}`;
  const zoneText = offsetMin === 0 && (zone === 'Z' || zone === 'z') ? 'Z' : zone!;
  return {
    time: { sec: Math.floor(utcMs / 1000), nsec },
    text: `${y}-${mo}-${d}T${h}:${mi}:${se}${fracText}${zoneText}`,
  };
}

/** Chart.lock as Helm writes it (yaml.Marshal of the Lock struct). */
export function marshalLock(lock: Lock, generated: string): string {
  const m = new Map<string, Value>();
  m.set('generated', generated);
  m.set('digest', lock.digest ?? '');
  m.set('dependencies', lock.dependencies ? new GoList(lock.dependencies.map(dependencyJson)) : null);
  return marshalYaml(new GoMap(m));
}

/** The lock's `generated` time: as recorded (or stamped), else Go's zero time; Go cannot marshal a year past 9999. */
function lockGenerated(c: Chart): ParsedTime | undefined {
  if (/^\d{5,}-/.test(c.lock?.generated ?? '')) {
    throw new Error(
      'error marshaling into JSON: json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]',
    );
  }
  if (c.lock?.generated) return parseGoTime(c.lock.generated);
  return undefined;
}

const enc = new TextEncoder();
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** The subchart directories of `charts/` in the loader's order, matching chart.dependencies. */
export function subchartDirs(c: Chart): string[] {
  const seen: string[] = [];
  for (const f of c.raw) {
    if (!f.name.startsWith('charts/') || f.name.endsWith('.prov')) continue;
    const dir = f.name.slice('charts/'.length).split('/', 1)[0]!;
    if (!seen.includes(dir)) seen.push(dir);
  }
  return seen.filter((d) => !d.startsWith('_') && !d.startsWith('.'));
}

function isValidJson(data: Uint8Array): boolean {
  try {
    parseJson(new TextDecoder().decode(data));
    return true;
  } catch {
    return false;
  }
}

function writeChart(tw: TarWriter, c: Chart, prefix: string, times: TimeSource, now: () => number): void {
  const name = c.name;
  if (name.includes('/') || name === '' || name === '.' || name === '..') {
    throw new Error(`invalid chart name "${name}"`);
  }
  const base = prefix ? `${prefix}/${name}` : name;
  const add = (n: string, body: Uint8Array, t: FileTime | undefined): void => {
    tw.writeHeader({ name: `${base}/${n}`, mode: 0o644, size: body.length, mtime: tarSeconds(t, now) });
    tw.write(body);
  };

  // apiVersion v1 charts keep their dependencies in requirements.yaml, not Chart.yaml.
  const md = c.metadata.apiVersion === 'v1' ? { ...c.metadata, dependencies: undefined } : c.metadata;
  add('Chart.yaml', enc.encode(marshalChartfile(md)), times.fileTime('Chart.yaml'));

  if (c.metadata.apiVersion === 'v2' && c.lock) {
    const gen = lockGenerated(c);
    add('Chart.lock', enc.encode(marshalLock(c.lock, gen?.text ?? GO_ZERO_TIME)), gen?.time);
  }
  for (const f of c.raw) {
    if (f.name === 'values.yaml') add('values.yaml', f.data, times.fileTime(f.name));
  }
  if (c.schema) {
    if (!isValidJson(c.schema)) throw new Error('invalid JSON in values.schema.json');
    add('values.schema.json', c.schema, times.fileTime('values.schema.json'));
  }
  const addFile = (f: ChartFile): void => add(f.name, f.data, times.fileTime(f.name));
  c.templates.forEach(addFile);
  c.files.forEach(addFile);

  const dirs = subchartDirs(c);
  c.dependencies.forEach((dep, i) => {
    const dir = dirs[i];
    writeChart(tw, dep, `${base}/charts`, dir !== undefined ? times.subchart(dir) : NO_TIMES, now);
  });
}

/** Validates the chart (sanitising metadata in place, as Helm does) and returns the .tgz bytes. */
export function saveChartArchive(c: Chart, opts: SaveOptions = {}): Uint8Array {
  try {
    validateMetadata(c.metadata);
  } catch (err) {
    throw new Error(`chart validation: ${(err as Error).message}`);
  }
  const gz = new GzipWriter({ extra: HELM_GZIP_EXTRA, comment: 'Helm' });
  const tw = new TarWriter((chunk) => gz.write(chunk));
  writeChart(tw, c, '', opts.times ?? NO_TIMES, opts.now ?? Date.now);
  tw.close();
  return gz.close();
}

/** `<name>-<version>.tgz`, the archive file name Helm uses. */
export const archiveFileName = (c: Chart): string => `${c.name}-${c.metadata.version}.tgz`;
