// Go method sets of Helm's template objects, against Go: every case in test/render/cases runs
// through the Go oracle (Helm v4.3.2's real common.Values, *common.Capabilities, KubeVersion,
// VersionSet and FuncMap) and through Rudder's engine with Rudder's models of those objects.
// Output or error text must be identical. Whole-chart checks against helm are in
// method-sets-helm.test.ts.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { newHelmTemplate } from '../../src/render/engine.js';
import {
  decodeData,
  intentProblem,
  loadCases,
  repoRoot,
  runOracle,
  toOracleCase,
  type CaseSpec,
} from '../support/oracle.js';

const cases = await loadCases(join(repoRoot, 'test', 'render', 'cases'), 'render/');
const results = runOracle(cases.map(toOracleCase));

/** Our side, in the oracle's order of calls: set gotpl with Helm's functions, parse, execute. */
function runOurs(c: CaseSpec): { out: string } | { err: string } {
  try {
    const t = newHelmTemplate();
    t.option(`missingkey=${c.missingkey ?? 'default'}`);
    t.parse(c.tpl);
    for (const [name, text] of c.also ?? []) t.new(name).parse(text);
    const data = decodeData(c.data);
    return { out: c.exec !== undefined ? t.executeTemplate(c.exec, data) : t.execute(data) };
  } catch (e) {
    return { err: e instanceof Error ? e.message : String(e) };
  }
}

test('method sets: enough cases, and enough of them errors', () => {
  assert.ok(cases.length >= 80, `only ${cases.length} cases`);
  assert.ok(cases.filter((c) => c.err !== undefined).length >= 15);
});

cases.forEach((c, i) => {
  test(`${c.file}: ${c.name}`, () => {
    const go = results[i]!;
    const problem = intentProblem(c, go);
    assert.equal(problem, undefined, problem);
    const ours = runOurs(c);
    const want = go.out !== undefined ? { out: go.out } : { err: go.err ?? go.panic ?? '' };
    assert.deepEqual(ours, want, `template: ${c.tpl}`);
  });
});
