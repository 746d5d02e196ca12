// Waiting (kstatus) and deletion with each propagation policy, on the full cluster: controller
// manager, scheduler and kwok's fake nodes make workloads Ready and Jobs Complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import {
  waitForReady,
  waitForReadyWithJobs,
  watchUntilReady,
  waitForDelete,
  WaitError,
  isNotFound,
  type KubeObject,
  type ObjectRef,
  type KubeClient,
} from '../../src/kube/index.js';

const cluster = useCluster('full');

const labels = (app: string) => ({ app });
const podSpec = (extra: Record<string, unknown> = {}) => ({
  containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
  ...extra,
});
const deployment = (
  ns: string,
  name: string,
  replicas = 2,
  spec: Record<string, unknown> = {},
  pod: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas,
    selector: { matchLabels: labels(name) },
    template: { metadata: { labels: labels(name) }, spec: podSpec(pod) },
    ...spec,
  },
});
const statefulSet = (ns: string, name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: ns },
  spec: {
    replicas: 2,
    serviceName: name,
    selector: { matchLabels: labels(name) },
    template: { metadata: { labels: labels(name) }, spec: podSpec() },
  },
});
const daemonSet = (ns: string, name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: ns },
  spec: {
    selector: { matchLabels: labels(name) },
    template: { metadata: { labels: labels(name) }, spec: podSpec() },
  },
});
const job = (ns: string, name: string): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: ns },
  spec: { backoffLimit: 0, template: { spec: podSpec({ restartPolicy: 'Never' }) } },
});

async function applyAll(c: KubeClient, objs: KubeObject[]): Promise<void> {
  for (const o of objs) await c.apply(o);
}

test('a Deployment, StatefulSet, DaemonSet, Service and Job all reach Current', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const objs = [
    deployment(ns, 'web'),
    statefulSet(ns, 'db'),
    daemonSet(ns, 'agent'),
    job(ns, 'migrate'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: ns },
      spec: { selector: labels('web'), ports: [{ port: 80 }] },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: ns }, data: { a: '1' } },
  ];
  await applyAll(c, objs);
  const seen = new Set<string>();
  await waitForReadyWithJobs(c, objs, {
    timeoutMs: 90_000,
    onStatus: (ref, s) => seen.add(`${ref.kind}:${s}`),
  });
  for (const o of objs)
    assert.ok(seen.has(`${o.kind}:Current`), `${o.kind} never reported Current: ${[...seen].join(', ')}`);
  const d = await c.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns });
  assert.equal((d['status'] as { readyReplicas: number }).readyReplicas, 2);
  const j = await c.get({ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate', namespace: ns });
  assert.equal((j['status'] as { succeeded: number }).succeeded, 1);
});

test('hook readiness: the Job must complete; a Running (even Ready) Pod is not done', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'hook-pod', namespace: ns },
    spec: podSpec({ restartPolicy: 'Never' }),
  };
  const hookJob = job(ns, 'hook-job');
  const cm: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'hook-cm', namespace: ns },
    data: {},
  };
  await applyAll(c, [hookJob, pod, cm]);
  await watchUntilReady(c, [hookJob, cm], { timeoutMs: 60_000 });
  const j = await c.get({ apiVersion: 'batch/v1', kind: 'Job', name: 'hook-job', namespace: ns });
  assert.ok(
    ((j['status'] as { conditions?: { type: string; status: string }[] }).conditions ?? []).some(
      (x) => x.type === 'Complete' && x.status === 'True',
    ),
  );
  // kwok runs bare Pods forever (only Job pods complete): Helm's Pod reader wants Succeeded.
  await until(
    'pod running',
    async () =>
      (
        (await c.get({ apiVersion: 'v1', kind: 'Pod', name: 'hook-pod', namespace: ns }))['status'] as {
          phase?: string;
        }
      ).phase === 'Running' || undefined,
  );
  await assert.rejects(
    () => watchUntilReady(c, [pod], { timeoutMs: 1_500 }),
    (e: unknown) =>
      e instanceof WaitError &&
      e.message ===
        `resource Pod/${ns}/hook-pod not ready. status: InProgress, message: Pod in progress\ncontext deadline exceeded`,
  );
});

test('a timeout names every resource that is not ready, then "context deadline exceeded"', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  // No node carries this label, so the pods stay Pending.
  const stuck = deployment(ns, 'stuck', 1, {}, { nodeSelector: { 'rudder.test/none': 'x' } });
  const fine: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'fine', namespace: ns },
    data: {},
  };
  const missing: ObjectRef = { apiVersion: 'v1', kind: 'Secret', name: 'never-created', namespace: ns };
  await applyAll(c, [stuck, fine]);
  const t0 = Date.now();
  await assert.rejects(
    () => waitForReady(c, [stuck, fine, missing], { timeoutMs: 3_000 }),
    (e: unknown) => {
      assert.ok(e instanceof WaitError);
      assert.equal(e.timedOut, true);
      const lines = e.message.split('\n');
      assert.equal(lines.length, 3, e.message);
      assert.match(
        lines[0]!,
        new RegExp(
          `^resource Deployment/${ns}/stuck not ready\\. status: InProgress, message: (Ready: 0/1|Available: 0/1|Deployment not Available|Updated: 0/1|Replicas: 0/1)`,
        ),
      );
      assert.equal(
        lines[1],
        `resource Secret/${ns}/never-created not ready. status: NotFound, message: Resource not found`,
      );
      assert.equal(lines[2], 'context deadline exceeded');
      return true;
    },
  );
  assert.ok(Date.now() - t0 >= 2_900);
});

test('a Failed resource ends the wait before the timeout and is reported', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const doomed = deployment(
    ns,
    'doomed',
    1,
    { progressDeadlineSeconds: 1 },
    { nodeSelector: { 'rudder.test/none': 'x' } },
  );
  await c.apply(doomed);
  const t0 = Date.now();
  await assert.rejects(
    () => waitForReady(c, [doomed], { timeoutMs: 60_000 }),
    (e: unknown) =>
      e instanceof WaitError &&
      !e.timedOut &&
      e.message ===
        `resource Deployment/${ns}/doomed not ready. status: Failed, message: Progress deadline exceeded`,
  );
  assert.ok(Date.now() - t0 < 55_000);
});

test('paused Deployments are not waited for', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const paused = deployment(ns, 'paused', 1, { paused: true }, { nodeSelector: { 'rudder.test/none': 'x' } });
  await c.apply(paused);
  await waitForReady(c, [paused], { timeoutMs: 2_000 });
});

async function children(
  c: KubeClient,
  ns: string,
  app: string,
): Promise<{ rs: KubeObject[]; pods: KubeObject[] }> {
  const rs = (await c.list('apps/v1', 'ReplicaSet', { namespace: ns, labelSelector: `app=${app}` })).items;
  const pods = (await c.list('v1', 'Pod', { namespace: ns, labelSelector: `app=${app}` })).items;
  return { rs, pods };
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('delete with Background, Foreground and Orphan propagation', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const names = ['bg', 'fg', 'orphan'];
  const objs = names.map((n) => deployment(ns, n, 1));
  await applyAll(c, objs);
  await waitForReady(c, objs, { timeoutMs: 90_000 });
  const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: ns });

  // Background: the owner goes at once; the garbage collector removes the children afterwards.
  await c.delete(ref('bg'), { propagationPolicy: 'Background' });
  await assert.rejects(
    () => c.get(ref('bg')),
    (e: unknown) => isNotFound(e),
  );
  await until('bg children collected', async () =>
    (await children(c, ns, 'bg')).rs.length === 0 ? true : undefined,
  );

  // Foreground: the owner stays (deletionTimestamp + finalizer) until its children are gone.
  const fg = (await c.delete(ref('fg'), { propagationPolicy: 'Foreground' })) as KubeObject;
  assert.equal(fg.kind, 'Deployment');
  assert.ok(fg.metadata.deletionTimestamp);
  assert.ok(fg.metadata.finalizers?.includes('foregroundDeletion'));
  await waitForDelete(c, [ref('fg')], { timeoutMs: 60_000 });
  assert.equal((await children(c, ns, 'fg')).rs.length, 0);

  // Orphan: the owner goes, the ReplicaSet stays without its owner reference.
  await c.delete(ref('orphan'), { propagationPolicy: 'Orphan' });
  await waitForDelete(c, [ref('orphan')], { timeoutMs: 60_000 });
  const { rs } = await children(c, ns, 'orphan');
  assert.equal(rs.length, 1);
  assert.deepEqual(rs[0]!.metadata.ownerReferences ?? [], []);

  // Deleting something already gone.
  assert.equal(await c.delete(ref('bg'), { ignoreNotFound: true }), undefined);
  await assert.rejects(() => c.delete(ref('bg')), /deployments.apps "bg" not found/);
});

test('waitForDelete reports what still exists on timeout', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const cm: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'stays', namespace: ns },
    data: {},
  };
  await c.apply(cm);
  await assert.rejects(
    () => waitForDelete(c, [cm], { timeoutMs: 1_500 }),
    (e: unknown) =>
      e instanceof WaitError &&
      e.message ===
        `resource ConfigMap/${ns}/stays still exists. status: Current, message: Resource is always ready\ncontext deadline exceeded`,
  );
});

test('a kind that is no longer served counts as deleted, but is an error when waiting for readiness', async () => {
  const ns = await cluster.namespace();
  const c = cluster.client();
  const gone = { apiVersion: 'gone.rudder.test/v1', kind: 'Gone', name: 'x', namespace: ns };
  await waitForDelete(c, [gone], { timeoutMs: 2_000 });
  await assert.rejects(
    () => waitForReady(c, [gone], { timeoutMs: 2_000 }),
    /no matches for kind "Gone" in version "gone.rudder.test\/v1"/,
  );
});
