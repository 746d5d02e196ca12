// The JS twins of Go regexps (src/funcs/regex-js.ts): seeded patterns over the subset's grammar
// and near misses outside it, every regex function's result compared between the JS path and
// re2js (Go's RE2 semantics), a sample through real Go (the template oracle, Helm's functions),
// and a chart with bitnami's patterns rendered without loading the re2 chunk.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import v8 from 'node:v8';
import {
  CORPUS_PATTERNS,
  NEAR_MISSES,
  assertSameAsGo,
  compareWithRe2,
  genCases,
  rng,
  type Case,
} from './regex-js-gen.js';
import { repoRoot } from '../support/oracle.js';

// bin/rudder's shebang sets this; node --test does not. Before any RegExp with flag 'l'.
v8.setFlagsFromString('--enable-experimental-regexp-engine');
const { knownTranslation, linearRegexp, linearRegexpSupported, translateGoRegexp } =
  await import('../../src/funcs/regex-js.js');
const { KNOWN_TRANSLATIONS } = await import('../../src/funcs/regex-js-known.js');
const { GoRegexp, regexFuncs } = await import('../../src/funcs/regex.js');

const F = regexFuncs();
const R = regexFuncs({ re2Only: true });

test('the linear engine is on here, as in bin/rudder', () => {
  assert.equal(linearRegexpSupported(), true);
  const shebang = spawnSync('head', ['-1', join(repoRoot, 'bin', 'rudder')], { encoding: 'utf8' }).stdout;
  assert.match(shebang, / --enable-experimental-regexp-engine( |$)/m);
});

test('translations made ahead equal the translator', () => {
  assert.ok(KNOWN_TRANSLATIONS.length >= 10);
  for (const [p] of KNOWN_TRANSLATIONS) {
    assert.deepEqual(knownTranslation(p), translateGoRegexp(p), p);
    assert.ok(linearRegexp(p), p);
  }
  // bitnami's six and semver's grammar (src/funcs/semver.ts) are among them.
  for (const p of CORPUS_PATTERNS.slice(0, 6)) assert.ok(knownTranslation(p), p);
  assert.equal(knownTranslation('a+'), undefined);
});

test('the corpus patterns take the JS path, group texts included where Go reads them', () => {
  for (const p of CORPUS_PATTERNS) {
    const t = translateGoRegexp(p);
    assert.ok(t, p);
    assert.ok(t.groups, p);
    assert.ok(linearRegexp(p), p);
  }
  // Captures a later iteration may leave unset: the overall match only.
  assert.equal(translateGoRegexp('(?:(a)|b)+')?.groups, false);
  assert.equal(translateGoRegexp('(a|b(c))+')?.groups, false);
  assert.equal(translateGoRegexp('(a(b)?)*x')?.groups, false);
  // Outside the subset.
  for (const p of NEAR_MISSES) assert.equal(linearRegexp(p), undefined, p);
  // SubexpNames as Go's.
  assert.deepEqual(translateGoRegexp('(a)(?P<x>b)(?:c)(?<y>d)')?.names, ['', '', 'x', 'y']);
});

test('5,000+ seeded patterns and subjects: the JS path equals re2js in every function', () => {
  const cases = genCases();
  assert.ok(cases.length >= 5000);
  const { viaJs, bad } = compareWithRe2(F, R, cases, (p) => linearRegexp(p) !== undefined);
  assert.deepEqual(bad.slice(0, 5), []);
  // Most generated patterns are in the subset, so the comparison is of the JS path.
  assert.ok(viaJs > cases.length * 0.6, `${viaJs} of ${cases.length} via JS`);
});

test('GoRegexp (semver) submatches: JS path equals re2js', () => {
  const loose =
    '^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$';
  const re = new GoRegexp(loose);
  const expect = (s: string): string[] | undefined => {
    const R2 = regexFuncs({ re2Only: true });
    const all = R2.get('regexReplaceAll')!.fn(loose, s, '$1|$2|$3|$4|$5|$6|$7|$8|$9') as string;
    return R2.get('regexMatch')!.fn(loose, s) ? [s, ...all.split('|')] : undefined;
  };
  for (const s of ['1.2.3', 'v1.2.3-rc.1.x+b.5.6', '1', '1.2.3-', 'x', '01.2.3-a-b.c+d'])
    assert.deepEqual(re.findStringSubmatch(s), expect(s), s);
  assert.deepEqual(new GoRegexp('(a|b)\\s*(c)?').findAllStringSubmatch('a c b', -1), [
    ['a c', 'a', 'c'],
    ['b', 'b', ''],
  ]);
});

test('a sample through real Go: byte-equal', () => {
  const r = rng(0xc0ffee);
  const all = genCases();
  const sample: Case[] = [];
  for (const p of CORPUS_PATTERNS) sample.push({ p, s: 'my-release_Name.x 1.2.3-r4', t: '${1}-' });
  while (sample.length < 200) {
    const c = all[r(all.length)]!;
    // Go's template data: valid UTF-8 only; the JS path's patterns.
    if (/[\ud800-\udfff]/.test(c.s) || !linearRegexp(c.p)) continue;
    sample.push(c);
  }
  assertSameAsGo(F, sample, 'r');
});

test('template of a chart with bitnami patterns loads no re2 chunk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-regex-js-'));
  try {
    const chart = join(dir, 'c');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(
      join(chart, 'templates', 'cm.yaml'),
      [
        'a: {{ regexReplaceAll "(-?[^a-z\\\\d\\\\-])+-?" "My_Release" "-" }}',
        'b: {{ regexReplaceAllLiteral "\\\\W" "a.b" "_" }}',
        'c: {{ regexReplaceAll "[^A-Za-z0-9]+$" "x--" "" }}',
        'd: {{ regexMatch "{(v[0-9])*[^}]*}}$" "{{ .x }}" }}',
        'e: {{ regexFind "-r\\\\d+$|sha256:" "1.2-r3" }}',
        'f: {{ regexMatch `^([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$` "1.2.3" }}',
        'g: {{ semverCompare ">=1.0" "1.2.3" }}',
        '',
      ].join('\n'),
    );
    const env = { HOME: join(dir, 'home'), PATH: process.env.PATH ?? '', RUDDER_TRACE_CHUNKS: '1' };
    const r = spawnSync(join(repoRoot, 'bin', 'rudder'), ['template', 'r', chart], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /a: -y-elease\nb: a_b\nc: x\nd: true\ne: -r3\nf: true\ng: true\n/);
    const chunks = [...r.stderr.matchAll(/^rudder: chunk (\S+)$/gm)].map((m) => m[1]!);
    assert.deepEqual(chunks, ['core']);
    // A pattern outside the subset still loads re2js.
    writeFileSync(join(chart, 'templates', 'x.yaml'), 'x: {{ regexMatch "(?i)A" "a" }}\n');
    const r2 = spawnSync(join(repoRoot, 'bin', 'rudder'), ['template', 'r', chart], {
      env,
      encoding: 'utf8',
    });
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(r2.stdout, /x: true/);
    assert.ok(/^rudder: chunk re2$/m.test(r2.stderr), r2.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
