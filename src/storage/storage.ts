// Storage (pkg/storage/storage.go): release history on top of a driver — keys, latest deployed,
// history pruning (max history) and Helm's errors.
import { silentLog, type Driver, type StorageLog } from './driver/driver.js';
import { NoDeployedReleasesError, ReleaseNotFoundError, StorageError } from './errors.js';
import type { Release } from './release.js';

/** The prefix of every record key. */
export const HELM_STORAGE_TYPE = 'sh.helm.release.v1';

/** `sh.helm.release.v1.NAME.vVERSION` */
export const makeKey = (name: string, version: number): string => `${HELM_STORAGE_TYPE}.${name}.v${version}`;

/** relutil.SortByRevision (ascending), in place. */
export const sortByRevision = (list: Release[]): Release[] => list.sort((a, b) => a.version - b.version);

export interface StorageOptions {
  /** Records kept per release on create; 0 = unlimited (Helm sets it from --history-max). */
  maxHistory?: number;
  log?: StorageLog;
}

export class Storage {
  /** Helm only sets this for upgrade and rollback (`--history-max`); 0 = unlimited. */
  maxHistory: number;
  private readonly log: StorageLog;

  constructor(
    readonly driver: Driver,
    opts: StorageOptions = {},
  ) {
    this.maxHistory = opts.maxHistory ?? 0;
    this.log = opts.log ?? silentLog;
  }

  /** The driver's name (Secret, ConfigMap, Memory, SQL). */
  get name(): string {
    return this.driver.name;
  }

  get(name: string, version: number): Promise<Release> {
    this.log.debug('getting release', { key: makeKey(name, version) });
    return this.driver.get(makeKey(name, version));
  }

  /** Stores a new revision, first pruning the oldest so that at most maxHistory remain. */
  async create(rls: Release): Promise<void> {
    this.log.debug('creating release', { key: makeKey(rls.name, rls.version) });
    if (this.maxHistory > 0) {
      try {
        await this.removeLeastRecent(rls.name, this.maxHistory - 1);
      } catch (e) {
        if (!(e instanceof ReleaseNotFoundError)) throw e;
      }
    }
    await this.driver.create(makeKey(rls.name, rls.version), rls);
  }

  update(rls: Release): Promise<void> {
    this.log.debug('updating release', { key: makeKey(rls.name, rls.version) });
    return this.driver.update(makeKey(rls.name, rls.version), rls);
  }

  delete(name: string, version: number): Promise<Release> {
    this.log.debug('deleting release', { key: makeKey(name, version) });
    return this.driver.delete(makeKey(name, version));
  }

  list(filter: (r: Release) => boolean): Promise<Release[]> {
    return this.driver.list(filter);
  }

  query(labels: Readonly<Record<string, string>>): Promise<Release[]> {
    return this.driver.query(labels);
  }

  /** Every release record in the namespace (all namespaces when the driver's namespace is ''). */
  listReleases(): Promise<Release[]> {
    this.log.debug('listing all releases in storage');
    return this.driver.list(() => true);
  }

  listUninstalled(): Promise<Release[]> {
    this.log.debug('listing uninstalled releases in storage');
    return this.driver.list((r) => r.info.status === 'uninstalled');
  }

  listDeployed(): Promise<Release[]> {
    this.log.debug('listing all deployed releases in storage');
    return this.driver.list((r) => r.info.status === 'deployed');
  }

  /** The deployed record with the highest revision; NoDeployedReleasesError when none. */
  async deployed(name: string): Promise<Release> {
    const ls = await this.deployedAll(name);
    if (ls.length === 0) throw new NoDeployedReleasesError(name);
    return sortByRevision(ls).reverse()[0]!;
  }

  /** Every record of `name` with status deployed. */
  async deployedAll(name: string): Promise<Release[]> {
    this.log.debug('getting deployed releases', { name });
    try {
      return await this.driver.query({ name, owner: 'helm', status: 'deployed' });
    } catch (e) {
      // Helm matches the text: any driver's "not found" means none deployed.
      if (e instanceof Error && e.message.includes('not found')) throw new NoDeployedReleasesError(name);
      throw e;
    }
  }

  /** Every record of `name` (driver order; sort with sortByRevision). */
  history(name: string): Promise<Release[]> {
    this.log.debug('getting release history', { name });
    return this.driver.query({ name, owner: 'helm' });
  }

  /** The record with the highest revision. */
  async last(name: string): Promise<Release> {
    this.log.debug('getting last revision', { name });
    const h = await this.history(name);
    if (h.length === 0) throw new StorageError(`no revision for release ${JSON.stringify(name)}`);
    return sortByRevision(h).reverse()[0]!;
  }

  /**
   * Deletes the oldest records of `name` until `maximum` remain, never the latest deployed one.
   * A negative maximum keeps everything.
   */
  async removeLeastRecent(name: string, maximum: number): Promise<void> {
    if (maximum < 0) return;
    const h = await this.history(name);
    if (h.length <= maximum) return;
    const rls = sortByRevision(h);
    let lastDeployed: Release | undefined;
    try {
      lastDeployed = await this.deployed(name);
    } catch (e) {
      if (!(e instanceof NoDeployedReleasesError)) throw e;
    }
    const toDelete: Release[] = [];
    for (const rel of rls) {
      if (rls.length - toDelete.length === maximum) break;
      if (lastDeployed === undefined || rel.version !== lastDeployed.version) toDelete.push(rel);
    }
    const errs: unknown[] = [];
    for (const rel of toDelete) {
      try {
        await this.delete(name, rel.version);
      } catch (e) {
        this.log.debug('error pruning release', { key: makeKey(name, rel.version), error: String(e) });
        errs.push(e);
      }
    }
    this.log.debug('pruned records', { count: toDelete.length, release: name, errors: errs.length });
    if (errs.length === 1) throw errs[0];
    if (errs.length > 1) {
      const first = errs[0] instanceof Error ? errs[0].message : String(errs[0]);
      throw new StorageError(`encountered ${errs.length} deletion errors. First is: ${first}`, {
        cause: errs[0],
      });
    }
  }

  async close(): Promise<void> {
    await this.driver.close?.();
  }
}
