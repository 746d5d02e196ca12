// The low-level formatter of Go's fmt (format.go): padding, integers, strings, floats, each
// honouring width, precision and the + - # 0 space flags. One instance per Sprintf call.

import { formatFloat, type FloatFormat } from '../strconv/format-float.js';
import {
  canBackquote,
  canBackquoteBytes,
  decodeRune,
  quote,
  quoteBytes,
  quoteBytesToASCII,
  quoteRune,
  quoteRuneToASCII,
  quoteToASCII,
} from '../strconv/format-quote.js';
import { isPrint } from '../strconv/isprint.js';
import { utf8Decode, utf8Encode } from '../value.js';

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';
const MAX_RUNE = 0x10ffff;
const TWO64 = 1n << 64n;

/** Number of runes (code points; a lone surrogate, an escaped byte, counts as one RuneError as in Go). */
export function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Go's view of bytes as text: the raw bytes, invalid UTF-8 kept as escaped bytes (value.ts). */
export const bytesToText = (b: Uint8Array): string => utf8Decode(b);

export class Formatter {
  buf = '';
  wid = 0;
  prec = 0;
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  /** %+v: print struct field names (plus is cleared so numbers get no sign). */
  plusV = false;
  /** %#v: Go syntax (sharp is cleared). */
  sharpV = false;

  clearFlags(): void {
    this.wid = 0;
    this.prec = 0;
    this.widPresent = this.precPresent = false;
    this.minus = this.plus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
  }

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  /** Appends s padded to the width (counted in runes) on the left, or the right with '-'. */
  padString(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  fmtBoolean(v: boolean): void {
    this.padString(v ? 'true' : 'false');
  }

  /** Integer in a base; `v` is the Go value (negative only for signed kinds). */
  fmtInteger(v: bigint, base: number, verb: string, digits: string = LDIGITS): void {
    const negative = v < 0n;
    const u = negative ? -v : v;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      // Precision 0 and value 0 print nothing but padding.
      if (prec === 0 && u === 0n) {
        const z = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = z;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--; // room for the sign
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    // Zero padding was done above as precision (or is ignored with an explicit precision).
    const z = this.zero;
    this.zero = false;
    this.padString(s);
    this.zero = z;
  }

  /** Hex with a 0x prefix (or not), as Go prints pointers and %#v of unsigned integers. */
  fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(v, 16, 'v', LDIGITS);
    this.sharp = sharp;
  }

  /** %U: U+0041, with '#' also the character. `u` is the value as uint64. */
  fmtUnicode(v: bigint): void {
    const u = v < 0n ? v + TWO64 : v;
    const prec = this.precPresent && this.prec > 4 ? this.prec : 4;
    let s = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (this.sharp && u <= BigInt(MAX_RUNE) && isPrint(Number(u)))
      s += ` '${String.fromCodePoint(Number(u))}'`;
    const z = this.zero;
    this.zero = false;
    this.padString(s);
    this.zero = z;
  }

  /** %c */
  fmtC(v: bigint): void {
    this.padString(String.fromCodePoint(toRune(v)));
  }

  /** %q of an integer: a quoted rune literal. */
  fmtQc(v: bigint): void {
    const r = v < 0n || v > BigInt(MAX_RUNE) ? 0xfffd : Number(v);
    this.padString(this.plus ? quoteRuneToASCII(r) : quoteRune(r));
  }

  truncate(s: string): string {
    if (!this.precPresent) return s;
    let n = this.prec;
    for (let i = 0; i < s.length; i++) {
      if (--n < 0) return s.slice(0, i);
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    return s;
  }

  truncateBytes(b: Uint8Array): Uint8Array {
    if (!this.precPresent) return b;
    let n = this.prec;
    for (let i = 0; i < b.length;) {
      if (--n < 0) return b.subarray(0, i);
      i += decodeRune(b, i)[1];
    }
    return b;
  }

  fmtS(s: string): void {
    this.padString(this.truncate(s));
  }

  fmtBs(b: Uint8Array): void {
    this.padString(bytesToText(this.truncateBytes(b)));
  }

  /** %x / %X of a string's or byte slice's bytes; ' ' separates and '#' prefixes with 0x. */
  fmtSbx(b: Uint8Array, digits: string): void {
    let length = b.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = this.sharp ? '0' + digits[16] : '';
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + digits[16];
      }
      const c = b[i]!;
      out += digits[c >> 4]! + digits[c & 15]!;
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtSx(s: string, upper: boolean): void {
    this.fmtSbx(utf8Encode(s), upper ? UDIGITS : LDIGITS);
  }

  fmtBx(b: Uint8Array, upper: boolean): void {
    this.fmtSbx(b, upper ? UDIGITS : LDIGITS);
  }

  /** %q of a string: Go-quoted, with '+' ASCII only, with '#' backquoted when possible. */
  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) {
      this.padString('`' + s + '`');
      return;
    }
    this.padString(this.plus ? quoteToASCII(s) : quote(s));
  }

  fmtQBytes(b: Uint8Array): void {
    b = this.truncateBytes(b);
    if (this.sharp && canBackquoteBytes(b)) {
      this.padString('`' + bytesToText(b) + '`');
      return;
    }
    this.padString(this.plus ? quoteBytesToASCII(b) : quoteBytes(b));
  }

  /** A float in strconv format `verb` with default precision `prec` (−1: shortest). */
  fmtFloat(v: number, size: 32 | 64, verb: FloatFormat, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec, size);
    // Give every number a sign so the flag logic below can treat them alike.
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    // Infinities and NaN are not zero padded; NaN drops its sign unless asked for.
    if (num[1] === 'I' || num[1] === 'N') {
      const z = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.padString(num);
      this.zero = z;
      return;
    }
    // '#' forces a decimal point and keeps trailing zeros.
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
      let tail = '';
      let body = num;
      let hasDot = false;
      let sawNonzero = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i]!;
        if (c === '.') hasDot = true;
        else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (c !== '0') sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasDot) {
        if (body.length === 2 && body[1] === '0') digits--; // a lone leading 0 counts once
        body += '.';
      }
      if (digits > 0) body += '0'.repeat(digits);
      num = body + tail;
    }
    if (this.plus || num[0] !== '+') {
      // With zero padding the sign goes before the zeros.
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.padString(num);
      return;
    }
    this.padString(num.slice(1));
  }
}

/** The rune fmt prints for an integer with %c: out-of-range and surrogates become U+FFFD. */
function toRune(v: bigint): number {
  if (v < 0n || v > BigInt(MAX_RUNE)) return 0xfffd;
  const r = Number(v);
  return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
}

export { LDIGITS, UDIGITS };
