// `upgrade` (pkg/action/upgrade.go): the last revision must not be pending; values reused or reset;
// render as revision last+1; new objects checked for ownership; pending-upgrade record, pre-upgrade
// hooks, Update (apply, create new, delete dropped), wait, post-upgrade hooks; previous → superseded,
// new → deployed — or failed, with --cleanup-on-fail and --rollback-on-failure.
import { refuseChartV3 } from '../chart/loader.js';
import { Chart } from '../chart/chart.js';
import { GoMap } from '../go/value.js';
import { deleteResources, updateResources, type UpdateError } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import { NoDeployedReleasesError, ReleaseNotFoundError } from '../storage/errors.js';
import { isPending, type Release } from '../storage/release.js';
import { coalesceTables, coalesceValues, deepCopy } from '../values/coalesce.js';
import type { Metadata } from '../chart/chart.js';
import { renderRelease, ReleaseRenderError } from './render.js';
import { buildResources, resourceKey, type Resource } from './build.js';
import { existingToAdopt, stampOwnership } from './ownership.js';
import { execHook } from './hooks.js';
import { getWaiter, type WaitStrategy } from './waiter.js';
import { checkUserLabels, latest, recordHooks, setStatus, storedChart } from './record.js';
import { clusterCapabilities, requireClient, type ActionContext } from './context.js';
import {
  ReleaseActionError,
  hookExtras,
  postRenderIn,
  recorder,
  type CommonApplyOptions,
} from './install.js';
import { isCancellation, untilCancelled, withoutSignal } from './cancel.js';
import { isValidReleaseName } from './names.js';
import { rollback } from './rollback.js';
import { renderWithLookup } from './lookup.js';
import { validateManifestLists } from '../kube/openapi-validation.js';
import { appliedConfigs, RELEASE_OBJECTS_SELECTOR } from './applied.js';

export interface UpgradeOptions extends Omit<CommonApplyOptions, 'serverSideApply'> {
  releaseName: string;
  chart: Chart;
  values: GoMap;
  /** `true`, `false` or `auto` (the method of the last revision). */
  serverSide: string;
  takeOwnership: boolean;
  resetValues: boolean;
  reuseValues: boolean;
  resetThenReuseValues: boolean;
  cleanupOnFail: boolean;
  maxHistory: number;
}

export const ERR_PENDING = 'another operation (install/upgrade/rollback) is in progress';

export function serverSideFor(option: string, applyMethod: string): boolean {
  switch (option) {
    case 'auto':
      return applyMethod === 'ssa';
    case 'false':
      return false;
    case 'true':
      return true;
    default:
      throw new Error(`invalid/unknown release server-side apply method: ${option}`);
  }
}

/** mergeCustomLabels: desired over current; the value "null" deletes a label. */
export function mergeCustomLabels(
  current: Record<string, string> | undefined,
  desired: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = { ...(current ?? {}), ...desired };
  for (const [k, v] of Object.entries(out)) if (v === 'null') delete out[k];
  return out;
}

function reuseValues(o: UpgradeOptions, chart: Chart, current: Release, ctx: ActionContext): GoMap {
  const config = current.config ?? new GoMap();
  if (o.resetValues) {
    ctx.log.debug("resetting values to the chart's original version");
    return o.values;
  }
  if (o.reuseValues) {
    ctx.log.debug("reusing the old release's values");
    const stored = current.chart;
    const oldChart = new Chart(
      (stored?.metadata ?? { name: '', version: '', apiVersion: 'v2' }) as Metadata,
      stored?.values ?? new GoMap(),
    );
    let oldVals: GoMap;
    try {
      oldVals = coalesceValues(oldChart, config);
    } catch (e) {
      throw new Error(`failed to rebuild old values: ${(e as Error).message}`, { cause: e });
    }
    const merged = coalesceTables(() => {}, o.values, deepCopy(config) as GoMap);
    chart.values = oldVals;
    return merged;
  }
  if (o.resetThenReuseValues) {
    ctx.log.debug('merging values from old release to new values');
    return coalesceTables(() => {}, o.values, deepCopy(config) as GoMap);
  }
  if (o.values.entries.size === 0 && config.entries.size > 0) {
    ctx.log.debug('copying values from old release', {
      name: current.name,
      version: String(current.version),
    });
    return config;
  }
  return o.values;
}

export async function upgrade(o: UpgradeOptions, ctx: ActionContext): Promise<Release> {
  const client = requireClient(ctx);
  await client.checkReachable();
  refuseChartV3(o.chart);
  const waitStrategy: WaitStrategy =
    o.waitStrategy === 'hookOnly' && o.rollbackOnFailure ? 'watcher' : o.waitStrategy;
  if (!isValidReleaseName(o.releaseName)) throw new Error(`release name is invalid: ${o.releaseName}`);
  ctx.log.debug('preparing upgrade', { name: o.releaseName });
  const isDryRun = o.dryRun !== 'none';
  if (!isDryRun && o.hideSecret) throw new Error('hiding Kubernetes secrets requires a dry-run mode');

  let last: Release;
  try {
    last = await ctx.storage.last(o.releaseName);
  } catch (e) {
    if (e instanceof ReleaseNotFoundError) throw new NoDeployedReleasesError(o.releaseName);
    throw e;
  }
  if (isPending(last.info.status)) throw new Error(ERR_PENDING);
  let current: Release = last;
  if (last.info.status !== 'deployed') {
    try {
      current = await ctx.storage.deployed(o.releaseName);
    } catch (e) {
      if (
        !(e instanceof NoDeployedReleasesError) ||
        (last.info.status !== 'failed' && last.info.status !== 'superseded')
      )
        throw e;
      current = last;
    }
  }
  const vals = reuseValues(o, o.chart, current, ctx);
  const revision = last.version + 1;
  const caps = await clusterCapabilities(ctx);
  let rendered;
  // Debug lines of the pass kept only: lookup passes whose output is discarded log nothing.
  let logs: [string, Record<string, string>, ('ERROR' | undefined)?][] = [];
  try {
    rendered = await renderWithLookup(
      client,
      (lookup, final) => {
        logs = [];
        return renderRelease(o.chart, vals, {
          releaseName: o.releaseName,
          namespace: current.namespace,
          revision,
          isUpgrade: true,
          capabilities: caps,
          skipSchemaValidation: o.skipSchemaValidation,
          subNotes: o.subNotes,
          hideSecret: o.hideSecret,
          enableDns: o.enableDns,
          debug: (m, a) => logs.push([m, a]),
          render: { lookup },
          ...postRenderIn(o, final),
        });
      },
      (m, a, level) => logs.push([m, a, level]),
    );
  } catch (e) {
    if (e instanceof ReleaseRenderError) throw new Error(e.message, { cause: e });
    throw e;
  } finally {
    for (const [m, a, level] of logs)
      if (level) ctx.log.error(m, a);
      else ctx.log.debug(m, a);
  }
  checkUserLabels(o.labels);
  const serverSideApply = serverSideFor(o.serverSide, last.apply_method);
  ctx.log.debug('determined release apply method', {
    server_side_apply: String(serverSideApply),
    previous_release_apply_method: last.apply_method,
  });
  const upgraded: Release = {
    name: o.releaseName,
    namespace: current.namespace,
    chart: storedChart(o.chart, o.chartModTime),
    config: vals,
    info: {
      ...(current.info.first_deployed ? { first_deployed: current.info.first_deployed } : {}),
      last_deployed: ctx.now(),
      status: 'pending-upgrade',
      description: 'Preparing upgrade',
      rollback_revision: 0,
      notes: rendered.notes,
    },
    version: revision,
    manifest: rendered.manifest,
    hooks: recordHooks(rendered.hooks),
    labels: mergeCustomLabels(last.labels, o.labels),
    apply_method: serverSideApply ? 'ssa' : 'csa',
  };
  // validateManifest: the new manifest must build. performUpgrade builds the same objects again
  // (Helm parses it twice); they are handed over instead when the namespaces agree.
  // Build(manifest, validate): client-side schema checks unless --disable-openapi-validation.
  if (!o.disableOpenApiValidation) await validateManifestLists(client, upgraded.manifest);
  const validated = await buildResources(client, upgraded.manifest, current.namespace);
  const prebuilt = current.namespace === client.namespace ? validated : undefined;

  ctx.storage.maxHistory = o.maxHistory;
  ctx.log.debug('performing update', { name: o.releaseName });
  const res = await performUpgrade(o, ctx, current, upgraded, serverSideApply, waitStrategy, prebuilt);
  if (!isDryRun) {
    ctx.log.debug('updating status for upgraded release', { name: o.releaseName });
    await ctx.storage.update(upgraded);
  }
  return res;
}

async function performUpgrade(
  o: UpgradeOptions,
  ctx: ActionContext,
  original: Release,
  upgraded: Release,
  serverSideApply: boolean,
  waitStrategy: WaitStrategy,
  prebuilt?: Resource[],
): Promise<Release> {
  const client = requireClient(ctx);
  let current: KubeObject[];
  try {
    current = (await buildResources(client, original.manifest, client.namespace)).map((r) => r.object);
  } catch (e) {
    const msg = (e as Error).message;
    if (msg.includes('no matches for kind'))
      throw new ReleaseActionError(
        `current release manifest contains removed kubernetes api(s) for this kubernetes version and it is therefore unable to build the kubernetes objects for performing the diff. error from kubernetes: ${msg}`,
        upgraded,
      );
    throw new ReleaseActionError(
      `unable to build kubernetes objects from current release manifest: ${msg}`,
      upgraded,
    );
  }
  let target: KubeObject[];
  try {
    target = (prebuilt ?? (await buildResources(client, upgraded.manifest, client.namespace))).map(
      (r) => r.object,
    );
  } catch (e) {
    throw new ReleaseActionError(
      `unable to build kubernetes objects from new release manifest: ${(e as Error).message}`,
      upgraded,
    );
  }
  for (const t of target) stampOwnership(t, upgraded.name, upgraded.namespace);
  const existing = new Set(current.map(resourceKey));
  const toBeCreated = target.filter((t) => !existing.has(resourceKey(t)));
  let toBeUpdated: KubeObject[];
  try {
    toBeUpdated = await existingToAdopt(
      client,
      toBeCreated,
      upgraded.name,
      upgraded.namespace,
      o.takeOwnership,
    );
  } catch (e) {
    throw new Error(`unable to continue with update: ${(e as Error).message}`, { cause: e });
  }
  current.push(...toBeUpdated);
  if (o.dryRun !== 'none') {
    ctx.log.debug('dry run for release', { name: upgraded.name });
    upgraded.info.description = o.description || 'Dry run complete';
    return upgraded;
  }
  ctx.log.debug('creating upgraded release', { name: upgraded.name });
  await ctx.storage.create(upgraded);

  // handleContext: a cancelled context fails the release (nothing created to clean up) at once.
  try {
    return await untilCancelled(ctx.signal, () =>
      releasingUpgrade(o, ctx, original, upgraded, current, target, serverSideApply, waitStrategy),
    );
  } catch (e) {
    if (!isCancellation(ctx.signal, e)) throw e;
    throw await failRelease(o, withoutSignal(ctx), upgraded, [], e as Error, waitStrategy);
  }
}

/** releasingUpgrade: hooks, apply, wait, hooks, statuses; failures fail the release. */
async function releasingUpgrade(
  o: UpgradeOptions,
  ctx: ActionContext,
  original: Release,
  upgraded: Release,
  current: KubeObject[],
  target: KubeObject[],
  serverSideApply: boolean,
  waitStrategy: WaitStrategy,
): Promise<Release> {
  const client = requireClient(ctx);
  const abandoned = () => ctx.signal?.aborted === true;
  const hookOpts = { waitStrategy, timeoutMs: o.timeoutMs, serverSideApply };
  const hookCtx = { client, record: recorder(ctx), now: ctx.now, ...hookExtras(ctx) };
  // Once cancelled, the abandoned work records nothing (the cancellation already failed the release).
  const fail = async (created: KubeObject[], err: Error) => {
    if (abandoned()) return err;
    return failRelease(o, ctx, upgraded, created, err, waitStrategy);
  };
  const restoreOriginal = () => (abandoned() ? Promise.resolve() : ctx.storage.update(original));
  if (!o.disableHooks) {
    try {
      await execHook(hookCtx, upgraded, 'pre-upgrade', hookOpts);
    } catch (e) {
      throw await fail([], new Error(`pre-upgrade hooks failed: ${(e as Error).message}`, { cause: e }));
    }
  } else ctx.log.debug('upgrade hooks disabled', { name: upgraded.name });

  const csaOrigin = original.apply_method === '' || original.apply_method === 'csa';
  let created: KubeObject[] = [];
  try {
    const result = await updateResources(client, current, target, {
      warn: (m, a) => ctx.log.warn(m, a),
      debug: (m, a) => ctx.log.debug(m, a),
      forceReplace: o.forceReplace,
      serverSideApply,
      forceConflicts: o.forceConflicts,
      upgradeClientSideFieldManager: csaOrigin && serverSideApply,
      // Write elision: what the last revision applied (adopted objects were not part of it).
      previousApplied: appliedConfigs(
        current.filter((c) => !target.includes(c)),
        upgraded.name,
        upgraded.namespace,
      ),
      readAheadSelector: RELEASE_OBJECTS_SELECTOR,
      previousAppliedLast:
        original.version === upgraded.version - 1 &&
        original.info.status === 'deployed' &&
        original.apply_method === 'ssa',
    });
    created = result.created;
  } catch (e) {
    await restoreOriginal().catch(() => undefined);
    throw await fail((e as Partial<UpdateError>).result?.created ?? [], e as Error);
  }
  try {
    const waiter = getWaiter(client, waitStrategy, ctx.signal);
    if (o.waitForJobs) await waiter.waitWithJobs(target, o.timeoutMs);
    else await waiter.wait(target, o.timeoutMs);
  } catch (e) {
    await restoreOriginal().catch(() => undefined);
    throw await fail(created, e as Error);
  }
  if (!o.disableHooks) {
    try {
      await execHook(hookCtx, upgraded, 'post-upgrade', hookOpts);
    } catch (e) {
      throw await fail(
        created,
        new Error(`post-upgrade hooks failed: ${(e as Error).message}`, { cause: e }),
      );
    }
  }
  if (abandoned()) return upgraded;
  original.info.status = 'superseded';
  await ctx.storage.update(original).catch(() => undefined);
  setStatus(upgraded, 'deployed', o.description || 'Upgrade complete');
  return upgraded;
}

async function failRelease(
  o: UpgradeOptions,
  ctx: ActionContext,
  rel: Release,
  created: KubeObject[],
  err: Error,
  waitStrategy: WaitStrategy,
): Promise<ReleaseActionError> {
  ctx.log.warn('upgrade failed', { name: rel.name, error: err.message });
  setStatus(rel, 'failed', `Upgrade "${rel.name}" failed: ${err.message}`);
  await ctx.storage.update(rel).catch(() => undefined);
  if (o.cleanupOnFail && created.length > 0) {
    ctx.log.debug('cleanup on fail set', { cleaning_resources: String(created.length) });
    const { errors } = await deleteResources(requireClient(ctx), created, 'Background');
    if (errors.length)
      return new ReleaseActionError(
        `an error occurred while cleaning up resources. original upgrade error: ${err.message}: unable to cleanup resources: ${errors.map((x) => x.message).join(', ')}`,
        rel,
      );
    ctx.log.debug('resource cleanup complete');
  }
  if (o.rollbackOnFailure) {
    ctx.log.debug(
      'Upgrade failed and rollback-on-failure is set, rolling back to previous successful release',
    );
    const history = await ctx.storage.history(rel.name);
    const ok = history.filter((r) => r.info.status === 'superseded' || r.info.status === 'deployed');
    const target = latest(ok);
    if (!target)
      return new ReleaseActionError(
        `unable to find a previously successful release when attempting to rollback. original upgrade error: ${err.message}`,
        rel,
      );
    try {
      await rollback(
        {
          releaseName: rel.name,
          version: target.version,
          waitStrategy,
          waitForJobs: o.waitForJobs,
          disableHooks: o.disableHooks,
          forceReplace: o.forceReplace,
          forceConflicts: o.forceConflicts,
          serverSide: o.serverSide,
          timeoutMs: o.timeoutMs,
          cleanupOnFail: false,
          maxHistory: 0,
          dryRun: false,
          description: '',
        },
        ctx,
      );
    } catch (re) {
      return new ReleaseActionError(
        `an error occurred while rolling back the release. original upgrade error: ${err.message}: ${(re as Error).message}`,
        rel,
      );
    }
    return new ReleaseActionError(
      `release ${rel.name} failed, and has been rolled back due to rollback-on-failure being set: ${err.message}`,
      rel,
    );
  }
  return new ReleaseActionError(err.message, rel, { cause: err });
}
