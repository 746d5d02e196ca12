// Real charts' values files (../shared/corpus, read in place) through Helm 4's loader and the
// writing functions, compared with the Go oracle. Values files are where YAML 1.1 quirks and
// odd layouts actually occur.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GoError, type Value } from '../../src/go/value.js';
import { loadValues, parseYaml, toJson, toYaml, toYamlPretty } from '../../src/yaml/index.js';
import { runOracle, type OracleCase, type OracleResult } from '../support/yamloracle.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

function yamlFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'templates') yamlFiles(p, out);
    } else if (/^(values.*|Chart)\.yaml$/.test(name)) out.push(p);
  }
  return out;
}

const attempt = (f: () => Value | string): OracleResult => {
  try {
    const v = f();
    return typeof v === 'string' ? { out: v } : { value: v };
  } catch (e) {
    if (e instanceof GoError) return { err: e.message };
    throw e;
  }
};

const files = existsSync(corpus) ? yamlFiles(corpus, []).sort() : [];

describe('corpus values files read and write as Helm does', () => {
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const cases: OracleCase[] = texts.flatMap((t) => [
    { op: 'loadValues', in: t },
    { op: 'yamlUnmarshal', in: t },
  ]);
  const results = runOracle(cases);
  const loaded = texts.map((t) => attempt(() => loadValues(t)));
  // Write what loaded back out with each writer, compared in a second batch.
  const writes: OracleCase[] = [];
  loaded.forEach((r) => {
    if ('value' in r)
      for (const op of ['toYaml', 'toYamlPretty', 'toJson'] as const) writes.push({ op, in: r.value });
  });
  const written = runOracle(writes);
  let w = 0;
  files.forEach((f, i) => {
    const name = f.slice(corpus.length + 1);
    const expectWrites = 'value' in (loaded[i] as OracleResult) ? written.slice(w, (w += 3)) : [];
    test(name, () => {
      assert.deepEqual(loaded[i], results[2 * i], `loadValues ${name}`);
      assert.deepEqual(
        attempt(() => parseYaml(texts[i] as string)),
        results[2 * i + 1],
        `parseYaml ${name}`,
      );
      const r = loaded[i] as OracleResult;
      if ('value' in r) {
        assert.deepEqual(
          [toYaml(r.value), toYamlPretty(r.value), toJson(r.value)].map((out) => ({ out })),
          expectWrites,
          `writers ${name}`,
        );
      }
    });
  });
});
