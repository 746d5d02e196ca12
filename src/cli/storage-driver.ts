// $HELM_DRIVER → a storage driver (pkg/cmd action config). Until the storage layer ships its own
// constructor this maps the names Helm accepts onto the drivers that exist.
import type { KubeClient } from '../kube/client.js';
import type { Driver, StorageLog } from '../storage/driver/driver.js';
import { MemoryDriver } from '../storage/driver/memory.js';

export async function openStorageDriver(
  name: string,
  _client: KubeClient,
  namespace: string,
  _log: StorageLog,
): Promise<Driver> {
  switch (name) {
    case 'memory':
      return new MemoryDriver(namespace);
    case '':
    case 'secret':
    case 'secrets':
    case 'configmap':
    case 'configmaps':
    case 'sql':
      throw new Error(`storage driver ${JSON.stringify(name || 'secret')} is not available yet`);
    default:
      throw new Error(`unknown driver "${name}"`);
  }
}
