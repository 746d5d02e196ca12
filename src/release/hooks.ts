// Running a release's hooks for one event (pkg/action/hooks.go execHook): weight then name order,
// the before-hook-creation / hook-succeeded / hook-failed delete policies, last_run recorded in the
// release as it goes, Jobs and Pods watched until done, logs by output-log policy.
import type { KubeClient } from '../kube/client.js';
import { createResources, deleteResources } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import { KubeApiError, type Status } from '../kube/errors.js';
import type { Hook, HookEvent, Release } from '../storage/release.js';
import { buildResources } from './build.js';
import { getWaiter, type WaitStrategy } from './waiter.js';

export interface HookRunContext {
  client: KubeClient;
  /** Persists the release (Helm's recordRelease: storage Update; errors ignored). */
  record: (rel: Release) => Promise<void>;
  /** The current time as a Go time text. */
  now: () => string;
  /** Receives hook pod logs (Helm's HookOutputFunc); absent = discard. */
  hookLog?: (namespace: string, pod: string, container: string, text: string) => void;
  signal?: AbortSignal;
  /** Helm's kube-client debug lines. */
  debug?: (msg: string, attrs: Record<string, string>) => void;
  /** Go's log.Printf, which Helm 4 routes to slog at INFO (hook log and clean-up failures). */
  printf?: (msg: string) => void;
  /** slog.Error records (the legacy waiter's failed hooks). */
  logError?: (msg: string, attrs: Record<string, string>) => void;
}

export interface HookRunOptions {
  waitStrategy: WaitStrategy;
  timeoutMs: number;
  serverSideApply: boolean;
}

/** hookByWeight: weight ascending, then name (stable over the kind order hooks are stored in). */
export function hooksForEvent(rel: Release, event: HookEvent): Hook[] {
  const hs = (rel.hooks ?? []).filter((h) => (h.events ?? []).includes(event));
  return hs
    .map((h, i) => ({ h, i }))
    .sort(
      (a, b) => a.h.weight - b.h.weight || (a.h.name < b.h.name ? -1 : a.h.name > b.h.name ? 1 : a.i - b.i),
    )
    .map((x) => x.h);
}

/** Helm's execHook: returns when every hook is done and cleaned up, or throws the first failure. */
export async function execHook(
  ctx: HookRunContext,
  rel: Release,
  event: HookEvent,
  o: HookRunOptions,
): Promise<void> {
  const { shutdown, error } = await execHookWithDelayedShutdown(ctx, rel, event, o);
  await shutdown();
  if (error) throw error;
}

export interface HookRun {
  /** The hook deletions by policy (and succeeded-hook logs) Helm runs after the event. */
  shutdown: () => Promise<void>;
  error?: Error;
}

/** execHookWithDelayedShutdown: runs the hooks; their clean-up is left to the caller (helm test prints first). */
export async function execHookWithDelayedShutdown(
  ctx: HookRunContext,
  rel: Release,
  event: HookEvent,
  o: HookRunOptions,
): Promise<HookRun> {
  const noop = async (): Promise<void> => {};
  const hooks = hooksForEvent(rel, event);
  const waiter = getWaiter(ctx.client, o.waitStrategy, ctx.signal, {
    ...(ctx.logError ? { error: ctx.logError } : {}),
  });
  for (let i = 0; i < hooks.length; i++) {
    const h = hooks[i]!;
    if (!h.delete_policies || h.delete_policies.length === 0) h.delete_policies = ['before-hook-creation'];
    try {
      await deleteHookByPolicy(ctx, h, 'before-hook-creation', o);
    } catch (e) {
      return { shutdown: noop, error: e as Error };
    }
    let objects: KubeObject[];
    try {
      objects = (await buildResources(ctx.client, h.manifest, rel.namespace)).map((r) => r.object);
    } catch (e) {
      return {
        shutdown: noop,
        error: new Error(
          `unable to build kubernetes object for ${event} hook ${h.path}: ${(e as Error).message}`,
          {
            cause: e,
          },
        ),
      };
    }
    h.last_run = { started_at: ctx.now(), phase: 'Running' };
    await ctx.record(rel).catch(() => undefined);
    h.last_run.phase = 'Unknown';
    try {
      await createResources(ctx.client, objects, {
        serverSideApply: o.serverSideApply,
        forceConflicts: false,
        ...(ctx.debug ? { debug: ctx.debug } : {}),
      });
    } catch (e) {
      h.last_run.completed_at = ctx.now();
      h.last_run.phase = 'Failed';
      return {
        shutdown: noop,
        error: new Error(`warning: Hook ${event} ${h.path} failed: ${(e as Error).message}`, { cause: e }),
      };
    }
    try {
      await waiter.watchUntilReady(objects, o.timeoutMs);
    } catch (err) {
      // Cancelled: Helm's abandoned goroutine would still be waiting here; nothing more happens.
      if (ctx.signal?.aborted) return { shutdown: noop, error: err as Error };
      h.last_run.completed_at = ctx.now();
      h.last_run.phase = 'Failed';
      await outputLogsByPolicy(ctx, h, rel.namespace, 'hook-failed').catch((e: unknown) =>
        ctx.printf?.(`error outputting logs for hook failure: ${(e as Error).message}`),
      );
      const earlier = hooks.slice(0, i);
      return {
        shutdown: async () => {
          await deleteHookByPolicy(ctx, h, 'hook-failed', o).catch((e: unknown) =>
            ctx.printf?.(`error deleting the hook resource on hook failure: ${(e as Error).message}`),
          );
          for (const prev of earlier) await deleteHookByPolicy(ctx, prev, 'hook-succeeded', o);
        },
        error: err as Error,
      };
    }
    h.last_run.completed_at = ctx.now();
    h.last_run.phase = 'Succeeded';
  }
  return {
    shutdown: async () => {
      for (const h of [...hooks].reverse()) {
        await outputLogsByPolicy(ctx, h, rel.namespace, 'hook-succeeded').catch((e: unknown) =>
          ctx.printf?.(`error outputting logs for hook failure: ${(e as Error).message}`),
        );
        await deleteHookByPolicy(ctx, h, 'hook-succeeded', o);
      }
    },
  };
}

async function deleteHookByPolicy(
  ctx: HookRunContext,
  h: Hook,
  policy: 'before-hook-creation' | 'hook-succeeded' | 'hook-failed',
  o: HookRunOptions,
): Promise<void> {
  if (h.kind === 'CustomResourceDefinition') return;
  if (!(h.delete_policies ?? []).includes(policy)) return;
  let objects: KubeObject[];
  try {
    objects = (await buildResources(ctx.client, h.manifest, ctx.client.namespace)).map((r) => r.object);
  } catch (e) {
    throw new Error(
      `unable to build kubernetes object for deleting hook ${h.path}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const { errors } = await deleteResources(ctx.client, objects, 'Background');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  await getWaiter(ctx.client, o.waitStrategy, ctx.signal).waitForDelete(objects, o.timeoutMs);
}

async function outputLogsByPolicy(
  ctx: HookRunContext,
  h: Hook,
  releaseNamespace: string,
  policy: 'hook-succeeded' | 'hook-failed',
): Promise<void> {
  if (!ctx.hookLog || !(h.output_log_policies ?? []).includes(policy)) return;
  if (h.kind !== 'Job' && h.kind !== 'Pod') return;
  const [obj] = (await buildResources(ctx.client, h.manifest, releaseNamespace)).map((r) => r.object);
  const namespace = obj?.metadata.namespace || releaseNamespace;
  const selector =
    h.kind === 'Job' ? { labelSelector: `job-name=${h.name}` } : { fieldSelector: `metadata.name=${h.name}` };
  const pods = await ctx.client.list('v1', 'Pod', { namespace, ...selector });
  for (const pod of pods.items) {
    const spec = pod['spec'] as { containers?: { name: string }[] } | undefined;
    for (const c of spec?.containers ?? []) {
      const name = pod.metadata.name ?? '';
      let text: string;
      try {
        text = await podLogs(ctx.client, namespace, name, c.name);
      } catch {
        // copyRequestStreamToWriter's words, whatever the server said.
        throw new Error(`failed to stream pod logs for pod: ${name}, container: ${c.name}`);
      }
      // io.Copy writes nothing for an empty log (204 for a pod without a node).
      if (text !== '') ctx.hookLog(namespace, name, c.name, text);
    }
  }
}

/** GET …/pods/<name>/log?container=<c> as text; a failure is the server's Status, as client-go's Stream gives it. */
export async function podLogs(
  client: KubeClient,
  namespace: string,
  pod: string,
  container: string,
): Promise<string> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
  const res = await client.transport.request({ method: 'GET', path, query: { container } });
  if (res.status >= 200 && res.status <= 299) return res.body.toString('utf8');
  let status: Status | undefined;
  try {
    const j = JSON.parse(res.body.toString('utf8')) as Status;
    if (j && typeof j === 'object' && j.kind === 'Status') status = j;
  } catch {
    status = undefined;
  }
  throw new KubeApiError(res.status, status, 'GET', path);
}
