// Go's text/template lexer (text/template/parse/lex.go), as one loop over the whole text that
// writes tokens into parallel typed arrays (kind, start, end, line): a one-shot process parses
// its templates before the JIT warms up, so the scan avoids per-character calls, state dispatch
// and item objects. The parser reads tokens by index. A lexical error ends the token stream (an
// error token, then EOF), and the parser meets it exactly where Go's pulled lexer would report it.
// Positions are UTF-16 indices into the input; lines count '\n' as Go does.

import { goQuote, goQuotePrefix } from './quote.js';
import { isPrint } from '../../go/strconv/isprint.js';

/** Token kinds (Go's itemType), in the typed array `Tokens.kind`. */
export const enum K {
  Error,
  Bool,
  Char, // a printable ASCII character: the grab bag for ',' and friends
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // keywords
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
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

/** ItemType by K. */
export const KIND_NAMES: readonly ItemType[] = [
  'error',
  'bool',
  'char',
  'charConstant',
  'comment',
  'complex',
  'assign',
  'declare',
  'eof',
  'field',
  'identifier',
  'leftDelim',
  'leftParen',
  'number',
  'pipe',
  'rawString',
  'rightDelim',
  'rightParen',
  'space',
  'string',
  'text',
  'variable',
  'block',
  'break',
  'continue',
  'dot',
  'define',
  'else',
  'end',
  'if',
  'nil',
  'range',
  'template',
  'with',
];

export interface Item {
  type: ItemType;
  /** UTF-16 index of the item's start in the input. */
  pos: number;
  val: string;
  /** Line (1-based) at the start of the item. */
  line: number;
}

/** Go's item.String(), as parse errors print tokens: `"}"`, `<define>`, `EOF`, `"abcdefghij"...`. */
export function itemString(i: Item): string {
  return tokenString(KIND_NAMES.indexOf(i.type), i.val);
}

/** itemString by kind and value. */
export function tokenString(kind: number, val: string): string {
  if (kind === K.EOF) return 'EOF';
  if (kind === K.Error) return val;
  if (kind >= K.Block) return `<${val}>`;
  if (utf8Len(val) > 10) return goQuotePrefix(val, 10) + '...';
  return goQuote(val);
}

export interface LexOptions {
  /** Emit comment items (ParseComments mode). */
  emitComment?: boolean;
  /** `break` is a keyword (no function named break exists). */
  breakOK?: boolean;
  /** `continue` is a keyword (no function named continue exists). */
  continueOK?: boolean;
}

/**
 * The token stream of one text: token i is kind[i], text[start[i], end[i]) starting on line[i].
 * The last token (index n - 1) is EOF; an error token is followed by Go's EOF at 0.
 */
export interface Tokens {
  n: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  /** The message of the error token, if any. */
  err: string;
}

export function newTokens(capacity: number): Tokens {
  return {
    n: 0,
    kind: new Uint8Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    line: new Int32Array(capacity),
    err: '',
  };
}

function grow(t: Tokens): void {
  const cap = Math.max(16, t.kind.length * 2);
  const kind = new Uint8Array(cap);
  kind.set(t.kind);
  const start = new Int32Array(cap);
  start.set(t.start);
  const end = new Int32Array(cap);
  end.set(t.end);
  const line = new Int32Array(cap);
  line.set(t.line);
  t.kind = kind;
  t.start = start;
  t.end = end;
  t.line = line;
}

const NO_DELIM = 0;
const DELIM = 1;
const TRIM_DELIM = 2;

// The scan in progress. It lives at module level so the scan can be split into small functions:
// a cold process pays (on its few cores) for V8's optimizing compiler, and one large function
// costs far more to compile, twice (on-stack replacement, then whole), than a few small ones.
let s = '';
let len = 0;
let left = '';
let right = '';
let r0 = 0;
let emitComment = false;
let breakOK = false;
let continueOK = false;
let toks: Tokens = newTokens(0);
let kind = toks.kind;
let tStart = toks.start;
let tEnd = toks.end;
let tLine = toks.line;
let n = 0;
let p = 0; // Go's pos
let start = 0;
let line = 1;
let startLine = 1;
let parenDepth = 0;
let err = '';

/** Adds the token [start, p) of kind k, starting on startLine; the next token starts at p. */
function push(k: number): void {
  if (n >= kind.length) growTokens();
  kind[n] = k;
  tStart[n] = start;
  tEnd[n] = p;
  tLine[n++] = startLine;
  start = p;
  startLine = line;
}

function growTokens(): void {
  toks.n = n;
  grow(toks);
  kind = toks.kind;
  tStart = toks.start;
  tEnd = toks.end;
  tLine = toks.line;
}

/**
 * Lexes all of `text` into `t` (reset first). Delimiters '' mean `{{` and `}}`.
 */
export function tokenize(
  t: Tokens,
  text: string,
  leftDelim: string,
  rightDelim: string,
  options: LexOptions,
): void {
  s = text;
  len = text.length;
  left = leftDelim === '' ? '{{' : leftDelim;
  right = rightDelim === '' ? '}}' : rightDelim;
  r0 = right.charCodeAt(0);
  emitComment = options.emitComment === true;
  breakOK = options.breakOK === true;
  continueOK = options.continueOK === true;
  toks = t;
  kind = t.kind;
  tStart = t.start;
  tEnd = t.end;
  tLine = t.line;
  n = 0;
  p = 0;
  start = 0;
  line = 1;
  startLine = 1;
  parenDepth = 0;
  err = '';
  while (lexText());
  if (err !== '') {
    // Go's error item at the token's start, then EOF at 0 (the input is dropped)
    const sl = startLine;
    p = start;
    push(K.Error);
    p = start = 0;
    line = startLine = sl;
    push(K.EOF);
  }
  t.n = n;
  t.err = err;
  s = '';
  toks = newTokensEmpty;
  kind = toks.kind;
  tStart = toks.start;
  tEnd = toks.end;
  tLine = toks.line;
}

const newTokensEmpty = newTokens(0);

/** Text up to the next left delimiter, then the action or comment; false at EOF or an error. */
function lexText(): boolean {
  const x = s.indexOf(left, p);
  if (x < 0) {
    p = len;
    if (p > start) {
      line += countNewlines(s, start, p);
      push(K.Text);
    }
    push(K.EOF);
    return false;
  }
  if (x > p) {
    let trim = 0;
    if (hasLeftTrimMarker(s, x + left.length)) trim = rightTrimLength(s, start, x);
    p = x - trim;
    if (p > start) {
      line += countNewlines(s, start, p);
      push(K.Text);
    }
    if (trim > 0) line += countNewlines(s, p, x);
    p = start = x;
    startLine = line;
  }
  // the left delimiter
  p = x + left.length;
  const after = hasLeftTrimMarker(s, p) ? 2 : 0;
  if (s.charCodeAt(p + after) === 0x2f && s.charCodeAt(p + after + 1) === 0x2a) return lexComment(after);
  push(K.LeftDelim);
  if (after > 0) {
    p += 2;
    line += countNewlines(s, start, p);
    start = p;
    startLine = line;
  }
  parenDepth = 0;
  return lexAction();
}

/** A comment: /* … *\/ then the right delimiter, trim marker allowed; p after the left delimiter. */
function lexComment(after: number): boolean {
  p += after;
  line += countNewlines(s, start, p);
  start = p;
  startLine = line;
  const y = s.indexOf('*/', p + 2);
  if (y < 0) {
    err = 'unclosed comment';
    return false;
  }
  p = y + 2;
  const at = atRightDelim(s, p, right);
  if (at === NO_DELIM) {
    err = 'comment ends before closing delimiter';
    return false;
  }
  line += countNewlines(s, start, p);
  if (emitComment) push(K.Comment);
  const from = p;
  if (at === TRIM_DELIM) {
    p += 2 + right.length;
    p += leftTrimLength(s, p);
  } else p += right.length;
  line += countNewlines(s, from, p);
  start = p;
  startLine = line;
  return true;
}

/** The tokens of one action, through its right delimiter; false on an error. */
function lexAction(): boolean {
  for (;;) {
    // start === p here
    if (p >= len) {
      err = 'unclosed action';
      return false;
    }
    const c = s.charCodeAt(p);
    const space = c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
    if (c === r0 && s.startsWith(right, p)) {
      // Go's atRightDelim: a trim-marked one first
      return lexRightDelim(space && s.charCodeAt(p + 1) === 0x2d && s.startsWith(right, p + 2));
    }
    if (space && s.charCodeAt(p + 1) === 0x2d && s.startsWith(right, p + 2)) return lexRightDelim(true);
    // One call through a table of small functions: a call site with many targets is never
    // inlined, so V8's optimizing compiler, which a cold process pays for on its main thread,
    // compiles this loop and each token's function apart, each small (one large function
    // with the token functions inlined cost ~15 ms CPU to compile, as much as lexing a chart).
    if (!(c < 0x80 ? ACTION[c]! : lexOther)(c)) return false;
  }
}

/** A run of spaces; a trim-marked right delimiter keeps its own space. */
function lexSpace(): boolean {
  let q = p;
  for (; q < len; q++) {
    const d = s.charCodeAt(q);
    if (d === 0x0a) line++;
    else if (d !== 0x20 && d !== 0x09 && d !== 0x0d) break;
  }
  if (s.charCodeAt(q) === 0x2d && s.startsWith(right, q + 1)) {
    q--;
    if (s.charCodeAt(q) === 0x0a) line--;
  }
  p = q;
  push(K.Space);
  return true;
}

/** `.` or `$`: a field (or dot), a variable (or $), unless '.' starts a number such as .5 */
function lexDotOrVariable(c: number): boolean {
  if (c === 0x2e) {
    const d = p + 1 < len ? s.charCodeAt(p + 1) : 0x30;
    if (d >= 0x30 && d <= 0x39) return lexNumber();
  }
  p++;
  if (!atTerminator(s, p, right)) {
    p = scanAlphaNumeric(s, p);
    if (!atTerminator(s, p, right)) {
      err = `bad character ${formatU(runeAt(s, p))}`;
      return false;
    }
    push(c === 0x2e ? K.Field : K.Variable);
  } else push(c === 0x2e ? K.Dot : K.Variable);
  return true;
}

function lexPipe(): boolean {
  p++;
  push(K.Pipe);
  return true;
}

function lexLeftParen(): boolean {
  parenDepth++;
  p++;
  push(K.LeftParen);
  return true;
}

function lexRightParen(): boolean {
  if (--parenDepth < 0) {
    err = 'unexpected right paren';
    return false;
  }
  p++;
  push(K.RightParen);
  return true;
}

function lexString(): boolean {
  return lexQuote(0x22);
}

/** An identifier, keyword or bool. */
function lexWord(): boolean {
  const e = scanAlphaNumeric(s, p);
  if (!atTerminator(s, e, right)) {
    err = `bad character ${formatU(runeAt(s, e))}`;
    return false;
  }
  const k = keyword(s, p, e - p);
  p = e;
  push(k);
  return true;
}

/** The function lexing a token that starts with an ASCII character, by its code. */
const ACTION: ((c: number) => boolean)[] = [];
for (let c = 0; c < 0x80; c++) {
  const letter = c === 0x5f || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  ACTION.push(letter ? lexWord : lexOther);
}
for (const c of [0x20, 0x09, 0x0d, 0x0a]) ACTION[c] = lexSpace;
ACTION[0x2e] = ACTION[0x24] = lexDotOrVariable;
ACTION[0x7c] = lexPipe;
ACTION[0x28] = lexLeftParen;
ACTION[0x29] = lexRightParen;
ACTION[0x22] = lexString;

/** The right delimiter at p (after its trim marker's space and '-' if trim). */
function lexRightDelim(trim: boolean): boolean {
  if (parenDepth !== 0) {
    err = 'unclosed left paren';
    return false;
  }
  if (trim) {
    p += 2;
    line += countNewlines(s, start, p);
    start = p;
    startLine = line;
  }
  p += right.length;
  push(K.RightDelim);
  if (trim) {
    const q = p + leftTrimLength(s, p);
    line += countNewlines(s, p, q);
    p = start = q;
    startLine = line;
  }
  return true;
}

/** A quoted string or character constant, on one line. */
function lexQuote(q: number): boolean {
  // Only ASCII code units (quote, backslash, newline) matter, and a surrogate pair's halves are neither.
  let i = p + 1;
  while (i < len) {
    const d = s.charCodeAt(i++);
    if (d === 0x5c) {
      if (i >= len || s.charCodeAt(i) === 0x0a) break;
      i++;
    } else if (d === q) {
      p = i;
      push(q === 0x22 ? K.String : K.CharConstant);
      return true;
    } else if (d === 0x0a) break;
  }
  err = q === 0x22 ? 'unterminated quoted string' : 'unterminated character constant';
  return false;
}

function lexNumber(): boolean {
  const e = scanNumberToken(s, p);
  if (e < 0) {
    err = numberError;
    return false;
  }
  p = numberEnd;
  push(e > 0 ? K.Complex : K.Number);
  return true;
}

/** The less common characters of an action: Go's lexInsideAction for what lexAction leaves. */
function lexOther(c: number): boolean {
  switch (c) {
    case 0x3d: // =
      p++;
      push(K.Assign);
      return true;
    case 0x3a: // :
      if (s.charCodeAt(p + 1) !== 0x3d) {
        err = 'expected :=';
        return false;
      }
      p += 2;
      push(K.Declare);
      return true;
    case 0x27: // '
      return lexQuote(0x27);
    case 0x60: {
      // `
      const e = s.indexOf('`', p + 1);
      if (e < 0) {
        err = 'unterminated raw quoted string';
        return false;
      }
      line += countNewlines(s, p + 1, e);
      p = e + 1;
      push(K.RawString);
      return true;
    }
    case 0x2b: // +
    case 0x2d: // -
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37:
    case 0x38:
    case 0x39:
      return lexNumber();
  }
  const r = c < 0x80 ? c : runeAt(s, p);
  if (c >= 0x80 && isAlphaNumeric(r)) {
    const e = scanAlphaNumeric(s, p);
    if (!atTerminator(s, e, right)) {
      err = `bad character ${formatU(runeAt(s, e))}`;
      return false;
    }
    const k = keyword(s, p, e - p);
    p = e;
    push(k);
    return true;
  }
  if (c >= 0x20 && c < 0x7f) {
    p++;
    push(K.Char);
    return true;
  }
  err = `unrecognized character in action: ${formatU(r)}`;
  return false;
}

/** The kind of the word s[p, p+n): a keyword, bool, or identifier. */
function keyword(s: string, p: number, n: number): number {
  switch (s.charCodeAt(p)) {
    case 0x62: // b
      if (n === 5 && wordAt(s, p, 'block')) return K.Block;
      if (n === 5 && breakOK && wordAt(s, p, 'break')) return K.Break;
      break;
    case 0x63: // c
      if (n === 8 && continueOK && wordAt(s, p, 'continue')) return K.Continue;
      break;
    case 0x64: // d
      if (n === 6 && wordAt(s, p, 'define')) return K.Define;
      break;
    case 0x65: // e
      if (n === 4 && wordAt(s, p, 'else')) return K.Else;
      if (n === 3 && wordAt(s, p, 'end')) return K.End;
      break;
    case 0x66: // f
      if (n === 5 && wordAt(s, p, 'false')) return K.Bool;
      break;
    case 0x69: // i
      if (n === 2 && s.charCodeAt(p + 1) === 0x66) return K.If;
      break;
    case 0x6e: // n
      if (n === 3 && wordAt(s, p, 'nil')) return K.Nil;
      break;
    case 0x72: // r
      if (n === 5 && wordAt(s, p, 'range')) return K.Range;
      break;
    case 0x74: // t
      if (n === 8 && wordAt(s, p, 'template')) return K.Template;
      if (n === 4 && wordAt(s, p, 'true')) return K.Bool;
      break;
    case 0x77: // w
      if (n === 4 && wordAt(s, p, 'with')) return K.With;
      break;
  }
  return K.Identifier;
}

/** Whether s has the ASCII word w at p (w's length already checked). */
function wordAt(s: string, p: number, w: string): boolean {
  for (let i = 1; i < w.length; i++) if (s.charCodeAt(p + i) !== w.charCodeAt(i)) return false;
  return true;
}

/** Whether a right delimiter is at p: NO_DELIM, DELIM, or TRIM_DELIM (with a trim marker). */
function atRightDelim(s: string, p: number, right: string): number {
  if (hasRightTrimMarker(s, p) && s.startsWith(right, p + 2)) return TRIM_DELIM;
  return s.startsWith(right, p) ? DELIM : NO_DELIM;
}

/** Whether the rune at p may follow an identifier: space, eof, `. , | : ) (` or the right delimiter. */
function atTerminator(s: string, p: number, right: string): boolean {
  if (p >= s.length) return true;
  // Every terminator is ASCII, so the code unit decides (a surrogate is no terminator).
  switch (s.charCodeAt(p)) {
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
  return s.startsWith(right, p);
}

/** The end of the run of Go alphanumerics (letters, digits, '_') at p. */
function scanAlphaNumeric(s: string, p: number): number {
  const len = s.length;
  while (p < len) {
    const c = s.charCodeAt(p);
    if (c < 0x80) {
      if (c === 0x5f || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) {
        p++;
        continue;
      }
      return p;
    }
    const r = runeAt(s, p);
    if (!isAlphaNumeric(r)) return p;
    p += r > 0xffff ? 2 : 1;
  }
  return p;
}

/** Go's rune at p (RuneError for a lone surrogate, an escaped byte of invalid UTF-8); EOF is -1. */
function runeAt(s: string, p: number): number {
  if (p >= s.length) return -1;
  const c = s.charCodeAt(p);
  if (c < 0xd800 || c > 0xdfff) return c;
  if (c <= 0xdbff && p + 1 < s.length) {
    const d = s.charCodeAt(p + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return 0xfffd;
}

// ---- numbers: Go's permissive scan (strconv rejects what is wrong later) ----

let numberEnd = 0;
let numberError = '';

/**
 * Scans the number (or complex `1+2i`) at p; sets numberEnd and returns 0 (number), 1 (complex),
 * or -1 with numberError set.
 */
function scanNumberToken(s: string, p: number): number {
  const e = scanNumber(s, p);
  if (e < 0) {
    numberError = `bad number syntax: ${goQuote(s.slice(p, -e - 1))}`;
    return -1;
  }
  const sign = s.charCodeAt(e);
  if (sign === 0x2b || sign === 0x2d) {
    // complex: 1+2i, no spaces, must end in 'i'
    const e2 = scanNumber(s, e);
    const end = e2 < 0 ? -e2 - 1 : e2;
    if (e2 < 0 || s.charCodeAt(end - 1) !== 0x69) {
      numberError = `bad number syntax: ${goQuote(s.slice(p, end))}`;
      return -1;
    }
    numberEnd = end;
    return 1;
  }
  numberEnd = e;
  return 0;
}

/** One number from p: its end, or -(end + 1) if an alphanumeric follows (consumed, as Go does). */
function scanNumber(s: string, p: number): number {
  const len = s.length;
  let c = s.charCodeAt(p);
  if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++p);
  let base = 10;
  if (c === 0x30) {
    c = s.charCodeAt(++p);
    if (c === 0x78 || c === 0x58) {
      base = 16;
      p++;
    } else if (c === 0x6f || c === 0x4f) {
      base = 8;
      p++;
    } else if (c === 0x62 || c === 0x42) {
      base = 2;
      p++;
    }
  }
  p = digitRun(s, p, base);
  if (s.charCodeAt(p) === 0x2e) p = digitRun(s, p + 1, base);
  c = s.charCodeAt(p);
  if ((base === 10 && (c === 0x65 || c === 0x45)) || (base === 16 && (c === 0x70 || c === 0x50))) {
    c = s.charCodeAt(++p);
    if (c === 0x2b || c === 0x2d) p++;
    p = digitRun(s, p, 10);
  }
  if (s.charCodeAt(p) === 0x69) p++; // imaginary
  if (p < len) {
    const r = runeAt(s, p);
    if (isAlphaNumeric(r)) return -(p + (r > 0xffff ? 2 : 1) + 1);
  }
  return p;
}

function digitRun(s: string, p: number, base: number): number {
  const len = s.length;
  for (; p < len; p++) {
    const c = s.charCodeAt(p);
    if (c === 0x5f) continue;
    if (base === 10) {
      if (c < 0x30 || c > 0x39) break;
    } else if (base === 16) {
      if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) break;
    } else if (base === 8) {
      if (c < 0x30 || c > 0x37) break;
    } else if (c !== 0x30 && c !== 0x31) break;
  }
  return p;
}

/**
 * Go's lexer as a pull interface (one Item at a time), over the token stream of the whole text;
 * lexing happens at the first nextItem(), with the options set by then.
 */
export class Lexer {
  readonly name: string;
  private readonly input: string;
  readonly leftDelim: string;
  readonly rightDelim: string;
  options: LexOptions = {};
  private toks: Tokens | null = null;
  private i = 0;

  constructor(name: string, input: string, left = '', right = '') {
    this.name = name;
    this.input = input;
    this.leftDelim = left === '' ? '{{' : left;
    this.rightDelim = right === '' ? '}}' : right;
  }

  /** The next item; after an error or EOF, EOF forever. */
  nextItem(): Item {
    let t = this.toks;
    if (t === null) {
      t = this.toks = newTokens(64);
      tokenize(t, this.input, this.leftDelim, this.rightDelim, this.options);
    }
    const i = this.i < t.n ? this.i++ : t.n - 1;
    const k = t.kind[i];
    return {
      type: KIND_NAMES[k],
      pos: t.start[i],
      val: k === K.Error ? t.err : this.input.slice(t.start[i], t.end[i]),
      line: t.line[i],
    };
  }
}

// ---- character classes ----

// Made on first use: a Unicode property class costs a fraction of a millisecond to make.
let letterOrDigit: RegExp | undefined;

/** Go's isAlphaNumeric: '_', unicode.IsLetter or unicode.IsDigit. */
export function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) {
    return r === 0x5f || (r >= 0x30 && r <= 0x39) || ((r | 0x20) >= 0x61 && (r | 0x20) <= 0x7a);
  }
  return (letterOrDigit ??= /^[\p{L}\p{Nd}]$/u).test(String.fromCodePoint(r));
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
