// The token scanners of libyaml's scanner (go-yaml v2.4.4): directives, anchors, tags and
// scalars, with the cursor they move (position, mark, the reader's buffer). scan.ts queues
// their tokens. Scalar values are not built, only where each token starts and ends.
import { Reader, YamlSyntaxError, type CodePoints, type Mark } from './reader.js';

export const enum Tok {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

export interface Token {
  type: Tok;
  start: Mark;
  end: Mark;
  /** Anchor or alias name, tag handle, %TAG handle. */
  value?: string;
  /** Tag suffix, %TAG prefix. */
  suffix?: string;
  plain?: boolean;
  major?: number;
  minor?: number;
}

const isBreak = (c: number): boolean =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
export const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
const isBreakz = (c: number): boolean => c === 0 || isBreak(c);
export const isBlankz = (c: number): boolean => isBlank(c) || isBreakz(c);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAlpha = (c: number): boolean =>
  isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const asHex = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);
const code = (s: string): number => s.charCodeAt(0);

/** scanTagUri's head for a %TAG directive's prefix (never a real tag handle). */
const DIRECTIVE = '\0directive';

export const C = {
  dash: code('-'),
  dot: code('.'),
  hash: code('#'),
  pct: code('%'),
  lbr: code('['),
  rbr: code(']'),
  lcb: code('{'),
  rcb: code('}'),
  comma: code(','),
  q: code('?'),
  colon: code(':'),
  star: code('*'),
  amp: code('&'),
  bang: code('!'),
  pipe: code('|'),
  gt: code('>'),
  lt: code('<'),
  sq: code("'"),
  dq: code('"'),
  at: code('@'),
  bt: code('`'),
  bs: code('\\'),
  plus: code('+'),
  zero: code('0'),
};

/** Characters a tag URI may hold besides alphanumerics (and `%` escapes). */
const URI_CHARS = new Set(";/?:@&=+$,.!~*'()[]%".split('').map(code));

const ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };
const SIMPLE_ESCAPES = new Set('0abt\tnvfre "\'\\N_LP'.split(''));

export class TokenScanner {
  /** The text as code points, then zeros (libyaml's NUL at the end of the input). */
  private readonly cp: Int32Array;
  protected pos = 0;
  protected readonly mark: Mark = { index: 0, line: 0, column: 0 };
  private readonly reader: Reader;

  protected indent = -1;
  protected flowLevel = 0;
  protected simpleKeyAllowed = false;
  /**
   * Code point indexes right after anchor and alias names that touch the next character
   * (`&a:`): libyaml's names stop there, the `yaml` package's run on.
   */
  readonly tightNames: number[] = [];
  /**
   * Code point indexes of `[`, `]` and `,` inside tags (`!x[1]`): URI characters for libyaml,
   * flow indicators that end the tag for the `yaml` package.
   */
  readonly tagFlowChars: number[] = [];
  /** Where the block scalar being scanned ends: the start of the line after its last break. */
  private blockEnd: Mark | undefined;
  /**
   * A block scalar runs to the end of the text, whose last line is spaces no deeper than the
   * scalar's indentation, without a line break: no line for libyaml, one for the `yaml` package.
   */
  blockEndsInSpaces = false;

  constructor(text: CodePoints) {
    this.cp = text.cp;
    this.reader = new Reader(text);
  }

  protected at(k = 0): number {
    return this.cp[this.pos + k] as number;
  }

  /** The reader must have `n` characters decoded. */
  protected cache(n: number): void {
    this.reader.need(this.pos, n);
  }

  protected copyMark(): Mark {
    return { index: this.mark.index, line: this.mark.line, column: this.mark.column };
  }

  protected skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }

  protected skipLine(): void {
    const c = this.at();
    if (c === 0x0d && this.at(1) === 0x0a) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.pos += 2;
    } else if (isBreak(c)) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.pos++;
    }
  }

  /** read_line: like skipLine, but CRLF counts one index (go-yaml's own bookkeeping). */
  protected readLine(): void {
    const c = this.at();
    if (c === 0x0d && this.at(1) === 0x0a) {
      this.pos += 2;
      this.mark.index++;
    } else if (isBreak(c)) {
      this.pos++;
    } else return;
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
  }

  protected scannerError(problem: string, context?: Mark): never {
    throw new YamlSyntaxError('scanner', problem, this.copyMark(), context);
  }

  // ---- scanners ---------------------------------------------------------------------------

  protected scanToNextToken(): void {
    for (;;) {
      this.cache(1);
      if (this.mark.column === 0 && this.reader.startsWithBom()) this.skip();
      this.cache(1);
      while (this.at() === 0x20 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === 0x09)) {
        this.skip();
        this.cache(1);
      }
      if (this.at() === C.hash) {
        while (!isBreakz(this.at())) {
          this.skip();
          this.cache(1);
        }
      }
      if (!isBreak(this.at())) break;
      this.cache(2);
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  /** Blanks, a comment, then a line break or the end: what must follow a directive or a block scalar header. */
  protected lineEnd(context: Mark, what: string): void {
    this.cache(1);
    while (isBlank(this.at())) {
      this.skip();
      this.cache(1);
    }
    if (this.at() === C.hash) {
      while (!isBreakz(this.at())) {
        this.skip();
        this.cache(1);
      }
    }
    if (!isBreakz(this.at())) this.scannerError(what, context);
    if (isBreak(this.at())) {
      this.cache(2);
      this.skipLine();
    }
  }

  protected readWhile(pred: (c: number) => boolean): string {
    let s = '';
    this.cache(1);
    while (pred(this.at())) {
      s += String.fromCodePoint(this.at());
      this.skip();
      this.cache(1);
    }
    return s;
  }

  protected scanDirective(): Token {
    const start = this.copyMark();
    this.skip();
    const name = this.readWhile(isAlpha);
    if (name === '') this.scannerError('could not find expected directive name', start);
    if (!isBlankz(this.at())) this.scannerError('found unexpected non-alphabetical character', start);
    let token: Token;
    if (name === 'YAML') {
      this.readWhile(isBlank);
      const major = this.versionNumber(start);
      if (this.at() !== C.dot) this.scannerError("did not find expected digit or '.' character", start);
      this.skip();
      const minor = this.versionNumber(start);
      token = { type: Tok.VersionDirective, start, end: this.copyMark(), major, minor };
    } else if (name === 'TAG') {
      this.readWhile(isBlank);
      const handle = this.scanTagHandle(true, start);
      this.cache(1);
      if (!isBlank(this.at())) this.scannerError('did not find expected whitespace', start);
      this.readWhile(isBlank);
      const prefix = this.scanTagUri(DIRECTIVE, start);
      this.cache(1);
      if (!isBlankz(this.at())) this.scannerError('did not find expected whitespace or line break', start);
      token = { type: Tok.TagDirective, start, end: this.copyMark(), value: handle, suffix: prefix };
    } else {
      this.scannerError('found unknown directive name', start);
    }
    this.lineEnd(start, 'did not find expected comment or line break');
    return token;
  }

  protected versionNumber(start: Mark): number {
    this.cache(1);
    let value = 0;
    let length = 0;
    while (isDigit(this.at())) {
      if (++length > 2) this.scannerError('found extremely long version number', start);
      value = value * 10 + (this.at() - 0x30);
      this.skip();
      this.cache(1);
    }
    if (length === 0) this.scannerError('did not find expected version number', start);
    return value;
  }

  protected scanAnchor(type: Tok): Token {
    const start = this.copyMark();
    this.skip();
    const name = this.readWhile(isAlpha);
    const end = this.copyMark();
    const c = this.at();
    if (
      name === '' ||
      !(
        isBlankz(c) ||
        c === C.q ||
        c === C.colon ||
        c === C.comma ||
        c === C.rbr ||
        c === C.rcb ||
        c === C.pct ||
        c === C.at ||
        c === C.bt
      )
    )
      this.scannerError('did not find expected alphabetic or numeric character', start);
    if (!isBlankz(c)) this.tightNames.push(this.pos);
    return { type, start, end, value: name };
  }

  protected scanTag(): Token {
    const start = this.copyMark();
    this.cache(2);
    let handle: string;
    let suffix: string;
    if (this.at(1) === C.lt) {
      handle = '';
      this.skip();
      this.skip();
      suffix = this.scanTagUri('', start);
      if (this.at() !== C.gt) this.scannerError("did not find the expected '>'", start);
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.endsWith('!')) {
        suffix = this.scanTagUri('', start);
      } else {
        suffix = this.scanTagUri(handle, start);
        handle = '!';
        if (suffix === '') [handle, suffix] = [suffix, handle];
      }
    }
    this.cache(1);
    if (!isBlankz(this.at())) this.scannerError('did not find expected whitespace or line break', start);
    return { type: Tok.Tag, start, end: this.copyMark(), value: handle, suffix };
  }

  protected scanTagHandle(directive: boolean, start: Mark): string {
    this.cache(1);
    if (this.at() !== C.bang) this.scannerError("did not find expected '!'", start);
    this.skip();
    let s = '!' + this.readWhile(isAlpha);
    if (this.at() === C.bang) {
      s += '!';
      this.skip();
    } else if (directive && s !== '!') {
      this.scannerError("did not find expected '!'", start);
    }
    return s;
  }

  protected scanTagUri(head: string, start: Mark): string {
    // A %TAG prefix (head DIRECTIVE) reads as an empty head; its commas are the yaml package's too.
    let s = head.length > 1 && head !== DIRECTIVE ? head.slice(1) : '';
    let hasTag = head.length > 0 && head !== DIRECTIVE;
    this.cache(1);
    while (isAlpha(this.at()) || URI_CHARS.has(this.at())) {
      if (this.at() === C.pct) s += this.scanUriEscapes(start);
      else {
        const c = this.at();
        if (head !== DIRECTIVE && (c === C.lbr || c === C.rbr || c === C.comma))
          this.tagFlowChars.push(this.pos);
        s += String.fromCodePoint(c);
        this.skip();
      }
      this.cache(1);
      hasTag = true;
    }
    if (!hasTag) this.scannerError('did not find expected tag URI', start);
    return s;
  }

  protected scanUriEscapes(start: Mark): string {
    let w = 1024;
    const bytes: number[] = [];
    while (w > 0) {
      this.cache(3);
      if (!(this.at() === C.pct && isHex(this.at(1)) && isHex(this.at(2))))
        this.scannerError('did not find URI escaped octet', start);
      const octet = (asHex(this.at(1)) << 4) + asHex(this.at(2));
      if (w === 1024) {
        w =
          (octet & 0x80) === 0
            ? 1
            : (octet & 0xe0) === 0xc0
              ? 2
              : (octet & 0xf0) === 0xe0
                ? 3
                : (octet & 0xf8) === 0xf0
                  ? 4
                  : 0;
        if (w === 0) this.scannerError('found an incorrect leading UTF-8 octet', start);
      } else if ((octet & 0xc0) !== 0x80) {
        this.scannerError('found an incorrect trailing UTF-8 octet', start);
      }
      bytes.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return Buffer.from(bytes).toString('utf8');
  }

  protected scanBlockScalar(): Token {
    const start = this.copyMark();
    this.skip();
    this.cache(1);
    let increment = 0;
    const indicator = (): void => {
      if (this.at() === C.zero) this.scannerError('found an indentation indicator equal to 0', start);
      increment = this.at() - 0x30;
      this.skip();
    };
    if (this.at() === C.plus || this.at() === C.dash) {
      this.skip();
      this.cache(1);
      if (isDigit(this.at())) indicator();
    } else if (isDigit(this.at())) {
      indicator();
      this.cache(1);
      if (this.at() === C.plus || this.at() === C.dash) this.skip();
    }
    this.lineEnd(start, 'did not find expected comment or line break');
    let indent = increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0;
    indent = this.blockScalarBreaks(indent, start);
    this.cache(1);
    while (this.mark.column === indent && this.at() !== 0) {
      while (!isBreakz(this.at())) {
        this.skip();
        this.cache(1);
      }
      this.cache(2);
      this.readLine();
      indent = this.blockScalarBreaks(indent, start);
    }
    return { type: Tok.Scalar, start, end: this.blockEnd as Mark };
  }

  /** Empty lines and indentation before a block scalar's line; fixes the indentation when still open. */
  protected blockScalarBreaks(indent: number, start: Mark): number {
    let maxIndent = 0;
    this.blockEnd = this.copyMark();
    for (;;) {
      this.cache(1);
      const column = this.mark.column;
      while ((indent === 0 || this.mark.column < indent) && this.at() === 0x20) {
        this.skip();
        this.cache(1);
      }
      this.blockEndsInSpaces = this.at() === 0 && this.mark.column > column;
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((indent === 0 || this.mark.column < indent) && this.at() === 0x09)
        this.scannerError('found a tab character where an indentation space is expected', start);
      if (!isBreak(this.at())) break;
      this.cache(2);
      this.readLine();
      this.blockEnd = this.copyMark();
    }
    if (indent === 0) indent = Math.max(maxIndent, this.indent + 1, 1);
    return indent;
  }

  protected scanFlowScalar(single: boolean): Token {
    const start = this.copyMark();
    this.skip();
    for (;;) {
      this.cache(4);
      if (this.mark.column === 0 && this.documentIndicatorHere())
        this.scannerError('found unexpected document indicator', start);
      if (this.at() === 0) this.scannerError('found unexpected end of stream', start);
      let leadingBlanks = false;
      while (!isBlankz(this.at())) {
        const c = this.at();
        if (single && c === C.sq && this.at(1) === C.sq) {
          this.skip();
          this.skip();
        } else if (single && c === C.sq) break;
        else if (!single && c === C.dq) break;
        else if (!single && c === C.bs && isBreak(this.at(1))) {
          this.cache(3);
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === C.bs) {
          const e = String.fromCodePoint(this.at(1));
          const len = ESCAPES[e] ?? 0;
          if (len === 0 && !SIMPLE_ESCAPES.has(e)) this.scannerError('found unknown escape character', start);
          this.skip();
          this.skip();
          if (len > 0) {
            this.cache(len);
            let value = 0;
            for (let k = 0; k < len; k++) {
              if (!isHex(this.at(k))) this.scannerError('did not find expected hexdecimal number', start);
              value = value * 16 + asHex(this.at(k));
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
              this.scannerError('found invalid Unicode character escape code', start);
            for (let k = 0; k < len; k++) this.skip();
          }
        } else this.skip();
        this.cache(2);
      }
      this.cache(1);
      if (this.at() === (single ? C.sq : C.dq)) break;
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) this.skip();
        else {
          this.cache(2);
          if (!leadingBlanks) {
            this.readLine();
            leadingBlanks = true;
          } else this.readLine();
        }
        this.cache(1);
      }
    }
    this.skip();
    return { type: Tok.Scalar, start, end: this.copyMark() };
  }

  protected documentIndicatorHere(): boolean {
    const c = this.at();
    return (
      ((c === C.dash && this.at(1) === C.dash && this.at(2) === C.dash) ||
        (c === C.dot && this.at(1) === C.dot && this.at(2) === C.dot)) &&
      isBlankz(this.at(3))
    );
  }

  protected scanPlainScalar(): Token {
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = this.copyMark();
    let end = this.copyMark();
    for (;;) {
      this.cache(4);
      if (this.mark.column === 0 && this.documentIndicatorHere()) break;
      if (this.at() === C.hash) break;
      let read = false;
      while (!isBlankz(this.at())) {
        const c = this.at();
        if (
          (c === C.colon && isBlankz(this.at(1))) ||
          (this.flowLevel > 0 &&
            (c === C.comma || c === C.q || c === C.lbr || c === C.rbr || c === C.lcb || c === C.rcb))
        )
          break;
        leadingBlanks = false;
        this.skip();
        read = true;
        this.cache(2);
      }
      // The scalar ends after its last non-blank character.
      if (read) end = this.copyMark();
      if (!(isBlank(this.at()) || isBreak(this.at()))) break;
      this.cache(1);
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (leadingBlanks && this.mark.column < indent && this.at() === 0x09)
            this.scannerError('found a tab character that violates indentation', start);
          this.skip();
        } else {
          this.cache(2);
          this.readLine();
          leadingBlanks = true;
        }
        this.cache(1);
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: Tok.Scalar, start, end, plain: true };
  }
}
