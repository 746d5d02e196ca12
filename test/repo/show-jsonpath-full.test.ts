// `show values --jsonpath` over the whole of client-go's JSONPath, compared with helm v4.3.2:
// fields, indexes and slices (negative, steps, out of bounds), unions, dict keys, filters (every
// operator, exists, int-vs-float64 mismatches), ranges (nested, empty, unclosed), wildcards,
// recursive descent, literals and quoted strings, and parse errors with their exact texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, rudder } from './support.js';

const VALUES =
  'name: top\nnum: 5\nf: 1.5\nbig: 12345678901234567890\nmil: 1000000\nneg: -3\nt: true\nfa: false\nz: null\ns: "héllo 日本 😀"\nlt: "<&>"\nem: {}\nel: []\none: {only: {deep: 42}}\nnums: [3, 1.25, -7, 1e21]\nitems:\n  - name: a\n    port: 80\n    enabled: true\n    tags: [x, w]\n  - name: b\n    port: 443\n    enabled: false\n    tags: []\n  - name: c\n    port: 8080\n    meta: {k: v}\n  - null\nmixed: [1, "two", null, [3], {four: 4}]\n';

const TEMPLATES = [
  '{.name}',
  '{.num}',
  '{.f}',
  '{.big}',
  '{.mil}',
  '{.neg}',
  '{.t} {.fa}',
  '{.z}',
  '{.s}',
  '{.lt}',
  '{.em}',
  '{.el}',
  '{.one}',
  '{.one.only.deep}',
  '{.nums}',
  '{.nums[*]}',
  '{.nums[0]}',
  '{.nums[-1]}',
  '{.nums[-4]}',
  '{.nums[-5]}',
  '{.nums[4]}',
  '{.nums[0:2]}',
  '{.nums[1:]}',
  '{.nums[:2]}',
  '{.nums[::2]}',
  '{.nums[1::2]}',
  '{.nums[-2:]}',
  '{.nums[0:5]}',
  '{.nums[2:1]}',
  '{.nums[2:2]}',
  '{.nums[::0]}',
  '{.nums[::-1]}',
  '{.nums[]}',
  '{.nums[0,2]}',
  '{.nums[0, -1]}',
  '{.nums[a]}',
  '{.nums[-]}',
  '{.nums[+1]}',
  '{.nums[1:2:3:4]}',
  '{.items[*].name}',
  '{.items[*].port}',
  '{.items[*].tags}',
  '{.items[*].tags[*]}',
  '{.items[*].meta.k}',
  "{.items[0]['name']}",
  "{.items[0]['name','port']}",
  "{.items[*]['name','port']}",
  '{.items[?(@.port>100)].name}',
  '{.items[?(@.port>100.0)].name}',
  '{.items[?(@.port==443.0)].name}',
  '{.items[?(@.port!=443.0)].name}',
  '{.items[?(@.port<=443.0)].name}',
  '{.items[?(@.port>=443.0)].name}',
  '{.items[?(@.port<443.0)].name}',
  '{.items[?(@.name=="b")].port}',
  "{.items[?(@.name=='c')].port}",
  '{.items[?(@.name!="b")].port}',
  '{.items[?(@.enabled)].name}',
  '{.items[?(@.meta)].name}',
  '{.items[?(@.enabled==true)].name}',
  '{.items[?(@.tags[0])].name}',
  '{.items[?(@.name=="a"||@.name=="b")].name}',
  '{.items[?(@.port=443.0)].name}',
  '{.items[?(@.port>)].name}',
  '{.items[?(@.port>100.0)]',
  '{range .items[*]}{.name}{"\\n"}{end}',
  '{range .items[0:3]}{.name}:{.port}{"\\t"}{end}',
  '{range .items[*]}[{.name}]{end}',
  '{range .items[*]}{@.name}{end}',
  '{range .mixed[*]}<{@}>{end}',
  '{range .el[*]}{.x}{end}',
  '{range .el[*]}x{end}done',
  '{range .items[0:2]}{range .tags[*]}{@},{end};{end}',
  '{range .items[0:2]}{.name}{end}{.num}',
  '{end}',
  '{range .items[*]}{.name}',
  '{..deep}',
  '{..port}',
  '{..k}',
  '{.one..deep}',
  '{.one.*}',
  '{.one.only.*}',
  '{.nums.*}',
  '{.name.*}',
  '{..only}',
  '{"hello"}',
  "{'single'}",
  '{"a\\tb\\u00e9"}',
  '{"\\xff"}',
  "{'it\\'s'}",
  '{"bad\\q"}',
  '{"unterminated}',
  '{1}',
  '{-2}',
  '{+3}',
  '{1.5}',
  '{1.0}',
  '{-0.0}',
  '{99999999999999999999}',
  '{1.2.3}',
  '{true}',
  '{false}',
  '{foo}',
  '{.a,b}',
  '{#}',
  '{\t.num}',
  '{.num\t}',
  'x{',
  '}',
  '{.nums[0}',
  '{.nums[?(@>1)}',
  '{.num} {.f} {.s}',
  'pre {.num} post',
  '{@}',
  '{$}',
  '{}',
  '{.}',
  '{...x}',
  '{.items..name}',
  '{.items[*].name.x}',
  '{.nope}',
  '{.num.x}',
  '{.z.x}',
  '{.z[0]}',
  '{.mixed[2]}',
  '{.mixed}',
  '{.mixed[*]}',
  '{range .mixed[*]}{@} {end}',
  '{.items[-1]}',
  "{.one['only']['deep']}",
  "{.one['only.deep']}",
  "{['num']}",
  '{.items[0].tags[0:1]}',
  '{.items[1].tags[0]}',
  '{.items[1].tags[0:0]}',
  '{.nums[?(@>1.0)]}',
  '{.nums[?(@<0.0)]}',
  '{.items[?(@.port>100.0)].tags[*]}',
  '{ .num }',
  '{$.num}',
  '{@.num}',
  '{.items[0].name}{.items[1].name}',
  '{.num}{"\\n"}',
  '{.s.*}',
  '{.nums[1:3][0]}',
  '{.items[*].name[0]}',
  '{.item\\.x}',
  '{range}',
  '{range .num}{@}{end}',
  '{end}{range .items[*]}{end}',
  "{.items[?(@.name)]['name']}",
  '{.s.*}',
  '{.items[?(@.name>"a")].name}',
  '{.items[?(@.name<"b")].name}',
  '{.items[?(@.name>=1)].name}',
  '{.mixed[?(@==1.0)]}',
  '{.mixed[?(@=="two")]}',
  '{.mixed[?(@)]}',
  '{.items[?(@.tags[*])].name}',
  '{.items[?(@.tags[5])].name}',
  '{.items[?(@.x.y)].name}',
  '{.items[?(@.name=="a")]}',
  '{.items[?(@.port > 100.0)].name}',
  '{.items[?( @.port>100.0 )].name}',
  "{.items[?(@.name=='a)'].name}",
  '{.items[?(@.name==")")].name}',
  '{.items[0,?(@.port>100.0)].name}',
  '{.items[ 0 ].name}',
  '{.items[0 , 1].name}',
  '{range .items[0:2]}{range .tags[*]}{@}{end}{end}',
  '{range .items[*]}{range .tags[*]}{@}{end}{end}',
  '{range .items[0:1]}{range .tags[*]}{@}{end}x{end}y',
  '{.lt\\.x}',
  '{.a\\\\b}',
  '{😀}',
  '{日本}',
  '{٣}',
  '{"\\u00"}',
  "{'a\"b'}",
  '{"a\\\'b"}',
  '{"a\\"b"}',
  "{'a\\\"b'}",
  '{"\\\\"}',
  '{"a\\\\"}',
  '{"\\U0001F600"}',
  '{"\\ud800"}',
  '{"\\377"}',
  '{"\\xe6\\x97\\xa5"}',
  '{.nums[9223372036854775807]}',
  '{.nums[99999999999999999999]}',
  '{.nums[5:5]}',
  '{.nums[-9223372036854775808]}',
  '{.nums[0:9223372036854775807]}',
  '{.nums[::9223372036854775807]}',
  '{.nums[1:-1]}',
  '{.nums[-1:1]}',
  '{.nums[*][*]}',
  '{.items[*].tags[0]}',
  '{.items[*]}',
  '{.one.only.deep.x}',
  '{range .items[*]}{end}',
  '{range .nums[*]}{@}{", "}{end}',
  '{range .nums[*]}{@} {end}',
  '{.items[?(@.enabled==true)].name}',
  '{.items[?(@.enabled!=false)].name}',
  '{.items[?(@.port<1e3)].name}',
  '{.items[?(@.port<1000.)].name}',
  '{.s.*[0]}',
  '{.items[0]..name}',
  '{..tags[0]}',
  '{..tags[*]}',
  '{.nums[0] .nums[1]}',
  '{.num "x"}',
  '{"x" .num}',
  '{1 2}',
  '{.items[?(@.name=="a")].tags[?(@=="w")]}',
  '{.items[?(@..k)].name}',
  '{.items[?(@.meta.*)].name}',
  '{.items[?(@.name in ["a"])].name}',
  '{.items[?(@.port>100.0 && @.port<500.0)].name}',
  '{\\}',
  '{.nums[1]}{.nums[1]}',
  '{-}',
  '{+}',
  '{.5}',
  '{-.5}',
  '{1.}',
  '{+.}',
  '{0x10}',
  '{1e5}',
  '{[0]}',
  '{[*]}',
  '{[?(@)]}',
  '{..*}',
  '{..[0]}',
  '{....}',
  '{..name..}',
  "{.items[*]['tags'][0]}",
  "{.items[*]['a b']}",
  "{.items[*]['']}",
  "{['lt']}",
  "{.items['0']}",
  "{.items[?(@.port>'a')]}",
];

// Recursive descent visits a Go map in random order: these compare as multisets of words.
const UNORDERED = ['{..name}', '{..}'];

function chart(values = true): string {
  const cwd = mkdtempSync(join(tmpdir(), 'jsonpath-full-'));
  mkdirSync(join(cwd, 'c'));
  writeFileSync(join(cwd, 'c', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  if (values) writeFileSync(join(cwd, 'c', 'values.yaml'), VALUES);
  return cwd;
}

test('show values --jsonpath: the whole JSONPath language, as helm', async () => {
  const cwd = chart();
  const env = cleanEnv();
  let nonEmpty = 0;
  for (const t of TEMPLATES) {
    const args = ['show', 'values', 'c', '--jsonpath', t];
    const [h, r] = await Promise.all([helm(args, env, cwd), rudder(args, env, cwd)]);
    assert.equal(r.stdout, h.stdout, `${t}: stdout`);
    assert.equal(r.stderr, h.stderr, `${t}: stderr`);
    assert.equal(r.code, h.code, `${t}: exit code`);
    if (h.stdout !== '') nonEmpty++;
  }
  // Most templates find something: this is not a comparison of empty outputs.
  assert.ok(nonEmpty > 80, `${nonEmpty} non-empty outputs`);
});

test('show values --jsonpath: recursive descent over maps, as helm up to map order', async () => {
  const cwd = chart();
  const env = cleanEnv();
  const words = (s: string): string[] => s.split(' ').sort();
  for (const t of UNORDERED) {
    const args = ['show', 'values', 'c', '--jsonpath', t];
    const [h, r] = await Promise.all([helm(args, env, cwd), rudder(args, env, cwd)]);
    assert.deepEqual(words(r.stdout), words(h.stdout), `${t}: stdout`);
    assert.equal(r.stderr, h.stderr, `${t}: stderr`);
    assert.equal(r.code, h.code, `${t}: exit code`);
  }
});

test('show values --jsonpath: a chart without values.yaml parses nothing, as helm', async () => {
  const cwd = chart(false);
  const env = cleanEnv();
  for (const t of ['{', '{.a}', '{#}']) {
    const args = ['show', 'values', 'c', '--jsonpath', t];
    const [h, r] = await Promise.all([helm(args, env, cwd), rudder(args, env, cwd)]);
    assert.deepEqual([r.stdout, r.stderr, r.code], [h.stdout, h.stderr, h.code], t);
  }
});
