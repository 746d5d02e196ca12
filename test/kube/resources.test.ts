// Helm's Create / Update / Delete over resource lists, against the real API server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import {
  createResources,
  updateResources,
  deleteResources,
  performByKind,
  createMergePatch,
  createThreeWayMergePatch,
  createThreeWayStrategicMergePatch,
  PatchSchema,
  isNotFound,
  type KubeObject,
  type UpdateError,
} from '../../src/kube/index.js';

const cluster = useCluster('api');

const cm = (
  ns: string,
  name: string,
  data: Record<string, string>,
  annotations?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
  data,
});
const secret = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: ns },
  stringData: { a: 'b' },
});

test('performByKind: parallel within a run of one kind, sequential between kinds, errors collected', async () => {
  const log: string[] = [];
  const items = [
    { kind: 'A', n: 1, ms: 30 },
    { kind: 'A', n: 2, ms: 10 },
    { kind: 'B', n: 3, ms: 1 },
    { kind: 'A', n: 4, ms: 1 },
  ];
  const errors = await performByKind(items, async (i) => {
    log.push(`start ${i.n}`);
    await new Promise((r) => setTimeout(r, i.ms));
    log.push(`end ${i.n}`);
    if (i.n === 2) throw new Error('two failed');
  });
  assert.deepEqual(log, ['start 1', 'start 2', 'end 2', 'end 1', 'start 3', 'end 3', 'start 4', 'end 4']);
  assert.deepEqual(
    errors.map((e) => e.message),
    ['two failed'],
  );
});

test('strategic merge: deletions from the old manifest, changes against the live object, directives', () => {
  const schema = new PatchSchema(
    {
      properties: {
        items: {
          type: 'array',
          'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-patch-merge-key': 'name',
          items: { $ref: '#/components/schemas/Item' },
        },
        fin: { type: 'array', 'x-kubernetes-patch-strategy': 'merge', items: { type: 'string' } },
        plain: { type: 'array', items: { type: 'string' } },
        strat: {
          'x-kubernetes-patch-strategy': 'retainKeys',
          allOf: [{ $ref: '#/components/schemas/Strat' }],
        },
      },
    },
    {
      Item: { properties: { name: { type: 'string' }, v: { type: 'string' } } },
      Strat: { properties: { type: {}, rolling: {} } },
    },
  );
  const original = {
    items: [
      { name: 'a', v: '1' },
      { name: 'b', v: '1' },
    ],
    fin: ['x', 'y'],
    plain: ['1'],
    gone: 1,
    strat: { type: 'R', rolling: { n: 1 } },
  };
  const modified = {
    items: [
      { name: 'a', v: '2' },
      { name: 'c', v: '1' },
    ],
    fin: ['x', 'z'],
    plain: ['2'],
    strat: { type: 'Q' },
  };
  const current = { ...original, items: [...original.items, { name: 'foreign', v: '1' }], foreign: true };
  assert.deepEqual(createThreeWayStrategicMergePatch(original, modified, current, schema), {
    items: [
      { name: 'a', v: '2' },
      { name: 'c', v: '1' },
      { $patch: 'delete', name: 'b' },
    ],
    '$setElementOrder/items': [{ name: 'a' }, { name: 'c' }],
    '$deleteFromPrimitiveList/fin': ['y'],
    '$setElementOrder/fin': ['x', 'z'],
    fin: ['z'],
    gone: null,
    plain: ['2'],
    strat: { $retainKeys: ['type'], rolling: null, type: 'Q' },
  });
  // A list item someone else added changes the length: apimachinery still sends the element order.
  assert.deepEqual(createThreeWayStrategicMergePatch(original, original, current, schema), {
    '$setElementOrder/items': [{ name: 'a' }, { name: 'b' }],
  });
  assert.deepEqual(createThreeWayStrategicMergePatch(original, original, original, schema), {});
});

test('JSON merge patches: two-way and three-way', () => {
  assert.deepEqual(
    createMergePatch({ a: 1, b: { c: 1, d: 2 }, e: [1] }, { a: 1, b: { c: 2 }, e: [1, 2], f: 'x' }),
    {
      b: { c: 2, d: null },
      e: [1, 2],
      f: 'x',
    },
  );
  // Three-way: drop what the chart dropped, keep what someone else added, set what the chart sets.
  assert.deepEqual(
    createThreeWayMergePatch(
      { spec: { a: 1, gone: 1 } },
      { spec: { a: 2 } },
      { spec: { a: 1, gone: 1, foreign: 1 } },
    ),
    { spec: { gone: null, a: 2 } },
  );
});

test('createResources applies everything server-side; client-side create uses POST', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const res = await createResources(c, [cm(ns, 'a', { x: '1' }), cm(ns, 'b', { x: '2' }), secret(ns, 's')]);
  assert.equal(res.created.length, 3);
  const a = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: ns });
  assert.equal(a.metadata.managedFields?.[0]?.operation, 'Apply');

  await createResources(c, [cm(ns, 'csa', { x: '1' })], { serverSideApply: false });
  const csa = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'csa', namespace: ns });
  assert.equal(csa.metadata.managedFields?.[0]?.operation, 'Update');
  assert.equal(csa.metadata.managedFields?.[0]?.manager, 'helm');
  await assert.rejects(
    () => createResources(c, [cm(ns, 'csa', { x: '1' })], { serverSideApply: false }),
    /configmaps "csa" already exists/,
  );
  await assert.rejects(
    () => createResources(c, [cm(ns, 'z', {})], { serverSideApply: false, forceConflicts: true }),
    /forceConflicts enabled when serverSideApply disabled/,
  );
  await assert.rejects(() => createResources(c, []), /no objects visited/);
});

test('updateResources creates, applies, deletes removed objects and keeps resource-policy: keep', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const originals = [
    cm(ns, 'stay', { v: '1' }),
    cm(ns, 'kept', { v: '1' }, { 'helm.sh/resource-policy': 'keep' }),
    cm(ns, 'removed', { v: '1' }),
  ];
  await createResources(c, originals);
  const targets = [cm(ns, 'stay', { v: '2' }), cm(ns, 'added', { v: '1' })];
  const res = await updateResources(c, originals, targets);
  assert.deepEqual(
    res.created.map((r) => r.metadata.name),
    ['added'],
  );
  assert.deepEqual(
    res.updated.map((r) => r.metadata.name),
    ['stay'],
  );
  assert.deepEqual(
    res.deleted.map((r) => r.metadata.name),
    ['removed'],
  );
  const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: ns });
  assert.deepEqual((await c.get(ref('stay')))['data'], { v: '2' });
  await c.get(ref('kept'));
  await assert.rejects(
    () => c.get(ref('removed')),
    (e: unknown) => isNotFound(e),
  );
});

test("updateResources: option conflicts, missing originals and apply conflicts give Helm's messages", async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  await assert.rejects(
    () => updateResources(c, [], [], { forceReplace: true }),
    /^Error: invalid operation: cannot use server-side apply and force replace together$/,
  );
  await assert.rejects(
    () => updateResources(c, [], [], { serverSideApply: false, forceReplace: true, forceConflicts: true }),
    /forceConflicts enabled when serverSideApply disabled/,
  );
  await assert.rejects(
    () => updateResources(c, [], [], { threeWayMergeForUnstructured: true }),
    /cannot use three-way merge for unstructured and server-side apply together/,
  );

  await c.apply(cm(ns, 'exists', { v: '1' }), { fieldManager: 'someone-else' });
  // Helm 4.3: a live object missing from the originals is the baseline, with a warning.
  const warnings: string[] = [];
  await assert.rejects(
    () =>
      updateResources(c, [], [cm(ns, 'exists', { v: '2' })], {
        warn: (m, a) => warnings.push(`${m} ${a['kind']}/${a['name']}`),
      }),
    /conflict with "someone-else"/,
  );
  assert.deepEqual(warnings, [
    'resource exists on cluster but not in original release, using cluster state as baseline ConfigMap/exists',
  ]);
  await assert.rejects(
    () => updateResources(c, [cm(ns, 'exists', { v: '1' })], [cm(ns, 'exists', { v: '2' })]),
    (e: unknown) => {
      const err = e as UpdateError;
      assert.match(
        err.message,
        new RegExp(
          `^conflict occurred while applying object ${ns}/exists /v1, Kind=ConfigMap: Apply failed with 1 conflict: conflict with "someone-else": \\.data\\.v$`,
        ),
      );
      assert.deepEqual(
        err.result.updated.map((r) => r.metadata.name),
        ['exists'],
      );
      return true;
    },
  );
  const forced = await updateResources(c, [cm(ns, 'exists', { v: '1' })], [cm(ns, 'exists', { v: '2' })], {
    forceConflicts: true,
  });
  assert.equal(forced.updated.length, 1);
});

test('updateResources with client-side field-manager upgrade removes fields the chart dropped', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const v1 = cm(ns, 'migrating', { a: '1', b: '2' });
  await createResources(c, [v1], { serverSideApply: false });
  await updateResources(c, [v1], [cm(ns, 'migrating', { a: '1' })], { upgradeClientSideFieldManager: true });
  const got = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'migrating', namespace: ns });
  assert.deepEqual(got['data'], { a: '1' });
});

test('client-side updates: PUT with force-replace; three-way strategic merge keeps what others added', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const v1 = cm(ns, 'replaced', { a: '1', b: '2' });
  await createResources(c, [v1], { serverSideApply: false });
  await updateResources(c, [v1], [cm(ns, 'replaced', { a: '9' })], {
    serverSideApply: false,
    forceReplace: true,
  });
  assert.deepEqual(
    (await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'replaced', namespace: ns }))['data'],
    { a: '9' },
  );

  const orig = cm(ns, 'merged', { a: '1', b: '2' });
  await createResources(c, [orig], { serverSideApply: false });
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'merged', namespace: ns };
  await c.patch(
    ref,
    'merge',
    { metadata: { labels: { foreign: 'yes' } }, data: { extra: 'x' } },
    { fieldManager: 'other' },
  );
  await updateResources(c, [orig], [cm(ns, 'merged', { a: '9' })], { serverSideApply: false });
  const got = await c.get(ref);
  assert.deepEqual(got['data'], { a: '9', extra: 'x' });
  assert.deepEqual(got.metadata.labels, { foreign: 'yes' });
});

test('client-side update of a Deployment: merge keys, retainKeys, dropped labels and env, foreign sidecar kept', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const dep = (
    labels: Record<string, string>,
    env: Record<string, string>,
    image: string,
    strategy: Record<string, unknown>,
  ): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns, labels },
    spec: {
      replicas: 1,
      strategy,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'app', image, env: Object.entries(env).map(([name, value]) => ({ name, value })) },
          ],
        },
      },
    },
  });
  const v1 = dep({ app: 'web', tier: 'x' }, { A: '1', B: '2' }, 'app:1', {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: 1 },
  });
  await createResources(c, [v1], { serverSideApply: false });
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns };
  // Someone else injects a sidecar and an annotation.
  await c.patch(
    ref,
    'strategic',
    {
      metadata: { annotations: { injected: 'true' } },
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'side:1' }] } } },
    },
    { fieldManager: 'injector' },
  );
  const v2 = dep({ app: 'web' }, { A: '1', C: '3' }, 'app:2', { type: 'Recreate' });
  const res = await updateResources(c, [v1], [v2], { serverSideApply: false });
  assert.equal(res.updated.length, 1);
  const got = await c.get(ref);
  const spec = got['spec'] as {
    strategy: Record<string, unknown>;
    template: {
      spec: { containers: { name: string; image: string; env?: { name: string; value: string }[] }[] };
    };
  };
  assert.deepEqual(got.metadata.labels, { app: 'web' });
  assert.equal(got.metadata.annotations?.['injected'], 'true');
  assert.deepEqual(spec.strategy, { type: 'Recreate' });
  const containers = spec.template.spec.containers;
  assert.deepEqual(containers.map((x) => x.name).sort(), ['app', 'sidecar']);
  const app = containers.find((x) => x.name === 'app')!;
  assert.equal(app.image, 'app:2');
  assert.deepEqual(app.env, [
    { name: 'A', value: '1' },
    { name: 'C', value: '3' },
  ]);
  // Unchanged ConfigMap: nothing is sent but the GET (and the schema look-ups).
  const same = cm(ns, 'same', { a: '1' });
  await createResources(c, [same], { serverSideApply: false });
  const before = c.requestCount;
  await updateResources(c, [same], [same], { serverSideApply: false });
  assert.equal(c.requestCount - before, 3); // GET live, OpenAPI index, OpenAPI api/v1; no PATCH
});

test('deleteResources: NotFound counts as deleted; other errors are collected', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  await createResources(c, [cm(ns, 'd1', {})]);
  const res = await deleteResources(c, [cm(ns, 'd1', {}), cm(ns, 'never-existed', {})]);
  assert.deepEqual(res.errors, []);
  assert.equal(res.deleted.length, 2);
  const user = cluster.client('user');
  const denied = await deleteResources(user, [cm(ns, 'd2', {})]);
  assert.equal(denied.deleted.length, 0);
  assert.match(
    denied.errors[0]!.message,
    /configmaps "d2" is forbidden: User "rudder-user" cannot delete resource "configmaps"/,
  );
});
