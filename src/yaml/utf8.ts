// String helpers that follow Go's byte-oriented view of strings.
import { isEscapedByte, utf8Encode } from '../template/value.js';

/** Compares two strings by their UTF-8 bytes (= code point order), as Go's `<` on strings does. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // An escaped byte of invalid UTF-8 (template/value.ts) compares as that byte.
    if (isEscapedByte(x) || isEscapedByte(y))
      return Buffer.compare(utf8Encode(a.slice(i)), utf8Encode(b.slice(i)));
    // Surrogates (astral code points) sort above U+E000–U+FFFF in UTF-8 but below in UTF-16.
    if (x >= 0xd800 && y >= 0xd800) return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
    return x - y;
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Replaces lone surrogates with U+FFFD: what Go does with invalid UTF-8 it re-encodes. */
export function wellFormed(s: string): string {
  if (!SURROGATE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += s[i] + s[i + 1];
      i++;
    } else out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : s[i];
  }
  return out;
}
