// Hostile keyrings and .prov files, in process: random mutations of real GnuPG keyrings and of a
// real signature never escape as anything but an Error, never hang, and never verify a tampered
// message; oversized DSA groups fail fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearSign, loadKeyRing, newFromKeyring, verify } from '../../src/provenance/provenance.js';
import { readKeyRing } from '../../src/provenance/entity.js';
import { GnuPG } from './gpg.js';

const work = mkdtempSync(join(tmpdir(), 'prov-hostile-'));
const gpg = new GnuPG();
gpg.generate({ uid: 'Fuzz Rsa <rsa@example.com>', algo: 'rsa2048' });
gpg.generate({ uid: 'Fuzz Ed <ed@example.com>', algo: 'ed25519' });
gpg.generate({ uid: 'Fuzz Dsa <dsa@example.com>', algo: 'dsa2048' });
const ring = gpg.exportTo(work);
const pub = readFileSync(ring.pub);
const archive = Buffer.from('not really a chart archive');
const meta = 'apiVersion: v2\nname: fuzz\nversion: 0.1.0\n';

/** A small deterministic PRNG (xorshift32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function mutate(data: Uint8Array, r: () => number): Buffer {
  const b = Buffer.from(data);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * b.length);
    const op = r();
    if (op < 0.6) b[at] = Math.floor(r() * 256);
    else if (op < 0.8) return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + Math.floor(r() * 16))]);
    else return b.subarray(0, at);
  }
  return b;
}

test('mutated keyrings: only Errors, in bounded time', () => {
  const r = rng(12345);
  const t0 = Date.now();
  let loaded = 0;
  for (let i = 0; i < 400; i++) {
    const m = mutate(pub, r);
    try {
      loaded += readKeyRing(m).length > 0 ? 1 : 0;
    } catch (e) {
      assert.ok(e instanceof Error, `case ${i}: threw ${String(e)}`);
    }
  }
  assert.ok(Date.now() - t0 < 60_000, 'mutated keyrings took too long');
  assert.ok(loaded > 0, 'some mutations keep a valid entity (the others are skipped)');
});

test('mutated signatures never verify a message, and fail with Errors', () => {
  const keys = loadKeyRing(ring.pub);
  for (const uid of ['Fuzz Rsa', 'Fuzz Ed', 'Fuzz Dsa']) {
    const s = newFromKeyring(ring.sec, uid);
    const prov = clearSign(s, archive, 'fuzz-0.1.0.tgz', meta);
    assert.equal(verify(keys, archive, Buffer.from(prov), 'fuzz-0.1.0.tgz').fileName, 'fuzz-0.1.0.tgz');
    const r = rng(uid.length * 7919);
    const at = prov.indexOf('-----BEGIN PGP SIGNATURE-----');
    for (let i = 0; i < 150; i++) {
      // Mutate the signed body or the armored signature.
      const body = r() < 0.5;
      const part = body ? prov.slice(0, at) : prov.slice(at);
      const m = mutate(Buffer.from(part, 'latin1'), r).toString('latin1');
      const text = body ? m + prov.slice(at) : prov.slice(0, at) + m;
      if (text === prov) continue;
      try {
        const v = verify(keys, archive, Buffer.from(text, 'latin1'), 'fuzz-0.1.0.tgz');
        // A change that only touches what clearsign ignores (trailing blanks, armor noise) may verify.
        assert.ok(v.signedBy.identities.size > 0);
        const plain = text.slice(0, text.indexOf('-----BEGIN PGP SIGNATURE-----'));
        const norm = (t: string): string => t.replace(/[ \t]+\n/g, '\n');
        assert.ok(
          !body || norm(plain) === norm(prov.slice(0, at)),
          `${uid} case ${i}: a changed body verified`,
        );
      } catch (e) {
        assert.ok(e instanceof Error, `${uid} case ${i}: threw ${String(e)}`);
      }
    }
  }
});

test('an oversized DSA group fails fast instead of computing for minutes', () => {
  // A v4 DSA key with 16384-bit p and q and a user ID with a junk self-signature.
  const mpi = (bits: number): Buffer =>
    Buffer.concat([Buffer.from([bits >> 8, bits & 0xff]), Buffer.alloc(bits / 8, 0xff)]);
  const key = Buffer.concat([
    Buffer.from([4, 0, 0, 0, 1, 17]),
    mpi(16384),
    mpi(16384),
    mpi(16384),
    mpi(16384),
  ]);
  const pkt = (tag: number, body: Buffer): Buffer =>
    Buffer.concat([
      Buffer.from([0xc0 | tag, 0xff]),
      Buffer.from([0, 0, body.length >> 8, body.length & 0xff]),
      body,
    ]);
  const uid = Buffer.from('Huge <huge@example.com>');
  const fp = createHash('sha1')
    .update(Buffer.concat([Buffer.from([0x99, key.length >> 8, key.length & 0xff]), key]))
    .digest();
  const hashed = Buffer.concat([Buffer.from([5, 2, 0, 0, 0, 1, 9, 16]), fp.subarray(12)]);
  const sig = Buffer.concat([
    Buffer.from([4, 0x13, 17, 8, 0, hashed.length]),
    hashed,
    Buffer.from([0, 0, 0, 0]),
    mpi(16384),
    mpi(16384),
  ]);
  const file = join(work, 'huge.gpg');
  writeFileSync(file, Buffer.concat([pkt(6, key), pkt(13, uid), pkt(2, sig)]));
  const t0 = Date.now();
  assert.throws(() => loadKeyRing(file), /user ID self-signature invalid/);
  assert.ok(Date.now() - t0 < 5_000);
});
