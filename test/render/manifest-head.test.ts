// How helm reads the head of each rendered manifest (kind, metadata.name, annotations) through
// sigs.k8s.io/yaml into Go string fields: numbers and booleans there become text (`name: on` is
// "true", `kind: 010` is "8", floats with 32-bit formatting), keys match case-insensitively, and
// anything else is encoding/json's type error. Compared with helm v4.3.2's `template` output
// (order, hooks) and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

const CHART_YAML = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

function same(files: Record<string, string>, what: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'rhead-'));
  for (const [name, text] of Object.entries({ 'Chart.yaml': CHART_YAML, ...files })) {
    const p = join(dir, 'c', name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  const env = cleanEnv();
  const h = runHelm(['template', 'r', 'c'], env, dir);
  const r = runRudder(['template', 'r', 'c'], env, dir);
  assert.equal(r.code, h.code, `${what}: exit code\n${r.stderr}`);
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  // Rudder adds context after Helm's message on YAML errors: Helm's first paragraph must match.
  assert.equal(r.stderr.split('\n\n')[0], h.stderr.split('\n\n')[0], `${what}: stderr`);
}

const SCALARS = [
  'y',
  'on',
  'Off',
  'yes',
  'NO',
  'true',
  '5',
  '010',
  '0x1F',
  '1_000',
  '1.5',
  '3.14159265358979',
  '1e10',
  '.inf',
  '-.Inf',
  '.nan',
  '12345678901234567890',
  '-9223372036854775809',
  '~',
  'null',
  '""',
  '0b101',
  '+12',
  '-0',
  '0o17',
  '1:20',
  "'on'",
  '2001-12-14',
];

test('numbers and booleans in metadata.name, kind and apiVersion read as helm reads them', () => {
  const files: Record<string, string> = {};
  SCALARS.forEach((s, i) => {
    files[`templates/name${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${s}\n`;
    files[`templates/kind${i}.yaml`] = `apiVersion: ${s}\nkind: ${s}\nmetadata: {name: k${i}}\n`;
  });
  // Kinds sort in install order: a kind written as a number sorts with the unknown kinds.
  files['templates/z.yaml'] = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: z}\n';
  same(files, 'scalars');
});

test('hook annotations written as numbers and booleans, keys in any case', () => {
  same(
    {
      'templates/a.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: on\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n',
      'templates/b.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: -1.0\n    7: yes\n',
      'templates/c.yaml':
        'apiVersion: v1\nKIND: ConfigMap\nMetaData:\n  NAME: c\n  Annotations:\n    helm.sh/hook: test\n    helm.sh/hook-delete-policy: before-hook-creation\n',
      'templates/d.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: d\n  annotations: {}\n',
    },
    'hooks',
  );
});

const ERRORS: [string, string][] = [
  ['metadata a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n- on\n'],
  ['name a map', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {a: 1}\n'],
  ['name a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [1]\n'],
  ['kind a map', 'apiVersion: v1\nkind: {a: b}\nmetadata: {name: x}\n'],
  ['annotations a list', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations: [on]\n'],
  [
    'annotation a map',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    a: {b: c}\n',
  ],
  ['document a list', '- on\n- 5\n'],
  ['document a number', '5\n'],
  ['inf outside the head', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: .inf\n'],
];

for (const [what, text] of ERRORS) {
  test(`head errors: ${what}`, () => same({ 'templates/a.yaml': text }, what));
}
