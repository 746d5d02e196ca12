// The escapers behind the builtins html, js and urlquery (Go's HTMLEscapeString,
// JSEscapeString and url.QueryEscape), byte for byte as Go 1.26 writes them.

import { isPrint } from '../go/strconv/isprint.js';
import { utf8Encode } from '../go/value.js';

/** html: `" ' & < >` as entities, NUL as U+FFFD. */
export function htmlEscape(s: string): string {
  if (!/["'&<>]/.test(s) && !s.includes('\0')) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    let rep: string;
    switch (s.charCodeAt(i)) {
      case 0x00:
        rep = '\uFFFD';
        break;
      case 0x22:
        rep = '&#34;';
        break;
      case 0x27:
        rep = '&#39;';
        break;
      case 0x26:
        rep = '&amp;';
        break;
      case 0x3c:
        rep = '&lt;';
        break;
      case 0x3e:
        rep = '&gt;';
        break;
      default:
        continue;
    }
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return out + s.slice(last);
}

const HEX_UPPER = '0123456789ABCDEF';
function needsJsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      c < 0x20 ||
      c >= 0x80 ||
      c === 0x5c ||
      c === 0x27 ||
      c === 0x22 ||
      c === 0x3c ||
      c === 0x3e ||
      c === 0x26 ||
      c === 0x3d
    )
      return true;
  }
  return false;
}

/** js: quotes, backslash, `< > & =` and control/non-printable runes as JavaScript escapes. */
export function jsEscape(s: string): string {
  if (!needsJsEscape(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      switch (c) {
        case 0x5c:
          out += '\\\\';
          break;
        case 0x27:
          out += "\\'";
          break;
        case 0x22:
          out += '\\"';
          break;
        case 0x3c:
          out += '\\u003C';
          break;
        case 0x3e:
          out += '\\u003E';
          break;
        case 0x26:
          out += '\\u0026';
          break;
        case 0x3d:
          out += '\\u003D';
          break;
        default:
          out += c < 0x20 ? '\\u00' + HEX_UPPER[c >> 4] + HEX_UPPER[c & 0xf] : s[i];
      }
      continue;
    }
    let r = c;
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        r = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        w = 2;
      }
    }
    // A lone surrogate stands for invalid UTF-8, which Go decodes as U+FFFD (printable) and
    // copies through unchanged.
    if ((r >= 0xd800 && r <= 0xdfff) || isPrint(r)) out += s.slice(i, i + w);
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
    i += w - 1;
  }
  return out;
}

const URL_SAFE = /^[A-Za-z0-9\-_.~]*$/;

/** url.QueryEscape: everything but alphanumerics and `-_.~` as %XX of its UTF-8 bytes; space as +. */
export function urlQueryEscape(s: string): string {
  if (URL_SAFE.test(s)) return s;
  let out = '';
  for (const b of utf8Encode(s)) {
    if (
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b === 0x2d ||
      b === 0x5f ||
      b === 0x2e ||
      b === 0x7e
    ) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) out += '+';
    else out += '%' + HEX_UPPER[b >> 4] + HEX_UPPER[b & 0xf];
  }
  return out;
}
