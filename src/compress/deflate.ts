// A deflate compressor that emits the same bytes as Go 1.26's compress/flate at levels 2-9
// (Helm writes charts at the default level 6): the same 4-byte hash chains, lazy matching,
// window sliding, block cut points and per-block encoding choice. Output can depend on how the
// input is split across write() calls (window slides happen at fill time), so callers that want
// Go-identical bytes must issue the same writes Go's callers do.
import { BlockWriter, MAX_STORE_BLOCK_SIZE, matchToken } from './block-writer.js';

const LOG_WINDOW_SIZE = 15;
const WINDOW_SIZE = 1 << LOG_WINDOW_SIZE;
const WINDOW_MASK = WINDOW_SIZE - 1;
const BASE_MATCH_LENGTH = 3;
const MIN_MATCH_LENGTH = 4;
const MAX_MATCH_LENGTH = 258;
const BASE_MATCH_OFFSET = 1;
const MAX_FLATE_BLOCK_TOKENS = 1 << 14;
const HASH_BITS = 17;
const HASH_SIZE = 1 << HASH_BITS;
const MAX_HASH_OFFSET = 1 << 24;
const SKIP_NEVER = 0x7fffffff;
const HASH_MUL = 0x1e35a7bd;

interface Level {
  good: number;
  lazy: number;
  nice: number;
  chain: number;
  fastSkipHashing: number;
}

// Go's table for levels 2..9 (level 1 uses a different algorithm, not provided here).
const LEVELS: Record<number, Level> = {
  2: { good: 4, lazy: 0, nice: 16, chain: 8, fastSkipHashing: 5 },
  3: { good: 4, lazy: 0, nice: 32, chain: 32, fastSkipHashing: 6 },
  4: { good: 4, lazy: 4, nice: 16, chain: 16, fastSkipHashing: SKIP_NEVER },
  5: { good: 8, lazy: 16, nice: 32, chain: 32, fastSkipHashing: SKIP_NEVER },
  6: { good: 8, lazy: 16, nice: 128, chain: 128, fastSkipHashing: SKIP_NEVER },
  7: { good: 8, lazy: 32, nice: 128, chain: 256, fastSkipHashing: SKIP_NEVER },
  8: { good: 32, lazy: 128, nice: 258, chain: 1024, fastSkipHashing: SKIP_NEVER },
  9: { good: 32, lazy: 258, nice: 258, chain: 4096, fastSkipHashing: SKIP_NEVER },
};

export const DEFAULT_COMPRESSION = -1;

export class Deflater {
  private readonly cfg: Level;
  private readonly out = new BlockWriter();
  private readonly window = new Uint8Array(2 * WINDOW_SIZE);
  private readonly hashHead = new Uint32Array(HASH_SIZE);
  private readonly hashPrev = new Uint32Array(WINDOW_SIZE);
  private readonly tokens = new Uint32Array(MAX_FLATE_BLOCK_TOKENS + 1);
  private ntokens = 0;
  private index = 0;
  private windowEnd = 0;
  private blockStart = 0;
  private byteAvailable = false;
  private sync = false;
  private length = MIN_MATCH_LENGTH - 1;
  private offset = 0;
  private maxInsertIndex = 0;
  private chainHead = -1;
  private hashOffset = 1;
  private closed = false;

  constructor(level: number = DEFAULT_COMPRESSION) {
    const lv = level === DEFAULT_COMPRESSION ? 6 : level;
    const cfg = LEVELS[lv];
    if (!cfg) throw new Error(`flate: unsupported compression level ${level}: want 2..9 or -1`);
    this.cfg = cfg;
  }

  /** Compresses `data`; returns the compressed bytes completed so far. */
  write(data: Uint8Array): Uint8Array {
    if (this.closed) throw new Error('flate: closed writer');
    let b = data;
    while (b.length > 0) {
      this.deflate();
      b = b.subarray(this.fill(b));
    }
    return this.out.bits.take();
  }

  /** Finishes the stream (final empty stored block, as Go writes); returns the remaining bytes. */
  close(): Uint8Array {
    if (!this.closed) {
      this.sync = true;
      this.deflate();
      this.out.writeStoredHeader(0, true);
      this.out.flush();
      this.closed = true;
    }
    return this.out.bits.take();
  }

  private fill(b: Uint8Array): number {
    if (this.index >= 2 * WINDOW_SIZE - (MIN_MATCH_LENGTH + MAX_MATCH_LENGTH)) {
      // Slide the upper half down; positions in the hash tables are kept relative via hashOffset.
      this.window.copyWithin(0, WINDOW_SIZE, 2 * WINDOW_SIZE);
      this.index -= WINDOW_SIZE;
      this.windowEnd -= WINDOW_SIZE;
      if (this.blockStart >= WINDOW_SIZE) this.blockStart -= WINDOW_SIZE;
      else this.blockStart = 0x7fffffff;
      this.hashOffset += WINDOW_SIZE;
      if (this.hashOffset > MAX_HASH_OFFSET) {
        const delta = this.hashOffset - 1;
        this.hashOffset -= delta;
        this.chainHead -= delta;
        for (const table of [this.hashPrev, this.hashHead]) {
          for (let i = 0; i < table.length; i++) {
            const v = table[i]!;
            table[i] = v > delta ? v - delta : 0;
          }
        }
      }
    }
    const n = Math.min(b.length, this.window.length - this.windowEnd);
    this.window.set(b.subarray(0, n), this.windowEnd);
    this.windowEnd += n;
    return n;
  }

  private writeBlock(index: number): void {
    if (index > 0) {
      const input = this.blockStart <= index ? this.window.subarray(this.blockStart, index) : null;
      this.blockStart = index;
      this.out.writeBlock(this.tokens, this.ntokens, false, input);
    }
  }

  // findMatch's answer, in fields: a tuple per call costs an allocation in the interpreter, which
  // runs this loop for most of a CLI's short life.
  private matchLength = 0;
  private matchOffset = 0;

  /** Walks the hash chain from `prevHead`; true (match in matchLength/matchOffset) when one beats prevLength. */
  private findMatch(pos: number, prevHead: number, prevLength: number, lookahead: number): boolean {
    const win = this.window;
    const hashPrev = this.hashPrev;
    const hashOffset = this.hashOffset;
    const cfg = this.cfg;
    const minMatchLook = lookahead < MAX_MATCH_LENGTH ? lookahead : MAX_MATCH_LENGTH;
    const nice = cfg.nice < minMatchLook ? cfg.nice : minMatchLook;
    let tries = cfg.chain;
    let length = prevLength;
    let offset = 0;
    let ok = false;
    if (length >= cfg.good) tries >>= 2;
    let wEnd = win[pos + length]!;
    const minIndex = pos - WINDOW_SIZE;
    for (let i = prevHead; tries > 0; tries--) {
      if (wEnd === win[i + length]) {
        let n = 0;
        while (n < minMatchLook && win[i + n] === win[pos + n]) n++;
        // Short matches far back cost more than the literals they replace.
        if (n > length && (n > MIN_MATCH_LENGTH || pos - i <= 4096)) {
          length = n;
          offset = pos - i;
          ok = true;
          if (n >= nice) break;
          wEnd = win[pos + n]!;
        }
      }
      if (i === minIndex) break;
      i = hashPrev[i & WINDOW_MASK]! - hashOffset;
      if (i < minIndex || i < 0) break;
    }
    this.matchLength = length;
    this.matchOffset = offset;
    return ok;
  }

  // The state the loop below moves lives in locals while it runs (written back before any call that
  // reads it and on exit): property loads and stores dominate it before the JIT has optimised it.
  private deflate(): void {
    const cfg = this.cfg;
    const win = this.window;
    const hashHead = this.hashHead;
    const hashPrev = this.hashPrev;
    const hashOffset = this.hashOffset;
    const tokens = this.tokens;
    const lazyMode = cfg.fastSkipHashing === SKIP_NEVER;
    const lazyLimit = cfg.lazy;
    const fastSkip = cfg.fastSkipHashing;
    const windowEnd = this.windowEnd;
    const sync = this.sync;
    // Not enough input yet: the loop's first test breaks out at once. (No early return: the
    // write-back below then runs in the interpreter first, so optimised code has its feedback.)
    const maxInsertIndex = windowEnd - (MIN_MATCH_LENGTH - 1);
    this.maxInsertIndex = maxInsertIndex;
    let index = this.index;
    let length = this.length;
    let offset = this.offset;
    let byteAvailable = this.byteAvailable;
    let chainHead = this.chainHead;
    let nt = this.ntokens;
    const flushBlock = (at: number): void => {
      this.ntokens = nt;
      this.writeBlock(at);
      nt = 0;
      this.ntokens = 0;
    };

    for (;;) {
      const lookahead = windowEnd - index;
      if (lookahead < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH) {
        if (!sync) break;
        if (lookahead === 0) {
          // Flush the pending literal and the last block.
          if (byteAvailable) {
            tokens[nt++] = win[index - 1]!;
            byteAvailable = false;
          }
          if (nt > 0) flushBlock(index);
          break;
        }
      }
      if (index < maxInsertIndex) {
        const h =
          Math.imul(
            win[index + 3]! | (win[index + 2]! << 8) | (win[index + 1]! << 16) | (win[index]! << 24),
            HASH_MUL,
          ) >>>
          (32 - HASH_BITS);
        chainHead = hashHead[h]!;
        hashPrev[index & WINDOW_MASK] = chainHead >>> 0;
        hashHead[h] = index + hashOffset;
      }
      const prevLength = length;
      const prevOffset = offset;
      length = MIN_MATCH_LENGTH - 1;
      offset = 0;
      const minIndex = Math.max(index - WINDOW_SIZE, 0);

      if (
        chainHead - hashOffset >= minIndex &&
        ((!lazyMode && lookahead > MIN_MATCH_LENGTH - 1) ||
          (lazyMode && lookahead > prevLength && prevLength < lazyLimit))
      ) {
        if (this.findMatch(index, chainHead - hashOffset, MIN_MATCH_LENGTH - 1, lookahead)) {
          length = this.matchLength;
          offset = this.matchOffset;
        }
      }

      if (
        (!lazyMode && length >= MIN_MATCH_LENGTH) ||
        (lazyMode && prevLength >= MIN_MATCH_LENGTH && length <= prevLength)
      ) {
        // Emit a match: the current one (greedy levels) or the previous one (lazy levels).
        tokens[nt++] = lazyMode
          ? matchToken(prevLength - BASE_MATCH_LENGTH, prevOffset - BASE_MATCH_OFFSET)
          : matchToken(length - BASE_MATCH_LENGTH, offset - BASE_MATCH_OFFSET);
        if (length <= fastSkip) {
          const newIndex = lazyMode ? index + prevLength - 1 : index + length;
          index++;
          // Hash every position the match covers, the 4-byte word rolled one byte at a time.
          const stop = newIndex < maxInsertIndex ? newIndex : maxInsertIndex;
          if (index < stop) {
            let word = win[index + 2]! | (win[index + 1]! << 8) | (win[index]! << 16);
            for (; index < stop; index++) {
              word = (word << 8) | win[index + 3]!;
              const h = Math.imul(word, HASH_MUL) >>> (32 - HASH_BITS);
              hashPrev[index & WINDOW_MASK] = hashHead[h]!;
              hashHead[h] = index + hashOffset;
            }
          }
          if (index < newIndex) index = newIndex;
          if (lazyMode) {
            byteAvailable = false;
            length = MIN_MATCH_LENGTH - 1;
          }
        } else {
          // Greedy levels skip hashing inside long matches.
          index += length;
        }
        if (nt === MAX_FLATE_BLOCK_TOKENS) flushBlock(index);
      } else {
        if (!lazyMode || byteAvailable) {
          const i = lazyMode ? index - 1 : index;
          tokens[nt++] = win[i]!;
          if (nt === MAX_FLATE_BLOCK_TOKENS) flushBlock(i + 1);
        }
        index++;
        if (lazyMode) byteAvailable = true;
      }
    }
    this.index = index;
    this.length = length;
    this.offset = offset;
    this.byteAvailable = byteAvailable;
    this.chainHead = chainHead;
    this.ntokens = nt;
  }
}

export { MAX_STORE_BLOCK_SIZE };
