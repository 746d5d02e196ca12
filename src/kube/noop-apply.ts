// Whether a server-side apply would leave a live object exactly as it is, decided from the object
// alone (its managedFields and values), without a schema. An apply by manager M of config C changes
// nothing when M's Apply entry already owns exactly the field set C produces and every value C sets
// is already live: the server then neither changes the object nor its managedFields (resourceVersion
// and the entry's time stay). A field set is only recognised in shapes whose meaning needs no schema;
// anything else answers false ("apply it"), which is always safe.
import type { KubeObject, ManagedFieldsEntry } from './types.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural JSON equality (key order ignored, types strict). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const isEmptyObj = (v: unknown) => isObj(v) && Object.keys(v).length === 0;

/**
 * The manager's one top-level Apply entry for `apiVersion`, or undefined when the object has none,
 * more than one entry of that manager, or one of another kind (Update, a subresource, another
 * version): each of those makes an apply rewrite managedFields.
 */
function applyEntry(live: KubeObject, manager: string, apiVersion: string): ManagedFieldsEntry | undefined {
  const mine = (live.metadata.managedFields ?? []).filter((e) => e.manager === manager);
  if (mine.length !== 1) return undefined;
  const e = mine[0]!;
  if (e.operation !== 'Apply' || e.subresource || e.apiVersion !== apiVersion) return undefined;
  if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') return undefined;
  return e;
}

/**
 * True when server-side applying `config` as `manager` would change nothing on `live`. `config` is
 * the object as it would be sent (metadata.managedFields aside).
 */
export function applyIsNoOp(config: KubeObject, live: KubeObject, manager: string): boolean {
  if (config.apiVersion !== live.apiVersion || config.kind !== live.kind) return false;
  const meta = config.metadata;
  if (!isObj(meta) || !meta.name || meta.name !== live.metadata.name) return false;
  if (meta.generateName !== undefined || live.metadata.deletionTimestamp) return false;
  const entry = applyEntry(live, manager, config.apiVersion);
  if (!entry || !isObj(entry.fieldsV1)) return false;
  // apiVersion, kind, metadata.name and metadata.namespace identify the object: never in field sets.
  const root: Obj = {};
  for (const [k, v] of Object.entries(config)) if (k !== 'apiVersion' && k !== 'kind') root[k] = v as Json;
  const m: Obj = {};
  for (const [k, v] of Object.entries(meta))
    if (k !== 'name' && k !== 'namespace' && k !== 'managedFields') m[k] = v as Json;
  if (Object.keys(m).length) root['metadata'] = m;
  else delete root['metadata'];
  return sameMap(root, live as unknown as Json, entry.fieldsV1 as Obj);
}

/** A map node: `fields` names exactly the config's keys (a "." member here would need a schema). */
function sameMap(config: Obj, live: Json | undefined, fields: Obj): boolean {
  if (!isObj(live)) return false;
  const keys = Object.keys(config);
  if (keys.length === 0) return false; // handled by sameValue (owned as a member)
  const fkeys = Object.keys(fields);
  if (fkeys.length !== keys.length) return false;
  for (const k of keys) {
    const f = fields[`f:${k}`];
    if (!isObj(f) || !sameValue(config[k]!, live[k], f)) return false;
  }
  return true;
}

function sameValue(config: Json, live: Json | undefined, fields: Obj): boolean {
  if (config === null) return false; // null asks for removal: doubt
  if (typeof config !== 'object') return isEmptyObj(fields) && config === live;
  if (Array.isArray(config)) return sameList(config, live, fields);
  if (isEmptyObj(fields)) {
    // The map itself is owned, not its keys: it was applied empty (`resources: {}`), which leaves
    // whatever it holds alone; or it is atomic (a selector), owned whole, so it must be live exactly
    // as configured. (A map applied empty in some other config than this one, then set by someone
    // else to exactly our value, would read as atomic here: the apply would only turn helm's
    // ownership of the map into ownership of it whole.)
    if (Object.keys(config).length === 0) return isEmptyObj(live);
    return jsonEqual(config, live);
  }
  return sameMap(config, live, fields);
}

function sameList(config: Json[], live: Json | undefined, fields: Obj): boolean {
  if (!Array.isArray(live) || config.length === 0 || live.length !== config.length) return false;
  const fkeys = Object.keys(fields);
  // Atomic list: owned whole; it must be live exactly as configured.
  if (fkeys.length === 0) return jsonEqual(config, live);
  if (fkeys.length !== config.length) return false;
  if (fkeys.every((k) => k.startsWith('v:'))) {
    // A set of scalars: the members are the values; live must list them as configured.
    if (!fkeys.every((k) => isEmptyObj(fields[k]))) return false;
    if (!config.every((x) => x === null || typeof x !== 'object')) return false;
    const members = new Set<string>();
    for (const k of fkeys) {
      const v = parseKey(k.slice(2));
      if (v === undefined) return false;
      members.add(JSON.stringify(v));
    }
    const items = new Set(config.map((x) => JSON.stringify(x)));
    if (items.size !== config.length || items.size !== members.size) return false;
    for (const x of items) if (!members.has(x)) return false;
    return jsonEqual(config, live);
  }
  if (!fkeys.every((k) => k.startsWith('k:'))) return false;
  // An associative list: every item is keyed by some of its fields. Item i of the config must be
  // item i live (same order), the key naming that live item must agree with the config's fields,
  // and each key serves exactly one item.
  const keys = fkeys.map((k) => ({ k, key: parseKey(k.slice(2)) }));
  const used = new Set<string>();
  for (let i = 0; i < config.length; i++) {
    const c = config[i]!;
    const l = live[i];
    if (!isObj(c) || !isObj(l)) return false;
    const hits = keys.filter(
      ({ key }) => isObj(key) && Object.entries(key).every(([kf, kv]) => jsonEqual(l[kf], kv)),
    );
    if (hits.length !== 1) return false;
    const { k, key } = hits[0]!;
    if (used.has(k)) return false;
    used.add(k);
    for (const [kf, kv] of Object.entries(key as Obj)) if (kf in c && !jsonEqual(c[kf], kv)) return false;
    const node = fields[k];
    if (!isObj(node) || !isObj(node['.']) || !isEmptyObj(node['.'])) return false;
    const rest: Obj = {};
    for (const [nk, nv] of Object.entries(node)) if (nk !== '.') rest[nk] = nv;
    if (!sameMap(c, l, rest)) return false;
  }
  return true;
}

function parseKey(s: string): Json | undefined {
  try {
    return JSON.parse(s) as Json;
  } catch {
    return undefined;
  }
}
