// Release actions against the real helm v4.3.2 on a real API server: the same commands run by helm in
// one namespace and by rudder in another must print the same, store the same release records and
// leave the same live objects (labels, annotations, managedFields). Releases made by one tool are
// then upgraded, rolled back and uninstalled by the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useCluster } from '../support/cluster.js';
import { decodeRelease, encodeRelease } from '../../src/storage/codec/codec.js';
import { repoRoot } from '../cli/support.js';
import type { KubeClient } from '../../src/kube/client.js';
import {
  countedComparisons,
  namespacePair,
  type NamespacePair,
  liveObject,
  normalizeOutput,
  readRecords,
  runTool,
  writeChart,
  type Tool,
} from './actions-support.js';

const cluster = useCluster('full');
const hello = join(repoRoot, 'examples', 'hello');
const same = countedComparisons('release action');

type Pair = NamespacePair;
const pair = (): Promise<Pair> => namespacePair(cluster, 'ah', 'ar');

/** Runs the same arguments with both tools (each in its namespace), compares stdout, stderr and exit code. */
function both(p: Pair, args: string[], swap = false): { code: number; stdout: string } {
  const tools: [Tool, string][] = swap
    ? [
        ['rudder', p.helm],
        ['helm', p.rudder],
      ]
    : [
        ['helm', p.helm],
        ['rudder', p.rudder],
      ];
  const [a, b] = tools.map(([tool, ns]) => runTool(tool, [...args, '-n', ns], cluster.kubeconfig));
  const n = (s: string) => normalizeOutput(s, p.names);
  // Differing stdout is checked first: say what each tool printed on stderr then (a flake's cause).
  const why =
    n(a!.stdout) === n(b!.stdout)
      ? ''
      : ` (stderr: ${tools[0]![0]} ${JSON.stringify(a!.stderr)}, ${tools[1]![0]} ${JSON.stringify(b!.stderr)})`;
  same(`stdout of ${args.join(' ')}${why}`, n(a!.stdout), n(b!.stdout));
  same(`stderr of ${args.join(' ')}`, n(a!.stderr), n(b!.stderr));
  same(`exit code of ${args.join(' ')}`, a!.code, b!.code);
  return { code: a!.code, stdout: a!.stdout };
}

async function sameRecords(p: Pair, c: KubeClient): Promise<void> {
  const [a, b] = await Promise.all([readRecords(c, p.helm, p.names), readRecords(c, p.rudder, p.names)]);
  same('record names', [...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, rec] of a) {
    same(`record ${k} labels`, rec.labels, b.get(k)?.labels);
    same(`record ${k}`, rec.release, b.get(k)?.release);
  }
}

async function sameObjects(
  p: Pair,
  c: KubeClient,
  refs: { apiVersion: string; kind: string; name: string }[],
): Promise<void> {
  for (const ref of refs) {
    const a = await liveObject(c, { ...ref, namespace: p.helm }, p.names);
    const b = await liveObject(c, { ...ref, namespace: p.rudder }, p.names);
    same(`${ref.kind}/${ref.name}`, a, b);
  }
}

const helloObjects = [
  { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-hello' },
  { apiVersion: 'v1', kind: 'Service', name: 'web-hello' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-hello' },
];

test('install, then upgrades by the other tool: same output, records and objects', async () => {
  const c = cluster.client();
  const p = await pair();
  assert.equal(both(p, ['install', 'web', hello, '--set', 'greeting=hi', '-l', 'team=a']).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);

  // helm upgrades what rudder installed and rudder upgrades what helm installed.
  assert.equal(
    both(p, ['upgrade', 'web', hello, '--set', 'greeting=second', '--set', 'replicaCount=2'], true).code,
    0,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);

  // Reused values, a label removed, and the other way round.
  assert.equal(
    both(p, ['upgrade', 'web', hello, '--reuse-values', '--set', 'image.tag=1.28', '-l', 'team=null']).code,
    0,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);

  // Back to revision 1 and an uninstall keeping history.
  assert.equal(both(p, ['rollback', 'web', '1'], true).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);
  assert.equal(both(p, ['uninstall', 'web', '--keep-history']).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);
  // upgrade --install on an uninstalled release installs again (replace).
  assert.equal(both(p, ['upgrade', '--install', 'web', hello], true).code, 0);
  await sameRecords(p, c);
  assert.equal(both(p, ['uninstall', 'web']).code, 0);
  await sameRecords(p, c);
});

test('errors: name in use, missing release, foreign objects, bad names, pending releases', async () => {
  const c = cluster.client();
  const p = await pair();
  assert.equal(both(p, ['install', 'web', hello]).code, 0);
  assert.equal(both(p, ['install', 'web', hello]).code, 1);
  assert.equal(both(p, ['upgrade', 'nothere', hello]).code, 1);
  assert.equal(both(p, ['install', 'Bad_Name', hello]).code, 1);
  assert.equal(both(p, ['rollback', 'web', '7']).code, 1);
  assert.equal(both(p, ['rollback', 'web', 'x']).code, 1);
  assert.equal(both(p, ['uninstall', 'nothere']).code, 1);
  assert.equal(both(p, ['uninstall', 'nothere', '--ignore-not-found']).code, 0);
  assert.equal(both(p, ['uninstall', 'web', '--cascade', 'sideways']).code, 1);
  assert.equal(both(p, ['install', 'hidden', hello, '--hide-secret']).code, 1);
  assert.equal(both(p, ['install', 'hidden', hello, '--hide-secret', '--dry-run=server']).code, 0);
  assert.equal(both(p, ['upgrade', 'web', hello, '--server-side=maybe']).code, 1);
  assert.equal(both(p, ['install', 'sys', hello, '-l', 'status=mine']).code, 1);
  assert.equal(both(p, ['rollback', 'web', '0']).code, 1);
  // An object the release does not own blocks install; --take-ownership adopts it.
  for (const ns of [p.helm, p.rudder])
    await c.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'other-hello', namespace: ns, labels: { owner: 'me' } },
      data: { a: 'b' },
    });
  // Unknown fields: strict server-side apply fails; a client-side create keeps them with a warning.
  const bad = writeChart({
    'badchart/Chart.yaml': 'apiVersion: v2\nname: badchart\nversion: 0.1.0\n',
    'badchart/templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\nbogus: 1\ndata: {}\n',
  });
  assert.equal(both(p, ['install', 'bad', bad]).code, 1);
  assert.equal(both(p, ['install', 'bad2', bad, '--server-side=false']).code, 0);
  assert.equal(both(p, ['install', 'other', hello]).code, 1);
  assert.equal(both(p, ['install', 'other', hello, '--take-ownership']).code, 0);
  await sameObjects(p, c, [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'other-hello' }]);
  await sameRecords(p, c);
});

test('client-side apply: install --server-side=false, upgrade stays client-side, then moves to SSA', async () => {
  const c = cluster.client();
  const p = await pair();
  assert.equal(both(p, ['install', 'web', hello, '--server-side=false']).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);
  assert.equal(both(p, ['upgrade', 'web', hello, '--set', 'greeting=csa'], true).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);
  assert.equal(both(p, ['upgrade', 'web', hello, '--set', 'greeting=ssa', '--server-side=true']).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);
});

const hooksChart = (): string =>
  writeChart({
    'hooked/Chart.yaml': 'apiVersion: v2\nname: hooked\nversion: 0.1.0\n',
    'hooked/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-main
data:
  rev: "{{ .Release.Revision }}"
`,
    'hooked/templates/kept.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-kept
  annotations:
    helm.sh/resource-policy: keep
data: {}
`,
    'hooked/templates/pre.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-pre
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-1"
    helm.sh/hook-delete-policy: hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
`,
    'hooked/templates/post.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-post
  annotations:
    helm.sh/hook: post-install,post-upgrade
    helm.sh/hook-weight: "5"
data:
  rev: "{{ .Release.Revision }}"
`,
    'hooked/templates/test.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    helm.sh/hook: test
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: t
          image: busybox
`,
    'hooked/templates/NOTES.txt': 'Release {{ .Release.Name }} revision {{ .Release.Revision }}\n',
  });

test('hooks: weights, delete policies and last runs recorded; resource-policy keep on uninstall', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = hooksChart();
  assert.equal(both(p, ['install', 'hk', chart]).code, 0);
  await sameRecords(p, c);
  const hookObjects = [
    { apiVersion: 'batch/v1', kind: 'Job', name: 'hk-pre' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'hk-post' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'hk-main' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'hk-kept' },
  ];
  await sameObjects(p, c, hookObjects);
  assert.equal(both(p, ['test', 'hk']).code, 0);
  await sameRecords(p, c);
  assert.equal(both(p, ['test', 'hk', '--filter', '!name=hk-test']).code, 0);
  await sameRecords(p, c);
  assert.equal(both(p, ['upgrade', 'hk', chart], true).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, hookObjects);
  assert.equal(both(p, ['install', 'dry', chart, '--dry-run']).code, 0);
  assert.equal(both(p, ['upgrade', 'hk', chart, '--dry-run=server', '--description', 'checking']).code, 0);
  assert.equal(both(p, ['upgrade', 'hk', chart, '-o', 'json', '--set', 'x=1'], true).code, 0);
  await sameRecords(p, c);
  assert.equal(both(p, ['rollback', 'hk', '--dry-run']).code, 0);
  assert.equal(both(p, ['upgrade', 'hk', chart, '-o', 'yaml', '--no-hooks', '--hide-notes']).code, 0);
  await sameRecords(p, c);
  assert.equal(both(p, ['uninstall', 'hk']).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, hookObjects);
});

const failingChart = (): string =>
  writeChart({
    'failing/Chart.yaml': 'apiVersion: v2\nname: failing\nversion: 0.1.0\n',
    'failing/values.yaml': 'hook: false\nname: one\n',
    'failing/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-{{ .Values.name }}
data: {}
`,
    // A bare Pod never completes on the test cluster's fake nodes: the hook times out.
    'failing/templates/hook.yaml': `{{- if .Values.hook }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-delete-policy: hook-failed
spec:
  containers:
    - name: c
      image: busybox
{{- end }}
`,
  });

test('failures: timed-out hooks, failed records, --rollback-on-failure and --cleanup-on-fail', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = failingChart();
  assert.equal(both(p, ['install', 'f', chart, '--set', 'hook=true', '--timeout', '2s']).code, 1);
  await sameRecords(p, c);
  await sameObjects(p, c, [{ apiVersion: 'v1', kind: 'Pod', name: 'f-hook' }]);
  assert.equal(both(p, ['upgrade', 'f', chart, '--set', 'hook=false'], true).code, 0);
  await sameRecords(p, c);
  assert.equal(
    both(p, ['upgrade', 'f', chart, '--set', 'hook=true,name=two', '--timeout', '2s', '--cleanup-on-fail'])
      .code,
    1,
  );
  await sameRecords(p, c);
  assert.equal(
    both(
      p,
      ['upgrade', 'f', chart, '--set', 'hook=true,name=three', '--timeout', '2s', '--rollback-on-failure'],
      true,
    ).code,
    1,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, [
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'f-one' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'f-three' },
  ]);
  assert.equal(
    both(p, ['install', 'g', chart, '--set', 'hook=true', '--timeout', '2s', '--rollback-on-failure']).code,
    1,
  );
  await sameRecords(p, c);
});

const crdChart = (): string =>
  writeChart({
    'crdchart/Chart.yaml': 'apiVersion: v2\nname: crdchart\nversion: 0.1.0\n',
    'crdchart/crds/widgets.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.{{GROUP}}
spec:
  group: {{GROUP}}
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-preserve-unknown-fields: true
`,
    'crdchart/templates/widget.yaml': `apiVersion: {{GROUP}}/v1
kind: Widget
metadata:
  name: {{ .Release.Name }}-w
spec:
  size: {{ .Values.size | default 1 }}
`,
  });

test('crds/ installed first and waited for; custom resources applied; --create-namespace and --wait', async () => {
  const c = cluster.client();
  const p = await pair();
  // Each tool gets its own CRD group so the cluster-scoped CRDs do not collide.
  const chartFor = (tool: string): string => {
    const dir = crdChart();
    for (const f of ['crds/widgets.yaml', 'templates/widget.yaml']) {
      const path = join(dir, f);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll('{{GROUP}}', `${tool}.rudder.test`));
    }
    return dir;
  };
  const h = runTool('helm', ['install', 'cr', chartFor('h'), '-n', p.helm], cluster.kubeconfig);
  const r = runTool('rudder', ['install', 'cr', chartFor('r'), '-n', p.rudder], cluster.kubeconfig);
  const n = (s: string) => normalizeOutput(s, p.names);
  same('crd install stdout', n(h.stdout), n(r.stdout));
  same('crd install stderr', n(h.stderr), n(r.stderr));
  same('crd install code', h.code, r.code);
  const h2 = runTool(
    'helm',
    ['upgrade', 'cr', chartFor('h'), '-n', p.helm, '--set', 'size=3'],
    cluster.kubeconfig,
  );
  const r2 = runTool(
    'rudder',
    ['upgrade', 'cr', chartFor('r'), '-n', p.rudder, '--set', 'size=3'],
    cluster.kubeconfig,
  );
  same('crd upgrade stdout', n(h2.stdout), n(r2.stdout));
  same('crd upgrade code', h2.code, r2.code);
  const wh = await liveObject(
    c,
    { apiVersion: 'h.rudder.test/v1', kind: 'Widget', name: 'cr-w', namespace: p.helm },
    p.names,
  );
  const wr = await liveObject(
    c,
    { apiVersion: 'r.rudder.test/v1', kind: 'Widget', name: 'cr-w', namespace: p.rudder },
    p.names,
  );
  const group = (o: unknown) =>
    JSON.parse(JSON.stringify(o).replaceAll('r.rudder.test', 'h.rudder.test')) as unknown;
  same('custom resource', group(wh), group(wr));

  const fresh = { helm: `${p.helm}-new`, rudder: `${p.rudder}-new` };
  const q: Pair = { ...fresh, names: { [fresh.helm]: 'NS', [fresh.rudder]: 'NS' } };
  assert.equal(
    both(q, ['install', 'web', hello, '--create-namespace', '--wait', '--timeout', '60s']).code,
    0,
  );
  await sameRecords(q, c);
  await sameObjects(q, c, helloObjects);
  same(
    'created namespace',
    await liveObject(c, { apiVersion: 'v1', kind: 'Namespace', name: fresh.helm, namespace: '' }, q.names),
    await liveObject(c, { apiVersion: 'v1', kind: 'Namespace', name: fresh.rudder, namespace: '' }, q.names),
  );
  for (const ns of [fresh.helm, fresh.rudder])
    await c.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }, { ignoreNotFound: true });
});

test('values and history: --reset-values, --reset-then-reuse-values, --history-max, labels, descriptions, pending releases', async () => {
  const c = cluster.client();
  const p = await pair();
  assert.equal(
    both(p, ['install', 'web', hello, '--set', 'greeting=one', '--description', 'first one', '-l', 'a=b,c=d'])
      .code,
    0,
  );
  assert.equal(both(p, ['install', 'other', hello, '-l', 'owner=me']).code, 1);
  assert.equal(
    both(
      p,
      ['upgrade', 'web', hello, '--set', 'replicaCount=3', '--reset-then-reuse-values', '-l', 'c=null'],
      true,
    ).code,
    0,
  );
  assert.equal(both(p, ['upgrade', 'web', hello, '--reset-values', '--history-max', '2', '--debug']).code, 0);
  await sameRecords(p, c);
  assert.equal(
    both(p, ['upgrade', 'web', hello, '--set', 'greeting=four', '--history-max', '2', '--wait=legacy'], true)
      .code,
    0,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);
  // A release left pending by an interrupted operation blocks the next one.
  for (const ns of [p.helm, p.rudder]) {
    const list = await c.list('v1', 'Secret', { namespace: ns, labelSelector: 'owner=helm,status=deployed' });
    const s = list.items[0]!;
    const data = s['data'] as Record<string, string>;
    const rel = decodeRelease(Buffer.from(data['release']!, 'base64').toString('utf8'));
    rel.info.status = 'pending-upgrade';
    data['release'] = Buffer.from(encodeRelease(rel)).toString('base64');
    s.metadata.labels = { ...s.metadata.labels, status: 'pending-upgrade' };
    await c.replace(s);
  }
  assert.equal(both(p, ['upgrade', 'web', hello]).code, 1);
  assert.equal(both(p, ['rollback', 'web'], true).code, 0);
  await sameRecords(p, c);
});

test('uninstall: objects another release owns are left, --dry-run, --wait, cascade', async () => {
  const c = cluster.client();
  const p = await pair();
  assert.equal(both(p, ['install', 'web', hello, '--debug']).code, 0);
  for (const ns of [p.helm, p.rudder])
    await c.patch({ apiVersion: 'v1', kind: 'Service', name: 'web-hello', namespace: ns }, 'merge', {
      metadata: { annotations: { 'meta.helm.sh/release-name': 'someone-else' } },
    });
  assert.equal(both(p, ['uninstall', 'web', '--dry-run']).code, 0);
  await sameRecords(p, c);
  assert.equal(
    both(p, ['uninstall', 'web', '--wait', '--cascade', 'foreground', '--timeout', '60s']).code,
    0,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, helloObjects);
  assert.equal(both(p, ['uninstall', 'web']).code, 1);
});

test('help and argument errors of install, upgrade, rollback, uninstall and test match helm', () => {
  const cases = [
    ...['install', 'upgrade', 'rollback', 'uninstall', 'test'].map((c) => [c, '--help']),
    ['install'],
    ['install', 'onlyname'],
    ['install', 'a', 'b', 'c'],
    ['install', '--generate-name', 'x', hello],
    ['upgrade', 'onlyone'],
    ['rollback'],
    ['uninstall'],
    ['test'],
    ['install', 'x', hello, '--dry-run=maybe'],
    ['install', 'x', hello, '--wait=sometimes'],
    ['upgrade', 'x', hello, '--force-replace', '--force-conflicts'],
    ['rollback', 'x', '1', '--description', 'd'.repeat(300)],
  ];
  for (const args of cases) {
    const h = runTool('helm', args, cluster.kubeconfig);
    const r = runTool('rudder', args, cluster.kubeconfig);
    same(`stdout of ${args.join(' ')}`, normalizeOutput(h.stdout, {}), normalizeOutput(r.stdout, {}));
    same(`stderr of ${args.join(' ')}`, normalizeOutput(h.stderr, {}), normalizeOutput(r.stderr, {}));
    same(`exit code of ${args.join(' ')}`, h.code, r.code);
  }
});

test('lookup reads the cluster during install and upgrade', async () => {
  const c = cluster.client();
  const p = await pair();
  for (const ns of [p.helm, p.rudder])
    await c.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'seed', namespace: ns },
      data: { value: 'x' },
    });
  const chart = writeChart({
    'looker/Chart.yaml': 'apiVersion: v2\nname: looker\nversion: 0.1.0\n',
    'looker/templates/cm.yaml': `{{- $seed := lookup "v1" "ConfigMap" .Release.Namespace "seed" }}
{{- $all := lookup "v1" "ConfigMap" .Release.Namespace "" }}
{{- $mine := lookup "v1" "ConfigMap" .Release.Namespace (printf "%s-copy" .Release.Name) }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-copy
data:
  seed: {{ dig "data" "value" "none" $seed | quote }}
  count: {{ len $all.items | quote }}
  previous: {{ dig "data" "seed" "first" $mine | quote }}
  missing: {{ (lookup "v1" "Secret" .Release.Namespace "nope") | toJson | quote }}
`,
  });
  assert.equal(both(p, ['install', 'lk', chart]).code, 0);
  await sameRecords(p, c);
  assert.equal(both(p, ['upgrade', 'lk', chart], true).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'lk-copy' }]);
  // Client-only: lookup answers empty, so len of the missing list fails as in helm.
  assert.equal(both(p, ['install', 'lk2', chart, '--dry-run=client']).code, 1);
});
