// What the read-only release actions share: their collaborators, Helm's reachability check and
// releaseContent (the named revision, or the latest when 0).
import type { Storage } from '../storage/storage.js';
import type { Release } from '../storage/release.js';
import type { ActionLog } from './context.js';

/** The cluster as the read actions see it: Helm checks it is reachable before reading records. */
export interface Reachable {
  checkReachable(): Promise<void>;
}

export interface ReadCollaborators {
  storage: Storage;
  kube: Reachable;
  /** Helm's logger (debug lines under --debug). */
  log?: ActionLog;
}

const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** chartutil.ValidateReleaseName as a boolean (callers word their own errors). */
export const isValidReleaseName = (name: string): boolean =>
  name !== '' && name.length <= 53 && VALID_NAME.test(name);

/** Configuration.releaseContent. */
export async function releaseContent(storage: Storage, name: string, version: number): Promise<Release> {
  if (!isValidReleaseName(name)) throw new Error(`releaseContent: Release name is invalid: ${name}`);
  return version <= 0 ? storage.last(name) : storage.get(name, version);
}

/** formatChartName: `name-version`, MISSING without chart metadata. */
export function chartName(r: Release): string {
  const m = r.chart?.metadata;
  return m ? `${m.name}-${m.version}` : 'MISSING';
}

/** formatAppVersion. */
export function appVersion(r: Release): string {
  const m = r.chart?.metadata;
  return m ? (m.appVersion ?? '') : 'MISSING';
}
