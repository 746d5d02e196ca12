// Differential tests: every writing and reading function against the Go oracle
// (tools/yamloracle, built from the libraries Helm v4.2.4 uses), compared exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GoError, utf8Length, type Value } from '../../src/template/value.js';
import { fromJson, fromJsonArray, mustToJson, mustToYaml, toJson, toPrettyJson, toRawJson, toYaml } from '../../src/yaml/helm.js';
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
        assert.deepEqual(ours(() => fn(v)), expected[i], `${op}(${name})`);
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
          assert.deepEqual(oursValue(() => fn(t)), expected[i], `${op}(${JSON.stringify(t)})`);
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
  const texts = ['1,b=2', ' {"a": [1, 2]} rest', '"x" , y', 'true]', '[1, 2', 'tru', '', '   ', '{"a":', 'x', '1.5e3x', '"é" tail', '-', 'null,null'];
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
