// A thin raw-JSON Kubernetes client: objects are sent exactly as given (no typed serializer), every
// verb Helm needs, server-side apply, dry-run, watch.
import type { KubeOptions, Env } from './options.js';
import { resolveRestConfig, type RestConfig } from './kubeconfig.js';
import {
  Transport,
  type TransportOptions,
  type HttpRequest,
  type HttpResponse,
  type QueryValue,
} from './transport.js';
import { Discovery, splitApiVersion, type RestMapping } from './discovery.js';
import { KubeApiError, isConflict, type Status } from './errors.js';
import type { KubeObject, KubeList, ObjectRef, WatchEvent } from './types.js';
import { upgradeManagedFieldsPatch } from './csaupgrade.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_CONTENT_TYPE: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface WriteOptions {
  /** Send dryRun=All: run the whole server pipeline, persist nothing. */
  dryRun?: boolean;
  /** Defaults to the client's field manager ("helm"). */
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  signal?: AbortSignal;
}

export interface ApplyOptions extends WriteOptions {
  /** Take over fields owned by other managers (Helm's --force-conflicts). */
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  dryRun?: boolean;
  /** Resolve with undefined instead of throwing when the object does not exist. */
  ignoreNotFound?: boolean;
  signal?: AbortSignal;
}

export interface ListOptions {
  /** Namespace to list in; default: the client's namespace. Ignored for cluster-scoped kinds. */
  namespace?: string;
  /** List across all namespaces. */
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size (default 500); all pages are read. */
  limit?: number;
  signal?: AbortSignal;
}

export interface WatchOptions extends Omit<ListOptions, 'limit'> {
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface KubeClientOptions extends TransportOptions {
  /** Field manager for writes (default "helm"). */
  fieldManager?: string;
}

export interface NewClientOptions extends KubeClientOptions {
  env?: Env;
}

/** Resolved location of an object or collection. */
export interface ResourcePath {
  mapping: RestMapping;
  /** "" for cluster-scoped kinds. */
  namespace: string;
  path: string;
}

export class KubeClient {
  readonly transport: Transport;
  readonly discovery: Discovery;
  /** The default namespace (options, else kubeconfig context, else "default"). */
  readonly namespace: string;
  readonly fieldManager: string;

  constructor(
    readonly config: RestConfig,
    opts: KubeClientOptions = {},
  ) {
    this.transport = new Transport(config, opts);
    this.discovery = new Discovery((req) => this.transport.request(req));
    this.namespace = config.namespace;
    this.fieldManager = opts.fieldManager ?? 'helm';
  }

  /** Builds a client from Helm's options and environment (KUBECONFIG, HELM_* are read by the caller). */
  static fromOptions(kube: KubeOptions, opts: NewClientOptions = {}): KubeClient {
    const env = opts.env ?? process.env;
    const cfg = resolveRestConfig(kube, env);
    const t: KubeClientOptions = { ...opts, env };
    if (kube.qps !== undefined) t.qps = kube.qps;
    if (kube.burst !== undefined) t.burst = kube.burst;
    return new KubeClient(cfg, t);
  }

  close(): void {
    this.transport.close();
  }

  get requestCount(): number {
    return this.transport.requestCount;
  }

  // ------------------------------------------------------------------ plumbing

  /** Sends a request and decodes JSON; non-2xx answers become KubeApiError. */
  async requestJson<T>(req: HttpRequest): Promise<T> {
    const res = await this.transport.request(req);
    return decode<T>(res, req, this.transport);
  }

  /** The URL path of an object (name given) or collection. */
  async resourcePath(
    ref: { apiVersion: string; kind: string; name?: string; namespace?: string },
    allNamespaces = false,
  ): Promise<ResourcePath> {
    const mapping = await this.discovery.mapping(ref.apiVersion, ref.kind);
    const { group, version } = splitApiVersion(ref.apiVersion);
    let p = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const namespace = mapping.namespaced ? (allNamespaces ? '' : ref.namespace || this.namespace) : '';
    if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
    p += `/${mapping.resource}`;
    if (ref.name !== undefined) {
      if (ref.name === '') throw new Error(`resource name may not be empty`);
      p += `/${encodeURIComponent(ref.name)}`;
    }
    return { mapping, namespace, path: p };
  }

  private writeQuery(o: WriteOptions, extra: Record<string, QueryValue> = {}): Record<string, QueryValue> {
    const q: Record<string, QueryValue> = { ...extra };
    if (o.dryRun) q['dryRun'] = 'All';
    q['fieldManager'] = o.fieldManager ?? this.fieldManager;
    if (o.fieldValidation) q['fieldValidation'] = o.fieldValidation;
    return q;
  }

  private bodyFor(obj: KubeObject, rp: ResourcePath): string {
    const meta = { ...obj.metadata };
    delete meta.managedFields;
    if (rp.namespace) meta.namespace = rp.namespace;
    else delete meta.namespace;
    return JSON.stringify({ ...obj, metadata: meta });
  }

  // ------------------------------------------------------------------ verbs

  /** GET /version */
  serverVersion(): ReturnType<Discovery['serverVersion']> {
    return this.discovery.serverVersion();
  }

  /** Helm's IsReachable: GET /version; failures become `kubernetes cluster unreachable: …`. */
  async checkReachable(): Promise<void> {
    try {
      await this.discovery.serverVersion();
    } catch (e) {
      throw new Error(`kubernetes cluster unreachable: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Server-side apply: PATCH with application/apply-patch+yaml (the body is JSON), the field manager
   * and optional force. Creates the object when it does not exist.
   */
  async apply(obj: KubeObject, o: ApplyOptions = {}): Promise<KubeObject> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`${obj.kind}: metadata.name is required for server-side apply`);
    const rp = await this.resourcePath({
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name,
      namespace: obj.metadata.namespace,
    });
    const query = this.writeQuery(o, o.force ? { force: 'true' } : {});
    const req: HttpRequest = {
      method: 'PATCH',
      path: rp.path,
      query,
      body: this.bodyFor(obj, rp),
      contentType: PATCH_CONTENT_TYPE.apply,
    };
    if (o.signal) req.signal = o.signal;
    try {
      return await this.requestJson<KubeObject>(req);
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 409) {
        e.message = `conflict occurred while applying object ${rp.namespace}/${name} ${gvkString(obj)}: ${e.message}`;
      } else if (e instanceof KubeApiError && e.code === 415) {
        e.message = `server-side apply not available on the server: ${e.message}`;
      } else if (e instanceof KubeApiError) {
        e.message = `server-side apply failed for object ${rp.namespace}/${name} ${gvkString(obj)}: ${e.message}`;
      }
      throw e;
    }
  }

  /** POST: create. Fails with AlreadyExists when the object exists. */
  async create(obj: KubeObject, o: WriteOptions = {}): Promise<KubeObject> {
    const rp = await this.resourcePath({
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata?.namespace,
    });
    const req: HttpRequest = {
      method: 'POST',
      path: rp.path,
      query: this.writeQuery(o),
      body: this.bodyFor(obj, rp),
    };
    if (o.signal) req.signal = o.signal;
    return this.requestJson<KubeObject>(req);
  }

  /** PUT: replace the whole object (metadata.resourceVersion, when set, is a precondition). */
  async replace(obj: KubeObject, o: WriteOptions = {}): Promise<KubeObject> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`${obj.kind}: metadata.name is required`);
    const rp = await this.resourcePath({
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name,
      namespace: obj.metadata.namespace,
    });
    const meta = { ...obj.metadata };
    if (rp.namespace) meta.namespace = rp.namespace;
    const req: HttpRequest = {
      method: 'PUT',
      path: rp.path,
      query: this.writeQuery(o),
      body: JSON.stringify({ ...obj, metadata: meta }),
    };
    if (o.signal) req.signal = o.signal;
    return this.requestJson<KubeObject>(req);
  }

  /** GET one object. */
  async get(ref: ObjectRef, signal?: AbortSignal): Promise<KubeObject> {
    const rp = await this.resourcePath(ref);
    const req: HttpRequest = { method: 'GET', path: rp.path };
    if (signal) req.signal = signal;
    return this.requestJson<KubeObject>(req);
  }

  /** GET one object; undefined when it does not exist. */
  async getIfExists(ref: ObjectRef, signal?: AbortSignal): Promise<KubeObject | undefined> {
    try {
      return await this.get(ref, signal);
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  /** LIST all pages. Items get apiVersion and kind filled in. */
  async list(apiVersion: string, kind: string, o: ListOptions = {}): Promise<KubeList> {
    const rp = await this.resourcePath({ apiVersion, kind, namespace: o.namespace }, o.allNamespaces);
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let last: KubeList | undefined;
    do {
      const query: Record<string, QueryValue> = {
        limit: o.limit ?? 500,
        continue: cont,
        labelSelector: o.labelSelector,
        fieldSelector: o.fieldSelector,
      };
      const req: HttpRequest = { method: 'GET', path: rp.path, query };
      if (o.signal) req.signal = o.signal;
      last = await this.requestJson<KubeList>(req);
      for (const it of last.items ?? [])
        items.push({ ...it, apiVersion: it.apiVersion ?? apiVersion, kind: it.kind ?? kind });
      cont = last.metadata?.continue || undefined;
    } while (cont);
    return {
      apiVersion: last.apiVersion,
      kind: last.kind,
      metadata: {
        ...(last.metadata.resourceVersion ? { resourceVersion: last.metadata.resourceVersion } : {}),
      },
      items,
    };
  }

  /** PATCH with a JSON patch (array of operations), a JSON merge patch, or a strategic merge patch. */
  async patch(
    ref: ObjectRef,
    type: Exclude<PatchType, 'apply'>,
    patch: unknown,
    o: WriteOptions = {},
  ): Promise<KubeObject> {
    const rp = await this.resourcePath(ref);
    const req: HttpRequest = {
      method: 'PATCH',
      path: rp.path,
      query: this.writeQuery(o),
      body: typeof patch === 'string' ? patch : JSON.stringify(patch),
      contentType: PATCH_CONTENT_TYPE[type],
    };
    if (o.signal) req.signal = o.signal;
    return this.requestJson<KubeObject>(req);
  }

  /**
   * DELETE with a propagation policy. Resolves with what the server returns: the object (while
   * finalizers run) or a Status; undefined when absent and `ignoreNotFound` is set.
   */
  async delete(ref: ObjectRef, o: DeleteOptions = {}): Promise<KubeObject | Status | undefined> {
    const rp = await this.resourcePath(ref);
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
    if (o.propagationPolicy) body['propagationPolicy'] = o.propagationPolicy;
    if (o.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = o.gracePeriodSeconds;
    if (o.dryRun) body['dryRun'] = ['All'];
    const req: HttpRequest = {
      method: 'DELETE',
      path: rp.path,
      body: JSON.stringify(body),
      query: o.dryRun ? { dryRun: 'All' } : {},
    };
    if (o.signal) req.signal = o.signal;
    try {
      return await this.requestJson<KubeObject | Status>(req);
    } catch (e) {
      if (o.ignoreNotFound && e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  /**
   * WATCH: yields events until the server closes the stream, the signal aborts, or the consumer
   * stops iterating. ERROR events (e.g. 410 Gone) are yielded, not thrown.
   */
  async *watch(
    apiVersion: string,
    kind: string,
    o: WatchOptions & { name?: string } = {},
  ): AsyncGenerator<WatchEvent> {
    const rp = await this.resourcePath({ apiVersion, kind, namespace: o.namespace }, o.allNamespaces);
    let fieldSelector = o.fieldSelector;
    if (o.name !== undefined)
      fieldSelector = [`metadata.name=${o.name}`, fieldSelector].filter(Boolean).join(',');
    const query: Record<string, QueryValue> = {
      watch: 'true',
      resourceVersion: o.resourceVersion,
      allowWatchBookmarks: o.allowWatchBookmarks ? 'true' : undefined,
      timeoutSeconds: o.timeoutSeconds,
      labelSelector: o.labelSelector,
      fieldSelector,
    };
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    if (o.signal) {
      if (o.signal.aborted) return;
      o.signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      let res;
      try {
        res = await this.transport.stream({ method: 'GET', path: rp.path, query, signal: ac.signal });
      } catch (e) {
        if (ac.signal.aborted) return;
        throw e;
      }
      if (res.status < 200 || res.status > 299) {
        const chunks: Buffer[] = [];
        for await (const c of res.stream) chunks.push(c as Buffer);
        decode(
          { status: res.status, headers: res.headers, body: Buffer.concat(chunks) },
          { method: 'GET', path: rp.path, query },
          this.transport,
        );
        return;
      }
      let buf = '';
      try {
        for await (const chunk of res.stream) {
          buf += (chunk as Buffer).toString('utf8');
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) yield JSON.parse(line) as WatchEvent;
          }
        }
      } catch (e) {
        if (ac.signal.aborted) return;
        throw e;
      }
      const rest = buf.trim();
      if (rest) yield JSON.parse(rest) as WatchEvent;
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
      ac.abort();
    }
  }

  /**
   * Moves fields owned by client-side-apply managers (`Update` entries named in `csaManagers`) to
   * the server-side-apply manager, as client-go's csaupgrade does and Helm before applying to objects
   * it used to manage client-side. Returns true when a patch was sent. Retries on conflicts.
   */
  async migrateToServerSideApply(
    ref: ObjectRef,
    csaManagers: readonly string[] = [this.fieldManager],
    ssaManager = this.fieldManager,
  ): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const live = await this.getIfExists(ref);
      if (!live) return false;
      const ops = upgradeManagedFieldsPatch(live, csaManagers, ssaManager);
      if (!ops) return false;
      try {
        await this.patch(ref, 'json', ops);
        return true;
      } catch (e) {
        if (isConflict(e) && attempt < 5) continue;
        throw e;
      }
    }
  }
}

function gvkString(obj: KubeObject): string {
  // Go's schema.GroupVersionKind.String(): "apps/v1, Kind=Deployment" (core: "/v1, Kind=Pod").
  const { group, version } = splitApiVersion(obj.apiVersion);
  return `${group}/${version}, Kind=${obj.kind}`;
}

function decode<T>(res: HttpResponse, req: HttpRequest, t: Transport): T {
  const text = res.body.toString('utf8');
  if (res.status >= 200 && res.status <= 299) {
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(
        `${req.method} ${t.url(req.path, req.query)}: the server returned a response that is not JSON (status ${res.status})`,
      );
    }
  }
  let status: Status | undefined;
  try {
    const j = JSON.parse(text) as Status;
    if (j && typeof j === 'object' && j.kind === 'Status') status = j;
  } catch {
    /* not JSON */
  }
  if (!status && text.trim() && res.status !== 404) {
    // A non-Status body (a proxy, a plain-text error): keep it, as client-go does.
    status = { kind: 'Status', status: 'Failure', message: `${text.trim().slice(0, 500)}`, code: res.status };
  }
  throw new KubeApiError(res.status, status, req.method, t.url(req.path, req.query));
}
