// Key order for printing maps (internal/fmtsort): Go compares string keys bytewise, i.e. by
// their UTF-8 encoding, which orders code points numerically. JS's default sort compares
// UTF-16 code units, which puts U+E000…U+FFFF after astral characters; remap to fix that.

import { isEscapedByte, utf8Encode } from '../value.js';

/** Compares two strings in Go's byte order (code point order). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // An escaped byte of invalid UTF-8 (value.ts) compares as that byte: compare the bytes.
    if (isEscapedByte(x) || isEscapedByte(y))
      return compareByteArrays(utf8Encode(a.slice(i)), utf8Encode(b.slice(i)));
    // Surrogates (astral code points) sort after every BMP character in UTF-8.
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

function compareByteArrays(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The keys of a string-keyed map in fmt's printing order. */
export function sortedMapKeys(entries: ReadonlyMap<string, unknown>): string[] {
  const keys = [...entries.keys()];
  // Plain ASCII keys compare the same either way; the default sort is faster.
  return keys.every(isAscii) ? keys.sort() : keys.sort(compareUtf8);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}
