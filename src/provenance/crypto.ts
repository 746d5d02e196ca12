// The signature algorithms over a precomputed digest, as OpenPGP needs them: RSA PKCS #1 v1.5
// and Ed25519 through node:crypto; ECDSA (NIST curves) and DSA in BigInt arithmetic, because
// node:crypto cannot sign or verify a digest it did not compute itself.
import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { bigFromBytes, bytesFromBig, concat } from './bytes.js';
import type { KeyMaterial, SecretMaterial } from './key.js';

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** DER DigestInfo prefixes (RFC 8017 §9.2) by hash. */
const DIGEST_INFO: Record<string, string> = {
  sha1: '3021300906052b0e03021a05000414',
  sha224: '302d300d06096086480165030402040500041c',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
  'sha3-256': '3031300d060960864801650304020805000420',
  'sha3-512': '3051300d060960864801650304020a05000440',
};

function rsaPublic(m: { n: Uint8Array; e: Uint8Array }): KeyObject {
  return createPublicKey({ key: { kty: 'RSA', n: b64u(m.n), e: b64u(m.e) }, format: 'jwk' });
}

function edPublic(point: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64u(point) }, format: 'jwk' });
}

// --- BigInt modular arithmetic ---

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function inv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

function powmod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b = mod(b, m);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const bitLen = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/** Go's hashToInt: the digest truncated to the order's bit length. */
function hashToInt(digest: Uint8Array, n: bigint): bigint {
  const orderBits = bitLen(n);
  const orderBytes = (orderBits + 7) >> 3;
  const h = digest.length > orderBytes ? digest.subarray(0, orderBytes) : digest;
  let v = bigFromBytes(h);
  const excess = h.length * 8 - orderBits;
  if (excess > 0) v >>= BigInt(excess);
  return v;
}

// --- short Weierstrass curves with a = -3 ---

interface Curve {
  p: bigint;
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  size: number;
}

const CURVES: Record<string, Curve> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    size: 32,
  },
  'P-384': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    size: 48,
  },
  'P-521': {
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    gx: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    gy: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
    size: 66,
  },
};

type Point = { x: bigint; y: bigint } | null;

function add(c: Curve, P: Point, Q: Point): Point {
  if (!P) return Q;
  if (!Q) return P;
  let l: bigint;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, c.p) === 0n) return null;
    l = mod((3n * P.x * P.x - 3n) * inv(2n * P.y, c.p), c.p);
  } else {
    l = mod((Q.y - P.y) * inv(Q.x - P.x, c.p), c.p);
  }
  const x = mod(l * l - P.x - Q.x, c.p);
  return { x, y: mod(l * (P.x - x) - P.y, c.p) };
}

function mul(c: Curve, k: bigint, P: Point): Point {
  let R: Point = null;
  let A = P;
  while (k > 0n) {
    if (k & 1n) R = add(c, R, A);
    A = add(c, A, A);
    k >>= 1n;
  }
  return R;
}

function decodePoint(c: Curve, b: Uint8Array): Point {
  if (b.length !== 1 + 2 * c.size || b[0] !== 4) return null;
  const x = bigFromBytes(b.subarray(1, 1 + c.size));
  const y = bigFromBytes(b.subarray(1 + c.size));
  if (x >= c.p || y >= c.p) return null;
  if (mod(y * y - (x * x * x - 3n * x + c.b), c.p) !== 0n) return null;
  return { x, y };
}

function ecdsaVerify(
  curve: string,
  point: Uint8Array,
  digest: Uint8Array,
  rb: Uint8Array,
  sb: Uint8Array,
): boolean {
  const c = CURVES[curve]!;
  const Q = decodePoint(c, point);
  if (!Q) return false;
  const r = bigFromBytes(rb);
  const s = bigFromBytes(sb);
  if (r <= 0n || s <= 0n || r >= c.n || s >= c.n) return false;
  const e = hashToInt(digest, c.n);
  const w = inv(s, c.n);
  const X = add(c, mul(c, mod(e * w, c.n), { x: c.gx, y: c.gy }), mul(c, mod(r * w, c.n), Q));
  return X !== null && mod(X.x, c.n) === r;
}

function randomScalar(n: bigint): bigint {
  for (;;) {
    const k = mod(bigFromBytes(randomBytes(((bitLen(n) + 7) >> 3) + 8)), n);
    if (k > 0n) return k;
  }
}

function ecdsaSign(curve: string, d: Uint8Array, digest: Uint8Array): Uint8Array[] {
  const c = CURVES[curve]!;
  const x = bigFromBytes(d);
  const e = hashToInt(digest, c.n);
  for (;;) {
    const k = randomScalar(c.n);
    const R = mul(c, k, { x: c.gx, y: c.gy });
    if (!R) continue;
    const r = mod(R.x, c.n);
    const s = mod(inv(k, c.n) * (e + r * x), c.n);
    if (r !== 0n && s !== 0n) return [bytesFromBig(r), bytesFromBig(s)];
  }
}

function dsaTruncate(digest: Uint8Array, q: bigint): bigint {
  const size = (bitLen(q) + 7) >> 3;
  return bigFromBytes(digest.length > size ? digest.subarray(0, size) : digest);
}

// --- dispatch ---

/** PublicKey.VerifySignature's algorithm step: does `values` sign `digest` under `key`? */
export function verifyDigest(
  key: KeyMaterial,
  hash: string,
  digest: Uint8Array,
  values: Uint8Array[],
): boolean {
  try {
    switch (key.kind) {
      case 'rsa': {
        const size = key.n.length - (key.n[0] === 0 ? 1 : 0);
        const sig = values[0]!;
        if (sig.length > size) return false;
        const padded = new Uint8Array(size);
        padded.set(sig, size - sig.length);
        const out = publicDecrypt({ key: rsaPublic(key), padding: constants.RSA_PKCS1_PADDING }, padded);
        return out.equals(Buffer.concat([Buffer.from(DIGEST_INFO[hash]!, 'hex'), digest]));
      }
      case 'ed25519': {
        const sig =
          values.length === 1
            ? values[0]!
            : concat(
                values.map((v) => (v.length > 32 ? new Uint8Array(33) : bytesFromBig(bigFromBytes(v), 32))),
              );
        if (sig.length !== 64) return false;
        return edVerify(null, digest, edPublic(key.point), sig);
      }
      case 'ecdsa':
        return ecdsaVerify(key.curve, key.point, digest, values[0]!, values[1]!);
      case 'dsa': {
        const [p, q, g, y] = [key.p, key.q, key.g, key.y].map(bigFromBytes) as [
          bigint,
          bigint,
          bigint,
          bigint,
        ];
        const r = bigFromBytes(values[0]!);
        const s = bigFromBytes(values[1]!);
        // GnuPG makes DSA keys up to 3072 bits (q 256): larger groups from a hostile keyring would
        // make BigInt exponentiation take minutes, so they simply fail to verify.
        if (bitLen(p) > 4096 || bitLen(q) > 512) return false;
        if (p === 0n || r <= 0n || s <= 0n || r >= q || s >= q) return false;
        const w = inv(s, q);
        const z = dsaTruncate(digest, q);
        const v = mod((powmod(g, mod(z * w, q), p) * powmod(y, mod(r * w, q), p)) % p, q);
        return v === r;
      }
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** Signs a digest; the values go into the signature packet (MPIs, or raw for Ed25519 v4 keys). */
export function signDigest(
  pub: KeyMaterial,
  sec: SecretMaterial,
  algo: number,
  hash: string,
  digest: Uint8Array,
): Uint8Array[] {
  if (pub.kind === 'rsa' && sec.kind === 'rsa') {
    const [d, p, q] = [sec.d, sec.p, sec.q].map(bigFromBytes) as [bigint, bigint, bigint];
    const key = createPrivateKey({
      key: {
        kty: 'RSA',
        n: b64u(pub.n),
        e: b64u(pub.e),
        d: b64u(sec.d),
        p: b64u(sec.p),
        q: b64u(sec.q),
        dp: b64u(bytesFromBig(d % (p - 1n))),
        dq: b64u(bytesFromBig(d % (q - 1n))),
        qi: b64u(bytesFromBig(inv(q, p))),
      },
      format: 'jwk',
    });
    const info = Buffer.concat([Buffer.from(DIGEST_INFO[hash]!, 'hex'), digest]);
    return [privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, info)];
  }
  if (pub.kind === 'ed25519' && sec.kind === 'ed25519') {
    const key = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: b64u(pub.point), d: b64u(sec.seed) },
      format: 'jwk',
    });
    const sig = edSign(null, digest, key);
    return algo === 27 ? [sig] : [sig.subarray(0, 32), sig.subarray(32)];
  }
  if (pub.kind === 'ecdsa' && sec.kind === 'ecdsa') return ecdsaSign(pub.curve, sec.d, digest);
  if (pub.kind === 'dsa' && sec.kind === 'dsa') {
    const [p, q, g] = [pub.p, pub.q, pub.g].map(bigFromBytes) as [bigint, bigint, bigint];
    const x = bigFromBytes(sec.x);
    const z = dsaTruncate(digest, q);
    for (;;) {
      const k = randomScalar(q);
      const r = powmod(g, k, p) % q;
      const s = mod(inv(k, q) * (z + x * r), q);
      if (r !== 0n && s !== 0n) return [bytesFromBig(r), bytesFromBig(s)];
    }
  }
  throw new Error(`openpgp: unsupported feature: public key algorithm: ${algo}`);
}
