// go-yaml v2's reader, as far as it shows: it decodes the input in 512-byte chunks, so a
// forbidden character fails only when the scanner first needs a character of its chunk (an
// error earlier in the text wins), and each time the scanner runs short of decoded characters
// the buffer is compacted so that it starts at the scanner's position. The scanner's BOM test
// looks at the start of that buffer, not at the position (a go-yaml quirk kept here).

export interface Mark {
  index: number;
  line: number;
  column: number;
}

/** A syntax error as go-yaml's parser struct holds it. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly kind: 'reader' | 'scanner' | 'parser',
    readonly problem: string,
    readonly problemMark: Mark | undefined,
    readonly contextMark: Mark | undefined,
  ) {
    super(problem);
  }
}

const CHUNK = 512;

const utf8Len = (c: number): number => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);

const allowed = (c: number): boolean =>
  c === 9 ||
  c === 10 ||
  c === 13 ||
  (c >= 0x20 && c <= 0x7e) ||
  c === 0x85 ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

/** A text as the reader sees it: code points (then zeros), a leading BOM dropped. */
export class CodePoints {
  readonly cp: Int32Array;
  readonly length: number;
  /** Bytes of the dropped BOM (0 or 3). */
  readonly bomBytes: number;
  /** UTF-16 offset of each code point, when the text has characters outside the BMP. */
  private readonly offsets: Int32Array | undefined;

  constructor(text: string) {
    let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.bomBytes = from * 3;
    // go-yaml reads an empty input as a line break.
    if (text.length === from) [text, from] = ['\n', 0];
    const cp = new Int32Array(text.length - from + 16);
    let offsets: Int32Array | undefined;
    let k = 0;
    for (let i = from; i < text.length; i++, k++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          if (offsets === undefined) {
            offsets = new Int32Array(text.length + 1);
            for (let j = 0; j < k; j++) offsets[j] = j + from;
          }
          offsets[k] = i;
          cp[k] = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
          continue;
        }
      }
      if (offsets !== undefined) offsets[k] = i;
      cp[k] = c;
    }
    this.length = k;
    if (offsets !== undefined) offsets[k] = text.length;
    this.offsets = offsets;
    this.cp = cp;
  }

  /** The UTF-16 offset of a code point index. */
  utf16(index: number): number {
    return this.offsets === undefined ? index + this.bomBytes / 3 : (this.offsets[index] as number);
  }
}

export class Reader {
  /** Character index where each raw chunk's decoding ends. */
  private readonly chunkEnds: number[] = [];
  /** The chunk holding the first forbidden character, or -1. */
  private readonly badChunk: number = -1;
  private nextChunk = 0;
  private decoded = 0;
  /** The character at the start of the decoded buffer. */
  private bufStart = 0;

  constructor(private readonly text: CodePoints) {
    let limit = CHUNK;
    let byte = text.bomBytes;
    let bad = -1;
    const chars = text.cp;
    for (let i = 0; i < text.length; i++) {
      const c = chars[i] as number;
      const w = utf8Len(c);
      if (byte + w > limit) {
        // An incomplete character waits for the next chunk, which starts with it.
        this.chunkEnds.push(i);
        limit = byte + CHUNK;
      }
      if (bad < 0 && !allowed(c)) bad = this.chunkEnds.length;
      byte += w;
    }
    this.chunkEnds.push(text.length);
    this.badChunk = bad;
  }

  /** yaml_parser_update_buffer: the scanner at `pos` needs `n` decoded characters. */
  need(pos: number, n: number): void {
    if (pos + n <= this.decoded) return;
    this.bufStart = pos;
    while (this.decoded - pos < n) {
      if (this.nextChunk < this.chunkEnds.length) {
        if (this.nextChunk === this.badChunk)
          throw new YamlSyntaxError('reader', 'control characters are not allowed', undefined, undefined);
        this.decoded = this.chunkEnds[this.nextChunk++] as number;
      } else {
        // At the end the reader adds one NUL per call.
        this.decoded++;
        return;
      }
    }
  }

  /** is_bom as go-yaml calls it: whether the decoded buffer starts with a BOM. */
  startsWithBom(): boolean {
    return this.bufStart < this.text.length && this.text.cp[this.bufStart] === 0xfeff;
  }
}
