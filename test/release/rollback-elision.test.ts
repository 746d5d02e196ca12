// Write elision on rollback: the objects the current revision applied are compared with the target
// revision's; an object equal in both and intact live is not written. Helm runs in one namespace,
// rudder in another through a loopback counting proxy; output, release records and live objects
// (managedFields included) must stay those of helm v4.3.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import type { CountingProxy } from '../support/counting-proxy.js';
import type { KubeClient } from '../../src/kube/client.js';
import { writeChart } from './actions-support.js';
import { elisionHarness, objectWrites as writesInOrder, type Pair, type Ref } from './elision-support.js';

const cluster = useCluster('full');
const harness = elisionHarness(cluster, 'rollback-elision');
const { both } = harness;
const pair = () => harness.pair('rbh', 'rbr', 'rudder-rb-elision-');

/** The writes rudder sent to release objects (release records aside), sorted. */
function objectWrites(p: CountingProxy): string[] {
  return writesInOrder(p).sort();
}

const objects: Ref[] = [
  ...[0, 1, 2].map((i) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: `cm-${i}` })),
  { apiVersion: 'v1', kind: 'Service', name: 'web' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
];

function sameState(p: Pair, c: KubeClient): Promise<void> {
  return harness.sameState(p, c, objects);
}

const chartFiles = {
  'rbelide/Chart.yaml': 'apiVersion: v2\nname: rbelide\nversion: 0.1.0\n',
  'rbelide/values.yaml': 'marker: one\nreplicas: 1\n',
  'rbelide/templates/cms.yaml': `{{- range $i := until 3 }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-{{ $i }}
data:
  index: "{{ $i }}"
{{- if eq $i 0 }}
  marker: {{ $.Values.marker | quote }}
{{- end }}
{{- end }}
`,
  'rbelide/templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: rbelide
  ports:
    - port: 80
      targetPort: 8080
`,
  'rbelide/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      app: rbelide
  template:
    metadata:
      labels:
        app: rbelide
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          resources: {}
`,
};

test('a rollback writes only the objects that differ or drifted, with helm outcomes', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = writeChart(chartFiles);
  assert.equal((await both(p, ['install', 'rel', chart])).code, 0);
  assert.equal((await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two'])).code, 0);
  await sameState(p, c);

  // Revision 1 differs from the current one in cm-0 only.
  assert.equal((await both(p, ['rollback', 'rel', '1'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`]);
  await sameState(p, c);

  // Revision 3 is the current manifest: nothing to write.
  assert.equal((await both(p, ['rollback', 'rel', '3'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), []);
  await sameState(p, c);

  // Drift by another manager is put back; the changed value is written too.
  for (const ns of [p.helm, p.rudder])
    await c.patch({ ...objects[1]!, namespace: ns }, 'json', [{ op: 'remove', path: '/data/index' }], {
      fieldManager: 'drifter',
    });
  assert.equal((await both(p, ['rollback', 'rel', '2'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [
    `PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`,
    `PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-1`,
  ]);
  await sameState(p, c);

  // Two revisions apart with a replica change: the Deployment and cm-0.
  assert.equal((await both(p, ['upgrade', 'rel', chart, '--set', 'replicas=2'])).code, 0);
  assert.equal((await both(p, ['rollback', 'rel', '5'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [
    `PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`,
    `PATCH /apis/apps/v1/namespaces/${p.rudder}/deployments/web`,
  ]);
  await sameState(p, c);
});

test('rolling back from a failed revision still writes as helm does', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = writeChart(chartFiles);
  assert.equal((await both(p, ['install', 'rel', chart])).code, 0);
  // The API server rejects a negative replica count: revision 2 fails after cm-0 was written.
  const failed = await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two', '--set', 'replicas=-1']);
  assert.notEqual(failed.code, 0);
  await sameState(p, c);
  assert.equal((await both(p, ['rollback', 'rel', '1'])).code, 0);
  // cm-0 carries revision 2's value live: written back; the rest is intact.
  assert.ok(objectWrites(p.proxy).includes(`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`));
  await sameState(p, c);
});
