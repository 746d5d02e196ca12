// The --set family (--set, --set-string, --set-json, --set-literal, --set-file) and -f files,
// compared with helm v4.3.2 through `template` on a chart printing its values with Go types.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { GoMap } from '../../src/go/value.js';
import {
  parseSet,
  parseSetJson,
  parseSetLiteral,
  parseSetString,
  typedVal,
} from '../../src/values/strvals.js';
import {
  type Case,
  VALUES_TEMPLATE,
  WALK_TEMPLATE,
  report,
  mismatches,
  runCases,
  tempDir,
  writeTree,
} from './support.js';

const work = tempDir('rvals-strvals-');
after(() => rmSync(work, { recursive: true, force: true }));

writeTree(work, {
  'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'c/values.yaml': 'def:\n  keep: 1\n  drop: x\nlist: [1, 2, 3]\nscalar: s\n',
  'c/templates/_walk.tpl': WALK_TEMPLATE,
  'c/templates/values.yaml': VALUES_TEMPLATE,
  'e/Chart.yaml': 'apiVersion: v2\nname: e\nversion: 0.1.0\n',
  'e/templates/_walk.tpl': WALK_TEMPLATE,
  'e/templates/values.yaml': VALUES_TEMPLATE,
  'f/plain.txt': 'hello\nworld\n',
  'f/commas.txt': 'a,b=c\\d{e}',
  'f/empty.txt': '',
  'f/unicode.txt': 'héllo ✓\n',
  'f/one.yaml': 'a: 1\nb:\n  c: two\n  d: [1, 2]\n',
  'f/two.yaml': 'b:\n  c: three\n  e: null\nn: 1e3\nq: "007"\n',
  'f/multi.yaml': 'a: 1\nm:\n  x: 1\n---\nb: 2\nm:\n  y: 2\n---\na: 3\n',
  'f/multi-null.yaml': 'a: 1\n---\n---\na: null\nz: [1]\n',
  'f/list.yaml': '- 1\n- 2\n',
  'f/scalar.yaml': 'hello\n',
  'f/bad.yaml': 'a: [1\n',
  'f/empty.yaml': '',
  'f/comment.yaml': '# nothing\n',
  'f/types.yaml':
    'i: 12345678\nf: 1.5\nb: yes\no: 0777\nx: 0x1F\nbig: 9223372036854775808\nt: 2020-01-01\nk:\n  1: one\n  true: t\n',
  'f/setjson.yaml': 'j:\n  keep: 1\n',
});

const T = (...args: string[]): string[] => ['template', 'c', ...args];
const E = (...args: string[]): string[] => ['template', 'e', ...args];

const cases: Case[] = [];
const add = (name: string, args: string[], stdin?: string): void => {
  cases.push({ name, args, ...(stdin !== undefined ? { stdin } : {}) });
};

// --set typing: every value under its own key, in one run per flag (and one per value, for
// the values whose typing differs between the kinds).
const TYPING = [
  'true',
  'TRUE',
  'True',
  'false',
  'FaLsE',
  'fal\u017fe',
  'null',
  'NULL',
  'Null',
  '0',
  '00',
  '007',
  '-5',
  '+5',
  '-0',
  '1.5',
  '1e3',
  '1E3',
  '-1.5e-3',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854775809',
  '99999999999999999999',
  '0x10',
  '0o7',
  '1_000',
  ' 5',
  '5 ',
  'yes',
  'no',
  'on',
  '~',
  '.inf',
  'NaN',
  'héllo',
  '日本語',
  '✓',
  '',
  'a b',
  '"quoted"',
  "'single'",
  '[1,2]',
  '-',
  '--5',
  '1-2',
];
for (const flag of ['--set', '--set-string', '--set-literal']) {
  add(`${flag} typing batch`, E(...TYPING.flatMap((v, i) => [flag, `k${String(i).padStart(2, '0')}=${v}`])));
}
add(
  '--set-json typing batch',
  E(...TYPING.flatMap((v, i) => ['--set-json', `k${String(i).padStart(2, '0')}=${JSON.stringify(v)}`])),
);
for (const v of ['true', 'null', '007', '-5', '1.5', '9223372036854775808', 'fal\u017fe']) {
  add(`set typing ${JSON.stringify(v)}`, E('--set', `v=${v}`));
}
// --set syntax
for (const a of [
  'a=b',
  'a=b,c=d',
  'a.b=c',
  'a.b.c.d=e',
  'a=b,a=c',
  'a.b=1,a.c=2',
  'a=1,a.b=2',
  'a.b=1,a=2',
  'a\\,b=c',
  'a\\.b=c',
  'a\\=b=c',
  'a\\[0]=c',
  'a=b\\,c',
  'a=b\\.c',
  'a=b\\=c',
  'a=b\\\\c',
  'a=b\\',
  'a\\\\=b',
  'a=\\{1,2}',
  'a=x\\y',
  'a={b,c}',
  'a={}',
  'a={,}',
  'a={b}',
  'a={1,true,null,x}',
  'a={b,c',
  'a={b,c},d=e',
  'a={b\\,c,d}',
  'a={b}x',
  'a={b},',
  'a={{b}}',
  'a[0]=b',
  'a[1]=b',
  'a[3]=b',
  'a[0]=b,a[1]=c',
  'a[1]=c,a[0]=b',
  'a[0].b=c',
  'a[0].b=c,a[0].d=e',
  'a[1].b=c',
  'a[0][1]=x',
  'a[1][0][2]=y',
  'a[0][0].b=c',
  'a[0]={x,y}',
  'a[-1]=b',
  'a[65536]=b',
  'a[65537]=b',
  'a[99999999999999999999]=b',
  'a[x]=b',
  'a[]=b',
  'a[0',
  'a[0]x=b',
  'a[0]',
  'a[0]=',
  'a[0].b',
  'a[0].b=',
  'a[0][1]',
  'a[ 1]=b',
  'a[+1]=b',
  'a[01]=b',
  'a.b[0]=c',
  'a.b[0].c[1].d=e',
  'a=',
  'a',
  'a,b=c',
  'a=b,',
  'a=b,,c=d',
  ',a=b',
  '=b',
  '=',
  ',',
  '',
  'a..b=c',
  '.a=b',
  'a.=b',
  'a.',
  'a.b',
  'a.b,',
  'a=b=c',
  'a = b',
  'list[0]=x',
  'list[5]=x',
  'list=x',
  'list.a=b',
  'def.keep=2',
  'def=null',
  'def.drop=null',
  'scalar.x=1',
  'scalar[0]=1',
  'def[0]=1',
  'a=1,a[0]=2',
  'a[0]=1,a.b=2',
  'a[0]=1,a[0].b=2',
  'a[0].b=1,a[0][0]=2',
  'a.b=1,a.b.c=2',
  'a.b.c=1,a.b=2',
  'é=ü',
  'ключ.значение=1',
  'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a1.b1.c1.d1.e1=1',
  'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a1.b1.c1.d1=1',
  'global.x=1',
  'a=b c,d=e f',
  'a[0][1',
  'a[9007199254740993]=1',
  'a[9223372036854775808]=1',
  'a[0x1]=1',
  'a[0]é\u0001=1',
  "a[0]'x=1",
  'a[0][1]x=1',
  'a\u0007=',
]) {
  add(`set ${a}`, T('--set', a));
}
for (const a of [
  'a={b,c}',
  'a[0]=5',
  'a[2].b=007',
  'a=b\\,c',
  'a',
  'a=',
  'a.b=true',
  'list[1]=7',
  'a[0][1]=1',
]) {
  add(`set-string ${a}`, T('--set-string', a));
}
// --set-json
for (const a of [
  'a={"b":1}',
  'a=[1,2,{"c":true}]',
  'a=1',
  'a=1.5',
  'a=1e3',
  'a=12345678901234567890',
  'a="str"',
  'a=null',
  'a=true',
  'a=',
  'a',
  'a={"b":1},c=2',
  'a=1,c="x,y"',
  'a.b=[1]',
  'a[0]=1',
  'a[1]={"x":1}',
  'a=[1,2],a[3]=4',
  'a={',
  'a=tru',
  'a=1 ,b=2',
  'a= 1',
  'a=1x',
  '{"a":1,"b":{"c":[1,2]}}',
  ' {"a":1}',
  '{"a":1',
  '{"def":{"drop":null}}',
  '{"def":null}',
  '[1,2]',
  '"x"',
  'a={"b":1}{"c":2}',
  'a=[]',
  'a={}',
  'a="\\u00e9"',
  'a=-0',
  'a=1E400',
  'a={"x":{"y":{"z":null}}}',
  'def.keep={"n":1}',
  'list=[9]',
]) {
  add(`set-json ${a}`, T('--set-json', a));
}
// --set-literal
for (const a of [
  'a=b,c=d',
  'a=b=c',
  'a={b,c}',
  'a=\\,',
  'a.b=x,y',
  'a[0]=1,2',
  'a[1].b=x',
  'a=',
  'a',
  'a.b',
  'a\\.b=c',
  'a[0][1]=x',
  'a=true',
  'a=null',
  'a=5',
  'a[x]=1',
  'a[-1]=1',
  '=x',
  'a..b=1',
  'def.keep=lit',
  'a[0][x]=1',
  'a[0][1',
  'a[0]x=1',
  'a[0',
  'a[1][2].c=d',
]) {
  add(`set-literal ${a}`, T('--set-literal', a));
}
// --set-file
for (const a of [
  'a=f/plain.txt',
  'a=f/commas.txt',
  'a=f/empty.txt',
  'a=f/unicode.txt',
  'a=f/missing.txt',
  'a.b=f/plain.txt',
  'a[1]=f/plain.txt',
  'a=f/plain.txt,b=f/empty.txt',
  'a={f/plain.txt,f/empty.txt}',
  'a=',
  'a',
  'a=f',
  'a=f/plain.txt\\,x',
]) {
  add(`set-file ${a}`, T('--set-file', a));
}
// precedence across kinds and files
add(
  'precedence all kinds',
  T(
    '--set-literal',
    'a=lit',
    '--set-file',
    'a=f/plain.txt',
    '--set-string',
    'a=str',
    '--set',
    'a=1',
    '--set-json',
    'a=2',
    '-f',
    'f/one.yaml',
  ),
);
add('precedence set vs json', T('--set', 'a=1', '--set-json', 'a=[2]'));
add('precedence string vs set', T('--set-string', 'a=1', '--set', 'a=2'));
add('precedence file vs string', T('--set-file', 'a=f/plain.txt', '--set-string', 'a=x'));
add('precedence literal vs file', T('--set-literal', 'a=lit', '--set-file', 'a=f/plain.txt'));
add('same kind left to right', T('--set', 'a=1', '--set', 'a=2'));
add('same kind left to right string', T('--set-string', 'a=1', '--set-string', 'a=2,b=3'));
add('set nested over json map', T('--set-json', 'a={"b":1,"c":2}', '--set', 'a.b=3'));
add('set list over json list', T('--set-json', 'a=[1,2,3]', '--set', 'a[1]=x'));
add('set over file list index', T('-f', 'f/one.yaml', '--set', 'b.d[3]=x'));
add('set map over file scalar', T('-f', 'f/one.yaml', '--set', 'a.x=1'));
add('set scalar over file map', T('-f', 'f/one.yaml', '--set', 'b=1'));
add('set null over file', T('-f', 'f/one.yaml', '--set', 'b.c=null'));
add('set index over scalar', T('--set', 'a=1', '--set', 'a[0]=2'));
add('set map over list', T('--set', 'a[0]=1', '--set', 'a.b=2'));
add('set-json whole object merge', T('-f', 'f/setjson.yaml', '--set-json', '{"j":{"add":2}}'));
add('set-json whole then key', T('--set-json', '{"j":{"a":1}}', '--set-json', 'j.b=2'));
add('set-json key over file', T('-f', 'f/setjson.yaml', '--set-json', 'j={"new":1}'));
add('files left to right', T('-f', 'f/one.yaml', '-f', 'f/two.yaml'));
add('files right to left', T('-f', 'f/two.yaml', '-f', 'f/one.yaml'));
add('values comma list', T('--values', 'f/one.yaml,f/two.yaml'));
add('file multi docs', T('-f', 'f/multi.yaml'));
add('file multi null', T('-f', 'f/multi-null.yaml'));
add('file list', T('-f', 'f/list.yaml'));
add('file scalar', T('-f', 'f/scalar.yaml'));
add('file bad', T('-f', 'f/bad.yaml'));
add('file empty', T('-f', 'f/empty.yaml'));
add('file comment', T('-f', 'f/comment.yaml'));
add('file types', T('-f', 'f/types.yaml'));
add('file missing', T('-f', 'f/nope.yaml'));
add('file dir', T('-f', 'f'));
add('stdin', T('-f', '-'), 'a: 1\nb: [x]\n');
add('stdin multi', T('-f', '-'), 'a: 1\n---\nb: 2\n');
add('stdin and file', T('-f', 'f/one.yaml', '-f', '-', '--set', 'a=9'), 'a: 2\nz: 1\n');
add('stdin bad', T('-f', '-'), 'a: [\n');
add('stdin empty', T('-f', '-'), '');
add('set-file stdin', T('--set-file', 'a=-'), 'from stdin\n');
add('set-file stdin spaced', T('--set-file', 'a= -'), 'from stdin\n');
add('set null deletes default', T('--set', 'def.keep=null', '--set', 'list=null'));
add('set-string null', T('--set-string', 'def.keep=null'));
add('set-json null deletes default', T('--set-json', 'def={"keep":null}'));
add('set-literal many', T('--set-literal', 'a=1', '--set-literal', 'b.c=x,y=z'));
add('unknown chart values file', T('-f', 'f/two.yaml', '--set', 'b.e=1'));

test('the --set family and -f files give what helm gives', async () => {
  const outcomes = await runCases(cases, work);
  const bad = mismatches(outcomes);
  console.log(`strvals: ${outcomes.length - bad.length}/${outcomes.length} cases equal to helm`);
  assert.equal(bad.length, 0, report(outcomes));
});

test('parser units', () => {
  const m = new GoMap();
  parseSet('a.b[1]=5,c=x', m);
  parseSetString('d=5', m);
  parseSetJson('e={"f":1}', m);
  parseSetLiteral('g=h,i', m);
  assert.deepEqual([...m.entries.keys()], ['a', 'c', 'd', 'e', 'g']);
  assert.equal(m.entries.get('g'), 'h,i');
  assert.equal(typedVal('007', false), '007');
  assert.equal(typedVal('TRUE', false), true);
  assert.equal(typedVal('null', false), null);
});
