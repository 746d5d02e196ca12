// The live objects of a release as `helm status` shows them (pkg/kube Client.Build/BuildTable + Get):
// each manifest object fetched (as a server-side Table for the table view), grouped under
// "VERSION/Kind", and the pods selected by workloads under "v1/Pod(related)".
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import type { ActionLog } from './context.js';
import { marshalJson, parseYaml, splitYamlDocuments } from '../yaml/index.js';

/** What the API server sends for `Accept: …;as=Table` (meta.k8s.io/v1 Table). */
export interface ServerTable {
  kind: 'Table';
  columnDefinitions: { name: string; type: string; format?: string; priority?: number }[];
  rows: { cells: unknown[] }[];
}

export type StatusObject = KubeObject | ServerTable;

const TABLE_ACCEPT = [
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
  'application/json',
].join(',');

/** Manifest text → objects (YAML documents, *List kinds flattened), as the resource builder reads them. */
function manifestObjects(manifest: string): KubeObject[] {
  const out: KubeObject[] = [];
  const add = (o: KubeObject): void => {
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o['items'])) {
      for (const it of o['items'] as KubeObject[]) add(it);
    } else out.push(o);
  };
  for (const doc of splitYamlDocuments(manifest)) {
    if (doc.trim() === '') continue;
    const v = parseYaml(doc);
    if (v === null) continue;
    const o = JSON.parse(marshalJson(v)) as unknown;
    if (typeof o === 'object' && o !== null && !Array.isArray(o)) add(o as KubeObject);
  }
  return out;
}

const versionOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;

/** unstructured.NestedStringMap: a map of strings only. */
function stringMap(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const m = v as Record<string, unknown>;
  return Object.values(m).every((x) => typeof x === 'string') ? (m as Record<string, string>) : undefined;
}

/** getSelectorFromObject: the pod selector of the workload kinds Helm knows. */
function podSelector(o: KubeObject): Record<string, string> | undefined {
  const spec = o['spec'] as { selector?: unknown } | undefined;
  switch (o.kind) {
    case 'ReplicationController':
      return stringMap(spec?.selector);
    case 'ReplicaSet':
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job': {
      return stringMap((spec?.selector as { matchLabels?: unknown } | undefined)?.matchLabels);
    }
  }
  return undefined;
}

const sameSelector = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
};

/**
 * Client.Get(resources, related=true): the live objects by "version/Kind". Objects that cannot be
 * read are left out, as Helm does (it writes the failure to a buffer nobody prints).
 */
export async function releaseResources(
  client: KubeClient,
  manifest: string,
  namespace: string,
  asTable: boolean,
  log?: ActionLog,
): Promise<Map<string, StatusObject[]>> {
  const out = new Map<string, StatusObject[]>();
  const push = (k: string, o: StatusObject): void => {
    const l = out.get(k);
    if (l) l.push(o);
    else out.set(k, [o]);
  };
  const seenSelectors: Record<string, string>[] = [];
  for (const obj of manifestObjects(manifest)) {
    let fetched: StatusObject;
    let scope = '';
    const ns = obj.metadata?.namespace || namespace;
    try {
      const rp = await client.resourcePath({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata?.name ?? '',
        namespace: ns,
      });
      fetched = await client.requestJson<StatusObject>(
        asTable
          ? { method: 'GET', path: rp.path, accept: TABLE_ACCEPT, query: { includeObject: 'Object' } }
          : { method: 'GET', path: rp.path },
      );
      scope = rp.namespace;
    } catch {
      continue;
    }
    push(`${versionOf(obj.apiVersion)}/${obj.kind}`, fetched);
    log?.debug('get relation pod of object', {
      namespace: scope,
      name: obj.metadata?.name ?? '',
      kind: obj.kind,
    });

    // Related pods (the manifest's selector), once per distinct selector: one list (or Table) each.
    const sel = podSelector(obj);
    if (!sel || seenSelectors.some((s) => sameSelector(s, sel))) continue;
    seenSelectors.push(sel);
    const labelSelector = Object.keys(sel)
      .sort()
      .map((k) => `${k}=${sel[k]}`)
      .join(',');
    try {
      const rp = await client.resourcePath({ apiVersion: 'v1', kind: 'Pod', namespace: ns });
      const list = await client.requestJson<StatusObject>(
        asTable
          ? {
              method: 'GET',
              path: rp.path,
              accept: TABLE_ACCEPT,
              query: { includeObject: 'Object', labelSelector },
            }
          : { method: 'GET', path: rp.path, query: { labelSelector } },
      );
      // client-go's unstructured list decoding gives every item the list's apiVersion and kind.
      if (!asTable) {
        const l = list as { apiVersion?: string; kind?: string; items?: Record<string, unknown>[] };
        const kind = (l.kind ?? '').replace(/List$/, '');
        for (const it of l.items ?? []) {
          it['apiVersion'] ??= l.apiVersion;
          it['kind'] ??= kind;
        }
      }
      push('v1/Pod(related)', list);
    } catch (e) {
      log?.warn('get the relation pod is failed', { error: (e as Error).message });
    }
  }
  return out;
}
