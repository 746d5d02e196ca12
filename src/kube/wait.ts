// Waiting for objects to reach a status, as Helm 4's status watcher does: one LIST + WATCH per
// kind and namespace (not per object), kstatus computed on every change, done when all objects
// are Current (or NotFound when waiting for deletion). Failed objects end the wait early.
import type { KubeClient } from './client.js';
import type { KubeObject, ObjectRef } from './types.js';
import { KubeApiError, KubeConnectionError } from './errors.js';
import { NoKindMatchError } from './discovery.js';
import {
  computeStatus,
  hookReader,
  waitWithJobsReader,
  type ResourceStatus,
  type StatusReader,
} from './status.js';

export interface WaitOptions {
  /** Milliseconds; 0 or undefined means Helm's default of 30 s. */
  timeoutMs?: number;
  reader?: StatusReader;
  signal?: AbortSignal;
  /** Called whenever an object's status changes (for progress display). */
  onStatus?: (ref: ObjectRef, status: ResourceStatus, message: string) => void;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

export class WaitError extends Error {
  override name = 'WaitError';
  constructor(
    message: string,
    readonly unfinished: { ref: ObjectRef; status: ResourceStatus; message: string }[],
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

interface Tracked {
  ref: ObjectRef;
  key: string;
  status: ResourceStatus;
  message: string;
}

// Helm skips Deployments whose (rendered) spec.paused is true.
const isPausedDeployment = (o: KubeObject | ObjectRef): boolean => {
  if (o.kind !== 'Deployment' || !/^(apps|extensions)\//.test(o.apiVersion)) return false;
  const spec = (o as KubeObject)['spec'];
  return typeof spec === 'object' && spec !== null && (spec as Record<string, unknown>)['paused'] === true;
};

/** Helm's Wait: all objects Current under kstatus (paused Deployments skipped). */
export function waitForReady(
  client: KubeClient,
  objects: readonly (KubeObject | ObjectRef)[],
  o: WaitOptions = {},
): Promise<void> {
  const refs = objects.filter((x) => !isPausedDeployment(x)).map(toRef);
  return waitForStatus(client, refs, 'Current', { reader: computeStatus, ...o });
}

/** Helm's WaitWithJobs: like waitForReady, but Jobs must be Complete. */
export function waitForReadyWithJobs(
  client: KubeClient,
  objects: readonly (KubeObject | ObjectRef)[],
  o: WaitOptions = {},
): Promise<void> {
  const refs = objects.filter((x) => !isPausedDeployment(x)).map(toRef);
  return waitForStatus(client, refs, 'Current', { reader: waitWithJobsReader, ...o });
}

/** Helm's WatchUntilReady for hooks and tests: Jobs Complete, Pods Succeeded, anything else ready at once. */
export function watchUntilReady(
  client: KubeClient,
  objects: readonly (KubeObject | ObjectRef)[],
  o: WaitOptions = {},
): Promise<void> {
  return waitForStatus(client, objects.map(toRef), 'Current', { reader: hookReader, ...o });
}

/** Helm's WaitForDelete: all objects NotFound. */
export function waitForDelete(
  client: KubeClient,
  objects: readonly (KubeObject | ObjectRef)[],
  o: WaitOptions = {},
): Promise<void> {
  return waitForStatus(client, objects.map(toRef), 'NotFound', o);
}

function toRef(x: KubeObject | ObjectRef): ObjectRef {
  if ('metadata' in x && typeof x.metadata === 'object') {
    const r: ObjectRef = { apiVersion: x.apiVersion, kind: x.kind, name: x.metadata.name ?? '' };
    if (x.metadata.namespace) r.namespace = x.metadata.namespace;
    return r;
  }
  return x as ObjectRef;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((res) => {
    if (signal.aborted) return res();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      res();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Waits until every object has the desired status. Rejects with an Error whose message has one line
 * per unfinished object, `resource <Kind>/<namespace>/<name> not ready. status: <S>, message: <M>`
 * (`still exists` when waiting for deletion), followed by `context deadline exceeded` on timeout.
 */
export async function waitForStatus(
  client: KubeClient,
  refs: readonly ObjectRef[],
  desired: 'Current' | 'NotFound',
  o: WaitOptions = {},
): Promise<void> {
  const reader = o.reader ?? computeStatus;
  const timeoutMs = o.timeoutMs && o.timeoutMs > 0 ? o.timeoutMs : DEFAULT_WAIT_TIMEOUT_MS;
  if (refs.length === 0) return;

  // Resolve scope so cluster-scoped objects get namespace "".
  const tracked: Tracked[] = [];
  const groups = new Map<
    string,
    { apiVersion: string; kind: string; namespace: string; items: Map<string, Tracked> }
  >();
  for (const ref of refs) {
    let rp;
    try {
      rp = await client.resourcePath({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        namespace: ref.namespace,
      });
    } catch (e) {
      // A kind the server no longer serves (its CRD was deleted too) cannot exist any more: when
      // waiting for deletion it counts as gone, like kstatus's Unknown. Otherwise it is an error.
      if (desired === 'NotFound' && e instanceof NoKindMatchError) continue;
      throw e;
    }
    const gk = `${ref.apiVersion}|${ref.kind}|${rp.namespace}`;
    const t: Tracked = {
      ref: { ...ref, ...(rp.namespace ? { namespace: rp.namespace } : {}) },
      key: ref.name,
      status: 'Unknown',
      message: '',
    };
    let g = groups.get(gk);
    if (!g)
      groups.set(
        gk,
        (g = { apiVersion: ref.apiVersion, kind: ref.kind, namespace: rp.namespace, items: new Map() }),
      );
    if (g.items.has(ref.name)) continue; // the same object listed twice
    tracked.push(t);
    g.items.set(ref.name, t);
  }

  const stop = new AbortController();
  let timedOut = false;
  let fatal: unknown;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, timeoutMs);
  const onOuterAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let listed = 0;

  const done = (): boolean => {
    if (listed < groups.size) return false;
    const relevant = tracked.filter(
      (t) =>
        !(t.status === 'Unknown' && desired === 'NotFound') &&
        !(t.status === 'Failed' && desired === 'Current'),
    );
    return relevant.every((t) => t.status === desired);
  };
  const set = (t: Tracked, status: ResourceStatus, message: string) => {
    if (t.status === status && t.message === message) return;
    t.status = status;
    t.message = message;
    o.onStatus?.(t.ref, status, message);
  };
  const observe = (t: Tracked, obj: KubeObject | undefined) => {
    if (!obj) return set(t, 'NotFound', 'Resource not found');
    try {
      const r = reader(
        { ...obj, apiVersion: obj.apiVersion ?? t.ref.apiVersion, kind: obj.kind ?? t.ref.kind },
        Date.now(),
      );
      set(t, r.status, r.message);
    } catch (e) {
      set(t, 'Unknown', (e as Error).message);
    }
  };
  const check = () => {
    if (done()) stop.abort();
  };

  const runGroup = async (g: {
    apiVersion: string;
    kind: string;
    namespace: string;
    items: Map<string, Tracked>;
  }) => {
    let first = true;
    while (!stop.signal.aborted) {
      try {
        const lo: Parameters<KubeClient['list']>[2] = { signal: stop.signal };
        if (g.namespace) lo.namespace = g.namespace;
        // One object: select it by name; several: the whole namespace (as kstatus does).
        if (g.items.size === 1) lo.fieldSelector = `metadata.name=${[...g.items.keys()][0]}`;
        const list = await client.list(g.apiVersion, g.kind, lo);
        const seen = new Set<string>();
        for (const item of list.items) {
          const t = g.items.get(item.metadata?.name ?? '');
          if (!t) continue;
          seen.add(t.key);
          observe(t, item);
        }
        for (const t of g.items.values()) if (!seen.has(t.key)) observe(t, undefined);
        if (first) {
          first = false;
          listed++;
        }
        check();
        const wo: Parameters<KubeClient['watch']>[2] = {
          signal: stop.signal,
          allowWatchBookmarks: true,
          timeoutSeconds: 240,
        };
        if (g.namespace) wo.namespace = g.namespace;
        if (list.metadata.resourceVersion) wo.resourceVersion = list.metadata.resourceVersion;
        if (g.items.size === 1) wo.fieldSelector = lo.fieldSelector;
        let gone = false;
        for await (const ev of client.watch(g.apiVersion, g.kind, wo)) {
          if (ev.type === 'ERROR') {
            gone = true; // usually 410 Gone: relist
            break;
          }
          if (ev.type === 'BOOKMARK') continue;
          const t = g.items.get(ev.object?.metadata?.name ?? '');
          if (!t) continue;
          observe(t, ev.type === 'DELETED' ? undefined : ev.object);
          check();
        }
        if (!gone && !stop.signal.aborted) continue;
      } catch (e) {
        if (stop.signal.aborted) return;
        if (
          e instanceof KubeConnectionError ||
          (e instanceof KubeApiError && (e.code >= 500 || e.code === 429))
        ) {
          await sleep(1000, stop.signal);
          continue;
        }
        fatal = e;
        stop.abort();
        return;
      }
    }
  };

  try {
    await Promise.all([...groups.values()].map(runGroup));
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (fatal) throw fatal;
  if (o.signal?.aborted && !timedOut && !done())
    throw o.signal.reason instanceof Error ? o.signal.reason : new Error('wait cancelled');

  const lines: string[] = [];
  for (const t of tracked) {
    if (desired === 'Current') {
      if (t.status === 'Current') continue;
      lines.push(
        `resource ${t.ref.kind}/${t.ref.namespace ?? ''}/${t.ref.name} not ready. status: ${t.status}, message: ${t.message}`,
      );
    } else {
      if (t.status === 'NotFound' || t.status === 'Unknown') continue;
      lines.push(
        `resource ${t.ref.kind}/${t.ref.namespace ?? ''}/${t.ref.name} still exists. status: ${t.status}, message: ${t.message}`,
      );
    }
  }
  if (timedOut) lines.push('context deadline exceeded');
  if (lines.length) {
    const unfinished = tracked
      .filter((t) =>
        desired === 'Current' ? t.status !== 'Current' : t.status !== 'NotFound' && t.status !== 'Unknown',
      )
      .map((t) => ({ ref: t.ref, status: t.status, message: t.message }));
    throw new WaitError(lines.join('\n'), unfinished, timedOut);
  }
}
