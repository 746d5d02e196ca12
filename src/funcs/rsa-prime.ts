// Random primes for RSA keys, tested as Go's rsa.GenerateKey (Go 1.26, crypto/internal/fips140/rsa
// randomPrime/isPrime) tests them: composites ruled out by small primes, then Miller-Rabin rounds
// with random bases, as many as Go's table gives for the prime's size (5 for 1024 bits, 4 from 1345
// bits). node's generatePrimeSync makes OpenSSL run 64 rounds on the final prime whatever it is
// asked (about 14 ms for 1024 bits) and trial-divides by 128 primes only; here a window of odd
// candidates after one random start is sieved by the primes below 2^14 (2^16 for larger primes) and
// each modular exponentiation is OpenSSL's, run as a raw RSA public-key operation (x^e mod n for
// any odd n and e < n): a 1024-bit prime costs about half of what generatePrimeSync took.
import { constants, createPublicKey, publicEncrypt, randomFillSync, type KeyObject } from 'node:crypto';

/** Odd primes below `limit`, grouped so that each group's product stays an exact double. */
interface PrimeGroups {
  readonly primes: Int32Array;
  /** groups[i] = [product as bigint, index of the group's first prime, index after its last]. */
  readonly groups: readonly (readonly [bigint, number, number])[];
}

const tables = new Map<number, PrimeGroups>();

function primeGroups(limit: number): PrimeGroups {
  let t = tables.get(limit);
  if (t) return t;
  const composite = new Uint8Array(limit);
  const list: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (composite[i]) continue;
    list.push(i);
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1;
  }
  const groups: [bigint, number, number][] = [];
  let start = 0;
  let prod = 1;
  for (let i = 0; i < list.length; i++) {
    if (prod * list[i]! > Number.MAX_SAFE_INTEGER) {
      groups.push([BigInt(prod), start, i]);
      start = i;
      prod = 1;
    }
    prod *= list[i]!;
  }
  groups.push([BigInt(prod), start, list.length]);
  t = { primes: Int32Array.from(list), groups };
  tables.set(limit, t);
  return t;
}

const toBuffer = (n: bigint, len: number): Buffer =>
  Buffer.from(n.toString(16).padStart(len * 2, '0'), 'hex');
/** A non-negative integer as JWK writes it: big-endian bytes in unpadded base64url. */
export const b64url = (n: bigint): string => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex').toString('base64url');
};

function randomBits(bits: number): bigint {
  const b = randomFillSync(Buffer.alloc((bits + 7) >> 3));
  b[0]! &= 0xff >> ((b.length << 3) - bits);
  return BigInt('0x' + b.toString('hex'));
}

/** Go's Miller-Rabin rounds for a random candidate of `bits` bits (BoringSSL's table). */
function millerRabinRounds(bits: number): number {
  if (bits >= 3747) return 3;
  if (bits >= 1345) return 4;
  if (bits >= 476) return 5;
  if (bits >= 400) return 6;
  if (bits >= 347) return 7;
  if (bits >= 308) return 8;
  return bits >= 55 ? 27 : 34;
}

/** Miller-Rabin for odd w > 3: w-1 = d·2^s, and base^d mod w as OpenSSL's RSA public operation. */
class MillerRabin {
  private readonly key: KeyObject;
  private readonly s: number;
  private readonly len: number;
  private readonly minusOne: bigint;

  constructor(private readonly w: bigint) {
    let d = w - 1n;
    let s = 0;
    while ((d & 1n) === 0n) {
      d >>= 1n;
      s++;
    }
    this.s = s;
    this.minusOne = w - 1n;
    this.len = (w.toString(16).length + 1) >> 1;
    this.key = createPublicKey({ format: 'jwk', key: { kty: 'RSA', n: b64url(w), e: b64url(d) } });
  }

  /** Whether w passes the round with `base` (1 < base < w-1). */
  passes(base: bigint): boolean {
    const out = publicEncrypt({ key: this.key, padding: constants.RSA_NO_PADDING }, toBuffer(base, this.len));
    let y = BigInt('0x' + out.toString('hex'));
    if (y === 1n || y === this.minusOne) return true;
    for (let i = 1; i < this.s; i++) {
      y = (y * y) % this.w;
      if (y === this.minusOne) return true;
      if (y === 1n) return false;
    }
    return false;
  }

  /** Go's rounds with random bases in [2, w-2], each drawn as Go draws them. */
  passesRandomRounds(bits: number): boolean {
    for (let rounds = millerRabinRounds(bits); rounds > 0;) {
      const base = randomBits(bits);
      if (base <= 1n || base >= this.minusOne) continue;
      if (!this.passes(base)) return false;
      rounds--;
    }
    return true;
  }
}

/** Miller-Rabin with base 2, then Go's rounds with random bases, for an odd w > 2^63. */
export function probablyPrime(w: bigint): boolean {
  const mr = new MillerRabin(w);
  return mr.passes(2n) && mr.passesRandomRounds(w.toString(2).length);
}

/**
 * A random prime of exactly `bits` bits (its top two bits set, so two of them make a modulus of
 * twice the size) that is not 1 mod `e` (so e is invertible mod p-1 when e is prime).
 */
export function randomPrime(bits: number, e: bigint): bigint {
  if (bits < 64) throw new Error('rsa: prime size too small');
  const { primes, groups } = primeGroups(bits > 1100 ? 1 << 16 : 1 << 14);
  // Odd offsets 2i for i < window: the expected number of primes there is 2·window / (bits·ln 2).
  const window = bits << 3;
  const top = 1n << BigInt(bits);
  const residues = new Int32Array(primes.length);
  const marks = new Uint8Array(window);
  for (;;) {
    const start = randomBits(bits) | (3n << BigInt(bits - 2)) | 1n;
    for (const [m, from, to] of groups) {
      const r = Number(start % m);
      for (let k = from; k < to; k++) residues[k] = r % primes[k]!;
    }
    marks.fill(0);
    for (let k = 0; k < primes.length; k++) {
      const p = primes[k]!;
      // start + 2i ≡ 0 (mod p) ⇔ i ≡ -start · 2⁻¹ (mod p), and 2⁻¹ = (p+1)/2.
      for (let i = (((p - residues[k]!) % p) * ((p + 1) >> 1)) % p; i < window; i += p) marks[i] = 1;
    }
    for (let i = 0; i < window; i++) {
      if (marks[i]) continue;
      const w = start + BigInt(2 * i);
      if (w >= top) break;
      if (w % e === 1n) continue;
      if (probablyPrime(w)) return w;
    }
  }
}
