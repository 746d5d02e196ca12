// Sprig's random strings (goutils.CryptoRandom). Deterministic expectations were observed
// from Go 1.26 + Sprig v3.3.0 with crypto/rand.Reader replaced by the stream byte(i*37+11);
// with real randomness only properties are checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomFuncs, cryptoRandInt } from '../../src/funcs/random.js';
import { defaultFuncEnv, type FuncEnv } from '../../src/funcs/env.js';
import { int, type Value } from '../../src/go/value.js';

function replay(): FuncEnv {
  let i = 0;
  return {
    now: () => new Date(0),
    randomBytes: (n) => {
      const b = new Uint8Array(n);
      for (let k = 0; k < n; k++, i++) b[k] = (i * 37 + 11) & 0xff;
      return b;
    },
  };
}
const call = (env: FuncEnv, name: string, ...args: Value[]): Value =>
  randomFuncs(env)
    .get(name)!
    .fn(...args);

test('a fixed byte stream gives the strings Go gives', () => {
  assert.equal(call(replay(), 'randAlphaNum', int(20)), 'sNpK7mHY4jEV1gBxSduP');
  assert.equal(call(replay(), 'randAlpha', int(20)), 'vQbsNpKmHYjEVgBxSduP');
  assert.equal(call(replay(), 'randAscii', int(20)), '#~Y4jE {V1gBxS.d?uP+');
  assert.equal(call(replay(), 'randNumeric', int(20)), '96308527419630852741');
  // goutils fills from the end, so a longer string ends with the shorter one
  const long = call(replay(), 'randAlphaNum', int(300)) as string;
  assert.equal(long.length, 300);
  assert.ok(long.startsWith('3iDzU0fAwRctOqL8nIZ5kFW2hCyTevQbsNpK7mHY4jEV1gBxSduParM9oJ6lGX'));
  assert.ok(long.endsWith('sNpK7mHY4jEV1gBxSduP'));
});

test('lengths and alphabets with real randomness', () => {
  const cases: [string, RegExp][] = [
    ['randAlphaNum', /^[A-Za-z0-9]*$/],
    ['randAlpha', /^[A-Za-z]*$/],
    ['randAscii', /^[\x20-\x7e]*$/],
    ['randNumeric', /^[0-9]*$/],
  ];
  for (const [name, re] of cases) {
    for (const n of [0, 1, 7, 64, 1000]) {
      const s = call(defaultFuncEnv, name, int(n)) as string;
      assert.equal(s.length, n, name);
      assert.match(s, re, name);
    }
    // negative counts are an error in goutils that Sprig discards
    assert.equal(call(defaultFuncEnv, name, int(-3)), '');
  }
  const seen = new Set(call(defaultFuncEnv, 'randAscii', int(5000)) as string);
  assert.equal(seen.size, 95);
  assert.notEqual(
    call(defaultFuncEnv, 'randAlphaNum', int(32)),
    call(defaultFuncEnv, 'randAlphaNum', int(32)),
  );
});

test('cryptoRandInt reads and masks bytes as crypto/rand.Int does', () => {
  const bytes = [0xff, 0x5a, 0x03];
  let i = 0;
  const env: FuncEnv = {
    now: () => new Date(0),
    randomBytes: (n) => new Uint8Array(bytes.slice(i, (i += n))),
  };
  // max 91: 7 bits, 0xff&0x7f=127 rejected, 0x5a=90 accepted
  assert.equal(cryptoRandInt(env, 91), 90);
  assert.equal(cryptoRandInt(env, 1), 0);
  assert.equal(i, 2);
});

test('randomByte serves the bytes randomBytes(1) would, in the same order', () => {
  // The Go-observed strings again, now drawn a byte at a time through randomByte.
  const byteAtATime = (): FuncEnv => {
    const env = replay();
    return { ...env, randomByte: () => env.randomBytes(1)[0]! };
  };
  assert.equal(call(byteAtATime(), 'randAlphaNum', int(20)), 'sNpK7mHY4jEV1gBxSduP');
  assert.equal(call(byteAtATime(), 'randAscii', int(20)), '#~Y4jE {V1gBxS.d?uP+');
  assert.equal(call(byteAtATime(), 'randNumeric', int(20)), '96308527419630852741');
  for (const name of ['randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric'])
    assert.equal(call(byteAtATime(), name, int(700)), call(replay(), name, int(700)), name);
  // The default pool: interleaved one-byte and multi-byte reads each take the next bytes once,
  // across refills of its 4 KiB (no byte handed out twice, none skipped as zero-filled).
  const seen: number[] = [];
  for (let k = 0; k < 3000; k++) {
    seen.push(defaultFuncEnv.randomByte!());
    seen.push(...defaultFuncEnv.randomBytes(3));
  }
  const counts = new Array<number>(256).fill(0);
  for (const b of seen) counts[b]!++;
  // 12,000 uniform bytes: each value about 47 times; zero is no more common than the rest.
  assert.ok(Math.max(...counts) < 100 && Math.min(...counts) > 10, `skewed byte counts ${counts}`);
});
