// Huffman code construction exactly as Go's compress/flate builds it (huffman_code.go): a
// length-limited package-merge over literals sorted by (frequency, literal), then canonical codes
// assigned per bit length in literal order. Same lengths and codes ⇒ same compressed bytes.

export const MAX_NUM_LIT = 286;
const MAX_INT32 = 0x7fffffff;
const MAX_BITS_LIMIT = 16;

/** Reverses the low `len` bits of `code` (deflate writes codes LSB first). */
export function reverseBits(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) {
    r = (r << 1) | ((code >>> i) & 1);
  }
  return r;
}

export class HuffmanEncoder {
  /** Code (bit-reversed) per symbol. */
  readonly code: Uint16Array;
  /** Code length per symbol; 0 when unused. */
  readonly len: Uint8Array;

  constructor(size: number) {
    this.code = new Uint16Array(size);
    this.len = new Uint8Array(size);
  }

  /** Total bits needed to code `freq` with the current lengths. */
  bitLength(freq: Int32Array): number {
    let total = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) total += f * this.len[i]!;
    }
    return total;
  }

  /** Builds codes of at most `maxBits` bits for the given frequencies. */
  generate(freq: Int32Array, maxBits: number): void {
    const lits: number[] = [];
    const freqs: number[] = [];
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i]!;
      if (f !== 0) {
        lits.push(i);
        freqs.push(f);
      } else {
        this.len[i] = 0;
      }
    }
    const count = lits.length;
    if (count <= 2) {
      // Go gives the (at most two) used symbols codes 0 and 1 of length one.
      for (let i = 0; i < count; i++) {
        this.code[lits[i]!] = i;
        this.len[lits[i]!] = 1;
      }
      return;
    }
    // Sort by frequency, then literal: a total order, so any sort gives Go's result.
    const order = lits.map((_, i) => i);
    order.sort((a, b) => freqs[a]! - freqs[b]! || lits[a]! - lits[b]!);
    const sLits = order.map((i) => lits[i]!);
    const sFreqs = order.map((i) => freqs[i]!);
    const bitCount = bitCounts(sFreqs, maxBits);
    this.assign(bitCount, sLits);
  }

  private assign(bitCount: number[], lits: number[]): void {
    let code = 0;
    let end = lits.length;
    for (let n = 0; n < bitCount.length; n++) {
      code = (code << 1) & 0xffff;
      const bits = bitCount[n]!;
      if (n === 0 || bits === 0) continue;
      // The `bits` least frequent remaining symbols get length n, in literal order.
      const chunk = lits.slice(end - bits, end).sort((a, b) => a - b);
      for (const lit of chunk) {
        this.code[lit] = reverseBits(code, n);
        this.len[lit] = n;
        code = (code + 1) & 0xffff;
      }
      end -= bits;
    }
  }
}

interface LevelInfo {
  level: number;
  lastFreq: number;
  nextCharFreq: number;
  nextPairFreq: number;
  needed: number;
}

/** Number of symbols per code length (index = length), Go's boundary package-merge. */
function bitCounts(sortedFreqs: number[], maxBitsIn: number): number[] {
  const n = sortedFreqs.length;
  const freqAt = (i: number): number => (i < n ? sortedFreqs[i]! : MAX_INT32);
  let maxBits = maxBitsIn;
  if (maxBits > n - 1) maxBits = n - 1;

  const levels: LevelInfo[] = [];
  const leafCounts: Int32Array[] = [];
  for (let i = 0; i <= MAX_BITS_LIMIT; i++) {
    levels.push({ level: i, lastFreq: 0, nextCharFreq: 0, nextPairFreq: 0, needed: 0 });
    leafCounts.push(new Int32Array(MAX_BITS_LIMIT + 1));
  }
  for (let level = 1; level <= maxBits; level++) {
    levels[level] = {
      level,
      lastFreq: freqAt(1),
      nextCharFreq: freqAt(2),
      nextPairFreq: level === 1 ? MAX_INT32 : (freqAt(0) + freqAt(1)) | 0,
      needed: 0,
    };
    leafCounts[level]![level] = 2;
  }
  levels[maxBits]!.needed = 2 * n - 4;

  let level = maxBits;
  for (;;) {
    const l = levels[level]!;
    if (l.nextPairFreq === MAX_INT32 && l.nextCharFreq === MAX_INT32) {
      // This level ran out of both leaves and pairs.
      l.needed = 0;
      levels[level + 1]!.nextPairFreq = MAX_INT32;
      level++;
      continue;
    }
    const prevFreq = l.lastFreq;
    if (l.nextCharFreq < l.nextPairFreq) {
      const c = leafCounts[level]![level]! + 1;
      l.lastFreq = l.nextCharFreq;
      leafCounts[level]![level] = c;
      l.nextCharFreq = freqAt(c);
    } else {
      l.lastFreq = l.nextPairFreq;
      leafCounts[level]!.set(leafCounts[level - 1]!.subarray(0, level), 0);
      levels[l.level - 1]!.needed = 2;
    }
    l.needed--;
    if (l.needed === 0) {
      if (l.level === maxBits) break;
      levels[l.level + 1]!.nextPairFreq = (prevFreq + l.lastFreq) | 0;
      level++;
    } else {
      while (levels[level - 1]!.needed > 0) level--;
    }
  }
  if (leafCounts[maxBits]![maxBits] !== n) throw new Error('flate: leafCounts[maxBits][maxBits] != n');

  const bitCount: number[] = new Array<number>(maxBits + 1).fill(0);
  let bits = 1;
  const counts = leafCounts[maxBits]!;
  for (let lv = maxBits; lv > 0; lv--) {
    bitCount[bits] = counts[lv]! - counts[lv - 1]!;
    bits++;
  }
  return bitCount;
}

/** RFC 1951 fixed literal/length code. */
export function fixedLiteralEncoding(): HuffmanEncoder {
  const h = new HuffmanEncoder(MAX_NUM_LIT);
  for (let ch = 0; ch < MAX_NUM_LIT; ch++) {
    let bits: number;
    let size: number;
    if (ch < 144) {
      bits = ch + 48;
      size = 8;
    } else if (ch < 256) {
      bits = ch + 400 - 144;
      size = 9;
    } else if (ch < 280) {
      bits = ch - 256;
      size = 7;
    } else {
      bits = ch + 192 - 280;
      size = 8;
    }
    h.code[ch] = reverseBits(bits, size);
    h.len[ch] = size;
  }
  return h;
}

/** RFC 1951 fixed distance code (Go sizes it for 30 codes). */
export function fixedOffsetEncoding(): HuffmanEncoder {
  const h = new HuffmanEncoder(30);
  for (let ch = 0; ch < 30; ch++) {
    h.code[ch] = reverseBits(ch, 5);
    h.len[ch] = 5;
  }
  return h;
}
