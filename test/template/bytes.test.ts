// Go strings are bytes; ours hold invalid UTF-8 as escaped bytes (each byte 0x80..0xFF of an
// invalid sequence as the lone surrogate U+DC80..U+DCFF). Tests of the value.ts helpers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  byteAt,
  byteSlice,
  hasInvalidUtf8,
  outputBytes,
  utf8Decode,
  utf8DecodeText,
  utf8Encode,
  utf8Length,
  utf8Normalize,
} from '../../src/go/value.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const esc = (...b: number[]): string => String.fromCharCode(...b.map((x) => 0xdc00 + x));

/** A small deterministic PRNG (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** Random bytes biased towards UTF-8 structure: lead bytes, continuation bytes and ASCII. */
function randomBytes(next: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const pools = [
    [0x00, 0x7f],
    [0x80, 0xbf],
    [0xc0, 0xdf],
    [0xe0, 0xef],
    [0xf0, 0xff],
  ] as const;
  for (let i = 0; i < n; i++) {
    const [lo, hi] = pools[next() % pools.length]!;
    out[i] = lo + (next() % (hi - lo + 1));
  }
  return out;
}

test('utf8Encode(utf8Decode(b)) gives b back for any bytes', () => {
  const next = rng(12345);
  for (let k = 0; k < 3000; k++) {
    const b = randomBytes(next, next() % 24);
    const s = utf8Decode(b);
    assert.deepEqual(utf8Encode(s), b, `bytes ${Buffer.from(b).toString('hex')}`);
    assert.equal(utf8Length(s), b.length);
    // Decoding is canonical: decoding the encoding again gives the same string.
    assert.equal(utf8Decode(utf8Encode(s)), s);
    assert.equal(utf8Normalize(s), s);
    assert.equal(hasInvalidUtf8(s), !Buffer.from(b).equals(Buffer.from(Buffer.from(b).toString('utf8'))));
  }
});

test('valid UTF-8 decodes to ordinary text', () => {
  assert.equal(utf8Decode(utf8Encode('héllo 日本 😀')), 'héllo 日本 😀');
  assert.equal(utf8Decode(bytes(0xef, 0xbb, 0xbf, 0x61)), '\ufeffa', 'a BOM is kept');
  assert.equal(utf8DecodeText(bytes(0xef, 0xbb, 0xbf, 0x61)), 'a', 'utf8DecodeText drops one BOM');
  assert.equal(utf8Decode(bytes(0xef, 0xbf, 0xbd)), '\ufffd', 'U+FFFD itself is valid');
  assert.equal(hasInvalidUtf8('héllo 😀'), false);
});

test('invalid sequences become one escaped byte per byte, as Go decodes them', () => {
  assert.equal(utf8Decode(bytes(0xff)), esc(0xff));
  assert.equal(utf8Decode(bytes(0x61, 0xff, 0x62)), 'a' + esc(0xff) + 'b');
  // A truncated sequence: each of its bytes on its own (WHATWG would give one U+FFFD).
  assert.equal(utf8Decode(bytes(0xe6, 0x97)), esc(0xe6, 0x97));
  assert.equal(utf8Decode(bytes(0xe6, 0x97, 0x61)), esc(0xe6, 0x97) + 'a');
  // Overlong, surrogate and out-of-range encodings are invalid in Go.
  assert.equal(utf8Decode(bytes(0xc0, 0xaf)), esc(0xc0, 0xaf));
  assert.equal(utf8Decode(bytes(0xe0, 0x80, 0xaf)), esc(0xe0, 0x80, 0xaf));
  assert.equal(utf8Decode(bytes(0xed, 0xa0, 0x80)), esc(0xed, 0xa0, 0x80));
  assert.equal(utf8Decode(bytes(0xf4, 0x90, 0x80, 0x80)), esc(0xf4, 0x90, 0x80, 0x80));
  assert.equal(utf8Decode(bytes(0xf5, 0x80)), esc(0xf5, 0x80));
  // A bad byte does not swallow the valid character after it.
  assert.equal(utf8Decode(bytes(0xe6, 0xe6, 0x97, 0xa5)), esc(0xe6) + '日');
  assert.equal(utf8Decode(bytes(0x80, 0xc3, 0xa9)), esc(0x80) + 'é');
});

test('utf8Length counts bytes, escaped bytes as one', () => {
  assert.equal(utf8Length(''), 0);
  assert.equal(utf8Length('abc'), 3);
  assert.equal(utf8Length('é'), 2);
  assert.equal(utf8Length('日'), 3);
  assert.equal(utf8Length('😀'), 4);
  assert.equal(utf8Length(esc(0xff)), 1);
  assert.equal(utf8Length('a' + esc(0xe6, 0x97) + '日'), 6);
  // A lone surrogate outside the escape range is written as U+FFFD (3 bytes).
  assert.equal(utf8Length('\ud800'), 3);
  assert.deepEqual(utf8Encode('\ud800'), bytes(0xef, 0xbf, 0xbd));
  assert.equal(utf8Length('\udc10'), 3);
});

test('utf8Encode writes escaped bytes raw', () => {
  assert.deepEqual(utf8Encode('a' + esc(0xff) + 'b'), bytes(0x61, 0xff, 0x62));
  assert.deepEqual(utf8Encode(esc(0xe6, 0x97, 0xa5)), utf8Encode('日'));
  // A valid pair whose low half is in the escape range stays a pair.
  assert.deepEqual(utf8Encode('\u{1F080}'), bytes(0xf0, 0x9f, 0x82, 0x80));
  assert.equal(utf8Length('\u{1F080}'), 4);
});

test('utf8Normalize joins escaped bytes that form valid UTF-8', () => {
  assert.equal(utf8Normalize(esc(0xe6) + esc(0x97, 0xa5)), '日');
  assert.equal(utf8Normalize('x' + esc(0xc3) + esc(0xa9) + 'y'), 'xéy');
  assert.equal(utf8Normalize(esc(0xff)), esc(0xff));
  assert.equal(utf8Normalize('plain'), 'plain');
});

test('byteSlice is Go s[from:to] on bytes', () => {
  assert.equal(byteSlice('abcdef', 1, 3), 'bc');
  assert.equal(byteSlice('héllo', 0, 3), 'hé');
  assert.equal(byteSlice('héllo', 0, 2), 'h' + esc(0xc3));
  assert.equal(byteSlice('héllo', 2), esc(0xa9) + 'llo');
  assert.equal(byteSlice('日本', 1, 4), esc(0x97, 0xa5, 0xe6));
  assert.equal(byteSlice('日本', 3, 6), '本');
  assert.equal(byteSlice('a' + esc(0xff) + 'b', 1, 2), esc(0xff));
  assert.equal(byteSlice('😀x', 4), 'x');
  assert.equal(byteSlice('😀x', 0, 4), '😀');
  assert.equal(byteSlice('😀x', 1, 4), esc(0x9f, 0x98, 0x80));
  assert.equal(byteSlice('abc', 2, 2), '');
  // Random cuts agree with slicing the bytes.
  const next = rng(777);
  for (let k = 0; k < 2000; k++) {
    const b = randomBytes(next, next() % 16);
    const s = utf8Decode(b);
    const from = next() % (b.length + 1);
    const to = from + (next() % (b.length - from + 1));
    assert.equal(byteSlice(s, from, to), utf8Decode(b.subarray(from, to)));
    assert.equal(byteSlice(s, from), utf8Decode(b.subarray(from)));
  }
});

test('byteAt is Go s[i]', () => {
  assert.equal(byteAt('abc', 1), 0x62);
  assert.equal(byteAt('abc', 3), undefined);
  assert.equal(byteAt('abc', -1), undefined);
  assert.equal(byteAt('日', 1), 0x97);
  assert.equal(byteAt('a' + esc(0xff), 1), 0xff);
});

test('outputBytes hands valid text through and raw bytes otherwise', () => {
  assert.equal(outputBytes('héllo'), 'héllo');
  assert.deepEqual(outputBytes('a' + esc(0xff)), bytes(0x61, 0xff));
});
