// The RSA prime generator (src/funcs/rsa-prime.ts) against OpenSSL's own primality test (node's
// checkPrimeSync, 64 Miller-Rabin rounds): every prime it gives, and its verdict on composites
// without small factors (products of two primes) and on random odd numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPrimeSync, generatePrimeSync, randomBytes } from 'node:crypto';
import { probablyPrime, randomPrime } from '../../src/funcs/rsa-prime.js';

test('randomPrime gives primes of exactly the bits asked, top two bits set, not 1 mod e', () => {
  for (const [bits, count] of [
    [1024, 24],
    [2048, 3],
    [520, 20],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const p = randomPrime(bits, 65537n);
      assert.ok(checkPrimeSync(p, { checks: 64 }), `${p} is not prime`);
      assert.equal(p >> BigInt(bits - 2), 3n);
      assert.notEqual(p % 65537n, 1n);
    }
  }
});

test('probablyPrime agrees with OpenSSL on primes, semiprimes and random odd numbers', () => {
  const cases: bigint[] = [];
  for (let i = 0; i < 20; i++) cases.push(generatePrimeSync(512, { bigint: true }));
  for (let i = 0; i < 20; i++)
    cases.push(generatePrimeSync(256, { bigint: true }) * generatePrimeSync(300, { bigint: true }));
  for (let i = 0; i < 300; i++)
    cases.push(BigInt('0x' + randomBytes(64).toString('hex')) | (1n << 511n) | 1n);
  for (const w of cases) assert.equal(probablyPrime(w), checkPrimeSync(w, { checks: 64 }), String(w));
});
