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

/** What is known of where the manager's field set came from. */
export interface NoOpContext {
  /**
   * The manager's last apply to this object was of this very config (the release's previous
   * revision is its latest and deployed). Then a path owned whole (`{}` in the field set) holds
   * what that apply left there: the config's values plus the server's defaults, since any other
   * writer's change to it would have taken its ownership away.
   */
  appliedLast: boolean;
}

/**
 * True when server-side applying `config` as `manager` would change nothing on `live`. `config` is
 * the object as it would be sent (metadata.managedFields aside).
 */
export function applyIsNoOp(
  config: KubeObject,
  live: KubeObject,
  manager: string,
  ctx: NoOpContext = { appliedLast: false },
): boolean {
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
  return sameMap(root, live as unknown as Json, entry.fieldsV1 as Obj, ctx);
}

/** A map node: `fields` names exactly the config's keys (a "." member here would need a schema). */
function sameMap(config: Obj, live: Json | undefined, fields: Obj, ctx: NoOpContext): boolean {
  if (!isObj(live)) return false;
  const keys = Object.keys(config);
  if (keys.length === 0) return false; // handled by sameValue (owned as a member)
  const fkeys = Object.keys(fields);
  if (fkeys.length !== keys.length) return false;
  for (const k of keys) {
    const f = fields[`f:${k}`];
    if (!isObj(f) || !sameValue(config[k]!, live[k], f, ctx)) return false;
  }
  return true;
}

function sameValue(config: Json, live: Json | undefined, fields: Obj, ctx: NoOpContext): boolean {
  // null asks for the field's absence (and owns its path).
  if (config === null) return isEmptyObj(fields) && (live === undefined || live === null);
  if (typeof config !== 'object') {
    if (!isEmptyObj(fields)) return false;
    if (config === live) return true;
    // What the last apply left may be normalised (a quantity `cpu: 1` reads back "1"), or dropped
    // when it is the zero value of an omitempty field (`hostNetwork: false`).
    if (!ctx.appliedLast) return false;
    if (live === undefined) return config === false || config === 0 || config === '';
    return typeof live !== 'object' && String(config) === String(live);
  }
  if (isEmptyObj(fields)) {
    // The path is owned, not its children: an atomic value owned whole (a selector), or a map
    // applied empty (`resources: {}`), which leaves what it holds alone. An empty list or map may
    // read back absent (omitempty).
    if (Array.isArray(config) && config.length === 0)
      return live === undefined || (Array.isArray(live) && live.length === 0);
    if (ctx.appliedLast) return within(config, live);
    if (!Array.isArray(config) && Object.keys(config).length === 0) return isEmptyObj(live);
    return jsonEqual(config, live);
  }
  if (Array.isArray(config)) return sameList(config, live, fields, ctx);
  return sameMap(config, live, fields, ctx);
}

/** Every value the config sets is live (the server may have added defaults around them). */
function within(config: Json, live: Json | undefined): boolean {
  if (config === null) return live === undefined || live === null;
  if (Array.isArray(config))
    return Array.isArray(live) && live.length === config.length && config.every((x, i) => within(x, live[i]));
  if (isObj(config)) {
    if (Object.keys(config).length === 0) return live === undefined || isObj(live);
    return isObj(live) && Object.entries(config).every(([k, v]) => within(v, live[k]));
  }
  if (live === undefined) return config === false || config === 0 || config === '';
  return config === live || (typeof live !== 'object' && String(config) === String(live));
}

function sameList(config: Json[], live: Json | undefined, fields: Obj, ctx: NoOpContext): boolean {
  if (!Array.isArray(live) || config.length === 0 || live.length !== config.length) return false;
  const fkeys = Object.keys(fields);
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
    if (!sameMap(c, l, rest, ctx)) return false;
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
