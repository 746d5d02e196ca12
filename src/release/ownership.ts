// Release ownership of live objects (helm pkg/action/validate.go): the label and annotations Helm
// stamps on every rendered non-hook object, the check that an existing object belongs to the
// release before it is adopted, and --take-ownership.
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { isNotFound } from '../kube/errors.js';
import { readLiveAhead } from '../kube/live-read.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_HELM = 'Helm';
export const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';

/** `<Kind> "<name>" in namespace "<ns>"` (resourceString). */
export function resourceString(o: KubeObject): string {
  return `${o.kind} "${o.metadata.name ?? ''}" in namespace "${o.metadata.namespace ?? ''}"`;
}

function requireValue(meta: Record<string, string> | undefined, k: string, v: string): string | undefined {
  const actual = meta?.[k];
  if (actual === undefined) return `missing key "${k}": must be set to "${v}"`;
  if (actual !== v) return `key "${k}" must equal "${v}": current value is "${actual}"`;
  return undefined;
}

/** checkOwnership: undefined when the object carries this release's label and annotations, else Helm's message. */
export function ownershipProblem(
  obj: KubeObject,
  releaseName: string,
  releaseNamespace: string,
): string | undefined {
  const errs: string[] = [];
  const l = requireValue(obj.metadata?.labels, MANAGED_BY_LABEL, MANAGED_BY_HELM);
  if (l) errs.push(`label validation error: ${l}`);
  const a1 = requireValue(obj.metadata?.annotations, RELEASE_NAME_ANNOTATION, releaseName);
  if (a1) errs.push(`annotation validation error: ${a1}`);
  const a2 = requireValue(obj.metadata?.annotations, RELEASE_NAMESPACE_ANNOTATION, releaseNamespace);
  if (a2) errs.push(`annotation validation error: ${a2}`);
  return errs.length ? `invalid ownership metadata; ${errs.join('; ')}` : undefined;
}

/** setMetadataVisitor with forceOwnership: merge (overwrite) Helm's label and annotations. */
export function stampOwnership(obj: KubeObject, releaseName: string, releaseNamespace: string): void {
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY_HELM };
  obj.metadata.annotations = {
    ...(obj.metadata.annotations ?? {}),
    [RELEASE_NAME_ANNOTATION]: releaseName,
    [RELEASE_NAMESPACE_ANNOTATION]: releaseNamespace,
  };
}

function generateNameOnly(o: KubeObject): boolean {
  if (o.metadata.generateName) {
    if (o.metadata.name) throw new Error('metadata.name and metadata.generateName cannot both be set');
    return true;
  }
  return false;
}

/**
 * existingResourceConflict (or requireAdoption with `takeOwnership`): the objects that already exist
 * and so must be adopted; an existing object owned by someone else is an error.
 */
export async function existingToAdopt(
  client: KubeClient,
  objects: readonly KubeObject[],
  releaseName: string,
  releaseNamespace: string,
  takeOwnership: boolean,
): Promise<KubeObject[]> {
  const adopt: KubeObject[] = [];
  const refOf = (o: KubeObject) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name ?? '',
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
  });
  // Read ahead (a LIST per collection, concurrent GETs), checked in order below as Helm checks.
  const named = objects.filter((o) => o.metadata.name);
  const reads = await readLiveAhead(client, named.map(refOf), undefined);
  const ahead = new Map(named.map((o, i) => [o, reads[i]]));
  for (const o of objects) {
    if (generateNameOnly(o)) continue;
    let live: KubeObject | undefined;
    try {
      const pre = ahead.get(o);
      live = pre ? pre.live : await client.getIfExists(refOf(o));
    } catch (e) {
      if (isNotFound(e)) continue;
      throw new Error(
        `could not get information about the resource ${resourceString(o)}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    if (!live) continue;
    if (!takeOwnership) {
      const problem = ownershipProblem(live, releaseName, releaseNamespace);
      if (problem)
        throw new Error(
          `${resourceString(o)} exists and cannot be imported into the current release: ${problem}`,
        );
    }
    adopt.push(o);
  }
  return adopt;
}
