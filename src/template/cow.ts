// The copy-on-write map behind Go's Template.Clone: Go copies the set's templates and its
// FuncMap on every Clone, and Helm's tpl clones once per call site, so copying eagerly would make
// tpl cost grow with the chart. A fork here starts empty and reads through to the layers below
// it, which are frozen from then on; the first change to a frozen layer gives its owner a flat
// copy. Both sides of a clone therefore see their own changes only, as after Go's copy.

interface Layer<K, V> {
  readonly map: Map<K, V>;
  readonly below: Layer<K, V> | null;
  readonly depth: number;
  /** Some fork reads through this layer: it must not change any more. */
  frozen: boolean;
}

/** What makes a map's own copy of a value that its owner changes in place. */
export interface Copier<V> {
  copy(v: V): V;
}

/** A long chain of forks of forks would make every lookup walk it: flatten beyond this. */
const MAX_DEPTH = 4;

const layer = <K, V>(map: Map<K, V>, below: Layer<K, V> | null): Layer<K, V> => ({
  map,
  below,
  depth: below === null ? 0 : below.depth + 1,
  frozen: false,
});

export class CowMap<K, V> {
  private top: Layer<K, V>;

  /**
   * `owner`, for values that it changes in place (templates): an entry read through from a
   * layer below becomes the owner's copy, and when this map leaves a frozen layer its entries
   * there are replaced by copies, so later in-place changes never reach a fork. (An object, not
   * a closure: Helm's tpl makes a map per call.)
   */
  constructor(
    private readonly owner: Copier<V> | null = null,
    below: Layer<K, V> | null = null,
  ) {
    this.top = layer(new Map(), below);
  }

  /** A map that starts as this one and then goes its own way (`owner` as for the constructor). */
  fork(owner: Copier<V> | null = this.owner): CowMap<K, V> {
    if (this.top.depth >= MAX_DEPTH) this.flatten();
    this.top.frozen = true;
    return new CowMap(owner, this.top);
  }

  get(key: K): V | undefined {
    const v = this.top.map.get(key);
    if (v !== undefined) return v;
    for (let l = this.top.below; l !== null; l = l.below) {
      const b = l.map.get(key);
      if (b === undefined) continue;
      if (this.owner === null) return b;
      if (this.top.frozen) {
        this.flatten();
        return this.top.map.get(key);
      }
      const own = this.owner.copy(b);
      this.top.map.set(key, own);
      return own;
    }
    return undefined;
  }

  has(key: K): boolean {
    for (let l: Layer<K, V> | null = this.top; l !== null; l = l.below) if (l.map.has(key)) return true;
    return false;
  }

  set(key: K, value: V): void {
    if (this.top.frozen) this.flatten();
    this.top.map.set(key, value);
  }

  /** Before `value`, this map's entry for `key`, changes in place. */
  touch(key: K, value: V): void {
    if (this.top.frozen && this.top.map.get(key) === value) this.flatten();
  }

  /**
   * Every entry, in first-insertion order from the bottom layer up. A plain map's lookup table
   * when it has no layers below (a builtin Map's get is what the executor calls most).
   */
  entries(): ReadonlyMap<K, V> {
    if (this.top.below === null) return this.top.map;
    if (this.owner !== null) {
      this.flatten();
      return this.top.map;
    }
    return this.merged();
  }

  keys(): IterableIterator<K> {
    return this.entries().keys();
  }

  /** What a lookup by key should call: the top map itself while nothing lies below it. */
  lookup(): { get(key: K): V | undefined } {
    return this.top.below === null ? this.top.map : this;
  }

  private merged(): Map<K, V> {
    const maps: Map<K, V>[] = [];
    for (let l: Layer<K, V> | null = this.top; l !== null; l = l.below) maps.push(l.map);
    const m = new Map<K, V>();
    for (let i = maps.length - 1; i >= 0; i--) for (const [k, v] of maps[i]!) m.set(k, v);
    return m;
  }

  /** Replaces the layers by one flat, unfrozen map that holds only this map's own values. */
  private flatten(): void {
    const old = this.top;
    const m = this.merged();
    const o = this.owner;
    if (o !== null) {
      for (const [k, v] of m) if (!old.map.has(k)) m.set(k, o.copy(v));
      if (old.frozen) for (const [k, v] of old.map) old.map.set(k, o.copy(v));
    }
    this.top = layer(m, null);
  }
}
