// Differential tests: every writing and reading function against the Go oracle
// (tools/yamloracle, built from the libraries Helm v4.3.2 uses), compared exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GoError, GoMap, utf8Length, type Value } from '../../src/go/value.js';
import {
  fromJson,
  fromJsonArray,
  mustToJson,
  mustToYaml,
  toJson,
  toPrettyJson,
  toRawJson,
  toYaml,
} from '../../src/yaml/helm.js';
import { runOracle, type OracleCase, type OracleOp, type OracleResult } from '../support/yamloracle.js';
import { valueCases } from './cases.js';
import { badYaml, jsonTexts, laxYaml, scalarDocs, valuesFiles, yamlDocs } from './read-cases.js';
import { loadValues } from '../../src/yaml/documents.js';
import { fromYaml, fromYamlArray, parseYaml } from '../../src/yaml/decode.js';
import { parseJson, parseJsonPrefix } from '../../src/yaml/json-parse.js';
import { toYamlPretty } from '../../src/yaml/pretty.js';

type Ours = (v: Value) => string;

const WRITERS: [OracleOp, Ours][] = [
  ['toYaml', toYaml],
  ['mustToYaml', mustToYaml],
  ['toYamlPretty', toYamlPretty],
  ['toJson', toJson],
  ['mustToJson', mustToJson],
  ['toRawJson', toRawJson],
  ['toPrettyJson', toPrettyJson],
];

function ours(f: () => string): OracleResult {
  try {
    return { out: f() };
  } catch (e) {
    if (e instanceof GoError) return { err: e.message };
    throw e;
  }
}

/** Go reports a panicking Sprig function's error as the recovered value. */
const normalize = (r: OracleResult): OracleResult => r;

describe('writing matches Go', () => {
  const values = valueCases();
  const cases: OracleCase[] = [];
  for (const [, v] of values) for (const [op] of WRITERS) cases.push({ op, in: v });
  const results = runOracle(cases);
  let k = 0;
  for (const [name, v] of values) {
    const expected = WRITERS.map(() => normalize(results[k++] as OracleResult));
    test(name, () => {
      WRITERS.forEach(([op, fn], i) => {
        assert.deepEqual(
          ours(() => fn(v)),
          expected[i],
          `${op}(${name})`,
        );
      });
    });
  }
});

// ---- reading ------------------------------------------------------------------------------

function oursValue(f: () => Value): OracleResult {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof GoError) return { err: e.message };
    throw e;
  }
}

const READERS: [OracleOp, (text: string) => Value][] = [
  ['yamlUnmarshal', (t) => parseYaml(t)],
  ['fromYaml', fromYaml],
  ['fromYamlArray', fromYamlArray],
];

const JSON_READERS: [OracleOp, (text: string) => Value][] = [
  ['jsonUnmarshal', (t) => parseJson(t)],
  ['fromJson', fromJson],
  ['fromJsonArray', fromJsonArray],
];

function readingSuite(title: string, texts: string[], readers: [OracleOp, (text: string) => Value][]): void {
  describe(title, () => {
    const cases: OracleCase[] = [];
    for (const t of texts) for (const [op] of readers) cases.push({ op, in: t });
    const results = runOracle(cases);
    let k = 0;
    for (const t of texts) {
      const expected = readers.map(() => results[k++] as OracleResult);
      test(JSON.stringify(t).slice(0, 60), () => {
        readers.forEach(([op, fn], i) => {
          assert.deepEqual(
            oursValue(() => fn(t)),
            expected[i],
            `${op}(${JSON.stringify(t)})`,
          );
        });
      });
    }
  });
}

readingSuite('reading YAML scalars matches Go', scalarDocs(), READERS);
readingSuite('reading YAML documents matches Go', yamlDocs, READERS);
readingSuite('YAML syntax errors match Go', badYaml, READERS);
readingSuite('lax layouts read as Go reads them', laxYaml, READERS);
readingSuite('values files load as Helm 4 loads them', valuesFiles, [['loadValues', loadValues]]);
readingSuite('reading JSON matches Go', jsonTexts, JSON_READERS);

describe('json.Decoder prefix reads match Go (--set-json)', () => {
  const texts = [
    '1,b=2',
    ' {"a": [1, 2]} rest',
    '"x" , y',
    'true]',
    '[1, 2',
    'tru',
    '',
    '   ',
    '{"a":',
    'x',
    '1.5e3x',
    '"é" tail',
    '-',
    'null,null',
  ];
  const results = runOracle(texts.map((t) => ({ op: 'jsonDecode', in: t })));
  texts.forEach((t, i) => {
    test(JSON.stringify(t), () => {
      const ours = ((): OracleResult => {
        try {
          const [value, consumed] = parseJsonPrefix(t);
          return { value, out: String(utf8Length(t.slice(0, consumed))) };
        } catch (e) {
          if (e instanceof GoError) return { err: e.message };
          throw e;
        }
      })();
      assert.deepEqual(ours, results[i]);
    });
  });
});

describe('numbers bound for string fields read as sigs.k8s.io/yaml converts them (Chart.yaml)', () => {
  const texts = [
    's: 1.10\n',
    's: 1.0\n',
    's: 12345678\n',
    's: 12345678.5\n',
    's: 0.1\n',
    's: 1e3\n',
    's: yes\n',
    's: 0777\n',
    's: 18446744073709551615\n',
    's: "1.10"\n',
    's: ~\n',
    's: v1.2\n',
    'l: [1.10, 2, true, x]\nm: {a: 1.5, b: off, c: text}\n',
    's: 1\nother: 1.10\n',
  ];
  const stringFields = (p: readonly string[]): boolean =>
    (p.length === 1 && p[0] === 's') || (p.length === 2 && ((p[0] === 'l' && p[1] === '[]') || p[0] === 'm'));
  const results = runOracle(texts.map((t) => ({ op: 'stringFields', in: t })));
  texts.forEach((t, i) => {
    test(JSON.stringify(t), () => {
      const v = parseYaml(t, 'map', { stringFields });
      assert.ok(v instanceof GoMap);
      // Project onto the struct's fields as Go's JSON decoding does.
      const s = v.entries.get('s');
      const got = new Map<string, Value>([['s', typeof s === 'string' ? s : '']]);
      for (const k of ['l', 'm']) if (v.entries.has(k)) got.set(k, v.entries.get(k) as Value);
      assert.deepEqual({ value: new GoMap(got) }, results[i]);
    });
  });
});
