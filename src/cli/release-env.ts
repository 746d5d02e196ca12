// What the release commands need from the outside world: a kube client and release storage built
// from the global settings (HELM_DRIVER, --namespace, the kubeconfig flags), closed after the command.
import { KubeClient } from '../kube/client.js';
import type { Storage } from '../storage/storage.js';
import type { ReadCollaborators } from '../release/read-common.js';
import type { CliContext } from './context.js';
import { openStorage } from './release-storage.js';
import { listReleases } from '../release/list.js';
import { isValidReleaseName } from '../release/read-common.js';
import type { Command } from './command/command.js';
import { DriverConfigError } from '../storage/errors.js';
import { MemoryDataError } from '../storage/memory-data.js';
import { LogFatal } from './fatal.js';
import { cliLog } from './action-env.js';

const strAttrs = (a?: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(a ?? {}).map(([k, v]) => [k, String(v)]));

export interface ReleaseEnv extends ReadCollaborators {
  client: KubeClient;
  storage: Storage;
  /** The namespace the command works in (settings namespace). */
  namespace: string;
  /**
   * False with the memory driver: Helm then swaps in a printing fake kube client, which is always
   * reachable and has no live objects (except for `list -A`, whose re-initialisation brings the
   * real client back).
   */
  live: boolean;
}

/**
 * Runs `fn` with a client and storage (Helm's action.Configuration.Init); `allNamespaces` scopes the
 * storage to every namespace, as `list -A` does.
 */
export async function withReleaseEnv<T>(
  ctx: CliContext,
  fn: (env: ReleaseEnv) => Promise<T>,
  allNamespaces = false,
): Promise<T> {
  const namespace = ctx.settings.namespace();
  let client: KubeClient;
  try {
    client = KubeClient.fromOptions(ctx.settings.kubeOptions(), { env: ctx.io.env });
  } catch (e) {
    // Helm meets a bad kubeconfig (unknown context, …) in IsReachable, its first call.
    const msg = (e as Error).message;
    if (/^kubernetes cluster unreachable/i.test(msg)) throw e;
    throw new Error(`kubernetes cluster unreachable: ${msg}`, { cause: e });
  }
  const log = cliLog(ctx);
  let storage: Storage;
  try {
    storage = await openStorage(ctx, client, allNamespaces ? '' : namespace, {
      debug: (m, a) => log.debug(m, strAttrs(a)),
      warn: (m, a) => log.warn(m, strAttrs(a)),
    });
  } catch (e) {
    client.close();
    // Helm sets storage up in cobra.OnInitialize and stops with log.Fatal when it cannot.
    if (e instanceof DriverConfigError || e instanceof MemoryDataError) throw new LogFatal(e.message);
    throw e;
  }
  try {
    const live = (ctx.io.env.HELM_DRIVER ?? '') !== 'memory' || allNamespaces;
    const kube = live ? client : { checkReachable: async (): Promise<void> => {} };
    return await fn({ client, storage, kube, namespace, live, log });
  } finally {
    await storage.close();
    client.close();
  }
}

/** noMoreArgsComp: the active help cobra shows when a command takes no more arguments. */
export const noMoreArgs = {
  items: ['_activeHelp_ This command does not take any more arguments (but may accept flags).'],
  directive: 4,
};

/**
 * compListReleases: completion of a release-name argument — every release of the namespace, any
 * status, as `name<TAB>chart-version -> status`; nothing (and file completion) when that fails.
 */
export async function compListReleases(
  ctx: CliContext,
  args: string[],
  _toComplete: string,
): Promise<{ items: string[]; directive: number }> {
  if (args.length !== 0) return noMoreArgs;
  try {
    const rels = await withReleaseEnv(ctx, (env) =>
      listReleases(
        { states: {}, filter: '', selector: '', byDate: false, reverse: false, limit: 0, offset: 0 },
        env,
      ),
    );
    const items = rels.map((r) => {
      const m = r.chart?.metadata;
      return `${r.name}\t${m?.name ?? ''}-${m?.version ?? ''} -> ${r.info.status}`;
    });
    return { items, directive: 4 };
  } catch {
    return { items: [], directive: 0 };
  }
}

/** compListRevisions: `--revision` completion — the release's revisions with app and chart versions. */
export async function compListRevisions(
  ctx: CliContext,
  args: string[],
): Promise<{ items: string[]; directive: number }> {
  if (args.length !== 1) return { items: [], directive: 4 };
  try {
    const hist = await withReleaseEnv(ctx, async (env) => {
      await env.kube.checkReachable();
      if (!isValidReleaseName(args[0]!)) throw new Error('invalid release name');
      return env.storage.history(args[0]!);
    });
    const items = hist.map((r) => {
      const m = r.chart?.metadata;
      return `${r.version}\tApp: ${m?.appVersion ?? ''}, Chart: ${m?.name ?? ''}-${m?.version ?? ''}`;
    });
    return { items, directive: 4 };
  } catch {
    return { items: [], directive: 1 };
  }
}

/** Registers `--revision` completion on a command. */
export function completeRevisions(ctx: CliContext, cmd: Command): void {
  cmd.flagCompletions.set('revision', (args) => compListRevisions(ctx, args));
}
