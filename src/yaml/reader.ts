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

export class Reader {
  /** Character index where each raw chunk's decoding ends. */
  private readonly chunkEnds: number[] = [];
  /** The chunk holding the first forbidden character, or -1. */
  private readonly badChunk: number = -1;
  private nextChunk = 0;
  private decoded = 0;
  /** The character at the start of the decoded buffer. */
  private bufStart = 0;

  /** `chars` are the text's code points after a leading BOM of `bomBytes` bytes. */
  constructor(
    private readonly chars: readonly number[],
    bomBytes: number,
  ) {
    let limit = CHUNK;
    let byte = bomBytes;
    let bad = -1;
    for (let i = 0; i < chars.length; i++) {
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
    this.chunkEnds.push(chars.length);
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
    return this.chars[this.bufStart] === 0xfeff;
  }
}
