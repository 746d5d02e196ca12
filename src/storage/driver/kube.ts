// The Secret and ConfigMap drivers (pkg/storage/driver/secrets.go, cfgmaps.go): one object per
// record named by its key, labelled name/owner/status/version (+ createdAt or modifiedAt and the
// user's labels), the encoded record under data.release. Reads never write; a record that cannot
// be decoded is skipped by list/query with a warning naming the object.
import { quote } from '../../go/strconv/format-quote.js';
import { isAlreadyExists, isNotFound } from '../../kube/errors.js';
import type { HttpRequest } from '../../kube/transport.js';
import { decodeRelease, encodeRelease } from '../codec/codec.js';
import { DriverError, ReleaseExistsError, ReleaseNotFoundError } from '../errors.js';
import type { Release } from '../release.js';
import { filterSystemLabels, silentLog, type Driver, type StorageLog } from './driver.js';
import { checkLabelValues, selectorOf } from './labels.js';

/** What the drivers need of a Kubernetes client (src/kube KubeClient fits). */
export interface KubeRequester {
  requestJson<T>(req: HttpRequest): Promise<T>;
}

export type RecordKind = 'Secret' | 'ConfigMap';

export interface KubeDriverOptions {
  log?: StorageLog;
  /** Unix seconds for createdAt/modifiedAt (default: now). */
  now?: () => number;
  /** Bound on a decompressed record (codec default when unset). */
  maxRecordBytes?: number;
}

interface RecordObject {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

interface RecordList {
  items?: RecordObject[];
}

const RELEASE_TYPE = 'helm.sh/release.v1';

export class KubeRecordDriver implements Driver {
  readonly name: string;
  private readonly log: StorageLog;
  private readonly now: () => number;
  private readonly resource: string;

  constructor(
    readonly kind: RecordKind,
    private readonly client: KubeRequester,
    /** '' reads every namespace (list and query only). */
    readonly namespace: string,
    private readonly opts: KubeDriverOptions = {},
  ) {
    this.name = kind;
    this.log = opts.log ?? silentLog;
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    this.resource = kind === 'Secret' ? 'secrets' : 'configmaps';
  }

  private path(name?: string): string {
    const ns = this.namespace ? `/namespaces/${encodeURIComponent(this.namespace)}` : '';
    return `/api/v1${ns}/${this.resource}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  /** Helm's Secret driver prefixes its errors; its ConfigMap driver passes them through. */
  private wrap(e: unknown, prefix: string): unknown {
    if (this.kind !== 'Secret') return e;
    return new DriverError(`${prefix}: ${(e as Error).message}`, e);
  }

  private decode(obj: RecordObject): Release {
    const raw = obj.data?.['release'] ?? '';
    const data = this.kind === 'Secret' ? Buffer.from(raw, 'base64') : raw;
    return decodeRelease(
      data,
      this.opts.maxRecordBytes === undefined ? {} : { maxBytes: this.opts.maxRecordBytes },
    );
  }

  /** Decodes the items of a list, skipping (and reporting) the ones that are not readable records. */
  private decodeAll(list: RecordList): Release[] {
    const out: Release[] = [];
    for (const item of list.items ?? []) {
      let rls: Release;
      try {
        rls = this.decode(item);
      } catch (e) {
        const where = `${item.metadata?.namespace ?? this.namespace}/${item.metadata?.name ?? ''}`;
        this.log.warn(
          `skipping unreadable release record ${this.kind} ${quote(where)}: ${(e as Error).message}`,
          {
            key: item.metadata?.name,
          },
        );
        continue;
      }
      rls.labels = { ...(item.metadata?.labels ?? {}) };
      out.push(rls);
    }
    return out;
  }

  async get(key: string): Promise<Release> {
    let obj: RecordObject;
    try {
      obj = await this.client.requestJson<RecordObject>({ method: 'GET', path: this.path(key) });
    } catch (e) {
      if (isNotFound(e)) throw new ReleaseNotFoundError();
      throw this.wrap(e, `get: failed to get ${quote(key)}`);
    }
    let rls: Release;
    try {
      rls = this.decode(obj);
    } catch (e) {
      // Helm's ConfigMap driver returns the bare decode error; we name the object for both.
      throw new DriverError(`get: failed to decode data ${quote(key)}: ${(e as Error).message}`, e);
    }
    rls.labels = filterSystemLabels(obj.metadata?.labels);
    return rls;
  }

  private listObjects(selector: string): Promise<RecordList> {
    return this.client.requestJson<RecordList>({
      method: 'GET',
      path: this.path(),
      query: { labelSelector: selector },
    });
  }

  async list(filter: (r: Release) => boolean): Promise<Release[]> {
    let list: RecordList;
    try {
      list = await this.listObjects(selectorOf({ owner: 'helm' }));
    } catch (e) {
      throw this.wrap(e, 'list: failed to list');
    }
    return this.decodeAll(list).filter(filter);
  }

  async query(labels: Readonly<Record<string, string>>): Promise<Release[]> {
    checkLabelValues(labels);
    let list: RecordList;
    try {
      list = await this.listObjects(selectorOf(labels));
    } catch (e) {
      throw this.wrap(e, 'query: failed to query with labels');
    }
    if ((list.items ?? []).length === 0) throw new ReleaseNotFoundError();
    return this.decodeAll(list);
  }

  private object(key: string, rls: Release, labels: Record<string, string>): Record<string, unknown> {
    const s = encodeRelease(rls);
    const lbs: Record<string, string> = {
      ...labels,
      ...rls.labels,
      name: rls.name,
      owner: 'helm',
      status: rls.info.status,
      version: String(rls.version),
    };
    const metadata = { name: key, labels: lbs };
    if (this.kind === 'Secret') {
      return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata,
        type: RELEASE_TYPE,
        data: { release: Buffer.from(s, 'utf8').toString('base64') },
      };
    }
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { release: s } };
  }

  private encode(key: string, rls: Release, stamp: 'createdAt' | 'modifiedAt', verb: string): string {
    const labels = { ...rls.labels, [stamp]: String(this.now()) };
    try {
      return JSON.stringify(this.object(key, rls, labels));
    } catch (e) {
      if (this.kind !== 'Secret') throw e;
      throw new DriverError(
        `${verb}: failed to encode release ${quote(rls.name)}: ${(e as Error).message}`,
        e,
      );
    }
  }

  async create(key: string, rls: Release): Promise<void> {
    const body = this.encode(key, rls, 'createdAt', 'create');
    try {
      await this.client.requestJson({
        method: 'POST',
        path: this.path(),
        body,
        contentType: 'application/json',
      });
    } catch (e) {
      if (isAlreadyExists(e)) throw new ReleaseExistsError();
      throw this.wrap(e, 'create: failed to create');
    }
  }

  async update(key: string, rls: Release): Promise<void> {
    const body = this.encode(key, rls, 'modifiedAt', 'update');
    try {
      await this.client.requestJson({
        method: 'PUT',
        path: this.path(key),
        body,
        contentType: 'application/json',
      });
    } catch (e) {
      throw this.wrap(e, 'update: failed to update');
    }
  }

  async delete(key: string): Promise<Release> {
    const rls = await this.get(key);
    await this.client.requestJson({ method: 'DELETE', path: this.path(key) });
    return rls;
  }
}
