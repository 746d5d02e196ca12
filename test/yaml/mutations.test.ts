// Broken YAML as people write it: corpus values files with one seeded mutation each (a line
// re-indented, a `:` dropped or added, a stray `[`, TAB or `- `, a character deleted or
// inserted), read by Go and by us: every result (value, or error text and line) must be Go's.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GoError } from '../../src/go/value.js';
import { parseYaml } from '../../src/yaml/index.js';
import { runOracle } from '../support/yamloracle.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

function valuesFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'templates') valuesFiles(p, out);
    } else if (name === 'values.yaml') out.push(p);
  }
  return out;
}

function mutate(text: string, seed: number): string {
  let s = seed;
  const r = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
  const lines = text.split('\n').slice(0, 60);
  const i = r(lines.length);
  const l = lines[i] ?? '';
  const p = r(l.length + 1);
  switch (r(10)) {
    case 0:
      lines[i] = ' ' + l;
      break;
    case 1:
      lines[i] = l.replace(/^ {2}/, '');
      break;
    case 2:
      lines[i] = l + ': x';
      break;
    case 3:
      lines[i] = l.replace(':', '');
      break;
    case 4:
      lines[i] = l + ' [';
      break;
    case 5:
      lines[i] = '\t' + l;
      break;
    case 6:
      lines[i] = l.slice(0, p) + l.slice(p + 1);
      break;
    case 7:
      lines[i] = l.slice(0, p) + (':-[]{}"\'#|>&*!% \t,?'[r(17)] as string) + l.slice(p);
      break;
    case 8:
      lines.splice(i, 0, '   ' + l.trim());
      break;
    default:
      lines[i] = l.replace(/^(\s*)/, '$1- ');
  }
  return lines.join('\n');
}

const files = existsSync(corpus) ? valuesFiles(corpus, []).sort() : [];

if (files.length > 0) {
  test('mutated values files: Go and Rudder agree on acceptance and on the error text', () => {
    const texts = files.flatMap((f, k) => [1, 2, 3].map((n) => mutate(readFileSync(f, 'utf8'), k * 7 + n)));
    const go = runOracle(texts.map((t) => ({ op: 'yamlUnmarshal', in: t })));
    let sameText = 0;
    let goErrors = 0;
    const acceptance: string[] = [];
    const textDiffs: string[] = [];
    texts.forEach((t, i) => {
      let ours: string;
      try {
        parseYaml(t);
        ours = 'OK';
      } catch (e) {
        if (!(e instanceof GoError)) throw e;
        ours = e.message;
      }
      const r = go[i];
      const theirs = r !== undefined && 'err' in r ? r.err : 'OK';
      if (theirs !== 'OK') goErrors++;
      if (theirs === ours) sameText++;
      else if ((theirs === 'OK') !== (ours === 'OK')) acceptance.push(`Go: ${theirs}\nus: ${ours}`);
      else textDiffs.push(`Go: ${theirs}\nus: ${ours}`);
    });
    const ratio = sameText / texts.length;
    assert.ok(goErrors > texts.length / 10, `the mutations should break many files (${goErrors})`);
    assert.ok(acceptance.length === 0, `acceptance differs:\n${acceptance.join('\n\n')}`);
    assert.ok(
      ratio === 1,
      `only ${(ratio * 100).toFixed(1)}% identical:\n${textDiffs.slice(0, 20).join('\n\n')}`,
    );
  });
}
