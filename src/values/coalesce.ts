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
 * modest depth (no work list or closure per node: a cold process copies every chart's values);
 * deeper parts go through an explicit stack, since `--set a[0][0]…` nests lists as deep as an
 * argument is long.
 */
export function deepCopy(v: Value): Value {
  return copyRecursive(v, 0);
}

const RECURSE = 200;

function copyRecursive(x: Value, depth: number): Value {
  if (x instanceof GoMap) {
    if (depth >= RECURSE) return copyWithStack(x);
    const m = new Map<string, Value>();
    for (const [k, e] of x.entries)
      m.set(k, typeof e === 'object' && e !== null ? copyRecursive(e, depth + 1) : e);
    return new GoMap(m, x.type, x.elem, x.nil, x.methods);
  }
  if (x instanceof GoList) {
    if (depth >= RECURSE) return copyWithStack(x);
    const src = x.items;
    const items: Value[] = [];
    for (let i = 0; i < src.length; i++) {
      const e = src[i]!;
      items.push(typeof e === 'object' && e !== null ? copyRecursive(e, depth + 1) : e);
    }
    return new GoList(items, x.elem, x.nil);
  }
  if (x instanceof Uint8Array) return Uint8Array.from(x);
  return x;
}

function copyWithStack(v: Value): Value {
  const pending: [GoMap | GoList, Map<string, Value> | Value[]][] = [];
  const shell = (x: Value): Value => {
    if (x instanceof GoMap) {
      const m = new Map<string, Value>();
      pending.push([x, m]);
      return new GoMap(m, x.type, x.elem, x.nil, x.methods);
    }
    if (x instanceof GoList) {
      const items: Value[] = [];
      pending.push([x, items]);
      return new GoList(items, x.elem, x.nil);
    }
    if (x instanceof Uint8Array) return Uint8Array.from(x);
    return x;
  };
  const root = shell(v);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [src, dst] = next;
    if (src instanceof GoMap) for (const [k, x] of src.entries) (dst as Map<string, Value>).set(k, shell(x));
    else for (const x of src.items) (dst as Value[]).push(shell(x));
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

function coalesceChartValues(warn: Warn, ch: Chart, v: GoMap, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, ch.name);
  const vc = deepCopy(ch.values) as GoMap;
  for (const [key, val] of vc.entries) {
    if (v.entries.has(key)) {
      const value = v.entries.get(key)!;
      if (value === null && !merge) v.entries.delete(key);
      else if (isTable(value)) {
        if (!isTable(val)) {
          if (val !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = ch.dependencies.some((d) => d.name === key) ? true : merge;
          if (!childMerge) cleanNilValues(val);
          coalesceTables(warn, value, val, concatPrefix(subPrefix, key), childMerge);
        }
      }
    } else {
      if (!merge) {
        if (val === null) continue;
        if (isTable(val)) cleanNilValues(val);
      }
      v.entries.set(key, val);
    }
  }
}

/** CoalesceTables: merges src into dst, dst wins; nulls in dst delete the key. */
export function coalesceTables(warn: Warn, dst: GoMap, src: GoMap, prefix = '', merge = false): GoMap {
  const srcOriginalNonNil = new Set<string>();
  for (const [k, val] of src.entries) if (val !== null) srcOriginalNonNil.add(k);
  for (const [k, val] of dst.entries) if (val === null) src.entries.set(k, null);
  for (const [key, val] of src.entries) {
    const fullkey = concatPrefix(prefix, key);
    const has = dst.entries.has(key);
    const dv = dst.entries.get(key);
    if (has && !merge && dv === null && srcOriginalNonNil.has(key)) dst.entries.delete(key);
    else if (!has) dst.entries.set(key, val);
    else if (isTable(val)) {
      if (isTable(dv)) coalesceTables(warn, dv, val, fullkey, merge);
      else warn(`warning: cannot overwrite table with non table for ${fullkey} (${sprintf('%v', [val])})`);
    } else if (isTable(dv) && val !== null) {
      warn(
        `warning: destination for ${fullkey} is a table. Ignoring non-table value (${sprintf('%v', [val])})`,
      );
    }
  }
  return dst;
}

function cleanNilValues(m: GoMap): void {
  for (const [k, val] of m.entries) {
    if (val === null) m.entries.delete(k);
    else if (isTable(val)) cleanNilValues(val);
  }
}
