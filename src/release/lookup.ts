// The template `lookup` function against the cluster. Rendering is synchronous and the cluster is
// not, so a render that asks for objects not yet fetched is run again once they are (each pass sees
// the answers of the previous ones; bounded, since a lookup can depend on another's answer).
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { NoKindMatchError } from '../kube/discovery.js';
import { GoMap } from '../go/value.js';
import { parseJson } from '../yaml/index.js';

export type LookupFn = (apiVersion: string, kind: string, namespace: string, name: string) => GoMap;

/** The render's debug line sink (helm's slog.Debug while templates run). */
export type LookupDebug = (msg: string, attrs: Record<string, string>) => void;

/** A Get or List the API server answered with NotFound (helm returns an empty map and logs it). */
const NOT_FOUND = Symbol('not found');

const MAX_PASSES = 8;

const keyOf = (a: string, k: string, ns: string, n: string) => JSON.stringify([a, k, ns, n]);

/** Runs `render` with a cluster-backed lookup until every object it asked for was known to it. */
export async function renderWithLookup<T>(
  client: KubeClient,
  /** `final()` tells, once the templates ran, whether this pass's output is the one kept (post-renderers run only then). */
  render: (lookup: LookupFn, final: () => boolean) => T,
  /** Helm 4.3 logs each lookup answered NotFound ('lookup: resource not found' / 'resource list not found'). */
  debug?: LookupDebug,
): Promise<T> {
  const known = new Map<string, GoMap | Error | typeof NOT_FOUND>();
  for (let pass = 1; ; pass++) {
    const missing = new Map<string, [string, string, string, string]>();
    const lookup: LookupFn = (a, k, ns, n) => {
      const key = keyOf(a, k, ns, n);
      const hit = known.get(key);
      if (hit instanceof Error) throw hit;
      if (hit === NOT_FOUND) {
        if (n !== '')
          debug?.('lookup: resource not found', { apiVersion: a, kind: k, namespace: ns, name: n });
        else debug?.('lookup: resource list not found', { apiVersion: a, kind: k, namespace: ns });
        return new GoMap();
      }
      if (hit) return hit;
      missing.set(key, [a, k, ns, n]);
      return new GoMap();
    };
    let out: T;
    try {
      out = render(lookup, () => missing.size === 0 || pass >= MAX_PASSES);
    } catch (e) {
      // A template may fail on a placeholder answer (len of a missing list): retry once it is known.
      if (missing.size === 0 || pass >= MAX_PASSES) throw e;
      out = undefined as T;
    }
    if (missing.size === 0 || pass >= MAX_PASSES) return out;
    await Promise.all(
      [...missing].map(async ([key, [a, k, ns, n]]) =>
        known.set(key, await fetchForLookup(client, a, k, ns, n)),
      ),
    );
  }
}

/** Helm's lookup: one object, or a list when name is empty; absent (or unknown kind) = empty map. */
async function fetchForLookup(
  client: KubeClient,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): Promise<GoMap | Error | typeof NOT_FOUND> {
  try {
    let obj: unknown;
    if (name !== '') {
      obj = await client.get({ apiVersion, kind, name, ...(namespace ? { namespace } : {}) });
    } else {
      const mapping = await client.discovery.mapping(apiVersion, kind);
      obj = await client.list(apiVersion, kind, {
        ...(namespace ? { namespace } : { allNamespaces: mapping.namespaced }),
      });
    }
    const v = parseJson(JSON.stringify(obj));
    return v instanceof GoMap ? v : new GoMap();
  } catch (e) {
    if (isNotFound(e)) return NOT_FOUND;
    if (e instanceof NoKindMatchError) return new GoMap();
    return e as Error;
  }
}
