// Plugin archives (.tgz/.tar.gz) as Helm 4's installer reads them (internal/plugin/installer/
// extractor.go, internal/plugin/sign.go): entries checked with Helm's cleanJoin rules before any
// byte is written, only directories and regular files accepted, and the metadata read from the
// first `plugin.yaml` in the stream.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadMetadata, type Metadata } from '../metadata.js';

/** Archive suffixes Helm's installer knows (its Extractors map). */
export const ARCHIVE_SUFFIXES = ['.tar.gz', '.tgz'] as const;

export const hasArchiveSuffix = (s: string): boolean => ARCHIVE_SUFFIXES.some((x) => s.endsWith(x));

/** stripPluginName: `name-1.2.3.tgz` → `name` (no known suffix → ""). */
export function stripPluginName(name: string): string {
  let stripped = '';
  for (const suffix of ARCHIVE_SUFFIXES) {
    if (name.endsWith(suffix)) {
      stripped = name.slice(0, -suffix.length);
      break;
    }
  }
  return stripped.replace(/^(.*)-\d+\..*$/s, '$1');
}

export interface PluginTarEntry {
  name: string;
  /** The tar type flag byte ('0' regular, '5' directory, …). */
  typeflag: number;
  mode: number;
  data: Uint8Array;
}

const BLOCK = 512;
const dec = new TextDecoder();

function cstr(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return dec.decode(b.subarray(off, end));
}

function octal(b: Uint8Array, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = cstr(b, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new Error('archive/tar: invalid tar header');
  return parseInt(s, 8);
}

function paxPath(data: Uint8Array): string | undefined {
  const s = dec.decode(data);
  let path: string | undefined;
  for (let i = 0; i < s.length;) {
    const sp = s.indexOf(' ', i);
    const len = sp < 0 ? NaN : parseInt(s.slice(i, sp), 10);
    if (!(len > 0)) break;
    const rec = s.slice(sp + 1, i + len - 1);
    if (rec.startsWith('path=')) path = rec.slice(5);
    i += len;
  }
  return path;
}

/** gzip.NewReader + tar.Reader: the entries in order (PAX and GNU long names applied). */
export function readTgz(gz: Uint8Array): PluginTarEntry[] {
  if (gz.length < 2 || gz[0] !== 0x1f || gz[1] !== 0x8b)
    throw new Error(gz.length < 10 ? 'unexpected EOF' : 'gzip: invalid header');
  let tar: Uint8Array;
  try {
    tar = gunzipSync(gz);
  } catch {
    throw new Error('unexpected EOF');
  }
  const out: PluginTarEntry[] = [];
  let long: string | undefined;
  for (let off = 0; off + BLOCK <= tar.length;) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((x) => x === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== octal(h, 148, 8)) throw new Error('archive/tar: invalid tar header');
    const size = octal(h, 124, 12);
    const typeflag = h[156] || 0x30;
    let name = cstr(h, 0, 100);
    if (cstr(h, 257, 5) === 'ustar') {
      const prefix = cstr(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const start = off + BLOCK;
    if (start + size > tar.length) throw new Error('unexpected EOF');
    const data = tar.subarray(start, start + size);
    off = start + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 0x4c /* L */) {
      long = cstr(data, 0, data.length);
      continue;
    }
    if (typeflag === 0x78 /* x */) {
      long = paxPath(data) ?? long;
      continue;
    }
    if (long !== undefined) {
      name = long;
      long = undefined;
    }
    out.push({ name, typeflag, mode: octal(h, 100, 8), data });
  }
  return out;
}

/** ExtractTgzPluginMetadata: the first plugin.yaml (by base name) anywhere in the archive. */
export function tgzPluginMetadata(gz: Uint8Array): Metadata {
  for (const e of readTgz(gz)) {
    if (posix.basename(e.name) === 'plugin.yaml') return loadMetadata(dec.decode(e.data));
  }
  throw new Error('plugin.yaml not found in tarball');
}

/** cleanJoin's refusals, in Helm's order and words. */
function safeName(name: string): string {
  if (name.includes(':')) throw new Error("path contains ':', which is illegal");
  const n = name.replaceAll('\\', '/');
  if (n.split('/').includes('..')) throw new Error("path contains '..', which is illegal");
  if (n.startsWith('/')) throw new Error('path is absolute, which is illegal');
  return posix.normalize(`/${n}`).slice(1);
}

/**
 * Extracts into `target`: every entry is checked before anything is written, so a refused archive
 * leaves nothing behind. Links and devices are refused as Helm's extractor does.
 */
export function extractTgz(gz: Uint8Array, target: string): void {
  const plan: { path: string; e: PluginTarEntry }[] = [];
  for (const e of readTgz(gz)) {
    if (e.typeflag === 0x67 /* g */) continue;
    const rel = safeName(e.name);
    if (e.typeflag !== 0x30 && e.typeflag !== 0x35 && e.typeflag !== 0)
      throw new Error(`unknown type: ${e.typeflag.toString(2)} in ${e.name}`);
    plan.push({ path: rel === '' ? target : join(target, rel), e });
  }
  mkdirSync(target, { recursive: true, mode: 0o755 });
  for (const { path, e } of plan) {
    if (e.typeflag === 0x35) {
      mkdirSync(path, { recursive: true, mode: 0o755 });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    writeFileSync(path, e.data, { mode: e.mode & 0o7777 });
  }
}
