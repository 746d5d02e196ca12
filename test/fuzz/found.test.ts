// Inputs the fuzz targets found, kept as tests (issue 14): each failed before its fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IgnoreRules } from '../../src/chart/helmignore.js';
import { GoMap } from '../../src/go/value.js';
import { parseYaml } from '../../src/yaml/index.js';

// YAML reader, seed 7: a tag holding brackets (`!!m[[…][0]…`) is one tag for libyaml, so Helm
// reads the mapping after it; Rudder refused it with the `yaml` package's "Tags and anchors must be
// separated…" after 20 s (a quadratic rewrite of the text per bracket). go-yaml agrees on smaller
// forms (test/yaml/read-cases.ts).
test('found: a tag of 36,000 brackets before a mapping reads as the mapping, at once', () => {
  const text = `!!m${'['.repeat(6_000)}${'[0]'.repeat(30_000)} {a: b, c: !x,y 1}\n`;
  const t0 = performance.now();
  const v = parseYaml(text, 'map');
  const ms = performance.now() - t0;
  assert.ok(v instanceof GoMap);
  assert.deepEqual(
    [...v.entries],
    [
      ['a', 'b'],
      ['c', '1'],
    ],
  );
  assert.ok(ms < 5_000, `${Math.round(ms)} ms`);
});

// .helmignore, seed 7: a 40 KB chunk of classes tried at each position of long names (Go's
// filepath.Match is len(chunk) × len(name) too) allocated two tuples per class character and
// took 23 s for 40 paths; helm takes about a second.
test('found: a 40 KB class chunk against 300-character names stays fast', () => {
  const rules = IgnoreRules.parse(`*${'[0]'.repeat(13_000)}x\n`);
  const t0 = performance.now();
  for (let i = 0; i < 40; i++) assert.equal(rules.ignores(`d/${'a'.repeat(290)}${i}`, i % 2 === 0), false);
  const ms = performance.now() - t0;
  assert.ok(ms < 5_000, `${Math.round(ms)} ms`);
});
