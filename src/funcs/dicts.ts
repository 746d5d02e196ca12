// Sprig's dict functions (dict.go). Maps are shared references as in Go: set, unset, merge
// and mergeOverwrite mutate their first argument, and values merged in are aliased, not
// copied. A named map (common.Values) passed in comes back typed as the plain
// map[string]interface {} the Go parameter converted it to, sharing the same entries.
import { GoComplex, GoError, GoFunc, GoInt, GoList, GoMap, GoObject, type Value } from '../go/value.js';
import { crashCycleGuard } from '../go/cycle.js';
import { strval } from './conversion.js';
import { goFunc, interfaceConversion } from './reflect.js';

const PLAIN = 'map[string]interface {}';

/** The map as Go sees it inside a `map[string]interface {}` parameter: same entries, plain type. */
export function asPlainMap(m: GoMap): GoMap {
  if (m.type === PLAIN) return m;
  return new GoMap(m.entries, PLAIN, 'interface {}', m.nil);
}

const newMap = (entries: Map<string, Value> = new Map()): GoMap => new GoMap(entries);

/** Go panics when writing to a nil map. */
function assertWritable(m: GoMap): void {
  if (m.nil) throw new GoError('assignment to entry in nil map');
}

// ---- mergo 1.0.1 ----------------------------------------------------------------------------

/** mergo's isEmptyValue with dereferencing: like Sprig's empty, but complex numbers are never empty. */
function mergoEmpty(v: Value | undefined): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'boolean':
      return !v;
    case 'string':
      return v.length === 0;
    case 'number':
      return v === 0;
  }
  if (v instanceof GoInt) return v.v === 0n;
  if (v instanceof GoList) return v.items.length === 0;
  if (v instanceof GoMap) return v.size === 0;
  if (v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoComplex) return false;
  if (v instanceof GoObject) return v.goKind === 'struct' ? false : !v.truth();
  return false;
}

const isSlice = (v: Value): v is GoList | Uint8Array => v instanceof GoList || v instanceof Uint8Array;
const emptySliceLike = (v: GoList | Uint8Array): Value =>
  v instanceof GoList ? new GoList([], v.elem) : new Uint8Array(0);

/**
 * mergo's deepMerge of one map into another, as Sprig calls it (map[string]interface {} on
 * both sides). Nested maps merge in place; without overwrite, dst keeps its non-empty values.
 */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [key, s] of src.entries) {
    const dValid = dst.entries.has(key);
    const d = dst.entries.get(key);
    if (s === null) {
      if (overwrite) dst.entries.set(key, null);
      continue;
    }
    if (s instanceof GoMap) {
      // Merging into a non-map or a nil map has no effect (the value is not settable).
      if (d instanceof GoMap && !d.nil) mergeInto(d, s, overwrite);
    } else if (isSlice(s)) {
      // mergo tests the emptiness of the enclosing maps here, not of the elements.
      let slice: Value;
      if (overwrite || dst.entries.size === 0) slice = s;
      else slice = !dValid || d === null ? emptySliceLike(s) : d!;
      dst.entries.set(key, slice);
    }
    if (dValid && !mergoEmpty(d)) {
      if (isSlice(s)) continue;
      if (s instanceof GoMap && d instanceof GoMap) continue;
    }
    if (overwrite || !dValid || mergoEmpty(d)) dst.entries.set(key, s);
  }
}

/** mergo.Merge(&dst, src) / MergeWithOverwrite: returns dst, which a nil dst replaces. */
function mergo(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  let out = dst;
  if (out.nil && !src.nil) out = newMap();
  mergeInto(out, src, overwrite);
  return out;
}

function mergeAll(dst: Value, srcs: Value[], overwrite: boolean): GoMap {
  let out = asPlainMap(dst as GoMap);
  for (const s of srcs) out = mergo(out, s as GoMap, overwrite);
  return out;
}

// ---- copystructure ---------------------------------------------------------------------

/**
 * copystructure.Copy: maps and slices copied deeply, keeping their Go types and nil-ness.
 * Depth first on an explicit stack (values can nest 100,000 deep), the guard bracketing each
 * container as the recursion would.
 */
export function deepCopyValue(v: Value, guard = crashCycleGuard('copystructure')): Value {
  type Open =
    | { src: GoMap; dst: Map<string, Value>; it: Iterator<[string, Value]> }
    | { src: GoList; dst: Value[]; next: number };
  const open: Open[] = [];
  const begin = (x: Value): Value => {
    if (x instanceof GoMap && !x.nil) {
      guard.enter(x);
      const entries = new Map<string, Value>();
      open.push({ src: x, dst: entries, it: x.entries.entries() });
      return new GoMap(entries, x.type, x.elem, false, x.methods);
    }
    if (x instanceof GoList && !x.nil) {
      guard.enter(x);
      const items: Value[] = [];
      open.push({ src: x, dst: items, next: 0 });
      return new GoList(items, x.elem);
    }
    if (x instanceof Uint8Array) return x.slice();
    return x;
  };
  const root = begin(v);
  for (let top = open[open.length - 1]; top !== undefined; top = open[open.length - 1]) {
    if ('it' in top) {
      const n = top.it.next();
      if (!n.done) {
        top.dst.set(n.value[0], begin(n.value[1]));
        continue;
      }
    } else if (top.next < top.src.items.length) {
      top.dst.push(begin(top.src.items[top.next++] as Value));
      continue;
    }
    guard.leave(top.src);
    open.pop();
  }
  return root;
}

// copystructure panics inside reflect when handed a nil interface.
function deepCopy(v: Value): Value {
  if (v === null) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  return deepCopyValue(v);
}

// ---- dig -------------------------------------------------------------------------------

function dig(ps: Value[]): Value {
  if (ps.length < 3) throw new GoError('dig needs at least three arguments');
  const last = ps[ps.length - 1]!;
  if (!(last instanceof GoMap) || last.type !== PLAIN) throw interfaceConversion(last, PLAIN);
  const def = ps[ps.length - 2]!;
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw interfaceConversion(k, 'string');
    return k;
  });
  let dict: GoMap = last;
  for (let i = 0; ; i++) {
    const k = keys[i]!;
    if (!dict.entries.has(k)) return def;
    const step = dict.entries.get(k)!;
    if (i === keys.length - 1) return step;
    if (!(step instanceof GoMap) || step.type !== PLAIN) throw interfaceConversion(step, PLAIN);
    dict = step;
  }
}

// ---- the template functions -------------------------------------------------------------

const m = (v: Value): GoMap => v as GoMap;

/** dict get set unset hasKey pluck keys pick omit merge mustMerge mergeOverwrite mustMergeOverwrite values dig deepCopy mustDeepCopy */
export function dictsFuncs(): Map<string, GoFunc> {
  const MAP = 'map[string]interface {}';
  const fs = [
    goFunc('dict', `func(...interface {}) ${MAP}`, (...vs) => {
      const entries = new Map<string, Value>();
      for (let i = 0; i < vs.length; i += 2) entries.set(strval(vs[i]!), i + 1 < vs.length ? vs[i + 1]! : '');
      return newMap(entries);
    }),
    goFunc('get', `func(${MAP}, string) interface {}`, (d, k) => {
      const e = m(d).entries;
      return e.has(k as string) ? e.get(k as string)! : '';
    }),
    goFunc('set', `func(${MAP}, string, interface {}) ${MAP}`, (d, k, v) => {
      assertWritable(m(d));
      m(d).entries.set(k as string, v);
      return asPlainMap(m(d));
    }),
    goFunc('unset', `func(${MAP}, string) ${MAP}`, (d, k) => {
      m(d).entries.delete(k as string);
      return asPlainMap(m(d));
    }),
    goFunc('hasKey', `func(${MAP}, string) bool`, (d, k) => m(d).entries.has(k as string)),
    goFunc('pluck', `func(string, ...${MAP}) []interface {}`, (k, ...ds) => {
      const out: Value[] = [];
      for (const d of ds) if (m(d).entries.has(k as string)) out.push(m(d).entries.get(k as string)!);
      return new GoList(out);
    }),
    // Go map order is random; Rudder lists keys in insertion order (charts sort with sortAlpha).
    goFunc(
      'keys',
      `func(...${MAP}) []string`,
      (...ds) =>
        new GoList(
          ds.flatMap((d) => [...m(d).entries.keys()]),
          'string',
        ),
    ),
    goFunc('pick', `func(${MAP}, ...string) ${MAP}`, (d, ...ks) => {
      const out = new Map<string, Value>();
      for (const k of ks as string[]) if (m(d).entries.has(k)) out.set(k, m(d).entries.get(k)!);
      return newMap(out);
    }),
    goFunc('omit', `func(${MAP}, ...string) ${MAP}`, (d, ...ks) => {
      const drop = new Set(ks as string[]);
      const out = new Map<string, Value>();
      for (const [k, v] of m(d).entries) if (!drop.has(k)) out.set(k, v);
      return newMap(out);
    }),
    goFunc('merge', `func(${MAP}, ...${MAP}) interface {}`, (d, ...ss) => mergeAll(d, ss, false)),
    goFunc('mustMerge', `func(${MAP}, ...${MAP}) (interface {}, error)`, (d, ...ss) =>
      mergeAll(d, ss, false),
    ),
    goFunc('mergeOverwrite', `func(${MAP}, ...${MAP}) interface {}`, (d, ...ss) => mergeAll(d, ss, true)),
    goFunc('mustMergeOverwrite', `func(${MAP}, ...${MAP}) (interface {}, error)`, (d, ...ss) =>
      mergeAll(d, ss, true),
    ),
    goFunc('values', `func(${MAP}) []interface {}`, (d) => new GoList([...m(d).entries.values()])),
    goFunc('dig', 'func(...interface {}) (interface {}, error)', (...ps) => dig(ps)),
    goFunc('deepCopy', 'func(interface {}) interface {}', (v) => deepCopy(v)),
    goFunc('mustDeepCopy', 'func(interface {}) (interface {}, error)', (v) => deepCopy(v)),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
