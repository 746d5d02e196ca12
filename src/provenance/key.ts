// Public and secret key packets (version 4), their fingerprints, and secret-key protection:
// S2K (simple, salted, iterated+salted), CFB decryption with the SHA-1 or 16-bit checksum, as
// RFC 4880 §5.5.3 defines and go-crypto implements them.
import { createDecipheriv, createHash } from 'node:crypto';
import { Cursor, concat } from './bytes.js';
import { structural, unsupported } from './errors.js';

export const ALGO = {
  rsa: 1,
  rsaEncrypt: 2,
  rsaSign: 3,
  elgamal: 16,
  dsa: 17,
  ecdh: 18,
  ecdsa: 19,
  eddsa: 22,
  x25519: 25,
  x448: 26,
  ed25519: 27,
  ed448: 28,
} as const;

/** Curves by their OID (hex); the ones node:crypto can use carry their name. */
const CURVES: Record<string, string> = {
  '2a8648ce3d030107': 'P-256',
  '2b81040022': 'P-384',
  '2b81040023': 'P-521',
  '2b06010401da470f01': 'Ed25519',
  '2b060104019755010501': 'Curve25519',
  '2b2403030208010107': 'brainpoolP256r1',
  '2b240303020801010b': 'brainpoolP384r1',
  '2b240303020801010d': 'brainpoolP512r1',
  '2b6571': 'Ed448',
  '2b656f': 'Curve448',
};

export type KeyMaterial =
  | { kind: 'rsa'; n: Uint8Array; e: Uint8Array }
  | { kind: 'dsa'; p: Uint8Array; q: Uint8Array; g: Uint8Array; y: Uint8Array }
  | { kind: 'ecdsa'; curve: string; point: Uint8Array }
  | { kind: 'ed25519'; point: Uint8Array }
  | { kind: 'other' };

export interface PublicKey {
  version: number;
  algo: number;
  /** Creation time, seconds since the epoch. */
  created: number;
  isSubkey: boolean;
  /** The packet body's public part, hashed for fingerprints and key signatures. */
  body: Uint8Array;
  fingerprint: Uint8Array;
  /** The key ID as 16 upper-case hex digits. */
  keyId: string;
  material: KeyMaterial;
}

export function canSign(algo: number): boolean {
  return [ALGO.rsa, ALGO.rsaSign, ALGO.dsa, ALGO.ecdsa, ALGO.eddsa, ALGO.ed25519, ALGO.ed448].includes(
    algo as 1,
  );
}

function oid(c: Cursor): string {
  const n = c.u8();
  if (n === 0 || n === 0xff) throw structural('invalid oid length');
  return Buffer.from(c.bytes(n)).toString('hex');
}

function material(c: Cursor, algo: number): KeyMaterial {
  switch (algo) {
    case ALGO.rsa:
    case ALGO.rsaEncrypt:
    case ALGO.rsaSign:
      return { kind: 'rsa', n: c.mpi(), e: c.mpi() };
    case ALGO.dsa:
      return { kind: 'dsa', p: c.mpi(), q: c.mpi(), g: c.mpi(), y: c.mpi() };
    case ALGO.elgamal:
      c.mpi();
      c.mpi();
      c.mpi();
      return { kind: 'other' };
    case ALGO.ecdsa: {
      const o = oid(c);
      const point = c.mpi();
      const curve = CURVES[o];
      if (curve !== 'P-256' && curve !== 'P-384' && curve !== 'P-521')
        throw unsupported(`unsupported oid: ${o}`);
      return { kind: 'ecdsa', curve, point };
    }
    case ALGO.eddsa: {
      const o = oid(c);
      const point = c.mpi();
      if (CURVES[o] !== 'Ed25519') throw unsupported(`unsupported oid: ${o}`);
      if (point.length !== 33 || point[0] !== 0x40) throw structural('eddsa: invalid point');
      return { kind: 'ed25519', point: point.subarray(1) };
    }
    case ALGO.ecdh: {
      oid(c);
      c.mpi();
      const kdfLen = c.u8();
      c.bytes(kdfLen);
      return { kind: 'other' };
    }
    case ALGO.x25519:
      c.bytes(32);
      return { kind: 'other' };
    case ALGO.x448:
      c.bytes(56);
      return { kind: 'other' };
    case ALGO.ed25519:
      return { kind: 'ed25519', point: c.bytes(32) };
    case ALGO.ed448:
      c.bytes(57);
      throw unsupported('public key type: 28');
    default:
      throw unsupported(`public key type: ${algo}`);
  }
}

/** The octets hashed for a key: 0x99, a two-octet length, the public body (v4). */
export function keyHashPrefix(pk: PublicKey): Uint8Array {
  return concat([Uint8Array.of(0x99, pk.body.length >> 8, pk.body.length & 0xff), pk.body]);
}

export function parsePublicKey(c: Cursor, isSubkey: boolean): PublicKey {
  const start = c.pos;
  const version = c.u8();
  if (version !== 4) throw unsupported(`public key version ${version}`);
  const created = c.u32();
  const algo = c.u8();
  const m = material(c, algo);
  const body = c.data.subarray(start, c.pos);
  const pk: PublicKey = {
    version,
    algo,
    created,
    isSubkey,
    body,
    fingerprint: new Uint8Array(),
    keyId: '',
    material: m,
  };
  pk.fingerprint = createHash('sha1').update(keyHashPrefix(pk)).digest();
  pk.keyId = Buffer.from(pk.fingerprint.subarray(12)).toString('hex').toUpperCase();
  return pk;
}

// --- secret keys ---

export type SecretMaterial =
  | { kind: 'rsa'; d: Uint8Array; p: Uint8Array; q: Uint8Array }
  | { kind: 'dsa'; x: Uint8Array }
  | { kind: 'ecdsa'; d: Uint8Array }
  | { kind: 'ed25519'; seed: Uint8Array }
  | { kind: 'other' };

interface S2K {
  mode: number;
  hash: string;
  salt: Uint8Array;
  count: number;
}

const CIPHERS: Record<number, { name: string; keySize: number; block: number }> = {
  2: { name: 'des-ede3-cfb', keySize: 24, block: 8 },
  3: { name: 'cast5-cfb', keySize: 16, block: 8 },
  7: { name: 'aes-128-cfb', keySize: 16, block: 16 },
  8: { name: 'aes-192-cfb', keySize: 24, block: 16 },
  9: { name: 'aes-256-cfb', keySize: 32, block: 16 },
};

const S2K_HASHES: Record<number, string> = {
  1: 'md5',
  2: 'sha1',
  3: 'ripemd160',
  8: 'sha256',
  9: 'sha384',
  10: 'sha512',
  11: 'sha224',
};

export interface SecretKey {
  pub: PublicKey;
  /** Protected by a passphrase (not yet decrypted). */
  encrypted: boolean;
  /** A GnuPG stub without secret material (gnu-dummy S2K). */
  dummy: boolean;
  secret?: SecretMaterial;
  usage: number;
  cipher: number;
  s2k?: S2K;
  iv: Uint8Array;
  encryptedData: Uint8Array;
}

/** The most work an iterated S2K may ask for (RFC 4880's largest coded count). */
const MAX_S2K_COUNT = 65011712;

function parseS2K(c: Cursor): S2K | 'dummy' {
  const mode = c.u8();
  if (mode === 101) {
    c.u8();
    const gnu = Buffer.from(c.bytes(3)).toString('latin1');
    const ext = c.u8();
    if (gnu !== 'GNU') throw unsupported('S2K function');
    if (ext === 1) return 'dummy';
    throw unsupported('S2K function');
  }
  if (mode !== 0 && mode !== 1 && mode !== 3) {
    if (mode === 4) throw structural('using Argon2 S2K without AEAD is not allowed');
    throw unsupported('S2K function');
  }
  const hid = c.u8();
  const hash = S2K_HASHES[hid];
  if (!hash) throw unsupported('hash for S2K function');
  const salt = mode === 0 ? new Uint8Array() : c.bytes(8);
  let count = 0;
  if (mode === 3) {
    const b = c.u8();
    count = (16 + (b & 15)) << ((b >> 4) + 6);
    if (count > MAX_S2K_COUNT) count = MAX_S2K_COUNT;
  }
  return { mode, hash, salt, count };
}

export function parseSecretKey(body: Uint8Array, isSubkey: boolean): SecretKey {
  const c = new Cursor(body);
  const pub = parsePublicKey(c, isSubkey);
  const usage = c.u8();
  const sk: SecretKey = {
    pub,
    encrypted: false,
    dummy: false,
    usage,
    cipher: 0,
    iv: new Uint8Array(),
    encryptedData: new Uint8Array(),
  };
  if (usage === 0) {
    const data = c.rest();
    if (data.length < 2) throw structural('truncated private key data');
    if (sum16(data.subarray(0, data.length - 2)) !== ((data[data.length - 2]! << 8) | data[data.length - 1]!))
      throw structural('private key checksum failure');
    sk.secret = parseSecretMaterial(pub, data.subarray(0, data.length - 2));
    return sk;
  }
  if (usage === 253) throw unsupported('AEAD-protected secret keys');
  if (usage !== 254 && usage !== 255) throw unsupported('deprecated s2k function in private key');
  sk.cipher = c.u8();
  if (sk.cipher !== 0 && !CIPHERS[sk.cipher]) throw unsupported('unsupported cipher function in private key');
  const s2k = parseS2K(c);
  if (s2k === 'dummy') {
    sk.dummy = true;
    return sk;
  }
  sk.s2k = s2k;
  sk.encrypted = true;
  const cipher = CIPHERS[sk.cipher];
  if (!cipher) throw unsupported(`unsupported cipher in private key: ${sk.cipher}`);
  sk.iv = c.bytes(cipher.block);
  sk.encryptedData = c.rest();
  return sk;
}

function sum16(b: Uint8Array): number {
  let s = 0;
  for (const x of b) s = (s + x) & 0xffff;
  return s;
}

function parseSecretMaterial(pub: PublicKey, data: Uint8Array): SecretMaterial {
  const c = new Cursor(data);
  switch (pub.material.kind) {
    case 'rsa': {
      const d = c.mpi();
      const p = c.mpi();
      const q = c.mpi();
      c.mpi();
      return { kind: 'rsa', d, p, q };
    }
    case 'dsa':
      return { kind: 'dsa', x: c.mpi() };
    case 'ecdsa':
      return { kind: 'ecdsa', d: c.mpi() };
    case 'ed25519': {
      const raw = pub.algo === ALGO.ed25519 ? c.bytes(32) : c.mpi();
      if (raw.length > 32) throw structural('wrong ed25519 key size');
      const seed = new Uint8Array(32);
      seed.set(raw, 32 - raw.length);
      return { kind: 'ed25519', seed };
    }
    default:
      return { kind: 'other' };
  }
}

/** The S2K-derived key: as many hash contexts as needed, context i preloaded with i zero octets. */
function deriveKey(s2k: S2K, passphrase: Uint8Array, size: number): Uint8Array {
  const out: Buffer[] = [];
  let have = 0;
  const input = Buffer.concat([s2k.salt, passphrase]);
  for (let i = 0; have < size; i++) {
    const h = createHash(s2k.hash);
    if (i > 0) h.update(Buffer.alloc(i));
    if (s2k.mode !== 3) {
      h.update(input);
    } else {
      let total = Math.max(s2k.count, input.length);
      // Feed the repeated salt||passphrase in large slices to keep millions of octets cheap.
      const reps = Math.max(1, Math.floor(65536 / Math.max(1, input.length)));
      const block = Buffer.concat(Array.from({ length: reps }, () => input));
      while (total >= block.length) {
        h.update(block);
        total -= block.length;
      }
      if (total > 0) h.update(block.subarray(0, total));
    }
    const d = h.digest();
    out.push(d);
    have += d.length;
  }
  return Buffer.concat(out).subarray(0, size);
}

/** PrivateKey.Decrypt: unlocks the secret material with the passphrase. */
export function decryptSecretKey(sk: SecretKey, passphrase: Uint8Array): void {
  if (sk.dummy) throw new Error('openpgp: dummy key found');
  if (!sk.encrypted || !sk.s2k) return;
  const cipher = CIPHERS[sk.cipher]!;
  const key = deriveKey(sk.s2k, passphrase, cipher.keySize);
  let data: Buffer;
  try {
    const d = createDecipheriv(cipher.name, key, sk.iv);
    data = Buffer.concat([d.update(sk.encryptedData), d.final()]);
  } catch {
    throw unsupported(`unsupported cipher in private key: ${sk.cipher}`);
  }
  if (sk.usage === 254) {
    if (data.length < 20) throw structural('truncated private key data');
    const body = data.subarray(0, data.length - 20);
    if (
      !createHash('sha1')
        .update(body)
        .digest()
        .equals(data.subarray(data.length - 20))
    )
      throw structural('private key checksum failure');
    data = body;
  } else {
    if (data.length < 2) throw structural('truncated private key data');
    const body = data.subarray(0, data.length - 2);
    if (sum16(body) !== data.readUInt16BE(data.length - 2)) throw structural('private key checksum failure');
    data = body;
  }
  sk.secret = parseSecretMaterial(sk.pub, data);
  sk.encrypted = false;
}
