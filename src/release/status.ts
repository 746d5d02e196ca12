// The Status action (pkg/action/status.go): one revision of a release (the latest when 0) with its
// live objects — as server-side Tables for the table view, as objects otherwise.
import type { KubeClient } from '../kube/client.js';
import type { Release } from '../storage/release.js';
import { releaseContent, type ReadCollaborators } from './read-common.js';
import { releaseResources, type StatusObject } from './status-resources.js';

export interface StatusCollaborators extends ReadCollaborators {
  client: KubeClient;
  /** Where the manifest's namespace-less objects live (Helm's kube client namespace). */
  namespace: string;
  /** False when Helm would use its fake kube client (memory driver): no live objects. */
  live: boolean;
}

export interface ReleaseStatus {
  release: Release;
  /** Live objects by "version/Kind". */
  resources: Map<string, StatusObject[]>;
}

export async function releaseStatus(
  name: string,
  version: number,
  asTable: boolean,
  c: StatusCollaborators,
): Promise<ReleaseStatus> {
  await c.kube.checkReachable();
  const release = await releaseContent(c.storage, name, version);
  const resources = c.live
    ? await releaseResources(c.client, release.manifest, c.namespace, asTable, c.log)
    : new Map<string, StatusObject[]>();
  return { release, resources };
}
