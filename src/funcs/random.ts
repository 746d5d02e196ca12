// Sprig's random strings (randAlphaNum randAlpha randAscii randNumeric), which call
// Masterminds/goutils' CryptoRandom: characters drawn uniformly from ' '..'z' (or 32..126
// for randAscii) with crypto/rand.Int, and rejected until they are a letter / digit.
// The randomness comes from env.randomBytes, consumed exactly as crypto/rand.Int reads.
import type { GoFunc, GoInt, Value } from '../go/value.js';
import type { FuncEnv } from './env.js';
import { goFunc } from './reflect.js';

/** crypto/rand.Int(rand.Reader, max) for a small positive max: masked bytes, rejection. */
export function cryptoRandInt(env: FuncEnv, max: number): number {
  return drawBelow(env, max, bitsOf(max));
}

/** Bits of max-1: crypto/rand.Int reads ceil(bits/8) bytes and masks the first to bits%8. */
const bitsOf = (max: number): number => (max <= 1 ? 0 : Math.floor(Math.log2(max - 1)) + 1);

function drawBelow(env: FuncEnv, max: number, bitLen: number): number {
  if (bitLen === 0) return 0;
  const k = Math.ceil(bitLen / 8);
  const mask = (1 << (bitLen % 8 === 0 ? 8 : bitLen % 8)) - 1;
  if (k === 1 && env.randomByte)
    for (;;) {
      const v = env.randomByte() & mask;
      if (v < max) return v;
    }
  for (;;) {
    const bytes = env.randomBytes(k);
    let v = bytes[0]! & mask;
    for (let i = 1; i < k; i++) v = v * 256 + bytes[i]!;
    if (v < max) return v;
  }
}

const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * goutils.CryptoRandom for the ranges Sprig uses (all ASCII, so its surrogate handling
 * never triggers). A negative count is an error there, which Sprig drops: "".
 */
function cryptoRandom(
  env: FuncEnv,
  count: number,
  start: number,
  end: number,
  letters: boolean,
  numbers: boolean,
): string {
  if (count <= 0) return '';
  const buf: number[] = new Array<number>(count);
  const gap = end - start;
  const bits = bitsOf(gap);
  // goutils fills the buffer from the end; keep that so a fixed byte source gives Go's string.
  while (count !== 0) {
    count--;
    const ch = drawBelow(env, gap, bits) + start;
    if ((letters && isLetter(ch)) || (numbers && isDigit(ch)) || (!letters && !numbers)) buf[count] = ch;
    else count++;
  }
  return Buffer.from(buf).toString('latin1');
}

const SP = 0x20;
const Z1 = 0x7a + 1;

export function randomFuncs(env: FuncEnv): Map<string, GoFunc> {
  const n = (v: Value): number => {
    const x = (v as GoInt).v;
    // Sprig would try to allocate this much and die; refuse plainly instead of hanging.
    if (x > 100_000_000n) throw new RangeError(`random string length ${x} too large`);
    return Number(x);
  };
  const fns: GoFunc[] = [
    goFunc('randAlphaNum', 'func(int) string', (c) => cryptoRandom(env, n(c), SP, Z1, true, true)),
    goFunc('randAlpha', 'func(int) string', (c) => cryptoRandom(env, n(c), SP, Z1, true, false)),
    goFunc('randAscii', 'func(int) string', (c) => cryptoRandom(env, n(c), 32, 127, false, false)),
    goFunc('randNumeric', 'func(int) string', (c) => cryptoRandom(env, n(c), SP, Z1, false, true)),
  ];
  return new Map(fns.map((f) => [f.name, f]));
}
