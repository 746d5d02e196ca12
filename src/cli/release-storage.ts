// Release storage for every release command (read commands and actions alike), from HELM_DRIVER and
// friends (src/storage/init.ts), scoped to one namespace or to all when `namespace` is ''.
import type { KubeRequester } from '../storage/driver/kube.js';
import type { StorageLog } from '../storage/driver/driver.js';
import { DriverConfigError } from '../storage/errors.js';
import { openStorage as open, storageOptionsFromEnv } from '../storage/init.js';
import { MemoryDataError } from '../storage/memory-data.js';
import type { Storage } from '../storage/storage.js';
import type { CliContext } from './context.js';
import { LogFatal } from './fatal.js';

export function openStorage(
  ctx: CliContext,
  client: KubeRequester,
  namespace: string,
  log?: StorageLog,
): Promise<Storage> {
  return open({
    ...storageOptionsFromEnv(ctx.io.env as NodeJS.ProcessEnv, namespace),
    kube: () => client,
    ...(log ? { log } : {}),
  });
}

/** Helm sets storage up in cobra.OnInitialize and stops with log.Fatal when it cannot. */
export function storageSetupFatal(e: unknown): unknown {
  return e instanceof DriverConfigError || e instanceof MemoryDataError ? new LogFatal(e.message) : e;
}
