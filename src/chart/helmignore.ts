// .helmignore rules, as Helm's pkg/ignore reads and applies them (a gitignore-like subset).

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

const enc = new TextEncoder();
/** One decoder for every .helmignore (decode() without stream keeps no state between calls). */
let decoder: InstanceType<typeof TextDecoder> | undefined;

/** bufio.MaxScanTokenSize: the longest line bufio.Scanner reads (with its newline). */
export const MAX_SCAN_TOKEN = 64 * 1024;
const SLASH = 0x2f;
const STAR = 0x2a;

// utf8.DecodeRune's and getEsc's results, in module variables rather than tuples: a hostile
// pattern runs these millions of times (found by test/fuzz/helmignore.test.ts).
let runeOut = 0;
let sizeOut = 0;

/** utf8.DecodeRune into runeOut/sizeOut; an invalid or short sequence gives 0xfffd, 1. */
function decodeRune(b: Uint8Array, i: number, end = b.length): void {
  const c = b[i]!;
  runeOut = 0xfffd;
  sizeOut = 1;
  if (c < 0x80) {
    runeOut = c;
    return;
  }
  const need = c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : 0;
  if (need === 0 || i + need > end - 1) return;
  let r = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    const cc = b[i + k]!;
    if ((cc & 0xc0) !== 0x80) return;
    r = (r << 6) | (cc & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return;
  runeOut = r;
  sizeOut = need + 1;
}

/**
 * Go's path/filepath.Match on Unix, ported structure for structure: the pattern is cut into
 * chunks at each run of `*`; a chunk is matched at the current position, or (after a star) at
 * each later position up to the next `/`, the first fit winning unless it is the last chunk and
 * leaves input over. No backtracking into earlier chunks, so the time is at most
 * len(pattern) × len(name). `?` and `[…]` never match `/`-free-ness differently from Go;
 * bad patterns throw BadPatternError, checked as far as Go checks them.
 */
export function globMatch(pattern: string, name: string): boolean {
  return matchBytes(enc.encode(pattern), enc.encode(name));
}

function matchBytes(pat: Uint8Array, nm: Uint8Array): boolean {
  let p = 0;
  let n = 0;
  outer: while (p < pat.length) {
    // scanChunk
    let star = false;
    while (p < pat.length && pat[p] === STAR) {
      p++;
      star = true;
    }
    const chunkStart = p;
    let inrange = false;
    let q = p;
    for (; q < pat.length; q++) {
      const c = pat[q];
      if (c === 0x5c) {
        if (q + 1 < pat.length) q++;
      } else if (c === 0x5b) inrange = true;
      else if (c === 0x5d) inrange = false;
      else if (c === STAR && !inrange) break;
    }
    const chunkEnd = q;
    p = q;
    if (star && chunkStart === chunkEnd) {
      // Trailing * matches the rest of the name unless it holds a separator.
      return nm.indexOf(SLASH, n) < 0;
    }
    const last = p === pat.length;
    let t = matchChunk(pat, chunkStart, chunkEnd, nm, n);
    if (t >= 0 && (t === nm.length || !last)) {
      n = t;
      continue;
    }
    if (star) {
      for (let i = n; i < nm.length && nm[i] !== SLASH; i++) {
        t = matchChunk(pat, chunkStart, chunkEnd, nm, i + 1);
        if (t >= 0) {
          if (last && t < nm.length) continue;
          n = t;
          continue outer;
        }
      }
    }
    return false;
  }
  return n === nm.length;
}

/** The pattern whose chunks (by start) were read to their end without a syntax error. */
let checkedPat: Uint8Array | undefined;
const checkedChunks = new Set<number>();

/** matchChunk: the index in `s` after the chunk matched at `si`, or -1; throws on a bad chunk. */
function matchChunk(pat: Uint8Array, c: number, end: number, s: Uint8Array, si: number): number {
  // Go reads a failed chunk on to its end only to find syntax errors, which do not depend on
  // the name: once a chunk has been read whole, a failure can stop where it happens (a 40 KB
  // chunk tried at each position of a long name is then no longer len(chunk) per try).
  if (checkedPat !== pat) {
    checkedPat = pat;
    checkedChunks.clear();
  }
  const start = c;
  const checked = checkedChunks.has(start);
  let failed = false;
  while (c < end) {
    failed = failed || si >= s.length;
    if (failed && checked) return -1;
    const ch = pat[c];
    if (ch === 0x5b) {
      let r = -1;
      if (!failed) {
        decodeRune(s, si);
        r = runeOut;
        si += sizeOut;
      }
      c++;
      let negated = false;
      if (c < end && pat[c] === 0x5e) {
        negated = true;
        c++;
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (c < end && pat[c] === 0x5d && nrange > 0) {
          c++;
          break;
        }
        c = getEsc(pat, c, end);
        const lo = runeOut;
        let hi = lo;
        if (pat[c] === 0x2d) {
          c = getEsc(pat, c + 1, end);
          hi = runeOut;
        }
        match = match || (lo <= r && r <= hi);
        nrange++;
      }
      failed = failed || match === negated;
    } else if (ch === 0x3f) {
      if (!failed) {
        failed = s[si] === SLASH;
        decodeRune(s, si);
        si += sizeOut;
      }
      c++;
    } else {
      if (ch === 0x5c) {
        c++;
        if (c >= end) throw new BadPatternError();
      }
      if (!failed) {
        failed = pat[c] !== s[si];
        si++;
      }
      c++;
    }
  }
  checkedChunks.add(start);
  return failed ? -1 : si;
}

/** getEsc: one (possibly escaped) class character (in runeOut) and the index after it. */
function getEsc(pat: Uint8Array, c: number, end: number): number {
  if (c >= end || pat[c] === 0x2d || pat[c] === 0x5d) throw new BadPatternError();
  if (pat[c] === 0x5c) {
    c++;
    if (c >= end) throw new BadPatternError();
  }
  decodeRune(pat, c, end);
  if (runeOut === 0xfffd && sizeOut === 1) throw new BadPatternError();
  c += sizeOut;
  if (c >= end) throw new BadPatternError();
  return c;
}

interface Pattern {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  /** Matched against the base name (a rule without a slash) or the whole path. */
  onBase: boolean;
  match: (name: string) => boolean;
}

const base = (path: string): string => {
  const trimmed = path.endsWith('/') ? path.replace(/\/+$/, '') : path;
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? trimmed || '.' : trimmed.slice(i + 1);
};

const META = /[*?[\\]/;

/**
 * A rule's glob compiled once (Helm's filepath.Match per path, a bad pattern matching nothing).
 * The common shapes are plain string tests giving Match's answers: a literal matches itself, and
 * `*lit` (a literal after one star) a name ending in lit whose rest holds no `/`. Others run the
 * matcher over the pattern's bytes, encoded here once.
 */
function compileRule(pattern: string): (name: string) => boolean {
  if (!META.test(pattern)) return (name) => name === pattern;
  if (pattern[0] === '*' && !META.test(pattern.slice(1))) {
    const lit = pattern.slice(1);
    return (name) => name.endsWith(lit) && name.lastIndexOf('/', name.length - lit.length - 1) < 0;
  }
  const pat = enc.encode(pattern);
  // Match compares the pattern's text before its first metacharacter with the name's start as it
  // is, and a rule's syntax was checked when it was added: a name without that prefix does not
  // match, with no name encoded (most paths against `templates/.?*`, every one of Helm's defaults).
  const prefix = pattern.slice(0, pattern.search(META));
  return (name) => {
    if (!name.startsWith(prefix)) return false;
    try {
      return matchBytes(pat, enc.encode(name));
    } catch {
      return false;
    }
  };
}

export class IgnoreRules {
  private readonly patterns: Pattern[] = [];

  /** Parses .helmignore text; throws on `**` and bad patterns, as Helm does. */
  static parse(text: string): IgnoreRules {
    return IgnoreRules.parseBytes(enc.encode(text));
  }

  /**
   * Parses .helmignore bytes line by line as bufio.Scanner (ScanLines) reads them: a line of
   * MAX_SCAN_TOKEN bytes or more stops the parse with Scanner's error, after the lines before it.
   */
  static parseBytes(data: Uint8Array): IgnoreRules {
    const r = new IgnoreRules();
    const dec = (decoder ??= new TextDecoder());
    let start = 0;
    let first = true;
    while (start < data.length) {
      const nl = data.indexOf(0x0a, start);
      const end = nl < 0 ? data.length : nl;
      if (end - start >= MAX_SCAN_TOKEN) throw new Error('bufio.Scanner: token too long');
      let line = data.subarray(start, end);
      if (line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
      if (first && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3);
      first = false;
      r.addRule(dec.decode(line));
      if (nl < 0) break;
      start = nl + 1;
    }
    return r;
  }

  /** Helm always ignores dot files inside templates/. */
  addDefaults(): void {
    this.addRule('templates/.?*');
  }

  addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    globMatch(rule, 'abc');
    let negate = false;
    let mustDir = false;
    if (rule.startsWith('!')) {
      negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      mustDir = true;
      rule = rule.slice(0, -1);
    }
    // Anchored (`/x`) and slashed rules match the whole path, others the base name.
    const onBase = !rule.startsWith('/') && !rule.includes('/');
    const match = compileRule(rule.startsWith('/') ? rule.slice(1) : rule);
    this.patterns.push({ raw: line.trim(), negate, mustDir, onBase, match });
  }

  /** Whether a chart-relative path is ignored (Helm's exact rule order, negation quirks included). */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    // The base name up front: cheaper than a closure call per rule (a cold process, ~20 rules
    // against each of a large chart's hundreds of paths).
    const name = base(path);
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(p.onBase ? name : path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(p.onBase ? name : path)) return true;
    }
    return false;
  }
}
