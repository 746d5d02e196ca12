// Issue 14 class 5 for programs that use Rudder as a library: they run on Node's default stack
// (about 1 MB), not bin/rudder's --stack-size=6000. toYaml, mustToYaml and toYamlPretty walk
// with an explicit stack, so 9,998 levels (go-yaml reads 10,000) work there too, and so do the
// values schema's JSON reader, compiler and validator.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a module body under plain `node --import tsx` (default stack); its stdout. */
function plainNode(body: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  assert.equal(r.stderr, '');
  return r.stdout;
}

test('toYaml, mustToYaml and toYamlPretty of 9,998 levels on the default stack', { timeout: 300_000 }, () => {
  const out = plainNode(`
    import { toYaml, mustToYaml, toYamlPretty } from './src/yaml/index.ts';
    import { GoList, GoMap } from './src/go/value.ts';
    const deep = (n, alt) => {
      let v = 1;
      for (let i = 0; i < n; i++) v = alt && i % 2 ? new GoList([v]) : new GoMap(new Map([['a', v]]));
      return v;
    };
    const r = [];
    for (const [name, f] of [['toYaml', toYaml], ['mustToYaml', mustToYaml], ['toYamlPretty', toYamlPretty]]) {
      for (const alt of [false, true]) {
        try { r.push(name + ' ' + f(deep(9998, alt)).length); } catch (e) { r.push(name + ' ' + e.constructor.name + ': ' + e.message); }
      }
    }
    try { mustToYaml(deep(10001, false)); } catch (e) { r.push('past: ' + e.message); }
    r.push('toYaml past: ' + JSON.stringify(toYaml(deep(10001, false))));
    console.log(r.join('\\n'));
  `);
  // Level i is "a:" indented 2i, the last "a: 1"; toYaml drops the final newline.
  const mapLen = 9998 * 9997 + 3 * 9998 + 1;
  const lines = out.trim().split('\n');
  assert.equal(lines[0], `toYaml ${mapLen}`);
  assert.equal(lines[2], `mustToYaml ${mapLen}`);
  assert.equal(lines[4], `toYamlPretty ${mapLen}`);
  for (const i of [1, 3, 5]) assert.match(lines[i]!, /^\w+ \d+$/, lines[i]);
  assert.equal(lines[1]!.split(' ')[1], lines[3]!.split(' ')[1]);
  assert.equal(lines[6], 'past: yaml: exceeded max depth of 10000');
  assert.equal(lines[7], 'toYaml past: ""');
});

test('a values schema and values 9,997 levels deep on the default stack', { timeout: 300_000 }, () => {
  // 9,997 nested "items" inside properties.a: encoding/json's 10,000 containers, all but three
  // used; the JSON reader, the anchor walk, the compiler and the validator keep them on arrays.
  const out = plainNode(`
    import { validateAgainstSingleSchema } from './src/values/schema.ts';
    import { GoList, GoMap } from './src/go/value.ts';
    const k = 9997;
    const schema = '{"properties":{"a":' + '{"items":'.repeat(k) + '{"type":"string"}' + '}'.repeat(k) + '}}';
    const values = (leaf) => {
      let v = leaf;
      for (let i = 0; i < k; i++) v = new GoList([v]);
      return new GoMap(new Map([['a', v]]));
    };
    const bytes = new TextEncoder().encode(schema);
    console.log(JSON.stringify(validateAgainstSingleSchema(values(1), bytes)));
    console.log(JSON.stringify(validateAgainstSingleSchema(values('x'), bytes)));
    // One container more than encoding/json reads: its error, as helm prints it.
    console.log(JSON.stringify(validateAgainstSingleSchema(values('x'), new TextEncoder().encode('[' + schema + ']'))));
  `);
  const [bad, good, tooDeep] = out.trim().split('\n');
  assert.equal(JSON.parse(bad!), `- at '/a${'/0'.repeat(9997)}': got number, want string\n`);
  assert.equal(good, 'undefined');
  assert.equal(JSON.parse(tooDeep!), "invalid character '{' exceeded max depth");
});
