// Coalescing user values with chart defaults over two levels of subcharts: nulls deleting
// defaults at each level, globals, table/scalar conflicts and their warnings, multi-document
// values files — compared with helm v4.3.2 through `template`.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { GoMap } from '../../src/go/value.js';
import { coalesceTables } from '../../src/values/coalesce.js';
import { parseSet } from '../../src/values/strvals.js';
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

const work = tempDir('rvals-coalesce-');
after(() => rmSync(work, { recursive: true, force: true }));

const tpl = (dir: string): Record<string, string> => ({
  [`${dir}/templates/_walk.tpl`]: WALK_TEMPLATE,
  [`${dir}/templates/values.yaml`]: VALUES_TEMPLATE,
});

writeTree(work, {
  'p/Chart.yaml': 'apiVersion: v2\nname: p\nversion: 0.1.0\ndependencies:\n- name: mid\n  version: 0.1.0\n',
  'p/values.yaml': [
    'global:',
    '  g: parent',
    '  gm:',
    '    a: parent',
    '    b: parent',
    '  gnull: null',
    'top: 1',
    'table:',
    '  a: 1',
    '  b: null',
    '  nested:',
    '    x: 1',
    '    y: null',
    'scalarDefault: 5',
    'tableDefault:',
    '  k: v',
    'nullDefault: null',
    'listDefault: [1, 2]',
    'withLists:',
    '  l: [1, null]',
    '  m:',
    '  - a: null',
    '    b: 1',
    '  inner:',
    '    gone: null',
    '    keep: 1',
    '    deeper:',
    '      gone: null',
    '      l: [null]',
    'mid:',
    '  fromParent: p',
    '  midDefaultNulled: null',
    '  midTable:',
    '    a: parent',
    '    gone: null',
    '  leaf:',
    '    fromParent: p',
    '    leafNulled: null',
    '    leafTable:',
    '      a: parent',
    '---',
    'secondDoc: 2',
    'table:',
    '  c: 3',
    '',
  ].join('\n'),
  ...tpl('p'),
  'p/charts/mid/Chart.yaml':
    'apiVersion: v2\nname: mid\nversion: 0.1.0\ndependencies:\n- name: leaf\n  version: 0.1.0\n',
  'p/charts/mid/values.yaml': [
    'global:',
    '  g: mid',
    '  gm:',
    '    b: mid',
    '    c: mid',
    '  gmid: mid',
    'fromParent: default',
    'midDefaultNulled: default',
    'midOwn: own',
    'midTable:',
    '  a: default',
    '  b: default',
    '  gone: default',
    'midScalar: 7',
    'midList: [a]',
    'midNull: null',
    'leaf:',
    '  fromMid: m',
    '  leafTable:',
    '    b: mid',
    '',
  ].join('\n'),
  ...tpl('p/charts/mid'),
  'p/charts/mid/charts/leaf/Chart.yaml': 'apiVersion: v2\nname: leaf\nversion: 0.1.0\n',
  'p/charts/mid/charts/leaf/values.yaml': [
    'global:',
    '  g: leaf',
    '  gleaf: leaf',
    'fromParent: default',
    'fromMid: default',
    'leafNulled: default',
    'leafTable:',
    '  a: default',
    '  b: default',
    '  c: default',
    'leafOwn: own',
    'leafDeep:',
    '  a:',
    '    b:',
    '      c: 1',
    '',
  ].join('\n'),
  ...tpl('p/charts/mid/charts/leaf'),
  'f/nulls.yaml':
    'top: null\ntable:\n  nested: null\nmid:\n  midOwn: null\n  leaf:\n    leafOwn: null\n    leafDeep:\n      a: null\n',
  'f/conflicts.yaml': 'scalarDefault:\n  now: table\ntableDefault: scalar\n',
  'f/multi.yaml': 'mid:\n  a: 1\n---\nmid:\n  b: 2\n---\nmid: null\n',
  'f/global.yaml': 'global:\n  gm:\n    a: file\n    z: file\n  g: null\n',
});

const cases: Case[] = [];
const add = (name: string, args: string[], opts: Partial<Case> = {}): void => {
  cases.push({ name, args, ...opts });
};
const P = (...a: string[]): string[] => ['template', 'p', ...a];

add('defaults', P());
add('null top-level default', P('--set', 'top=null'));
add('null nested default', P('--set', 'table.nested.x=null'));
add('null table default', P('--set', 'table=null'));
add('null unknown key', P('--set', 'unknown=null'));
add('null mid default from root', P('--set', 'mid.midOwn=null'));
add('null mid table from root', P('--set', 'mid.midTable=null'));
add('null leaf default from root', P('--set', 'mid.leaf.leafOwn=null'));
add('null leaf nested default', P('--set', 'mid.leaf.leafDeep.a.b=null'));
add('null leaf table', P('--set', 'mid.leaf.leafTable=null'));
add('null whole mid', P('--set', 'mid=null'));
add('null whole leaf', P('--set', 'mid.leaf=null'));
add('nulls from file', P('-f', 'f/nulls.yaml'));
add('null then value', P('--set', 'top=null', '--set', 'top=2'));
add('set-json null nested', P('--set-json', 'mid={"leaf":{"leafTable":{"a":null}}}'));
add('table over scalar default', P('--set', 'scalarDefault.now=table'));
add('scalar over table default', P('--set', 'tableDefault=scalar'));
add('list over table default', P('--set', 'tableDefault[0]=x'));
add('table over list default', P('--set', 'listDefault.a=x'));
add('conflicts from file', P('-f', 'f/conflicts.yaml'), { unordered: true });
add('mid scalar over table', P('--set', 'mid.midTable=5'));
add('mid table over scalar', P('--set', 'mid.midScalar.x=1'));
add('leaf scalar over table', P('--set', 'mid.leaf.leafTable=5'), { unordered: true });
add('parent table over sub default scalar', P('--set', 'mid.midScalar.nowTable=1'));
add('leaf table over scalar', P('--set', 'mid.leaf.leafOwn.x=1'));
add('leaf deep conflict', P('--set', 'mid.leaf.leafDeep.a=1'));
add('leaf deep conflict reverse', P('--set', 'mid.leaf.leafDeep.a.b.c.d=1'));
add('mid list over table', P('--set', 'mid.midTable[1]=x'));
add('mid values scalar', P('--set', 'mid=1'));
add('leaf values scalar', P('--set', 'mid.leaf=1'));
add('leaf values string', P('--set-string', 'mid.leaf=x'));
add('global override', P('--set', 'global.g=set'));
add('global map merge', P('--set', 'global.gm.c=set'));
add('global in mid', P('--set', 'mid.global.gm.d=set', '--set', 'mid.global.g=midset'));
add('global in leaf', P('--set', 'mid.leaf.global.g=leafset', '--set', 'mid.leaf.global.gm.a=leafset'));
add('global null', P('--set', 'global.g=null'));
add('global map null', P('--set', 'global.gm=null'));
add('global nested null', P('--set', 'global.gm.a=null'));
add('global from file', P('-f', 'f/global.yaml'));
add('global list', P('--set', 'global.l[0]=1'));
add('multi-doc file', P('-f', 'f/multi.yaml'));
add('int64 survives', P('--set', 'mid.leaf.n=12345678', '--set', 'global.n=5'));
add('defaults with nulls in lists and tables, overridden', P('--set', 'withLists.inner.keep=2'));
add('scalar over a table holding nulls', P('--set', 'withLists.inner=1'));
add('null over a table holding nulls', P('--set', 'withLists=null'));
add('deep new tables', P('--set', 'mid.leaf.new.a.b.c=1', '--set', 'mid.new.x=1'));

test('coalesced values at every level give what helm gives', async () => {
  const outcomes = await runCases(cases, work);
  const bad = mismatches(outcomes);
  console.log(`coalesce: ${outcomes.length - bad.length}/${outcomes.length} cases equal to helm`);
  assert.equal(bad.length, 0, report(outcomes));
});

test('coalesceTables keeps the destination and reports conflicts', () => {
  const dst = new GoMap();
  const src = new GoMap();
  parseSet('a=1,b.c=2,d=x', dst);
  parseSet('a.x=1,b.c=3,b.e=4,d=null,f=5', src);
  const warnings: string[] = [];
  coalesceTables((m) => warnings.push(m), dst, src);
  assert.deepEqual([...dst.entries.keys()].sort(), ['a', 'b', 'd', 'f']);
  assert.deepEqual(warnings, ['warning: cannot overwrite table with non table for a (map[x:1])']);
});
