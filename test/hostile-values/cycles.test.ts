// Issue 14, class 4: values that contain themselves (`set $d "self" $d`). encoding/json reports
// the cycle (toJson/toYaml swallow it, the must* forms and Sprig's toRawJson raise it); Go's
// other walkers recurse until Helm dies of a stack overflow, where Rudder gives a bounded error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, rudderBundle, runHelm, type RunResult } from '../cli/support.js';

const SELF = '{{- $d := dict "a" 1 }}{{- $_ := set $d "self" $d }}';
const VIA_LIST = `${SELF}{{- $_ := set $d "l" (list $d 2) }}`;

function chart(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hv-cycle-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 'a.yaml'), body);
  return dir;
}

/** rudder in a child process whose heap is capped. */
function rudderCapped(args: string[]): RunResult {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', rudderBundle(), ...args], {
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr.replaceAll('rudder', 'helm'), code: r.status ?? -1 };
}

// Helm ends on these: the result and error text must be Helm's.
const terminating: [string, string][] = [];
for (const f of [
  'toJson',
  'mustToJson',
  'toYaml',
  'mustToYaml',
  'toPrettyJson',
  'mustToPrettyJson',
  'toRawJson',
  'mustToRawJson',
])
  for (const [shape, prefix] of [
    ['self', SELF],
    ['via a list', VIA_LIST],
  ] as const)
    terminating.push([`${f} (${shape})`, `${prefix}\nj: {{ ${f} $d | quote }}\n`]);

for (const [name, body] of terminating) {
  test(`cyclic value: ${name} gives Helm's result`, { timeout: 180_000 }, () => {
    const dir = chart(body);
    const h = runHelm(['template', 'x', dir], cleanEnv());
    const r = rudderCapped(['template', 'x', dir]);
    assert.equal(r.stderr, h.stderr);
    assert.equal(r.stdout, h.stdout);
    assert.equal(r.code, h.code);
  });
}

// Helm recurses without end on these (fatal error: stack overflow after a long time, or it runs
// out of memory): Rudder stops at once with a clear error.
const crashing: [string, string, string][] = [
  ['toYamlPretty', `{{ toYamlPretty $d }}`, 'error calling toYamlPretty: yaml.v3 encoder'],
  ['toToml', `{{ toToml $d }}`, 'error calling toToml: toml encoder'],
  ['mustToToml', `{{ mustToToml $d }}`, 'error calling mustToToml: toml encoder'],
  ['deepCopy', `{{ deepCopy $d }}`, 'error calling deepCopy: copystructure'],
  ['mustDeepCopy', `{{ mustDeepCopy $d }}`, 'error calling mustDeepCopy: copystructure'],
  ['print', `{{ print $d }}`, 'error calling print: fmt'],
  ['printf %v', `{{ printf "%v" $d }}`, 'error calling printf: fmt'],
  ['an action printing the value', `{{ $d }}`, 'Error: fmt'],
];
for (const [name, action, expected] of crashing) {
  test(`cyclic value: ${name} stops with a bounded error`, { timeout: 180_000 }, () => {
    const dir = chart(`${VIA_LIST}\nj: ${action}\n`);
    const r = rudderCapped(['template', 'x', dir]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /value contains itself \(a cycle via (map\[string\]interface \{\}|\[\]interface \{\})\); Helm recurses/,
    );
    assert.ok(r.stderr.includes(expected), r.stderr);
    assert.doesNotMatch(r.stderr, /Maximum call stack|JS stack|heap out of memory/);
  });
}

test('a value shared twice (no cycle) is written twice, as Go does', { timeout: 180_000 }, () => {
  const dir = chart(
    '{{- $s := dict "k" "v" }}{{- $d := dict "a" $s "b" $s }}\nj: {{ toJson $d }}\ny: {{ toYaml $d | nindent 2 }}\np: {{ toYamlPretty $d | nindent 2 }}\nc: {{ deepCopy $d | toJson }}\n',
  );
  const h = runHelm(['template', 'x', dir], cleanEnv());
  const r = rudderCapped(['template', 'x', dir]);
  assert.equal(h.code, 0);
  assert.equal(r.stdout, h.stdout);
  assert.equal(r.code, 0);
});
