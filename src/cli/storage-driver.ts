// $HELM_DRIVER → the storage driver the release-changing commands use (Helm's action
// Configuration.Init): Secret (default), ConfigMap, Memory.
import type { KubeClient } from '../kube/client.js';
import type { Driver, StorageLog } from '../storage/driver/driver.js';
import { KubeRecordDriver } from '../storage/driver/kube.js';
import { MemoryDriver } from '../storage/driver/memory.js';
import { DriverConfigError } from '../storage/errors.js';

export async function openStorageDriver(
  name: string,
  client: KubeClient,
  namespace: string,
  log: StorageLog,
): Promise<Driver> {
  switch (name) {
    case '':
    case 'secret':
    case 'secrets':
      return new KubeRecordDriver('Secret', client, namespace, { log });
    case 'configmap':
    case 'configmaps':
      return new KubeRecordDriver('ConfigMap', client, namespace, { log });
    case 'memory':
      return new MemoryDriver(namespace);
    default:
      throw new DriverConfigError(`unknown driver ${JSON.stringify(name)}`);
  }
}
