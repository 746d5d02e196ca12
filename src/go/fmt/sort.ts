// Key order for printing maps (internal/fmtsort): Go compares string keys bytewise, i.e. by
// their UTF-8 encoding, which orders code points numerically. JS's default sort compares
// UTF-16 code units, which puts U+E000…U+FFFF after astral characters; remap to fix that.

import { compareGoStrings } from '../value.js';

/** Compares two strings in Go's byte order (code point order). */
export const compareUtf8 = compareGoStrings;

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
