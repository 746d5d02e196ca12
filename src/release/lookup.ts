// The template `lookup` function against the cluster. Rendering is synchronous and the cluster is
// not, so a render that asks for objects not yet fetched is run again once they are (each pass sees
// the answers of the previous ones; bounded, since a lookup can depend on another's answer).
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { NoKindMatchError, splitApiVersion } from '../kube/discovery.js';
import { GoMap } from '../go/value.js';
import { parseJson } from '../yaml/index.js';

export type LookupFn = (apiVersion: string, kind: string, namespace: string, name: string) => GoMap;

/** The render's log line sink (helm's slog.Debug, and slog.Error when set, while templates run). */
export type LookupLog = (msg: string, attrs: Record<string, string>, level?: 'ERROR') => void;

/** A Get or List the API server answered with NotFound (helm returns an empty map and logs it). */
const NOT_FOUND = Symbol('not found');

/** A lookup that fails the render, with the ERROR lines helm logs before failing. */
class LookupFailure {
  constructor(
    readonly error: Error,
    readonly lines: [string, Record<string, string>][],
  ) {}
}

const MAX_PASSES = 8;

const keyOf = (a: string, k: string, ns: string, n: string) => JSON.stringify([a, k, ns, n]);

/** Runs `render` with a cluster-backed lookup until every object it asked for was known to it. */
export async function renderWithLookup<T>(
  client: KubeClient,
  /** `final()` tells, once the templates ran, whether this pass's output is the one kept (post-renderers run only then). */
  render: (lookup: LookupFn, final: () => boolean) => T,
  /** Helm 4.3 logs each lookup answered NotFound ('lookup: resource not found' / 'resource list not found'). */
  log?: LookupLog,
): Promise<T> {
  const known = new Map<string, GoMap | Error | LookupFailure | typeof NOT_FOUND>();
  for (let pass = 1; ; pass++) {
    const missing = new Map<string, [string, string, string, string]>();
    const lookup: LookupFn = (a, k, ns, n) => {
      const key = keyOf(a, k, ns, n);
      const hit = known.get(key);
      if (hit instanceof Error) throw hit;
      if (hit instanceof LookupFailure) {
        for (const [m, attrs] of hit.lines) log?.(m, attrs, 'ERROR');
        throw hit.error;
      }
      if (hit === NOT_FOUND) {
        if (n !== '') log?.('lookup: resource not found', { apiVersion: a, kind: k, namespace: ns, name: n });
        else log?.('lookup: resource list not found', { apiVersion: a, kind: k, namespace: ns });
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
): Promise<GoMap | Error | LookupFailure | typeof NOT_FOUND> {
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
    if (e instanceof NoKindMatchError) return unknownKind(client, apiVersion, kind, name);
    return e as Error;
  }
}

/**
 * A kind discovery does not map. Helm asks ServerResourcesForGroupVersion: a group version the
 * server does not serve fails the lookup (two ERROR lines, then the error); in a served one the
 * kind maps to an empty resource, so a named Get is answered NotFound (the debug line, {}). A List
 * there reads the server's /api document (not modelled: {} as before).
 */
async function unknownKind(
  client: KubeClient,
  apiVersion: string,
  kind: string,
  name: string,
): Promise<GoMap | LookupFailure | typeof NOT_FOUND> {
  const { group, version } = splitApiVersion(apiVersion);
  const served = (await client.discovery.apiVersions()).includes(group ? `${group}/${version}` : version);
  if (served) return name !== '' ? NOT_FOUND : new GoMap();
  const why = 'the server could not find the requested resource';
  const gv = group ? `${group}/${version}` : version;
  const gvk = `${group}/${version}, Kind=${kind}`;
  return new LookupFailure(new Error(`unable to get apiresource from unstructured: ${gvk}: ${why}`), [
    ['unable to retrieve resource list', { GroupVersion: gv, error: why }],
    ['unable to get apiresource', { groupVersionKind: gvk, error: why }],
  ]);
}
