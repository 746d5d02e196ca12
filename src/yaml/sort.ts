// go-yaml's map key order for string keys (sorter.go, v2 and v3): a "natural" order where digit runs
// compare by value, letters by code point, and a non-letter sorts before a letter.

// Made on first use (non-ASCII keys only): a Unicode property class is costly to make at start-up.
let letter: RegExp | undefined;
let digit: RegExp | undefined;
const isLetter = (c: number): boolean =>
  c < 0x80
    ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    : (letter ??= /\p{L}/u).test(String.fromCodePoint(c));
const isDigit = (c: number): boolean =>
  c < 0x80 ? c >= 0x30 && c <= 0x39 : (digit ??= /\p{Nd}/u).test(String.fromCodePoint(c));

const SURROGATE = /[\ud800-\udfff]/;

/** Code points of s (strings without surrogates skip the iterator, slow in cold code). */
function runes(s: string): number[] {
  const n = s.length;
  if (!SURROGATE.test(s)) {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) as number);
  return out;
}

/** Accumulates a digit run as go-yaml does (int64, wrapping); Number while it stays exact. */
function digitRun(r: readonly number[], i: number, seed: number): [bigint | number, number] {
  let n: bigint | number = seed;
  let k = i;
  for (; k < r.length && isDigit(r[k] as number); k++) {
    const d = (r[k] as number) - 0x30;
    if (typeof n === 'number' && n < 1e14) n = n * 10 + d;
    else n = BigInt.asIntN(64, BigInt(n) * 10n + BigInt(d));
  }
  return [n, k];
}

/** keyList.Less for two string keys given as code points: true when a sorts before b. */
export function naturalLessRunes(ar: readonly number[], br: readonly number[], v3 = false): boolean {
  // yaml.v3 remembers whether the common prefix ended in a digit: then a letter sorts first.
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i] as number;
    const y = br[i] as number;
    if (x === y) {
      if (v3) digits = isDigit(x);
      continue;
    }
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return digits ? al : bl;
    // A zero digit counts as part of a number only when an earlier digit of the run was
    // non-zero (go-yaml seeds both sides with 1 then).
    let seed = 0;
    if (x === 0x30 || y === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as number); j--) {
        if (ar[j] !== 0x30) {
          seed = 1;
          break;
        }
      }
    }
    const [an, ai] = digitRun(ar, i, seed);
    const [bn, bi] = digitRun(br, i, seed);
    if (an !== bn) return typeof an === typeof bn ? an < bn : BigInt(an) < BigInt(bn);
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return ar.length < br.length;
}

export const naturalLess = (a: string, b: string): boolean => naturalLessRunes(runes(a), runes(b));

/** Sorts keys in go-yaml's order, v2's or v3's (code points computed once per key). */
export function sortKeysNatural(keys: readonly string[], v3 = false): string[] {
  const dec = keys.map((k) => ({ k, r: runes(k) }));
  dec.sort((a, b) => (naturalLessRunes(a.r, b.r, v3) ? -1 : naturalLessRunes(b.r, a.r, v3) ? 1 : 0));
  return dec.map((d) => d.k);
}
