// Installing the chart's crds/ before anything is rendered (pkg/action/install.go installCRDs): one
// file at a time in chart order, existing CRDs skipped, then waited until Established (always, for
// up to 60 s, whatever the wait strategy) and the discovery cache dropped so the new kinds map.
import type { KubeClient } from '../kube/client.js';
import { createResources } from '../kube/resources.js';
import { isAlreadyExists } from '../kube/errors.js';
import type { KubeObject } from '../kube/types.js';
import { utf8DecodeText } from '../go/value.js';
import type { CrdObject } from './render.js';
import { buildResources } from './build.js';
import { getWaiter, type WaitStrategy } from './waiter.js';

export interface InstallCrdsOptions {
  serverSideApply: boolean;
  forceConflicts: boolean;
  waitStrategy: WaitStrategy;
  debug?: (msg: string, attrs: Record<string, string>) => void;
}

const CRD_WAIT_MS = 60_000;

export async function installCrds(
  client: KubeClient,
  crds: readonly CrdObject[],
  o: InstallCrdsOptions,
): Promise<void> {
  const created: KubeObject[] = [];
  for (const crd of crds) {
    let objects: KubeObject[];
    try {
      objects = (await buildResources(client, utf8DecodeText(crd.data), client.namespace)).map(
        (r) => r.object,
      );
    } catch (e) {
      throw new Error(`failed to install CRD ${crd.name}: ${(e as Error).message}`, { cause: e });
    }
    if (objects.length === 0) throw new Error(`failed to install CRD ${crd.name}: resources are empty`);
    try {
      await createResources(client, objects, {
        serverSideApply: o.serverSideApply,
        forceConflicts: o.forceConflicts,
      });
    } catch (e) {
      if (isAlreadyExists(e)) {
        o.debug?.('CRD is already present. Skipping', { crd: crd.name });
        continue;
      }
      throw new Error(`failed to install CRD ${crd.name}: ${(e as Error).message}`, { cause: e });
    }
    created.push(...objects);
  }
  if (created.length === 0) return;
  const strategy = o.waitStrategy === 'hookOnly' ? 'watcher' : o.waitStrategy;
  await getWaiter(client, strategy).wait(created, CRD_WAIT_MS);
  client.discovery.invalidate();
}
