// Reading chart archives (.tgz) with Helm's limits and path checks. Archives are untrusted:
// sizes are capped before and while inflating, and no name may leave the chart directory.
import { gunzipSync } from 'node:zlib';
import { posix } from 'node:path';
import type { ChartFile } from './chart.js';

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
  if (!/^[0-7]+$/.test(s)) throw new Error('archive/tar: invalid tar header');
  return parseInt(s, 8);
}

/** Parses PAX records ("len key=value\n"): the path and mtime if present. */
function paxRecords(data: Uint8Array): { path?: string; mtime?: number } {
  const s = decoder.decode(data);
  let i = 0;
  const out: { path?: string; mtime?: number } = {};
  while (i < s.length) {
    const sp = s.indexOf(' ', i);
    if (sp < 0) break;
    const len = parseInt(s.slice(i, sp), 10);
    if (!(len > 0)) break;
    const rec = s.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    const key = eq > 0 ? rec.slice(0, eq) : '';
    if (key === 'path') out.path = rec.slice(eq + 1);
    if (key === 'mtime' && /^-?\d+(\.\d+)?$/.test(rec.slice(eq + 1))) out.mtime = Number(rec.slice(eq + 1));
    i += len;
  }
  return out;
}

/** Splits an uncompressed tar stream into entries (regular files, dirs, links), honouring PAX and GNU long names. */
export function readTar(tar: Uint8Array): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  let paxMtime: number | undefined;
  while (off + BLOCK <= tar.length) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== octal(h, 148, 8)) throw new Error('archive/tar: invalid tar header');
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] || 0x30);
    let name = cString(h, 0, 100);
    const magic = cString(h, 257, 6);
    if (magic === 'ustar') {
      const prefix = cString(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const start = off + BLOCK;
    if (start + size > tar.length) throw new Error('unexpected EOF');
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
  let tar: Uint8Array;
  try {
    tar = gunzipSync(gz, { maxOutputLength: MAX_CHART_SIZE + 64 * 1024 * 1024 });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`decompressed chart is larger than the maximum size ${MAX_CHART_SIZE}`);
    }
    if (gz[0] !== 0x1f || gz[1] !== 0x8b) throw new Error('gzip: invalid header');
    throw new Error(`gzip: ${(err as Error).message}`);
  }
  const files: ChartFile[] = [];
  let remaining = MAX_CHART_SIZE;
  for (const e of readTar(tar)) {
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
