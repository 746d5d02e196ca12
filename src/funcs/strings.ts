// Sprig's string functions. Go strings are UTF-8 bytes, and Sprig (and goutils under it)
// often works on bytes: trunc, substr, abbrev and wrap cut at byte offsets, and nospace and
// initials even turn single bytes into runes. Those functions run on a "byte string" (one
// JS char per byte, Latin-1) and convert back; ASCII input skips the conversion. Bytes that
// are not valid UTF-8 are held as escaped bytes (value.ts utf8Decode), as Go keeps them.
import { formatValue } from '../go/fmt/print.js';
import { quote as goQuote } from '../go/strconv/format.js';
import {
  GoError,
  GoFunc,
  GoList,
  GoMap,
  hasInvalidUtf8,
  utf8Decode,
  utf8Encode,
  utf8Normalize,
  type Value,
} from '../go/value.js';
import { strval } from './conversion.js';
import type { FuncEnv } from './env.js';
import { goFunc } from './reflect.js';

// ---- bytes ------------------------------------------------------------------------------

/** Whether every UTF-16 unit is ASCII (so bytes and units coincide). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** UTF-8 bytes of s (escaped bytes raw, value.ts) as a one-char-per-byte string. */
export function toByteString(s: string): string {
  if (isAscii(s)) return s;
  const b = utf8Encode(s);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}
/** Back from a byte string; a cut UTF-8 sequence keeps its bytes as escaped bytes (value.ts). */
export const fromByteString = (b: string): string =>
  isAscii(b) ? b : utf8Decode(new Uint8Array(Buffer.from(b, 'latin1')));

const LONE_SURROGATES = /[\ud800-\udfff]/gu;
/**
 * s as Go's rune loops see it: each escaped byte (value.ts) is a RuneError, which functions
 * that write runes back (strings.Map, WriteRune) turn into U+FFFD.
 */
const runeText = (s: string): string => (hasInvalidUtf8(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s);
/** A decoded rune that is utf8.RuneError: U+FFFD itself or an escaped byte. */
const isRuneError = (c: string): boolean =>
  c === '\ufffd' || (c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff);

/** Go's runtime panic for a bad `s[lo:hi]` on a string of length n (checks hi first, as Go). */
function sliceBounds(lo: number | undefined, hi: number | undefined, n: number): GoError | undefined {
  if (hi !== undefined) {
    if (hi < 0) return new GoError(`runtime error: slice bounds out of range [:${hi}]`);
    if (hi > n) return new GoError(`runtime error: slice bounds out of range [:${hi}] with length ${n}`);
  }
  const h = hi ?? n;
  if (lo !== undefined) {
    if (lo < 0) return new GoError(`runtime error: slice bounds out of range [${lo}:]`);
    if (lo > h) return new GoError(`runtime error: slice bounds out of range [${lo}:${h}]`);
  }
  return undefined;
}

/** `s[lo:hi]` on Go bytes, panicking as Go does. */
function byteSlice(s: string, lo: number | undefined, hi: number | undefined): string {
  const b = toByteString(s);
  const err = sliceBounds(lo, hi, b.length);
  if (err) throw err;
  return fromByteString(b.slice(lo ?? 0, hi ?? b.length));
}

// ---- Go's unicode package, as far as these functions need it --------------------------------

const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
/** unicode.IsSpace (JS \s differs: it has U+FEFF and lacks U+0085). */
export const isSpace = (c: string): boolean => SPACE.test(c);

// Code points JS's Unicode tables (16+) classify but Go 1.26's (Unicode 15) do not: for Go
// they are unassigned, so no letter/digit/punctuation predicate holds. [lo, hi] pairs.
const NEWER_THAN_GO = new Uint32Array([
  0x88f, 0x88f, 0xc5c, 0xc5c, 0xcdc, 0xcdc, 0x1b4e, 0x1b4f, 0x1b7f, 0x1b7f, 0x1c89, 0x1c8a, 0xa7cb, 0xa7cf,
  0xa7d2, 0xa7d2, 0xa7d4, 0xa7d4, 0xa7da, 0xa7dc, 0xa7f1, 0xa7f1, 0x105c0, 0x105f3, 0x10940, 0x10959, 0x10d40,
  0x10d65, 0x10d6e, 0x10d85, 0x10ec2, 0x10ec7, 0x10ed0, 0x10ed0, 0x11380, 0x11389, 0x1138b, 0x1138b, 0x1138e,
  0x1138e, 0x11390, 0x113b5, 0x113b7, 0x113b7, 0x113d1, 0x113d1, 0x113d3, 0x113d5, 0x113d7, 0x113d8, 0x116d0,
  0x116e3, 0x11bc0, 0x11be1, 0x11bf0, 0x11bf9, 0x11db0, 0x11ddb, 0x11de0, 0x11de9, 0x13460, 0x143fa, 0x16100,
  0x1611d, 0x16130, 0x16139, 0x16d40, 0x16d79, 0x16ea0, 0x16eb8, 0x16ebb, 0x16ed3, 0x16ff2, 0x16ff6, 0x187f8,
  0x187ff, 0x18cff, 0x18cff, 0x18d09, 0x18d1e, 0x18d80, 0x18df2, 0x1ccf0, 0x1ccf9, 0x1e5d0, 0x1e5ed, 0x1e5f0,
  0x1e5fa, 0x1e5ff, 0x1e5ff, 0x1e6c0, 0x1e6de, 0x1e6e0, 0x1e6e2, 0x1e6e4, 0x1e6e5, 0x1e6e7, 0x1e6ed, 0x1e6f0,
  0x1e6f4, 0x1e6fe, 0x1e6ff, 0x2b73a, 0x2b73f, 0x2cea2, 0x2cead, 0x2ebf0, 0x2ee5d, 0x323b0, 0x33479,
]);
function newerThanGo(cp: number): boolean {
  if (cp < 0x88f) return false;
  let lo = 0;
  let hi = NEWER_THAN_GO.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < NEWER_THAN_GO[2 * mid]!) hi = mid - 1;
    else if (cp > NEWER_THAN_GO[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}
/**
 * A unicode.IsX predicate from a JS property class (`L` for \p{L}), on Go's Unicode version. The
 * regexp is made on first use: making one parses its class from ICU's tables, which at start-up
 * cost every command ~0.5 ms for the few charts that call these functions.
 */
const goPredicate = (property: string) => {
  let re: RegExp | undefined;
  return (c: string): boolean =>
    (re ??= new RegExp(`\\p{${property}}`, 'u')).test(c) && !newerThanGo(c.codePointAt(0)!);
};
const isLetter = goPredicate('L');
const isDigit = goPredicate('Nd');
const isNumber = goPredicate('N');
const isUpper = goPredicate('Lu');
const isLowerJS = goPredicate('Ll');
// U+0295 became Lo in Unicode 16; Go still has it as a lower-case letter.
const isLower = (c: string): boolean => c === '\u0295' || isLowerJS(c);
const isTitle = goPredicate('Lt');
const isPunct = goPredicate('P');

// Where JS (Unicode 16, full mappings) and Go 1.26 (Unicode 15, simple mappings) disagree:
// letters with case only since Unicode 16, which Go leaves alone…
const GO_CASELESS = new Set([
  0x19b, 0x264, 0x1c89, 0x1c8a, 0xa7cb, 0xa7cc, 0xa7cd, 0xa7ce, 0xa7cf, 0xa7d2, 0xa7d3, 0xa7d4, 0xa7d5,
  0xa7da, 0xa7db, 0xa7dc,
]);
const goCaseless = (cp: number): boolean =>
  GO_CASELESS.has(cp) || (cp >= 0x10d50 && cp <= 0x10d85) || (cp >= 0x16ea0 && cp <= 0x16ed3);
// …and Greek letters with iota subscript, whose simple upper case is the title-case letter.
function greekIotaUpper(cp: number): number | undefined {
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7))
    return cp + 8;
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return undefined;
}

/** unicode.ToUpper: simple (one-rune) case mapping; `ß` stays `ß`. */
export function toUpperRune(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x80) {
    if (goCaseless(cp)) return c;
    const g = greekIotaUpper(cp);
    if (g !== undefined) return String.fromCodePoint(g);
  }
  const u = c.toUpperCase();
  return u.length === c.length || [...u].length === 1 ? u : c;
}
/** unicode.ToLower: simple case mapping (İ → i, where JS gives i + U+0307). */
export function toLowerRune(c: string): string {
  if (c === '\u0130') return 'i';
  if (c.length > 1 || c.charCodeAt(0) >= 0x80) {
    if (goCaseless(c.codePointAt(0)!)) return c;
  }
  const l = c.toLowerCase();
  return [...l].length === 1 ? l : c;
}
// Title case differs from upper case only for the DŽ/Lj/Nj/Dz digraphs and Georgian.
const TITLE: Record<string, string> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
};
/** unicode.ToTitle */
export function toTitleRune(c: string): string {
  const t = TITLE[c];
  if (t !== undefined) return t;
  const cp = c.codePointAt(0)!;
  if ((cp >= 0x10d0 && cp <= 0x10fa) || (cp >= 0x10fd && cp <= 0x10ff)) return c;
  return toUpperRune(c);
}

const mapRunes = (s: string, f: (c: string) => string): string => {
  let out = '';
  for (const c of s) out += f(c);
  return out;
};

/** strings.ToUpper */
export const goUpper = (s: string): string =>
  isAscii(s) ? s.toUpperCase() : mapRunes(runeText(s), toUpperRune);
/** strings.ToLower */
export const goLower = (s: string): string =>
  isAscii(s) ? s.toLowerCase() : mapRunes(runeText(s), toLowerRune);

// strings.Title's word boundaries.
function isSeparator(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if (cp <= 0x7f) return !/[0-9a-zA-Z_]/.test(c);
  if (isLetter(c) || isDigit(c)) return false;
  return isSpace(c);
}

/** strings.Title (deprecated in Go, still Sprig's `title`). */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of runeText(s)) {
    out += isSeparator(prev) ? toTitleRune(c) : c;
    prev = c;
  }
  return out;
}

const SPACE_RUN_START = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const SPACE_RUN_END = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;
/** strings.TrimSpace */
export const trimSpace = (s: string): string => s.replace(SPACE_RUN_START, '').replace(SPACE_RUN_END, '');

/**
 * strings.Trim(s, cutset): cutset is a set of runes. A RuneError (an invalid byte or U+FFFD)
 * in s is cut when the cutset holds any RuneError, as strings.ContainsRune finds it.
 */
function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(cutset);
  const anyError = [...set].some(isRuneError);
  const cut = (c: string): boolean => set.has(c) || (anyError && isRuneError(c));
  const cs = [...s];
  let i = 0;
  let j = cs.length;
  while (i < j && cut(cs[i]!)) i++;
  while (j > i && cut(cs[j - 1]!)) j--;
  return cs.slice(i, j).join('');
}

/**
 * Runs a string operation on bytes when the needle holds escaped bytes (value.ts), which may
 * match part of a character; otherwise on the strings, where a valid needle can only match
 * whole characters.
 */
const needleBytes = (needle: string): boolean => hasInvalidUtf8(needle);
/** strings.Contains */
const goContains = (s: string, sub: string): boolean =>
  needleBytes(sub) ? toByteString(s).includes(toByteString(sub)) : s.includes(sub);
/** strings.HasPrefix */
const goHasPrefix = (s: string, p: string): boolean =>
  needleBytes(p) ? toByteString(s).startsWith(toByteString(p)) : s.startsWith(p);
/** strings.HasSuffix */
const goHasSuffix = (s: string, p: string): boolean =>
  needleBytes(p) ? toByteString(s).endsWith(toByteString(p)) : s.endsWith(p);
/** strings.TrimPrefix */
function goTrimPrefix(s: string, p: string): string {
  if (!needleBytes(p)) return s.startsWith(p) ? s.slice(p.length) : s;
  const b = toByteString(s);
  const bp = toByteString(p);
  return b.startsWith(bp) ? fromByteString(b.slice(bp.length)) : s;
}
/** strings.TrimSuffix */
function goTrimSuffix(s: string, p: string): string {
  if (!needleBytes(p)) return s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  const b = toByteString(s);
  const bp = toByteString(p);
  return b.endsWith(bp) ? fromByteString(b.slice(0, b.length - bp.length)) : s;
}

const MAX_STRING = (1 << 29) - 24;

/** strings.Repeat, with its panic texts. */
export function repeat(s: string, count: number): string {
  if (count < 0) throw new GoError('strings: negative Repeat count');
  // Go checks int overflow; JS strings end far earlier (~2^29 units), so fail there, cleanly.
  if (s.length > 0 && count > Math.floor(MAX_STRING / s.length))
    throw new GoError('strings: Repeat output length overflow');
  // The end of one copy and the start of the next may join into valid UTF-8.
  return hasInvalidUtf8(s) ? utf8Normalize(s.repeat(count)) : s.repeat(count);
}

/** strings.Replace(s, old, new, -1): an empty old inserts at every rune boundary. */
function replaceAll(s: string, old: string, rep: string): string {
  if (needleBytes(old))
    return fromByteString(toByteString(s).split(toByteString(old)).join(toByteString(rep)));
  // Escaped bytes of rep may join the bytes around them into valid UTF-8.
  if (old !== '') return utf8Normalize(s.split(old).join(rep));
  return utf8Normalize(rep + [...s].join(rep) + (s === '' ? '' : rep));
}

/** strings.Split(s, sep): an empty sep splits into runes. */
export function goSplit(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  if (needleBytes(sep)) return toByteString(s).split(toByteString(sep)).map(fromByteString);
  return s.split(sep);
}

/** strings.SplitN */
export function goSplitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (n < 0) return goSplit(s, sep);
  if (sep === '') {
    const rs = [...s];
    if (rs.length <= n) return rs;
    return [...rs.slice(0, n - 1), rs.slice(n - 1).join('')];
  }
  if (needleBytes(sep)) return goSplitN(toByteString(s), toByteString(sep), n).map(fromByteString);
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

const splitMap = (parts: string[]): GoMap =>
  new GoMap(new Map(parts.map((p, i) => [`_${i}`, p])), 'map[string]string', 'string');

// ---- goutils ------------------------------------------------------------------------------

/** goutils.AbbreviateFull on bytes (Sprig has already excluded its error cases). */
function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '') return '';
  const b = toByteString(s);
  if (b.length <= maxWidth) return s;
  const n = b.length;
  if (offset > n) offset = n;
  if (n - offset < maxWidth - 3) offset = n - (maxWidth - 3);
  if (offset <= 4) return fromByteString(b.slice(0, maxWidth - 3) + '...');
  if (offset + maxWidth - 3 < n)
    return '...' + abbreviateFull(fromByteString(b.slice(offset)), 0, maxWidth - 3);
  return fromByteString('...' + b.slice(n - (maxWidth - 3)));
}

/** goutils.WrapCustom: byte based; breaks at spaces, long words only when asked. */
function wrapCustom(s: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const b = toByteString(s);
  const nl = toByteString(newLine);
  const n = b.length;
  let offset = 0;
  let out = '';
  while (n - offset > wrapLength) {
    if (b[offset] === ' ') {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    const spaceAt = b.slice(offset, end).lastIndexOf(' ') + offset;
    if (spaceAt >= offset) {
      out += b.slice(offset, spaceAt) + nl;
      offset = spaceAt + 1;
    } else if (wrapLongWords) {
      out += b.slice(offset, wrapLength + offset) + nl;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const idx = b.indexOf(' ', e);
      if (idx === -1) {
        out += b.slice(offset);
        offset = n;
      } else {
        out += b.slice(offset, idx) + nl;
        offset = idx + 1;
      }
    }
  }
  return fromByteString(out + b.slice(offset));
}

// goutils reads some strings byte by byte and writes each byte back as a rune, so a
// non-ASCII byte comes out as the Latin-1 character of that value: kept on purpose.
const BYTE_SPACE = (code: number): boolean =>
  (code >= 9 && code <= 13) || code === 32 || code === 0x85 || code === 0xa0;

/** goutils.DeleteWhiteSpace (nospace) */
function deleteWhiteSpace(s: string): string {
  if (s === '') return s;
  const b = toByteString(s);
  let out = '';
  for (let i = 0; i < b.length; i++) if (!BYTE_SPACE(b.charCodeAt(i))) out += b[i];
  return out.length === b.length ? s : out;
}

/** goutils.Initials */
function initials(s: string): string {
  const b = toByteString(s);
  let out = '';
  let gap = true;
  for (let i = 0; i < b.length; i++) {
    if (BYTE_SPACE(b.charCodeAt(i))) gap = true;
    else if (gap) {
      out += b[i];
      gap = false;
    }
  }
  return out;
}

/** goutils.SwapCase */
function swapCase(s: string): string {
  let ws = true;
  let out = '';
  for (const c of runeText(s)) {
    if (isUpper(c) || isTitle(c)) {
      out += toLowerRune(c);
      ws = false;
    } else if (isLower(c)) {
      out += ws ? toTitleRune(c) : toUpperRune(c);
      ws = false;
    } else {
      out += c;
      ws = isSpace(c);
    }
  }
  return out;
}

/** goutils.Uncapitalize (untitle) */
function uncapitalize(s: string): string {
  let next = true;
  let out = '';
  for (const c of runeText(s)) {
    if (isSpace(c)) {
      next = true;
      out += c;
    } else if (next) {
      out += toLowerRune(c);
      next = false;
    } else out += c;
  }
  return out;
}

// ---- huandu/xstrings 1.5.0 ------------------------------------------------------------------

const isConnector = (c: string): boolean => c === '-' || c === '_' || isSpace(c);
const isAlphabet = (c: string): boolean => {
  if (!isLetter(c)) return false;
  const cp = c.codePointAt(0)!;
  if (cp < 0x3400) return true;
  if (cp >= 0x4e00 && cp <= 0x9fcc) return false;
  if (cp >= 0x3400 && cp <= 0x4d85) return false;
  if (cp >= 0x20000 && cp <= 0x2b81d) return false;
  return true;
};

/** xstrings toCamelCase (camelcase is ToPascalCase: big = true). */
function toCamelCase(s: string, big: boolean): string {
  const rs = [...runeText(s)];
  if (rs.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  while (i < rs.length) {
    r0 = rs[i++]!;
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = big ? toUpperRune(r0) : toLowerRune(r0);
      break;
    }
    out += r0;
  }
  // Every rune read: xstrings writes the last one again even when it was a connector.
  if (i >= rs.length) return out + r0;
  let r1: string;
  while (i < rs.length) {
    r1 = r0;
    r0 = rs[i++]!;
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += r1;
    }
  }
  if (firstUpper && !big) r0 = toLowerRune(r0);
  return out + r0;
}

const enum W {
  invalid,
  number,
  upper,
  alphabet,
  connector,
  punct,
  other,
}

/**
 * xstrings nextValidRune over runes from index i: the first rune that is not a RuneError (an
 * escaped byte or U+FFFD), or prev when none is left; [rune, runes consumed].
 */
function nextValidRune(rs: string[], i: number, prev: string): [string, number] {
  let n = 0;
  while (i + n < rs.length) {
    const r = rs[i + n]!;
    n++;
    if (!isRuneError(r)) return [r, n];
  }
  return [prev, n];
}

/**
 * xstrings nextWord over runes from index i: [type, word, next index]. RuneErrors are skipped
 * over (classed by the rune after them) and stay in the word.
 */
function nextWord(rs: string[], i: number): [W, string, number] {
  if (i >= rs.length) return [W.invalid, '', i];
  const start = i;
  let [r, size] = nextValidRune(rs, i, '\ufffd');
  let offset = i + size; // end of the word
  if (isRuneError(r)) return [W.invalid, rs.slice(start, offset).join(''), offset];
  let rem = offset; // start of the rest
  const take = (pred: (c: string) => boolean): void => {
    while (rem < rs.length) {
      [r, size] = nextValidRune(rs, rem, r);
      if (!pred(r)) break;
      offset += size;
      rem += size;
    }
  };
  let t: W;
  if (isConnector(r)) {
    t = W.connector;
    take(isConnector);
  } else if (isPunct(r)) {
    t = W.punct;
    take(isPunct);
  } else if (isUpper(r)) {
    t = W.upper;
    if (rem < rs.length) {
      [r, size] = nextValidRune(rs, rem, r);
      if (isUpper(r)) {
        let prevSize = size;
        offset += size;
        rem += size;
        while (rem < rs.length) {
          [r, size] = nextValidRune(rs, rem, r);
          if (!isUpper(r)) break;
          prevSize = size;
          offset += size;
          rem += size;
        }
        // An upper run followed by a letter gives its last capital to the next word.
        if (rem < rs.length && isAlphabet(r)) {
          offset -= prevSize;
          rem = offset;
        }
      } else if (isAlphabet(r)) {
        offset += size;
        rem += size;
        take((c) => isAlphabet(c) && !isUpper(c));
      }
    }
  } else if (isAlphabet(r)) {
    t = W.alphabet;
    take((c) => isAlphabet(c) && !isUpper(c));
  } else if (isNumber(r)) {
    t = W.number;
    take(isNumber);
  } else {
    t = W.other;
    take((c) => !(isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)));
  }
  return [t, rs.slice(start, offset).join(''), offset];
}

function lowerWord(t: W, word: string, conn: string): string {
  if (t !== W.upper && t !== W.connector) return word;
  let out = '';
  for (const c of word)
    out += isConnector(c) ? conn : isUpper(c) ? toLowerRune(c) : isRuneError(c) ? '\ufffd' : c;
  return out;
}

/** xstrings camelCaseToLowerCase (snakecase, kebabcase). */
function camelCaseToLowerCase(s: string, conn: string): string {
  if (s === '') return '';
  const rs = [...s];
  let out = '';
  let [wt, word, at] = nextWord(rs, 0);
  const more = (): boolean => at < rs.length;
  while (more()) {
    if (wt !== W.connector) out += lowerWord(wt, word, conn);
    const prev = wt;
    const last = word;
    [wt, word, at] = nextWord(rs, at);
    switch (prev) {
      case W.number:
        while (wt === W.alphabet || wt === W.number) {
          out += lowerWord(wt, word, conn);
          [wt, word, at] = nextWord(rs, at);
        }
        if (wt !== W.invalid && wt !== W.punct && wt !== W.connector) out += conn;
        break;
      case W.connector:
        out += lowerWord(prev, last, conn);
        break;
      case W.punct:
        break;
      default: {
        if (wt !== W.number) {
          if (wt !== W.connector && wt !== W.punct) out += conn;
          break;
        }
        if (!more()) break;
        const num = word;
        [wt, word, at] = nextWord(rs, at);
        if (wt !== W.alphabet) {
          out += lowerWord(W.number, num, conn);
          if (wt !== W.connector && wt !== W.punct) out += conn;
          break;
        }
        out += conn + lowerWord(W.number, num, conn);
        while (wt === W.alphabet || wt === W.number) {
          out += lowerWord(wt, word, conn);
          [wt, word, at] = nextWord(rs, at);
        }
        if (wt !== W.invalid && wt !== W.connector && wt !== W.punct) out += conn;
      }
    }
  }
  return out + lowerWord(wt, word, conn);
}

// ---- randomness (goutils' CryptoRandom alphabets, drawn from env.randomBytes) ----------------

/** A uniform integer in [0, n) from the CSPRNG, by rejection sampling. */
export function randomBelow(env: FuncEnv, n: number): number {
  if (n <= 1) return 0;
  const bits = Math.ceil(Math.log2(n));
  const bytes = Math.ceil(bits / 8);
  const mask = 2 ** bits - 1;
  for (;;) {
    const b = env.randomBytes(bytes);
    let x = 0;
    for (const byte of b) x = x * 256 + byte;
    x = x % (mask + 1);
    if (x < n) return x;
  }
}

/** xstrings.Shuffle: a uniform permutation of the runes. */
function shuffle(env: FuncEnv, s: string): string {
  const rs = [...runeText(s)];
  for (let i = rs.length - 1; i > 0; i--) {
    const j = randomBelow(env, i + 1);
    [rs[i], rs[j]] = [rs[j]!, rs[i]!];
  }
  return rs.join('');
}

// ---- the template functions -------------------------------------------------------------

const num = (v: Value): number => Number((v as { v: bigint }).v);
const str = (v: Value): string => v as string;

function trunc(c: number, s: string): string {
  if (isAscii(s)) {
    if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
    if (c >= 0 && s.length > c) return s.slice(0, c);
    return s;
  }
  const b = toByteString(s);
  if (c < 0 && b.length + c > 0) return fromByteString(b.slice(b.length + c));
  if (c >= 0 && b.length > c) return fromByteString(b.slice(0, c));
  return s;
}

function substr(start: number, end: number, s: string): string {
  if (start < 0) return byteSlice(s, undefined, end);
  const n = isAscii(s) ? s.length : toByteString(s).length;
  if (end < 0 || end > n) return byteSlice(s, start, undefined);
  return byteSlice(s, start, end);
}

function indent(spaces: number, s: string): string {
  const pad = repeat(' ', spaces);
  return pad + s.replaceAll('\n', '\n' + pad);
}

/** Sprig's string functions (strings.go, plus the string-list ones split splitList splitn join). */
export function stringsFuncs(env: FuncEnv): Map<string, GoFunc> {
  const fs = [
    goFunc('abbrev', 'func(int, string) string', (w, s) =>
      num(w) < 4 ? str(s) : abbreviateFull(str(s), 0, num(w)),
    ),
    goFunc('abbrevboth', 'func(int, int, string) string', (l, r, s) => {
      const left = num(l);
      const right = num(r);
      if (right < 4 || (left > 0 && right < 7)) return str(s);
      return abbreviateFull(str(s), left, right);
    }),
    goFunc('trunc', 'func(int, string) string', (c, s) => trunc(num(c), str(s))),
    goFunc('trim', 'func(string) string', (s) => trimSpace(str(s))),
    goFunc('upper', 'func(string) string', (s) => goUpper(str(s))),
    goFunc('lower', 'func(string) string', (s) => goLower(str(s))),
    goFunc('title', 'func(string) string', (s) => title(str(s))),
    goFunc('untitle', 'func(string) string', (s) => uncapitalize(str(s))),
    goFunc('substr', 'func(int, int, string) string', (a, b, s) => substr(num(a), num(b), str(s))),
    goFunc('repeat', 'func(int, string) string', (c, s) => repeat(str(s), num(c))),
    goFunc('trimall', 'func(string, string) string', (a, b) => trimCutset(str(b), str(a))),
    goFunc('trimAll', 'func(string, string) string', (a, b) => trimCutset(str(b), str(a))),
    goFunc('trimSuffix', 'func(string, string) string', (a, b) => goTrimSuffix(str(b), str(a))),
    goFunc('trimPrefix', 'func(string, string) string', (a, b) => goTrimPrefix(str(b), str(a))),
    goFunc('nospace', 'func(string) string', (s) => deleteWhiteSpace(str(s))),
    goFunc('initials', 'func(string) string', (s) => initials(str(s))),
    goFunc('swapcase', 'func(string) string', (s) => swapCase(str(s))),
    goFunc('shuffle', 'func(string) string', (s) => shuffle(env, str(s))),
    goFunc('snakecase', 'func(string) string', (s) => camelCaseToLowerCase(str(s), '_')),
    goFunc('camelcase', 'func(string) string', (s) => toCamelCase(str(s), true)),
    goFunc('kebabcase', 'func(string) string', (s) => camelCaseToLowerCase(str(s), '-')),
    goFunc('wrap', 'func(int, string) string', (l, s) => wrapCustom(str(s), num(l), '', false)),
    goFunc('wrapWith', 'func(int, string, string) string', (l, sep, s) =>
      wrapCustom(str(s), num(l), str(sep), true),
    ),
    goFunc('contains', 'func(string, string) bool', (sub, s) => goContains(str(s), str(sub))),
    goFunc('hasPrefix', 'func(string, string) bool', (p, s) => goHasPrefix(str(s), str(p))),
    goFunc('hasSuffix', 'func(string, string) bool', (p, s) => goHasSuffix(str(s), str(p))),
    goFunc('quote', 'func(...interface {}) string', (...xs) =>
      xs
        .filter((x) => x !== null)
        .map((x) => goQuote(strval(x)))
        .join(' '),
    ),
    goFunc('squote', 'func(...interface {}) string', (...xs) =>
      xs
        .filter((x) => x !== null)
        .map((x) => `'${formatValue(x)}'`)
        .join(' '),
    ),
    goFunc('cat', 'func(...interface {}) string', (...xs) =>
      utf8Normalize(
        xs
          .filter((x) => x !== null)
          .map((x) => formatValue(x))
          .join(' '),
      ),
    ),
    goFunc('indent', 'func(int, string) string', (n, s) => indent(num(n), str(s))),
    goFunc('nindent', 'func(int, string) string', (n, s) => '\n' + indent(num(n), str(s))),
    goFunc('replace', 'func(string, string, string) string', (o, n, s) => replaceAll(str(s), str(o), str(n))),
    goFunc('plural', 'func(string, string, int) string', (one, many, c) =>
      (c as { v: bigint }).v === 1n ? one : many,
    ),
    goFunc('split', 'func(string, string) map[string]string', (sep, s) =>
      splitMap(goSplit(str(s), str(sep))),
    ),
    goFunc(
      'splitList',
      'func(string, string) []string',
      (sep, s) => new GoList(goSplit(str(s), str(sep)), 'string'),
    ),
    goFunc('splitn', 'func(string, int, string) map[string]string', (sep, n, s) =>
      splitMap(goSplitN(str(s), str(sep), num(n))),
    ),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
