// `test` (pkg/action/release_testing.go): runs the last revision's test hooks (filtered by name)
// with the status watcher, records their last runs, and leaves clean-up until the result is shown.
import type { Hook, Release } from '../storage/release.js';
import { execHookWithDelayedShutdown, hooksForEvent, podLogs, type HookRun } from './hooks.js';
import { hookExtras } from './install.js';
import { isValidReleaseName } from './names.js';
import { requireClient, type ActionContext } from './context.js';

export interface ReleaseTestOptions {
  releaseName: string;
  namespace: string;
  timeoutMs: number;
  /** `name=x` includes, `!name=x` excludes (already split by the CLI). */
  include: string[];
  exclude: string[];
}

export interface ReleaseTestResult extends HookRun {
  release: Release;
}

export async function releaseTest(o: ReleaseTestOptions, ctx: ActionContext): Promise<ReleaseTestResult> {
  const client = requireClient(ctx);
  await client.checkReachable();
  if (!isValidReleaseName(o.releaseName))
    throw new Error(`releaseTest: Release name is invalid: ${o.releaseName}`);
  const rel = await ctx.storage.last(o.releaseName);
  const skipped: Hook[] = [];
  let executing: Hook[] = [];
  if (o.exclude.length) {
    for (const h of rel.hooks ?? []) (o.exclude.includes(h.name) ? skipped : executing).push(h);
    rel.hooks = executing;
  }
  if (o.include.length) {
    executing = [];
    for (const h of rel.hooks ?? []) (o.include.includes(h.name) ? executing : skipped).push(h);
    rel.hooks = executing;
  }
  const run = await execHookWithDelayedShutdown(
    { client, record: (r) => ctx.storage.update(r), now: ctx.now, ...hookExtras(ctx) },
    rel,
    'test',
    { waitStrategy: 'watcher', timeoutMs: o.timeoutMs, serverSideApply: rel.apply_method === 'ssa' },
  );
  rel.hooks = [...skipped, ...(rel.hooks ?? [])];
  if (run.error) {
    await ctx.storage.update(rel).catch(() => undefined);
    return { release: rel, ...run };
  }
  await ctx.storage.update(rel);
  return { release: rel, ...run };
}

/** GetPodLogs: `POD LOGS: <pod> (<container>)` and the log of every selected Pod test hook, by weight. */
export async function testPodLogs(o: ReleaseTestOptions, rel: Release, ctx: ActionContext): Promise<string> {
  const client = requireClient(ctx);
  let out = '';
  const errs: string[] = [];
  for (const h of hooksForEvent({ ...rel, hooks: rel.hooks ?? [] }, 'test')) {
    if (o.exclude.includes(h.name)) continue;
    if (o.include.length > 0 && !o.include.includes(h.name)) continue;
    if (h.kind !== 'Pod') continue;
    let pod;
    try {
      pod = await client.get({ apiVersion: 'v1', kind: 'Pod', name: h.name, namespace: o.namespace });
    } catch (e) {
      throw new Error(`unable to get pod ${h.name}: ${(e as Error).message}`, { cause: e });
    }
    const spec = pod['spec'] as { initContainers?: { name: string }[]; containers?: { name: string }[] };
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      try {
        const text = await podLogs(client, o.namespace, h.name, c.name);
        out += `POD LOGS: ${h.name} (${c.name})\n${text}\n`;
      } catch (e) {
        errs.push(`unable to get logs for pod ${h.name}, container ${c.name}: ${(e as Error).message}`);
      }
    }
  }
  if (errs.length) throw Object.assign(new Error(errs.join('\n')), { output: out });
  return out;
}
