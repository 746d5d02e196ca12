// Conditions and tags as Helm reads them while removing disabled subcharts, compared with helm
// v4.3.2 (`template`: output, warnings and their order, errors). Helm coalesces each subchart's
// values at the root of its parent's coalesced values before reading that level's tags and
// conditions, so a subchart's own `tags:` and `global:` take part there; these cases cover it,
// nested conditions, globals, non-bool warnings, import-values and re-enabling from above.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import {
  type Case,
  VALUES_TEMPLATE,
  WALK_TEMPLATE,
  mismatches,
  report,
  runCases,
  tempDir,
  writeTree,
} from '../values/support.js';

const work = tempDir('rdep-cond-');
after(() => rmSync(work, { recursive: true, force: true }));

const chartYaml = (name: string, deps: string[] = []): string =>
  `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n${deps.length > 0 ? `dependencies:\n${deps.join('\n')}\n` : ''}`;
const tpl = (dir: string): Record<string, string> => ({
  [`${dir}/templates/_walk.tpl`]: WALK_TEMPLATE,
  [`${dir}/templates/values.yaml`]: VALUES_TEMPLATE,
});

// p -> mid (condition mid.enabled) -> leaf (condition leaf.on,global.leafOn; tag t-leaf)
//                                  -> side (tags t-side; mid's values set tags.t-side: false)
//      -> g (condition global.gOn), lib (import-values), twin/twin2 (aliases of one chart)
writeTree(work, {
  'p/Chart.yaml': chartYaml('p', [
    '- name: mid\n  version: 0.1.0\n  condition: mid.enabled',
    '- name: g\n  version: 0.1.0\n  condition: global.gOn,g.enabled',
    '- name: lib\n  version: 0.1.0\n  condition: lib.enabled\n  import-values:\n  - data\n  - child: deep\n    parent: fromLib',
    '- name: twin\n  version: 0.1.0\n  condition: twin.on',
    '- name: twin\n  alias: twin2\n  version: 0.1.0\n  condition: twin2.on\n  tags: [t-twin]',
  ]),
  'p/values.yaml':
    'mid:\n  enabled: true\n  leaf:\n    fromP: 1\nglobal:\n  deep:\n    inner:\n      fromP: 1\ntwin:\n  on: true\n',
  ...tpl('p'),
  'p/charts/mid/Chart.yaml': chartYaml('mid', [
    '- name: leaf\n  version: 0.1.0\n  condition: leaf.on,global.leafOn\n  tags: [t-leaf]',
    '- name: side\n  version: 0.1.0\n  tags: [t-side]',
  ]),
  'p/charts/mid/values.yaml':
    'enabled: false\nown: mid\ntags:\n  t-side: false\nleaf:\n  on: true\nglobal:\n  deep:\n    inner:\n      fromMid: 1\n',
  ...tpl('p/charts/mid'),
  'p/charts/mid/charts/leaf/Chart.yaml': chartYaml('leaf'),
  'p/charts/mid/charts/leaf/values.yaml': 'own: leaf\non: false\n',
  ...tpl('p/charts/mid/charts/leaf'),
  'p/charts/mid/charts/side/Chart.yaml': chartYaml('side'),
  'p/charts/mid/charts/side/values.yaml': 'own: side\n',
  ...tpl('p/charts/mid/charts/side'),
  'p/charts/g/Chart.yaml': chartYaml('g'),
  'p/charts/g/values.yaml': 'own: g\nenabled: false\nglobal:\n  gOn: true\n',
  ...tpl('p/charts/g'),
  'p/charts/lib/Chart.yaml': chartYaml('lib'),
  'p/charts/lib/values.yaml':
    'enabled: true\nexports:\n  data:\n    fromLibData: 1\ndeep:\n  a: 1\n  n: null\n',
  ...tpl('p/charts/lib'),
  'p/charts/twin/Chart.yaml': chartYaml('twin'),
  'p/charts/twin/values.yaml': 'own: twin\non: false\n',
  ...tpl('p/charts/twin'),
});

const cases: Case[] = [];
const add = (name: string, ...args: string[]): void => {
  cases.push({ name, args: ['template', 'p', ...args] });
};

add('defaults');
add('mid disabled from the parent', '--set', 'mid.enabled=false');
add(
  'mid disabled in the parent values, re-enabled by --set',
  '--set',
  'mid.enabled=null',
  '--set',
  'mid.enabled=true',
);
add('mid enabled removed: its own default (false) decides', '--set', 'mid.enabled=null');
add('leaf off through the nested path', '--set', 'mid.leaf.on=false');
add('leaf condition non-bool, then the global', '--set', 'mid.leaf.on=maybe', '--set', 'global.leafOn=false');
add('leaf condition a table, global missing', '--set', 'mid.leaf.on.x=1');
add('leaf condition null falls to the global', '--set', 'mid.leaf.on=null', '--set', 'global.leafOn=false');
add('leaf global from mid values', '--set', 'mid.leaf.on=null', '--set', 'mid.global.leafOn=false');
add('leaf tag off', '--set', 'tags.t-leaf=false');
add('leaf tag off, condition on', '--set', 'tags.t-leaf=false', '--set', 'mid.leaf.on=true');
add('side re-enabled by a parent tag', '--set', 'tags.t-side=true');
add('side tag non-bool', '--set', 'tags.t-side=yes');
add('tags not a table at the root', '--set', 'tags=1');
add('g off by its global fallback', '--set', 'global.gOn=null', '--set', 'g.enabled=false');
add('g global non-bool', '--set', 'global.gOn=on');
add('g global false', '--set', 'global.gOn=false');
add('g enabled by its own value', '--set', 'global.gOn=null', '--set', 'g.enabled=true');
add('lib disabled: no import', '--set', 'lib.enabled=false');
add('lib imports overridden', '--set', 'fromLibData=p', '--set', 'fromLib.a=2', '--set', 'lib.deep.n=3');
add('twin2 by tag', '--set', 'tags.t-twin=true', '--set', 'twin2.on=false');
add('twin2 on, twin off', '--set', 'twin2.on=true', '--set', 'twin.on=false');
add(
  'globals shared down the tree',
  '--set',
  'global.deep.inner.fromSet=1',
  '--set',
  'mid.global.deep.inner.midSet=2',
);
add('global not a table in mid', '--set', 'mid.global=5');
add('global not a table', '--set', 'global=5');
add('leaf values a scalar at the root: type mismatch', '--set', 'leaf=5');
add('mid values a scalar', '--set', 'mid=5');
add('non-table over a subchart default table', '--set', 'mid.leaf=5');
add('all off', '--set', 'mid.enabled=false,lib.enabled=false,twin.on=false,global.gOn=false');

test('conditions and tags on nested subcharts give what helm gives', async () => {
  const outcomes = await runCases(cases, work);
  const bad = mismatches(outcomes);
  console.log(
    `dependency conditions: ${outcomes.length - bad.length}/${outcomes.length} cases equal to helm`,
  );
  assert.equal(bad.length, 0, report(outcomes));
});
