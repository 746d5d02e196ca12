// Helm 3-style client-side apply of one object (helm pkg/kube/client.go createPatch and
// patchResourceClientSide): a three-way strategic merge patch for built-in kinds, a JSON merge
// patch (two- or three-way) for custom resources; nothing is sent when the patch is empty.
import type { KubeClient } from './client.js';
import type { KubeObject, ObjectRef } from './types.js';
import { KubeApiError } from './errors.js';
import { splitApiVersion } from './discovery.js';
import { type OpenApiPatchSchemas, createThreeWayStrategicMergePatch } from './strategicmerge.js';

// Groups whose kinds client-go's scheme knows: Helm sends them a strategic merge patch.
const BUILTIN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

function isStructured(o: KubeObject): boolean {
  const { group, version } = splitApiVersion(o.apiVersion);
  if (group === 'apiextensions.k8s.io') return version !== 'v1beta1';
  return BUILTIN_GROUPS.has(group);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isMap = (v: unknown): v is { [k: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const jsonEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** RFC 7386 merge patch turning `from` into `to` (evanphx/json-patch CreateMergePatch). */
export function createMergePatch(from: unknown, to: unknown): Json {
  if (!isMap(from) || !isMap(to)) return (to ?? null) as Json;
  const patch: { [k: string]: Json } = {};
  for (const k of Object.keys(from)) if (!(k in to)) patch[k] = null;
  for (const [k, v] of Object.entries(to)) {
    const old = from[k];
    if (!(k in from)) patch[k] = v;
    else if (isMap(old) && isMap(v)) {
      const sub = createMergePatch(old, v);
      if (isMap(sub) && Object.keys(sub).length === 0) continue;
      patch[k] = sub;
    } else if (!jsonEqual(old, v)) patch[k] = v;
  }
  return patch;
}

/**
 * Three-way JSON merge patch (apimachinery jsonmergepatch.CreateThreeWayJSONMergePatch): additions
 * and changes from current → modified, deletions of what `original` had and `modified` dropped.
 */
export function createThreeWayMergePatch(original: unknown, modified: unknown, current: unknown): Json {
  const deletions = keepNulls(createMergePatch(original, modified));
  const changes = dropNulls(createMergePatch(current, modified));
  return mergeJson(deletions, changes);
}

function keepNulls(p: Json): Json {
  if (!isMap(p)) return {};
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === null) out[k] = null;
    else if (isMap(v)) {
      const sub = keepNulls(v);
      if (isMap(sub) && Object.keys(sub).length) out[k] = sub;
    }
  }
  return out;
}

function dropNulls(p: Json): Json {
  if (!isMap(p)) return p;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === null) continue;
    out[k] = isMap(v) ? dropNulls(v) : v;
  }
  return out;
}

function mergeJson(a: Json, b: Json): Json {
  if (!isMap(a) || !isMap(b)) return b;
  const out: { [k: string]: Json } = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = k in out && isMap(out[k]) && isMap(v) ? mergeJson(out[k]!, v) : v;
  return out;
}

export async function patchClientSide(
  client: KubeClient,
  schemas: OpenApiPatchSchemas,
  original: KubeObject,
  target: KubeObject,
  live: KubeObject,
  ref: ObjectRef,
  threeWay: boolean,
  dryRun: boolean,
): Promise<void> {
  if (isStructured(target)) {
    // Built-in kinds: a three-way strategic merge patch with the type's patch metadata.
    const schema = await schemas.forKind(target.apiVersion, target.kind);
    const patch = createThreeWayStrategicMergePatch(original, target, live, schema);
    if (Object.keys(patch).length === 0) return;
    try {
      await client.patch(ref, 'strategic', patch, dryRun ? { dryRun } : {});
    } catch (e) {
      throw new Error(`cannot patch "${ref.name}" with kind ${target.kind}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    return;
  }
  let patch: Json;
  if (threeWay) {
    for (const k of ['apiVersion', 'kind'] as const) {
      if (original[k] !== target[k] || live[k] !== target[k]) {
        throw new Error(
          `failed to create patch: precondition failed for: ${k}: at least one field was changed: apiVersion, kind or name`,
        );
      }
    }
    patch = createThreeWayMergePatch(original, target, live);
  } else {
    patch = createMergePatch(original, target);
  }
  if (isMap(patch) && Object.keys(patch).length === 0) return; // nothing changed
  try {
    await client.patch(ref, 'merge', patch, dryRun ? { dryRun } : {});
  } catch (e) {
    const msg = e instanceof KubeApiError ? e.message : (e as Error).message;
    throw new Error(`cannot patch "${ref.name}" with kind ${target.kind}: ${msg}`, { cause: e });
  }
}
