// The line scanner for duplicate keys agrees with the full YAML parse (and so with helm's
// yaml.UnmarshalStrict messages, checked in hostile.test.ts) on block YAML, and defers to it otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateKeyErrors, fullCheck } from '../../src/repo/duplicates.js';

const cases = [
  'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n  a:\n  - name: a\n    version: 2.0.0\n',
  'a: 1\nb: 2\na: 3\n',
  'x:\n  - k: 1\n    k: 2\n  - k: 1\n',
  'x:\n  y: |\n    a: 1\n    a: 1\n  y: 2\n',
  'x:\n  "q": 1\n  q: 2\n',
  "x:\n  'it''s': 1\n  \"it's\": 2\n",
  'x: {a: 1, a: 2}\n',
  'x: &a\n  k: 1\ny: *a\ny: 2\n',
  'a: [1, 2]\nb: []\nc: {}\nb: 3\n',
  'a:\n  - - x\n  - y\nb: 1\n',
  '# c\n---\na: 1 # x\na: 2\n',
  'a:\n\tb: 1\n',
  'plain: a long\n  continued line\nplain: again\n',
  'a:\nb:\na:\n',
];

test('duplicate keys: the scanner and the full check report the same lines', () => {
  for (const text of cases) {
    assert.equal(duplicateKeyErrors(text), fullCheck(text), JSON.stringify(text));
  }
  assert.equal(
    duplicateKeyErrors(cases[0]!),
    'error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "a" already set in map',
  );
  assert.equal(duplicateKeyErrors('a: 1\nb: 2\n'), undefined);
});
