// Seeded fuzzing of .helmignore (issue 14): random rule files (stars, classes, escapes, negation,
// anchors, directory rules, BOM, CR line ends, overlong lines) are parsed as Helm reads them and
// matched against random chart paths. Property: rules, or a typed error with one of Helm's texts
// (`syntax error in pattern`, the `**` refusal, bufio.Scanner's `token too long`); matching never
// throws and stays fast (Go's filepath.Match is linear, so many stars must not backtrack).
// Longer runs: see harness.ts.
import assert from 'node:assert/strict';
import { IgnoreRules, MAX_SCAN_TOKEN } from '../../src/chart/helmignore.js';
import { checkThrown, fuzz, mutateText, type Gen } from './harness.js';

const SEEDS = [
  '# comment\n*.tmp\n.git/\n/templates/*.bak\n!keep.tmp\nsecrets/\n',
  '\ufeff*.tgz\r\n.DS_Store\r\n  *.swp  \r\nci/\r\n',
  'a[b-d]?e\n[!x]*\n\\*lit\n[^a-z]/\n*.[ch]\nfiles/**/x\n',
  'templates/.?*\n!templates/NOTES.txt\n/values-*.yaml\n',
];
const RULE_CHARS = [...'*?[]^!-\\/#.az\n\r \t', '\ufffd', 'é', '☺', '[a-', '\\', '**', '*a'];
const PATH_PARTS = [
  'a',
  'b',
  'abc',
  'x.tmp',
  '.git',
  'templates',
  'é☺',
  '*',
  '[',
  '\\',
  '..',
  '',
  'a'.repeat(300),
];
const HELM_ERRORS =
  /^(syntax error in pattern|double-star \(\*\*\) syntax is not supported|bufio\.Scanner: token too long)$/;

function randomPath(g: Gen): string {
  const parts: string[] = [];
  for (let n = 1 + g.int(6); n > 0; n--)
    parts.push(g.pick(PATH_PARTS) + (g.int(3) === 0 ? String(g.int(10)) : ''));
  return parts.join('/');
}

fuzz(
  '.helmignore rules and matching',
  (g) => {
    let text = mutateText(g, g.pick(SEEDS), RULE_CHARS);
    // Now and then a line at or just under bufio.Scanner's limit.
    if (g.int(12) === 0) text += `\n${'*a'.repeat((MAX_SCAN_TOKEN - g.int(3)) >> 1)}\n`;
    const paths = Array.from({ length: 20 }, () => randomPath(g));
    return { text, paths };
  },
  ({ text, paths }) => {
    let rules: IgnoreRules;
    try {
      rules = IgnoreRules.parseBytes(new TextEncoder().encode(text));
    } catch (e) {
      checkThrown(e);
      assert.match((e as Error).message, HELM_ERRORS);
      return;
    }
    rules.addDefaults();
    for (const p of paths) {
      for (const isDir of [false, true]) assert.equal(typeof rules.ignores(p, isDir), 'boolean');
    }
  },
  ({ text, paths }) => `${text}\n--- paths ---\n${paths.join('\n')}`,
);
