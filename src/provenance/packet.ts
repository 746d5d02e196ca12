// OpenPGP packet framing (RFC 4880 §4.2, RFC 9580 §4.2): old and new headers, partial body
// lengths, and a reader with one level of push-back, following go-crypto's packet.Reader: unknown
// non-critical packets and packets of unsupported algorithms are skipped, a critical unknown
// packet type (< 40) is an error.
import { Cursor } from './bytes.js';
import { OpenPGPError, isKind, structural, unexpectedEOF } from './errors.js';
import { parsePublicKey, parseSecretKey, type PublicKey, type SecretKey } from './key.js';
import { parseSignature, type Signature } from './signature.js';

export const TAG = {
  signature: 2,
  secretKey: 5,
  publicKey: 6,
  secretSubkey: 7,
  marker: 10,
  trust: 12,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
  padding: 21,
} as const;

/** Tags go-crypto knows but a keyring reader has no use for (encrypted data, literal data…). */
const OTHER_KNOWN = new Set([1, 3, 4, 8, 9, 11, 17, 18, 20, 21]);

export type Packet =
  | { tag: 'publicKey'; key: PublicKey }
  | { tag: 'secretKey'; key: SecretKey }
  | { tag: 'signature'; sig: Signature }
  | { tag: 'userId'; id: string }
  | { tag: 'other'; type: number };

interface Framed {
  type: number;
  body: Uint8Array;
}

/** Reads one packet's header and (de-chunked) body; undefined at the end of the data. */
function readFramed(c: Cursor): Framed | undefined {
  if (c.remaining === 0) return undefined;
  const first = c.u8();
  if ((first & 0x80) === 0) throw structural('tag byte does not have MSB set');
  if ((first & 0x40) === 0) {
    const type = (first & 0x3f) >> 2;
    const lt = first & 3;
    if (lt === 3) return { type, body: c.rest() };
    const n = 1 << lt;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + c.u8();
    return { type, body: take(c, len) };
  }
  const type = first & 0x3f;
  const chunks: Uint8Array[] = [];
  for (;;) {
    const b = c.u8();
    if (b < 192) return { type, body: join(chunks, take(c, b)) };
    if (b < 224) return { type, body: join(chunks, take(c, ((b - 192) << 8) + c.u8() + 192)) };
    if (b === 255) return { type, body: join(chunks, take(c, c.u32())) };
    chunks.push(take(c, 1 << (b & 0x1f)));
  }
}

/** A body shorter than declared is parsed as far as it goes (go-crypto's spanReader), then fails. */
function take(c: Cursor, len: number): Uint8Array {
  return c.bytes(Math.min(len, c.remaining));
}

function join(chunks: Uint8Array[], last: Uint8Array): Uint8Array {
  if (chunks.length === 0) return last;
  return Buffer.concat([...chunks, last]);
}

function parsePacket(f: Framed): Packet {
  switch (f.type) {
    case TAG.signature:
      return { tag: 'signature', sig: parseSignature(f.body) };
    case TAG.secretKey:
    case TAG.secretSubkey:
      return { tag: 'secretKey', key: parseSecretKey(f.body, f.type === TAG.secretSubkey) };
    case TAG.publicKey:
    case TAG.publicSubkey:
      return { tag: 'publicKey', key: parsePublicKey(new Cursor(f.body), f.type === TAG.publicSubkey) };
    case TAG.userId:
      return { tag: 'userId', id: Buffer.from(f.body).toString('utf8') };
    default:
      return { tag: 'other', type: f.type };
  }
}

export class PacketReader {
  private readonly cursor: Cursor;
  private readonly queue: Packet[] = [];

  constructor(
    data: Uint8Array,
    /** An error to report where the data ends early (a broken armor body). */
    private readonly trailingError?: Error,
  ) {
    this.cursor = new Cursor(data);
  }

  /** The next packet, or undefined at the end. Unknown and unsupported packets are skipped. */
  next(): Packet | undefined {
    const q = this.queue.pop();
    if (q) return q;
    for (;;) {
      let f: Framed | undefined;
      try {
        f = readFramed(this.cursor);
      } catch (e) {
        if (this.trailingError && isKind(e, 'io')) throw this.trailingError;
        throw e;
      }
      if (!f) {
        if (this.trailingError) throw this.trailingError;
        return undefined;
      }
      if (f.type === TAG.marker || f.type === TAG.trust || f.type === TAG.padding) continue;
      if (!OTHER_KNOWN.has(f.type) && f.type !== 2 && f.type !== 5 && f.type !== 6 && f.type !== 7) {
        if (f.type !== 13 && f.type !== 14) {
          if (f.type < 40)
            throw new OpenPGPError(
              'critical-unknown-packet',
              `openpgp: unknown critical packet type: ${f.type}`,
            );
          continue;
        }
      }
      try {
        return parsePacket(f);
      } catch (e) {
        // A body cut short by a broken armor fails with the armor's error, as Go's stream does.
        if (this.trailingError && isKind(e, 'io')) throw this.trailingError;
        if (isKind(e, 'unsupported')) continue;
        throw e;
      }
    }
  }

  unread(p: Packet): void {
    this.queue.push(p);
  }
}

export { unexpectedEOF };
