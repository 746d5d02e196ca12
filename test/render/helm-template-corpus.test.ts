// Every chart of ../shared/corpus must render byte-for-byte as helm v4.3.2 renders it.
// Only lines that differ between helm's own runs (random passwords, generated certificates,
// timestamps) are masked; there is no other ignore list.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import {
  compare,
  CORPUS_DIR,
  corpusCharts,
  helmOutputs,
  laterHelmRun,
  requireHelm,
  rudderOutput,
} from '../support/corpus.js';

test('the corpus and the helm oracle are present', () => {
  assert.ok(existsSync(CORPUS_DIR), `corpus not found at ${CORPUS_DIR}`);
  requireHelm();
  assert.ok(corpusCharts().length >= 100, 'expected the full corpus');
});

for (const chart of existsSync(CORPUS_DIR) ? corpusCharts() : []) {
  test(`helm template equals: ${chart.path}`, () => {
    const v = compare(helmOutputs(chart), rudderOutput(chart), () => laterHelmRun(chart));
    if (v.kind === 'differs') assert.fail(`line ${v.line}\n  helm:   ${v.helm}\n  rudder: ${v.rudder}`);
    if (v.kind === 'error') assert.fail(`rudder failed where helm succeeded:\n${v.message}`);
    assert.equal(v.kind, 'equal');
  });
}
