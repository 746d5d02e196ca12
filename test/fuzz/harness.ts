// The seeded fuzzing harness of test/fuzz/ (issue 14): a small seeded generator, text and byte
// mutations of valid seeds, the property every reader of strangers' input must keep (return, or
// throw a typed error with a message: never a JS TypeError/RangeError/ReferenceError, never a
// stack message) and a bound on each input's time.
//
// CI runs a few hundred inputs per target. A longer run, with another seed:
//   RUDDER_FUZZ_ITERATIONS=20000 RUDDER_FUZZ_SEED=7 node scripts/test.mjs test/fuzz/
// A failure names the seed and iteration; the input that failed is written beside the report.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

export const ITERATIONS = Number(process.env.RUDDER_FUZZ_ITERATIONS ?? 300);
export const SEED = Number(process.env.RUDDER_FUZZ_SEED ?? 1);
/** One input may take this long (generous: the machine is shared; RUDDER_FUZZ_SLOW_MS on a loaded one). */
export const SLOW_MS = Number(process.env.RUDDER_FUZZ_SLOW_MS ?? 5_000);

/** mulberry32: a small seeded generator, so every run of a seed sees the same inputs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
}

/** Text mutations: characters from `alphabet` inserted, spans cut, copied, repeated. */
export function mutateText(g: Gen, s: string, alphabet: readonly string[]): string {
  const rounds = 1 + g.int(6);
  for (let r = 0; r < rounds; r++) {
    const at = g.int(s.length + 1);
    switch (g.int(6)) {
      case 0:
        s = s.slice(0, at) + g.pick(alphabet) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + g.int(8));
        break;
      case 2: {
        const from = g.int(s.length + 1);
        s = s.slice(0, at) + s.slice(from, from + g.int(40)) + s.slice(at);
        break;
      }
      case 3: {
        // Deep nesting: a pile of openers (closed or not).
        const open = g.pick(['[', '{', '- ', '{a: ', '[0]', '"a":[']);
        const n = g.pick([50, 1000, 10_001, 30_000]);
        const close = g.int(2) === 0 ? '' : open.includes('{') ? '}' : open.includes('[') ? ']' : '';
        s = s.slice(0, at) + open.repeat(n) + close.repeat(n) + s.slice(at);
        break;
      }
      case 4:
        s = s.slice(0, at) + g.pick(alphabet).repeat(1 + g.int(300)) + s.slice(at);
        break;
      default:
        s = s.slice(0, at) + String.fromCharCode(g.int(0x3000)) + s.slice(at);
    }
  }
  return s;
}

/** Byte mutations: flips, cuts, copies. */
export function mutateBytes(g: Gen, b: Uint8Array): Uint8Array {
  const out = Array.from(b);
  const rounds = 1 + g.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = g.int(out.length + 1);
    switch (g.int(4)) {
      case 0:
        if (out.length > 0) out[g.int(out.length)] = g.int(256);
        break;
      case 1:
        out.splice(at, 1 + g.int(64));
        break;
      case 2: {
        const from = g.int(out.length + 1);
        out.splice(at, 0, ...out.slice(from, from + g.int(512)));
        break;
      }
      default:
        out.length = Math.min(out.length, at);
    }
  }
  return Uint8Array.from(out);
}

/** Errors a reader may throw: typed ones with a message. JS engine errors are crashes. */
export function checkThrown(e: unknown): void {
  assert.ok(e instanceof Error, `threw a non-error: ${String(e)}`);
  for (const bad of [TypeError, RangeError, ReferenceError, SyntaxError, EvalError])
    assert.ok(!(e instanceof bad), `engine error ${e.name}: ${e.message}\n${e.stack ?? ''}`);
  assert.doesNotMatch(e.message, /call stack|stack size|heap|undefined is not|of undefined|of null/i);
  assert.notEqual(e.message, '');
}

export function fuzz<T>(
  name: string,
  make: (g: Gen) => T,
  run: (input: T) => void,
  show: (input: T) => string,
) {
  test(`fuzz: ${name} (${ITERATIONS} inputs, seed ${SEED})`, { timeout: 900_000 }, () => {
    const g = new Gen(random(SEED * 7919 + name.length));
    // RUDDER_FUZZ_ONLY=N runs input N alone (the inputs before it are still generated).
    const only = process.env.RUDDER_FUZZ_ONLY === undefined ? -1 : Number(process.env.RUDDER_FUZZ_ONLY);
    const fail = (i: number, input: T, why: string): never => {
      const file = join(mkdtempSync(join(tmpdir(), 'fuzz-')), 'input');
      writeFileSync(file, show(input));
      throw new Error(`${name}: seed ${SEED}, input ${i} (saved in ${file}): ${why}`);
    };
    for (let i = 0; i < ITERATIONS; i++) {
      const input = make(g);
      if (only >= 0 && i !== only) continue;
      const t0 = performance.now();
      try {
        run(input);
      } catch (e) {
        try {
          checkThrown(e);
        } catch (failure) {
          fail(i, input, (failure as Error).message);
        }
      }
      const ms = performance.now() - t0;
      if (ms >= SLOW_MS) fail(i, input, `took ${Math.round(ms)} ms`);
    }
  });
}
