// What the previous revision applied, for write elision on upgrade (kube/resources.ts
// previousApplied): its manifest's objects with Helm's ownership label and annotations, as they
// were sent; and the selector that finds a release's objects with one LIST per collection.
import type { KubeObject } from '../kube/types.js';
import { MANAGED_BY_HELM, MANAGED_BY_LABEL, stampOwnership } from './ownership.js';

export function appliedConfigs(
  objects: readonly KubeObject[],
  name: string,
  namespace: string,
): KubeObject[] {
  return objects.map((o) => {
    const c = structuredClone(o);
    stampOwnership(c, name, namespace);
    return c;
  });
}

export const RELEASE_OBJECTS_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_HELM}`;
