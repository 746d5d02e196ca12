// Reading many live objects ahead of an update, concurrently and cheaply: one LIST per collection
// (kind and namespace) with a label selector, then GETs for what the LIST did not show. Nothing is
// decided here: a target whose read is not certain is left to be read again at its turn, the way
// Helm reads it (a GET right before its apply), so errors and warnings come out as Helm's do.
import type { KubeClient } from './client.js';
import type { QueryValue } from './transport.js';
import type { KubeList, KubeObject, ObjectRef } from './types.js';

/** What was read for one target: the live object, undefined when it does not exist. */
export type LiveRead = { live: KubeObject | undefined };

/** Collections with at least this many targets are listed; fewer are read with GETs. */
const LIST_FROM = 4;
const GET_CONCURRENCY = 8;

/**
 * One result per ref (same order); undefined where the object must be read at its turn: its kind
 * is unknown, its collection's LIST failed or carried warnings. `labelSelector` narrows the LISTs
 * (objects they miss are then read with GETs); without one a LIST is taken as complete.
 */
export async function readLiveAhead(
  client: KubeClient,
  refs: readonly ObjectRef[],
  labelSelector: string | undefined,
  signal?: AbortSignal,
): Promise<(LiveRead | undefined)[]> {
  const out: (LiveRead | undefined)[] = refs.map(() => undefined);
  const groups = new Map<string, number[]>();
  await Promise.all(
    refs.map(async (ref, i) => {
      try {
        const rp = await client.resourcePath({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          namespace: ref.namespace,
        });
        const g = groups.get(rp.path) ?? [];
        g.push(i);
        groups.set(rp.path, g);
      } catch {
        /* unknown kind: read at its turn, which reports it */
      }
    }),
  );
  const toGet: number[] = [];
  await Promise.all(
    [...groups].map(async ([path, idx]) => {
      if (idx.length < LIST_FROM) return void toGet.push(...idx);
      // A collection much larger than the group is cheaper read object by object.
      const items = await listQuietly(client, path, labelSelector, Math.max(500, 2 * idx.length), signal);
      if (items === 'too large') return void toGet.push(...idx);
      if (!items) return; // read at their turn
      const byName = new Map(items.map((o) => [o.metadata?.name, o]));
      for (const i of idx) {
        const ref = refs[i]!;
        const o = byName.get(ref.name);
        if (o)
          out[i] = { live: { ...o, apiVersion: o.apiVersion ?? ref.apiVersion, kind: o.kind ?? ref.kind } };
        // Without a selector the LIST is the whole collection: absent means absent. With one, an
        // object may have lost its label: a GET tells.
        else if (labelSelector === undefined) out[i] = { live: undefined };
        else toGet.push(i);
      }
    }),
  );
  toGet.sort((a, b) => a - b);
  let next = 0;
  const worker = async () => {
    while (next < toGet.length) {
      const i = toGet[next++]!;
      out[i] = await getQuietly(client, refs[i]!, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(GET_CONCURRENCY, toGet.length) }, worker));
  return out;
}

/** A GET; undefined (read it at its turn) on a warning or any answer but the object or 404. */
async function getQuietly(
  client: KubeClient,
  ref: ObjectRef,
  signal?: AbortSignal,
): Promise<LiveRead | undefined> {
  try {
    const { path } = await client.resourcePath(ref);
    const res = await client.transport.request({
      method: 'GET',
      path,
      quiet: true,
      ...(signal ? { signal } : {}),
    });
    if (res.headers['warning'] !== undefined) return undefined;
    if (res.status === 404) return { live: undefined };
    if (res.status !== 200) return undefined;
    return { live: JSON.parse(res.body.toString('utf8')) as KubeObject };
  } catch (e) {
    if (signal?.aborted) throw e;
    return undefined;
  }
}

/**
 * All pages of a LIST; 'too large' past `maxItems`; undefined when it fails or the server sends a
 * warning (left for the GETs to report, as Helm's do).
 */
async function listQuietly(
  client: KubeClient,
  path: string,
  labelSelector: string | undefined,
  maxItems: number,
  signal?: AbortSignal,
): Promise<KubeObject[] | 'too large' | undefined> {
  const items: KubeObject[] = [];
  let cont: string | undefined;
  do {
    const query: Record<string, QueryValue> = { limit: 500, continue: cont, labelSelector };
    let res;
    try {
      res = await client.transport.request({
        method: 'GET',
        path,
        query,
        quiet: true,
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      return undefined;
    }
    if (res.status !== 200 || res.headers['warning'] !== undefined) return undefined;
    let page: KubeList;
    try {
      page = JSON.parse(res.body.toString('utf8')) as KubeList;
    } catch {
      return undefined;
    }
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue || undefined;
    if (cont && items.length >= maxItems) return 'too large';
  } while (cont);
  return items;
}
