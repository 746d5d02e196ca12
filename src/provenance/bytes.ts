// A bounds-checked cursor over packet contents: every read past the end is io.ErrUnexpectedEOF,
// as go-crypto's readFull reports it, so truncated input never reads out of range.
import { unexpectedEOF } from './errors.js';

export class Cursor {
  pos = 0;
  constructor(readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length - this.pos;
  }

  u8(): number {
    if (this.pos >= this.data.length) throw unexpectedEOF();
    return this.data[this.pos++]!;
  }

  u16(): number {
    return (this.u8() << 8) | this.u8();
  }

  u32(): number {
    return this.u16() * 0x10000 + this.u16();
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw unexpectedEOF();
    const b = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  /** An OpenPGP multiprecision integer: a 16-bit bit count, then the big-endian bytes. */
  mpi(): Uint8Array {
    const bits = this.u16();
    return this.bytes((bits + 7) >> 3);
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

export function u32be(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function bigFromBytes(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);
}

export function bytesFromBig(n: bigint, len?: number): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const b = Buffer.from(hex === '00' && len === undefined ? '' : hex, 'hex');
  if (len === undefined || b.length >= len) return b;
  const out = Buffer.alloc(len);
  b.copy(out, len - b.length);
  return out;
}

/** An MPI's encoding for `bytes` (leading zero bytes dropped). */
export function encodeMpi(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  const b = bytes.subarray(i);
  const bits = b.length === 0 ? 0 : (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
  return concat([Uint8Array.of(bits >> 8, bits & 0xff), b]);
}
