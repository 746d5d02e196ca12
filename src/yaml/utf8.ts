// String helpers that follow Go's byte-oriented view of strings.
import { compareGoStrings } from '../go/value.js';

/** Compares two strings by their UTF-8 bytes (= code point order), as Go's `<` on strings does. */
export const compareUtf8 = compareGoStrings;

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
