// strconv.Quote and friends. Go quotes the UTF-8 bytes of a string. A byte of invalid UTF-8
// is held as an escaped lone surrogate U+DC80..U+DCFF (value.ts) and quoted `\xNN` as in Go;
// any other lone surrogate reads as U+FFFD (what utf8Encode writes for it). Byte slices are
// decoded rune by rune as utf8.DecodeRune does, so invalid bytes come out as `\x..` escapes.

import { isInGraphicList, isPrint } from './isprint.js';

const HEX = '0123456789abcdef';
const RUNE_ERROR = 0xfffd;

const hex2 = (b: number): string => HEX[(b >> 4) & 15]! + HEX[b & 15]!;

/**
 * Decodes one rune at `i` as Go's utf8.DecodeRune: returns [rune, size]; an invalid or
 * truncated sequence yields [U+FFFD, 1].
 */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  let size: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) size = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f;
  } else return [RUNE_ERROR, 1];
  if (i + size > b.length) return [RUNE_ERROR, 1];
  const b1 = b[i + 1]!;
  if (b1 < lo || b1 > hi) return [RUNE_ERROR, 1];
  if (size === 2) return [((b0 & 0x1f) << 6) | (b1 & 0x3f), 2];
  const b2 = b[i + 2]!;
  if (b2 < 0x80 || b2 > 0xbf) return [RUNE_ERROR, 1];
  if (size === 3) return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3];
  const b3 = b[i + 3]!;
  if (b3 < 0x80 || b3 > 0xbf) return [RUNE_ERROR, 1];
  return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f), 4];
}

/** The code point at index i of a JS string, lone surrogates read as U+FFFD; [rune, code units]. */
export function stringRuneAt(s: string, i: number): [number, number] {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return [c, 1];
  if (c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return [((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000, 2];
  }
  return [RUNE_ERROR, 1];
}

const validRune = (r: number): boolean => (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= 0x10ffff);

function escapedRune(r: number, quote: number, asciiOnly: boolean, graphicOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r) || (graphicOnly && isInGraphicList(r))) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex2(r);
  if (!validRune(r)) r = RUNE_ERROR;
  if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0');
  return '\\U' + r.toString(16).padStart(8, '0');
}

/** Plain printable ASCII other than `"` and `\\` needs no escaping in any quoting mode. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quoteString(s: string, quote: number, asciiOnly: boolean, graphicOnly: boolean): string {
  const q = String.fromCharCode(quote);
  if (quote === 0x22 && PLAIN.test(s)) return q + s + q;
  return quoteRunes(s, q, quote, asciiOnly, graphicOnly);
}

/**
 * Runs of printable ASCII other than the quote and the backslash are copied as slices (a JSON
 * text given to `quote` is mostly such runs between its `"`s); the rest goes rune by rune.
 */
function quoteRunes(s: string, q: string, quote: number, asciiOnly: boolean, graphicOnly: boolean): string {
  let out = q;
  let start = 0;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== quote && c !== 0x5c) {
      i++;
      continue;
    }
    if (i > start) out += s.slice(start, i);
    if (c >= 0xdc80 && c <= 0xdcff) {
      // An escaped byte (a lone low surrogate: a pair's second half goes with its first).
      out += '\\x' + hex2(c - 0xdc00);
      i++;
    } else {
      const [r, n] = stringRuneAt(s, i);
      out += escapedRune(r, quote, asciiOnly, graphicOnly);
      i += n;
    }
    start = i;
  }
  if (start < s.length) out += s.slice(start);
  return out + q;
}

function quoteBytesWith(b: Uint8Array, quote: number, asciiOnly: boolean, graphicOnly: boolean): string {
  const q = String.fromCharCode(quote);
  let out = q;
  for (let i = 0; i < b.length;) {
    const [r, n] = decodeRune(b, i);
    if (n === 1 && r === RUNE_ERROR) out += '\\x' + hex2(b[i]!);
    else out += escapedRune(r, quote, asciiOnly, graphicOnly);
    i += n;
  }
  return out + q;
}

/** strconv.Quote: a double-quoted Go string literal, printable Unicode kept. */
export const quote = (s: string): string => quoteString(s, 0x22, false, false);
/** strconv.QuoteToASCII: like quote, but every non-ASCII rune escaped. */
export const quoteToASCII = (s: string): string => quoteString(s, 0x22, true, false);
/** strconv.QuoteToGraphic: like quote, but Unicode spaces (U+00A0 …) kept too. */
export const quoteToGraphic = (s: string): string => quoteString(s, 0x22, false, true);

/** strconv.Quote of the Go string with these bytes (invalid UTF-8 becomes `\xNN`). */
export const quoteBytes = (b: Uint8Array): string => quoteBytesWith(b, 0x22, false, false);
/** strconv.QuoteToASCII of the Go string with these bytes. */
export const quoteBytesToASCII = (b: Uint8Array): string => quoteBytesWith(b, 0x22, true, false);

function quoteRuneWith(r: number, asciiOnly: boolean, graphicOnly: boolean): string {
  if (!validRune(r)) r = RUNE_ERROR;
  return `'${escapedRune(r, 0x27, asciiOnly, graphicOnly)}'`;
}

/** strconv.QuoteRune: a single-quoted Go rune literal (invalid runes print as U+FFFD). */
export const quoteRune = (r: number): string => quoteRuneWith(r, false, false);
/** strconv.QuoteRuneToASCII. */
export const quoteRuneToASCII = (r: number): string => quoteRuneWith(r, true, false);
/** strconv.QuoteRuneToGraphic. */
export const quoteRuneToGraphic = (r: number): string => quoteRuneWith(r, false, true);

/** strconv.CanBackquote: whether s can be a raw string literal (no controls but tab, no backquote, no BOM). */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      if (c === 0xfeff) return false;
      // An escaped byte is invalid UTF-8 (RuneError of width 1), which is refused.
      if (c >= 0xdc80 && c <= 0xdcff && (i === 0 || (s.charCodeAt(i - 1) & 0xfc00) !== 0xd800)) return false;
      continue; // every other non-ASCII rune (other lone surrogates read as U+FFFD) is accepted
    }
    if ((c < 0x20 && c !== 0x09) || c === 0x60 || c === 0x7f) return false;
  }
  return true;
}

/** strconv.CanBackquote of the Go string with these bytes. */
export function canBackquoteBytes(b: Uint8Array): boolean {
  for (let i = 0; i < b.length;) {
    const [r, n] = decodeRune(b, i);
    i += n;
    if (n > 1) {
      if (r === 0xfeff) return false;
      continue;
    }
    if (r === RUNE_ERROR) return false;
    if ((r < 0x20 && r !== 0x09) || r === 0x60 || r === 0x7f) return false;
  }
  return true;
}
