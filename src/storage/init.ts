// Storage from Helm's settings (action.Configuration.Init): HELM_DRIVER picks the driver —
// secret (default), configmap, memory (with HELM_MEMORY_DRIVER_DATA), sql
// (HELM_DRIVER_SQL_CONNECTION_STRING) — scoped to a namespace ('' = all namespaces).
import { KubeRecordDriver, type KubeRequester } from './driver/kube.js';
import { MemoryDriver } from './driver/memory.js';
import type { Driver, StorageLog } from './driver/driver.js';
import { DriverConfigError } from './errors.js';
import { loadMemoryData } from './memory-data.js';
import { Storage } from './storage.js';

export interface OpenStorageOptions {
  /** $HELM_DRIVER ('' = secret). */
  driver: string;
  namespace: string;
  /** Needed by the secret and configmap drivers only; called when one is chosen. */
  kube?: () => KubeRequester;
  /** $HELM_DRIVER_SQL_CONNECTION_STRING */
  sqlConnectionString?: string;
  /** $HELM_MEMORY_DRIVER_DATA; Helm loads it whenever the memory driver is used. */
  memoryData?: string;
  /** Reuse a memory driver across calls (Helm does for list --all-namespaces). */
  memory?: MemoryDriver;
  /** Storage.maxHistory (Helm sets it for upgrade and rollback from --history-max). */
  maxHistory?: number;
  log?: StorageLog;
  maxRecordBytes?: number;
  env?: NodeJS.ProcessEnv;
}

/** Builds the Storage the way Helm does for a command. */
export async function openStorage(o: OpenStorageOptions): Promise<Storage> {
  const common = {
    ...(o.log ? { log: o.log } : {}),
    ...(o.maxRecordBytes !== undefined ? { maxRecordBytes: o.maxRecordBytes } : {}),
  };
  const storageOpts = { maxHistory: o.maxHistory ?? 0, ...(o.log ? { log: o.log } : {}) };
  const kube = (): KubeRequester => {
    if (!o.kube)
      throw new DriverConfigError('the secret and configmap storage drivers need a Kubernetes client');
    return o.kube();
  };
  let driver: Driver;
  switch (o.driver) {
    case 'secret':
    case 'secrets':
    case '':
      driver = new KubeRecordDriver('Secret', kube(), o.namespace, common);
      break;
    case 'configmap':
    case 'configmaps':
      driver = new KubeRecordDriver('ConfigMap', kube(), o.namespace, common);
      break;
    case 'memory': {
      const mem = o.memory ?? new MemoryDriver();
      mem.setNamespace(o.namespace);
      // Helm loads the files before any --history-max applies: nothing is pruned while loading.
      const store = new Storage(mem, { ...storageOpts, maxHistory: 0 });
      if (o.memoryData !== undefined && !o.memory)
        await loadMemoryData(store, mem, o.memoryData, o.namespace);
      store.maxHistory = storageOpts.maxHistory;
      return store;
    }
    case 'sql':
      try {
        // Loaded on demand: most commands never touch PostgreSQL, and `pg` costs start-up time.
        const { SqlDriver } = await import('./driver/sql.js');
        driver = await SqlDriver.open(o.sqlConnectionString ?? '', o.namespace, {
          ...common,
          ...(o.env ? { env: o.env } : {}),
        });
      } catch (e) {
        throw new DriverConfigError(`unable to instantiate SQL driver: ${(e as Error).message}`, {
          cause: e,
        });
      }
      break;
    default:
      throw new DriverConfigError(`unknown driver ${JSON.stringify(o.driver)}`);
  }
  return new Storage(driver, storageOpts);
}

/** The options Helm takes from the environment (HELM_DRIVER, HELM_DRIVER_SQL_CONNECTION_STRING, …). */
export function storageOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  namespace: string,
): Pick<OpenStorageOptions, 'driver' | 'namespace' | 'sqlConnectionString' | 'memoryData' | 'env'> {
  return {
    driver: env['HELM_DRIVER'] ?? '',
    namespace,
    sqlConnectionString: env['HELM_DRIVER_SQL_CONNECTION_STRING'] ?? '',
    // Helm splits the variable even when unset, and fails reading "" (see memory-data.ts).
    memoryData: env['HELM_MEMORY_DRIVER_DATA'] ?? '',
    env,
  };
}
