// Whole values trees compared and copied, for a prepared chart's memo of its coalesced values
// (release/prepared.ts): a render with values equal to the last render's gets a copy of the
// values that render coalesced instead of processing dependencies and coalescing again.
import { GoComplex, GoInt, GoList, GoMap, type Value } from '../go/value.js';

/**
 * Deeper trees are neither compared nor copied here (`--set a[0][0]…` nests as deep as the
 * argument is long, past what recursion may take): they are never equal and have no copy.
 */
const MAX_DEPTH = 1000;

class TooDeep extends Error {}

/**
 * Whether two values trees are the same for everything coalescing and rendering can observe:
 * maps and lists by type, flags and contents (map keys in the same order, as later iteration
 * follows it), bytes by content, scalars by Object.is. Any other object (a Go struct, a function)
 * is unknown here and never equal, so such trees are never taken for one another; nor are
 * trees deeper than MAX_DEPTH.
 */
export function sameValues(a: Value, b: Value, depth = 0): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null || depth > MAX_DEPTH) return false;
  if (a instanceof GoMap) {
    if (!(b instanceof GoMap)) return false;
    if (a.type !== b.type || a.elem !== b.elem || a.nil !== b.nil || a.methods !== b.methods) return false;
    if (a.entries.size !== b.entries.size) return false;
    const bi = b.entries.entries();
    for (const [k, v] of a.entries) {
      const [bk, bv] = bi.next().value!;
      if (k !== bk || !sameValues(v, bv, depth + 1)) return false;
    }
    return true;
  }
  if (a instanceof GoList) {
    if (!(b instanceof GoList)) return false;
    if (a.elem !== b.elem || a.nil !== b.nil || a.named !== b.named || a.methods !== b.methods) return false;
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++)
      if (!sameValues(a.items[i]!, b.items[i]!, depth + 1)) return false;
    return true;
  }
  if (a instanceof GoInt) return b instanceof GoInt && a.kind === b.kind && a.v === b.v;
  if (a instanceof GoComplex) return b instanceof GoComplex && Object.is(a.re, b.re) && Object.is(a.im, b.im);
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length || a.constructor !== b.constructor) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return false;
}

/**
 * A copy of a values tree with the same shape: maps, lists and byte slices copied (with every
 * field), other values shared as coalescing's deepCopy shares them, and a map or list reached
 * twice copied once, so the copy aliases where the original does (coalescing shares a global's
 * tables between a parent and its subcharts, and a template changing one sees it in the other,
 * as in Helm). Undefined for a tree deeper than MAX_DEPTH.
 */
export function cloneValues(v: Value): Value | undefined {
  try {
    return cloneShared(v, new Map(), null, 0);
  } catch (err) {
    if (err instanceof TooDeep) return undefined;
    throw err;
  }
}

/**
 * A values tree kept to be copied again and again (a prepared chart's coalesced values): the
 * maps and lists reached twice are found once, so a copy tracks only those (a copy that tracked
 * every node spent a third of its time and memory on that table).
 */
export class KeptValues {
  private constructor(
    private readonly tree: Value,
    /** What the tree reaches more than once; null when nothing is. */
    private readonly aliased: Set<object> | null,
  ) {}

  /** A private copy of `v` to copy from later; undefined for a tree deeper than MAX_DEPTH. */
  static keep(v: Value): KeptValues | undefined {
    const tree = cloneValues(v);
    if (tree === undefined) return undefined;
    const seen = new Set<object>();
    const aliased = new Set<object>();
    const walk = (x: Value): void => {
      if (typeof x !== 'object' || x === null) return;
      if (!(x instanceof GoMap || x instanceof GoList || x instanceof Uint8Array)) return;
      if (seen.has(x)) {
        aliased.add(x);
        return;
      }
      seen.add(x);
      if (x instanceof GoMap) for (const e of x.entries.values()) walk(e);
      else if (x instanceof GoList) for (const e of x.items) walk(e);
    };
    walk(tree);
    return new KeptValues(tree, aliased.size === 0 ? null : aliased);
  }

  /** A copy as cloneValues makes it. */
  copy(): Value {
    return cloneShared(this.tree, this.aliased === null ? null : new Map(), this.aliased, 0);
  }
}

/**
 * `seen`: copies made of the nodes that are tracked: every node when `aliased` is null and
 * `seen` is not; those in `aliased` otherwise; none when both are null.
 */
function cloneShared(
  x: Value,
  seen: Map<object, Value> | null,
  aliased: Set<object> | null,
  depth: number,
): Value {
  if (typeof x !== 'object' || x === null) return x;
  if (depth > MAX_DEPTH) throw new TooDeep();
  const track = seen !== null && (aliased === null || aliased.has(x));
  if (track) {
    const done = seen.get(x);
    if (done !== undefined) return done;
  }
  if (x instanceof GoMap) {
    const m = new Map<string, Value>();
    const c = new GoMap(m, x.type, x.elem, x.nil, x.methods);
    if (track) seen.set(x, c);
    for (const [k, e] of x.entries)
      m.set(k, typeof e === 'object' && e !== null ? cloneShared(e, seen, aliased, depth + 1) : e);
    return c;
  }
  if (x instanceof GoList) {
    const items: Value[] = [];
    const c = new GoList(items, x.elem, x.nil, x.named, x.methods);
    if (track) seen.set(x, c);
    const src = x.items;
    for (let i = 0; i < src.length; i++) {
      const e = src[i]!;
      items.push(typeof e === 'object' && e !== null ? cloneShared(e, seen, aliased, depth + 1) : e);
    }
    return c;
  }
  if (x instanceof Uint8Array) {
    const c = Uint8Array.from(x);
    if (track) seen.set(x, c);
    return c;
  }
  return x;
}
