// libyaml's scanner as go-yaml v2 (v2.4.4, the version sigs.k8s.io/yaml reads with) runs it,
// reduced to what decides syntax errors: token types, marks and the names the parser checks
// (anchors, tag handles). Scalar values are not built. Its quirks are the point: which line an
// error names depends on how far the scanner has read when it notices (a required simple key
// is only found stale when the next token is fetched, block scalars end at the first line
// indented less than their first line...), so the logic follows the Go code step by step.
import { type Mark } from './reader.js';
import { C, isBlank, isBlankz, Tok, TokenScanner, type Token } from './scan-tokens.js';

export { YamlSyntaxError, type Mark } from './reader.js';
export { Tok, type Token } from './scan-tokens.js';

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

export class Scanner extends TokenScanner {
  private readonly tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  streamEndProduced = false;
  private streamStartProduced = false;

  private readonly indents: number[] = [];
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByTok = new Map<number, number>();

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
    if (c === C.pipe && this.flowLevel === 0) return this.fetchBlockScalar();
    if (c === C.gt && this.flowLevel === 0) return this.fetchBlockScalar();
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

  private fetchBlockScalar(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(-1, this.scanBlockScalar());
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
}
