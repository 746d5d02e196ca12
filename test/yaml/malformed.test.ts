// Broken YAML as templates render it: go-yaml v2 (through sigs.k8s.io/yaml, as Helm reads
// manifests) and Rudder must give the same error, line number included, or the same value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GoError, type Value } from '../../src/go/value.js';
import { parseYaml } from '../../src/yaml/decode.js';
import { readFirstDocument } from '../../src/yaml/syntax.js';
import { runOracle, type OracleResult } from '../support/yamloracle.js';
import { malformedCases } from './malformed-cases.js';

function ours(text: string, fullReader: boolean): OracleResult {
  try {
    return { value: parseYaml(text, 'any', { fullReader }) as Value };
  } catch (e) {
    if (e instanceof GoError) return { err: e.message };
    throw e;
  }
}

describe('malformed manifests: the error go-yaml reports', () => {
  const go = runOracle(malformedCases.map(([, t]) => ({ op: 'yamlUnmarshal', in: t })));
  test('most cases are errors for Go', () => {
    const errors = go.filter((r) => 'err' in r).length;
    assert.ok(errors >= 120, `${errors} of ${go.length}`);
  });
  malformedCases.forEach(([family, text], i) => {
    test(`${family}: ${JSON.stringify(text.split('\n').slice(-3).join('\n')).slice(0, 70)}`, () => {
      const expected = go[i] as OracleResult;
      assert.deepEqual(ours(text, false), expected, JSON.stringify(text));
      assert.deepEqual(ours(text, true), expected, `full reader: ${JSON.stringify(text)}`);
    });
  });
});

/** A seeded random source (the same texts every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

// Characters that change YAML's structure; LS/PS are left out (the `yaml` package does not
// take them for line breaks, a known difference in values, not in errors).
const EDITS = ' \t\n:-[]{}"\'|>#&*!%?,@`\\\r.x0\u0085\ufeff\x01';

/** Each malformed case edited at 1-3 random places: inserted, deleted or re-indented text. */
function mutated(count: number, seed: number): string[] {
  const rnd = random(seed);
  // Edited nesting-limit texts can nest too deep for the `yaml` package (a known difference).
  const base = malformedCases.filter(([f]) => f !== 'nesting limits').map(([, t]) => t);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let t = base[Math.floor(rnd() * base.length)] as string;
    const edits = 1 + Math.floor(rnd() * 3);
    for (let j = 0; j < edits; j++) {
      const i = Math.floor(rnd() * (t.length + 1));
      const r = rnd();
      if (r < 0.4) t = t.slice(0, i) + EDITS[Math.floor(rnd() * EDITS.length)] + t.slice(i);
      else if (r < 0.7) t = t.slice(0, i) + t.slice(i + 1);
      else {
        const l = t.lastIndexOf('\n', i - 1) + 1;
        t = t.slice(0, l) + (rnd() < 0.5 ? ' ' : '') + t.slice(l + (rnd() < 0.5 ? 1 : 0));
      }
    }
    out.push(t);
  }
  return out;
}

test('randomly edited manifests: the same error or value as Go, every one', () => {
  const texts = mutated(3000, 20261206);
  const go = runOracle(texts.map((t) => ({ op: 'yamlUnmarshal', in: t })));
  const diffs: string[] = [];
  let errors = 0;
  texts.forEach((t, i) => {
    const expected = go[i] as OracleResult;
    if ('err' in expected) errors++;
    try {
      assert.deepEqual(ours(t, false), expected);
    } catch {
      diffs.push(
        `${JSON.stringify(t)}\nGo: ${JSON.stringify(expected)}\nus: ${JSON.stringify(ours(t, false))}`,
      );
    }
  });
  assert.ok(errors > texts.length / 3, `the edits should break many texts (${errors})`);
  assert.equal(diffs.length, 0, diffs.slice(0, 20).join('\n\n'));
});

test('readFirstDocument: where the root node ends when text follows it', () => {
  assert.deepEqual(readFirstDocument('a: 1\n'), { rootEnd: 5, maxDepth: 1 });
  assert.deepEqual(readFirstDocument('  a: 1\nb: ['), { rootEnd: 7, maxDepth: 1 });
  assert.deepEqual(readFirstDocument('[1, 2]\njunk: ['), { rootEnd: 6, maxDepth: 1 });
  assert.deepEqual(readFirstDocument('a: [[{b: [1]}]]\n'), { rootEnd: 16, maxDepth: 5 });
  assert.deepEqual(readFirstDocument('a: [\n'), { error: 'line 1: did not find expected node content' });
  assert.deepEqual(readFirstDocument('a: *x\n'), { error: "unknown anchor 'x' referenced" });
});
