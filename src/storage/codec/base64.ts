// encoding/base64 StdEncoding.Decode, strictly as Go reads it: padding required, `\r` and `\n`
// skipped, and Go's `illegal base64 data at input byte N` for anything else.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Uint8Array(256).fill(0xff);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d;
const isNewline = (c: number | undefined): boolean => c === 0x0a || c === 0x0d;

/** base64.CorruptInputError */
export class Base64Error extends Error {
  override name = 'Base64Error';
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** Decodes standard padded base64; throws Base64Error at the byte Go reports. */
export function decodeBase64Std(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor(src.length / 4) * 3 + 3);
  let n = 0;
  let si = 0;
  const dbuf = [0, 0, 0, 0];
  const end = src.length;
  for (;;) {
    // Whole quanta of four alphabet bytes, the common case, decoded without the general path's
    // bookkeeping; anything else (padding, newlines, bad bytes, the end) goes the general way.
    while (si + 4 <= end) {
      const a = DECODE[src[si]!]!;
      const b = DECODE[src[si + 1]!]!;
      const c = DECODE[src[si + 2]!]!;
      const d = DECODE[src[si + 3]!]!;
      if ((a | b | c | d) > 63) break; // 0xff marks a byte outside the alphabet
      const v = (a << 18) | (b << 12) | (c << 6) | d;
      out[n] = v >>> 16;
      out[n + 1] = (v >>> 8) & 0xff;
      out[n + 2] = v & 0xff;
      n += 3;
      si += 4;
    }
    // One quantum (decodeQuantum).
    let dlen = 4;
    let trailing = -1;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.subarray(0, n);
        throw new Base64Error(si - j);
      }
      const c = src[si++]!;
      const v = DECODE[c]!;
      if (v !== 0xff) {
        dbuf[j] = v;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) throw new Base64Error(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new Base64Error(src.length);
        if (src[si] !== PAD) throw new Base64Error(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    if (dlen > 1) out[n++] = (val >>> 16) & 0xff;
    if (dlen > 2) out[n++] = (val >>> 8) & 0xff;
    if (dlen > 3) out[n++] = val & 0xff;
    dbuf[0] = dbuf[1] = dbuf[2] = dbuf[3] = 0;
    if (trailing >= 0) throw new Base64Error(trailing);
    if (dlen < 4) return out.subarray(0, n);
  }
}

/** StdEncoding.EncodeToString */
export const encodeBase64Std = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
