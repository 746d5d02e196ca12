// `install` (pkg/action/install.go): name check, crds/, render, ownership check and adoption, the
// pending-install record, pre-install hooks, apply, wait, post-install hooks, deployed — or failed
// (and, with --rollback-on-failure, uninstalled).
import { refuseChartV3 } from '../chart/loader.js';
import type { Chart } from '../chart/chart.js';
import type { GoMap } from '../go/value.js';
import { createResources, updateResources } from '../kube/resources.js';
import { isAlreadyExists } from '../kube/errors.js';
import type { KubeObject } from '../kube/types.js';
import type { Release } from '../storage/release.js';
import { crdObjects, renderRelease, ReleaseRenderError } from './render.js';
import { buildResources } from './build.js';
import { validateManifestLists } from '../kube/openapi-validation.js';
import { existingToAdopt, stampOwnership } from './ownership.js';
import { installCrds } from './crds.js';
import { execHook } from './hooks.js';
import { getWaiter, type WaitStrategy } from './waiter.js';
import { checkUserLabels, latest, recordHooks, setStatus, storedChart, type ChartModTime } from './record.js';
import { clusterCapabilities, requireClient, type ActionContext } from './context.js';
import { uninstall } from './uninstall.js';
import { renderWithLookup, type LookupFn } from './lookup.js';
import { validateReleaseName } from './names.js';
import { untilCancelled, withoutSignal } from './cancel.js';

export type DryRun = 'none' | 'client' | 'server';

export interface CommonApplyOptions {
  namespace: string;
  dryRun: DryRun;
  serverSideApply: boolean;
  forceConflicts: boolean;
  forceReplace: boolean;
  disableHooks: boolean;
  waitStrategy: WaitStrategy;
  waitForJobs: boolean;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  description: string;
  skipSchemaValidation: boolean;
  subNotes: boolean;
  enableDns: boolean;
  hideSecret: boolean;
  disableOpenApiValidation: boolean;
  labels: Record<string, string>;
  /** File times of the chart's source, stored with the chart as Helm's loader keeps them. */
  chartModTime?: ChartModTime;
  /** --post-renderer: run over the rendered files, hooks included (Helm's combined strategy). */
  postRender?: (files: Map<string, string>) => Map<string, string>;
}

/** The post-renderer for one render pass: lookup passes whose output is discarded skip it. */
export function postRenderIn(
  o: Pick<CommonApplyOptions, 'postRender'>,
  final: () => boolean,
): { postRender?: (files: Map<string, string>) => Map<string, string> } {
  const pr = o.postRender;
  return pr ? { postRender: (files) => (final() ? pr(files) : files) } : {};
}

export interface InstallOptions extends CommonApplyOptions {
  releaseName: string;
  chart: Chart;
  /** The user's values (--values, --set …), stored as the release config. */
  values: GoMap;
  takeOwnership: boolean;
  replace: boolean;
  skipCrds: boolean;
  createNamespace: boolean;
  /** Client-only dry run: Capabilities.KubeVersion and extra APIVersions. */
  kubeVersion?: string;
  apiVersions?: string[];
  /** helm template: --is-upgrade (with a dry run only) and --include-crds. */
  isUpgrade?: boolean;
  includeCrds?: boolean;
}

/** A failure after the release record exists: the error and the release as recorded. */
export class ReleaseActionError extends Error {
  override name = 'ReleaseActionError';
  constructor(
    message: string,
    readonly release: Release | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const interactWithServer = (d: DryRun): boolean => d !== 'client';
const isDryRun = (d: DryRun): boolean => d !== 'none';
// `helm template --is-upgrade`: rendered as an upgrade, and no check for existing objects.
const isUpgrade = (o: InstallOptions): boolean => (o.isUpgrade ?? false) && isDryRun(o.dryRun);

export async function install(o: InstallOptions, ctx: ActionContext): Promise<Release> {
  refuseChartV3(o.chart);
  if (interactWithServer(o.dryRun)) {
    try {
      await requireClient(ctx).checkReachable();
    } catch (e) {
      ctx.log.error(`cluster reachability check failed: ${(e as Error).message}`);
      throw new Error(`cluster reachability check failed: ${(e as Error).message}`, { cause: e });
    }
  }
  if (!isDryRun(o.dryRun) && o.hideSecret) {
    ctx.log.error('hiding Kubernetes secrets requires a dry-run mode');
    throw new Error('hiding Kubernetes secrets requires a dry-run mode');
  }
  try {
    await availableName(o, ctx);
  } catch (e) {
    ctx.log.error('release name check failed', { error: (e as Error).message });
    throw new Error(`release name check failed: ${(e as Error).message}`, { cause: e });
  }

  let waitStrategy = o.waitStrategy;
  const crds = crdObjects(o.chart);
  if (interactWithServer(o.dryRun) && !o.skipCrds && crds.length > 0) {
    if (isDryRun(o.dryRun))
      ctx.log.warn(
        'This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies.',
      );
    else
      await installCrds(requireClient(ctx), crds, {
        serverSideApply: o.serverSideApply,
        forceConflicts: o.forceConflicts,
        waitStrategy,
        debug: (m, a) => ctx.log.debug(m, a),
      });
  }
  if (interactWithServer(o.dryRun) && (o.apiVersions?.length ?? 0) > 0)
    ctx.log.debug('API Version list given outside of client only mode, this list will be ignored');
  if (waitStrategy === 'hookOnly' && o.rollbackOnFailure) waitStrategy = 'watcher';

  const caps = interactWithServer(o.dryRun) ? await clusterCapabilities(ctx) : undefined;
  const now = ctx.now();
  const rel: Release = {
    name: o.releaseName,
    namespace: o.namespace,
    info: {
      first_deployed: now,
      last_deployed: now,
      description: '',
      status: 'unknown',
      rollback_revision: 0,
      notes: '',
    },
    chart: storedChart(o.chart, o.chartModTime),
    config: o.values,
    manifest: '',
    version: 1,
    labels: o.labels,
    apply_method: o.serverSideApply ? 'ssa' : 'csa',
  };
  let rendered;
  try {
    // Debug lines of the pass kept only: lookup passes whose output is discarded log nothing.
    let logs: [string, Record<string, string>, ('ERROR' | undefined)?][] = [];
    const renderOnce = (lookup?: LookupFn, final: () => boolean = () => true) => {
      logs = [];
      return renderRelease(o.chart, o.values, {
        releaseName: o.releaseName,
        namespace: o.namespace,
        revision: 1,
        isUpgrade: isUpgrade(o),
        includeCrds: o.includeCrds ?? false,
        ...(caps ? { capabilities: caps } : { kubeVersion: o.kubeVersion, apiVersions: o.apiVersions }),
        skipSchemaValidation: o.skipSchemaValidation,
        subNotes: o.subNotes,
        hideSecret: o.hideSecret,
        enableDns: o.enableDns,
        debug: (m, a) => logs.push([m, a]),
        ...(lookup ? { render: { lookup } } : {}),
        ...postRenderIn(o, final),
      });
    };
    // Talking to the server, templates' lookup reads the cluster (a client-only dry run answers empty).
    try {
      rendered = caps
        ? await renderWithLookup(requireClient(ctx), renderOnce, (m, a, level) => logs.push([m, a, level]))
        : renderOnce();
    } finally {
      for (const [m, a, level] of logs)
        if (level) ctx.log.error(m, a);
        else ctx.log.debug(m, a);
    }
  } catch (e) {
    if (e instanceof ReleaseRenderError) {
      rel.chart = storedChart(o.chart, o.chartModTime);
      rel.manifest = e.partialManifest;
      setStatus(rel, 'failed', `failed to render resource: ${e.message}`);
      throw new ReleaseActionError(e.message, rel, { cause: e });
    }
    throw e;
  }
  checkUserLabels(o.labels);
  // Helm makes the release after ProcessDependencies: the record holds the values it coalesced.
  rel.chart = storedChart(o.chart, o.chartModTime);
  rel.manifest = rendered.manifest;
  rel.hooks = recordHooks(rendered.hooks);
  rel.info.notes = rendered.notes;
  setStatus(rel, 'pending-install', 'Initial install underway');
  if (!interactWithServer(o.dryRun)) {
    rel.info.description = 'Dry run complete';
    return rel;
  }

  const client = requireClient(ctx);
  let resources: KubeObject[];
  try {
    // Build(manifest, validate): client-side schema checks unless --disable-openapi-validation.
    if (!o.disableOpenApiValidation) await validateManifestLists(client, rel.manifest);
    resources = (await buildResources(client, rel.manifest, o.namespace)).map((r) => r.object);
  } catch (e) {
    throw new Error(`unable to build kubernetes objects from release manifest: ${(e as Error).message}`, {
      cause: e,
    });
  }
  for (const r of resources) stampOwnership(r, rel.name, rel.namespace);
  let toBeAdopted: KubeObject[] = [];
  if (!isUpgrade(o) && resources.length > 0) {
    try {
      toBeAdopted = await existingToAdopt(client, resources, rel.name, rel.namespace, o.takeOwnership);
    } catch (e) {
      throw new Error(`unable to continue with install: ${(e as Error).message}`, { cause: e });
    }
  }
  if (isDryRun(o.dryRun)) {
    rel.info.description = 'Dry run complete';
    return rel;
  }

  if (o.createNamespace) {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      // What yaml.Marshal of Go's v1.Namespace writes (the empty spec becomes a managed field).
      metadata: { labels: { name: o.namespace }, name: o.namespace },
      spec: {},
      status: {},
    };
    try {
      await createResources(client, [ns], {
        serverSideApply: o.serverSideApply,
        forceConflicts: false,
        debug: (m, a) => ctx.log.debug(m, a),
      });
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }
  if (o.replace) await replaceRelease(rel, ctx);
  await ctx.storage.create(rel);

  try {
    // performInstallCtx: a cancelled context fails the release at once.
    await untilCancelled(ctx.signal, () => performInstall(rel, o, waitStrategy, toBeAdopted, resources, ctx));
  } catch (e) {
    throw await failRelease(rel, o, waitStrategy, e as Error, withoutSignal(ctx));
  }
  return rel;
}

async function performInstall(
  rel: Release,
  o: InstallOptions,
  waitStrategy: WaitStrategy,
  toBeAdopted: KubeObject[],
  resources: KubeObject[],
  ctx: ActionContext,
): Promise<void> {
  const client = requireClient(ctx);
  const hookOpts = { waitStrategy, timeoutMs: o.timeoutMs, serverSideApply: o.serverSideApply };
  const hookCtx = { client, record: recorder(ctx), now: ctx.now, ...hookExtras(ctx) };
  if (!o.disableHooks) {
    try {
      await execHook(hookCtx, rel, 'pre-install', hookOpts);
    } catch (e) {
      throw new Error(`failed pre-install: ${(e as Error).message}`, { cause: e });
    }
  }
  if (toBeAdopted.length === 0 && resources.length > 0) {
    await createResources(client, resources, {
      serverSideApply: o.serverSideApply,
      forceConflicts: false,
      debug: (m, a) => ctx.log.debug(m, a),
    });
  } else if (resources.length > 0) {
    await updateResources(client, toBeAdopted, resources, {
      warn: (m, a) => ctx.log.warn(m, a),
      debug: (m, a) => ctx.log.debug(m, a),
      forceReplace: o.forceReplace,
      serverSideApply: o.serverSideApply,
      forceConflicts: o.forceConflicts,
      threeWayMergeForUnstructured: o.takeOwnership && !o.serverSideApply,
      upgradeClientSideFieldManager: true,
    });
  }
  const waiter = getWaiter(client, waitStrategy, ctx.signal);
  if (o.waitForJobs) await waiter.waitWithJobs(resources, o.timeoutMs);
  else await waiter.wait(resources, o.timeoutMs);
  if (!o.disableHooks) {
    try {
      await execHook(hookCtx, rel, 'post-install', hookOpts);
    } catch (e) {
      throw new Error(`failed post-install: ${(e as Error).message}`, { cause: e });
    }
  }
  if (ctx.signal?.aborted) return;
  setStatus(rel, 'deployed', o.description || 'Install complete');
  try {
    await ctx.storage.update(rel);
  } catch (e) {
    ctx.log.error('failed to record the release', { error: (e as Error).message });
  }
}

/** recordRelease for work that may be abandoned: nothing is written once the action was cancelled. */
export function recorder(ctx: ActionContext): (r: Release) => Promise<void> {
  return (r) => (ctx.signal?.aborted ? Promise.resolve() : ctx.storage.update(r));
}

export function hookExtras(ctx: ActionContext): {
  hookLog?: ActionContext['hookLog'];
  signal?: AbortSignal;
  debug: (msg: string, attrs: Record<string, string>) => void;
  printf: (msg: string) => void;
  logError: (msg: string, attrs: Record<string, string>) => void;
} {
  return {
    ...(ctx.hookLog ? { hookLog: ctx.hookLog } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    debug: (m, a) => ctx.log.debug(m, a),
    printf: (m) => ctx.log.info?.(m),
    logError: (m, a) => ctx.log.error(m, a),
  };
}

async function failRelease(
  rel: Release,
  o: InstallOptions,
  waitStrategy: WaitStrategy,
  err: Error,
  ctx: ActionContext,
): Promise<ReleaseActionError> {
  setStatus(rel, 'failed', `Release "${o.releaseName}" failed: ${err.message}`);
  if (o.rollbackOnFailure) {
    ctx.log.debug('install failed and rollback-on-failure is set, uninstalling release', {
      release: o.releaseName,
    });
    try {
      await uninstall(
        {
          releaseName: o.releaseName,
          disableHooks: o.disableHooks,
          keepHistory: false,
          timeoutMs: o.timeoutMs,
          waitStrategy,
          dryRun: false,
          ignoreNotFound: false,
          cascade: 'background',
          description: '',
        },
        ctx,
      );
    } catch (ue) {
      return new ReleaseActionError(
        `an error occurred while uninstalling the release. original install error: ${err.message}: ${(ue as Error).message}`,
        rel,
        { cause: err },
      );
    }
    return new ReleaseActionError(
      `release ${o.releaseName} failed, and has been uninstalled due to rollback-on-failure being set: ${err.message}`,
      rel,
      { cause: err },
    );
  }
  await ctx.storage.update(rel).catch(() => undefined);
  return new ReleaseActionError(err.message, rel, { cause: err });
}

async function availableName(o: InstallOptions, ctx: ActionContext): Promise<void> {
  validateReleaseName(o.releaseName);
  if (isDryRun(o.dryRun)) return;
  let history: Release[];
  try {
    history = await ctx.storage.history(o.releaseName);
  } catch {
    return;
  }
  const last = latest(history);
  if (!last) return;
  const st = last.info.status;
  if (o.replace && (st === 'uninstalled' || st === 'failed')) return;
  throw new Error('cannot reuse a name that is still in use');
}

async function replaceRelease(rel: Release, ctx: ActionContext): Promise<void> {
  let history: Release[];
  try {
    history = await ctx.storage.history(rel.name);
  } catch {
    return;
  }
  const last = latest(history);
  if (!last) return;
  rel.version = last.version + 1;
  if (last.info.status === 'failed') return;
  setStatus(last, 'superseded', 'superseded by new release');
  await ctx.storage.update(last);
}
