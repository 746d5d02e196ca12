// index.yaml checked in one pass over its bytes, as helm's loadIndex checks it, keeping only the
// search columns of each version and where each chart's text lies. A Bitnami-sized index read
// into objects is hundreds of MB and a second of CPU; `repo update` needs only to know the index
// is valid (and its chart names), `search repo` the five columns, `dependency update` a few
// charts (read again from their byte range, index-cache.ts). The layout is index-chunked.ts's
// (the same splitter, the same chunks); each chart is read by index-scan-chart.ts in the
// splitter's pass (so its lines are walked once), else its chunk by the readers index-chunked.ts
// uses (which give Helm's warnings); anything else returns undefined, and the whole-document
// reader decides, with Helm's errors.
import { isValidSemver } from '../chart/metadata.js';
import type { Value } from '../go/value.js';
import { parseYaml } from '../yaml/index.js';
import { duplicateKeyErrors } from './duplicates.js';
import { readChunk, splitBytes, type ChartHook } from './index-chunked.js';
import {
  decodeChartList,
  decodeIndexDoc,
  finishChart,
  indexStringField,
  MAX_INDEX_SIZE,
  versionOrder,
  type ChartVersion,
  type Warn,
} from './index-file.js';
import {
  REC,
  S_APP,
  S_DESC,
  S_KEYWORDS,
  S_NAME,
  S_VERSION,
  scanChartFrom,
  type ScannedVersions,
} from './index-scan-chart.js';

/** Values per version in a chart's row: name (-1: the entry's key), version, appVersion, description, keywords. */
export const ROW = 5;

/** The string table of the search columns: each distinct text once. */
export class Strings {
  readonly list: string[] = [];
  private readonly at = new Map<string, number>();
  /** Ids by a hash of their bytes (printable ASCII texts only), for texts read from bytes. */
  private readonly hashed = new Map<number, number[]>();
  id(x: string): number {
    let i = this.at.get(x);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(x);
      this.at.set(x, i);
    }
    return i;
  }

  /** The id of the printable ASCII text b[s, e), making its string only the first time. */
  idBytes(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const ids = this.hashed.get(h);
    if (ids !== undefined) {
      outer: for (let k = 0; k < ids.length; k++) {
        const t = this.list[ids[k]!]!;
        if (t.length !== e - s) continue;
        for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) !== b[s + i]) continue outer;
        return ids[k]!;
      }
    }
    const i = this.id(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', s, e));
    if (ids === undefined) this.hashed.set(h, [i]);
    else ids.push(i);
    return i;
  }
}

/** One chart's rows of search columns from its finished versions. */
export function rowOf(key: string, cvs: ChartVersion[], s: Strings): number[] {
  const r: number[] = [];
  for (const cv of cvs) {
    const m = cv.metadata;
    r.push(
      m.name === key ? -1 : s.id(m.name),
      s.id(m.version ?? ''),
      s.id(m.appVersion ?? ''),
      s.id(m.description ?? ''),
      s.id((m.keywords ?? []).join(' ')),
    );
  }
  return r;
}

export interface ScannedIndex {
  warnings: [string, Record<string, string>][];
  strings: string[];
  /** Entry name, its versions' rows (newest first), and its chunk's byte range in the index. */
  charts: [string, number[], number, number][];
}

/** A chart's versions through index-chunked.ts's readers (Helm's warnings, or a throw). */
export function readChartVersions(
  b: Buffer,
  name: string,
  start: number,
  end: number,
  source: string,
  warn: Warn,
): ChartVersion[] {
  const text = b.toString('utf8', start, Math.max(start, end));
  const list: Value = readChunk(text, 0, text.length, name, indexStringField);
  return finishChart(name, decodeChartList(list, false), source, warn);
}

const validVersions = new Map<string, boolean>();
function validVersion(v: string): boolean {
  let ok = validVersions.get(v);
  if (ok === undefined) {
    ok = isValidSemver(v);
    if (validVersions.size < 100_000) validVersions.set(v, ok);
  }
  return ok;
}

/** Search rows of versions read straight from the bytes; undefined when one fails Validate. */
function scannedRows(b: Buffer, key: Buffer, vs: ScannedVersions, s: Strings): number[] | undefined {
  const { r, t } = vs;
  const n = vs.n;
  const rows = new Array<number>(n * ROW).fill(0);
  const versions = new Array<string>(n).fill('');
  // Versions of a chart mostly repeat their name, description and keywords, and charts their
  // versions: texts read from bytes are made into strings once (Strings.idBytes).
  const id = (at: number, slot: number): number => {
    const k = at + slot * 2;
    const st = r[k]!;
    if (st < 0) return s.id('');
    const folded = t.get(k);
    return folded !== undefined ? s.id(folded) : s.idBytes(b, st, r[k + 1]!);
  };
  // A keywords block without text has the bytes of the one before it (index-scan-chart.ts).
  const none = s.id('');
  let lastKeywords = none;
  for (let v = 0; v < n; v++) {
    const at = v * REC;
    const kw = at + S_KEYWORDS * 2;
    if (t.has(kw)) lastKeywords = s.id(t.get(kw)!);
    const keywords = r[kw]! < 0 ? none : lastKeywords;
    const vid = id(at, S_VERSION);
    const text = s.list[vid]!;
    if (!validVersion(text)) return undefined;
    versions[v] = text;
    const ns = r[at]!;
    const ne = r[at + 1]!;
    const o = v * ROW;
    rows[o] = ne - ns === key.length && key.compare(b, ns, ne) === 0 ? -1 : id(at, S_NAME);
    rows[o + 1] = vid;
    rows[o + 2] = id(at, S_APP);
    rows[o + 3] = id(at, S_DESC);
    rows[o + 4] = keywords;
  }
  const out = new Array<number>(n * ROW).fill(0);
  const order = versionOrder(versions);
  for (let i = 0; i < n; i++) for (let j = 0; j < ROW; j++) out[i * ROW + j] = rows[order[i]! * ROW + j]!;
  return out;
}

/**
 * parseIndex's checks for an index in helm's layout, one pass over the bytes: the search rows of
 * every chart and the warnings (not printed). Undefined for anything else — another layout,
 * JSON, any error — where parseIndex decides.
 */
export function scanIndex(data: Uint8Array, source: string): ScannedIndex | undefined {
  if (data.length === 0 || data.length > MAX_INDEX_SIZE) return undefined;
  const b = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const strings = new Strings();
  // Each chart's rows when read straight from the bytes, in the splitter's pass (its hook).
  const scanned = new Map<string, number[]>();
  const hook: ChartHook = (name, start) => {
    const got = scanChartFrom(b, start);
    if (got === undefined) return -1;
    const rows = scannedRows(b, Buffer.from(name, 'latin1'), got.versions, strings);
    if (rows === undefined) return -1;
    scanned.set(name, rows);
    return got.stop;
  };
  const warnings: ScannedIndex['warnings'] = [];
  const record: Warn = (msg, attrs) => warnings.push([msg, attrs]);
  const charts: ScannedIndex['charts'] = [];
  try {
    const sp = splitBytes(b, hook);
    if (sp === undefined) return undefined;
    if (duplicateKeyErrors(sp.skeleton) !== undefined) return undefined;
    const top = parseYaml(sp.skeleton, 'any', { stringFields: indexStringField });
    if (decodeIndexDoc(top, false).apiVersion === '') return undefined;
    for (const { name, start, end } of sp.charts) {
      const rows =
        scanned.get(name) ?? rowOf(name, readChartVersions(b, name, start, end, source, record), strings);
      charts.push([name, rows, start, end]);
    }
  } catch {
    return undefined; // the whole-document read reports it with Helm's text
  }
  return { warnings, strings: strings.list, charts };
}
