// `helm package`: load a chart directory, apply --version/--app-version, check dependencies and
// write `<name>-<version>.tgz` byte-identical to Helm's. Helm stamps each tar entry with the time
// its loader recorded (file mtime for directories, header time for files read from a subchart
// .tgz); our loader does not keep times, so they are looked up here by path.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { pathError } from '../go/fs-error.js';
import { join, posix, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MAX_CHART_SIZE, readTar } from './archive.js';
import { loadDirAnyVersion, refuseChartV3 } from './loader.js';
import { writeFileAtomic } from './safe-write.js';
import { isValidSemver } from './metadata.js';
import { archiveFileName, saveChartArchive, type FileTime, type TimeSource } from './save.js';
import { stampLocks, stampedTimes } from './source-date-epoch.js';

export interface PackageOptions {
  /** --version: replaces the chart version (must be SemVer). */
  version?: string;
  /** --app-version. */
  appVersion?: string;
  /** --destination; default "." (the working directory). */
  destination?: string;
  /**
   * --dependency-update: called with the absolute chart path before loading (the CLI passes the
   * downloader's update here; this module does no network access).
   */
  dependencyUpdate?: (chartPath: string) => Promise<void> | void;
  /** Clock for entries without a recorded time (ms since the epoch). */
  now?: () => number;
  /** Working directory for relative paths; default process.cwd(). */
  cwd?: string;
  /** SOURCE_DATE_EPOCH in seconds: every entry (subcharts too) and Chart.lock's `generated`. */
  sourceDateEpoch?: number;
}

export interface PackageResult {
  /** Path of the written archive, as Helm prints it (relative when --destination is). */
  path: string;
  /** The line `helm package` prints. */
  message: string;
}
const NO_SOURCE: TimeSource = { fileTime: () => undefined, subchart: () => NO_SOURCE };

/** Times of the files of a chart directory (symlinks followed, as Helm's walk does). */
export function directoryTimes(dir: string): TimeSource {
  return {
    fileTime(name: string): FileTime | undefined {
      try {
        const st = statSync(join(dir, name), { bigint: true });
        return { sec: Number(st.mtimeNs / 1_000_000_000n), nsec: Number(st.mtimeNs % 1_000_000_000n) };
      } catch {
        return undefined;
      }
    },
    subchart(sub: string): TimeSource {
      const path = join(dir, 'charts', sub);
      if (sub.endsWith('.tgz')) {
        try {
          return archiveTimes(
            new Uint8Array(gunzipSync(readFileSync(path), { maxOutputLength: MAX_CHART_SIZE * 2 })),
          );
        } catch {
          return NO_SOURCE;
        }
      }
      return directoryTimes(path);
    },
  };
}

function octal(b: Uint8Array, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  let s = '';
  for (let i = off; i < off + len && b[i] !== 0; i++) s += String.fromCharCode(b[i]!);
  s = s.trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/** PAX `mtime` record ("sec[.frac]"), if any. */
function paxMtime(data: Uint8Array): FileTime | undefined {
  const s = new TextDecoder().decode(data);
  const m = /(?:^|\n)\d+ mtime=(-?\d+)(?:\.(\d+))?\n/.exec(s);
  if (!m) return undefined;
  return { sec: Number(m[1]), nsec: m[2] ? Number(m[2].slice(0, 9).padEnd(9, '0')) : 0 };
}

/** Header time of every entry of a tar stream, keyed by the offset of the entry's data. */
function tarTimes(tar: Uint8Array): Map<number, FileTime> {
  const out = new Map<number, FileTime>();
  let off = 0;
  let pending: FileTime | undefined;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] || 0x30);
    const start = off + 512;
    if (type === 'x') pending = paxMtime(tar.subarray(start, start + size)) ?? pending;
    else if (type !== 'g' && type !== 'L' && type !== 'K') {
      out.set(start, pending ?? { sec: octal(h, 136, 12), nsec: 0 });
      pending = undefined;
    }
    off = start + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Times of the files of an (uncompressed) chart tar, keyed as Helm's archive loader names them. */
export function archiveTimes(tar: Uint8Array): TimeSource {
  const byOffset = tarTimes(tar);
  const times = new Map<string, FileTime>();
  const data = new Map<string, Uint8Array>();
  for (const e of readTar(tar)) {
    if (e.type === '5' || e.name.endsWith('/')) continue;
    const delim = e.name.includes('\\') ? '\\' : '/';
    let n = posix.normalize(e.name.split(delim).slice(1).join('/'));
    if (n.endsWith('/') && n.length > 1) n = n.slice(0, -1);
    const t = byOffset.get(e.data.byteOffset - tar.byteOffset);
    if (t) times.set(n, t);
    data.set(n, e.data);
  }
  return prefixed(times, data, '');
}

function prefixed(times: Map<string, FileTime>, data: Map<string, Uint8Array>, prefix: string): TimeSource {
  return {
    fileTime: (name) => times.get(prefix + name),
    subchart(sub: string): TimeSource {
      const path = `${prefix}charts/${sub}`;
      if (sub.endsWith('.tgz')) {
        const gz = data.get(path);
        if (!gz) return NO_SOURCE;
        try {
          return archiveTimes(new Uint8Array(gunzipSync(gz, { maxOutputLength: MAX_CHART_SIZE * 2 })));
        } catch {
          return NO_SOURCE;
        }
      }
      return prefixed(times, data, `${path}/`);
    },
  };
}

/** Masterminds semver.NewVersion's error text for an unparsable --version. */
const INVALID_SEMVER = 'invalid semantic version';

/** `helm package <path>`: writes the archive and returns its path and Helm's message. */
export async function packageChart(path: string, opts: PackageOptions = {}): Promise<PackageResult> {
  const cwd = opts.cwd ?? process.cwd();
  const abs = resolve(cwd, path);
  try {
    statSync(abs);
  } catch (err) {
    throw pathError('stat', path, err);
  }
  if (opts.dependencyUpdate) await opts.dependencyUpdate(abs);
  const chart = loadDirAnyVersion(abs);
  refuseChartV3(chart);
  if (opts.version) chart.metadata.version = opts.version;
  if (!isValidSemver(chart.metadata.version ?? '')) throw new Error(INVALID_SEMVER);
  if (opts.appVersion) chart.metadata.appVersion = opts.appVersion;
  const epoch = opts.sourceDateEpoch;
  if (epoch !== undefined) stampLocks(chart, epoch);

  const reqs = chart.metadata.dependencies ?? [];
  if (reqs.length > 0) {
    const have = new Set(chart.dependencies.map((d) => d.name));
    const missing = reqs.filter((r) => !have.has(r.name)).map((r) => r.name);
    if (missing.length > 0) {
      throw new Error(`found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
    }
  }

  // Helm prints the path as given by --destination, or under the working directory for ".".
  const destination = opts.destination ?? '.';
  const dest = destination === '.' ? cwd : destination;
  let bytes: Uint8Array;
  try {
    bytes = saveChartArchive(chart, {
      times: epoch !== undefined ? stampedTimes(epoch) : directoryTimes(abs),
      now: opts.now,
    });
  } catch (err) {
    throw new Error(`failed to save: ${(err as Error).message}`);
  }
  const file = join(dest, archiveFileName(chart));
  const absDir = resolve(cwd, dest);
  try {
    if (!existsSync(absDir)) {
      try {
        mkdirSync(absDir, { recursive: true, mode: 0o755 });
      } catch (err) {
        throw pathError('mkdir', (err as NodeJS.ErrnoException).path ?? absDir, err);
      }
    } else if (!statSync(absDir).isDirectory()) throw new Error(`is not a directory: ${dest}`);
    // A temp file renamed over the destination: an existing link there is replaced, never followed.
    writeFileAtomic(resolve(cwd, file), bytes);
  } catch (err) {
    throw new Error(`failed to save: ${(err as Error).message}`);
  }
  return { path: file, message: `Successfully packaged chart and saved it to: ${file}\n` };
}
