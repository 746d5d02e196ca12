// Deflate block encoding as Go's huffmanBitWriter.writeBlock does it: per block, the cheapest of
// stored, fixed-Huffman and dynamic-Huffman by Go's own size estimates, with Go's code-length
// (codegen) run-length encoding. Token layout matches Go's token type.
import { BitWriter } from './bit-writer.js';
import { HuffmanEncoder, MAX_NUM_LIT, fixedLiteralEncoding, fixedOffsetEncoding } from './huffman.js';

export const MATCH_TYPE = 1 << 30;
const LENGTH_SHIFT = 22;
const OFFSET_MASK = (1 << LENGTH_SHIFT) - 1;
export const END_BLOCK_MARKER = 256;
const LENGTH_CODES_START = 257;
const OFFSET_CODE_COUNT = 30;
const CODEGEN_CODE_COUNT = 19;
const BAD_CODE = 255;
export const MAX_STORE_BLOCK_SIZE = 65535;

/** A match token: length-3 and offset-1, as Go packs them. */
export const matchToken = (xlength: number, xoffset: number): number =>
  (MATCH_TYPE + (xlength << LENGTH_SHIFT) + xoffset) >>> 0;

const LENGTH_EXTRA_BITS = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const LENGTH_BASE = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224,
  255,
];
const OFFSET_EXTRA_BITS = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const OFFSET_BASE = [
  0x000000, 0x000001, 0x000002, 0x000003, 0x000004, 0x000006, 0x000008, 0x00000c, 0x000010, 0x000018,
  0x000020, 0x000030, 0x000040, 0x000060, 0x000080, 0x0000c0, 0x000100, 0x000180, 0x000200, 0x000300,
  0x000400, 0x000600, 0x000800, 0x000c00, 0x001000, 0x001800, 0x002000, 0x003000, 0x004000, 0x006000,
];
const CODEGEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

// Length code (0..28) for length-3, and distance code for offset-1; the fixed Huffman codes.
// Built on first use: most runs of the CLI never compress, and these cost start-up time.
interface Tables {
  lengthCodes: Uint8Array;
  offsetCodes: Uint8Array;
  fixedLit: HuffmanEncoder;
  fixedOff: HuffmanEncoder;
}
let tables: Tables | undefined;
function buildTables(): Tables {
  const lengthCodes = new Uint8Array(256);
  for (let code = 0; code < 29; code++) {
    const end = code === 28 ? 256 : LENGTH_BASE[code + 1]!;
    for (let x = LENGTH_BASE[code]!; x < end; x++) lengthCodes[x] = code;
  }
  lengthCodes[255] = 28;
  const offsetCodes = new Uint8Array(256);
  for (let code = 0; code < 16; code++) {
    const end = code === 15 ? 256 : OFFSET_BASE[code + 1]!;
    for (let x = OFFSET_BASE[code]!; x < end; x++) offsetCodes[x] = code;
  }
  return { lengthCodes, offsetCodes, fixedLit: fixedLiteralEncoding(), fixedOff: fixedOffsetEncoding() };
}

const lengthCode = (t: Tables, xlength: number): number => t.lengthCodes[xlength]!;

function offsetCode(t: Tables, off: number): number {
  const codes = t.offsetCodes;
  if (off < 256) return codes[off]!;
  if (off >>> 7 < 256) return codes[off >>> 7]! + 14;
  return codes[off >>> 14]! + 28;
}

export class BlockWriter {
  readonly bits = new BitWriter();
  private readonly t = (tables ??= buildTables());
  private readonly literalFreq = new Int32Array(MAX_NUM_LIT);
  private readonly offsetFreq = new Int32Array(OFFSET_CODE_COUNT);
  private readonly codegenFreq = new Int32Array(CODEGEN_CODE_COUNT);
  private readonly codegen = new Uint8Array(MAX_NUM_LIT + OFFSET_CODE_COUNT + 1);
  private readonly literalEncoding = new HuffmanEncoder(MAX_NUM_LIT);
  private readonly offsetEncoding = new HuffmanEncoder(OFFSET_CODE_COUNT);
  private readonly codegenEncoding = new HuffmanEncoder(CODEGEN_CODE_COUNT);

  writeStoredHeader(length: number, eof: boolean): void {
    this.bits.writeBits(eof ? 1 : 0, 3);
    this.bits.alignToByte();
    this.bits.writeBits(length, 16);
    this.bits.writeBits(~length & 0xffff, 16);
  }

  flush(): void {
    this.bits.alignToByte();
  }

  /**
   * Encodes tokens[0..count) as one block. `input` is the raw bytes the tokens stand for, or
   * null when they are no longer in the window (then a stored block is not an option).
   */
  writeBlock(tokens: Uint32Array, count: number, eof: boolean, input: Uint8Array | null): void {
    tokens[count++] = END_BLOCK_MARKER;
    const [numLiterals, numOffsets] = this.indexTokens(tokens, count);

    let extraBits = 0;
    const storable = input !== null && input.length <= MAX_STORE_BLOCK_SIZE;
    const storedSize = storable ? (input.length + 5) * 8 : 0;
    if (storable) {
      // Length codes below 265 and distance codes below 4 carry no extra bits.
      for (let lc = LENGTH_CODES_START + 8; lc < numLiterals; lc++) {
        extraBits += this.literalFreq[lc]! * LENGTH_EXTRA_BITS[lc - LENGTH_CODES_START]!;
      }
      for (let oc = 4; oc < numOffsets; oc++) extraBits += this.offsetFreq[oc]! * OFFSET_EXTRA_BITS[oc]!;
    }

    const { fixedLit, fixedOff } = this.t;
    let litEnc = fixedLit;
    let offEnc = fixedOff;
    let size = 3 + fixedLit.bitLength(this.literalFreq) + fixedOff.bitLength(this.offsetFreq) + extraBits;

    this.generateCodegen(numLiterals, numOffsets, this.literalEncoding, this.offsetEncoding);
    this.codegenEncoding.generate(this.codegenFreq, 7);
    const [dynamicSize, numCodegens] = this.dynamicSize(this.literalEncoding, this.offsetEncoding, extraBits);
    if (dynamicSize < size) {
      size = dynamicSize;
      litEnc = this.literalEncoding;
      offEnc = this.offsetEncoding;
    }

    if (storable && storedSize < size) {
      this.writeStoredHeader(input.length, eof);
      this.bits.writeBytes(input);
      return;
    }
    if (litEnc === fixedLit) this.bits.writeBits(eof ? 3 : 2, 3);
    else this.writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
    this.writeTokens(tokens, count, litEnc, offEnc);
  }

  private indexTokens(tokens: Uint32Array, count: number): [number, number] {
    const lf = this.literalFreq;
    const of = this.offsetFreq;
    const tb = this.t;
    lf.fill(0);
    of.fill(0);
    for (let i = 0; i < count; i++) {
      const t = tokens[i]!;
      if (t < MATCH_TYPE) {
        lf[t]!++;
        continue;
      }
      lf[LENGTH_CODES_START + lengthCode(tb, (t - MATCH_TYPE) >>> LENGTH_SHIFT)]!++;
      of[offsetCode(tb, t & OFFSET_MASK)]!++;
    }
    let numLiterals = lf.length;
    while (lf[numLiterals - 1] === 0) numLiterals--;
    let numOffsets = of.length;
    while (numOffsets > 0 && of[numOffsets - 1] === 0) numOffsets--;
    if (numOffsets === 0) {
      // A dynamic block must declare at least one distance code.
      of[0] = 1;
      numOffsets = 1;
    }
    this.literalEncoding.generate(lf, 15);
    this.offsetEncoding.generate(of, 15);
    return [numLiterals, numOffsets];
  }

  /** Run-length codes the code lengths (symbols 16, 17, 18) exactly as Go chooses runs. */
  private generateCodegen(
    numLiterals: number,
    numOffsets: number,
    litEnc: HuffmanEncoder,
    offEnc: HuffmanEncoder,
  ): void {
    const freq = this.codegenFreq;
    freq.fill(0);
    const cg = this.codegen;
    for (let i = 0; i < numLiterals; i++) cg[i] = litEnc.len[i]!;
    for (let i = 0; i < numOffsets; i++) cg[numLiterals + i] = offEnc.len[i]!;
    cg[numLiterals + numOffsets] = BAD_CODE;

    let size = cg[0]!;
    let count = 1;
    let out = 0;
    for (let inIndex = 1; size !== BAD_CODE; inIndex++) {
      const nextSize = cg[inIndex]!;
      if (nextSize === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        cg[out++] = size;
        freq[size]!++;
        count--;
        while (count >= 3) {
          const n = Math.min(6, count);
          cg[out++] = 16;
          cg[out++] = n - 3;
          freq[16]!++;
          count -= n;
        }
      } else {
        while (count >= 11) {
          const n = Math.min(138, count);
          cg[out++] = 18;
          cg[out++] = n - 11;
          freq[18]!++;
          count -= n;
        }
        if (count >= 3) {
          cg[out++] = 17;
          cg[out++] = count - 3;
          freq[17]!++;
          count = 0;
        }
      }
      count--;
      for (; count >= 0; count--) {
        cg[out++] = size;
        freq[size]!++;
      }
      size = nextSize;
      count = 1;
    }
    cg[out] = BAD_CODE;
  }

  private dynamicSize(litEnc: HuffmanEncoder, offEnc: HuffmanEncoder, extraBits: number): [number, number] {
    const freq = this.codegenFreq;
    let numCodegens = freq.length;
    while (numCodegens > 4 && freq[CODEGEN_ORDER[numCodegens - 1]!] === 0) numCodegens--;
    const header =
      3 +
      5 +
      5 +
      4 +
      3 * numCodegens +
      this.codegenEncoding.bitLength(freq) +
      freq[16]! * 2 +
      freq[17]! * 3 +
      freq[18]! * 7;
    const size = header + litEnc.bitLength(this.literalFreq) + offEnc.bitLength(this.offsetFreq) + extraBits;
    return [size, numCodegens];
  }

  private writeDynamicHeader(
    numLiterals: number,
    numOffsets: number,
    numCodegens: number,
    eof: boolean,
  ): void {
    const b = this.bits;
    b.writeBits(eof ? 5 : 4, 3);
    b.writeBits(numLiterals - 257, 5);
    b.writeBits(numOffsets - 1, 5);
    b.writeBits(numCodegens - 4, 4);
    const enc = this.codegenEncoding;
    for (let i = 0; i < numCodegens; i++) b.writeBits(enc.len[CODEGEN_ORDER[i]!]!, 3);
    const cg = this.codegen;
    for (let i = 0; ;) {
      const word = cg[i++]!;
      if (word === BAD_CODE) break;
      b.writeBits(enc.code[word]!, enc.len[word]!);
      if (word === 16) b.writeBits(cg[i++]!, 2);
      else if (word === 17) b.writeBits(cg[i++]!, 3);
      else if (word === 18) b.writeBits(cg[i++]!, 7);
    }
  }

  private writeTokens(tokens: Uint32Array, count: number, le: HuffmanEncoder, oe: HuffmanEncoder): void {
    const b = this.bits;
    const tb = this.t;
    for (let i = 0; i < count; i++) {
      const t = tokens[i]!;
      if (t < MATCH_TYPE) {
        b.writeBits(le.code[t]!, le.len[t]!);
        continue;
      }
      const length = (t - MATCH_TYPE) >>> LENGTH_SHIFT;
      const lc = lengthCode(tb, length);
      b.writeBits(le.code[lc + LENGTH_CODES_START]!, le.len[lc + LENGTH_CODES_START]!);
      const extraLen = LENGTH_EXTRA_BITS[lc]!;
      if (extraLen > 0) b.writeBits(length - LENGTH_BASE[lc]!, extraLen);
      const offset = t & OFFSET_MASK;
      const oc = offsetCode(tb, offset);
      b.writeBits(oe.code[oc]!, oe.len[oc]!);
      const extraOff = OFFSET_EXTRA_BITS[oc]!;
      if (extraOff > 0) b.writeBits(offset - OFFSET_BASE[oc]!, extraOff);
    }
  }
}
