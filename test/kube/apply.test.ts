// Server-side apply and the other write verbs against a real API server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import {
  KubeApiError,
  isNotFound,
  isApplyConflict,
  NoKindMatchError,
  Discovery,
  KubeClient,
  type KubeObject,
} from '../../src/kube/index.js';

const cluster = useCluster('api');

const cm = (
  ns: string,
  name: string,
  data: Record<string, string>,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, ...extra },
  data,
});

const managers = (o: KubeObject) =>
  (o.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`).sort();

test('applying the same object twice changes nothing the second time', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const first = await c.apply(cm(ns, 'twice', { a: '1' }));
  const second = await c.apply(cm(ns, 'twice', { a: '1' }));
  assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
  assert.deepEqual(second.metadata.managedFields, first.metadata.managedFields);
  assert.deepEqual(managers(second), ['helm/Apply']);
  assert.deepEqual(second['data'], { a: '1' });
});

test('apply creates a missing object and keeps unknown-to-us fields byte for byte', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const obj: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns, labels: { app: 'web' }, annotations: { 'x/y': 'z' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }] }],
        },
      },
    },
  };
  const out = await c.apply(obj);
  assert.equal(out.metadata.uid !== undefined, true);
  const got = await c.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns });
  const spec = got['spec'] as {
    replicas: number;
    template: { spec: { containers: { image: string; ports: unknown[] }[] } };
  };
  assert.equal(spec.replicas, 3);
  assert.equal(spec.template.spec.containers[0]!.image, 'nginx:1.27');
  assert.deepEqual(spec.template.spec.containers[0]!.ports, [
    { containerPort: 8080, name: 'http', protocol: 'TCP' },
  ]);
});

test('a second manager conflicts, the message names the manager and field, force takes over', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  await c.apply(cm(ns, 'shared', { owned: 'by-helm' }));
  await assert.rejects(
    () => c.apply(cm(ns, 'shared', { owned: 'by-other' }), { fieldManager: 'other' }),
    (e: unknown) => {
      assert.ok(isApplyConflict(e), String(e));
      const err = e as KubeApiError;
      assert.equal(err.code, 409);
      assert.match(
        err.message,
        /^conflict occurred while applying object rt-[0-9a-f]+\/shared \/v1, Kind=ConfigMap: Apply failed with 1 conflict: conflict with "helm": \.data\.owned$/,
      );
      assert.deepEqual(
        err.conflicts.map((x) => [x.manager, x.field]),
        [['helm', '.data.owned']],
      );
      return true;
    },
  );
  const forced = await c.apply(cm(ns, 'shared', { owned: 'by-other' }), {
    fieldManager: 'other',
    force: true,
  });
  assert.deepEqual(forced['data'], { owned: 'by-other' });
  // The field moved to "other": helm's apply entry no longer lists it.
  const helmEntry = forced.metadata.managedFields?.find((m) => m.manager === 'helm');
  assert.equal(JSON.stringify(helmEntry?.fieldsV1 ?? {}).includes('f:owned'), false);
  const otherEntry = forced.metadata.managedFields?.find((m) => m.manager === 'other');
  assert.equal(JSON.stringify(otherEntry?.fieldsV1).includes('f:owned'), true);
});

test('a field dropped from the applied object is removed', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  await c.apply(cm(ns, 'drop', { keep: '1', gone: '2' }, { labels: { a: 'x', b: 'y' } }));
  const after = await c.apply(cm(ns, 'drop', { keep: '1' }, { labels: { a: 'x' } }));
  assert.deepEqual(after['data'], { keep: '1' });
  assert.deepEqual(after.metadata.labels, { a: 'x' });
});

test('client-side-apply ownership is migrated to the helm apply manager', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  // Helm 3 style: created and updated with non-apply writes under manager "helm".
  await c.create(cm(ns, 'legacy', { a: '1', b: '2' }), { fieldManager: 'helm' });
  const before = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'legacy', namespace: ns });
  assert.deepEqual(managers(before), ['helm/Update']);

  const migrated = await c.migrateToServerSideApply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'legacy',
    namespace: ns,
  });
  assert.equal(migrated, true);
  const mid = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'legacy', namespace: ns });
  assert.deepEqual(managers(mid), ['helm/Apply']);
  assert.equal(JSON.stringify(mid.metadata.managedFields![0]!.fieldsV1).includes('f:b'), true);
  // Nothing left to migrate.
  assert.equal(
    await c.migrateToServerSideApply({ apiVersion: 'v1', kind: 'ConfigMap', name: 'legacy', namespace: ns }),
    false,
  );

  // Because helm now owns "b" through apply, dropping it from the intent removes it.
  const after = await c.apply(cm(ns, 'legacy', { a: '1' }));
  assert.deepEqual(after['data'], { a: '1' });
  assert.deepEqual(managers(after), ['helm/Apply']);
});

test('without migration a client-side-owned field survives an apply that drops it', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  await c.create(cm(ns, 'legacy2', { a: '1', b: '2' }), { fieldManager: 'helm' });
  const after = await c.apply(cm(ns, 'legacy2', { a: '1' }));
  assert.deepEqual(after['data'], { a: '1', b: '2' });
});

test('dryRun=All persists nothing, for apply, create, replace, patch and delete', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'dry', namespace: ns };
  const applied = await c.apply(cm(ns, 'dry', { a: '1' }), { dryRun: true });
  assert.equal(applied.metadata.name, 'dry');
  assert.deepEqual(applied['data'], { a: '1' });
  await assert.rejects(
    () => c.get(ref),
    (e: unknown) => isNotFound(e),
  );
  await c.create(cm(ns, 'dry', { a: '1' }), { dryRun: true });
  await assert.rejects(
    () => c.get(ref),
    (e: unknown) => isNotFound(e),
  );

  const real = await c.apply(cm(ns, 'dry', { a: '1' }));
  await c.replace({ ...real, data: { a: 'replaced' } }, { dryRun: true });
  await c.patch(ref, 'merge', { data: { a: 'merged' } }, { dryRun: true });
  await c.delete(ref, { dryRun: true });
  const still = await c.get(ref);
  assert.deepEqual(still['data'], { a: '1' });
  assert.equal(still.metadata.resourceVersion, real.metadata.resourceVersion);
});

test('create, get, list, replace and the three patch types', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'verbs', namespace: ns };
  const created = await c.create(cm(ns, 'verbs', { a: '1' }, { labels: { kind: 'verbs' } }));
  await assert.rejects(
    () => c.create(cm(ns, 'verbs', { a: '1' })),
    (e: unknown) =>
      e instanceof KubeApiError &&
      e.reason === 'AlreadyExists' &&
      /configmaps "verbs" already exists/.test(e.message),
  );
  for (let i = 0; i < 3; i++) await c.create(cm(ns, `other-${i}`, { i: String(i) }));
  const list = await c.list('v1', 'ConfigMap', { namespace: ns, labelSelector: 'kind=verbs' });
  assert.deepEqual(
    list.items.map((i) => i.metadata.name),
    ['verbs'],
  );
  assert.equal(list.items[0]!.kind, 'ConfigMap');
  const paged = await c.list('v1', 'ConfigMap', { namespace: ns, limit: 2 });
  assert.deepEqual(
    paged.items.map((i) => i.metadata.name).filter((n) => n !== 'kube-root-ca.crt'),
    ['other-0', 'other-1', 'other-2', 'verbs'],
  );

  const replaced = await c.replace({ ...created, data: { a: '2' } });
  assert.deepEqual(replaced['data'], { a: '2' });
  // A stale resourceVersion is a conflict.
  await assert.rejects(
    () => c.replace({ ...created, data: { a: '3' } }),
    (e: unknown) => e instanceof KubeApiError && e.code === 409,
  );

  await c.patch(ref, 'json', [{ op: 'add', path: '/data/b', value: 'json' }]);
  await c.patch(ref, 'merge', { data: { c: 'merge' } });
  await c.patch(ref, 'strategic', { metadata: { labels: { s: 'strategic' } } });
  const got = await c.get(ref);
  assert.deepEqual(got['data'], { a: '2', b: 'json', c: 'merge' });
  assert.deepEqual(got.metadata.labels, { kind: 'verbs', s: 'strategic' });
});

test('fieldValidation=Strict rejects unknown fields; Warn reports them as warnings; apply never stores them', async () => {
  const ns = await cluster.namespace();
  const warnings: string[] = [];
  const c = cluster.client('admin', { onWarning: (w) => warnings.push(w) });
  const bad: KubeObject = { ...cm(ns, 'strict', { a: '1' }), bogus: true };
  await assert.rejects(
    () => c.create(bad, { fieldValidation: 'Strict' }),
    (e: unknown) => e instanceof KubeApiError && e.code === 400 && /unknown field "bogus"/.test(e.message),
  );
  await c.create(bad, { fieldValidation: 'Warn' });
  assert.ok(
    warnings.some((w) => /unknown field "bogus"/.test(w)),
    JSON.stringify(warnings),
  );
  // Server-side apply of a built-in type cannot carry an undeclared field at all.
  await assert.rejects(
    () => c.apply({ ...cm(ns, 'strict2', { a: '1' }), bogus: true }, { fieldValidation: 'Strict' }),
    (e: unknown) => e instanceof KubeApiError && /\.bogus: field not declared in schema/.test(e.message),
  );
});

test("an invalid object gives the server's validation message", async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  await assert.rejects(
    () => c.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid', namespace: ns } }),
    (e: unknown) =>
      e instanceof KubeApiError &&
      e.code === 422 &&
      /ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid"/.test(e.message),
  );
});

test('an unknown kind fails with no-matches; a CRD installed later is found after re-discovery', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const suffix = ns.slice(3);
  const group = `t${suffix}.rudder.test`;
  const widget: KubeObject = {
    apiVersion: `${group}/v1`,
    kind: 'Widget',
    metadata: { name: 'w1', namespace: ns },
    spec: { size: 3 },
  };
  await assert.rejects(
    () => c.apply(widget),
    (e: unknown) =>
      e instanceof NoKindMatchError && e.message === `no matches for kind "Widget" in version "${group}/v1"`,
  );
  // Warm the discovery cache, then install the CRD.
  await c.discovery.resources();
  await c.apply({
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
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  // Established takes a moment; retry the apply until the kind is served.
  let out: KubeObject | undefined;
  for (let i = 0; i < 50 && !out; i++) {
    try {
      out = await c.apply(widget);
    } catch (e) {
      if (!(e instanceof NoKindMatchError) && !(e instanceof KubeApiError && e.code === 404)) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  assert.ok(out, 'the custom resource was never accepted');
  assert.deepEqual(out['spec'], { size: 3 });
  const versions = await c.discovery.apiVersions();
  assert.ok(versions.includes(`${group}/v1`));
  assert.ok(versions.includes(`${group}/v1/Widget`));
  await c.delete({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    name: `widgets.${group}`,
  });
});

test('cluster-scoped kinds ignore the namespace; discovery reports the server version', async () => {
  const c = cluster.client();
  const v = await c.serverVersion();
  assert.equal(v.gitVersion, 'v1.34.10');
  assert.equal(v.major, '1');
  const name = `rudder-test-${Date.now()}`;
  const role = await c.apply({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, namespace: 'ignored' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  });
  assert.equal(role.metadata.namespace, undefined);
  await c.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name });
  await assert.rejects(
    () => c.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name }),
    (e: unknown) => isNotFound(e),
  );
});

test('watch streams events for changes after a list', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const list = await c.list('v1', 'ConfigMap', { namespace: ns });
  const ac = new AbortController();
  const seen: string[] = [];
  const watching = (async () => {
    const wo: Parameters<typeof c.watch>[2] = { namespace: ns, signal: ac.signal };
    if (list.metadata.resourceVersion) wo.resourceVersion = list.metadata.resourceVersion;
    for await (const ev of c.watch('v1', 'ConfigMap', wo)) {
      if (ev.object.metadata.name !== 'watched') continue;
      seen.push(ev.type);
      if (ev.type === 'DELETED') break;
    }
  })();
  await c.apply(cm(ns, 'watched', { a: '1' }));
  await c.apply(cm(ns, 'watched', { a: '2' }));
  await c.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'watched', namespace: ns });
  const timer = setTimeout(() => ac.abort(), 10_000);
  await watching;
  clearTimeout(timer);
  assert.deepEqual(seen, ['ADDED', 'MODIFIED', 'DELETED']);
});

test('legacy per-group discovery gives the same mapping as aggregated discovery', async () => {
  const c = cluster.client();
  const legacy = new Discovery((req) => c.transport.request({ ...req, accept: 'application/json' }));
  const [a, b] = await Promise.all([c.discovery.apiVersions(), legacy.apiVersions()]);
  // CRDs other tests are deleting may still show in one document and not the other.
  const stable = (l: string[]) => l.filter((v) => !v.includes('.rudder.test')).sort();
  assert.deepEqual(stable(b), stable(a));
  assert.ok(a.includes('apps/v1/Deployment') && a.includes('v1') && a.includes('v1/ConfigMap'));
  assert.deepEqual(await legacy.mapping('apps/v1', 'Deployment'), {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    namespaced: true,
  });
  assert.deepEqual(await legacy.mapping('rbac.authorization.k8s.io/v1', 'ClusterRole'), {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    resource: 'clusterroles',
    namespaced: false,
  });
  assert.deepEqual(await c.discovery.preferredMapping('autoscaling', 'HorizontalPodAutoscaler'), {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    namespaced: true,
  });
});

test('KubeClient.fromOptions honours Helm options: context, namespace override', async () => {
  const ns = await cluster.namespace();
  const c = KubeClient.fromOptions(
    { kubeconfig: cluster.kubeconfig, context: 'admin-token', namespace: ns },
    { env: {} },
  );
  try {
    assert.equal(c.namespace, ns);
    await c.apply(cm('', 'via-options', { a: '1' }));
    const got = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'via-options' });
    assert.equal(got.metadata.namespace, ns);
    assert.equal(got.metadata.managedFields?.[0]?.manager, 'helm');
  } finally {
    c.close();
  }
});
