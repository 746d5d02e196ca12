// analyzeScalar's string-search path for printable ASCII (src/yaml/emitter.ts) against libyaml's
// per-character analysis it replaces there (analyzeByCodePoint, itself checked through every
// writer's test against Go): the same flags for seeded random texts over the characters that
// matter (indicators, spaces, line feeds, dots and dashes for document markers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeByCodePoint, analyzeScalar } from '../../src/yaml/emitter.js';

test('analyzeScalar on printable ASCII and line feeds equals the per-character analysis', () => {
  const alphabet = [' ', ' ', '\n', '#', ':', '-', '?', '.', 'a', 'b', "'", '"', '[', ']', ',', '{', '}'];
  alphabet.push('&', '*', '!', '|', '>', '%', '@', '`', '~', '\t', '\r', 'é');
  let s = 12345;
  const r = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return (s >>> 4) % n;
  };
  const prefixes = ['', '---', '...', '--', '- ', ': ', '? '];
  let ascii = 0;
  for (let i = 0; i < 200_000; i++) {
    let t = prefixes[r(prefixes.length)]!;
    for (let k = r(9); k > 0; k--) t += alphabet[r(alphabet.length)]!;
    if (/^[\x20-\x7e\n]*$/.test(t)) ascii++;
    for (const v3 of [false, true]) {
      if (t === '') continue;
      assert.deepEqual(analyzeScalar(t, v3), analyzeByCodePoint(t, v3), `${JSON.stringify(t)} v3=${v3}`);
    }
  }
  assert.ok(ascii > 50_000, `${ascii} printable ASCII texts`);
});
