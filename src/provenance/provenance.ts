// Helm's pkg/provenance: signing a chart archive into a .prov (clear-signed Chart.yaml metadata
// and the archive's SHA-256), verifying one against a keyring, and the keyring formats Helm 4.3.2
// reads (legacy binary, GnuPG keybox, ASCII armor), with Helm's errors.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { GoMap, type Value } from '../go/value.js';
import { pathError } from '../go/fs-error.js';
import { marshalYaml, parseYaml } from '../yaml/index.js';
import { clearsignText, decodeArmor, decodeClearsign, encodeArmor } from './armor.js';
import { signDigest } from './crypto.js';
import { checkDetachedSignature, readKeyRing, type Entity } from './entity.js';
import { invalidArgument } from './errors.js';
import { decryptSecretKey } from './key.js';
import { isArmored, isKeybox, keyboxPublicKeys } from './keybox.js';
import { HASH_ID, newSignatureSuffix, serializeSignature, SIG } from './signature.js';

export type { Entity } from './entity.js';

export interface Verification {
  signedBy: Entity;
  fileHash: string;
  fileName: string;
}

/** A keyring and, for signing, the chosen entity (Helm's Signatory). */
export interface Signatory {
  entity?: Entity;
  keyRing: Entity[];
}

/** loadKeyRing: the file's format detected from its content. */
export function loadKeyRing(path: string): Entity[] {
  let data: Uint8Array;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw pathError('open', path, e);
  }
  if (isKeybox(data)) {
    let keys: Uint8Array;
    try {
      keys = keyboxPublicKeys(data);
    } catch (e) {
      throw new Error(`reading keybox ${path}: ${(e as Error).message}`);
    }
    return readKeyRing(keys);
  }
  if (isArmored(data)) {
    try {
      return loadArmoredKeyRing(Buffer.from(data));
    } catch (e) {
      throw new Error(`reading armored keyring ${path}: ${(e as Error).message}`);
    }
  }
  return readKeyRing(data);
}

/** Every armored key block in the text, merged (concatenated exports are one keyring). */
function loadArmoredKeyRing(text: Buffer): Entity[] {
  const ring: Entity[] = [];
  let pos = 0;
  for (;;) {
    const block = decodeArmor(text, pos);
    if (!block) break;
    if (block.type !== 'PGP PUBLIC KEY BLOCK' && block.type !== 'PGP PRIVATE KEY BLOCK')
      throw new Error(`expected a public or private key block, got ${JSON.stringify(block.type)}`);
    ring.push(...readKeyRing(block.body, block.bodyError));
    pos = block.end;
  }
  if (ring.length === 0) throw new Error('no keys found');
  return ring;
}

/** NewFromKeyring: an exact identity match wins; otherwise one identity containing `id`. */
export function newFromKeyring(path: string, id: string): Signatory {
  const keyRing = loadKeyRing(path);
  const s: Signatory = { keyRing };
  if (id === '') return s;
  let candidate: Entity | undefined;
  let vague = false;
  for (const e of keyRing) {
    for (const n of e.identities.keys()) {
      if (n === id) {
        s.entity = e;
        return s;
      }
      if (n.includes(id)) {
        if (candidate) vague = true;
        candidate = e;
      }
    }
  }
  if (vague) throw new Error(`more than one key contain the id ${JSON.stringify(id)}`);
  s.entity = candidate;
  return s;
}

/** DecryptKey: unlocks the signing key, asking for the passphrase only when it is protected. */
export function decryptKey(s: Signatory, fetch: (name: string) => Uint8Array): void {
  if (!s.entity) throw new Error('private key not found');
  const pk = s.entity.privateKey;
  if (!pk) throw new Error('provided key is not a private key. Try providing a keyring with secret keys');
  if (!pk.encrypted) return;
  let name = 'Unknown';
  for (const n of s.entity.identities.keys()) {
    if (n !== '') {
      name = n;
      break;
    }
  }
  decryptSecretKey(pk, fetch(name));
}

export function digest(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The signed body: Chart.yaml metadata, the YAML end marker, then `files:` with the archive's sum. */
export function messageBlock(archive: Uint8Array, filename: string, metadataYaml: string): string {
  const files = new GoMap(new Map<string, Value>([[filename, `sha256:${digest(archive)}`]]));
  return `${metadataYaml}\n...\n${marshalYaml(new GoMap(new Map<string, Value>([['files', files]])))}`;
}

/** ClearSign: the .prov text for an archive, signed with the entity's primary key (SHA-512). */
export function clearSign(
  s: Signatory,
  archive: Uint8Array,
  filename: string,
  metadataYaml: string,
  now = Math.floor(Date.now() / 1000),
): string {
  if (!s.entity) throw new Error('private key not found');
  const sk = s.entity.privateKey;
  if (!sk) throw new Error('provided key is not a private key. Try providing a keyring with secret keys');
  if (sk.encrypted) throw invalidArgument(`signing key ${sk.pub.keyId} is encrypted`);
  if (sk.dummy || !sk.secret) throw new Error('openpgp: dummy key found');
  const message = Buffer.from(messageBlock(archive, filename, metadataYaml), 'utf8');
  const { text, hashed } = clearsignText(message);
  // go-crypto prefers the configured SHA-512 unless the curve needs another (never for ours).
  const hash = 'sha512';
  const suffix = newSignatureSuffix({
    sigType: SIG.text,
    algo: sk.pub.algo,
    hashId: HASH_ID.sha512,
    created: now,
    fingerprint: sk.pub.fingerprint,
    salt: randomBytes(32),
  });
  const h = createHash(hash);
  h.update(hashed);
  h.update(suffix);
  h.update(Uint8Array.of(4, 0xff));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(suffix.length);
  h.update(len);
  const d = h.digest();
  const values = signDigest(sk.pub.material, sk.secret, sk.pub.algo, hash, d);
  const packet = serializeSignature(suffix, d, sk.pub.algo, values);
  return `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n${Buffer.from(text).toString('utf8')}${encodeArmor('PGP SIGNATURE', packet)}`;
}

/** ParseMessageBlock's checksum half: the `files:` map (metadata ignored, as upstream). */
function parseSums(plaintext: Uint8Array): Map<string, string> {
  const text = Buffer.from(plaintext).toString('utf8');
  const i = text.indexOf('\n...\n');
  if (i < 0) throw new Error('message block must have at least two parts');
  const rest = text.slice(i + 5);
  const j = rest.indexOf('\n...\n');
  const doc = parseYaml(j < 0 ? rest : rest.slice(0, j));
  const out = new Map<string, string>();
  if (doc instanceof GoMap) {
    const files = doc.get('files');
    if (files instanceof GoMap) {
      for (const [k, v] of files.entries) {
        if (typeof v !== 'string')
          throw new Error(
            'json: cannot unmarshal number into Go struct field SumCollection.files of type string',
          );
        out.set(k, v);
      }
    }
  }
  return out;
}

/** Signatory.Verify: the signature first, then the archive's hash against the signed sums. */
export function verify(
  ring: Entity[],
  archive: Uint8Array,
  prov: Uint8Array,
  filename: string,
): Verification {
  const block = decodeClearsign(prov);
  if (!block) throw new Error('signature block not found');
  const signedBy = checkDetachedSignature(ring, block.bytes, block.signature.body, block.signature.bodyError);
  const sum = `sha256:${digest(archive)}`;
  const sums = parseSums(block.plaintext);
  const sha = sums.get(filename);
  if (sha === undefined)
    throw new Error(`provenance does not contain a SHA for a file named ${JSON.stringify(filename)}`);
  if (sha !== sum)
    throw new Error(
      `sha256 sum does not match for ${filename}: ${JSON.stringify(sha)} != ${JSON.stringify(sum)}`,
    );
  return { signedBy, fileHash: sum, fileName: filename };
}

/** downloader.VerifyChart: checks the archive and .prov files exist, then verifies. */
export function verifyChart(path: string, provfile: string, keyring: string): Verification {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw pathError('stat', path, e);
  }
  if (st.isDirectory()) throw new Error('unpacked charts cannot be verified');
  if (extname(path).toLowerCase() !== '.tgz') throw new Error('chart must be a tgz file');
  try {
    statSync(provfile);
  } catch (e) {
    throw new Error(`could not load provenance file ${provfile}: ${pathError('stat', provfile, e).message}`);
  }
  let ring: Entity[];
  try {
    ring = newFromKeyring(keyring, '').keyRing;
  } catch (e) {
    throw new Error(`failed to load keyring: ${(e as Error).message}`);
  }
  const archive = readFileSync(path);
  const prov = readFileSync(provfile);
  return verify(ring, archive, prov, basename(path));
}

/** internal/plugin VerifyPlugin: a plugin tarball and its .prov (already read) against a keyring. */
export function verifyPlugin(
  archive: Uint8Array,
  prov: Uint8Array,
  filename: string,
  keyring: string,
): Verification {
  return verify(newFromKeyring(keyring, '').keyRing, archive, prov, filename);
}

/** What `helm verify` prints for a verification. */
export function formatVerification(v: Verification): string {
  let out = '';
  for (const name of v.signedBy.identities.keys()) out += `Signed by: ${name}\n`;
  out += `Using Key With Fingerprint: ${Buffer.from(v.signedBy.primaryKey.fingerprint).toString('hex').toUpperCase()}\n`;
  out += `Chart Hash Verified: ${v.fileHash}\n`;
  return out;
}
