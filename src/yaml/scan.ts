// libyaml's scanner as go-yaml v2 (v2.4.4, the version sigs.k8s.io/yaml reads with) runs it,
// reduced to what decides syntax errors: token types, marks and the names the parser checks
// (anchors, tag handles). Scalar values are not built. Its quirks are the point: which line an
// error names depends on how far the scanner has read when it notices (a required simple key
// is only found stale when the next token is fetched, block scalars end at the first line
// indented less than their first line...), so the logic follows the Go code step by step.
import { Reader, YamlSyntaxError, type Mark } from './reader.js';

export { YamlSyntaxError, type Mark };

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

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

const isBreak = (c: number): boolean =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
const isBreakz = (c: number): boolean => c === 0 || isBreak(c);
const isBlankz = (c: number): boolean => isBlank(c) || isBreakz(c);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAlpha = (c: number): boolean =>
  isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const asHex = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);
const code = (s: string): number => s.charCodeAt(0);

const C = {
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

export class Scanner {
  /** The text as code points, then zeros (libyaml's NUL at the end of the input). */
  private readonly cp: Int32Array;
  private pos = 0;
  private readonly mark: Mark = { index: 0, line: 0, column: 0 };

  private readonly tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  streamEndProduced = false;
  private streamStartProduced = false;

  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;
  /**
   * Code point indexes right after anchor and alias names that touch the next character
   * (`&a:`): libyaml's names stop there, the `yaml` package's run on.
   */
  readonly tightNames: number[] = [];
  /** Where the block scalar being scanned ends: the start of the line after its last break. */
  private blockEnd: Mark | undefined;

  private readonly reader: Reader;

  /** @param chars the text's code points (a leading BOM of `bomBytes` bytes removed, as the reader does) */
  constructor(chars: readonly number[], bomBytes: number) {
    this.cp = new Int32Array(chars.length + 16);
    this.cp.set(chars);
    this.reader = new Reader(chars, bomBytes);
  }

  private at(k = 0): number {
    return this.cp[this.pos + k] as number;
  }

  /** The reader must have `n` characters decoded. */
  private cache(n: number): void {
    this.reader.need(this.pos, n);
  }

  private copyMark(): Mark {
    return { index: this.mark.index, line: this.mark.line, column: this.mark.column };
  }

  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }

  private skipLine(): void {
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
  private readLine(): void {
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

  private scannerError(problem: string, context?: Mark): never {
    throw new YamlSyntaxError('scanner', problem, this.copyMark(), context);
  }

  // ---- the token queue ------------------------------------------------------------------

  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head] as Token;
  }

  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = (this.tokens[this.head] as Token).type === Tok.StreamEnd;
    this.head++;
  }

  private insert(pos: number, t: Token): void {
    if (pos < 0) this.tokens.push(t);
    else this.tokens.splice(this.head + pos, 0, t);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx] as SimpleKey)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    this.cache(1);
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.cache(4);
    const c = this.at();
    if (c === 0) return this.fetchStreamEnd();
    const col0 = this.mark.column === 0;
    if (col0 && c === C.pct) return this.fetchDirective();
    if (col0 && c === C.dash && this.at(1) === C.dash && this.at(2) === C.dash && isBlankz(this.at(3)))
      return this.fetchDocumentIndicator(Tok.DocumentStart);
    if (col0 && c === C.dot && this.at(1) === C.dot && this.at(2) === C.dot && isBlankz(this.at(3)))
      return this.fetchDocumentIndicator(Tok.DocumentEnd);
    if (c === C.lbr) return this.fetchFlowCollectionStart(Tok.FlowSequenceStart);
    if (c === C.lcb) return this.fetchFlowCollectionStart(Tok.FlowMappingStart);
    if (c === C.rbr) return this.fetchFlowCollectionEnd(Tok.FlowSequenceEnd);
    if (c === C.rcb) return this.fetchFlowCollectionEnd(Tok.FlowMappingEnd);
    if (c === C.comma) return this.fetchFlowEntry();
    if (c === C.dash && isBlankz(this.at(1))) return this.fetchBlockEntry();
    if (c === C.q && (this.flowLevel > 0 || isBlankz(this.at(1)))) return this.fetchKey();
    if (c === C.colon && (this.flowLevel > 0 || isBlankz(this.at(1)))) return this.fetchValue();
    if (c === C.star) return this.fetchAnchor(Tok.Alias);
    if (c === C.amp) return this.fetchAnchor(Tok.Anchor);
    if (c === C.bang) return this.fetchTag();
    if (c === C.pipe && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === C.gt && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === C.sq) return this.fetchFlowScalar(true);
    if (c === C.dq) return this.fetchFlowScalar(false);
    const indicator =
      isBlankz(c) ||
      c === C.dash ||
      c === C.q ||
      c === C.colon ||
      c === C.comma ||
      c === C.lbr ||
      c === C.rbr ||
      c === C.lcb ||
      c === C.rcb ||
      c === C.hash ||
      c === C.amp ||
      c === C.star ||
      c === C.bang ||
      c === C.pipe ||
      c === C.gt ||
      c === C.sq ||
      c === C.dq ||
      c === C.pct ||
      c === C.at ||
      c === C.bt;
    if (
      !indicator ||
      (c === C.dash && !isBlank(this.at(1))) ||
      (this.flowLevel === 0 && (c === C.q || c === C.colon) && !isBlankz(this.at(1)))
    )
      return this.fetchPlainScalar();
    this.scannerError('found character that cannot start any token', this.copyMark());
  }

  // ---- simple keys and indentation --------------------------------------------------------

  private simpleKeyIsValid(k: SimpleKey): boolean {
    if (!k.possible) return false;
    if (k.mark.line < this.mark.line || k.mark.index + 1024 < this.mark.index) {
      if (k.required) this.scannerError("could not find expected ':'", k.mark);
      k.possible = false;
      return false;
    }
    return true;
  }

  private queued(): number {
    return this.tokensParsed + (this.tokens.length - this.head);
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (!this.simpleKeyAllowed) return;
    const key: SimpleKey = { possible: true, required, tokenNumber: this.queued(), mark: this.copyMark() };
    this.removeSimpleKey();
    this.simpleKeys[this.simpleKeys.length - 1] = key;
    this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
  }

  private removeSimpleKey(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1] as SimpleKey;
    if (k.possible) {
      if (k.required) this.scannerError("could not find expected ':'", k.mark);
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.queued(),
      mark: this.copyMark(),
    });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL)
      this.scannerError(
        `exceeded max depth of ${MAX_FLOW_LEVEL}`,
        this.simpleKeys[this.simpleKeys.length - 1]?.mark,
      );
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const k = this.simpleKeys.pop() as SimpleKey;
      this.simpleKeysByTok.delete(k.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, type: Tok, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS)
        this.scannerError(
          `exceeded max depth of ${MAX_INDENTS}`,
          this.simpleKeys[this.simpleKeys.length - 1]?.mark,
        );
      this.insert(number > -1 ? number - this.tokensParsed : -1, { type, start: mark, end: mark });
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const m = this.copyMark();
      this.insert(-1, { type: Tok.BlockEnd, start: m, end: m });
      this.indent = this.indents.pop() as number;
    }
  }

  // ---- fetchers ---------------------------------------------------------------------------

  private simple(type: Tok): void {
    const start = this.copyMark();
    this.skip();
    this.insert(-1, { type, start, end: this.copyMark() });
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.copyMark() });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    const m = this.copyMark();
    this.insert(-1, { type: Tok.StreamStart, start: m, end: m });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const m = this.copyMark();
    this.insert(-1, { type: Tok.StreamEnd, start: m, end: m });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: Tok): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.copyMark();
    this.skip();
    this.skip();
    this.skip();
    this.insert(-1, { type, start, end: this.copyMark() });
  }

  private fetchFlowCollectionStart(type: Tok): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    this.simple(type);
  }

  private fetchFlowCollectionEnd(type: Tok): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    this.simple(type);
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simple(Tok.FlowEntry);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.scannerError('block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, Tok.BlockSequenceStart, this.copyMark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simple(Tok.BlockEntry);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.scannerError('mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, Tok.BlockMappingStart, this.copyMark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    this.simple(Tok.Key);
  }

  private fetchValue(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1] as SimpleKey;
    if (this.simpleKeyIsValid(k)) {
      this.insert(k.tokenNumber - this.tokensParsed, { type: Tok.Key, start: k.mark, end: k.mark });
      this.rollIndent(k.mark.column, k.tokenNumber, Tok.BlockMappingStart, k.mark);
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.scannerError('mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, Tok.BlockMappingStart, this.copyMark());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.simple(Tok.Value);
  }

  private fetchAnchor(type: Tok): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanPlainScalar());
  }

  // ---- scanners ---------------------------------------------------------------------------

  private scanToNextToken(): void {
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
  private lineEnd(context: Mark, what: string): void {
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

  private readWhile(pred: (c: number) => boolean): string {
    let s = '';
    this.cache(1);
    while (pred(this.at())) {
      s += String.fromCodePoint(this.at());
      this.skip();
      this.cache(1);
    }
    return s;
  }

  private scanDirective(): Token {
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
      const prefix = this.scanTagUri(true, '', start);
      this.cache(1);
      if (!isBlankz(this.at())) this.scannerError('did not find expected whitespace or line break', start);
      token = { type: Tok.TagDirective, start, end: this.copyMark(), value: handle, suffix: prefix };
    } else {
      this.scannerError('found unknown directive name', start);
    }
    this.lineEnd(start, 'did not find expected comment or line break');
    return token;
  }

  private versionNumber(start: Mark): number {
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

  private scanAnchor(type: Tok): Token {
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

  private scanTag(): Token {
    const start = this.copyMark();
    this.cache(2);
    let handle: string;
    let suffix: string;
    if (this.at(1) === C.lt) {
      handle = '';
      this.skip();
      this.skip();
      suffix = this.scanTagUri(false, '', start);
      if (this.at() !== C.gt) this.scannerError("did not find the expected '>'", start);
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.endsWith('!')) {
        suffix = this.scanTagUri(false, '', start);
      } else {
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix === '') [handle, suffix] = [suffix, handle];
      }
    }
    this.cache(1);
    if (!isBlankz(this.at())) this.scannerError('did not find expected whitespace or line break', start);
    return { type: Tok.Tag, start, end: this.copyMark(), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
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

  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    this.cache(1);
    while (isAlpha(this.at()) || URI_CHARS.has(this.at())) {
      if (this.at() === C.pct) s += this.scanUriEscapes(start);
      else {
        s += String.fromCodePoint(this.at());
        this.skip();
      }
      this.cache(1);
      hasTag = true;
    }
    if (!hasTag) this.scannerError('did not find expected tag URI', start);
    void directive;
    return s;
  }

  private scanUriEscapes(start: Mark): string {
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

  private scanBlockScalar(literal: boolean): Token {
    void literal;
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
  private blockScalarBreaks(indent: number, start: Mark): number {
    let maxIndent = 0;
    this.blockEnd = this.copyMark();
    for (;;) {
      this.cache(1);
      while ((indent === 0 || this.mark.column < indent) && this.at() === 0x20) {
        this.skip();
        this.cache(1);
      }
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

  private scanFlowScalar(single: boolean): Token {
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

  private documentIndicatorHere(): boolean {
    const c = this.at();
    return (
      ((c === C.dash && this.at(1) === C.dash && this.at(2) === C.dash) ||
        (c === C.dot && this.at(1) === C.dot && this.at(2) === C.dot)) &&
      isBlankz(this.at(3))
    );
  }

  private scanPlainScalar(): Token {
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = this.copyMark();
    let end = this.copyMark();
    for (;;) {
      this.cache(4);
      if (this.mark.column === 0 && this.documentIndicatorHere()) break;
      if (this.at() === C.hash) break;
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
        end = this.copyMark();
        this.cache(2);
      }
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
