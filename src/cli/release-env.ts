// What the release commands need from the outside world: a kube client and release storage built
// from the global settings (HELM_DRIVER, --namespace, the kubeconfig flags), closed after the command.
import { KubeClient } from '../kube/client.js';
import type { Storage } from '../storage/storage.js';
import type { ReadCollaborators } from '../release/read-common.js';
import type { CliContext } from './context.js';
import { openStorage } from './release-storage.js';

export interface ReleaseEnv extends ReadCollaborators {
  client: KubeClient;
  storage: Storage;
  /** The namespace the command works in (settings namespace). */
  namespace: string;
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
  const client = KubeClient.fromOptions(ctx.settings.kubeOptions(), { env: ctx.io.env });
  const storage = await openStorage(ctx, client, allNamespaces ? '' : namespace);
  try {
    return await fn({ client, storage, kube: client, namespace });
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
 * Completion of a release-name argument. Helm lists the namespace's releases here; Rudder's
 * completion hook is synchronous, so it offers none (no file completion either).
 */
export function compListReleases(
  _ctx: CliContext,
  args: string[],
  _toComplete: string,
): { items: string[]; directive: number } {
  return args.length !== 0 ? noMoreArgs : { items: [], directive: 4 };
}
