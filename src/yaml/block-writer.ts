// The block-style walk shared by toYaml (encode.ts, go-yaml v2 after a JSON round trip) and
// toYamlPretty (pretty.ts, yaml.v3 on the Go value): both write maps and lists in block style
// from an explicit stack of open frames instead of recursing, so nesting as deep as go-yaml
// reads (10,000) needs no JS stack, whatever Node's stack size. The encoders differ in how a
// value or a key becomes a scalar, which is what subclasses supply.
import type { CycleGuard } from '../go/cycle.js';
import type { GoList, GoMap, Value } from '../go/value.js';
import { Emitter, isSimpleKey, type EmitterOptions, type PreparedScalar } from './emitter.js';

/** An open map (keys, entries) or list (items), and the index of its next item. */
interface Frame {
  items?: readonly Value[];
  keys?: readonly string[];
  entries?: ReadonlyMap<string, Value>;
  i: number;
  /** The map or list the cycle guard entered for this frame (none for a struct's fields). */
  guarded?: GoList | GoMap;
}

export abstract class BlockWriter {
  readonly em: Emitter;
  private readonly frames: Frame[] = [];

  constructor(
    opts: EmitterOptions,
    protected readonly guard: CycleGuard,
  ) {
    this.em = new Emitter(opts);
  }

  /** Writes a scalar, or opens a non-empty map or list with sequence() or mapping(). */
  protected abstract visit(v: Value, root: boolean, mapping: boolean): void;
  /** A mapping key as a scalar. */
  protected abstract key(k: string): PreparedScalar;
  /** The order in which a map's keys are written. */
  protected abstract order(keys: string[]): string[];
  /** Called when a map or list opens, with the number now open (encode.ts checks the depth). */
  protected opened(_depth: number): void {}

  /** Writes v: the items of the maps and lists it opens are written here, not by recursion. */
  node(v: Value, root: boolean, mapping: boolean): void {
    const base = this.frames.length;
    this.visit(v, root, mapping);
    while (this.frames.length > base) {
      const f = this.frames[this.frames.length - 1]!;
      if (f.items !== undefined) {
        if (f.i < f.items.length) {
          this.em.blockSequenceItem();
          this.visit(f.items[f.i++] as Value, false, false);
          continue;
        }
      } else if (f.i < f.keys!.length) {
        const k = f.keys![f.i++]!;
        const key = this.key(k);
        const simple = isSimpleKey(key);
        this.em.blockMappingKey(simple);
        this.em.setContext({ root: false, mapping: true, simpleKey: simple });
        this.em.scalar(key);
        this.em.blockMappingValue(simple);
        this.visit(f.entries!.get(k) as Value, false, true);
        continue;
      }
      this.frames.pop();
      this.em.endBlock();
      if (f.guarded !== undefined) this.guard.leave(f.guarded);
    }
  }

  /** Opens a list (`[]` when empty); guarded is what the cycle guard entered for it. */
  protected sequence(items: readonly Value[], guarded: GoList | undefined): void {
    if (items.length === 0) {
      this.em.emptyCollection('[');
      if (guarded !== undefined) this.guard.leave(guarded);
      return;
    }
    this.em.beginBlockSequence();
    this.opened(this.frames.length + 1);
    this.frames.push({ items, i: 0, guarded });
  }

  /** Opens a map (`{}` when empty), its keys in order() when sort, else as they come. */
  protected mapping(entries: ReadonlyMap<string, Value>, sort: boolean, guarded: GoMap | undefined): void {
    if (entries.size === 0) {
      this.em.emptyCollection('{');
      if (guarded !== undefined) this.guard.leave(guarded);
      return;
    }
    this.em.beginBlockMapping();
    this.opened(this.frames.length + 1);
    const keys = sort ? this.order([...entries.keys()]) : [...entries.keys()];
    this.frames.push({ keys, entries, i: 0, guarded });
  }
}
