// Signature packets, version 4 (RFC 4880 §5.2.3): parsing with the subpackets go-crypto acts on,
// the hash suffix and trailer, and serialization of the signatures `package --sign` makes.
import { Cursor, concat, encodeMpi, u32be } from './bytes.js';
import { structural, unsupported } from './errors.js';
import { ALGO, canSign } from './key.js';

export const SIG = {
  binary: 0x00,
  text: 0x01,
  genericCert: 0x10,
  personaCert: 0x11,
  casualCert: 0x12,
  positiveCert: 0x13,
  subkeyBinding: 0x18,
  primaryKeyBinding: 0x19,
  directKey: 0x1f,
  keyRevocation: 0x20,
  subkeyRevocation: 0x28,
  certRevocation: 0x30,
} as const;

export const KEY_FLAG = { certify: 1, sign: 2, encryptCommunications: 4, encryptStorage: 8 } as const;

/** Hash algorithm IDs go-crypto accepts in v4 signatures, by node:crypto name. */
export const HASHES: Record<number, string> = {
  2: 'sha1',
  8: 'sha256',
  9: 'sha384',
  10: 'sha512',
  11: 'sha224',
  12: 'sha3-256',
  14: 'sha3-512',
};
export const HASH_ID = { sha256: 8, sha384: 9, sha512: 10 } as const;

export interface Notation {
  name: string;
  critical: boolean;
}

export interface Signature {
  version: number;
  sigType: number;
  algo: number;
  hashId: number;
  hash: string;
  /** version, type, algorithms, hashed subpacket area: what the signature hashes after the data. */
  hashSuffix: Uint8Array;
  hashTag: Uint8Array;
  /** Seconds since the epoch. */
  created: number;
  sigLifetime?: number;
  keyLifetime?: number;
  issuerKeyId?: string;
  issuerFingerprint?: Uint8Array;
  flagsValid: boolean;
  flags: number;
  isPrimaryId?: boolean;
  embedded?: Signature;
  notations: Notation[];
  /** The algorithm-specific values: [s] for RSA, [r, s] for DSA/ECDSA/EdDSA, [sig] for Ed25519. */
  values: Uint8Array[];
}

/** Subpacket types go-crypto reads (a critical one outside this set is refused). */
const KNOWN_SUBPACKETS = new Set([
  2, 3, 4, 5, 6, 9, 11, 12, 16, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 39,
]);

function parseSubpackets(area: Uint8Array, sig: Signature, hashed: boolean): void {
  const c = new Cursor(area);
  while (c.remaining > 0) {
    const b = c.u8();
    let len: number;
    if (b < 192) len = b;
    else if (b < 255) len = ((b - 192) << 8) + c.u8() + 192;
    else len = c.u32();
    if (len === 0) throw structural('zero length signature subpacket');
    if (len > c.remaining) throw unexpectedSubpacketEnd();
    const t = c.u8();
    const critical = (t & 0x80) !== 0;
    const type = t & 0x7f;
    const d = new Cursor(c.bytes(len - 1));
    switch (type) {
      case 2:
        if (!hashed) break;
        if (d.remaining !== 4) throw structural('signature creation time not four bytes');
        sig.created = d.u32();
        break;
      case 3:
        if (!hashed) break;
        if (d.remaining !== 4) throw structural('expiration subpacket with bad length');
        sig.sigLifetime = d.u32();
        break;
      case 9:
        if (!hashed) break;
        if (d.remaining !== 4) throw structural('key expiration subpacket with bad length');
        sig.keyLifetime = d.u32();
        break;
      case 16:
        if (d.remaining !== 8) throw structural('issuer subpacket with bad length');
        sig.issuerKeyId = Buffer.from(d.rest()).toString('hex').toUpperCase();
        break;
      case 20: {
        if (d.remaining < 8) throw structural('notation data subpacket with too short length');
        d.bytes(4);
        const nl = d.u16();
        const vl = d.u16();
        if (d.remaining !== nl + vl) throw structural('notation data subpacket with bad length');
        sig.notations.push({ name: Buffer.from(d.bytes(nl)).toString('utf8'), critical });
        break;
      }
      case 25:
        if (!hashed) break;
        if (d.remaining !== 1) throw structural('primary user id subpacket with bad length');
        sig.isPrimaryId = d.u8() !== 0;
        break;
      case 27:
        if (!hashed) break;
        if (d.remaining === 0) throw structural('empty key flags subpacket');
        sig.flagsValid = true;
        sig.flags = d.u8();
        break;
      case 32: {
        const inner = parseSignature(d.rest());
        if (inner.sigType !== SIG.primaryKeyBinding) throw structural('cross-signature has unexpected type');
        sig.embedded = inner;
        break;
      }
      case 33: {
        if (d.remaining === 0) throw structural('empty issuer fingerprint subpacket');
        const v = d.u8();
        if (v === 4 && d.remaining === 20) sig.issuerFingerprint = d.rest();
        break;
      }
      default:
        if (critical && !KNOWN_SUBPACKETS.has(type))
          throw unsupported(`unknown critical signature subpacket type ${type}`);
    }
  }
}

function unexpectedSubpacketEnd(): Error {
  return structural('subpacket truncated');
}

export function parseSignature(body: Uint8Array): Signature {
  const c = new Cursor(body);
  const version = c.u8();
  if (version !== 4) throw unsupported(`signature packet version ${version}`);
  const sigType = c.u8();
  const algo = c.u8();
  if (!canSign(algo)) throw unsupported(`public key algorithm ${algo}`);
  const hashId = c.u8();
  const hash = HASHES[hashId];
  if (!hash) throw unsupported(`hash function ${hashId}`);
  const sig: Signature = {
    version,
    sigType,
    algo,
    hashId,
    hash,
    hashSuffix: new Uint8Array(),
    hashTag: new Uint8Array(),
    created: -1,
    flagsValid: false,
    flags: 0,
    notations: [],
    values: [],
  };
  const hashedLen = c.u16();
  const hashed = c.bytes(hashedLen);
  parseSubpackets(hashed, sig, true);
  sig.hashSuffix = body.subarray(0, 6 + hashedLen);
  const unhashed = c.bytes(c.u16());
  parseSubpackets(unhashed, sig, false);
  sig.hashTag = c.bytes(2);
  switch (algo) {
    case ALGO.rsa:
    case ALGO.rsaSign:
      sig.values = [c.mpi()];
      break;
    case ALGO.ed25519:
      sig.values = [c.bytes(64)];
      break;
    case ALGO.ed448:
      throw unsupported(`public key algorithm ${algo}`);
    default:
      sig.values = [c.mpi(), c.mpi()];
  }
  if (sig.created < 0) throw structural('no creation time in signature');
  if (sig.issuerKeyId === undefined && sig.issuerFingerprint)
    sig.issuerKeyId = Buffer.from(sig.issuerFingerprint.subarray(12)).toString('hex').toUpperCase();
  return sig;
}

/** The hash suffix followed by the v4 trailer (0x04 0xff, four-octet suffix length). */
export function hashTrailer(sig: Signature): Uint8Array {
  return concat([sig.hashSuffix, Uint8Array.of(4, 0xff), u32be(sig.hashSuffix.length)]);
}

// --- writing ---

function subpacket(type: number, critical: boolean, data: Uint8Array): Uint8Array {
  const len = data.length + 1;
  const head = len < 192 ? Uint8Array.of(len) : Uint8Array.of(((len - 192) >> 8) + 192, (len - 192) & 0xff);
  return concat([head, Uint8Array.of(critical ? type | 0x80 : type), data]);
}

/** New-format packet header, as go-crypto writes it. */
export function packetHeader(tag: number, len: number): Uint8Array {
  const t = 0xc0 | tag;
  if (len < 192) return Uint8Array.of(t, len);
  if (len < 8384) return Uint8Array.of(t, ((len - 192) >> 8) + 192, (len - 192) & 0xff);
  return concat([Uint8Array.of(t, 0xff), u32be(len)]);
}

export interface NewSignature {
  sigType: number;
  algo: number;
  hashId: number;
  created: number;
  fingerprint: Uint8Array;
  /** The random salt of go-crypto's salt@notations.openpgpjs.org notation (v4 signatures). */
  salt: Uint8Array;
}

export const SALT_NOTATION = 'salt@notations.openpgpjs.org';

/** The hashed area go-crypto writes for a message signature: creation time (critical), issuer, salt, issuer fingerprint. */
export function newSignatureSuffix(s: NewSignature): Uint8Array {
  const name = Buffer.from(SALT_NOTATION);
  const notation = concat([
    Uint8Array.of(0, 0, 0, 0, name.length >> 8, name.length & 0xff, s.salt.length >> 8, s.salt.length & 0xff),
    name,
    s.salt,
  ]);
  const hashed = concat([
    subpacket(2, true, u32be(s.created)),
    subpacket(16, false, s.fingerprint.subarray(12)),
    subpacket(20, false, notation),
    subpacket(33, false, concat([Uint8Array.of(4), s.fingerprint])),
  ]);
  return concat([
    Uint8Array.of(4, s.sigType, s.algo, s.hashId, hashed.length >> 8, hashed.length & 0xff),
    hashed,
  ]);
}

/** The complete signature packet for a suffix, its digest and the algorithm's values. */
export function serializeSignature(
  suffix: Uint8Array,
  digest: Uint8Array,
  algo: number,
  values: Uint8Array[],
): Uint8Array {
  const vals = algo === ALGO.ed25519 ? values : values.map(encodeMpi);
  const body = concat([suffix, Uint8Array.of(0, 0), digest.subarray(0, 2), ...vals]);
  return concat([packetHeader(2, body.length), body]);
}
