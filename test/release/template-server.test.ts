// `template --dry-run=server` / `--validate` against the real test cluster, next to helm v4.3.2:
// capabilities from discovery, `lookup` answered live, the objects built by the server's mappings
// and checked for ownership conflicts, and the flag pairs helm refuses. Stdout, stderr and the exit
// code must be the same; the one difference is `--validate --dry-run=client` (what helm-diff
// passes), which helm 4 refuses and Rudder runs as a server dry run.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { writeChart } from './actions-support.js';

const cluster = useCluster('api');
let env: Record<string, string> = {};
let ns = '';
let comparisons = 0;

const chart = writeChart({
  'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'app/values.yaml': 'extraKind: false\nbad: false\n',
  'app/templates/bad.yaml': '{{- if .Values.bad }}\nkind: ConfigMap\n{{ fail "boom" }}\n{{- end }}\n',
  'app/crds/crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`,
  'app/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  kube: {{ .Capabilities.KubeVersion.Version | quote }}
  apps: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}
  extra: {{ .Capabilities.APIVersions.Has "example.com/v9" | quote }}
  {{- $seed := lookup "v1" "ConfigMap" .Release.Namespace "seed" }}
  seed: {{ dig "data" "value" "absent" $seed | quote }}
  {{- $all := lookup "v1" "ConfigMap" .Release.Namespace "" }}
  count: {{ len (dig "items" (list) $all) | quote }}
  {{- $ns := lookup "v1" "Namespace" "" .Release.Namespace }}
  phase: {{ dig "status" "phase" "none" $ns | quote }}
`,
  'app/templates/extra.yaml': `{{- if .Values.extraKind }}
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
{{- end }}
`,
  'app/templates/hook.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    helm.sh/hook: pre-install
data: {}
`,
  'app/templates/NOTES.txt': 'notes for {{ .Release.Name }}\n',
});

// Set up from the first test: the cluster's kubeconfig is known once its before hook has run.
let ready: Promise<void> | undefined;
const setup = (): Promise<void> => (ready ??= seed());
async function seed(): Promise<void> {
  env = cleanEnv({ KUBECONFIG: cluster.kubeconfig });
  ns = await cluster.namespace('tpl-server');
  const c = cluster.client('admin', { namespace: ns });
  await c.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'seed', namespace: ns },
    data: { value: 'from-the-cluster' },
  });
  // Not owned by any release: rendering "taken-cm" conflicts with it.
  await c.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'taken-cm', namespace: ns },
    data: {},
  });
}

after(() => process.stdout.write(`# template --dry-run=server comparisons with helm: ${comparisons}\n`));

function same(args: string[]): RunResult {
  const h = runHelm(args, env);
  // The chart's temporary path holds "rudder", which runRudder's normalisation turns into "helm".
  h.stderr = h.stderr.replaceAll('rudder', 'helm');
  const r = runRudder(args, env);
  comparisons++;
  assert.deepEqual(r, h, args.join(' '));
  return h;
}

test('template --dry-run=server: live lookup and the server capabilities, as helm', async () => {
  await setup();
  const r = same(['template', 'rel', chart, '-n', ns, '--dry-run=server']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /seed: "from-the-cluster"/);
  assert.match(r.stdout, /phase: "Active"/);
  assert.match(r.stdout, /count: "[1-9]/);
  assert.match(r.stdout, /apps: "true"/);
  assert.doesNotMatch(r.stdout, /kube: "v1\.20\.0"/);
  // The same with the deprecated --validate (helm's deprecation notice on stderr).
  const v = same(['template', 'rel', chart, '-n', ns, '--validate']);
  assert.equal(v.stdout, r.stdout);
  // --api-versions is ignored talking to the server; --kube-version too.
  same([
    'template',
    'rel',
    chart,
    '-n',
    ns,
    '--dry-run=server',
    '-a',
    'example.com/v9',
    '--kube-version',
    '1.20',
  ]);
  same(['template', 'rel', chart, '-n', ns, '--dry-run=server', '--debug', '-a', 'example.com/v9']);
  same([
    'template',
    'rel',
    chart,
    '-n',
    ns,
    '--dry-run=server',
    '--no-hooks',
    '--show-only',
    'templates/cm.yaml',
  ]);
  same(['template', 'rel', chart, '-n', ns, '--dry-run=server', '--is-upgrade']);
});

test('template --dry-run=server: an existing object not owned by the release is a conflict, as helm', async () => {
  await setup();
  let r = same(['template', 'taken', chart, '-n', ns, '--dry-run=server']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /unable to continue with install: ConfigMap "taken-cm" in namespace ".*" exists and cannot be imported into the current release/,
  );
  same(['template', 'taken', chart, '-n', ns, '--validate']);
  // --is-upgrade skips the check; --take-ownership adopts.
  assert.equal(same(['template', 'taken', chart, '-n', ns, '--dry-run=server', '--is-upgrade']).code, 0);
  r = same(['template', 'taken', chart, '-n', ns, '--dry-run=server', '--take-ownership']);
  assert.equal(r.code, 0, r.stderr);
  // A client-side render never looks.
  assert.equal(same(['template', 'taken', chart, '-n', ns]).code, 0);
});

test('template --dry-run=server: a kind the server does not serve fails the build, as helm', async () => {
  await setup();
  const r = same(['template', 'rel', chart, '-n', ns, '--dry-run=server', '--set', 'extraKind=true']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unable to build kubernetes objects from release manifest/);
  // Without the server the kind is just printed.
  const c = same(['template', 'rel', chart, '-n', ns, '--set', 'extraKind=true']);
  assert.equal(c.code, 0, c.stderr);
});

test('template: --validate with --dry-run refused as helm, except --dry-run=client', async () => {
  await setup();
  for (const extra of [
    ['--validate', '--dry-run=server'],
    ['--validate', '--dry-run'],
    ['--validate=false', '--dry-run=client'],
    ['--validate=false', '--dry-run=server'],
  ]) {
    const r = same(['template', 'rel', chart, '-n', ns, ...extra]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /if any flags in the group \[validate dry-run\] are set none of the others can be/,
    );
  }
  // helm-diff's call: refused by helm 4, a server dry run under Rudder (helm 3's meaning).
  const args = ['template', 'rel', chart, '-n', ns, '--validate', '--dry-run=client'];
  const h = runHelm(args, env);
  assert.equal(h.code, 1);
  assert.match(h.stderr, /if any flags in the group \[validate dry-run\] are set none of the others can be/);
  const r = runRudder(args, env);
  const want = runHelm(['template', 'rel', chart, '-n', ns, '--validate'], env);
  comparisons++;
  assert.deepEqual(r, want);
  // Bad values stay refused.
  same(['template', 'rel', chart, '-n', ns, '--dry-run=none']);
  same(['template', 'rel', chart, '-n', ns, '--dry-run=false']);
});

/** Every file under dir, by relative path. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out[full.slice(dir.length + 1)] = readFileSync(full, 'utf8');
  }
  return out;
}

test('template --dry-run=server --output-dir: files rendered with the cluster, nothing checked, as helm', async () => {
  await setup();
  for (const extra of [[], ['--release-name'], ['--is-upgrade', '--skip-tests']]) {
    // "taken" conflicts with a live object, but with --output-dir helm builds no manifest to check.
    const hd = mkdtempSync(join(tmpdir(), 'tpl-out-h-'));
    const rd = mkdtempSync(join(tmpdir(), 'tpl-out-r-'));
    const args = ['template', 'taken', chart, '-n', ns, '--dry-run=server', ...extra];
    const h = runHelm([...args, '--output-dir', hd], env);
    const r = runRudder([...args, '--output-dir', rd], env);
    comparisons++;
    assert.equal(h.code, 0, h.stderr);
    assert.deepEqual(r, { ...h, stdout: h.stdout.replaceAll(hd, rd).replaceAll('rudder', 'helm') });
    const files = tree(hd);
    assert.deepEqual(tree(rd), files);
    assert.match(Object.values(files).join(''), /seed: "from-the-cluster"/);
    for (const d of [hd, rd]) rmSync(d, { recursive: true, force: true });
  }
});

test('template --dry-run=server: render failures, --include-crds, --skip-crds, as helm', async () => {
  await setup();
  const base = ['template', 'rel', chart, '-n', ns, '--dry-run=server'];
  let r = same([...base, '--set', 'bad=true']);
  assert.match(r.stderr, /boom[\s\S]*Use --debug flag to render out invalid YAML/);
  r = same([...base, '--set', 'bad=true', '--debug']);
  assert.equal(r.code, 1);
  r = same([...base, '--include-crds']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /gadgets\.example\.com/);
  assert.match(r.stderr, /contains CRDs/);
  same([...base, '--skip-crds']);
});

test('template --dry-run=server / --validate with an unreachable cluster, as helm', async () => {
  await setup();
  const dir = mkdtempSync(join(tmpdir(), 'tpl-unreach-'));
  const kubeconfig = join(dir, 'kubeconfig');
  // Port 1 on loopback: nothing listens.
  writeFileSync(
    kubeconfig,
    'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {token: x}\n',
  );
  const saved = env;
  env = { ...env, KUBECONFIG: kubeconfig };
  try {
    for (const extra of [
      ['--dry-run=server'],
      ['--validate'],
      ['--validate', '--output-dir', join(dir, 'o')],
    ]) {
      const r = same(['template', 'rel', chart, ...extra]);
      assert.match(r.stderr, /cluster reachability check failed: kubernetes cluster unreachable/);
    }
  } finally {
    env = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
