/** The seeded generator of fast.test.ts and fast-flow.test.ts: an LCG, `r(n)` in [0, n). */
export function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return (s >>> 4) % n;
  };
}
