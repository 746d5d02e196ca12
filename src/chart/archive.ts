// Reading chart archives (.tgz) with Helm's limits and path checks. Archives are untrusted:
// sizes are capped before and while inflating, and no name may leave the chart directory.
import { posix } from 'node:path';
import type { ChartFile } from './chart.js';
import { gunzipLikeGo, type GzipStream } from './gzip-stream.js';

// Helm 4.3 dropped the 5 MiB limit per file: only the whole chart is capped.
export const MAX_CHART_SIZE = 100 * 1024 * 1024;

const BLOCK = 512;
const DRIVE_PATH = /^[a-zA-Z]:\//;

export interface TarEntry {
  name: string;
  type: string;
  size: number;
  data: Uint8Array;
  /** Modification time in seconds since the epoch (PAX `mtime` may carry a fraction). */
  mtime: number;
}

const decoder = new TextDecoder();

function cString(buf: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && buf[end] !== 0) end++;
  return decoder.decode(buf.subarray(off, end));
}

function octal(buf: Uint8Array, off: number, len: number): number {
  // GNU base-256 encoding for large sizes.
  if (buf[off]! & 0x80) {
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + buf[i]!;
    return n;
  }
  const s = cString(buf, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new Error(INVALID);
  return parseInt(s, 8);
}

const INVALID = 'archive/tar: invalid tar header';

/**
 * Parses PAX records ("len key=value\n") as archive/tar does: a length that does not end on the
 * record's newline, a record without `=`, or a NUL where Go forbids one is an invalid header.
 * Keeps the path and mtime.
 */
function paxRecords(data: Uint8Array): { path?: string; mtime?: number } {
  let s = decoder.decode(data);
  const out: { path?: string; mtime?: number } = {};
  while (s.length > 0) {
    const sp = s.indexOf(' ');
    const nStr = sp < 0 ? '' : s.slice(0, sp);
    const n = /^[+-]?[0-9]+$/.test(nStr) ? Number(nStr) : NaN;
    if (!(n >= 5 && n <= s.length) || n - (nStr.length + 1) <= 0) throw new Error(INVALID);
    const rest = s.slice(sp + 1);
    const body = n - (nStr.length + 1);
    if (rest[body - 1] !== '\n') throw new Error(INVALID);
    const rec = rest.slice(0, body - 1);
    s = rest.slice(body);
    const eq = rec.indexOf('=');
    if (eq < 0) throw new Error(INVALID);
    const key = rec.slice(0, eq);
    const value = rec.slice(eq + 1);
    const nulForbidden = ['path', 'linkpath', 'uname', 'gname'].includes(key) ? value : key;
    if (key === '' || nulForbidden.includes('\0')) throw new Error(INVALID);
    if (key === 'path') out.path = value;
    if (key === 'mtime' && /^-?\d+(\.\d+)?$/.test(value)) out.mtime = Number(value);
  }
  return out;
}

/** Go's header checksum test: the unsigned or the signed sum of the block, the field as spaces. */
function checksumOk(h: Uint8Array): boolean {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 32 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  const want = octal(h, 148, 8);
  return want === unsigned || want === signed;
}

/**
 * Splits an uncompressed tar stream into entries (regular files, dirs, links), honouring PAX and
 * GNU long names. As Go's reader, it stops at two zero blocks; reading past the bytes there are
 * fails with `end` (Go's error from the gzip reader; undefined is a clean EOF, fine only where a
 * header would start).
 */
export function readTar(tar: Uint8Array, end?: string): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  let paxMtime: number | undefined;
  const short = (): Error => new Error(end ?? 'unexpected EOF');
  /** The header block at `at`, or undefined at a clean end of the stream. */
  const block = (at: number): Uint8Array | undefined => {
    if (at === tar.length && end === undefined) return undefined;
    if (at + BLOCK > tar.length) throw short();
    return tar.subarray(at, at + BLOCK);
  };
  for (;;) {
    const h = block(off);
    if (h === undefined) break;
    if (h.every((b) => b === 0)) {
      const next = block(off + BLOCK);
      if (next === undefined || next.every((b) => b === 0)) break;
      throw new Error(INVALID);
    }
    if (!checksumOk(h)) throw new Error(INVALID);
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] || 0x30);
    let name = cString(h, 0, 100);
    const magic = cString(h, 257, 6);
    if (magic === 'ustar') {
      const prefix = cString(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const start = off + BLOCK;
    if (start + size > tar.length) throw short();
    const data = tar.subarray(start, start + size);
    off = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = cString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      const pax = paxRecords(data);
      longName = pax.path ?? longName;
      paxMtime = pax.mtime ?? paxMtime;
      continue;
    }
    if (type === 'g') continue;
    if (longName !== undefined) {
      name = longName;
      longName = undefined;
    }
    const mtime = paxMtime ?? octal(h, 136, 12);
    paxMtime = undefined;
    out.push({ name, type, size, data, mtime });
  }
  return out;
}

/** Helm's LoadArchiveFiles: the chart's files with the top directory stripped. */
export function readChartArchive(gz: Uint8Array): ChartFile[] {
  let tar: GzipStream;
  try {
    tar = gunzipLikeGo(gz, MAX_CHART_SIZE + 64 * 1024 * 1024);
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`decompressed chart is larger than the maximum size ${MAX_CHART_SIZE}`);
    }
    throw err;
  }
  const files: ChartFile[] = [];
  let remaining = MAX_CHART_SIZE;
  for (const e of readTar(tar.data, tar.end)) {
    if (e.type === '5' || e.name.endsWith('/')) continue;
    const delim = e.name.includes('\\') ? '\\' : '/';
    const parts = e.name.split(delim);
    let n = parts.slice(1).join(delim).split(delim).join('/');
    if (n.startsWith('/')) throw new Error('chart illegally contains absolute paths');
    n = posix.normalize(n);
    if (n.endsWith('/') && n.length > 1) n = n.slice(0, -1);
    if (n === '.' || n === './' || n === '') {
      throw new Error(
        `chart illegally contains content outside the base directory: ${JSON.stringify(e.name)}`,
      );
    }
    if (n.startsWith('..')) throw new Error('chart illegally references parent directory');
    if (DRIVE_PATH.test(n)) throw new Error('chart contains illegally named files');
    if (parts[0] === 'Chart.yaml') throw new Error('chart yaml not in base directory');
    if (e.size > remaining)
      throw new Error(`decompressed chart is larger than the maximum size ${MAX_CHART_SIZE}`);
    remaining -= e.size;
    let data = e.data;
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    files.push({ name: n, data: Uint8Array.from(data) });
  }
  if (files.length === 0) throw new Error('no files in chart archive');
  return files;
}
