// Go's strconv.Quote as the parser uses it: error messages (`unexpected "}" in operand`) and
// re-printing `{{template "name"}}`. Delegates to the strconv package's quote (Go's IsPrint
// tables); kept as its own small module because the executor imports it under these names.

import { quote } from '../../go/strconv/format-quote.js';

/** strconv.Quote: a double-quoted Go string literal with Go's escapes. */
export const goQuote = (s: string): string => quote(s);

/** fmt's `%.Nq`: the first N runes of s, quoted. */
export function goQuotePrefix(s: string, runes: number): string {
  let i = 0;
  for (let n = 0; n < runes && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return quote(s.slice(0, i));
}
