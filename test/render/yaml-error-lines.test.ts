// Charts whose templates render invalid YAML: `rudder template` fails as `helm template` does,
// with Helm's whole error text (file, go-yaml's message and line number) and exit code; Rudder's
// own context (the rendered lines around the failing one) comes after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';
import { malformedCases } from '../yaml/malformed-cases.js';

const CHART_YAML = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

function chart(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ryamlline-'));
  for (const [name, text] of Object.entries({ 'Chart.yaml': CHART_YAML, ...files })) {
    const p = join(dir, 'c', name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

/** Renders with both; Helm's stderr must be where Rudder's starts, exit codes and stdout equal. */
function same(files: Record<string, string>): string {
  const dir = chart(files);
  const env = cleanEnv();
  const args = ['template', 'r', 'c'];
  const helm = runHelm(args, env, dir);
  const rudder = runRudder(args, env, dir);
  assert.equal(rudder.code, helm.code, rudder.stderr);
  assert.equal(rudder.stdout, helm.stdout);
  const helmText = helm.stderr.replace(/\n$/, '');
  assert.equal(rudder.stderr.split('\n')[0], helmText.split('\n')[0]);
  assert.ok(rudder.stderr.startsWith(helmText), `helm:\n${helm.stderr}\nrudder:\n${rudder.stderr}`);
  return helmText;
}

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n';

// Templates that print values into YAML the way charts get it wrong.
const templated: [string, Record<string, string>][] = [
  [
    'a multi-line value in a `|` block without nindent (issue 8)',
    {
      'values.yaml': 'script: |\n  #!/bin/sh\n  echo one\n  echo two\n',
      'templates/cm.yaml': `${CM}data:\n  script: |\n    {{ .Values.script }}\n  other: x\n`,
    },
  ],
  [
    'the same value indented by too little',
    {
      'values.yaml': 'script: "a\\nb\\nc"\n',
      'templates/cm.yaml': `${CM}data:\n  script: |\n{{ .Values.script | indent 2 }}\n  other: x\n`,
    },
  ],
  [
    'toYaml of a map without nindent',
    {
      'values.yaml': 'labels:\n  a: 1\n  b: 2\n',
      'templates/cm.yaml': `${CM}  labels: {{ toYaml .Values.labels }}\n`,
    },
  ],
  [
    'toYaml of a list indented under the wrong key',
    {
      'values.yaml': 'ports:\n  - port: 80\n  - port: 443\n',
      'templates/svc.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n{{ toYaml .Values.ports | indent 1 }}\n',
    },
  ],
  [
    'an unquoted value with a colon and a space',
    {
      'values.yaml': 'msg: "hello: world"\n',
      'templates/cm.yaml': `${CM}data:\n  msg: {{ .Values.msg }}\n`,
    },
  ],
  [
    'a value holding a quote, printed inside quotes',
    {
      'values.yaml': `msg: 'say "hi"'\n`,
      'templates/cm.yaml': `${CM}data:\n  msg: "{{ .Values.msg }}"\n  other: x\n`,
    },
  ],
  [
    'a flow list left open by a loop',
    {
      'values.yaml': 'hosts: [a, b]\n',
      'templates/cm.yaml': `${CM}data:\n  hosts: [{{ range .Values.hosts }}{{ . }}, {{ end }}\n  other: x\n`,
    },
  ],
  [
    'a TAB from a value',
    {
      'values.yaml': 'extra: "\\tkey: v"\n',
      'templates/cm.yaml': `${CM}data:\n{{ .Values.extra }}\n`,
    },
  ],
  [
    'the bad document is the second of its file',
    {
      'values.yaml': 'script: "one\\ntwo"\n',
      'templates/all.yaml': `${CM}---\n# the job\n${CM}data:\n  run: |\n    {{ .Values.script }}\n`,
    },
  ],
  [
    'the bad document follows an empty one and comments',
    {
      'templates/all.yaml': `---\n# nothing\n---\n\n# comment\n${CM}data:\n  a: 1\n   b: 2\n`,
    },
  ],
  [
    'a second template file is the broken one',
    {
      'templates/a.yaml': `${CM}data:\n  a: "1"\n`,
      'templates/b.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: |\n    x\n  y\n`,
    },
  ],
  ['a block scalar header with a bad indicator', { 'templates/cm.yaml': `${CM}data:\n  a: |x\n    y\n` }],
];

for (const [name, files] of templated) {
  test(`helm template's error: ${name}`, () => {
    const text = same(files);
    assert.match(text, /^Error: YAML parse error on c\/templates\//);
  });
}

test('issue 8: the line is where go-yaml notices, one past the unindented line', () => {
  // Rendered line 8 is `echo one` at column 0; the scanner fails on reaching line 9.
  const text = same(templated[0]![1]);
  assert.match(text, /: error converting YAML to JSON: yaml: line 9: could not find expected ':'\n/);
});

// Every third malformed case that go-yaml refuses, written as a template as it is.
const refused = malformedCases.filter(([, t]) => !t.includes('{{'));
refused.forEach(([family, text], i) => {
  if (i % 3 !== 0) return;
  test(`helm template's result for a rendered ${family}: ${JSON.stringify(text.split('\n').slice(-3).join('\n')).slice(0, 60)}`, () => {
    same({ 'templates/x.yaml': text });
  });
});
