// Release storage for the read commands, from HELM_DRIVER and friends (src/storage/init.ts), scoped
// to one namespace or to all when `namespace` is ''.
import type { KubeClient } from '../kube/client.js';
import { openStorage as open, storageOptionsFromEnv } from '../storage/init.js';
import type { Storage } from '../storage/storage.js';
import type { CliContext } from './context.js';

export function openStorage(ctx: CliContext, client: KubeClient, namespace: string): Promise<Storage> {
  return open({ ...storageOptionsFromEnv(ctx.io.env as NodeJS.ProcessEnv, namespace), kube: () => client });
}
