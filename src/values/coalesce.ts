// Values coalescing: user values over chart defaults, subchart scoping and globals, exactly
// as Helm 4's pkg/chart/common/util/coalesce.go (nulls delete, user wins on type conflicts).
import type { Chart } from '../chart/chart.js';
import { sprintf } from '../go/fmt/print.js';
import { GoList, GoMap, type Value } from '../go/value.js';

export type Warn = (message: string) => void;

const GLOBAL = 'global';

/** Only a plain `map[string]interface {}` counts as a table, as Go's type assertion does. */
const isTable = (v: Value | undefined): v is GoMap =>
  v instanceof GoMap && v.type === 'map[string]interface {}';

const concatPrefix = (a: string, b: string): string => (a === '' ? b : `${a}.${b}`);

/**
 * copystructure.Copy of a values tree: maps and lists are copied, scalars shared. Recursive to a
 * modest depth (no work list per node: a cold process copies every chart's values); deeper parts
 * go through an explicit stack, since `--set a[0][0]…` nests lists as deep as an argument is long.
 * Maps are walked with forEach: a for-of over a Map allocates an entry pair and an iterator
 * result per key in cold code, most of coalescing's garbage.
 */
export function deepCopy(v: Value): Value {
  return copyRecursive(v, 0, false);
}

const RECURSE = 200;

/**
 * A copy of `x`; with `clean`, nulls are left out of it and of the tables it nests (not of lists
 * or other map types), as copying then Helm's cleanNilValues would leave it.
 */
function copyRecursive(x: Value, depth: number, clean: boolean): Value {
  if (x instanceof GoMap) {
    if (depth >= RECURSE) return copyWithStack(x, clean);
    const m = new Map<string, Value>();
    const table = clean && isTable(x);
    const d = depth + 1;
    x.entries.forEach((e, k) => {
      if (typeof e !== 'object') m.set(k, e);
      else if (e === null) {
        if (!table) m.set(k, e);
      } else m.set(k, copyRecursive(e, d, table));
    });
    return new GoMap(m, x.type, x.elem, x.nil, x.methods);
  }
  if (x instanceof GoList) {
    if (depth >= RECURSE) return copyWithStack(x, false);
    const src = x.items;
    const items: Value[] = [];
    for (let i = 0; i < src.length; i++) {
      const e = src[i]!;
      items.push(typeof e === 'object' && e !== null ? copyRecursive(e, depth + 1, false) : e);
    }
    return new GoList(items, x.elem, x.nil);
  }
  if (x instanceof Uint8Array) return Uint8Array.from(x);
  return x;
}

function copyWithStack(v: Value, clean: boolean): Value {
  const pending: [GoMap | GoList, Map<string, Value> | Value[], boolean][] = [];
  const shell = (x: Value, c: boolean): Value => {
    if (x instanceof GoMap) {
      const m = new Map<string, Value>();
      pending.push([x, m, c && isTable(x)]);
      return new GoMap(m, x.type, x.elem, x.nil, x.methods);
    }
    if (x instanceof GoList) {
      const items: Value[] = [];
      pending.push([x, items, false]);
      return new GoList(items, x.elem, x.nil);
    }
    if (x instanceof Uint8Array) return Uint8Array.from(x);
    return x;
  };
  const root = shell(v, clean);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [src, dst, table] = next;
    if (src instanceof GoMap) {
      for (const [k, x] of src.entries)
        if (x !== null || !table) (dst as Map<string, Value>).set(k, shell(x, table));
    } else for (const x of src.items) (dst as Value[]).push(shell(x, false));
  }
  return root;
}

/** CoalesceValues: user values (copied) coalesced with the chart's defaults and its subcharts'. */
export function coalesceValues(chart: Chart, vals: GoMap, warn: Warn = () => {}): GoMap {
  const copy = deepCopy(vals) as GoMap;
  return coalesce(warn, chart, copy, '', false);
}

/** MergeValues: like coalesceValues but nulls are kept (used while importing values). */
export function mergeValues(chart: Chart, vals: GoMap, warn: Warn = () => {}): GoMap {
  const copy = deepCopy(vals) as GoMap;
  return coalesce(warn, chart, copy, '', true);
}

function coalesce(warn: Warn, ch: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  coalesceChartValues(warn, ch, dest, prefix, merge);
  return coalesceDeps(warn, ch, dest, prefix, merge);
}

function coalesceDeps(warn: Warn, ch: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  for (const sub of ch.dependencies) {
    const name = sub.name;
    const c = dest.entries.get(name);
    if (c === undefined) dest.entries.set(name, new GoMap());
    else if (!isTable(c)) throw new Error(`type mismatch on ${name}: ${sprintf('%t', [c])}`);
    const dvmap = dest.entries.get(name) as GoMap;
    const subPrefix = concatPrefix(prefix, ch.name);
    coalesceGlobals(warn, dvmap, dest, subPrefix);
    dest.entries.set(name, coalesce(warn, sub, dvmap, subPrefix, merge));
  }
  return dest;
}

function coalesceGlobals(warn: Warn, dest: GoMap, src: GoMap, prefix: string): void {
  let dg: GoMap;
  let sg: GoMap;
  const destglob = dest.entries.get(GLOBAL);
  if (destglob === undefined) dg = new GoMap();
  else if (isTable(destglob)) dg = destglob;
  else {
    warn(`warning: skipping globals because destination ${GLOBAL} is not a table.`);
    return;
  }
  const srcglob = src.entries.get(GLOBAL);
  if (srcglob === undefined) sg = new GoMap();
  else if (isTable(srcglob)) sg = srcglob;
  else {
    warn(`warning: skipping globals because source ${GLOBAL} is not a table.`);
    return;
  }
  for (const [key, val] of sg.entries) {
    if (isTable(val)) {
      const vv = new GoMap(new Map(val.entries));
      const destv = dg.entries.get(key);
      if (destv === undefined) dg.entries.set(key, vv);
      else if (!isTable(destv)) warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
      else {
        coalesceTables(warn, vv, destv, concatPrefix(prefix, key), true);
        dg.entries.set(key, vv);
      }
    } else if (isTable(dg.entries.get(key))) {
      warn(`key ${key} is table. Skipping`);
    } else {
      dg.entries.set(key, val);
    }
  }
  dest.entries.set(GLOBAL, dg);
}

/**
 * The chart's values coalesced into `v`. Helm copies them all first and drops the copies of keys
 * the user's values override with a scalar or null; here a key's value is copied only when it
 * is kept, with its nulls left out in the same pass where Helm then cleans them (cleanNilValues).
 */
function coalesceChartValues(warn: Warn, ch: Chart, v: GoMap, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, ch.name);
  const dest = v.entries;
  ch.values.entries.forEach((val, key) => {
    if (dest.has(key)) {
      const value = dest.get(key)!;
      if (value === null && !merge) dest.delete(key);
      else if (isTable(value)) {
        if (!isTable(val)) {
          if (val !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = merge || isDependency(ch, key);
          const copy = copyRecursive(val, 0, !childMerge) as GoMap;
          coalesceTables(warn, value, copy, concatPrefix(subPrefix, key), childMerge);
        }
      }
    } else if (merge) {
      dest.set(key, typeof val === 'object' && val !== null ? copyRecursive(val, 0, false) : val);
    } else if (val !== null) {
      dest.set(key, typeof val === 'object' ? copyRecursive(val, 0, true) : val);
    }
  });
}

function isDependency(ch: Chart, name: string): boolean {
  for (const d of ch.dependencies) if (d.name === name) return true;
  return false;
}

/** CoalesceTables: merges src into dst, dst wins; nulls in dst delete the key. */
export function coalesceTables(warn: Warn, dst: GoMap, src: GoMap, prefix = '', merge = false): GoMap {
  const d = dst.entries;
  const s = src.entries;
  // The keys a null in dst deletes: those whose src value was not null before the nulls of dst
  // are copied into src (rare: no set is made unless some are).
  let deleted: Set<string> | undefined;
  d.forEach((val, k) => {
    if (val !== null) return;
    if (!merge && s.has(k) && s.get(k) !== null) (deleted ??= new Set()).add(k);
    s.set(k, null);
  });
  s.forEach((val, key) => {
    const has = d.has(key);
    const dv = d.get(key);
    if (has && dv === null && deleted !== undefined && deleted.has(key)) d.delete(key);
    else if (!has) d.set(key, val);
    else if (isTable(val)) {
      if (isTable(dv)) coalesceTables(warn, dv, val, concatPrefix(prefix, key), merge);
      else
        warn(
          `warning: cannot overwrite table with non table for ${concatPrefix(prefix, key)} (${sprintf('%v', [val])})`,
        );
    } else if (isTable(dv) && val !== null) {
      warn(
        `warning: destination for ${concatPrefix(prefix, key)} is a table. Ignoring non-table value (${sprintf('%v', [val])})`,
      );
    }
  });
  return dst;
}
