// Go's compress/gzip Reader as Helm's archive loader meets it: the tar reader pulls bytes on
// demand, so whatever is wrong after the data it needs (a bad CRC, trailing garbage, a missing
// trailer) never surfaces, and what it reads past the end gets Go's error. The members are inflated
// here (raw deflate, our own header parsing: Go ignores the reserved flag bits zlib refuses) into
// the bytes available, plus the error a read past them returns (undefined: a clean io.EOF).
import { constants, inflateRawSync } from 'node:zlib';
import { crc32 } from '../compress/crc32.js';

export interface GzipStream {
  data: Uint8Array;
  /** Go's error for a read past `data`; undefined is io.EOF. */
  end: string | undefined;
}

const UNEXPECTED_EOF = 'unexpected EOF';
const HEADER = 'gzip: invalid header';

class Short extends Error {}

/** The offset of the deflate body after a member header at `off` (Go's readHeader). */
function readHeader(gz: Uint8Array, off: number): number {
  if (gz.length - off < 10) throw new Short();
  if (gz[off] !== 0x1f || gz[off + 1] !== 0x8b || gz[off + 2] !== 0x08) throw new Error(HEADER);
  const flg = gz[off + 3]!;
  let p = off + 10;
  if (flg & 0x04) {
    if (gz.length - p < 2) throw new Short();
    const n = gz[p]! | (gz[p + 1]! << 8);
    p += 2;
    if (gz.length - p < n) throw new Short();
    p += n;
  }
  for (const bit of [0x08, 0x10]) {
    if (!(flg & bit)) continue;
    while (p < gz.length && gz[p] !== 0) p++;
    if (p >= gz.length) throw new Short();
    p++;
  }
  if (flg & 0x02) {
    if (gz.length - p < 2) throw new Short();
    const want = gz[p]! | (gz[p + 1]! << 8);
    if (((crc32(gz.subarray(off, p)) >>> 0) & 0xffff) !== want) throw new Error(HEADER);
    p += 2;
  }
  return p;
}

/** Whether inflating only the first `n` bytes of `input` already meets corrupt data. */
function corruptWithin(input: Uint8Array, n: number, maxOutputLength: number): boolean {
  try {
    inflateRawSync(input.subarray(0, n), { maxOutputLength, finishFlush: constants.Z_SYNC_FLUSH });
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR';
  }
}

/**
 * Go's CorruptInputError offset: how many bytes of the deflate body its decompressor had read when
 * it saw the bad data. Go reads a byte only when it needs its bits, as zlib does when fed less, so
 * this is the shortest prefix zlib already rejects (binary search; only paid on corrupt input).
 */
function corruptOffset(input: Uint8Array, maxOutputLength: number): number {
  let lo = 1;
  let hi = input.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (corruptWithin(input, mid, maxOutputLength)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * All members of a gzip stream inflated, at most `maxOutput` bytes (RangeError past it), with the
 * error Go's reader gives once they are read. `gzip.NewReader`'s own error (bad first header)
 * is thrown.
 */
export function gunzipLikeGo(gz: Uint8Array, maxOutput: number): GzipStream {
  const parts: Uint8Array[] = [];
  let total = 0;
  const done = (end: string | undefined): GzipStream => ({
    data: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
    end,
  });
  let off = 0;
  for (let member = 0; ; member++) {
    if (member > 0 && off === gz.length) return done(undefined);
    let body: number;
    try {
      body = readHeader(gz, off);
    } catch (e) {
      const msg = e instanceof Short ? (off === gz.length ? 'EOF' : UNEXPECTED_EOF) : (e as Error).message;
      if (member === 0) throw new Error(msg);
      return done(msg);
    }
    const input = gz.subarray(body);
    const limit = { maxOutputLength: Math.max(1, maxOutput - total) };
    let out: Buffer;
    let used: number;
    try {
      const r = inflateRawSync(input, { ...limit, info: true }) as unknown as {
        buffer: Buffer;
        engine: { bytesWritten: number };
      };
      out = r.buffer;
      used = r.engine.bytesWritten;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (err instanceof RangeError || code === 'ERR_BUFFER_TOO_LARGE') throw err;
      if (code === 'Z_BUF_ERROR') {
        // Truncated: what was inflated is readable, then the stream ends too soon.
        try {
          parts.push(inflateRawSync(input, { ...limit, finishFlush: constants.Z_SYNC_FLUSH }));
        } catch {
          /* nothing readable */
        }
        return done(UNEXPECTED_EOF);
      }
      // Go hands out what it inflated before the bad data; the bytes before the one that showed
      // it give that (short of symbols ending inside that byte).
      const at = corruptOffset(input, limit.maxOutputLength);
      parts.push(
        inflateRawSync(input.subarray(0, at - 1), { ...limit, finishFlush: constants.Z_SYNC_FLUSH }),
      );
      return done(`flate: corrupt input before offset ${at}`);
    }
    total += out.length;
    parts.push(out);
    const trailer = body + used;
    if (gz.length - trailer < 8) return done(UNEXPECTED_EOF);
    const dv = new DataView(gz.buffer, gz.byteOffset + trailer, 8);
    if (dv.getUint32(0, true) !== crc32(out) >>> 0 || dv.getUint32(4, true) !== out.length >>> 0) {
      return done('gzip: invalid checksum');
    }
    off = trailer + 8;
  }
}
