// Client-side apply → server-side apply ownership migration, after client-go's util/csaupgrade:
// for each client-side manager name, its `Update` field set is merged into the server-side manager's
// `Apply` entry (or that Update entry becomes the Apply entry), and the Update entries are dropped.
import type { KubeObject, ManagedFieldsEntry } from './types.js';

type Trie = Record<string, unknown>;
const isObj = (v: unknown): v is Trie => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The union of two fieldsV1 tries (a deep merge of the JSON objects). */
export function unionFields(a: Trie | undefined, b: Trie | undefined): Trie {
  const out: Trie = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) {
    const cur = out[k];
    out[k] = isObj(cur) && isObj(v) ? unionFields(cur, v) : isObj(cur) ? cur : v;
  }
  return out;
}

const isTopLevel = (e: ManagedFieldsEntry) => !e.subresource;

/** Returns the migrated managedFields list, or undefined when nothing changes. */
export function upgradeManagedFields(
  entries: readonly ManagedFieldsEntry[],
  csaManagers: readonly string[],
  ssaManager: string,
): ManagedFieldsEntry[] | undefined {
  let fields: ManagedFieldsEntry[] = entries.map((e) => ({ ...e }));
  let changed = false;
  for (const csa of csaManagers) {
    const isCsa = (e: ManagedFieldsEntry) => e.manager === csa && e.operation === 'Update' && isTopLevel(e);
    let idx = fields.findIndex((e) => e.manager === ssaManager && e.operation === 'Apply' && isTopLevel(e));
    if (idx < 0) {
      // Managed fields are sorted most recent first: the first matching Update entry becomes the Apply entry.
      idx = fields.findIndex(isCsa);
      if (idx < 0) continue;
      fields[idx] = { ...fields[idx], operation: 'Apply', manager: ssaManager };
    }
    const target = fields[idx]!;
    const same = fields.find((e) => isCsa(e) && e.apiVersion === target.apiVersion);
    if (same) target.fieldsV1 = unionFields(target.fieldsV1, same.fieldsV1);
    fields = fields.filter((e) => !isCsa(e));
    changed = true;
  }
  return changed ? fields : undefined;
}

export type JsonPatchOp = { op: 'replace' | 'add' | 'remove' | 'test'; path: string; value?: unknown };

/**
 * The JSON patch that performs the migration on the live object, or undefined when there is
 * nothing to migrate. It also replaces metadata.resourceVersion, so a concurrent change makes the
 * patch fail with a conflict instead of losing data.
 */
export function upgradeManagedFieldsPatch(
  obj: KubeObject,
  csaManagers: readonly string[],
  ssaManager: string,
): JsonPatchOp[] | undefined {
  const next = upgradeManagedFields(obj.metadata.managedFields ?? [], csaManagers, ssaManager);
  if (!next) return undefined;
  if (JSON.stringify(next) === JSON.stringify(obj.metadata.managedFields ?? [])) return undefined;
  return [
    { op: 'replace', path: '/metadata/managedFields', value: next },
    { op: 'replace', path: '/metadata/resourceVersion', value: obj.metadata.resourceVersion },
  ];
}
