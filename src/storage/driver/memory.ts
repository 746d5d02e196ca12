// The memory driver (pkg/storage/driver/memory.go): records per namespace and release name, sorted
// by revision. Create and Update switch the driver to the record's namespace, as Helm's does; an
// empty namespace makes List and Query see every namespace.
import { ReleaseExistsError, ReleaseNotFoundError } from '../errors.js';
import type { Release } from '../release.js';
import type { Driver } from './driver.js';
import { recordLabels } from './driver.js';
import { parseKey } from './keys.js';

const DEFAULT_NAMESPACE = 'default';

interface MemRecord {
  key: string;
  labels: Record<string, string>;
  rls: Release;
}

export class MemoryDriver implements Driver {
  readonly name = 'Memory';
  private readonly cache = new Map<string, Map<string, MemRecord[]>>();

  constructor(private ns: string = DEFAULT_NAMESPACE) {}

  get namespace(): string {
    return this.ns;
  }

  /** Scopes reads to a namespace ('' = all). */
  setNamespace(ns: string): void {
    this.ns = ns;
  }

  async get(key: string): Promise<Release> {
    const { name } = parseKey(key);
    const rec = this.cache
      .get(this.ns)
      ?.get(name)
      ?.find((r) => r.key === key);
    if (!rec) throw new ReleaseNotFoundError();
    return rec.rls;
  }

  async list(filter: (r: Release) => boolean): Promise<Release[]> {
    return this.records()
      .map((r) => r.rls)
      .filter(filter);
  }

  async query(labels: Readonly<Record<string, string>>): Promise<Release[]> {
    const want = Object.entries(labels);
    const ls = this.records()
      .filter((r) => want.every(([k, v]) => (r.labels[k] ?? '') === v))
      .map((r) => r.rls);
    if (ls.length === 0) throw new ReleaseNotFoundError();
    return ls;
  }

  async create(key: string, rls: Release): Promise<void> {
    const byName = this.useNamespace(rls);
    const recs = byName.get(rls.name) ?? [];
    if (recs.some((r) => r.key === key)) throw new ReleaseExistsError();
    recs.push(newRecord(key, rls));
    recs.sort((a, b) => a.rls.version - b.rls.version);
    byName.set(rls.name, recs);
  }

  async update(key: string, rls: Release): Promise<void> {
    const recs = this.useNamespace(rls, false)?.get(rls.name);
    const i = recs?.findIndex((r) => r.key === key) ?? -1;
    if (!recs || i < 0) throw new ReleaseNotFoundError();
    recs[i] = newRecord(key, rls);
  }

  async delete(key: string): Promise<Release> {
    const { name } = parseKey(key);
    const recs = this.cache.get(this.ns)?.get(name);
    const i = recs?.findIndex((r) => r.key === key) ?? -1;
    if (!recs || i < 0) throw new ReleaseNotFoundError();
    return recs.splice(i, 1)[0]!.rls;
  }

  /** Switches to the record's namespace (Helm's side effect) and returns its table. */
  private useNamespace(rls: Release, make?: true): Map<string, MemRecord[]>;
  private useNamespace(rls: Release, make: false): Map<string, MemRecord[]> | undefined;
  private useNamespace(rls: Release, make = true): Map<string, MemRecord[]> | undefined {
    const ns = rls.namespace || DEFAULT_NAMESPACE;
    this.ns = ns;
    let byName = this.cache.get(ns);
    if (!byName && make) this.cache.set(ns, (byName = new Map()));
    return byName;
  }

  private records(): MemRecord[] {
    const spaces = this.ns === '' ? [...this.cache.values()] : [this.cache.get(this.ns) ?? new Map()];
    return spaces.flatMap((byName) => [...byName.values()].flat());
  }
}

function newRecord(key: string, rls: Release): MemRecord {
  return { key, labels: recordLabels(rls), rls };
}
