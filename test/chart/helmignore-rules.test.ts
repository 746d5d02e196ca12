// .helmignore rules as compiled once (src/chart/helmignore.ts: literal, `*suffix` and prefixed
// shapes answered by string tests before any name is encoded) give what Helm's filepath.Match
// gives for the same pattern and path, which globMatch follows (checked against Go's table and a
// reference matcher in test/hostile/helmignore): seeded random rules, on base names and paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IgnoreRules, globMatch } from '../../src/chart/helmignore.js';

/** Match's answer, a bad pattern matching nothing (as the loader treats it). */
const match = (pattern: string, name: string): boolean => {
  try {
    return globMatch(pattern, name);
  } catch {
    return false;
  }
};

test('compiled rules answer as filepath.Match on 30,000 seeded rules and paths', () => {
  let seed = 0x5eed;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const atoms = ['a', 'b', 'te', '.', '-', 'é', '*', '?', '[ab]', '[^a]', '[a-c]', '\\*', '\\a', '[\\]]'];
  const parts = ['a', 'b', 'ab', 'te', '.a', 'é', '*', 'a-b', ']', 'templates', '.x'];
  let rules = 0;
  let hits = 0;
  for (let i = 0; i < 30_000; i++) {
    const words = Array.from({ length: 1 + rnd(2) }, () =>
      Array.from({ length: 1 + rnd(4) }, () => atoms[rnd(atoms.length)]!).join(''),
    );
    const pattern = words.join('/');
    if (pattern.includes('**')) continue;
    let r: IgnoreRules;
    try {
      r = IgnoreRules.parse(pattern);
    } catch {
      continue; // a bad pattern is refused when read, as Helm does
    }
    rules++;
    const path = Array.from({ length: 1 + rnd(3) }, () =>
      Array.from({ length: 1 + rnd(3) }, () => parts[rnd(parts.length)]!).join(''),
    ).join('/');
    // A rule without a slash is matched against the base name, one with a slash against the path.
    const subject = pattern.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1);
    const want = match(pattern, subject);
    if (want) hits++;
    assert.equal(r.ignores(path, false), want, `${JSON.stringify(pattern)} on ${JSON.stringify(path)}`);
  }
  // The cases reach every shape: most rules read, some matching.
  assert.ok(rules > 10_000 && hits > 300, `${rules} rules, ${hits} matching`);
});

test("Helm's default rule and a prefixed glob: only names with the prefix are matched", () => {
  const r = IgnoreRules.parse('kube-*.tgz\nfiles/a?c\n');
  r.addDefaults();
  assert.equal(r.ignores('templates/.hidden', false), true);
  assert.equal(r.ignores('templates/visible', false), false);
  assert.equal(r.ignores('templates/.', false), false, '.?* needs a character after the dot');
  assert.equal(r.ignores('charts/x/kube-prometheus-1.tgz', false), true);
  assert.equal(r.ignores('charts/x/prometheus-1.tgz', false), false);
  assert.equal(r.ignores('files/abc', false), true);
  assert.equal(r.ignores('files/ab', false), false);
  assert.equal(r.ignores('xfiles/abc', false), false);
});
