// Keyrings as go-crypto's openpgp.ReadKeyRing builds them: entities of a primary key, the user IDs
// with a valid self-signature, and subkeys with a valid binding signature; malformed or
// unsupported entities are skipped as long as one valid entity is found. Then message signature
// verification (CheckDetachedSignature) with go-crypto's expiry and revocation checks.
import { createHash, type Hash } from 'node:crypto';
import { concat, u32be } from './bytes.js';
import { verifyDigest } from './crypto.js';
import {
  OpenPGPError,
  invalidArgument,
  isKind,
  keyExpired,
  keyRevoked,
  signatureError,
  signatureExpired,
  structural,
  unknownIssuer,
  unsupported,
} from './errors.js';
import { canSign, keyHashPrefix, type PublicKey, type SecretKey } from './key.js';
import { PacketReader, type Packet } from './packet.js';
import { KEY_FLAG, SIG, hashTrailer, type Signature } from './signature.js';

export interface Identity {
  name: string;
  selfSignature?: Signature;
  revocations: Signature[];
}

export interface Subkey {
  publicKey: PublicKey;
  privateKey?: SecretKey;
  sig: Signature;
  revocations: Signature[];
}

export interface Entity {
  primaryKey: PublicKey;
  privateKey?: SecretKey;
  /** Identities in the order read (Go keeps a map; helm prints them in map order). */
  identities: Map<string, Identity>;
  revocations: Signature[];
  subkeys: Subkey[];
}

export interface Key {
  entity: Entity;
  publicKey: PublicKey;
  selfSignature?: Signature;
  revocations: Signature[];
}

/** Hashes `parts` then the signature's trailer; the digest PublicKey.VerifySignature checks. */
function digestOf(sig: Signature, parts: Uint8Array[]): Uint8Array {
  const h = createHash(sig.hash);
  for (const p of parts) h.update(p);
  h.update(hashTrailer(sig));
  return h.digest();
}

function verifyWith(pk: PublicKey, sig: Signature, parts: Uint8Array[]): void {
  if (!canSign(pk.algo)) throw invalidArgument('public key cannot generate signatures');
  const digest = digestOf(sig, parts);
  if (pk.algo !== sig.algo) throw invalidArgument('public key and signature use different algorithms');
  if (!verifyDigest(pk.material, sig.hash, digest, sig.values)) throw signatureError(failureText(pk.algo));
}

function failureText(algo: number): string {
  switch (algo) {
    case 1:
    case 3:
      return 'RSA verification failure';
    case 17:
      return 'DSA verification failure';
    case 19:
      return 'ECDSA verification failure';
    case 22:
      return 'EdDSA verification failure';
    case 27:
      return 'Ed25519 verification failure';
    default:
      return 'Unsupported public key algorithm used in signature';
  }
}

function checkIssuer(sig: Signature, pk: PublicKey): boolean {
  if (sig.issuerFingerprint) return Buffer.from(sig.issuerFingerprint).equals(Buffer.from(pk.fingerprint));
  return sig.issuerKeyId === pk.keyId;
}

function userIdHash(id: string): Uint8Array {
  const b = Buffer.from(id, 'utf8');
  return concat([Uint8Array.of(0xb4), u32be(b.length), b]);
}

function verifyKeySignature(primary: PublicKey, signed: PublicKey, sig: Signature): void {
  verifyWith(primary, sig, [keyHashPrefix(primary), keyHashPrefix(signed)]);
  if (sig.flagsValid && (sig.flags & KEY_FLAG.sign) !== 0) {
    if (!sig.embedded) throw structural('signing subkey is missing cross-signature');
    try {
      verifyWith(signed, sig.embedded, [keyHashPrefix(primary), keyHashPrefix(signed)]);
    } catch (e) {
      throw structural(`error while verifying cross-signature: ${(e as Error).message}`);
    }
  }
}

const CERT_TYPES: number[] = [
  SIG.genericCert,
  SIG.personaCert,
  SIG.casualCert,
  SIG.positiveCert,
  SIG.certRevocation,
];

function addUserId(e: Entity, r: PacketReader, id: string): void {
  const identity: Identity = { name: id, revocations: [] };
  for (;;) {
    const p = r.next();
    if (!p) break;
    if (p.tag !== 'signature') {
      r.unread(p);
      break;
    }
    const sig = p.sig;
    if (!CERT_TYPES.includes(sig.sigType)) throw structural('user ID signature with wrong type');
    if (!checkIssuer(sig, e.primaryKey)) continue;
    try {
      verifyWith(e.primaryKey, sig, [keyHashPrefix(e.primaryKey), userIdHash(id)]);
    } catch (err) {
      throw structural(`user ID self-signature invalid: ${(err as Error).message}`);
    }
    if (sig.sigType === SIG.certRevocation) identity.revocations.push(sig);
    else if (!identity.selfSignature || sig.created > identity.selfSignature.created)
      identity.selfSignature = sig;
    e.identities.set(id, identity);
  }
}

function addSubkey(e: Entity, r: PacketReader, pub: PublicKey, priv: SecretKey | undefined): void {
  let bound: Signature | undefined;
  const revocations: Signature[] = [];
  for (;;) {
    let p: Packet | undefined;
    try {
      p = r.next();
    } catch (err) {
      throw structural(`subkey signature invalid: ${(err as Error).message}`);
    }
    if (!p) break;
    if (p.tag !== 'signature') {
      r.unread(p);
      break;
    }
    const sig = p.sig;
    if (sig.sigType !== SIG.subkeyBinding && sig.sigType !== SIG.subkeyRevocation)
      throw structural('subkey signature with wrong type');
    try {
      verifyKeySignature(e.primaryKey, pub, sig);
    } catch (err) {
      throw structural(`subkey signature invalid: ${(err as Error).message}`);
    }
    if (sig.sigType === SIG.subkeyRevocation) revocations.push(sig);
    else if (!bound || sig.created > bound.created) bound = sig;
  }
  if (!bound) throw structural('subkey packet not followed by signature');
  e.subkeys.push({ publicKey: pub, privateKey: priv, sig: bound, revocations });
}

/** ReadEntity: one entity from the packet stream. */
function readEntity(r: PacketReader): Entity | undefined {
  const p = r.next();
  if (!p) return undefined;
  let e: Entity;
  if (p.tag === 'publicKey') {
    e = { primaryKey: p.key, identities: new Map(), revocations: [], subkeys: [] };
  } else if (p.tag === 'secretKey') {
    e = { primaryKey: p.key.pub, privateKey: p.key, identities: new Map(), revocations: [], subkeys: [] };
  } else {
    r.unread(p);
    throw structural('first packet was not a public/private key');
  }
  if (!canSign(e.primaryKey.algo)) throw structural('primary key cannot be used for signatures');
  const revocations: Signature[] = [];
  for (;;) {
    const q = r.next();
    if (!q) break;
    if (q.tag === 'userId') addUserId(e, r, q.id);
    else if (q.tag === 'signature') {
      if (q.sig.sigType === SIG.keyRevocation) revocations.push(q.sig);
    } else if (q.tag === 'secretKey' || q.tag === 'publicKey') {
      const pub = q.tag === 'secretKey' ? q.key.pub : q.key;
      if (!pub.isSubkey) {
        r.unread(q);
        break;
      }
      addSubkey(e, r, pub, q.tag === 'secretKey' ? q.key : undefined);
    }
  }
  if (e.identities.size === 0) throw structural(`v${e.primaryKey.version} entity without any identities`);
  for (const rev of revocations) {
    try {
      verifyWith(e.primaryKey, rev, [keyHashPrefix(e.primaryKey)]);
    } catch {
      throw structural('revocation signature signed by alternate key');
    }
    e.revocations.push(rev);
  }
  return e;
}

/** After a bad entity: skip to the next primary key packet. */
function readToNextPublicKey(r: PacketReader): void {
  for (;;) {
    let p: Packet | undefined;
    try {
      p = r.next();
    } catch (e) {
      if (isKind(e, 'unsupported')) continue;
      throw e;
    }
    if (!p) return;
    if ((p.tag === 'publicKey' && !p.key.isSubkey) || (p.tag === 'secretKey' && !p.key.pub.isSubkey)) {
      r.unread(p);
      return;
    }
  }
}

/** openpgp.ReadKeyRing over binary packets (an armor body or a legacy .gpg keyring). */
export function readKeyRing(data: Uint8Array, trailingError?: Error): Entity[] {
  const r = new PacketReader(data, trailingError);
  const el: Entity[] = [];
  let lastSkipped: Error | undefined;
  for (;;) {
    let e: Entity | undefined;
    try {
      e = readEntity(r);
    } catch (err) {
      if (isKind(err, 'unsupported') || isKind(err, 'structural')) {
        lastSkipped = err as Error;
        readToNextPublicKey(r);
        continue;
      }
      throw err;
    }
    if (!e) break;
    el.push(e);
  }
  if (el.length === 0 && lastSkipped) throw lastSkipped;
  return el;
}

// --- choosing keys ---

/** PrimaryIdentity: non-revoked, then marked primary, then the newest self-signature. */
export function primaryIdentity(e: Entity): Identity | undefined {
  let best: Identity | undefined;
  for (const id of e.identities.values()) {
    if (!best) {
      best = id;
      continue;
    }
    if (best.revocations.length > id.revocations.length) {
      best = id;
      continue;
    }
    if (best.revocations.length < id.revocations.length) continue;
    if (!best.selfSignature) {
      best = id;
      continue;
    }
    const bp = best.selfSignature.isPrimaryId === true;
    const ip = id.selfSignature?.isPrimaryId === true;
    if (bp && !ip) continue;
    if (!bp && ip) {
      best = id;
      continue;
    }
    if ((id.selfSignature?.created ?? -1) > best.selfSignature.created) best = id;
  }
  return best;
}

function keysById(ring: Entity[], id: string): Key[] {
  const keys: Key[] = [];
  for (const e of ring) {
    if (e.primaryKey.keyId === id) {
      keys.push({
        entity: e,
        publicKey: e.primaryKey,
        selfSignature: primaryIdentity(e)?.selfSignature,
        revocations: e.revocations,
      });
    }
    for (const s of e.subkeys) {
      if (s.publicKey.keyId === id)
        keys.push({ entity: e, publicKey: s.publicKey, selfSignature: s.sig, revocations: s.revocations });
    }
  }
  return keys;
}

/** KeysByIdUsage with KeyFlagSign: the self-signature must grant signing. */
function signingKeysById(ring: Entity[], id: string): Key[] {
  return keysById(ring, id).filter(
    (k) => k.selfSignature?.flagsValid === true && (k.selfSignature.flags & KEY_FLAG.sign) !== 0,
  );
}

const keyExpiredAt = (pk: PublicKey, sig: Signature | undefined, now: number): boolean =>
  pk.created > now || (sig?.keyLifetime ? now > pk.created + sig.keyLifetime : false);

const sigExpiredAt = (sig: Signature | undefined, now: number): boolean =>
  sig !== undefined && (sig.created > now || (sig.sigLifetime ? now > sig.created + sig.sigLifetime : false));

/** Revoked unless every revocation is only a soft one in the future (go-crypto's revoked()). */
function revokedAt(revs: Signature[], now: number): boolean {
  return revs.some((r) => r.created <= now);
}

/** checkMessageSignatureDetails: revocation, then key expiry, then signature expiry. */
function checkDetails(key: Key, sig: Signature, now: number): void {
  const e = key.entity;
  const pid = primaryIdentity(e);
  const primarySelf = pid?.selfSignature;
  const bySubkey = key.publicKey !== e.primaryKey;
  const sigs = [sig, primarySelf];
  if (bySubkey) sigs.push(key.selfSignature, key.selfSignature?.embedded);
  for (const s of sigs) {
    for (const n of s?.notations ?? []) {
      if (n.critical) throw signatureError(`unknown critical notation: ${n.name}`);
    }
  }
  if (
    revokedAt(e.revocations, now) ||
    (bySubkey && revokedAt(key.revocations, now)) ||
    (pid !== undefined && revokedAt(pid.revocations, now))
  )
    throw keyRevoked();
  if (keyExpiredAt(e.primaryKey, primarySelf, now)) throw keyExpired();
  if (bySubkey && keyExpiredAt(key.publicKey, key.selfSignature, now)) throw keyExpired();
  for (const s of sigs) if (sigExpiredAt(s, now)) throw signatureExpired();
}

/** Canonical text hashing: a lone LF becomes CRLF (go-crypto's NewCanonicalTextHash). */
function canonicalText(h: Hash, data: Uint8Array): void {
  let start = 0;
  let afterCR = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (afterCR) {
      afterCR = false;
      continue;
    }
    if (c === 0x0d) afterCR = true;
    else if (c === 0x0a) {
      h.update(data.subarray(start, i));
      h.update('\r\n');
      start = i + 1;
    }
  }
  h.update(data.subarray(start));
}

/**
 * openpgp.CheckDetachedSignature: the first signature whose issuer has a signing key in the
 * ring, checked against `signed`; returns the signing entity.
 */
export function checkDetachedSignature(
  ring: Entity[],
  signed: Uint8Array,
  signature: Uint8Array,
  trailingError?: Error,
  now = Math.floor(Date.now() / 1000),
): Entity {
  const r = new PacketReader(signature, trailingError);
  let sig: Signature | undefined;
  let keys: Key[] = [];
  for (;;) {
    const p = r.next();
    if (!p) throw unknownIssuer();
    if (p.tag !== 'signature') throw structural('non signature packet found');
    if (p.sig.issuerKeyId === undefined) throw structural("signature doesn't have an issuer");
    sig = p.sig;
    keys = signingKeysById(ring, sig.issuerKeyId!);
    if (keys.length > 0) break;
  }
  if (sig.sigType !== SIG.binary && sig.sigType !== SIG.text)
    throw unsupported(`unsupported signature type: ${sig.sigType}`);
  const h = createHash(sig.hash);
  if (sig.sigType === SIG.text) canonicalText(h, signed);
  else h.update(signed);
  h.update(hashTrailer(sig));
  const digest = h.digest();
  let last: Error = signatureError('no key');
  for (const key of keys) {
    if (key.publicKey.algo !== sig.algo) {
      last = invalidArgument('public key and signature use different algorithms');
      continue;
    }
    if (verifyDigest(key.publicKey.material, sig.hash, digest, sig.values)) {
      checkDetails(key, sig, now);
      return key.entity;
    }
    last = signatureError(failureText(key.publicKey.algo));
  }
  throw last;
}

export { OpenPGPError };
