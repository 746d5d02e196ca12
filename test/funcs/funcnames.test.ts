// Our Helm function map must hold exactly the names Helm v4.3.2's FuncMap holds, as printed by
// the Go oracle (`gotmpl funcnames`: Sprig v3.3.0 minus env/expandenv, plus Helm's own).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helmFuncMap } from '../../src/funcs/helm.js';
import { newHelmTemplate } from '../../src/render/engine.js';
import { helmFuncNames, oraclePath } from '../support/oracle.js';

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

test("helmFuncMap's names are exactly Helm's", () => {
  const go = helmFuncNames(oraclePath());
  const ours = [...helmFuncMap().keys()].sort(byteOrder);
  const goSet = new Set(go);
  const ourSet = new Set(ours);
  const missing = go.filter((n) => !ourSet.has(n));
  const extra = ours.filter((n) => !goSet.has(n));
  assert.deepEqual(
    { missing, extra },
    { missing: [], extra: [] },
    `missing: ${missing.join(' ')}; extra: ${extra.join(' ')}`,
  );
  assert.equal(ours.length, go.length);
});

test("every one of Helm's names parses as a function in newHelmTemplate", () => {
  // A name Helm has but the template set lacks is a parse error ("function … not defined").
  const undefinedNames: string[] = [];
  for (const name of helmFuncNames(oraclePath())) {
    try {
      newHelmTemplate().parse(`{{ if false }}{{ ${name} }}{{ end }}`);
    } catch (e) {
      undefinedNames.push(`${name}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(undefinedNames, []);
});

test('names Helm removes or never had are not functions', () => {
  for (const name of ['env', 'expandenv', 'toYAML', 'mustToPrettyYaml']) {
    assert.ok(!helmFuncMap().has(name), name);
    assert.throws(
      () => newHelmTemplate().parse(`{{ ${name} }}`),
      new RegExp(`function "${name}" not defined`),
    );
  }
});
