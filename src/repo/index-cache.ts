// A parsed form of each cached repository index, kept beside helm's cache (in a sibling folder
// `rudder-index/` of the repository cache, so helm's own folders hold exactly what helm wrote).
// Reading a Bitnami-sized index.yaml takes a pass over 15 MB; `search repo` and version lookups
// read this instead: one JSON header with the search columns of every version and where each
// chart's text lies in index.yaml (an index in helm's layout, index-scan.ts), read again and
// decoded on demand; other indexes keep each chart's full version list as one JSON line after
// the header. An entry belongs to an index by the sha256 of the index's bytes (hashed on every
// use, ~30 ms for 15 MB), not by times or sizes, so any rewrite by helm or by hand is seen; the
// chart texts are read through the descriptor that was hashed, so a rename over index.yaml in
// between is not seen either. Warnings Helm prints while loading are stored and replayed. Any
// failure to read or write the cache falls back to reading index.yaml.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GoList, GoMap } from '../go/value.js';
import { MAX_INDEX_SIZE, parseIndex, type ChartVersion, type IndexFile, type Warn } from './index-file.js';
import { readChartVersions, ROW, rowOf, scanIndex, Strings } from './index-scan.js';

export { ROW };

const FORMAT = 'rudder-index-3';

/**
 * What `search repo` reads of every version, as indexes into a table of distinct strings (the
 * versions of one chart mostly share their description and keywords): per version, five numbers:
 * metadata.name (-1: the entry's key), version, appVersion, description, keywords joined by spaces.
 */
export interface SearchColumns {
  strings: string[];
  charts: [string, number[]][];
}

interface Header {
  format: string;
  digest: string;
  warnings: [string, Record<string, string>][];
  strings: string[];
  /** Entry name, its versions' rows (newest first), body offset and byte length. */
  charts: [string, number[], number, number][];
  /** Where the bodies are: byte ranges of index.yaml (YAML), or JSON lines after this header. */
  bodies: 'yaml' | 'json';
}

/** Where a loaded index reads each chart's full versions from. */
type Bodies =
  | { kind: 'yaml'; data: Buffer; path: string }
  | { kind: 'yaml'; fd: number; path: string }
  | { kind: 'json'; file: string; at: number }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'full'; idx: IndexFile };

// Descriptors of hashed index files, closed when their RepoIndex is collected.
const descriptors = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
});

function readAt(fd: number, at: number, n: number): Buffer {
  const buf = Buffer.allocUnsafe(n);
  let off = 0;
  while (off < n) {
    const got = readSync(fd, buf, off, n - off, at + off);
    if (got === 0) break;
    off += got;
  }
  return buf.subarray(0, off);
}

/** A loaded repository index: every version's summary at once, full entries per chart on demand. */
export class RepoIndex {
  private readonly read = new Map<string, ChartVersion[]>();
  constructor(
    private readonly header: Header,
    private readonly bodies: Bodies,
  ) {
    if (bodies.kind === 'yaml' && 'fd' in bodies) descriptors.register(this, bodies.fd);
  }

  /** The search columns of every version, entries in the index's order. */
  columns(): SearchColumns {
    return { strings: this.header.strings, charts: this.header.charts.map(([n, rows]) => [n, rows]) };
  }

  /** An IndexFile holding only this chart's entry (enough for IndexFile.Get). */
  only(name: string): IndexFile {
    const vs = this.versions(name);
    return { apiVersion: 'v1', generated: '', entries: new Map(vs ? [[name, vs]] : []) };
  }

  /** Every version of a chart, newest first (IndexFile.Entries[name]). */
  versions(name: string): ChartVersion[] | undefined {
    const b = this.bodies;
    if (b.kind === 'full') return b.idx.entries.get(name);
    const got = this.read.get(name);
    if (got) return got;
    const i = this.header.charts.findIndex((x) => x[0] === name);
    const c = this.header.charts[i];
    if (c === undefined) return undefined;
    let vs: ChartVersion[];
    if (b.kind === 'yaml') {
      // Warnings were replayed from the header when the index was loaded.
      const text = 'data' in b ? b.data.subarray(c[2], c[2] + c[3]) : readAt(b.fd, c[2], c[3]);
      vs = readChartVersions(text, name, 0, text.length, b.path, () => {});
    } else if (b.kind === 'lines') {
      vs = JSON.parse(b.lines[i]!) as ChartVersion[];
    } else {
      const fd = openSync(b.file, 'r');
      try {
        vs = JSON.parse(readAt(fd, b.at + c[2], c[3]).toString('utf8')) as ChartVersion[];
      } finally {
        closeSync(fd);
      }
    }
    this.read.set(name, vs);
    return vs;
  }
}

/** Builds the string table and rows of an index's entries. */
function columnsOf(idx: IndexFile): { strings: string[]; rows: number[][] } {
  const s = new Strings();
  const rows: number[][] = [];
  for (const [key, cvs] of idx.entries) rows.push(rowOf(key, cvs, s));
  return { strings: s.list, rows };
}

/** One version's search columns as a ChartVersion (only what `search repo` prints). */
export function summaryChart(
  key: string,
  c: SearchColumns['strings'],
  row: number[],
  i: number,
): ChartVersion {
  const n = row[i]!;
  return {
    metadata: {
      name: n < 0 ? key : c[n]!,
      version: c[row[i + 1]!]!,
      appVersion: c[row[i + 2]!]!,
      description: c[row[i + 3]!]!,
      apiVersion: '',
    },
    urls: [],
    created: '',
    removed: false,
    digest: '',
  };
}

/**
 * The index file opened and hashed, its size checked (LoadIndexFile's errors otherwise). whole:
 * read into one buffer and hashed there (no cache to look up: the bytes are scanned next), else
 * hashed through a small buffer (a cache hit needs none of it in memory).
 */
function openHashed(path: string, whole: boolean): { fd: number; digest: string; data?: Buffer } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_INDEX_SIZE) {
      throw new Error(`error loading ${path}: index is larger than the maximum size ${MAX_INDEX_SIZE}`);
    }
    const h = createHash('sha256');
    if (whole) {
      const data = readAt(fd, 0, size);
      return { fd, digest: h.update(data).digest('hex'), data };
    }
    const buf = Buffer.allocUnsafe(Math.min(size + 1, 1 << 20));
    let at = 0;
    let n: number;
    while ((n = readSync(fd, buf, 0, buf.length, at)) > 0) {
      h.update(buf.subarray(0, n));
      at += n;
    }
    return { fd, digest: h.digest('hex') };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** `<repository cache>/../rudder-index/<name>-<hash of the path>.json`. */
export function cachePathFor(indexPath: string): string {
  const abs = resolve(indexPath);
  const tag = createHash('sha256').update(abs).digest('hex').slice(0, 16);
  return join(dirname(dirname(abs)), 'rudder-index', `${basename(abs)}-${tag}.json`);
}

function readHeader(path: string, digest: string): { header: Header; bodyAt: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.min(size, 1 << 16));
    let len = readSync(fd, buf, 0, buf.length, 0);
    let nl = buf.subarray(0, len).indexOf(0x0a);
    while (nl < 0 && len < size) {
      const next = Buffer.allocUnsafe(Math.min(size, buf.length * 4));
      buf.copy(next, 0, 0, len);
      buf = next;
      len += readSync(fd, buf, len, buf.length - len, len);
      nl = buf.subarray(0, len).indexOf(0x0a);
    }
    if (nl < 0) return undefined;
    const header = JSON.parse(buf.toString('utf8', 0, nl)) as Header;
    if (header.format !== FORMAT || header.digest !== digest || !wellFormed(header)) return undefined;
    if (header.bodies !== 'yaml' && header.bodies !== 'json') return undefined;
    return { header, bodyAt: nl + 1 };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** A header this version wrote (a damaged or foreign file is ignored, and rewritten). */
function wellFormed(h: Header): boolean {
  if (!Array.isArray(h.warnings) || !Array.isArray(h.strings) || !Array.isArray(h.charts)) return false;
  const n = h.strings.length;
  return h.charts.every(
    (c) =>
      Array.isArray(c) &&
      typeof c[0] === 'string' &&
      Array.isArray(c[1]) &&
      c[1].length % ROW === 0 &&
      c[1].every((x, i) => Number.isInteger(x) && x < n && (x >= 0 || (x === -1 && i % ROW === 0))) &&
      Number.isInteger(c[2]) &&
      Number.isInteger(c[3]),
  );
}

/** JSON for the cache; Go maps or lists (import-values) are not stored: such an index is not cached. */
function plainJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof GoMap || x instanceof GoList) throw new Error('not plain');
    return x;
  });
}

function writeCache(path: string, digest: string, idx: IndexFile, warnings: Header['warnings']): void {
  const charts: Header['charts'] = [];
  const { strings, rows } = columnsOf(idx);
  // Offsets first (one pass of JSON per chart), then the file written chart by chart.
  const bodies: string[] = [];
  let at = 0;
  let i = 0;
  for (const [name, cvs] of idx.entries) {
    const body = plainJson(cvs);
    const bytes = Buffer.byteLength(body);
    charts.push([name, rows[i++]!, at, bytes]);
    bodies.push(body);
    at += bytes + 1;
  }
  writeCacheFile(path, { format: FORMAT, digest, warnings, strings, charts, bodies: 'json' }, bodies);
}

function writeCacheFile(path: string, header: Header, bodies: string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, JSON.stringify(header) + '\n');
      for (const b of bodies) writeSync(fd, b + '\n');
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A parsed index as the cache holds it: header and, for JSON bodies, each chart's line. */
export interface CachedIndex {
  header: Header;
  bodies: string[];
}

/**
 * The cache form of a valid index in helm's layout (index-scan.ts): search rows and where each
 * chart's text lies; the warnings are in the header, not printed. Undefined where parseIndex
 * must decide.
 */
export function indexForCache(data: Uint8Array, source: string, digest: string): CachedIndex | undefined {
  const r = scanIndex(data, source);
  if (r === undefined) return undefined;
  const charts: Header['charts'] = r.charts.map(([n, rows, s, e]) => [n, rows, s, Math.max(0, e - s)]);
  const header: Header = {
    format: FORMAT,
    digest,
    warnings: r.warnings,
    strings: r.strings,
    charts,
    bodies: 'yaml',
  };
  return { header, bodies: [] };
}

/** Writes a cache built by indexForCache for the index file at indexPath; false when it cannot. */
export function storeCachedIndex(indexPath: string, c: CachedIndex): boolean {
  try {
    writeCacheFile(cachePathFor(indexPath), c.header, c.bodies);
    return true;
  } catch {
    return false;
  }
}

/**
 * LoadIndexFile through the cache: the same entries, warnings and errors as reading index.yaml
 * (errors are never cached: a bad index is read, and fails, every time).
 */
export function loadRepoIndex(path: string, warn: Warn = () => {}): RepoIndex {
  const cache = cachePathFor(path);
  // Missing, unreadable or too big: the same errors as LoadIndexFile's. Without a cache file the
  // index is read once, whole (hashed and scanned from the same buffer).
  const opened = openHashed(path, !existsSync(cache));
  const { fd, digest } = opened;
  const hit = opened.data === undefined ? readHeader(cache, digest) : undefined;
  if (hit) {
    for (const [msg, attrs] of hit.header.warnings) warn(msg, attrs);
    if (hit.header.bodies === 'yaml') return new RepoIndex(hit.header, { kind: 'yaml', fd, path });
    closeSync(fd);
    return new RepoIndex(hit.header, { kind: 'json', file: cache, at: hit.bodyAt });
  }
  let data: Buffer;
  try {
    data = opened.data ?? readAt(fd, 0, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
  return fromIndex(path, data, warn, { cache, digest });
}

function fromIndex(
  path: string,
  data: Buffer,
  warn: Warn,
  store: { cache: string; digest: string },
): RepoIndex {
  const built = indexForCache(data, path, store.digest);
  if (built !== undefined) {
    for (const [msg, attrs] of built.header.warnings) warn(msg, attrs);
    storeCachedIndex(path, built);
    return new RepoIndex(built.header, { kind: 'yaml', data, path });
  }
  const warnings: Header['warnings'] = [];
  const record: Warn = (msg, attrs) => {
    warnings.push([msg, { ...attrs }]);
    warn(msg, attrs);
  };
  let idx: IndexFile;
  try {
    idx = parseIndex(data, path, record);
  } catch (err) {
    throw new Error(`error loading ${path}: ${(err as Error).message}`, { cause: err });
  }
  const { strings, rows } = columnsOf(idx);
  const names = [...idx.entries.keys()];
  const header: Header = {
    format: FORMAT,
    digest: store.digest,
    warnings,
    strings,
    charts: names.map((n, i) => [n, rows[i]!, 0, 0]),
    bodies: 'json',
  };
  try {
    writeCache(store.cache, store.digest, idx, warnings);
  } catch {
    /* a read-only or odd cache folder, or Go maps in the entries: no cache */
  }
  return new RepoIndex(header, { kind: 'full', idx });
}

/** After `repo update` wrote an index it has just parsed: store its cache without reading it again. */
export function storeRepoIndex(
  path: string,
  data: Uint8Array,
  idx: IndexFile,
  warnings: Header['warnings'],
): void {
  try {
    const digest = createHash('sha256').update(data).digest('hex');
    writeCache(cachePathFor(path), digest, idx, warnings);
  } catch {
    /* no cache */
  }
}
