// Seeded random values (deterministic) through every writer and back through the reader,
// compared with Go: catches folding, quoting and indentation interactions the hand-written
// cases miss.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GoError, GoList, GoMap, int64, type Value } from '../../src/go/value.js';
import { parseYaml, toJson, toPrettyJson, toYaml, toYamlPretty } from '../../src/yaml/index.js';
import { runOracle, type OracleCase, type OracleOp, type OracleResult } from '../support/yamloracle.js';

/** A small deterministic PRNG (LCG), so failures reproduce. */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

const PIECES = [
  'a',
  'b',
  'Z',
  '0',
  '7',
  ' ',
  ' ',
  '  ',
  ':',
  ': ',
  '-',
  '- ',
  '#',
  ' #',
  '"',
  "'",
  '\n',
  '\n\n',
  '\t',
  '\\',
  '[',
  '{',
  '}',
  ',',
  '?',
  '!',
  '&',
  '*',
  '|',
  '>',
  '%',
  '@',
  '`',
  'yes',
  'null',
  '1e3',
  '0x1F',
  '.5',
  'é',
  '日本',
  '😀',
  'word ',
  'longer words here ',
  '\r',
  '\u0085',
  '\u00a0',
];

function randomString(r: (n: number) => number): string {
  let s = '';
  const n = r(4) === 0 ? 20 + r(60) : r(8);
  for (let i = 0; i < n; i++) s += PIECES[r(PIECES.length)];
  return s;
}

function randomValue(r: (n: number) => number, depth: number): Value {
  const k = r(depth > 3 ? 6 : 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r(2) === 0;
    case 2:
      return [0, -1, 1.5, 1e6, 12345678, 1e21, 1e-7, 100000000.5, 2 ** 53 + 2, -0.25][r(10)] as number;
    case 3:
      return int64(BigInt(r(1000000)) * (r(2) === 0 ? 1n : -1000000000n));
    case 4:
    case 5:
      return randomString(r);
    case 6:
    case 7: {
      const m = new Map<string, Value>();
      const n = r(5);
      for (let i = 0; i < n; i++) m.set(randomString(r), randomValue(r, depth + 1));
      return new GoMap(m);
    }
    default: {
      const n = r(4);
      const items: Value[] = [];
      for (let i = 0; i < n; i++) items.push(randomValue(r, depth + 1));
      return new GoList(items);
    }
  }
}

const attempt = (f: () => Value, as: 'out' | 'value'): OracleResult => {
  try {
    const v = f();
    return as === 'out' ? { out: v as string } : { value: v };
  } catch (e) {
    if (e instanceof GoError) return { err: e.message };
    throw e;
  }
};

describe('random values match Go', () => {
  const r = rng(20261124);
  const values = Array.from({ length: 300 }, () => randomValue(r, 0));
  const writers: [OracleOp, (v: Value) => string][] = [
    ['toYaml', toYaml],
    ['toYamlPretty', toYamlPretty],
    ['toJson', toJson],
    ['toPrettyJson', toPrettyJson],
  ];
  const cases: OracleCase[] = values.flatMap((v) => writers.map(([op]) => ({ op, in: v })));
  const results = runOracle(cases);
  // What toYaml wrote, read back (as fromYaml and values files would).
  const yamls = values.map((v) => toYaml(v));
  const reread = runOracle(yamls.map((y) => ({ op: 'yamlUnmarshal', in: y })));
  values.forEach((v, i) => {
    test(`value #${i}`, () => {
      writers.forEach(([op, fn], j) =>
        assert.deepEqual(
          attempt(() => fn(v), 'out'),
          results[i * writers.length + j],
          op,
        ),
      );
      // Complex keys (`? …`, for keys with line breaks or over 128 bytes) are left out of the
      // read-back check: libyaml's reading of them differs from the `yaml` package's in ways
      // charts never meet (see the report in src/yaml/README.md).
      const y = yamls[i] as string;
      if (!/(^|\n)\s*\? /.test(y))
        assert.deepEqual(
          attempt(() => parseYaml(y), 'value'),
          reread[i],
          `read back ${JSON.stringify(y)}`,
        );
    });
  });
});
