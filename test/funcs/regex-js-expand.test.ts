// Counted repeats V8's linear engine refuses (over 16, or a product over 16 when nested:
// `[a-zA-Z0-9]{1,64}` in bitnami's mysql schema) written out as Go's parser simplifies them
// (regex-js.ts expandCount): seeded patterns compared with re2js in every regex function, and a
// sample through real Go, byte-equal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { assertSameAsGo, compareWithRe2, rng, type Case } from './regex-js-gen.js';

// bin/rudder's shebang sets this; node --test does not. Before any RegExp with flag 'l'.
v8.setFlagsFromString('--enable-experimental-regexp-engine');
const { linearRegexp, translateGoRegexp } = await import('../../src/funcs/regex-js.js');
const { regexFuncs } = await import('../../src/funcs/regex.js');

const F = regexFuncs();
const R = regexFuncs({ re2Only: true });

/** Capture-free atoms (expanded) and a few with captures (left as counted, then declined). */
const ATOMS = [
  'a',
  'b',
  '[a-c]',
  '[^b]',
  '\\d',
  '.',
  '(?:ab|a)',
  '(?:a|b)c?',
  '\\w',
  '[a-zA-Z0-9]',
  '(?:x[ab]{2,3})',
];
const CAPTURING = ['(a)', '(?:(a)|b)', '(?P<n>ab)'];
const AROUND = ['', '', '^', '$', 'x', '\\b', 'a', '(?:b|)', '-'];
const SUBJECT = 'aabbc1 -x\nAaB9_';

function count(r: (n: number) => number): string {
  const min = r(4);
  const max = r(5) === 0 ? -1 : min + (r(3) === 0 ? r(3) : 14 + r(40));
  const q = max < 0 ? `{${min},}` : max === min ? `{${min}}` : `{${min},${max}}`;
  return q + (r(4) === 0 ? '?' : '');
}

function genPattern(r: (n: number) => number): string {
  let p = AROUND[r(AROUND.length)]!;
  for (let i = 1 + r(2); i > 0; i--) {
    const atom = r(10) === 0 ? CAPTURING[r(CAPTURING.length)]! : ATOMS[r(ATOMS.length)]!;
    // sometimes nested: a product of counts
    p += r(6) === 0 ? `(?:${atom}${count(r)})${count(r)}` : atom + count(r);
    p += AROUND[r(AROUND.length)]!;
  }
  return r(8) === 0 ? `${p}|${ATOMS[r(ATOMS.length)]}{20}` : p;
}

function genCases(seed: number, patterns: number): Case[] {
  const r = rng(seed);
  const cases: Case[] = [];
  for (let i = 0; i < patterns; i++) {
    const p = genPattern(r);
    for (let k = 0; k < 4; k++) {
      let s = '';
      for (let n = r(70); n > 0; n--) s += SUBJECT[r(SUBJECT.length)]!;
      cases.push({ p, s, t: ['-', '$1', '[$0]', ''][r(4)]! });
    }
  }
  return cases;
}

test('counts written out: the same source where the engine took the counts', () => {
  assert.equal(translateGoRegexp('[a-z]{1,3}', true)?.source, '[a-z](?:[a-z](?:[a-z])?)?');
  assert.equal(translateGoRegexp('a{2,}?b{0,2}?', true)?.source, 'aaa*?(?:b(?:b)??)??');
  // Taken as written when the engine runs it; written out only when it refuses.
  assert.equal(linearRegexp('[a-z]{1,16}')?.re.source, '[a-z]{1,16}');
  assert.match(linearRegexp('[a-zA-Z0-9]{1,64}')?.re.source ?? 'declined', /^\[0-9A-Za-z\]\(\?:/);
  // A capture inside is not copied (a copy would be another JS group): re2js.
  assert.equal(linearRegexp('(a){1,20}'), undefined);
  assert.equal(linearRegexp('(?:(a)b){20}'), undefined);
  // Every count or none: one a copy would change stays counted, and the engine still refuses.
  assert.equal(linearRegexp('(a){2}[a-z]{1,64}'), undefined);
  assert.equal(linearRegexp('[a-z]{1,17}a{256}'), undefined);
});

test('4,000 seeded patterns with large counts: the JS path equals re2js in every function', () => {
  const cases = genCases(0x1e6c0, 1000);
  const { viaJs, bad } = compareWithRe2(F, R, cases, (p) => linearRegexp(p) !== undefined);
  assert.deepEqual(bad.slice(0, 5), []);
  assert.ok(viaJs > cases.length * 0.6, `${viaJs} of ${cases.length} via JS`);
});

test('a sample through real Go: byte-equal', () => {
  const sample = genCases(0xbee5, 400)
    .filter((c) => linearRegexp(c.p) && linearRegexp(c.p)!.re.source !== translateGoRegexp(c.p)?.source)
    .slice(0, 200);
  assert.equal(sample.length, 200);
  assertSameAsGo(F, sample, 'x');
});
