// Discovery (aggregated discovery v2 with a fallback to the per-group documents), cached, and the
// REST mapping built from it: kind → resource, namespaced or not, preferred version.
import type { HttpRequest, HttpResponse } from './transport.js';
import { KubeApiError, type Status } from './errors.js';

export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name, e.g. "deployments". */
  resource: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  subresources: string[];
}

export interface RestMapping {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
}

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  platform?: string;
  [k: string]: unknown;
}

export class NoKindMatchError extends Error {
  override name = 'NoKindMatchError';
  constructor(
    readonly group: string,
    readonly version: string,
    readonly kind: string,
  ) {
    super(`no matches for kind "${kind}" in version "${group ? `${group}/${version}` : version}"`);
  }
}

type Send = (req: HttpRequest) => Promise<HttpResponse>;

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

interface Snapshot {
  resources: ApiResource[];
  /** group → versions, preferred first */
  groups: Map<string, string[]>;
  byGVK: Map<string, ApiResource>;
}

export class Discovery {
  private snap: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private generation = 0;
  private version: ServerVersion | undefined;

  constructor(private readonly send: Send) {}

  private async getJson(path: string, accept?: string): Promise<unknown> {
    const req: HttpRequest = { method: 'GET', path };
    if (accept) req.accept = accept;
    const res = await this.send(req);
    const text = res.body.toString('utf8');
    if (res.status < 200 || res.status > 299) {
      let st: Status | undefined;
      try {
        const j = JSON.parse(text) as Status;
        if (j && j.kind === 'Status') st = j;
      } catch {
        /* not JSON */
      }
      throw new KubeApiError(res.status, st, 'GET', path);
    }
    return JSON.parse(text) as unknown;
  }

  /** GET /version (cached). */
  async serverVersion(): Promise<ServerVersion> {
    if (!this.version) this.version = (await this.getJson('/version')) as ServerVersion;
    return this.version;
  }

  /** Drops the cache; the next lookup re-reads discovery (after a CRD is installed, for example). */
  invalidate(): void {
    this.snap = undefined;
    this.generation++;
  }

  private async snapshot(): Promise<Snapshot> {
    if (this.snap) return this.snap;
    if (!this.loading) {
      const gen = this.generation;
      this.loading = this.load().then(
        (snap) => {
          this.loading = undefined;
          if (gen === this.generation) this.snap = snap;
          return snap;
        },
        (e: unknown) => {
          this.loading = undefined;
          throw e;
        },
      );
    }
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const [core, apis] = await Promise.all([
      this.getJson('/api', AGGREGATED_ACCEPT),
      this.getJson('/apis', AGGREGATED_ACCEPT),
    ]);
    const resources: ApiResource[] = [];
    const groups = new Map<string, string[]>();
    for (const doc of [core, apis]) {
      if (isObj(doc) && doc['kind'] === 'APIGroupDiscoveryList') readAggregated(doc, resources, groups);
    }
    if (!(isObj(core) && core['kind'] === 'APIGroupDiscoveryList')) {
      const versions = isObj(core) ? arr(core['versions']).map(s) : ['v1'];
      groups.set('', versions);
      for (const v of versions) readResourceList((await this.getJson(`/api/${v}`)) as Obj, '', v, resources);
    }
    if (!(isObj(apis) && apis['kind'] === 'APIGroupDiscoveryList')) {
      const lists: Promise<void>[] = [];
      for (const g of isObj(apis) ? arr(apis['groups']) : []) {
        if (!isObj(g)) continue;
        const name = s(g['name']);
        const pref = isObj(g['preferredVersion']) ? s(g['preferredVersion']['version']) : '';
        const vs = arr(g['versions'])
          .map((v) => (isObj(v) ? s(v['version']) : ''))
          .filter((v) => v);
        vs.sort((a, b) => (a === pref ? -1 : b === pref ? 1 : 0));
        groups.set(name, vs);
        for (const v of vs) {
          lists.push(
            this.getJson(`/apis/${name}/${v}`).then(
              (doc) => readResourceList(doc as Obj, name, v, resources),
              (e: unknown) => {
                // An unavailable aggregated API must not break discovery of the others (client-go does the same).
                if (!(e instanceof KubeApiError)) throw e;
              },
            ),
          );
        }
      }
      await Promise.all(lists);
    }
    const byGVK = new Map<string, ApiResource>();
    for (const r of resources) {
      const k = `${r.group}/${r.version}/${r.kind}`;
      if (!byGVK.has(k)) byGVK.set(k, r);
    }
    return { resources, groups, byGVK };
  }

  /** Every served resource (subresources excluded). */
  async resources(): Promise<ApiResource[]> {
    return (await this.snapshot()).resources;
  }

  /**
   * The API versions Helm puts in Capabilities.APIVersions: every "group/version" (or "v1"), plus
   * "group/version/Kind" for each resource.
   */
  async apiVersions(): Promise<string[]> {
    const snap = await this.snapshot();
    const out = new Set<string>();
    for (const [g, vs] of snap.groups) for (const v of vs) out.add(g ? `${g}/${v}` : v);
    for (const r of snap.resources) out.add(`${r.group ? `${r.group}/` : ''}${r.version}/${r.kind}`);
    return [...out];
  }

  /** Maps apiVersion + kind to its resource; re-reads discovery once when the kind is unknown. */
  async mapping(apiVersion: string, kind: string): Promise<RestMapping> {
    const { group, version } = splitApiVersion(apiVersion);
    const key = `${group}/${version}/${kind}`;
    let snap = await this.snapshot();
    let r = snap.byGVK.get(key);
    if (!r) {
      if (this.snap === snap) this.invalidate();
      snap = await this.snapshot();
      r = snap.byGVK.get(key);
    }
    if (!r) throw new NoKindMatchError(group, version, kind);
    return {
      group: r.group,
      version: r.version,
      kind: r.kind,
      resource: r.resource,
      namespaced: r.namespaced,
    };
  }

  /** Maps a group and kind to the group's preferred version that serves the kind. */
  async preferredMapping(group: string, kind: string): Promise<RestMapping> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const snap = await this.snapshot();
      for (const v of snap.groups.get(group) ?? []) {
        const r = snap.byGVK.get(`${group}/${v}/${kind}`);
        if (r) return { group, version: v, kind, resource: r.resource, namespaced: r.namespaced };
      }
      if (attempt === 0) this.invalidate();
    }
    throw new NoKindMatchError(group, '', kind);
  }
}

function readAggregated(doc: Obj, out: ApiResource[], groups: Map<string, string[]>): void {
  for (const item of arr(doc['items'])) {
    if (!isObj(item)) continue;
    const group = isObj(item['metadata']) ? s(item['metadata']['name']) : '';
    const versions: string[] = [];
    for (const ver of arr(item['versions'])) {
      if (!isObj(ver)) continue;
      if (ver['freshness'] === 'Stale') continue;
      const version = s(ver['version']);
      versions.push(version);
      for (const res of arr(ver['resources'])) {
        if (!isObj(res)) continue;
        const rk = isObj(res['responseKind']) ? res['responseKind'] : {};
        out.push({
          group,
          version,
          kind: s(rk['kind']),
          resource: s(res['resource']),
          singular: s(res['singularResource']),
          namespaced: res['scope'] === 'Namespaced',
          verbs: arr(res['verbs']).map(s),
          shortNames: arr(res['shortNames']).map(s),
          subresources: arr(res['subresources']).map((x) => (isObj(x) ? s(x['subresource']) : '')),
        });
      }
    }
    groups.set(group, versions);
  }
}

function readResourceList(doc: Obj, group: string, version: string, out: ApiResource[]): void {
  const subs = new Map<string, string[]>();
  const main: Obj[] = [];
  for (const r of arr(doc['resources'])) {
    if (!isObj(r)) continue;
    const name = s(r['name']);
    const i = name.indexOf('/');
    if (i >= 0) {
      const list = subs.get(name.slice(0, i)) ?? [];
      list.push(name.slice(i + 1));
      subs.set(name.slice(0, i), list);
    } else main.push(r);
  }
  for (const r of main) {
    const name = s(r['name']);
    out.push({
      group,
      version,
      kind: s(r['kind']),
      resource: name,
      singular: s(r['singularName']),
      namespaced: r['namespaced'] === true,
      verbs: arr(r['verbs']).map(s),
      shortNames: arr(r['shortNames']).map(s),
      subresources: subs.get(name) ?? [],
    });
  }
}
