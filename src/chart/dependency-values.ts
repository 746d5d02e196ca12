// The values processDependencyEnabled reads tags and conditions from: Helm's CoalesceValues(c, v)
// (a deep copy of v, the chart's values and its subcharts' coalesced into it), built
// copy-on-write. Helm's copies are only read and thrown away, so here a table is copied (one
// level) only where coalescing writes into it; every other table stays shared with v and the
// charts' values. Same result, same warnings in the same order, same type-mismatch error.
import { sprintf } from '../go/fmt/print.js';
import { GoMap, type Value } from '../go/value.js';
import type { Warn } from '../values/coalesce.js';
import type { Chart } from './chart.js';

const GLOBAL = 'global';

const isTable = (v: Value | undefined): v is GoMap =>
  v instanceof GoMap && v.type === 'map[string]interface {}';

const concatPrefix = (a: string, b: string): string => (a === '' ? b : `${a}.${b}`);

/** Chart values without their nulls (cleanNilValues on Helm's copy), shared when they have none. */
export type CleanCache = Map<GoMap, GoMap>;

/** CoalesceValues(chart, vals): equal to coalesceValues' tree; neither argument is changed. */
export function coalescedView(chart: Chart, vals: GoMap, warn: Warn, cleaned: CleanCache = new Map()): GoMap {
  const cow = new Cow(warn, cleaned);
  const root = cow.copy(vals);
  cow.coalesce(chart, root, '', false);
  return root;
}

/**
 * Tables made in one call ("owned") are written in place, as Helm writes its copies; any other
 * table is never written: a write first puts a one-level copy in its parent's slot. Helm's own
 * sharing (coalesceGlobals' one-level copy of a parent's global table, whose inner tables later
 * writes change for both) is kept by owning those inner tables before they are shared.
 */
class Cow {
  private readonly owned = new Set<GoMap>();

  constructor(
    private readonly warn: Warn,
    private readonly cleaned: CleanCache,
  ) {}

  copy(m: GoMap): GoMap {
    const c = new GoMap(new Map(m.entries), m.type, m.elem, m.nil, m.methods);
    this.owned.add(c);
    return c;
  }

  private fresh(): GoMap {
    const c = new GoMap();
    this.owned.add(c);
    return c;
  }

  /** `m`, the table at parent[key], writable. */
  private own(parent: GoMap, key: string, m: GoMap): GoMap {
    if (this.owned.has(m)) return m;
    const c = this.copy(m);
    parent.entries.set(key, c);
    return c;
  }

  private ownDeep(parent: GoMap, key: string, m: GoMap): void {
    const o = this.own(parent, key, m);
    o.entries.forEach((v, k) => {
      if (isTable(v)) this.ownDeep(o, k, v);
    });
  }

  /** The table without nulls in it or in the tables it nests (not in lists or other maps). */
  private clean(m: GoMap): GoMap {
    const hit = this.cleaned.get(m);
    if (hit !== undefined) return hit;
    let out: Map<string, Value> | undefined;
    m.entries.forEach((v, k) => {
      let nv: Value | undefined = v;
      if (v === null) nv = undefined;
      else if (isTable(v)) nv = this.clean(v);
      if (nv === v && out === undefined) return;
      if (out === undefined) {
        // The first change: the entries before it are kept as they are.
        out = new Map();
        for (const [pk, pv] of m.entries) {
          if (pk === k) break;
          out.set(pk, pv);
        }
      }
      if (nv !== undefined) out.set(k, nv);
    });
    const r = out === undefined ? m : new GoMap(out, m.type, m.elem, m.nil, m.methods);
    this.cleaned.set(m, r);
    return r;
  }

  coalesce(ch: Chart, dest: GoMap, prefix: string, merge: boolean): void {
    this.chartValues(ch, dest, prefix, merge);
    this.deps(ch, dest, prefix, merge);
  }

  private deps(ch: Chart, dest: GoMap, prefix: string, merge: boolean): void {
    for (const sub of ch.dependencies) {
      const name = sub.name;
      const c = dest.entries.get(name);
      let dv: GoMap;
      if (c === undefined) {
        dv = this.fresh();
        dest.entries.set(name, dv);
      } else if (!isTable(c)) throw new Error(`type mismatch on ${name}: ${sprintf('%t', [c])}`);
      else dv = this.own(dest, name, c);
      const subPrefix = concatPrefix(prefix, ch.name);
      this.globals(dv, dest, subPrefix);
      this.coalesce(sub, dv, subPrefix, merge);
    }
  }

  private globals(dest: GoMap, src: GoMap, prefix: string): void {
    const destglob = dest.entries.get(GLOBAL);
    let dg: GoMap;
    if (destglob === undefined) dg = this.fresh();
    else if (isTable(destglob)) dg = destglob;
    else {
      this.warn(`warning: skipping globals because destination ${GLOBAL} is not a table.`);
      return;
    }
    const srcglob = src.entries.get(GLOBAL);
    let sg: GoMap | undefined;
    if (srcglob === undefined) sg = undefined;
    else if (isTable(srcglob)) sg = srcglob;
    else {
      this.warn(`warning: skipping globals because source ${GLOBAL} is not a table.`);
      return;
    }
    if (destglob !== undefined) dg = this.own(dest, GLOBAL, dg);
    if (sg !== undefined) {
      // Below, a table of sg is copied one level: its inner tables are then in both places.
      let nested = false;
      sg.entries.forEach((v) => {
        if (isTable(v)) nested = true;
      });
      if (nested) {
        this.ownDeep(src, GLOBAL, sg);
        sg = src.entries.get(GLOBAL) as GoMap;
      }
      sg.entries.forEach((val, key) => {
        if (isTable(val)) {
          const vv = new GoMap(new Map(val.entries));
          this.owned.add(vv);
          const destv = dg.entries.get(key);
          if (destv === undefined) dg.entries.set(key, vv);
          else if (!isTable(destv))
            this.warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
          else {
            this.tables(vv, destv, concatPrefix(prefix, key), true);
            dg.entries.set(key, vv);
          }
        } else if (isTable(dg.entries.get(key))) this.warn(`key ${key} is table. Skipping`);
        else dg.entries.set(key, val);
      });
    }
    dest.entries.set(GLOBAL, dg);
  }

  private chartValues(ch: Chart, v: GoMap, prefix: string, merge: boolean): void {
    const subPrefix = concatPrefix(prefix, ch.name);
    const dest = v.entries;
    ch.values.entries.forEach((val, key) => {
      if (dest.has(key)) {
        const value = dest.get(key)!;
        if (value === null && !merge) dest.delete(key);
        else if (isTable(value)) {
          if (!isTable(val)) {
            if (val !== null) this.warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
          } else {
            const childMerge = merge || isDependency(ch, key);
            const src = childMerge ? val : this.clean(val);
            this.tables(this.own(v, key, value), src, concatPrefix(subPrefix, key), childMerge);
          }
        }
      } else if (merge) dest.set(key, val);
      else if (val !== null) dest.set(key, isTable(val) ? this.clean(val) : val);
    });
  }

  /** coalesceTables(dst, src): dst (owned) wins; src is read, never written. */
  private tables(dst: GoMap, src: GoMap, prefix: string, merge: boolean): void {
    const d = dst.entries;
    src.entries.forEach((val, key) => {
      if (!d.has(key)) {
        d.set(key, val);
        return;
      }
      const dv = d.get(key)!;
      // A null in dst deletes the key when src had a value there (coalescing), else stays.
      if (dv === null) {
        if (!merge && val !== null) d.delete(key);
        return;
      }
      if (isTable(val)) {
        if (isTable(dv)) this.tables(this.own(dst, key, dv), val, concatPrefix(prefix, key), merge);
        else
          this.warn(
            `warning: cannot overwrite table with non table for ${concatPrefix(prefix, key)} (${sprintf('%v', [val])})`,
          );
      } else if (isTable(dv) && val !== null) {
        this.warn(
          `warning: destination for ${concatPrefix(prefix, key)} is a table. Ignoring non-table value (${sprintf('%v', [val])})`,
        );
      }
    });
  }
}

function isDependency(ch: Chart, name: string): boolean {
  for (const d of ch.dependencies) if (d.name === name) return true;
  return false;
}
