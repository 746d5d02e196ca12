// Go's text/template lexer (text/template/parse/lex.go), pulled one item at a time by the
// parser so lexical errors surface exactly where Go's do (after any earlier parse error).
// Positions are UTF-16 indices into the input; lines count '\n' as Go does.

import { goQuote, goQuotePrefix } from './quote.js';
import { isPrint } from '../../go/strconv/isprint.js';

export type ItemType =
  | 'error'
  | 'bool'
  | 'char' // a printable ASCII character: the grab bag for ',' and friends
  | 'charConstant'
  | 'comment'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  type: ItemType;
  /** UTF-16 index of the item's start in the input. */
  pos: number;
  val: string;
  /** Line (1-based) at the start of the item. */
  line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set(KEYWORDS.values());

/** Go's item.String(), as parse errors print tokens: `"}"`, `<define>`, `EOF`, `"abcdefghij"...`. */
export function itemString(i: Item): string {
  if (i.type === 'eof') return 'EOF';
  if (i.type === 'error') return i.val;
  if (KEYWORD_TYPES.has(i.type)) return `<${i.val}>`;
  if (utf8Len(i.val) > 10) return goQuotePrefix(i.val, 10) + '...';
  return goQuote(i.val);
}

export interface LexOptions {
  /** Emit comment items (ParseComments mode). */
  emitComment?: boolean;
  /** `break` is a keyword (no function named break exists). */
  breakOK?: boolean;
  /** `continue` is a keyword (no function named continue exists). */
  continueOK?: boolean;
}

const EOF = -1;
const NO_DELIM = 0;
const DELIM = 1;
const TRIM_DELIM = 2;
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

const enum State {
  Text,
  LeftDelim,
  Comment,
  RightDelim,
  InsideAction,
  Space,
  Identifier,
  Field,
  Variable,
  Char,
  Number,
  Quote,
  RawQuote,
  Done,
}

export class Lexer {
  readonly name: string;
  private input: string;
  readonly leftDelim: string;
  readonly rightDelim: string;
  options: LexOptions = {};
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private line = 1;
  private startLine = 1;
  private item: Item | null = null;
  private insideAction = false;

  constructor(name: string, input: string, left = '', right = '') {
    this.name = name;
    this.input = input;
    this.leftDelim = left === '' ? '{{' : left;
    this.rightDelim = right === '' ? '}}' : right;
  }

  /** The next item; after an error or EOF, EOF forever. */
  nextItem(): Item {
    this.item = null;
    const pos = this.pos;
    const line = this.startLine;
    let state = this.insideAction ? State.InsideAction : State.Text;
    while (state !== State.Done) state = this.step(state);
    return this.item ?? { type: 'eof', pos, val: 'EOF', line };
  }

  private step(s: State): State {
    switch (s) {
      case State.Text:
        return this.lexText();
      case State.LeftDelim:
        return this.lexLeftDelim();
      case State.Comment:
        return this.lexComment();
      case State.RightDelim:
        return this.lexRightDelim();
      case State.InsideAction:
        return this.lexInsideAction();
      case State.Space:
        return this.lexSpace();
      case State.Identifier:
        return this.lexIdentifier();
      case State.Field:
        return this.lexFieldOrVariable('field');
      case State.Variable:
        return this.atTerminator() ? this.emit('variable') : this.lexFieldOrVariable('variable');
      case State.Char:
        return this.lexQuoted("'", 'charConstant', 'unterminated character constant');
      case State.Number:
        return this.lexNumber();
      case State.Quote:
        return this.lexQuoted('"', 'string', 'unterminated quoted string');
      case State.RawQuote:
        return this.lexRawQuote();
      case State.Done:
        return State.Done;
    }
  }

  // ---- rune primitives (Go's next/peek/backup over code points) ----

  private next(): number {
    const s = this.input;
    if (this.pos >= s.length) {
      this.atEOF = true;
      return EOF;
    }
    const c = s.charCodeAt(this.pos);
    if (c >= 0xd800 && c <= 0xdbff && this.pos + 1 < s.length) {
      const d = s.charCodeAt(this.pos + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.pos += 2;
        return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      }
    }
    this.pos++;
    if (c === 0x0a) this.line++;
    // A lone surrogate is an escaped byte of invalid UTF-8 (value.ts): Go reads RuneError.
    return c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
  }

  private backup(): void {
    if (this.atEOF || this.pos === 0) return;
    const s = this.input;
    const d = s.charCodeAt(this.pos - 1);
    if (d >= 0xdc00 && d <= 0xdfff && this.pos >= 2) {
      const c = s.charCodeAt(this.pos - 2);
      if (c >= 0xd800 && c <= 0xdbff) {
        this.pos -= 2;
        return;
      }
    }
    this.pos--;
    if (d === 0x0a) this.line--;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private thisItem(type: ItemType): Item {
    const i: Item = {
      type,
      pos: this.start,
      val: this.input.slice(this.start, this.pos),
      line: this.startLine,
    };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  private emit(type: ItemType): State {
    this.item = this.thisItem(type);
    return State.Done;
  }

  private emitItem(i: Item): State {
    this.item = i;
    return State.Done;
  }

  /** Skips pending input, counting its newlines (for text skipped without next()). */
  private ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  private errorf(msg: string): State {
    this.item = { type: 'error', pos: this.start, val: msg, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return State.Done;
  }

  // ---- states ----

  private lexText(): State {
    const s = this.input;
    const x = s.indexOf(this.leftDelim, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trim = 0;
        if (hasLeftTrimMarker(s, x + this.leftDelim.length)) trim = rightTrimLength(s, this.start, x);
        this.pos -= trim;
        this.line += countNewlines(s, this.start, this.pos);
        const i = this.thisItem('text');
        this.pos += trim;
        this.ignore();
        if (i.val.length > 0) return this.emitItem(i);
      }
      return State.LeftDelim;
    }
    this.pos = s.length;
    if (this.pos > this.start) {
      this.line += countNewlines(s, this.start, this.pos);
      return this.emit('text');
    }
    return this.emit('eof');
  }

  /** Whether a right delimiter is at pos: NO_DELIM, DELIM, or TRIM_DELIM (with a trim marker). */
  private atRightDelim(): number {
    const s = this.input;
    if (hasRightTrimMarker(s, this.pos) && s.startsWith(this.rightDelim, this.pos + 2)) return TRIM_DELIM;
    return s.startsWith(this.rightDelim, this.pos) ? DELIM : NO_DELIM;
  }

  private lexLeftDelim(): State {
    const s = this.input;
    this.pos += this.leftDelim.length;
    const after = hasLeftTrimMarker(s, this.pos) ? 2 : 0;
    if (s.startsWith(LEFT_COMMENT, this.pos + after)) {
      this.pos += after;
      this.ignore();
      return State.Comment;
    }
    const i = this.thisItem('leftDelim');
    this.insideAction = true;
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    return this.emitItem(i);
  }

  private lexComment(): State {
    const s = this.input;
    this.pos += LEFT_COMMENT.length;
    const x = s.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + RIGHT_COMMENT.length;
    const at = this.atRightDelim();
    if (at === NO_DELIM) return this.errorf('comment ends before closing delimiter');
    const trim = at === TRIM_DELIM;
    this.line += countNewlines(s, this.start, this.pos);
    const i = this.thisItem('comment');
    if (trim) this.pos += 2;
    this.pos += this.rightDelim.length;
    if (trim) this.pos += leftTrimLength(s, this.pos);
    this.ignore();
    if (this.options.emitComment) return this.emitItem(i);
    return State.Text;
  }

  private lexRightDelim(): State {
    const trim = this.atRightDelim() === TRIM_DELIM;
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += this.rightDelim.length;
    const i = this.thisItem('rightDelim');
    if (trim) {
      this.pos += leftTrimLength(this.input, this.pos);
      this.ignore();
    }
    this.insideAction = false;
    return this.emitItem(i);
  }

  private lexInsideAction(): State {
    if (this.atRightDelim() !== NO_DELIM) {
      if (this.parenDepth === 0) return State.RightDelim;
      return this.errorf('unclosed left paren');
    }
    const r = this.next();
    switch (r) {
      case EOF:
        return this.errorf('unclosed action');
      case 0x20:
      case 0x09:
      case 0x0d:
      case 0x0a:
        this.backup(); // the space may start " -}}"
        return State.Space;
      case 0x3d: // =
        return this.emit('assign');
      case 0x3a: // :
        if (this.next() !== 0x3d) return this.errorf('expected :=');
        return this.emit('declare');
      case 0x7c: // |
        return this.emit('pipe');
      case 0x22: // "
        return State.Quote;
      case 0x60: // `
        return State.RawQuote;
      case 0x24: // $
        return State.Variable;
      case 0x27: // '
        return State.Char;
      case 0x28: // (
        this.parenDepth++;
        return this.emit('leftParen');
      case 0x29: // )
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        return this.emit('rightParen');
      case 0x2e: {
        // '.' starts a field unless a digit follows (then a number such as .5)
        const c = this.pos < this.input.length ? this.input.charCodeAt(this.pos) : 0x30;
        if (c < 0x30 || c > 0x39) return State.Field;
        this.backup();
        return State.Number;
      }
      case 0x2b: // +
      case 0x2d: // -
        this.backup();
        return State.Number;
    }
    if (r >= 0x30 && r <= 0x39) {
      this.backup();
      return State.Number;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return State.Identifier;
    }
    if (r >= 0x20 && r < 0x7f) return this.emit('char');
    return this.errorf(`unrecognized character in action: ${formatU(r)}`);
  }

  private lexSpace(): State {
    // Scanned in place: spaces are ASCII, and cold code pays for every call per character.
    const s = this.input;
    let p = this.pos;
    let n = 0;
    for (; p < s.length; p++, n++) {
      const c = s.charCodeAt(p);
      if (c === 0x0a) this.line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
    if (p >= s.length) this.atEOF = true; // as the peek at the end would have set it
    this.pos = p;
    // A trim-marked right delimiter starts with a space: leave that space to it.
    if (
      hasRightTrimMarker(this.input, this.pos - 1) &&
      this.input.startsWith(this.rightDelim, this.pos + 1)
    ) {
      this.backup();
      if (n === 1) return State.RightDelim;
    }
    return this.emit('space');
  }

  private lexIdentifier(): State {
    const r = this.scanAlphaNumeric();
    if (!this.atTerminator()) return this.errorf(`bad character ${formatU(r)}`);
    const word = this.input.slice(this.start, this.pos);
    const kw = KEYWORDS.get(word);
    if (kw !== undefined && kw !== 'dot') {
      if ((kw === 'break' && !this.options.breakOK) || (kw === 'continue' && !this.options.continueOK)) {
        return this.emit('identifier');
      }
      return this.emit(kw);
    }
    if (word === 'true' || word === 'false') return this.emit('bool');
    return this.emit('identifier');
  }

  /** After the '.' or '$': `.Name`, `$name`, or a bare `.` / `$`. */
  private lexFieldOrVariable(type: 'field' | 'variable'): State {
    if (this.atTerminator()) return this.emit(type === 'variable' ? 'variable' : 'dot');
    const r = this.scanAlphaNumeric();
    if (!this.atTerminator()) return this.errorf(`bad character ${formatU(r)}`);
    return this.emit(type);
  }

  /**
   * Go's `do r = next() while isAlphaNumeric(r); backup()`: leaves pos after the run and returns
   * the rune that ended it (EOF at the end). ASCII is scanned in place, other runes by next().
   */
  private scanAlphaNumeric(): number {
    const s = this.input;
    let p = this.pos;
    for (;;) {
      if (p >= s.length) {
        this.pos = p;
        this.atEOF = true;
        return EOF;
      }
      const c = s.charCodeAt(p);
      if (c < 0x80) {
        if (c === 0x5f || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) {
          p++;
          continue;
        }
        this.pos = p;
        return c;
      }
      this.pos = p;
      const r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        return r;
      }
      p = this.pos;
    }
  }

  /** Whether the next rune may follow an identifier: space, eof, `. , | : ) (` or the right delimiter. */
  private atTerminator(): boolean {
    const s = this.input;
    if (this.pos >= s.length) {
      this.atEOF = true; // Go's peek reads EOF here
      return true;
    }
    // Every terminator is ASCII, so the code unit decides (a surrogate is no terminator).
    switch (s.charCodeAt(this.pos)) {
      case 0x20:
      case 0x09:
      case 0x0d:
      case 0x0a:
      case 0x2e:
      case 0x2c:
      case 0x7c:
      case 0x3a:
      case 0x29:
      case 0x28:
        return true;
    }
    return s.startsWith(this.rightDelim, this.pos);
  }

  /** A quoted string or character constant; the opening quote is already consumed. */
  private lexQuoted(quote: number | string, type: ItemType, unterminated: string): State {
    const q = typeof quote === 'string' ? quote.charCodeAt(0) : quote;
    // Scanned in place: only ASCII code units (quote, backslash, newline) matter, and a surrogate
    // pair's halves are neither. An error resets the input, so its position needs no care.
    const s = this.input;
    for (let p = this.pos; p < s.length;) {
      const c = s.charCodeAt(p++);
      if (c === 0x5c) {
        if (p >= s.length || s.charCodeAt(p) === 0x0a) break;
        p++;
      } else if (c === q) {
        this.pos = p;
        return this.emit(type);
      } else if (c === 0x0a) break;
    }
    return this.errorf(unterminated);
  }

  private lexRawQuote(): State {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) {
      // Go consumes to EOF first, counting lines, before reporting.
      this.pos = this.input.length;
      return this.errorf('unterminated raw quoted string');
    }
    this.line += countNewlines(this.input, this.pos, end);
    this.pos = end + 1;
    return this.emit('rawString');
  }

  private lexNumber(): State {
    if (!this.scanNumber())
      return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === 0x2b || sign === 0x2d) {
      // complex: 1+2i, no spaces, must end in 'i'
      if (!this.scanNumber() || this.input.charCodeAt(this.pos - 1) !== 0x69) {
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
      return this.emit('complex');
    }
    return this.emit('number');
  }

  /** Go's permissive number scan; strconv rejects what is wrong later. */
  private scanNumber(): boolean {
    this.accept(isSign);
    let digits = isDecDigit;
    if (this.accept((c) => c === 0x30)) {
      if (this.accept((c) => c === 0x78 || c === 0x58)) digits = isHexDigit;
      else if (this.accept((c) => c === 0x6f || c === 0x4f)) digits = isOctDigit;
      else if (this.accept((c) => c === 0x62 || c === 0x42)) digits = isBinDigit;
    }
    this.acceptRun(digits);
    if (this.accept((c) => c === 0x2e)) this.acceptRun(digits);
    if (digits === isDecDigit && this.accept((c) => c === 0x65 || c === 0x45)) {
      this.accept(isSign);
      this.acceptRun(isDecDigit);
    }
    if (digits === isHexDigit && this.accept((c) => c === 0x70 || c === 0x50)) {
      this.accept(isSign);
      this.acceptRun(isDecDigit);
    }
    this.accept((c) => c === 0x69); // imaginary
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  private accept(valid: (c: number) => boolean): boolean {
    if (valid(this.next())) return true;
    this.backup();
    return false;
  }

  private acceptRun(valid: (c: number) => boolean): void {
    while (valid(this.next()));
    this.backup();
  }
}

// ---- character classes ----

const isSign = (c: number): boolean => c === 0x2b || c === 0x2d;
const isDecDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x5f;
const isOctDigit = (c: number): boolean => (c >= 0x30 && c <= 0x37) || c === 0x5f;
const isBinDigit = (c: number): boolean => c === 0x30 || c === 0x31 || c === 0x5f;
const isHexDigit = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || c === 0x5f;

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

/** Go's isAlphaNumeric: '_', unicode.IsLetter or unicode.IsDigit. */
export function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) {
    return r === 0x5f || (r >= 0x30 && r <= 0x39) || ((r | 0x20) >= 0x61 && (r | 0x20) <= 0x7a);
  }
  return LETTER_OR_DIGIT.test(String.fromCodePoint(r));
}

const isSpaceCode = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

function hasLeftTrimMarker(s: string, i: number): boolean {
  return i + 1 < s.length && s.charCodeAt(i) === 0x2d && isSpaceCode(s.charCodeAt(i + 1));
}

function hasRightTrimMarker(s: string, i: number): boolean {
  return i + 1 < s.length && isSpaceCode(s.charCodeAt(i)) && s.charCodeAt(i + 1) === 0x2d;
}

function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpaceCode(s.charCodeAt(i - 1))) i--;
  return to - i;
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  return i - from;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff)
      n += 1; // an escaped byte (value.ts)
    else n += 3;
  }
  return n;
}

/** fmt's `%#U`: `U+0041 'A'`, or just `U+0001` for a non-printable rune. */
export function formatU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(r) ? `U+${hex} '${String.fromCodePoint(r)}'` : `U+${hex}`;
}
