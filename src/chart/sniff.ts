// Helm's archive.EnsureArchive: before a chart file is read as a .tgz, its first 512 bytes (zero
// padded, as Go reads them into a fixed buffer) are sniffed with Go's http.DetectContentType
// (the WHATWG MIME sniffing subset net/http implements), and anything but gzip is refused with
// the type Go names.
import { closeSync, openSync, readSync } from 'node:fs';

const SNIFF_LEN = 512;

type Sniffer = (data: Uint8Array, firstNonWS: number) => string | undefined;

const bytes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const startsWith = (data: Uint8Array, sig: number[], at = 0): boolean =>
  data.length - at >= sig.length && sig.every((b, i) => data[at + i] === b);

const exact =
  (sig: string, type: string): Sniffer =>
  (data) =>
    startsWith(data, bytes(sig)) ? type : undefined;

/** Bytes ANDed with the mask must equal the pattern (optionally after leading white space). */
const masked =
  (mask: string, pat: string, type: string, skipWS = false): Sniffer =>
  (data, firstNonWS) => {
    const at = skipWS ? firstNonWS : 0;
    if (data.length - at < pat.length) return undefined;
    for (let i = 0; i < pat.length; i++) {
      if ((data[at + i]! & mask.charCodeAt(i)) !== pat.charCodeAt(i)) return undefined;
    }
    return type;
  };

/** An HTML tag, case-insensitive for letters, followed by a space or `>`. */
const html =
  (tag: string): Sniffer =>
  (data, firstNonWS) => {
    if (data.length - firstNonWS < tag.length + 1) return undefined;
    for (let i = 0; i < tag.length; i++) {
      const t = tag.charCodeAt(i);
      let d = data[firstNonWS + i]!;
      if (t >= 0x41 && t <= 0x5a) d &= 0xdf;
      if (d !== t) return undefined;
    }
    const end = data[firstNonWS + tag.length];
    return end === 0x20 || end === 0x3e ? 'text/html; charset=utf-8' : undefined;
  };

const mp4: Sniffer = (data) => {
  if (data.length < 12) return undefined;
  const box = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  if (data.length < box || box % 4 !== 0) return undefined;
  if (!startsWith(data, bytes('ftyp'), 4)) return undefined;
  for (let st = 8; st < box; st += 4) {
    if (st !== 12 && startsWith(data, bytes('mp4'), st)) return 'video/mp4';
  }
  return undefined;
};

const text: Sniffer = (data, firstNonWS) => {
  for (let i = firstNonWS; i < data.length; i++) {
    const b = data[i]!;
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return undefined;
  }
  return 'text/plain; charset=utf-8';
};

const Z4 = '\x00\x00\x00\x00';
const Z34 = '\x00'.repeat(34);

// In net/http's order: the first that matches names the type.
const SIGNATURES: Sniffer[] = [
  ...[
    '<!DOCTYPE HTML',
    '<HTML',
    '<HEAD',
    '<SCRIPT',
    '<IFRAME',
    '<H1',
    '<DIV',
    '<FONT',
    '<TABLE',
    '<A',
    '<STYLE',
    '<TITLE',
    '<B',
    '<BODY',
    '<BR',
    '<P',
    '<!--',
  ].map(html),
  masked('\xff\xff\xff\xff\xff', '<?xml', 'text/xml; charset=utf-8', true),
  exact('%PDF-', 'application/pdf'),
  exact('%!PS-Adobe-', 'application/postscript'),
  masked('\xff\xff\x00\x00', '\xfe\xff\x00\x00', 'text/plain; charset=utf-16be'),
  masked('\xff\xff\x00\x00', '\xff\xfe\x00\x00', 'text/plain; charset=utf-16le'),
  masked('\xff\xff\xff\x00', '\xef\xbb\xbf\x00', 'text/plain; charset=utf-8'),
  exact('\x00\x00\x01\x00', 'image/x-icon'),
  exact('\x00\x00\x02\x00', 'image/x-icon'),
  exact('BM', 'image/bmp'),
  exact('GIF87a', 'image/gif'),
  exact('GIF89a', 'image/gif'),
  masked(`\xff\xff\xff\xff${Z4}\xff\xff\xff\xff\xff\xff`, `RIFF${Z4}WEBPVP`, 'image/webp'),
  exact('\x89PNG\x0d\x0a\x1a\x0a', 'image/png'),
  exact('\xff\xd8\xff', 'image/jpeg'),
  masked(`\xff\xff\xff\xff${Z4}\xff\xff\xff\xff`, `FORM${Z4}AIFF`, 'audio/aiff'),
  masked('\xff\xff\xff', 'ID3', 'audio/mpeg'),
  masked('\xff\xff\xff\xff\xff', 'OggS\x00', 'application/ogg'),
  masked('\xff'.repeat(8), 'MThd\x00\x00\x00\x06', 'audio/midi'),
  masked(`\xff\xff\xff\xff${Z4}\xff\xff\xff\xff`, `RIFF${Z4}AVI `, 'video/avi'),
  masked(`\xff\xff\xff\xff${Z4}\xff\xff\xff\xff`, `RIFF${Z4}WAVE`, 'audio/wave'),
  mp4,
  exact('\x1a\x45\xdf\xa3', 'video/webm'),
  masked(`${Z34}\xff\xff`, `${Z34}LP`, 'application/vnd.ms-fontobject'),
  exact('\x00\x01\x00\x00', 'font/ttf'),
  exact('OTTO', 'font/otf'),
  exact('ttcf', 'font/collection'),
  exact('wOFF', 'font/woff'),
  exact('wOF2', 'font/woff2'),
  exact('\x1f\x8b\x08', 'application/x-gzip'),
  exact('PK\x03\x04', 'application/zip'),
  exact('Rar!\x1a\x07\x00', 'application/x-rar-compressed'),
  exact('Rar!\x1a\x07\x01\x00', 'application/x-rar-compressed'),
  exact('\x00\x61\x73\x6d', 'application/wasm'),
  text,
];

/** Go's http.DetectContentType over the first 512 bytes of `data`. */
export function detectContentType(data: Uint8Array): string {
  const d = data.length > SNIFF_LEN ? data.subarray(0, SNIFF_LEN) : data;
  let ws = 0;
  while (ws < d.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(d[ws]!)) ws++;
  for (const sig of SIGNATURES) {
    const t = sig(d, ws);
    if (t !== undefined) return t;
  }
  return 'application/octet-stream';
}

/** EnsureArchive on bytes already read: the head Go would have read, zero padded to 512. */
export function ensureArchiveBytes(name: string, data: Uint8Array): void {
  const head = new Uint8Array(SNIFF_LEN);
  head.set(data.subarray(0, SNIFF_LEN));
  const type = detectContentType(head);
  if (type === 'application/x-gzip' || startsWith(head, [0x1f, 0x8b, 0x08])) return;
  if (name.endsWith('.yml') || name.endsWith('.yaml')) {
    throw new Error(`file '${name}' seems to be a YAML file, but expected a gzipped archive`);
  }
  throw new Error(`file '${name}' does not appear to be a gzipped archive; got '${type}'`);
}

/** EnsureArchive on a file: reads its first 512 bytes (an unreadable file is the loader's to report). */
export function ensureArchive(name: string): void {
  const head = new Uint8Array(SNIFF_LEN);
  let fd: number;
  try {
    fd = openSync(name, 'r');
  } catch {
    return;
  }
  let n = 0;
  try {
    n = readSync(fd, head, 0, SNIFF_LEN, 0);
  } catch {
    return;
  } finally {
    closeSync(fd);
  }
  ensureArchiveBytes(name, head.subarray(0, n));
}
