// Manifest text → Kubernetes objects, as Helm's kube client Build does (cli-runtime's resource
// builder: split the YAML stream, flatten *List kinds, map each object through discovery, default
// the namespace of namespaced kinds to the release namespace).
import type { KubeClient } from '../kube/client.js';
import { NoKindMatchError } from '../kube/discovery.js';
import type { KubeObject } from '../kube/types.js';
import { parseYaml, marshalJson } from '../yaml/index.js';
import { splitYamlDocuments } from '../yaml/index.js';

/** One object to apply, with whether its kind is namespaced (cluster-scoped ones carry no namespace). */
export interface Resource {
  object: KubeObject;
  namespaced: boolean;
}

export class BuildError extends Error {
  override name = 'BuildError';
}

/** Decodes a YAML stream into plain JSON objects (YAML → JSON as sigs.k8s.io/yaml does), lists flattened. */
export function decodeObjects(manifest: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of splitYamlDocuments(manifest)) {
    if (doc.trim() === '') continue;
    const value = parseYaml(doc);
    if (value === null) continue;
    const obj = JSON.parse(marshalJson(value)) as unknown;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new BuildError(
        `error parsing: json: cannot unmarshal ${typeof obj} into Go value of type map[string]interface {}`,
      );
    }
    flatten(obj as KubeObject, out);
  }
  return out;
}

function flatten(obj: KubeObject, out: KubeObject[]): void {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj['items'])) {
    for (const item of obj['items'] as KubeObject[]) flatten(item, out);
    return;
  }
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  out.push(obj);
}

/**
 * Helm's Build: objects from the manifest with namespaces defaulted (namespaced kinds without one
 * get `namespace`). Unknown kinds fail as kubectl's builder does.
 */
export async function buildResources(
  client: KubeClient,
  manifest: string,
  namespace: string,
): Promise<Resource[]> {
  const objects = decodeObjects(manifest);
  const out: Resource[] = [];
  for (const object of objects) {
    if (!object.apiVersion || !object.kind) {
      const missing = !object.apiVersion ? 'apiVersion' : 'kind';
      throw new BuildError(
        `unable to decode "": Object '${missing === 'kind' ? 'Kind' : 'apiVersion'}' is missing in '${JSON.stringify(object)}'`,
      );
    }
    let namespaced: boolean;
    try {
      namespaced = (await client.discovery.mapping(object.apiVersion, object.kind)).namespaced;
    } catch (e) {
      if (e instanceof NoKindMatchError) {
        const name = object.metadata.name ?? '';
        throw new BuildError(
          `resource mapping not found for name: "${name}" namespace: "${object.metadata.namespace ?? ''}" from "": ${e.message}\nensure CRDs are installed first`,
        );
      }
      throw e;
    }
    if (namespaced) {
      if (!object.metadata.namespace) object.metadata.namespace = namespace;
    }
    out.push({ object, namespaced });
  }
  return out;
}

/** Identity of an object across releases: group, kind, namespace, name. */
export function resourceKey(o: KubeObject): string {
  const av = o.apiVersion ?? '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  return `${group}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}
