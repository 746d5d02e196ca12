// Write elision on upgrade: rudder sends no write for an object whose apply would change nothing,
// and still corrects drift. Both tools run the same commands (helm in one namespace, rudder in
// another) through a loopback counting proxy that sees every request rudder makes; the output,
// release records and live objects (managedFields included) must stay those of helm v4.3.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { useCluster } from '../support/cluster.js';
import { CORPUS_DIR } from '../support/corpus.js';
import type { KubeClient } from '../../src/kube/client.js';
import type { KubeObject } from '../../src/kube/types.js';
import { writeChart } from './actions-support.js';
import { elisionHarness, objectWrites, run, type Pair, type Ref } from './elision-support.js';

const cluster = useCluster('full');
const { startProxy: proxyIn, pair: pairIn, same, both, sameState } = elisionHarness(cluster, 'write-elision');
const startProxy = () => proxyIn('rudder-elision-');
const pair = () => pairIn('eh', 'er', 'rudder-elision-');

const chartFiles = {
  'elide/Chart.yaml': 'apiVersion: v2\nname: elide\nversion: 0.1.0\n',
  'elide/values.yaml': 'marker: one\nreplicas: 1\n',
  'elide/templates/cms.yaml': `{{- range $i := until 5 }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-{{ $i }}
  labels:
    app: elide
data:
  index: "{{ $i }}"
{{- if eq $i 0 }}
  marker: {{ $.Values.marker | quote }}
{{- end }}
{{- end }}
`,
  'elide/templates/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: sec
type: Opaque
data:
  password: aHVudGVyMg==
`,
  'elide/templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: elide
  ports:
    - port: 80
      targetPort: 8080
`,
  'elide/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      app: elide
  template:
    metadata:
      labels:
        app: elide
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          args: ["-g", "daemon off;"]
          ports:
            - containerPort: 8080
          resources: {}
`,
};

const objects: Ref[] = [
  ...[0, 1, 2, 3, 4].map((i) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: `cm-${i}` })),
  { apiVersion: 'v1', kind: 'Secret', name: 'sec' },
  { apiVersion: 'v1', kind: 'Service', name: 'web' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
];

async function resourceVersions(c: KubeClient, ns: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of objects) {
    const o: KubeObject = await c.get({ ...r, namespace: ns });
    out[`${r.kind}/${r.name}`] = o.metadata.resourceVersion ?? '';
  }
  return out;
}

test('an upgrade that changes nothing writes no object; one changed value writes one', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = writeChart(chartFiles);
  assert.equal((await both(p, ['install', 'rel', chart])).code, 0);
  await sameState(p, c, objects);

  const before = await resourceVersions(c, p.rudder);
  assert.equal((await both(p, ['upgrade', 'rel', chart])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [], 'no object written when nothing changed');
  assert.deepEqual(await resourceVersions(c, p.rudder), before);
  await sameState(p, c, objects);

  assert.equal((await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`]);
  await sameState(p, c, objects);

  assert.equal(
    (await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two', '--set', 'replicas=2'])).code,
    0,
  );
  assert.deepEqual(objectWrites(p.proxy), [`PATCH /apis/apps/v1/namespaces/${p.rudder}/deployments/web`]);
  await sameState(p, c, objects);
});

/** Another manager's change to both namespaces' copies of an object (an Update, as kubectl edit). */
async function drift(c: KubeClient, p: Pair, ref: Ref, type: 'json' | 'merge', patch: unknown) {
  for (const ns of [p.helm, p.rudder])
    await c.patch({ ...ref, namespace: ns }, type, patch, { fieldManager: 'drifter' });
}

test('drift in fields helm owns is corrected (or conflicts) exactly as helm does', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = writeChart(chartFiles);
  assert.equal((await both(p, ['install', 'rel', chart])).code, 0);

  // A key removed and a label removed: the apply puts them back without conflict.
  await drift(c, p, objects[1]!, 'json', [{ op: 'remove', path: '/data/index' }]);
  await drift(c, p, objects[6]!, 'json', [
    { op: 'remove', path: '/metadata/labels/app.kubernetes.io~1managed-by' },
  ]);
  assert.equal((await both(p, ['upgrade', 'rel', chart])).code, 0);
  assert.deepEqual(objectWrites(p.proxy).sort(), [
    `PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-1`,
    `PATCH /api/v1/namespaces/${p.rudder}/services/web`,
  ]);
  const cm = await c.get({ ...objects[1]!, namespace: p.rudder });
  assert.equal((cm['data'] as Record<string, string>)['index'], '1');
  await sameState(p, c, objects);

  // A value changed by another manager: a conflict for both tools, then taken back with --force-conflicts.
  await drift(c, p, objects[2]!, 'merge', { data: { index: 'changed' } });
  const failed = await both(p, ['upgrade', 'rel', chart]);
  assert.notEqual(failed.code, 0);
  assert.ok(objectWrites(p.proxy).includes(`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-2`));
  await sameState(p, c, objects);
  assert.equal((await both(p, ['upgrade', 'rel', chart, '--force-conflicts'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-2`]);
  await sameState(p, c, objects);

  // Another manager also setting a field helm sets, to the same value: shared, nothing to write.
  await c.apply(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm-3', namespace: p.helm },
      data: { index: '3' },
    },
    { fieldManager: 'sharer' },
  );
  await c.apply(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm-3', namespace: p.rudder },
      data: { index: '3' },
    },
    { fieldManager: 'sharer' },
  );
  assert.equal((await both(p, ['upgrade', 'rel', chart])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), []);
  await sameState(p, c, objects);
});

test('client-side releases: an unchanged upgrade sends no patch, as helm', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = writeChart(chartFiles);
  assert.equal((await both(p, ['install', 'rel', chart, '--server-side=false'])).code, 0);
  assert.equal((await both(p, ['upgrade', 'rel', chart])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), []);
  await sameState(p, c, objects);
  assert.equal((await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`]);
  await sameState(p, c, objects);
  // Now with server-side apply: the client-side ownership migrates, every object is written.
  assert.equal(
    (await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two', '--server-side=true'])).code,
    0,
  );
  assert.ok(objectWrites(p.proxy).length >= objects.length);
  await sameState(p, c, objects);
  // And the next unchanged server-side upgrade writes nothing.
  assert.equal((await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), []);
  await sameState(p, c, objects);
});

/** Every object of a release by its key, with its resourceVersion. */
async function versionsOf(c: KubeClient, manifest: string, ns: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const doc of parseAllDocuments(manifest)) {
    const o = doc.toJS() as KubeObject | null;
    if (!o?.kind) continue;
    const live = await c.get({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name!,
      namespace: ns,
    });
    out[`${o.kind}/${o.metadata.name}`] = live.metadata.resourceVersion ?? '';
  }
  return out;
}

test('real charts: what rudder leaves unwritten, helm rewrites without a change', async () => {
  const c = cluster.client();
  const { proxy, kubeconfig } = await startProxy();
  for (const rel of [
    'bitnami/charts/nginx',
    'bitnami/charts/memcached',
    'prometheus-community/helm-charts/alertmanager',
  ]) {
    const chart = join(CORPUS_DIR, rel);
    const ns = await cluster.namespace('ec');
    const name = rel.split('/').pop()!;
    assert.equal((await run('rudder', ['install', name, chart, '-n', ns], kubeconfig)).code, 0);
    proxy.reset();
    assert.equal((await run('rudder', ['upgrade', name, chart, '-n', ns], kubeconfig)).code, 0);
    assert.deepEqual(objectWrites(proxy), [], `${rel}: no object written`);
    const manifest = (await run('rudder', ['get', 'manifest', name, '-n', ns], kubeconfig)).stdout;
    const before = await versionsOf(c, manifest, ns);
    assert.ok(Object.keys(before).length >= 3);
    // helm applies every object again: the server keeps each one as it was.
    assert.equal((await run('helm', ['upgrade', name, chart, '-n', ns], cluster.kubeconfig)).code, 0);
    same(`${rel}: helm's apply changed nothing`, before, await versionsOf(c, manifest, ns));
  }
});

test('a kind whose requests carry warnings is read and written as helm does: same warning lines', async () => {
  const c = cluster.client();
  const group = `elision${Date.now().toString(36)}.example.com`;
  await c.create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          deprecated: true,
          deprecationWarning: `${group}/v1 Widget is going away`,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'integer' },
                    tags: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      ],
    },
  });
  for (let i = 0; ; i++) {
    const crd = await c.get({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: `widgets.${group}`,
    });
    const conds = (crd['status'] as { conditions?: { type: string; status: string }[] })?.conditions ?? [];
    if (conds.some((x) => x.type === 'Established' && x.status === 'True')) break;
    assert.ok(i < 100, 'CRD not established');
    await new Promise((r) => setTimeout(r, 100));
  }
  // Discovery must know the kind before the tools start.
  await new Promise((r) => setTimeout(r, 1000));
  const chart = writeChart({
    'widgets/Chart.yaml': 'apiVersion: v2\nname: widgets\nversion: 0.1.0\n',
    'widgets/values.yaml': 'size: 1\n',
    'widgets/templates/w.yaml': `{{- range $i := until 5 }}
---
apiVersion: ${group}/v1
kind: Widget
metadata:
  name: w-{{ $i }}
spec:
  size: {{ $.Values.size }}
  tags: [a, b]
{{- end }}
`,
  });
  const p = await pair();
  assert.equal((await both(p, ['install', 'w', chart])).code, 0);
  const up = await both(p, ['upgrade', 'w', chart]);
  assert.equal(up.code, 0);
  assert.match(up.stderr, /is going away/);
  // Helm reads and applies each one (a warning each time): so does rudder.
  assert.equal(objectWrites(p.proxy).length, 5);
  const refs = [0, 1, 2, 3, 4].map((i) => ({ apiVersion: `${group}/v1`, kind: 'Widget', name: `w-${i}` }));
  await sameState(p, c, refs);
  for (const ns of [p.helm, p.rudder])
    assert.equal((await run('helm', ['uninstall', 'w', '-n', ns], cluster.kubeconfig)).code, 0);
  await c.delete({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    name: `widgets.${group}`,
  });
});
