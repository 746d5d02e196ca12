// The values schema's `pattern` and `patternProperties` (santhosh-tekuri/jsonschema v6: Go's
// regexp.Compile, MatchString) on regex.ts's compiled regexps: patterns of the subset regex-js.ts
// translates run on V8's linear engine and load no re2 chunk; the rest, and every compile error,
// stay on re2js. Compared with helm v4.3.2: pass and fail, error texts byte-equal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Case, mismatches, report, rudderBin, runCases, tempDir, writeTree } from './support.js';

const work = tempDir('rvals-schema-re-');
after(() => rmSync(work, { recursive: true, force: true }));

const cases: Case[] = [];
let n = 0;
/** One chart per schema (values.yaml given as bytes' text); each args list is a case on it. */
function schema(name: string, schemaText: string, runs: string[][], values = 'name: default\n'): string {
  const dir = `r${String(n++).padStart(3, '0')}`;
  writeTree(work, {
    [`${dir}/Chart.yaml`]: `apiVersion: v2\nname: ${dir}\nversion: 0.1.0\n`,
    [`${dir}/values.schema.json`]: schemaText,
    [`${dir}/templates/cm.yaml`]: 'ok: {{ toJson .Values }}\n',
  });
  writeFileSync(join(work, dir, 'values.yaml'), Buffer.from(values, 'latin1'));
  runs.forEach((args, i) => cases.push({ name: `${name} #${i}`, args: ['template', dir, ...args] }));
  return dir;
}
const S = (o: unknown): string => JSON.stringify(o);

// In the subset (bitnami's and the usual schema patterns).
const inSubset = schema(
  'subset',
  S({
    properties: {
      a: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
      b: { pattern: '^(Always|IfNotPresent|Never)$' },
      c: { pattern: '\\d+(\\.\\d+)?(m|Mi|Gi)?' },
      d: { pattern: '^.$' },
      // bitnami/mysql's: counts V8's linear engine takes only written out (regex-js.ts)
      e: { pattern: '^[a-zA-Z0-9]{1,64}$' },
      labels: { patternProperties: { '^x-[a-z]+$': { type: 'string' }, '\\.': { type: 'integer' } } },
    },
  }),
  [
    [],
    ['--set', 'a=ok-1,b=Never,c=10Mi,d=x'],
    ['--set', 'a=-bad'],
    ['--set', 'b=always'],
    ['--set', 'c=none'],
    ['--set', 'd=ab'],
    ['--set', 'd=é'],
    ['--set-json', 'd="😀"'],
    ['--set-json', 'd="\\n"'],
    ['--set', `e=${'x1'.repeat(32)}`],
    ['--set', `e=${'x1'.repeat(32)}z`],
    ['--set', 'e=a_b'],
    ['--set', 'labels.x-a=1,labels.x-b=b'],
    ['--set-json', 'labels={"x-b":"y","a.b":"z","x-c.d":1}'],
  ],
);
// Outside the subset: flags, Unicode classes, POSIX classes, backreference-free Go-only syntax.
schema(
  'outside the subset',
  S({
    properties: {
      a: { pattern: '(?i)x' },
      b: { pattern: '^\\pL+$' },
      c: { pattern: '^[[:alpha:]]+$' },
      d: { pattern: '^(a*)*$' },
      e: { pattern: '\\Qa.b\\E' },
      labels: { patternProperties: { '(?i)^X-': { type: 'string' } } },
    },
  }),
  [
    ['--set', 'a=X,b=é,c=abc,d=aaa,e=xa.bx'],
    ['--set', 'a=y'],
    ['--set', 'b=1'],
    ['--set', 'c=a1'],
    ['--set', 'd=ab'],
    ['--set', 'e=axb'],
    ['--set', 'labels.x-a=1'],
  ],
);
// Compile errors, in `pattern` and `patternProperties`: Go's regexp error text, byte-equal.
// (Helm reports them from the metaschema's `format: regex`, a tree Rudder does not print yet.)
const badCases: Case[] = [];
for (const bad of [
  '(',
  'a**',
  '[z-a]',
  'x{1001}',
  '\\8',
  '(?P<a-b>x)',
  '\\pX',
  '[[:foo:]]',
  'a{2}{3}',
  '(?x)',
]) {
  const at = cases.length;
  schema(`bad ${bad}`, S({ properties: { a: { pattern: bad } } }), [[]]);
  schema(`bad key ${bad}`, S({ patternProperties: { '^ok$': {}, [bad]: {} } }), [[]]);
  badCases.push(...cases.splice(at));
}
// Go 1.26 accepts a group name used twice.
schema('repeated group name', S({ properties: { a: { pattern: '^(?<n>a)(?<n>b)$' } } }), [
  ['--set', 'a=ab'],
  ['--set', 'a=ba'],
]);
// Bytes of invalid UTF-8: Go's regexp reads each of a subject's as U+FFFD; encoding/json decodes
// each of the schema's, and a lone surrogate escape, as U+FFFD.
const utf8 = schema(
  'invalid UTF-8',
  '{"properties": {"a": {"pattern": "^a\xffb$"}, "b": {"pattern": "^.$"}, "c": {"pattern": "^x\\ud800$"},' +
    ' "d": {"patternProperties": {"^k\xff": {"type": "integer"}}}}}',
  [
    ['--set-file', 'a=inv.txt'],
    ['--set-file', 'b=one.txt'],
    ['--set-file', 'b=inv.txt'],
    ['--set-file', 'a=one.txt'],
    ['--set', 'c=x'],
    ['--set-json', 'c="x\ufffd"'],
    ['--set-json', 'd={"k\ufffd":"s","k":"t"}'],
  ],
);
writeFileSync(
  join(work, utf8, 'values.schema.json'),
  Buffer.from(readFileSync(join(work, utf8, 'values.schema.json'), 'utf8'), 'latin1'),
);
writeFileSync(join(work, 'inv.txt'), Buffer.from('a\xffb', 'latin1'));
writeFileSync(join(work, 'one.txt'), Buffer.from('\xff', 'latin1'));

test('values schema patterns give what helm gives', async () => {
  const outcomes = await runCases(cases, work);
  const bad = mismatches(outcomes);
  console.log(`schema patterns: ${outcomes.length - bad.length}/${outcomes.length} cases equal to helm`);
  assert.equal(bad.length, 0, report(outcomes, 40));
});

test("invalid patterns give Go's regexp error text", async () => {
  const outcomes = await runCases(badCases, work);
  const goError = (t: string): string => /error parsing regexp: .*/.exec(t)?.[0] ?? `none in ${t}`;
  for (const { c, helm, rudder } of outcomes) {
    assert.equal(rudder.code, 1, c.name);
    assert.equal(helm.code, 1, c.name);
    assert.equal(goError(rudder.stderr), goError(helm.stderr), c.name);
  }
  assert.equal(outcomes.length, 20);
});

/** The chunks a `rudder template` of dir loads (RUDDER_TRACE_CHUNKS). */
function chunks(dir: string, args: string[] = []): { chunks: string[]; status: number | null } {
  const env = { HOME: join(work, 'home'), PATH: process.env.PATH ?? '', RUDDER_TRACE_CHUNKS: '1' };
  const r = spawnSync(rudderBin(), ['template', dir, ...args], { cwd: work, env, encoding: 'utf8' });
  return { chunks: [...r.stderr.matchAll(/^rudder: chunk (\S+)$/gm)].map((m) => m[1]!), status: r.status };
}

test('a schema with patterns of the subset loads no re2 chunk', () => {
  // (toJson loads the yaml chunk: left out of the list)
  const seen = (args: string[] = [], dir = inSubset): string => {
    const r = chunks(dir, args);
    return `${r.chunks.filter((c) => c !== 'yaml').join(' ')} ${r.status}`;
  };
  assert.equal(seen(), 'core schema 0');
  // failing validation too
  assert.equal(seen(['--set', 'labels.x-a=1']), 'core schema 1');
  // a subject with surrogates goes to re2js
  assert.equal(seen(['--set-json', 'd="😀"']), 'core schema re2 0');
  const outside = schema('re2 chunk', S({ properties: { a: { pattern: '(?i)x' } } }), []);
  assert.equal(seen([], outside), 'core schema re2 0');
});
