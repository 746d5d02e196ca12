// A tar writer producing Go archive/tar's bytes for regular files written with an unspecified
// format: USTAR when the header fits (long ASCII names split into prefix/name), otherwise a PAX
// extended header first. It also issues the same sequence of writes to its sink as Go does
// (header block, body, padding, trailer), which matters to the compressor behind it.

import { pathClean } from '../go/path.js';

const BLOCK = 512;
const NAME_SIZE = 100;
const PREFIX_SIZE = 155;
const ZERO_BLOCK = new Uint8Array(BLOCK);
const encoder = new TextEncoder();

export interface TarHeader {
  name: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  size: number;
  /** Whole seconds since the epoch (Go rounds the time to the nearest second first). */
  mtime: number;
  /** Type flag character; '0' (regular file) by default. */
  type?: string;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
}

const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
};
// Go's toASCII drops non-ASCII runes and NULs.
const toAscii = (s: string): string =>
  isAscii(s) ? s : [...s].filter((ch) => ch.charCodeAt(0) > 0 && ch.charCodeAt(0) < 0x80).join('');
const fitsInOctal = (n: number, x: number): boolean => x >= 0 && (n >= 22 || x < 2 ** ((n - 1) * 3));

/** Go's splitUSTARPath: a prefix (≤155) and name (≤100) split at a slash, or null. */
function splitUstarPath(name: string): [string, string] | null {
  let length = name.length;
  if (length <= NAME_SIZE || !isAscii(name)) return null;
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1;
  else if (name[length - 1] === '/') length--;
  const i = name.slice(0, length).lastIndexOf('/');
  const nlen = name.length - i - 1;
  if (i <= 0 || nlen > NAME_SIZE || nlen === 0 || i > PREFIX_SIZE) return null;
  return [name.slice(0, i), name.slice(i + 1)];
}

function paxRecord(k: string, v: string): string {
  const body = ` ${k}=${v}\n`;
  const bodyLen = encoder.encode(body).length;
  let size = bodyLen + String(bodyLen).length;
  if (String(size).length + bodyLen !== size) size = String(size).length + bodyLen;
  return `${size}${body}`;
}

class Block {
  readonly b = new Uint8Array(BLOCK);

  str(off: number, len: number, s: string): void {
    const bytes = encoder.encode(s);
    this.b.set(bytes.subarray(0, len), off);
    if (bytes.length < len) this.b[off + bytes.length] = 0;
    // A truncated field must not end in '/' (some readers would see a directory).
    if (bytes.length > len && this.b[off + len - 1] === 0x2f) {
      let n = len - 1;
      while (n > 0 && this.b[off + n - 1] === 0x2f) n--;
      this.b[off + n] = 0;
    }
  }

  octal(off: number, len: number, x: number): void {
    const v = fitsInOctal(len, x) ? x : 0;
    this.str(off, len, v.toString(8).padStart(len - 1, '0'));
  }

  finish(): Uint8Array {
    this.b.set(encoder.encode('ustar\x0000'), 257);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : this.b[i]!;
    this.str(148, 7, sum.toString(8).padStart(6, '0'));
    this.b[155] = 0x20;
    return this.b;
  }
}

export class TarWriter {
  private pad = 0;

  /** `sink` receives each write in Go's order; it must copy or consume the bytes at once. */
  constructor(private readonly sink: (chunk: Uint8Array) => void) {}

  private flush(): void {
    this.sink(ZERO_BLOCK.subarray(0, this.pad));
    this.pad = 0;
  }

  private rawHeader(block: Uint8Array, size: number): void {
    this.flush();
    this.sink(block);
    this.pad = (BLOCK - (size % BLOCK)) % BLOCK;
  }

  /** Writes the header of the next entry (its body follows with write()). */
  writeHeader(h: TarHeader): void {
    this.flush();
    const type = h.type ?? '0';
    const uname = h.uname ?? '';
    const gname = h.gname ?? '';
    const pax = new Map<string, string>();
    let ustar = true;
    const nameBytes = encoder.encode(h.name).length;
    if (!isAscii(h.name) || nameBytes > NAME_SIZE) {
      if (!splitUstarPath(h.name)) ustar = false;
      pax.set('path', h.name);
    }
    for (const [key, v] of [
      ['uname', uname],
      ['gname', gname],
    ] as const) {
      if (!isAscii(v) || encoder.encode(v).length > 32) {
        ustar = false;
        pax.set(key, v);
      }
    }
    if (!fitsInOctal(12, h.size)) {
      ustar = false;
      pax.set('size', String(h.size));
    }
    if (h.mtime !== 0 && !fitsInOctal(12, h.mtime)) {
      ustar = false;
      pax.set('mtime', String(h.mtime));
    }
    if (ustar) this.writeUstar(h, type, uname, gname);
    else this.writePax(h, type, uname, gname, pax);
  }

  private template(h: TarHeader, name: string, type: string, uname: string, gname: string): Block {
    const blk = new Block();
    blk.b[156] = type.charCodeAt(0);
    blk.str(0, 100, name);
    blk.octal(100, 8, h.mode);
    blk.octal(108, 8, h.uid ?? 0);
    blk.octal(116, 8, h.gid ?? 0);
    blk.octal(124, 12, h.size);
    blk.octal(136, 12, h.mtime);
    blk.str(265, 32, uname);
    blk.str(297, 32, gname);
    blk.octal(329, 8, 0);
    blk.octal(337, 8, 0);
    return blk;
  }

  private writeUstar(h: TarHeader, type: string, uname: string, gname: string): void {
    const split = splitUstarPath(h.name);
    const blk = this.template(h, split ? split[1] : h.name, type, uname, gname);
    if (split) blk.str(345, PREFIX_SIZE, split[0]);
    this.rawHeader(blk.finish(), h.size);
  }

  private writePax(h: TarHeader, type: string, uname: string, gname: string, pax: Map<string, string>): void {
    const data = encoder.encode(
      [...pax.keys()]
        .sort()
        .map((k) => paxRecord(k, pax.get(k)!))
        .join(''),
    );
    const slash = h.name.lastIndexOf('/');
    let xname = toAscii(pathClean(`${h.name.slice(0, slash + 1)}/PaxHeaders.0/${h.name.slice(slash + 1)}`));
    if (xname.length > NAME_SIZE) xname = xname.slice(0, NAME_SIZE);
    xname = xname.replace(/\/+$/, '');
    const xblk = new Block();
    xblk.b[156] = 'x'.charCodeAt(0);
    xblk.str(0, 100, xname);
    xblk.octal(100, 8, 0);
    xblk.octal(108, 8, 0);
    xblk.octal(116, 8, 0);
    xblk.octal(124, 12, data.length);
    xblk.octal(136, 12, 0);
    this.rawHeader(xblk.finish(), data.length);
    this.sink(data);

    const blk = this.template(h, toAscii(h.name), type, toAscii(uname), toAscii(gname));
    this.rawHeader(blk.finish(), h.size);
  }

  /** Writes (part of) the current entry's body. */
  write(body: Uint8Array): void {
    if (body.length > 0) this.sink(body);
  }

  /** Pads the last entry and writes the two zero blocks that end an archive. */
  close(): void {
    this.flush();
    this.sink(ZERO_BLOCK);
    this.sink(ZERO_BLOCK);
  }
}
