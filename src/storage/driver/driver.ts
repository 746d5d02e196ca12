// The driver contract (pkg/storage/driver/driver.go): a key-value store of release records that can
// also answer label queries. Keys are `sh.helm.release.v1.NAME.vN`.
import type { Release } from '../release.js';

/** Where drivers report what Helm logs at debug level (records skipped while listing, …). */
export interface StorageLog {
  debug(message: string, attrs?: Record<string, unknown>): void;
  /** Things a user should see: a record that cannot be read is skipped by list/history. */
  warn(message: string, attrs?: Record<string, unknown>): void;
}

export const silentLog: StorageLog = { debug: () => {}, warn: () => {} };

export interface Driver {
  /** Helm's driver name: Secret, ConfigMap, Memory, SQL. */
  readonly name: string;
  /** The record under key; ReleaseNotFoundError when there is none. */
  get(key: string): Promise<Release>;
  /** Every readable record (owner=helm) the filter accepts; unreadable ones are skipped. */
  list(filter: (r: Release) => boolean): Promise<Release[]>;
  /** Records whose labels match all of `labels`; ReleaseNotFoundError when none match. */
  query(labels: Readonly<Record<string, string>>): Promise<Release[]>;
  /** Stores a new record; ReleaseExistsError when the key is taken. */
  create(key: string, rls: Release): Promise<void>;
  /** Replaces the record under key. */
  update(key: string, rls: Release): Promise<void>;
  /** Removes the record under key and returns it. */
  delete(key: string): Promise<Release>;
  /** Releases connections (SQL); a no-op elsewhere. */
  close?(): Promise<void>;
}

/** The labels every driver sets; users may not set them (`--labels`). */
export const SYSTEM_LABELS: readonly string[] = [
  'name',
  'owner',
  'status',
  'version',
  'createdAt',
  'modifiedAt',
];

export const isSystemLabel = (key: string): boolean => SYSTEM_LABELS.includes(key);

/** Labels without the system ones (what Get puts in `release.labels`). */
export function filterSystemLabels(
  labels: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !isSystemLabel(k)));
}

/** driver.ContainsSystemLabels */
export const containsSystemLabels = (labels: Readonly<Record<string, string>>): boolean =>
  Object.keys(labels).some(isSystemLabel);

/** The system labels of a record: name, owner=helm, status, version. */
export function recordLabels(rls: Release): Record<string, string> {
  return { name: rls.name, owner: 'helm', status: rls.info.status, version: String(rls.version) };
}
