// Subcharts: conditions, tags, aliases, import-values, disabled charts and .Subcharts, compared
// with helm v4.3.2 through `template` on temp charts printing their values at every level.
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
} from './support.js';

const work = tempDir('rvals-deps-');
after(() => rmSync(work, { recursive: true, force: true }));

const chartYaml = (name: string, deps = '', extra = ''): string =>
  `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n${extra}${deps ? `dependencies:\n${deps}` : ''}`;
const tpl = (dir: string): Record<string, string> => ({
  [`${dir}/templates/_walk.tpl`]: WALK_TEMPLATE,
  [`${dir}/templates/values.yaml`]: VALUES_TEMPLATE,
});

// c: conditions (comma lists, non-bools), tags, an alias of the same chart, a nested subchart.
writeTree(work, {
  'c/Chart.yaml': chartYaml(
    'c',
    [
      '- name: sub\n  version: 0.1.0\n  condition: sub.enabled,global.subEnabled',
      '- name: sub\n  alias: other\n  version: ">=0.1.0"\n  condition: other.enabled\n  tags: [t2]',
      '- name: tagged\n  version: 0.1.0\n  tags: [t1, t2]',
      '- name: cond\n  version: 0.1.0\n  condition: " cond.on , cond.fallback "',
    ].join('\n') + '\n',
  ),
  'c/values.yaml':
    'tags:\n  t1: false\nsub:\n  fromParent: 1\nother:\n  fromParent: 2\ncond:\n  fallback: true\n',
  ...tpl('c'),
  'c/templates/subcharts.yaml':
    '# subcharts: {{ keys .Subcharts | sortAlpha }}\n{{- range $k, $v := .Subcharts }}\n# {{ $k }}: {{ $v.Chart.Name }} {{ toJson $v.Values }}\n{{- end }}\n# deps: {{ range .Chart.Dependencies }}{{ .Name }}/{{ .Enabled }}/{{ .Alias }} {{ end }}\n',
  'c/charts/sub/Chart.yaml': chartYaml('sub', '- name: leaf\n  version: 0.1.0\n  condition: leaf.enabled\n'),
  'c/charts/sub/values.yaml': 'enabled: true\nown: sub\nleaf:\n  fromSub: 1\n',
  ...tpl('c/charts/sub'),
  'c/charts/sub/charts/leaf/Chart.yaml': chartYaml('leaf'),
  'c/charts/sub/charts/leaf/values.yaml': 'own: leaf\nenabled: true\n',
  ...tpl('c/charts/sub/charts/leaf'),
  'c/charts/tagged/Chart.yaml': chartYaml('tagged'),
  'c/charts/tagged/values.yaml': 'own: tagged\n',
  ...tpl('c/charts/tagged'),
  'c/charts/cond/Chart.yaml': chartYaml('cond'),
  'c/charts/cond/values.yaml': 'own: cond\n',
  ...tpl('c/charts/cond'),
  'c/charts/undeclared/Chart.yaml': chartYaml('undeclared'),
  'c/charts/undeclared/values.yaml': 'own: undeclared\n',
  ...tpl('c/charts/undeclared'),
});

// i: import-values in both forms, parent values winning, missing tables, nested imports.
writeTree(work, {
  'i/Chart.yaml': chartYaml(
    'i',
    [
      '- name: lib\n  version: 0.1.0\n  import-values:\n  - data\n  - missing\n  - child: deep.table\n    parent: imported.here\n  - child: nope\n    parent: x\n  - child: deep\n    parent: .',
      '- name: lib2\n  version: 0.1.0\n  import-values: [data]',
    ].join('\n') + '\n',
  ),
  'i/values.yaml': 'imported:\n  here:\n    own: parent\nfromData: parent\n',
  ...tpl('i'),
  'i/charts/lib/Chart.yaml': chartYaml(
    'lib',
    '- name: inner\n  version: 0.1.0\n  import-values:\n  - child: out\n    parent: fromInner\n',
  ),
  'i/charts/lib/values.yaml':
    'exports:\n  data:\n    fromData: lib\n    dataOnly: 1\n    nulled: null\ndeep:\n  table:\n    a: 1\n    own: lib\n  other: 2\n',
  ...tpl('i/charts/lib'),
  'i/charts/lib/charts/inner/Chart.yaml': chartYaml('inner'),
  'i/charts/lib/charts/inner/values.yaml': 'out:\n  v: inner\n',
  ...tpl('i/charts/lib/charts/inner'),
  'i/charts/lib2/Chart.yaml': chartYaml('lib2'),
  'i/charts/lib2/values.yaml': 'exports:\n  data:\n    fromData: lib2\n    lib2only: true\n',
  ...tpl('i/charts/lib2'),
});

const cases: Case[] = [];
const add = (name: string, args: string[], opts: Partial<Case> = {}): void => {
  cases.push({ name, args, ...opts });
};
const C = (...a: string[]): string[] => ['template', 'c', ...a];
const I = (...a: string[]): string[] => ['template', 'i', ...a];

add('defaults', C());
add('sub disabled', C('--set', 'sub.enabled=false'));
add('sub disabled by global fallback', C('--set', 'sub.enabled=null', '--set', 'global.subEnabled=false'));
add('sub condition non-bool', C('--set', 'sub.enabled=yes'));
add('sub condition non-bool then global', C('--set', 'sub.enabled=yes', '--set', 'global.subEnabled=false'));
add('sub condition table', C('--set', 'sub.enabled.x=1'));
add('alias disabled', C('--set', 'other.enabled=false'));
add('alias enabled by tag', C('--set', 'tags.t2=true'));
add('alias tag false, condition true', C('--set', 'tags.t2=false', '--set', 'other.enabled=true'));
add('tags t1 true', C('--set', 'tags.t1=true'));
add('tags t1 false t2 false', C('--set', 'tags.t2=false'));
add('tags non-bool', C('--set', 'tags.t1=maybe'));
add('tags not a table', C('--set', 'tags=5'));
add('cond off', C('--set', 'cond.on=false'));
add('cond fallback false', C('--set', 'cond.fallback=false'));
add('cond fallback string', C('--set-string', 'cond.fallback=true'));
add('leaf disabled', C('--set', 'sub.leaf.enabled=false'));
add('leaf disabled in sub values', C('--set', 'sub.leaf.enabled=false', '--set', 'sub.enabled=true'));
add('leaf non-bool', C('--set', 'sub.leaf.enabled=1'));
add('disabled chart values kept', C('--set', 'sub.enabled=false', '--set', 'sub.x=1'));
add('undeclared chart values', C('--set', 'undeclared.x=1'));
add('sub values scalar', C('--set', 'sub=5'));
add('sub values list', C('--set', 'sub[0]=5'));
add('sub values null', C('--set', 'sub=null'));
add('other null', C('--set', 'other=null'));
add('global into leaf', C('--set', 'global.g=1', '--set', 'sub.global.s=2', '--set', 'sub.leaf.global.l=3'));
add('global scalar', C('--set', 'global=5'));
add('global in sub scalar', C('--set', 'sub.global=5'));
add('global map merge', C('--set', 'global.m.a=1', '--set', 'sub.global.m.b=2', '--set', 'sub.global.m.a=9'));
add('global conflict', C('--set', 'global.m.a=1', '--set', 'sub.global.m=5'));
add('global conflict reverse', C('--set', 'global.m=1', '--set', 'sub.global.m.a=5'));
add(
  'all disabled',
  C('--set', 'sub.enabled=false,other.enabled=false,cond.on=false', '--set', 'tags.t1=false'),
);
add('imports default', I());
add('imports parent override', I('--set', 'fromData=set', '--set', 'imported.here.a=5'));
add('imports null parent', I('--set', 'fromData=null'));
add(
  'imports sub override',
  I('--set', 'lib.exports.data.fromData=override', '--set', 'lib2.exports.data.lib2only=null'),
);
add('imports child table scalar', I('--set', 'lib.deep.table=5'));
add('imports inner override', I('--set', 'lib.inner.out.v=set'));

test('subchart conditions, tags, aliases and import-values give what helm gives', async () => {
  const outcomes = await runCases(cases, work);
  const bad = mismatches(outcomes);
  console.log(`dependencies: ${outcomes.length - bad.length}/${outcomes.length} cases equal to helm`);
  assert.equal(bad.length, 0, report(outcomes));
});
