// Values that contain themselves (`set $d "self" $d`). encoding/json detects the cycle once
// more than 1000 maps and slices are nested (startDetectingCyclesAfter) and reports it as an
// error. Go's other walkers (fmt, yaml.v3, BurntSushi/toml, copystructure) have no such check:
// they recurse until Go's stack overflows, a fatal error that kills Helm. Rudder stops those
// with a clear error instead of running out of stack or heap.
import { GoError, GoList, GoMap, typeOf } from './value.js';

/** encoding/json's startDetectingCyclesAfter. */
export const START_DETECTING_CYCLES_AFTER = 1000;

/** Where Helm itself crashes on a cyclic value: not a GoError, so no function swallows it. */
export class CyclicValueError extends Error {
  override name = 'CyclicValueError';
}

/**
 * Counts nested maps and slices; past 1000 it remembers the ones being walked and calls
 * `onCycle` when one is met again inside itself. `enter`/`leave` bracket each map or slice.
 */
export class CycleGuard {
  private readonly seen = new Set<object>();

  /** `level`: pointers already followed (Sprig's toRawJson encodes `&v`, one more level). */
  constructor(
    private readonly onCycle: (v: GoMap | GoList) => Error,
    private level = 0,
  ) {}

  enter(v: GoMap | GoList): void {
    if (++this.level > START_DETECTING_CYCLES_AFTER) {
      const id = v instanceof GoList ? v.items : v.entries;
      if (this.seen.has(id)) {
        this.level = 0;
        this.seen.clear();
        throw this.onCycle(v);
      }
      this.seen.add(id);
    }
  }

  leave(v: GoMap | GoList): void {
    if (this.level-- > START_DETECTING_CYCLES_AFTER)
      this.seen.delete(v instanceof GoList ? v.items : v.entries);
  }
}

/** encoding/json's UnsupportedValueError for a cycle. */
export const jsonCycleGuard = (level = 0): CycleGuard =>
  new CycleGuard((v) => new GoError(`json: unsupported value: encountered a cycle via ${typeOf(v)}`), level);

/** A walker Helm runs without cycle detection: a bounded error naming the cycle. */
export const crashCycleGuard = (what: string): CycleGuard =>
  new CycleGuard(
    (v) =>
      new CyclicValueError(
        `${what}: value contains itself (a cycle via ${typeOf(v)}); Helm recurses here until Go's stack overflows (fatal error: stack overflow)`,
      ),
  );
