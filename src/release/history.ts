// The History action (pkg/action/history.go) and the rows `helm history` prints (pkg/cmd/history.go).
import { sortByRevision } from '../storage/storage.js';
import type { Release } from '../storage/release.js';
import { appVersion, chartName, isValidReleaseName, type ReadCollaborators } from './read-common.js';

export interface HistoryEntry {
  revision: number;
  /** info.last_deployed as stored ('' when zero). */
  updated: string;
  status: string;
  chart: string;
  appVersion: string;
  /** 0 = not a rollback. */
  rollbackRevision: number;
  description: string;
}

/** The newest `max` revisions of a release, oldest first. */
export async function releaseHistory(
  name: string,
  max: number,
  c: ReadCollaborators,
): Promise<HistoryEntry[]> {
  await c.kube.checkReachable();
  if (!isValidReleaseName(name)) throw new Error(`release name is invalid: ${name}`);
  c.log?.debug('getting history for release', { release: name });
  const hist: Release[] = sortByRevision(await c.storage.history(name)).reverse();
  return hist
    .slice(0, Math.max(0, max))
    .reverse()
    .map((r) => ({
      revision: r.version,
      updated: r.info.last_deployed ?? '',
      status: r.info.status,
      chart: chartName(r),
      appVersion: appVersion(r),
      rollbackRevision: r.info.rollback_revision,
      description: r.info.description,
    }));
}
