// Helm's `--wait=legacy` waiter (pkg/kube/wait.go legacyWaiter and ready.go ReadyChecker, Helm 3's
// logic): readiness polled every 2 s by reading each object (Pods Ready, Deployments' new ReplicaSet,
// Services' IPs, PVCs bound, …), deletion polled the same way, hooks (Jobs, Pods) watched to
// completion. Its failures read as Helm's: `context deadline exceeded` when the time is up, `timed
// out waiting for the condition` for a hook, `job <name> failed: <reason>`, `pod <name> failed`.
import type { KubeClient } from '../kube/client.js';
import { isNotFound, KubeApiError } from '../kube/errors.js';
import type { KubeObject } from '../kube/types.js';
import { cancelReason } from './cancel.js';

export interface LegacyLog {
  /** slog.Error records Helm writes whatever the debug setting. */
  error?: (msg: string, attrs: Record<string, string>) => void;
}

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

class DeadlineError extends Error {
  constructor(message = 'context deadline exceeded') {
    super(message);
  }
}

const refOf = (o: KubeObject) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name ?? '',
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
});

/** wait.PollUntilContextCancel(ctx, 2s, immediate): the condition until true, an error, or the deadline. */
async function poll(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  cond: () => Promise<boolean>,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw cancelReason(signal);
    if (await cond()) return;
    const left = end - Date.now();
    if (left <= 0) throw new DeadlineError();
    await new Promise<void>((res) => {
      const t = setTimeout(done, Math.min(2000, left));
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        res();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
    if (Date.now() >= end) throw new DeadlineError();
  }
}

const retryable = (e: unknown): boolean =>
  !(e instanceof KubeApiError) || e.code === 0 || e.code === 429 || (e.code >= 500 && e.code !== 501);

function conditionTrue(o: Obj, type: string): boolean {
  const conds = rec(o['status'])['conditions'];
  return Array.isArray(conds) && conds.some((c) => rec(c)['type'] === type && rec(c)['status'] === 'True');
}

function selectorString(sel: unknown): string {
  const s = rec(sel);
  const labels = rec(s['matchLabels'] ?? (s['matchExpressions'] === undefined ? s : {}));
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${String(labels[k])}`);
  for (const e of (s['matchExpressions'] as Obj[] | undefined) ?? []) {
    const vals = ((e['values'] as string[] | undefined) ?? []).join(',');
    const op = String(e['operator']);
    if (op === 'In') parts.push(`${String(e['key'])} in (${vals})`);
    else if (op === 'NotIn') parts.push(`${String(e['key'])} notin (${vals})`);
    else if (op === 'Exists') parts.push(String(e['key']));
    else parts.push(`!${String(e['key'])}`);
  }
  return parts.join(',');
}

/** intstr.GetScaledValueFromIntOrPercent. */
function scaled(v: unknown, total: number, roundUp: boolean, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return NaN;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** deploymentutil.MaxUnavailable (after ResolveFenceposts). */
function maxUnavailable(dep: Obj): number {
  const spec = rec(dep['spec']);
  const replicas = num(spec['replicas'] ?? 1);
  const strategy = rec(spec['strategy']);
  if ((strategy['type'] ?? 'RollingUpdate') !== 'RollingUpdate' || replicas === 0) return 0;
  const ru = rec(strategy['rollingUpdate']);
  const surge = scaled(ru['maxSurge'], replicas, true, Math.ceil(replicas * 0.25));
  let unavailable = scaled(ru['maxUnavailable'], replicas, false, Math.floor(replicas * 0.25));
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return Math.min(unavailable, replicas);
}

/** Pod templates equal but for the pod-template-hash label (deploymentutil.EqualIgnoreHash). */
function sameTemplate(a: unknown, b: unknown): boolean {
  const strip = (t: unknown): string => {
    const c = JSON.parse(JSON.stringify(t ?? {})) as Obj;
    const labels = rec(rec(c['metadata'])['labels']);
    delete labels['pod-template-hash'];
    return canonical(c);
  };
  return strip(a) === strip(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Obj)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export class LegacyReadyChecker {
  constructor(
    private readonly client: KubeClient,
    private readonly checkJobs: boolean,
  ) {}

  private async podsReady(namespace: string, selector: unknown): Promise<boolean> {
    const pods = await this.client.list('v1', 'Pod', { namespace, labelSelector: selectorString(selector) });
    return pods.items.every((p) => conditionTrue(p as Obj, 'Ready'));
  }

  /** ReadyChecker.IsReady with PausedAsReady. */
  async isReady(o: KubeObject): Promise<boolean> {
    const ns = o.metadata.namespace ?? this.client.namespace;
    const get = async () => (await this.client.get({ ...refOf(o), namespace: ns })) as Obj;
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    const key = `${group}/${o.kind}`;
    switch (key) {
      case '/Pod':
        return conditionTrue(await get(), 'Ready');
      case 'batch/Job': {
        if (!this.checkJobs) return true;
        const job = await get();
        const st = rec(job['status']);
        const spec = rec(job['spec']);
        if (num(st['failed']) > num(spec['backoffLimit'] ?? 6))
          throw new Error(`job is failed: ${ns}/${o.metadata.name ?? ''}`);
        const completions = spec['completions'];
        return !(typeof completions === 'number' && num(st['succeeded']) < completions);
      }
      case 'apps/Deployment': {
        const dep = await get();
        const spec = rec(dep['spec']);
        if (spec['paused'] === true) return true;
        const rss = await this.client.list('apps/v1', 'ReplicaSet', {
          namespace: ns,
          labelSelector: selectorString(spec['selector']),
        });
        const uid = rec(dep['metadata'])['uid'];
        const owned = rss.items.filter((rs) =>
          (rs.metadata.ownerReferences ?? []).some((r) => r.uid === uid),
        );
        // The oldest ReplicaSet whose template is the Deployment's (FindNewReplicaSet).
        owned.sort((a, b) =>
          String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)),
        );
        const rs = owned.find((r) => sameTemplate(rec(r['spec'])['template'], spec['template'])) as
          Obj | undefined;
        if (!rs) return false;
        if (num(rec(rs['status'])['observedGeneration']) !== num(rec(rs['metadata'])['generation']))
          return false;
        if (num(rec(dep['status'])['observedGeneration']) !== num(rec(dep['metadata'])['generation']))
          return false;
        return num(rec(rs['status'])['readyReplicas']) >= num(spec['replicas'] ?? 1) - maxUnavailable(dep);
      }
      case '/PersistentVolumeClaim':
        return rec((await get())['status'])['phase'] === 'Bound';
      case '/Service': {
        const svc = await get();
        const spec = rec(svc['spec']);
        if (spec['type'] === 'ExternalName') return true;
        if (!spec['clusterIP']) return false;
        if (spec['type'] === 'LoadBalancer') {
          if (((spec['externalIPs'] as unknown[] | undefined) ?? []).length > 0) return true;
          if (rec(rec(svc['status'])['loadBalancer'])['ingress'] === undefined) return false;
        }
        return true;
      }
      case 'apps/DaemonSet': {
        const ds = await get();
        const st = rec(ds['status']);
        if (num(st['observedGeneration']) !== num(rec(ds['metadata'])['generation'])) return false;
        const strategy = rec(rec(ds['spec'])['updateStrategy']);
        if (strategy['type'] !== 'RollingUpdate') return true;
        const desired = num(st['desiredNumberScheduled']);
        if (num(st['updatedNumberScheduled']) !== desired) return false;
        let mu = scaled(rec(strategy['rollingUpdate'])['maxUnavailable'], desired, true, 0);
        if (Number.isNaN(mu)) mu = desired;
        return num(st['numberReady']) >= desired - mu;
      }
      case 'apiextensions.k8s.io/CustomResourceDefinition': {
        const conds = (rec((await get())['status'])['conditions'] as Obj[] | undefined) ?? [];
        return conds.some(
          (c) =>
            (c['type'] === 'Established' && c['status'] === 'True') ||
            (c['type'] === 'NamesAccepted' && c['status'] === 'False'),
        );
      }
      case 'apps/StatefulSet': {
        const sts = await get();
        const st = rec(sts['status']);
        const spec = rec(sts['spec']);
        if (num(st['observedGeneration']) !== num(rec(sts['metadata'])['generation'])) return false;
        const strategy = rec(spec['updateStrategy']);
        if ((strategy['type'] ?? 'RollingUpdate') !== 'RollingUpdate') return true;
        const partition = num(rec(strategy['rollingUpdate'])['partition']);
        const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
        if (num(st['updatedReplicas']) < replicas - partition) return false;
        if (num(st['readyReplicas']) !== replicas) return false;
        return !(partition === 0 && st['currentRevision'] !== st['updateRevision']);
      }
      case '/ReplicationController':
      case 'apps/ReplicaSet': {
        const rs = await get();
        if (num(rec(rs['status'])['observedGeneration']) !== num(rec(rs['metadata'])['generation']))
          return false;
        return this.podsReady(ns, rec(rs['spec'])['selector']);
      }
      default:
        return true;
    }
  }
}

/** legacyWaiter.waitForResources: every object ready, retrying transient errors (30 times each). */
export async function legacyWait(
  client: KubeClient,
  objects: readonly KubeObject[],
  timeoutMs: number,
  checkJobs: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const checker = new LegacyReadyChecker(client, checkJobs);
  const errors = objects.map(() => 0);
  await poll(timeoutMs, signal, async () => {
    for (let i = 0; i < objects.length; i++) {
      let ready = false;
      let err: unknown;
      try {
        ready = await checker.isReady(objects[i]!);
      } catch (e) {
        err = e;
      }
      if (err !== undefined && retryable(err)) {
        if (++errors[i]! > 30) throw err;
        return false;
      }
      errors[i] = 0;
      if (err !== undefined) throw err;
      if (!ready) return false;
    }
    return true;
  });
}

/** legacyWaiter.WaitForDelete: every object gone (NotFound). */
export async function legacyWaitForDelete(
  client: KubeClient,
  objects: readonly KubeObject[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  await poll(timeoutMs, signal, async () => {
    for (const o of objects) {
      try {
        await client.get({ ...refOf(o), namespace: o.metadata.namespace ?? client.namespace });
        return false;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return true;
  });
}

/** legacyWaiter.WatchUntilReady: Jobs until complete, Pods until succeeded; errors joined. */
export async function legacyWatchUntilReady(
  client: KubeClient,
  objects: readonly KubeObject[],
  timeoutMs: number,
  log: LegacyLog,
  signal?: AbortSignal,
): Promise<void> {
  const results = await Promise.all(
    objects.map((o) =>
      watchOne(client, o, timeoutMs, log, signal).then(
        () => undefined,
        (e: unknown) => e as Error,
      ),
    ),
  );
  const errs = results.filter((e): e is Error => e !== undefined);
  if (errs.length) throw new Error(errs.map((e) => e.message).join('\n'));
}

async function watchOne(
  client: KubeClient,
  o: KubeObject,
  timeoutMs: number,
  log: LegacyLog,
  signal?: AbortSignal,
): Promise<void> {
  if (o.kind !== 'Job' && o.kind !== 'Pod') return;
  const name = o.metadata.name ?? '';
  const namespace = o.metadata.namespace ?? client.namespace;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // The event's verdict: undefined = keep watching.
  const judge = (obj: Obj): boolean => {
    const st = rec(obj['status']);
    if (o.kind === 'Job') {
      for (const c of (st['conditions'] as Obj[] | undefined) ?? []) {
        if (c['type'] === 'Complete' && c['status'] === 'True') return true;
        if (c['type'] === 'Failed' && c['status'] === 'True') {
          log.error?.('job failed', { job: name, reason: String(c['reason'] ?? '') });
          throw new Error(`job ${name} failed: ${String(c['reason'] ?? '')}`);
        }
      }
      return false;
    }
    if (st['phase'] === 'Succeeded') return true;
    if (st['phase'] === 'Failed') {
      log.error?.('pod failed', { pod: name });
      throw new Error(`pod ${name} failed`);
    }
    return false;
  };
  try {
    const fieldSelector = `metadata.name=${name}`;
    const list = await client.list(o.apiVersion, o.kind, { namespace, fieldSelector, signal: stop.signal });
    for (const item of list.items) if (judge(item as Obj)) return;
    const wo: Parameters<KubeClient['watch']>[2] = { namespace, fieldSelector, signal: stop.signal };
    if (list.metadata.resourceVersion) wo.resourceVersion = list.metadata.resourceVersion;
    for await (const ev of client.watch(o.apiVersion, o.kind, wo)) {
      if (ev.type === 'DELETED') return;
      if (ev.type === 'ERROR') {
        log.error?.('error event received', { resource: name });
        throw new Error(`failed to deploy ${name}`);
      }
      if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && judge(ev.object as Obj)) return;
    }
    if (!stop.signal.aborted) throw new Error('watch closed before UntilWithoutRetry timeout');
  } catch (e) {
    if (!stop.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw cancelReason(signal);
  throw new Error('timed out waiting for the condition');
}
