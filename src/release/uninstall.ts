// `uninstall` (pkg/action/uninstall.go): uninstalling record, pre-delete hooks, objects deleted in
// uninstall order (kept: `helm.sh/resource-policy: keep`, and objects this release does not own),
// post-delete hooks, then the history purged (or kept with --keep-history).
import type { PropagationPolicy } from '../kube/client.js';
import { deleteResources } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import { sortManifests, UNINSTALL_ORDER, type Manifest } from '../render/manifests.js';
import { ReleaseNotFoundError, NoDeployedReleasesError } from '../storage/errors.js';
import type { Release } from '../storage/release.js';
import { buildResources } from './build.js';
import { execHook } from './hooks.js';
import { ownershipProblem } from './ownership.js';
import { getWaiter, type WaitStrategy } from './waiter.js';
import { requireClient, type ActionContext } from './context.js';
import { isValidReleaseName } from './names.js';
import { latest, splitManifestMap } from './record.js';
import { isNotFound } from '../kube/errors.js';

export type Cascade = 'background' | 'foreground' | 'orphan';

export interface UninstallOptions {
  releaseName: string;
  disableHooks: boolean;
  dryRun: boolean;
  ignoreNotFound: boolean;
  keepHistory: boolean;
  waitStrategy: WaitStrategy;
  cascade: Cascade | string;
  timeoutMs: number;
  description: string;
}

export interface UninstallResult {
  release?: Release;
  /** The kept-resources text Helm prints before `release "x" uninstalled`. */
  info: string;
}

const POLICY: Record<string, PropagationPolicy> = {
  background: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
};

const RESOURCE_POLICY = 'helm.sh/resource-policy';

/** filterManifestsToKeep: resource-policy keep (trimmed, any case) kept; another policy value: neither. */
export function filterManifestsToKeep(manifests: readonly Manifest[]): {
  keep: Manifest[];
  remaining: Manifest[];
} {
  const keep: Manifest[] = [];
  const remaining: Manifest[] = [];
  for (const m of manifests) {
    const ann = m.head.metadata?.annotations;
    if (!ann || Object.keys(ann).length === 0 || !(RESOURCE_POLICY in ann)) {
      remaining.push(m);
      continue;
    }
    if (ann[RESOURCE_POLICY]!.trim().toLowerCase() === 'keep') keep.push(m);
  }
  return { keep, remaining };
}

export async function uninstall(
  o: UninstallOptions,
  ctx: ActionContext,
): Promise<UninstallResult | undefined> {
  const client = requireClient(ctx);
  await client.checkReachable();
  const waiter = getWaiter(client, o.waitStrategy as WaitStrategy, ctx.signal);
  if (o.dryRun) {
    let history: Release[];
    try {
      history = await ctx.storage.history(o.releaseName);
    } catch (e) {
      if (o.ignoreNotFound && e instanceof ReleaseNotFoundError) return undefined;
      throw e;
    }
    const rel = latest(history);
    if (!rel) {
      if (o.ignoreNotFound) return undefined;
      throw new ReleaseNotFoundError();
    }
    let files: Manifest[];
    try {
      files = sortManifests(splitManifestMap(rel.manifest), UNINSTALL_ORDER).manifests;
    } catch {
      return { release: rel, info: '' };
    }
    const { keep, remaining } = filterManifestsToKeep(files);
    await dryRunOwnership(rel, remaining, ctx).catch(() => undefined);
    return { release: rel, info: keptText(keep) };
  }
  if (!isValidReleaseName(o.releaseName))
    throw new Error(`uninstall: Release name is invalid: ${o.releaseName}`);

  let rels: Release[];
  try {
    rels = await ctx.storage.history(o.releaseName);
  } catch (e) {
    if (o.ignoreNotFound) return undefined;
    throw new Error(`uninstall: Release not loaded: ${o.releaseName}: ${(e as Error).message}`, { cause: e });
  }
  if (rels.length < 1) {
    if (o.ignoreNotFound) return undefined;
    throw new Error(`uninstall: Release not loaded: ${o.releaseName}: release: not found`);
  }
  rels.sort((a, b) => a.version - b.version);
  const rel = rels[rels.length - 1]!;
  if (rel.info.status === 'uninstalled') {
    if (!o.keepHistory) {
      await purge(rels, ctx).catch((e: Error) => {
        throw new Error(`uninstall: Failed to purge the release: ${e.message}`, { cause: e });
      });
      return { release: rel, info: '' };
    }
    throw new Error(`the release named "${o.releaseName}" is already deleted`);
  }

  ctx.log.debug('uninstall: deleting release', { name: o.releaseName });
  rel.info.status = 'uninstalling';
  rel.info.deleted = ctx.now();
  rel.info.description = 'Deletion in progress (or silently failed)';
  const res: UninstallResult = { release: rel, info: '' };
  const hookOpts = {
    waitStrategy: o.waitStrategy as WaitStrategy,
    timeoutMs: o.timeoutMs,
    serverSideApply: true,
  };
  const hookCtx = {
    client,
    record: (r: Release) => ctx.storage.update(r),
    now: ctx.now,
    debug: (m: string, a: Record<string, string>) => ctx.log.debug(m, a),
    printf: (m: string) => ctx.log.info?.(m),
    logError: (m: string, a: Record<string, string>) => ctx.log.error(m, a),
    ...(ctx.hookLog ? { hookLog: ctx.hookLog } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  if (!o.disableHooks) await execHook(hookCtx, rel, 'pre-delete', hookOpts);
  else ctx.log.debug('delete hooks disabled', { release: o.releaseName });
  await ctx.storage.update(rel).catch(() => undefined);

  const { deleted, kept, errors } = await deleteRelease(rel, o, ctx);
  if (errors.length) {
    ctx.log.debug('uninstall: Failed to delete release', { error: errors.map((e) => e.message).join('; ') });
    throw new Error(`failed to delete release: ${o.releaseName}`);
  }
  res.info = kept;
  const errs: Error[] = [];
  await waiter.waitForDelete(deleted, o.timeoutMs).catch((e: Error) => void errs.push(e));
  if (!o.disableHooks)
    await execHook(hookCtx, rel, 'post-delete', hookOpts).catch((e: Error) => void errs.push(e));
  rel.info.status = 'uninstalled';
  rel.info.description = o.description || 'Uninstallation complete';
  const fail = () =>
    new Error(
      `uninstallation completed with ${errs.length} error(s): ${errs.map((e) => e.message).join('; ')}`,
    );
  if (!o.keepHistory) {
    ctx.log.debug('purge requested', { release: o.releaseName });
    await purge(rels, ctx).catch(
      (e: Error) => void errs.push(new Error(`uninstall: Failed to purge the release: ${e.message}`)),
    );
    if (errs.length) throw Object.assign(fail(), { result: res });
    return res;
  }
  await ctx.storage.update(rel).catch(() => undefined);
  let deployed: Release[] = [];
  try {
    deployed = await ctx.storage.deployedAll(o.releaseName);
  } catch (e) {
    if (!(e instanceof NoDeployedReleasesError)) throw e;
  }
  for (const d of deployed) {
    d.info.status = 'superseded';
    await ctx.storage.update(d).catch(() => undefined);
  }
  if (errs.length) throw Object.assign(fail(), { result: res });
  return res;
}

async function purge(rels: readonly Release[], ctx: ActionContext): Promise<void> {
  for (const r of rels) await ctx.storage.delete(r.name, r.version);
}

function keptText(keep: readonly Manifest[]): string {
  if (keep.length === 0) return '';
  let s = 'These resources were kept due to the resource policy:\n';
  for (const f of keep) s += `[${f.head.kind}] ${f.head.metadata?.name ?? ''}\n`;
  return s;
}

async function deleteRelease(
  rel: Release,
  o: UninstallOptions,
  ctx: ActionContext,
): Promise<{ deleted: KubeObject[]; kept: string; errors: Error[] }> {
  const client = requireClient(ctx);
  let files: Manifest[];
  try {
    files = sortManifests(splitManifestMap(rel.manifest), UNINSTALL_ORDER).manifests;
  } catch (e) {
    return {
      deleted: [],
      kept: rel.manifest,
      errors: [
        new Error(
          `corrupted release record. You must manually delete the resources: ${(e as Error).message}`,
        ),
      ],
    };
  }
  const { keep, remaining } = filterManifestsToKeep(files);
  let kept = keptText(keep);
  let resources: KubeObject[];
  try {
    const text = remaining.map((f) => `\n---\n${f.content}`).join('');
    resources = (await buildResources(client, text, client.namespace)).map((r) => r.object);
  } catch (e) {
    return {
      deleted: [],
      kept: '',
      errors: [new Error(`unable to build kubernetes objects for delete: ${(e as Error).message}`)],
    };
  }
  if (resources.length === 0) return { deleted: [], kept, errors: [] };
  const { owned, unowned, unverifiable } = await verifyOwnershipBeforeDelete(client, resources, rel);
  for (const r of unowned)
    ctx.log.warn('skipping delete of resource not owned by this release', {
      kind: r.kind,
      name: r.metadata.name ?? '',
      namespace: r.metadata.namespace ?? '',
      release: rel.name,
    });
  if (unowned.length) {
    if (kept) kept += '\n';
    kept += `${unowned.length} resource(s) were not deleted because they are not owned by this release:\n`;
    for (const r of unowned) kept += `[${r.kind}] ${r.metadata.name ?? ''}\n`;
  }
  if (unverifiable.length) {
    if (kept) kept += '\n';
    kept += `${unverifiable.length} resource(s) were not deleted because their ownership could not be verified:\n`;
    for (const u of unverifiable) kept += `[${u.o.kind}] ${u.o.metadata.name ?? ''}: ${u.err.message}\n`;
  }
  let errors: Error[] = [];
  if (owned.length) {
    const policy = POLICY[o.cascade] ?? 'Background';
    for (const r of owned)
      ctx.log.debug('deleting resource owned by this release', {
        kind: r.kind,
        name: r.metadata.name ?? '',
        namespace: r.metadata.namespace ?? '',
        release: rel.name,
      });
    errors = (await deleteResources(client, owned, policy, (m, a) => ctx.log.debug(m, a))).errors;
  }
  return { deleted: owned, kept, errors };
}

interface OwnershipSplit {
  owned: KubeObject[];
  unowned: KubeObject[];
  unverifiable: { o: KubeObject; err: Error }[];
}

/** verifyOwnershipBeforeDelete: gone objects drop out; the rest are owned, owned by others, or unreadable. */
async function verifyOwnershipBeforeDelete(
  client: ReturnType<typeof requireClient>,
  resources: readonly KubeObject[],
  rel: Release,
): Promise<OwnershipSplit> {
  const split: OwnershipSplit = { owned: [], unowned: [], unverifiable: [] };
  for (const r of resources) {
    try {
      const live = await client.get({
        apiVersion: r.apiVersion,
        kind: r.kind,
        name: r.metadata.name ?? '',
        ...(r.metadata.namespace ? { namespace: r.metadata.namespace } : {}),
      });
      if (ownershipProblem(live, rel.name, rel.namespace)) split.unowned.push(r);
      else split.owned.push(r);
    } catch (e) {
      if (isNotFound(e)) continue;
      split.unverifiable.push({ o: r, err: e as Error });
    }
  }
  return split;
}

/** The dry run's report of what an uninstall would skip or delete. */
async function dryRunOwnership(
  rel: Release,
  remaining: readonly Manifest[],
  ctx: ActionContext,
): Promise<void> {
  const client = requireClient(ctx);
  const text = remaining.map((f) => `\n---\n${f.content}`).join('');
  const resources = (await buildResources(client, text, client.namespace)).map((r) => r.object);
  if (resources.length === 0) return;
  const { owned, unowned, unverifiable } = await verifyOwnershipBeforeDelete(client, resources, rel);
  const where = (r: KubeObject) => ({
    kind: r.kind,
    name: r.metadata.name ?? '',
    namespace: r.metadata.namespace ?? '',
  });
  if (unowned.length) {
    ctx.log.warn('dry-run: resources would be skipped because they are not owned by this release', {
      release: rel.name,
      count: String(unowned.length),
    });
    for (const r of unowned) ctx.log.warn('dry-run: would skip resource', where(r));
  }
  if (unverifiable.length) {
    ctx.log.warn('dry-run: resources would be skipped because their ownership could not be verified', {
      release: rel.name,
      count: String(unverifiable.length),
    });
    for (const u of unverifiable)
      ctx.log.warn('dry-run: would skip resource (ownership could not be verified)', {
        ...where(u.o),
        error: u.err.message,
      });
  }
  if (owned.length) {
    ctx.log.debug('dry-run: resources would be deleted', { release: rel.name, count: String(owned.length) });
    for (const r of owned) ctx.log.debug('dry-run: would delete resource', where(r));
  }
}
