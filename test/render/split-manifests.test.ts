// splitManifestsAt finds document separators with indexOf: the same documents and offsets as
// the multiline regular expression it replaced (/^---[ \t]*/m, Helm's split as the corpus tests
// check it against helm v4.3.2), on generated texts dense in dashes, blanks and every line
// terminator a multiline `^` knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitManifestsAt } from '../../src/render/manifests.js';

function isSpace(c: number): boolean {
  return /^\s$/u.test(String.fromCharCode(c)) && c !== 0xfeff;
}
const trimLeft = (s: string): string => {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return s.slice(i);
};

/** The regexp version, as it was. */
function reference(bigFile: string): { doc: string; offset: number }[] {
  const s = trimLeft(bigFile);
  const lead = bigFile.length - s.length;
  const out: { doc: string; offset: number }[] = [];
  const piece = (start: number, end: number): void => {
    const d = s.slice(start, end);
    if (trimLeft(d) === '') return;
    const doc = trimLeft(d);
    out.push({ doc, offset: lead + start + d.length - doc.length });
  };
  let from = 0;
  for (const m of s.matchAll(/^---[ \t]*/gm)) {
    piece(from, m.index);
    from = m.index + m[0].length;
  }
  piece(from, s.length);
  return out;
}

test('documents and offsets as the multiline regexp split them', () => {
  const alphabet = ['-', '-', '-', '---', ' ', '\t', '\n', '\r', '\u2028', '\u2029', 'a', 'k: v', '\u00a0'];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  let compared = 0;
  for (let i = 0; i < 20000; i++) {
    let s = '';
    const len = rand(30);
    for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)];
    assert.deepEqual(splitManifestsAt(s), reference(s), JSON.stringify(s));
    compared++;
  }
  const doc = 'apiVersion: v1\nkind: A\n---\nkind: B\n--- \t\nkind: C\n  ---\nx: ---\n---';
  assert.deepEqual(splitManifestsAt(doc), reference(doc));
  assert.equal(splitManifestsAt(doc).length, 3);
  assert.equal(compared, 20000);
});
