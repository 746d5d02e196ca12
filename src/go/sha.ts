// SHA-1 and SHA-256 (FIPS 180-4) over bytes, in plain TypeScript. Sprig's sha256sum (bitnami
// charts checksum their configmaps and secrets with it) would otherwise load node:crypto, which
// is not in Node's startup snapshot: ~35 internal modules compiled, several ms of every cold
// `template` run. Callers keep node:crypto for large inputs, where its native code wins.

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2).
const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// Initial hash values: square roots of the first 8 primes (§5.3.3), and SHA-1's (§5.3.1).
const H256 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const H1 = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** Constants exported for the test, which derives them independently. */
export const SHA256_K: ArrayLike<number> = K256;
export const SHA256_H0: readonly number[] = H256;

type Compress = (h: Int32Array, w: Int32Array, p: Uint8Array, o: number) => void;

/** One SHA-256 block at p[o..o+64]. */
function block256(h: Int32Array, w: Int32Array, p: Uint8Array, o: number): void {
  for (let t = 0; t < 16; t++, o += 4)
    w[t] = (p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!;
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let k = h[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K256[t]! + w[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + k) | 0;
}

/** One SHA-1 block at p[o..o+64]. */
function block1(h: Int32Array, w: Int32Array, p: Uint8Array, o: number): void {
  for (let t = 0; t < 16; t++, o += 4)
    w[t] = (p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!;
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  for (let t = 0; t < 80; t++) {
    let f: number;
    let k: number;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6;
    }
    const tmp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = tmp;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

/** Merkle-Damgård over 64-byte blocks with the big-endian bit length (§5.1.1): state words. */
function digest(data: Uint8Array, init: readonly number[], words: number, compress: Compress): Int32Array {
  const h = Int32Array.from(init);
  const w = new Int32Array(words);
  const n = data.length;
  const full = n - (n % 64);
  for (let o = 0; o < full; o += 64) compress(h, w, data, o);
  // The rest, the 0x80 marker, zeros, and the length: one block, or two when the rest is > 55.
  const tail = new Uint8Array(n - full < 56 ? 64 : 128);
  tail.set(data.subarray(full));
  tail[n - full] = 0x80;
  const bits = n * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  const e = tail.length;
  for (let i = 0; i < 4; i++) {
    tail[e - 8 + i] = (hi >>> (24 - 8 * i)) & 0xff;
    tail[e - 4 + i] = (lo >>> (24 - 8 * i)) & 0xff;
  }
  for (let o = 0; o < e; o += 64) compress(h, w, tail, o);
  return h;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexWords(h: Int32Array): string {
  let s = '';
  for (const x of h)
    s += HEX[(x >>> 24) & 0xff]! + HEX[(x >>> 16) & 0xff]! + HEX[(x >>> 8) & 0xff]! + HEX[x & 0xff]!;
  return s;
}

function bytesOf(h: Int32Array): Uint8Array {
  const out = new Uint8Array(h.length * 4);
  for (let i = 0; i < h.length; i++) {
    const x = h[i]!;
    out[4 * i] = x >>> 24;
    out[4 * i + 1] = x >>> 16;
    out[4 * i + 2] = x >>> 8;
    out[4 * i + 3] = x;
  }
  return out;
}

/** SHA-256 digest (32 bytes). */
export const sha256 = (data: Uint8Array): Uint8Array => bytesOf(digest(data, H256, 64, block256));
/** SHA-256 digest as lower-case hex. */
export const sha256Hex = (data: Uint8Array): string => hexWords(digest(data, H256, 64, block256));
/** SHA-1 digest (20 bytes). */
export const sha1 = (data: Uint8Array): Uint8Array => bytesOf(digest(data, H1, 80, block1));
/** SHA-1 digest as lower-case hex. */
export const sha1Hex = (data: Uint8Array): string => hexWords(digest(data, H1, 80, block1));
