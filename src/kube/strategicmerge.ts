// Three-way strategic merge patches, as Helm's client-side apply computes them for built-in kinds
// (apimachinery strategicpatch.CreateThreeWayMergePatch with overwrite): the patch sets what the
// chart changed relative to the live object, deletes what the chart dropped relative to the previous
// release's manifest, and leaves fields owned by others alone. Patch strategies and merge keys come
// from the server's OpenAPI v3 documents (x-kubernetes-patch-strategy / -merge-key), which are
// generated from the same Go struct tags Helm reads.
import type { KubeClient } from './client.js';
import { splitApiVersion } from './discovery.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };
type Schema = Record<string, unknown>;

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
};

/** Patch metadata for one field: its strategies and merge key. */
interface FieldMeta {
  strategies: string[];
  mergeKey: string;
}

/** Walks an OpenAPI v3 schema for patch metadata. An empty schema means "no metadata" (plain JSON). */
export class PatchSchema {
  constructor(
    private readonly node: Schema | undefined,
    private readonly components: Record<string, Schema>,
  ) {}

  static empty(): PatchSchema {
    return new PatchSchema(undefined, {});
  }

  private resolve(n: unknown): Schema | undefined {
    let cur: unknown = n;
    for (let depth = 0; depth < 32 && isSchema(cur); depth++) {
      const ref = cur['$ref'];
      if (typeof ref === 'string') {
        cur = this.components[ref.replace(/^#\/components\/schemas\//, '')];
        continue;
      }
      const allOf = cur['allOf'];
      if (Array.isArray(allOf) && allOf.length === 1 && !cur['properties'] && !cur['items']) {
        cur = allOf[0];
        continue;
      }
      return cur;
    }
    return undefined;
  }

  private prop(name: string): { meta: FieldMeta; node: Schema | undefined } {
    const self = this.resolve(this.node);
    let p: unknown;
    const props = self?.['properties'];
    if (isSchema(props) && isSchema(props[name])) p = props[name];
    else if (isSchema(self?.['additionalProperties'])) p = self['additionalProperties'];
    if (!isSchema(p)) return { meta: { strategies: [], mergeKey: '' }, node: undefined };
    const strat =
      typeof p['x-kubernetes-patch-strategy'] === 'string'
        ? (p['x-kubernetes-patch-strategy'] as string).split(',').filter(Boolean)
        : [];
    const mergeKey =
      typeof p['x-kubernetes-patch-merge-key'] === 'string'
        ? (p['x-kubernetes-patch-merge-key'] as string)
        : '';
    return { meta: { strategies: strat, mergeKey }, node: p };
  }

  /** Metadata and schema of a struct or map field. */
  field(name: string): { meta: FieldMeta; schema: PatchSchema } {
    const { meta, node } = this.prop(name);
    return { meta, schema: new PatchSchema(node, this.components) };
  }

  /** Metadata of a list field and the schema of its items. */
  list(name: string): { meta: FieldMeta; items: PatchSchema } {
    const { meta, node } = this.prop(name);
    const resolved = this.resolve(node);
    return {
      meta,
      items: new PatchSchema(
        isSchema(resolved?.['items']) ? (resolved['items'] as Schema) : undefined,
        this.components,
      ),
    };
  }
}

/** Loads patch schemas per kind from the server's OpenAPI v3 documents (cached per client). */
export class OpenApiPatchSchemas {
  private index: Promise<Record<string, string>> | undefined;
  private readonly docs = new Map<string, Promise<Record<string, Schema>>>();

  constructor(private readonly client: KubeClient) {}

  private async paths(): Promise<Record<string, string>> {
    this.index ??= this.client
      .requestJson<{ paths?: Record<string, { serverRelativeURL?: string }> }>({
        method: 'GET',
        path: '/openapi/v3',
      })
      .then((d) => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(d.paths ?? {}))
          if (v.serverRelativeURL) out[k] = v.serverRelativeURL;
        return out;
      });
    return this.index;
  }

  /** The schema of `apiVersion`/`kind`, or an empty schema when the server publishes none. */
  async forKind(apiVersion: string, kind: string): Promise<PatchSchema> {
    const { group, version } = splitApiVersion(apiVersion);
    const key = group ? `apis/${group}/${version}` : `api/${version}`;
    let doc = this.docs.get(key);
    if (!doc) {
      doc = (async () => {
        const url = (await this.paths())[key];
        if (!url) return {};
        const u = new URL(url, 'http://x');
        const query: Record<string, string> = {};
        u.searchParams.forEach((v, k) => (query[k] = v));
        const d = await this.client.requestJson<{ components?: { schemas?: Record<string, Schema> } }>({
          method: 'GET',
          path: u.pathname,
          query,
        });
        return d.components?.schemas ?? {};
      })();
      this.docs.set(key, doc);
    }
    const schemas = await doc;
    for (const s of Object.values(schemas)) {
      const gvks = s['x-kubernetes-group-version-kind'];
      if (
        Array.isArray(gvks) &&
        gvks.some((g: Schema) => g['group'] === group && g['version'] === version && g['kind'] === kind)
      ) {
        return new PatchSchema(s, schemas);
      }
    }
    return PatchSchema.empty();
  }
}

interface DiffOptions {
  ignoreDeletions: boolean;
  ignoreChangesAndAdditions: boolean;
  buildRetainKeys: boolean;
}

const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

function typeOf(v: Json | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'map' : typeof v === 'number' ? 'number' : typeof v;
}

function diffMaps(original: JsonMap, modified: JsonMap, schema: PatchSchema, o: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: string[] = [];
  for (const [key, mod] of Object.entries(modified)) {
    if (o.buildRetainKeys && mod !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mod;
      continue;
    }
    const orig = original[key]!;
    if (typeOf(orig) !== typeOf(mod)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mod;
      continue;
    }
    if (isMap(orig) && isMap(mod)) {
      const { meta, schema: sub } = schema.field(key);
      const retain = meta.strategies.includes('retainKeys');
      if (meta.strategies.includes('replace')) {
        if (!o.ignoreChangesAndAdditions && !deepEqual(orig, mod)) patch[key] = mod;
      } else {
        const p = diffMaps(orig, mod, sub, { ...o, buildRetainKeys: retain });
        if (Object.keys(p).length) patch[key] = p;
      }
    } else if (Array.isArray(orig) && Array.isArray(mod)) {
      diffSlice(key, orig, mod, patch, schema, o);
    } else if (!o.ignoreChangesAndAdditions && !deepEqual(orig, mod)) {
      patch[key] = mod;
    }
  }
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  const hasNewField = Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
  if (retainKeys.length && (Object.keys(patch).length || hasNewField))
    patch[RETAIN_KEYS] = [...retainKeys].sort();
  return patch;
}

function keyString(v: Json | undefined): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

function diffSlice(
  key: string,
  orig: Json[],
  mod: Json[],
  patch: JsonMap,
  schema: PatchSchema,
  o: DiffOptions,
): void {
  const { meta, items } = schema.list(key);
  if (!meta.strategies.includes('merge')) {
    if (!o.ignoreChangesAndAdditions && !deepEqual(orig, mod)) patch[key] = mod;
    return;
  }
  const retain = meta.strategies.includes('retainKeys');
  if (orig.length === 0) {
    // Nothing before: the whole new list is the change.
    if (mod.length && !o.ignoreChangesAndAdditions) patch[key] = mod;
    return;
  }
  const sample = [...orig, ...mod].find((x) => x !== null);
  if (isMap(sample)) {
    const mk = meta.mergeKey;
    if (!mk) {
      if (!o.ignoreChangesAndAdditions && !deepEqual(orig, mod)) patch[key] = mod;
      return;
    }
    const origBy = new Map(orig.filter(isMap).map((m) => [keyString(m[mk]), m] as const));
    const modBy = new Map(mod.filter(isMap).map((m) => [keyString(m[mk]), m] as const));
    const list: Json[] = [];
    for (const m of mod.filter(isMap)) {
      const k = keyString(m[mk]);
      const om = origBy.get(k);
      if (!om) {
        if (!o.ignoreChangesAndAdditions) list.push(m);
        continue;
      }
      const p = diffMaps(om, m, items, { ...o, buildRetainKeys: retain });
      if (Object.keys(p).length) list.push({ ...p, [mk]: m[mk]! });
    }
    const deletions: Json[] = [];
    if (!o.ignoreDeletions) {
      for (const om of orig.filter(isMap)) {
        const k = keyString(om[mk]);
        if (!modBy.has(k)) deletions.push({ $patch: 'delete', [mk]: om[mk]! });
      }
    }
    const all = [...list, ...deletions];
    if (all.length) patch[key] = all;
    const origKeys = orig.filter(isMap).map((m) => keyString(m[mk]));
    const modKeys = mod.filter(isMap).map((m) => keyString(m[mk]));
    const orderSame = deepEqual(origKeys, modKeys);
    if (
      (!o.ignoreChangesAndAdditions && (all.length > 0 || !orderSame)) ||
      (!o.ignoreDeletions && all.length > 0)
    ) {
      patch[`${SET_ELEMENT_ORDER}/${key}`] = mod.filter(isMap).map((m) => ({ [mk]: m[mk]! }));
    }
    return;
  }
  // A merge list of scalars: additions in the list, deletions in a parallel directive list.
  const origSet = new Set(orig.map((x) => keyString(x)));
  const modSet = new Set(mod.map((x) => keyString(x)));
  const additions = o.ignoreChangesAndAdditions ? [] : mod.filter((x) => !origSet.has(keyString(x)));
  const deletions = o.ignoreDeletions
    ? []
    : orig.filter(
        (x, i) => !modSet.has(keyString(x)) && orig.findIndex((y) => keyString(y) === keyString(x)) === i,
      );
  if (additions.length) patch[key] = additions;
  if (deletions.length) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = deletions;
  if ((!o.ignoreDeletions && deletions.length) || (!o.ignoreChangesAndAdditions && !deepEqual(orig, mod))) {
    patch[`${SET_ELEMENT_ORDER}/${key}`] = mod;
  }
}

// Combines the deletions-only patch with the changes-only patch.
function combine(a: JsonMap, b: JsonMap, schema: PatchSchema): JsonMap {
  const out: JsonMap = { ...a };
  for (const [key, bv] of Object.entries(b)) {
    const av = out[key];
    if (av === undefined) {
      out[key] = bv;
      continue;
    }
    if (key.startsWith('$')) {
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST) && Array.isArray(av) && Array.isArray(bv)) {
        out[key] = [...av, ...bv.filter((x) => !av.some((y) => deepEqual(x, y)))];
      } else out[key] = bv;
      continue;
    }
    if (isMap(av) && isMap(bv)) {
      out[key] = combine(av, bv, schema.field(key).schema);
    } else if (Array.isArray(av) && Array.isArray(bv)) {
      const { meta, items } = schema.list(key);
      if (meta.strategies.includes('merge') && meta.mergeKey) {
        const mk = meta.mergeKey;
        const merged: Json[] = [];
        const byKey = new Map<string, number>();
        for (const x of [...bv, ...av]) {
          const k = isMap(x) ? keyString(x[mk]) : keyString(x);
          const at = byKey.get(k);
          if (at === undefined) {
            byKey.set(k, merged.length);
            merged.push(x);
          } else if (isMap(merged[at]) && isMap(x)) {
            merged[at] = combine(x, merged[at] as JsonMap, items);
          }
        }
        out[key] = merged;
      } else if (meta.strategies.includes('merge')) {
        out[key] = [...bv, ...av.filter((x) => !bv.some((y) => deepEqual(x, y)))];
      } else out[key] = bv;
    } else {
      out[key] = bv;
    }
  }
  return out;
}

/**
 * The three-way strategic merge patch Helm sends for client-side updates of built-in kinds:
 * `original` is the previous release's manifest, `modified` the new one, `current` the live object.
 */
export function createThreeWayStrategicMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
  schema: PatchSchema,
): JsonMap {
  const o = isMap(original) ? original : {};
  const m = isMap(modified) ? modified : {};
  const c = isMap(current) ? current : {};
  const delta = diffMaps(c, m, schema, {
    ignoreDeletions: true,
    ignoreChangesAndAdditions: false,
    buildRetainKeys: false,
  });
  const deletions = diffMaps(o, m, schema, {
    ignoreDeletions: false,
    ignoreChangesAndAdditions: true,
    buildRetainKeys: false,
  });
  return combine(deletions, delta, schema);
}
