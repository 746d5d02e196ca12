// A gzip writer with Go's compress/gzip header layout (RFC 1952): flags only for the fields set,
// MTIME 0 unless a time after the epoch is given, XFL from the level, OS byte 255 by default.
import { crc32 } from './crc32.js';
import { DEFAULT_COMPRESSION, Deflater } from './deflate.js';

export interface GzipHeader {
  /** Raw bytes of the FEXTRA field. */
  extra?: Uint8Array;
  name?: string;
  comment?: string;
  /** Seconds since the epoch; values ≤ 0 are written as 0, as Go does. */
  mtime?: number;
  /** Defaults to 255 (unknown), Go's default. */
  os?: number;
}

const BEST_SPEED = 1;
const BEST_COMPRESSION = 9;

function latin1(s: string, field: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp > 0xff) throw new Error(`gzip.Write: non-Latin-1 header string (${field})`);
    out.push(cp);
  }
  out.push(0);
  return Uint8Array.from(out);
}

export class GzipWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly deflater: Deflater;
  private wroteHeader = false;
  private crc = 0;
  private size = 0;
  private closed = false;

  constructor(
    private readonly header: GzipHeader = {},
    private readonly level: number = DEFAULT_COMPRESSION,
  ) {
    this.deflater = new Deflater(level);
  }

  private writeHeader(): void {
    const h = this.header;
    const fixed = new Uint8Array(10);
    fixed[0] = 0x1f;
    fixed[1] = 0x8b;
    fixed[2] = 8;
    if (h.extra) fixed[3]! |= 0x04;
    if (h.name) fixed[3]! |= 0x08;
    if (h.comment) fixed[3]! |= 0x10;
    const mtime = h.mtime !== undefined && h.mtime > 0 ? h.mtime >>> 0 : 0;
    new DataView(fixed.buffer).setUint32(4, mtime, true);
    fixed[8] = this.level === BEST_COMPRESSION ? 2 : this.level === BEST_SPEED ? 4 : 0;
    fixed[9] = h.os ?? 255;
    this.chunks.push(fixed);
    if (h.extra) {
      if (h.extra.length > 0xffff) throw new Error('gzip.Write: Extra data is too large');
      this.chunks.push(Uint8Array.of(h.extra.length & 0xff, h.extra.length >>> 8), h.extra);
    }
    if (h.name) this.chunks.push(latin1(h.name, 'name'));
    if (h.comment) this.chunks.push(latin1(h.comment, 'comment'));
  }

  /** One Write call of Go's gzip.Writer (call boundaries matter to the compressor). */
  write(p: Uint8Array): void {
    if (this.closed) throw new Error('gzip: write after close');
    if (!this.wroteHeader) {
      this.wroteHeader = true;
      this.writeHeader();
    }
    this.size = (this.size + p.length) >>> 0;
    this.crc = crc32(p, this.crc);
    const out = this.deflater.write(p);
    if (out.length > 0) this.chunks.push(out);
  }

  /** Finishes the stream and returns the whole gzip file. */
  close(): Uint8Array {
    if (!this.closed) {
      if (!this.wroteHeader) this.write(new Uint8Array(0));
      this.closed = true;
      this.chunks.push(this.deflater.close());
      const trailer = new Uint8Array(8);
      const dv = new DataView(trailer.buffer);
      dv.setUint32(0, this.crc, true);
      dv.setUint32(4, this.size, true);
      this.chunks.push(trailer);
    }
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}
