// `rollback` (pkg/action/rollback.go): a new revision carrying an earlier one's chart, values,
// manifest and hooks; pre-rollback hooks, Update, wait, post-rollback hooks; every deployed revision
// superseded, the new one deployed.
import { deleteResources, updateResources, type UpdateError } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import { NoDeployedReleasesError } from '../storage/errors.js';
import type { Release } from '../storage/release.js';
import { buildResources } from './build.js';
import { stampOwnership } from './ownership.js';
import { appliedConfigs, RELEASE_OBJECTS_SELECTOR } from './applied.js';
import { execHook } from './hooks.js';
import { getWaiter, type WaitStrategy } from './waiter.js';
import { requireClient, type ActionContext } from './context.js';
import { isValidReleaseName } from './names.js';
import { serverSideFor } from './upgrade.js';
import { hookExtras } from './install.js';

export const MAX_DESCRIPTION_LENGTH = 256;

export interface RollbackOptions {
  releaseName: string;
  /** 0 = the revision before the last. */
  version: number;
  waitStrategy: WaitStrategy;
  waitForJobs: boolean;
  disableHooks: boolean;
  forceReplace: boolean;
  forceConflicts: boolean;
  serverSide: string;
  timeoutMs: number;
  cleanupOnFail: boolean;
  maxHistory: number;
  dryRun: boolean;
  description: string;
}

export async function rollback(o: RollbackOptions, ctx: ActionContext): Promise<Release> {
  const descLen = [...o.description].length;
  if (descLen > MAX_DESCRIPTION_LENGTH)
    throw new Error(`description must be ${MAX_DESCRIPTION_LENGTH} characters or less, got ${descLen}`);
  const client = requireClient(ctx);
  await client.checkReachable();
  ctx.storage.maxHistory = o.maxHistory;
  ctx.log.debug('preparing rollback', { name: o.releaseName });

  if (!isValidReleaseName(o.releaseName))
    throw new Error(`prepareRollback: Release name is invalid: ${o.releaseName}`);
  if (o.version < 0) throw new Error('invalid release revision');
  // As helm: the last revision, then the whole history (each read logs its debug line).
  const current = await ctx.storage.last(o.releaseName);
  const history = await ctx.storage.history(o.releaseName);
  const previousVersion = o.version === 0 ? current.version - 1 : o.version;
  if (!history.some((h) => h.version === previousVersion))
    throw new Error(`release has no ${previousVersion} version`);
  ctx.log.debug('rolling back', {
    name: o.releaseName,
    currentVersion: String(current.version),
    targetVersion: String(previousVersion),
  });
  const previous = await ctx.storage.get(o.releaseName, previousVersion);
  const serverSideApply = serverSideFor(o.serverSide, previous.apply_method);
  const target: Release = {
    name: o.releaseName,
    namespace: current.namespace,
    ...(previous.chart ? { chart: previous.chart } : {}),
    ...(previous.config ? { config: previous.config } : {}),
    info: {
      ...(current.info.first_deployed ? { first_deployed: current.info.first_deployed } : {}),
      last_deployed: ctx.now(),
      status: 'pending-rollback',
      notes: previous.info.notes,
      rollback_revision: previousVersion,
      description: o.description || `Rollback to ${previousVersion}`,
    },
    version: current.version + 1,
    ...(previous.labels ? { labels: previous.labels } : {}),
    manifest: previous.manifest,
    ...(previous.hooks ? { hooks: previous.hooks } : {}),
    apply_method: serverSideApply ? 'ssa' : 'csa',
  };
  if (o.dryRun) return target;
  ctx.log.debug('creating rolled back release', { name: o.releaseName });
  await ctx.storage.create(target);
  ctx.log.debug('performing rollback', { name: o.releaseName });
  await performRollback(o, ctx, current, target, serverSideApply);
  ctx.log.debug('updating status for rolled back release', { name: o.releaseName });
  await ctx.storage.update(target);
  return target;
}

async function performRollback(
  o: RollbackOptions,
  ctx: ActionContext,
  currentRelease: Release,
  targetRelease: Release,
  serverSideApply: boolean,
): Promise<void> {
  const client = requireClient(ctx);
  let current: KubeObject[];
  let target: KubeObject[];
  try {
    current = (await buildResources(client, currentRelease.manifest, client.namespace)).map((r) => r.object);
  } catch (e) {
    throw new Error(
      `unable to build kubernetes objects from current release manifest: ${(e as Error).message}`,
    );
  }
  try {
    target = (await buildResources(client, targetRelease.manifest, client.namespace)).map((r) => r.object);
  } catch (e) {
    throw new Error(`unable to build kubernetes objects from new release manifest: ${(e as Error).message}`);
  }
  const hookOpts = { waitStrategy: o.waitStrategy, timeoutMs: o.timeoutMs, serverSideApply };
  const hookCtx = { client, record: (r: Release) => ctx.storage.update(r), now: ctx.now, ...hookExtras(ctx) };
  if (!o.disableHooks) await execHook(hookCtx, targetRelease, 'pre-rollback', hookOpts);
  else ctx.log.debug('rollback hooks disabled', { name: targetRelease.name });
  for (const t of target) stampOwnership(t, targetRelease.name, targetRelease.namespace);
  try {
    await updateResources(client, current, target, {
      warn: (m, a) => ctx.log.warn(m, a),
      debug: (m, a) => ctx.log.debug(m, a),
      forceReplace: o.forceReplace,
      serverSideApply,
      forceConflicts: o.forceConflicts,
      threeWayMergeForUnstructured: false,
      upgradeClientSideFieldManager: true,
      // Write elision: the objects last applied are the current revision's (the target's manifest
      // goes over them); an object equal there and intact live needs no write.
      previousApplied: appliedConfigs(current, targetRelease.name, targetRelease.namespace),
      readAheadSelector: RELEASE_OBJECTS_SELECTOR,
      previousAppliedLast: currentRelease.info.status === 'deployed' && currentRelease.apply_method === 'ssa',
    });
  } catch (e) {
    const err = e as Error;
    const msg = `Rollback "${targetRelease.name}" failed: ${err.message}`;
    ctx.log.warn(msg);
    currentRelease.info.status = 'superseded';
    targetRelease.info.status = 'failed';
    targetRelease.info.description = msg;
    await ctx.storage.update(currentRelease).catch(() => undefined);
    await ctx.storage.update(targetRelease).catch(() => undefined);
    const created = (e as Partial<UpdateError>).result?.created ?? [];
    if (o.cleanupOnFail) {
      ctx.log.debug('cleanup on fail set, cleaning up resources', { count: String(created.length) });
      const { errors } = await deleteResources(client, created, 'Background');
      if (errors.length && created.length)
        throw new Error(
          `an error occurred while cleaning up resources. original rollback error: unable to cleanup resources: ${errors.map((x) => x.message).join(', ')}`,
        );
      ctx.log.debug('resource cleanup complete');
    }
    throw err;
  }
  try {
    const waiter = getWaiter(client, o.waitStrategy, ctx.signal);
    if (o.waitForJobs) await waiter.waitWithJobs(target, o.timeoutMs);
    else await waiter.wait(target, o.timeoutMs);
  } catch (e) {
    const err = e as Error;
    targetRelease.info.status = 'failed';
    targetRelease.info.description = `Release "${targetRelease.name}" failed: ${err.message}`;
    await ctx.storage.update(currentRelease).catch(() => undefined);
    await ctx.storage.update(targetRelease).catch(() => undefined);
    throw new Error(`release ${targetRelease.name} failed: ${err.message}`, { cause: err });
  }
  if (!o.disableHooks) await execHook(hookCtx, targetRelease, 'post-rollback', hookOpts);
  let deployed: Release[] = [];
  try {
    deployed = await ctx.storage.deployedAll(currentRelease.name);
  } catch (e) {
    if (!(e instanceof NoDeployedReleasesError)) throw e;
  }
  for (const d of deployed) {
    ctx.log.debug('superseding previous deployment', { version: String(d.version) });
    d.info.status = 'superseded';
    await ctx.storage.update(d).catch(() => undefined);
  }
  targetRelease.info.status = 'deployed';
}
