// A fast reader for the plain block YAML that values files and rendered manifests are mostly
// made of. It accepts only a subset whose meaning (and validity) is certain — block mappings and
// sequences, plain scalars (also multi-line), quoted scalars with the common escapes, one-line
// flow lists of scalars, `{}`, literal and folded block scalars, comments — and gives up
// (FAST_BAIL) on anything else, so that the full reader in decode.ts runs and reports exactly
// what it reports today. Every line of an accepted text is consumed by this grammar, which is
// what makes the whole document valid. Where relax.ts (run before the full reader) could read
// a line differently, the line is given up on too. See README.md, "The fast path".
import { GoList, GoMap, type Value } from '../go/value.js';
import { formatFloat } from '../go/strconv/format.js';
import { resolvePlain } from './resolve.js';

export const FAST_BAIL: unique symbol = Symbol('fast-yaml-bail');

/** Characters we never read here: TABs, CR, BOM, LS/PS, NEL (and control characters, checked before). */
const UNSUPPORTED = /[\t\r\ufeff\u2028\u2029\x85]/;

/** Nesting beyond this goes to the full reader (it has the depth rules). */
const MAX_NEST = 200;
/** Keys longer than this go to the full reader (libyaml's simple keys end at 1024 bytes). */
const MAX_KEY = 200;

const SP = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DQ = 0x22;
const SQ = 0x27;

class Bail {}
const BAIL = new Bail();

const bail = (): never => {
  throw BAIL;
};

// Character classes, one table lookup instead of a switch per character (read cold).
const BAD_START = 1; // cannot start a plain scalar or key here
const BAD_CONT = 2; // may not start a plain continuation line (relax.ts may take it for a token)
const BAD_KEY = 4; // not allowed inside a plain key here
const BAD_FLOW = 8; // not allowed inside a plain scalar in a flow sequence here
const HINT = 16; // a first character go-yaml's resolve table has a hint for: maybe no string
const CLASS = new Uint8Array(0x10000);
for (const [chars, cls] of [
  ['-?:,[]{}#&*!|>\'"%@` ', BAD_START],
  ['-?:[{|>"\'#', BAD_CONT],
  [' #,[]{}"\'', BAD_KEY],
  [':#[{}"\'', BAD_FLOW],
  ['+-0123456789.yYnNtTfFoO~', HINT],
] as const)
  for (let i = 0; i < chars.length; i++) CLASS[chars.charCodeAt(i)]! |= cls;

/** Characters that cannot start a plain scalar or key here (false past the end, NaN). */
const badStart = (c: number): boolean => (CLASS[c]! & BAD_START) !== 0;

const TOKEN_LEAD = new Set([':', '-', '[', '{', ',', '?']);

/**
 * A plain continuation line starting with a quote: relax.ts reads it as a quoted scalar. True
 * when relax.ts's scan of the line (copied from there) ends outside quotes, flows and block
 * scalars — so relax.ts leaves the following lines alone, as it does for the rest of a text
 * read here.
 */
function relaxLineClean(line: string, lineIndent: number): boolean {
  let quote = '';
  let flow = 0;
  let prev = '';
  for (let i = lineIndent; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== '') {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else quote = '';
      }
      prev = c;
      continue;
    }
    if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
    if (c === ' ') continue;
    const atTokenStart =
      prev === '' ||
      (TOKEN_LEAD.has(prev) && (line[i - 1] === ' ' || prev === '[' || prev === '{' || prev === ','));
    if (
      (c === '-' || c === '?' || c === ':') &&
      atTokenStart &&
      (i + 1 === line.length || line[i + 1] === ' ')
    ) {
      prev = c;
      continue;
    }
    if ((c === '"' || c === "'") && atTokenStart) quote = c;
    else if ((c === '[' || c === '{') && (atTokenStart || flow > 0)) flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    else if (
      (c === '|' || c === '>') &&
      flow === 0 &&
      atTokenStart &&
      /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))
    )
      return false;
    else if (flow === 0 && atTokenStart) {
      const m = /:(\s|$)| #/.exec(line.slice(i));
      if (m === null || m[0] === ' #') break;
      i += m.index;
      prev = ':';
      continue;
    }
    prev = c;
  }
  return quote === '' && flow === 0;
}

/**
 * A plain scalar's value as the full reader gives it (decode.ts scalarValue, untagged);
 * `asString`: it is bound for a Go string field, where numbers and booleans become text.
 */
function plainValue(s: string, asString: boolean): Value {
  // Most scalars start with a letter no resolve rule looks at: a string, no object made.
  if (s !== '' && (CLASS[s.charCodeAt(0)]! & HINT) === 0) return s;
  const r = resolvePlain(s);
  switch (r.tag) {
    case 'str':
    case 'timestamp':
      return r.value;
    case 'bool':
      return asString ? (r.value ? 'true' : 'false') : r.value;
    case 'null':
      return null;
    case 'int':
      return asString ? r.value.toString() : Number(r.value);
    case 'float':
      if (asString) return formatFloat(r.value, 'g', -1, 32);
      if (!Number.isFinite(r.value)) return bail();
      return r.value;
    default:
      return bail();
  }
}

const isDash = (line: string, k: number): boolean =>
  line.charCodeAt(k) === DASH && (k + 1 === line.length || line.charCodeAt(k + 1) === SP);

// Lines are searched with indexOf and sticky regexps rather than a loop per character: most of
// a values file or manifest is read once, before the JIT has compiled this reader.

/** The first `:` at or after `from` that ends a key (before a space or the line's end), or -1. */
function keyColon(line: string, from: number): number {
  let j = line.indexOf(':', from);
  while (j >= 0 && j + 1 < line.length && line.charCodeAt(j + 1) !== SP) j = line.indexOf(':', j + 1);
  return j;
}

/** A plain key's characters after its first, then the `:` that ends it (see map()). */
const PLAIN_KEY = /[^ #,[\]{}"':]*:(?= |$)/y;
/** An anchor's or alias's name (go-yaml v2 is_alpha). */
const ANCHOR = /[0-9A-Za-z_-]+/y;
/** More aliases go to the full reader: go-yaml's excessive-aliasing rule starts counting at 100. */
const MAX_ALIASES = 100;
/** A document marker at a line's start. */
const MARKER = /^(?:---|\.\.\.)/m;

const NOT_SPACE = /[^ ]/;

/**
 * Each line's leading spaces, negative (-1 - spaces) for a blank line or a comment: found once per
 * line by a regexp (no loop per character in the interpreter), not each time the line is met.
 */
function indents(lines: readonly string[], n: number): Int32Array {
  const ind = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = lines[i]!;
    const k = s.search(NOT_SPACE);
    ind[i] = k < 0 ? -1 - s.length : s.charCodeAt(k) !== HASH ? k : -1 - k;
  }
  return ind;
}

class FastReader {
  private readonly lines: string[];
  /** Per line: its leading spaces k if it has content, else -1 - k (blank or a comment). */
  private readonly ind: Int32Array;
  private n: number;
  private i = 0;
  private depth = 0;
  /** Whether the document's last line ends with a line break. */
  private finalBreak: boolean;
  /** Out values of quoted() and flowSeq(); flowLine: the line a flow sequence ended on. */
  private scalar = '';
  private flow: GoList | GoMap | undefined;
  private flowLine = '';
  /** The text of the last plain scalar inline() read (for anchors). */
  private plain: string | undefined;
  /** Anchored scalars: a plain scalar's text (resolved where an alias uses it) or a string. */
  private readonly anchors = new Map<string, { plain: string } | { value: string }>();
  private aliases = 0;

  /** Keys (and `[]` for list items) from the root, kept when there are string fields. */
  private readonly path: string[] = [];

  constructor(
    private readonly text: string,
    private readonly stringFields?: (path: readonly string[]) => boolean,
  ) {
    this.lines = text.split('\n');
    // The empty string after a final line break is no line.
    this.n = text.endsWith('\n') ? this.lines.length - 1 : this.lines.length;
    this.finalBreak = text.endsWith('\n');
    this.ind = indents(this.lines, this.n);
  }

  /**
   * Document markers: a `---` line before the content (after comments) starts the document and
   * one as the text's last line starts an empty second one, which go-yaml never reads. Any other
   * marker goes to the full reader.
   */
  private markers(): void {
    const lines = this.lines;
    if (this.n > 0 && lines[this.n - 1] === '---') {
      this.n--;
      this.finalBreak = true;
    }
    if (this.next() >= 0 && lines[this.i] === '---') this.i++;
    else this.i = 0;
    for (let li = this.i; li < this.n; li++) if (MARKER.test(lines[li]!)) bail();
  }

  document(): Value {
    const marked = MARKER.test(this.text);
    if (marked) this.markers();
    const k = this.next();
    if (k < 0) return marked ? bail() : null;
    const line = this.lines[this.i]!;
    const c = line.charCodeAt(k);
    let v: Value;
    // A flow collection or quoted scalar on its own (`{}` from toYaml of an empty map).
    if (c === 0x7b || c === 0x5b || c === DQ || c === SQ) v = this.inline(line, k, -1);
    else if (isDash(line, k) || this.isKey(line, k)) v = this.block(k);
    else {
      // A plain scalar alone on its line and in the document (`null` of toYaml nil); not for
      // string fields, whose errors on a scalar root are the full reader's.
      if (badStart(c) || this.stringFields !== undefined) bail();
      const at = this.i++;
      if (this.next() >= 0) bail();
      this.i = at;
      v = this.inline(line, k, -1);
    }
    if (this.next() >= 0) bail();
    return v;
  }

  /** Moves to the next line with content (not blank, not a comment); its indent, or -1 at the end. */
  private next(): number {
    const ind = this.ind;
    const n = this.n;
    for (let i = this.i; i < n; i++) {
      const k = ind[i]!;
      if (k >= 0) {
        this.i = i;
        return k;
      }
    }
    this.i = n;
    return -1;
  }

  /** After a scalar that ended before line i: the next content line may not be indented past `parent`. */
  private follow(parent: number): void {
    const ind = this.ind;
    const n = this.n;
    for (let li = this.i; li < n; li++) {
      const k = ind[li]!;
      if (k < 0) continue;
      if (k > parent) bail();
      return;
    }
  }

  /** A value on its own line(s) (line i, column k > parent) inside a collection at column `parent`. */
  private nested(k: number, parent: number): Value {
    const line = this.lines[this.i]!;
    if (isDash(line, k)) return this.seq(k);
    if (this.isKey(line, k)) return this.map(k);
    return this.inline(line, k, parent);
  }

  /** Whether a scalar here (or, with `item`, an item of a list here) is bound for a string field. */
  private asString(item: boolean): boolean {
    if (this.stringFields === undefined) return false;
    if (!item) return this.stringFields(this.path);
    this.path.push('[]');
    const r = this.stringFields(this.path);
    this.path.pop();
    return r;
  }

  /** A block collection whose first line (this.i) has content at column k. */
  private block(k: number): Value {
    return isDash(this.lines[this.i]!, k) ? this.seq(k) : this.map(k);
  }

  private seq(col: number): GoList {
    if (++this.depth > MAX_NEST) bail();
    const items: Value[] = [];
    for (;;) {
      const line = this.lines[this.i]!;
      const len = line.length;
      let c = col + 1;
      while (c < len && line.charCodeAt(c) === SP) c++;
      const track = this.stringFields !== undefined;
      if (track) this.path.push('[]');
      let v: Value;
      if (c === len || line.charCodeAt(c) === HASH) {
        this.i++;
        const k = this.next();
        v = k > col ? this.nested(k, col) : null;
      } else if (isDash(line, c)) {
        return bail();
      } else if (this.isKey(line, c)) {
        v = this.map(c);
      } else {
        v = this.inline(line, c, col);
      }
      if (track) this.path.pop();
      items.push(v);
      const k = this.next();
      if (k < col) break;
      if (k > col) bail();
      if (!isDash(this.lines[this.i]!, k)) break;
    }
    this.depth--;
    return new GoList(items);
  }

  /** Whether the content at column c of a line is a mapping key (`key: …`, `"key": …`). */
  private isKey(line: string, c: number): boolean {
    const len = line.length;
    const q = line.charCodeAt(c);
    // `{a: b}` holds a `: ` but is a value (inline() gives up on a flow collection as a key).
    if (q === 0x7b || q === 0x5b) return false;
    if (q === DQ || q === SQ) {
      const end = line.indexOf(q === DQ ? '"' : "'", c + 1);
      if (end < 0) return false;
      let j = end + 1;
      while (j < len && line.charCodeAt(j) === SP) j++;
      return line.charCodeAt(j) === COLON;
    }
    // A key's `:` before any comment (a `#` after a space; line[c] is no `#`).
    const colon = keyColon(line, c);
    if (colon < 0) return false;
    const hash = line.indexOf(' #', c - 1);
    return hash < 0 || hash > colon;
  }

  private map(col: number): GoMap {
    if (++this.depth > MAX_NEST) bail();
    const out = new Map<string, Value>();
    for (;;) {
      const line = this.lines[this.i]!;
      const len = line.length;
      let key: string;
      let c: number;
      const q = line.charCodeAt(col);
      if (q === DQ || q === SQ) {
        // A one-line quoted key without escapes, right before its `:`.
        const end = line.indexOf(q === DQ ? '"' : "'", col + 1);
        if (end < 0) bail();
        key = line.slice(col + 1, end);
        if (q === DQ && key.includes('\\')) bail();
        if (q === SQ && line.charCodeAt(end + 1) === SQ) bail();
        c = end + 1;
        if (line.charCodeAt(c) !== COLON) bail();
      } else {
        if (badStart(q) || Number.isNaN(q)) bail();
        // No BAD_KEY character, and no `:` but the last, before a space or the end.
        PLAIN_KEY.lastIndex = col + 1;
        if (!PLAIN_KEY.test(line)) bail();
        const j = PLAIN_KEY.lastIndex - 1;
        key = line.slice(col, j);
        // `<<` is the merge key.
        if (key === '<<' || ((CLASS[q]! & HINT) !== 0 && resolvePlain(key).tag !== 'str')) bail();
        c = j;
      }
      if (c - col > MAX_KEY) bail();
      // line[c] is the `:`.
      c++;
      if (c < len && line.charCodeAt(c) !== SP) bail();
      while (c < len && line.charCodeAt(c) === SP) c++;
      const track = this.stringFields !== undefined;
      if (track) this.path.push(key);
      let v: Value;
      if (c === len || line.charCodeAt(c) === HASH) {
        this.i++;
        const k = this.next();
        if (k > col) v = this.nested(k, col);
        else if (k === col && isDash(this.lines[this.i]!, k)) v = this.seq(k);
        else v = null;
      } else {
        v = this.inline(line, c, col);
      }
      if (track) this.path.pop();
      out.set(key, v);
      const k = this.next();
      if (k < col) break;
      if (k > col) bail();
      if (isDash(this.lines[this.i]!, k)) bail();
    }
    this.depth--;
    return new GoMap(out);
  }

  /** The rest of a line after a scalar or `{}`/`[]`: spaces, then an optional comment. */
  private restOfLine(line: string, c: number): void {
    const len = line.length;
    if (c === len) return;
    if (line.charCodeAt(c) !== SP) bail();
    while (c < len && line.charCodeAt(c) === SP) c++;
    if (c < len && line.charCodeAt(c) !== HASH) bail();
  }

  /**
   * The quoted scalar starting at column c of line i: its value in this.scalar; the column after
   * it on line i, which moves to its last line when `parent` >= 0 allows more lines (indented
   * past `parent`).
   */
  private quoted(line: string, c: number, parent: number): number {
    const dq = line.charCodeAt(c) === DQ;
    let len = line.length;
    let out = '';
    let from = c + 1;
    let j = from;
    for (;;) {
      if (j >= len) {
        // A line break inside the quotes: trailing spaces go, the break folds.
        if (parent < 0) return bail();
        let end = len;
        while (end > from && line.charCodeAt(end - 1) === SP) end--;
        out += line.slice(from, end);
        let breaks = 0;
        let k = 0;
        for (;;) {
          if (++this.i >= this.n) return bail();
          line = this.lines[this.i]!;
          len = line.length;
          k = this.ind[this.i]!;
          if (k < 0) k = -1 - k;
          if (k < len) break;
          breaks++;
        }
        if (k <= parent) return bail();
        out += breaks === 0 ? ' ' : '\n'.repeat(breaks);
        from = j = k;
        continue;
      }
      const x = line.charCodeAt(j);
      if (dq) {
        if (x === DQ) break;
        if (x === 0x5c) {
          out += line.slice(from, j);
          const e = line.charCodeAt(j + 1);
          if (e === 0x6e) out += '\n';
          else if (e === 0x74) out += '\t';
          else if (e === 0x5c) out += '\\';
          else if (e === DQ) out += '"';
          else return bail();
          j += 2;
          from = j;
          continue;
        }
      } else if (x === SQ) {
        if (line.charCodeAt(j + 1) !== SQ) break;
        out += line.slice(from, j + 1);
        j += 2;
        from = j;
        continue;
      }
      j++;
    }
    this.scalar = out + line.slice(from, j);
    return j + 1;
  }

  /**
   * The space after column j of this.flowLine inside a flow sequence: spaces and, when `parent`
   * >= 0 lets the sequence span lines, comments, line breaks and the next lines' indentation
   * (every line indented past `parent`). The column of the next token.
   */
  private flowGap(j: number, parent: number): number {
    let line = this.flowLine;
    for (;;) {
      const len = line.length;
      while (j < len && line.charCodeAt(j) === SP) j++;
      // A `#` right after a token is no comment here (the caller gives up on it).
      if (j < len && (line.charCodeAt(j) !== HASH || line.charCodeAt(j - 1) !== SP)) return j;
      if (parent < 0) return bail();
      let k = 0;
      do {
        if (++this.i >= this.n) return bail();
        line = this.lines[this.i]!;
        k = this.ind[this.i]!;
        if (k < 0) k = -1 - k;
      } while (k === line.length);
      if (k <= parent) return bail();
      this.flowLine = line;
      j = k;
    }
  }

  /**
   * A flow sequence of one-line scalars starting at column c of `line`: on that line only when
   * `parent` < 0, else over lines indented past `parent` (comments and a trailing comma too). The
   * list in this.flow, the line of its `]` in this.flowLine (line i); the column after the `]`.
   */
  private flowSeq(line: string, c: number, parent: number): number {
    this.flowLine = line;
    const items: Value[] = [];
    let j = this.flowGap(c + 1, parent);
    if (this.flowLine.charCodeAt(j) !== 0x5d) {
      for (;;) {
        line = this.flowLine;
        const len = line.length;
        const ch = line.charCodeAt(j);
        if (ch === DQ || ch === SQ) {
          j = this.quoted(line, j, -1);
          items.push(this.scalar);
        } else {
          if (badStart(ch)) return bail();
          let e = j + 1;
          for (; e < len; e++) {
            const x = line.charCodeAt(e);
            if (x === 0x2c || x === 0x5d) break;
            if ((CLASS[x]! & BAD_FLOW) !== 0) return bail();
          }
          // A plain scalar ends on its line (libyaml would fold it into the next one).
          if (e === len) return bail();
          let end = e;
          while (line.charCodeAt(end - 1) === SP) end--;
          items.push(plainValue(line.slice(j, end), this.asString(true)));
          j = e;
        }
        j = this.flowGap(j, parent);
        const x = this.flowLine.charCodeAt(j);
        if (x === 0x5d) break;
        if (x !== 0x2c) return bail();
        j = this.flowGap(j + 1, parent);
        if (this.flowLine.charCodeAt(j) === 0x5d) break;
      }
    }
    this.flow = new GoList(items);
    return j + 1;
  }

  /**
   * A one-line flow mapping whose first key starts at column j (after `{`): plain keys, each
   * followed by `: ` and a plain or quoted scalar or a one-line flow list of scalars. The map in
   * this.flow; the column after its `}`. No empty values, no trailing comma, no repeated keys.
   */
  private flowMap(line: string, j: number): number {
    const len = line.length;
    const out = new Map<string, Value>();
    for (;;) {
      const k0 = j;
      if (badStart(line.charCodeAt(k0))) return bail();
      for (; j < len; j++) {
        const x = line.charCodeAt(j);
        if (x === COLON) break;
        if ((CLASS[x]! & BAD_KEY) !== 0 || x === 0x5d) return bail();
      }
      if (j + 1 >= len || line.charCodeAt(j + 1) !== SP || j - k0 > MAX_KEY) return bail();
      const key = line.slice(k0, j);
      if (key === '<<' || out.has(key) || resolvePlain(key).tag !== 'str') return bail();
      j += 2;
      while (j < len && line.charCodeAt(j) === SP) j++;
      const track = this.stringFields !== undefined;
      if (track) this.path.push(key);
      const ch = line.charCodeAt(j);
      let v: Value;
      if (ch === DQ || ch === SQ) {
        j = this.quoted(line, j, -1);
        v = this.scalar;
      } else if (ch === 0x5b) {
        j = this.flowSeq(line, j, -1);
        v = this.flow!;
      } else {
        if (badStart(ch) || Number.isNaN(ch)) return bail();
        let e = j + 1;
        for (; e < len; e++) {
          const x = line.charCodeAt(e);
          if (x === 0x2c || x === 0x7d) break;
          if ((CLASS[x]! & BAD_FLOW) !== 0 || x === 0x5d) return bail();
        }
        let end = e;
        while (line.charCodeAt(end - 1) === SP) end--;
        v = plainValue(line.slice(j, end), this.asString(false));
        j = e;
      }
      if (track) this.path.pop();
      out.set(key, v);
      while (j < len && line.charCodeAt(j) === SP) j++;
      const x = line.charCodeAt(j);
      if (x === 0x7d) break;
      if (x !== 0x2c) return bail();
      j++;
      while (j < len && line.charCodeAt(j) === SP) j++;
    }
    this.flow = new GoMap(out);
    return j + 1;
  }

  /** A value starting at column c of line i, inside a collection at column `parent`. */
  private inline(line: string, c: number, parent: number): Value {
    const len = line.length;
    const ch = line.charCodeAt(c);
    let v: Value;
    switch (ch) {
      case DQ:
      case SQ: {
        const end = this.quoted(line, c, parent);
        this.restOfLine(this.lines[this.i]!, end);
        v = this.scalar;
        break;
      }
      case 0x7b: {
        // {
        let j = c + 1;
        while (line.charCodeAt(j) === SP) j++;
        if (line.charCodeAt(j) === 0x7d) v = new GoMap(new Map());
        else {
          j = this.flowMap(line, j) - 1;
          v = this.flow!;
        }
        this.restOfLine(line, j + 1);
        break;
      }
      case 0x5b: {
        // [
        const end = this.flowSeq(line, c, parent);
        this.restOfLine(this.flowLine, end);
        v = this.flow!;
        break;
      }
      case 0x26: {
        // &: an anchor on a one-line scalar.
        const j = this.anchorEnd(line, c);
        const name = line.slice(c + 1, j);
        let k = j;
        while (line.charCodeAt(k) === SP) k++;
        if (
          k === j ||
          k === line.length ||
          this.anchors.has(name) ||
          (badStart(line.charCodeAt(k)) && line.charCodeAt(k) !== DQ && line.charCodeAt(k) !== SQ)
        )
          return bail();
        this.plain = undefined;
        const value = this.inline(line, k, parent);
        if (typeof value !== 'string' && this.plain === undefined) return bail();
        this.anchors.set(name, this.plain !== undefined ? { plain: this.plain } : { value: value as string });
        return value;
      }
      case 0x2a: {
        // *: an alias of an anchored scalar.
        const j = this.anchorEnd(line, c);
        const a = this.anchors.get(line.slice(c + 1, j));
        if (a === undefined || ++this.aliases > MAX_ALIASES) return bail();
        this.restOfLine(line, j);
        v = 'plain' in a ? plainValue(a.plain, false) : a.value;
        break;
      }
      case 0x7c: // |
      case 0x3e: // >
        return this.blockScalar(line, c, parent, ch === 0x3e);
      default: {
        if (ch === DASH || ch === COLON) {
          // libyaml starts a plain scalar with `-` (and, outside flows, `:`) before a non-blank.
          if (c + 1 === len || line.charCodeAt(c + 1) === SP) return bail();
        } else if (badStart(ch)) return bail();
        // Up to a comment (a `#` after a space), with no `: ` (a mapping) before it.
        const hash = line.indexOf(' #', c);
        const comment = hash >= 0;
        let end = comment ? hash + 1 : len;
        const colon = keyColon(line, c + 1);
        if (colon >= 0 && colon < end) return bail();
        while (line.charCodeAt(end - 1) === SP) end--;
        let text = line.slice(c, end);
        this.i++;
        if (comment) this.follow(parent);
        else text = this.plainMore(text, parent);
        this.plain = text;
        return plainValue(text, this.asString(false));
      }
    }
    this.i++;
    this.follow(parent);
    return v;
  }

  /**
   * The column after the anchor or alias name at column c (the `&` or `*`): go-yaml's name
   * characters, at least one. Not where scalars are bound for string fields (the full reader
   * decides how an alias meets a field's type).
   */
  private anchorEnd(line: string, c: number): number {
    if (this.stringFields !== undefined) return bail();
    ANCHOR.lastIndex = c + 1;
    if (!ANCHOR.test(line)) return bail();
    return ANCHOR.lastIndex;
  }

  /** The continuation lines of a plain scalar (from line i, indented past `parent`), folded. */
  private plainMore(text: string, parent: number): string {
    const lines = this.lines;
    // Pieces joined once at the end: `+=` per line leaves a rope of a node per piece (a
    // million-line scalar made hundreds of MB of garbage before it was flattened).
    const parts = [text];
    let breaks = 0;
    let li = this.i;
    const ind = this.ind;
    for (; li < this.n; li++) {
      const s = lines[li]!;
      const len = s.length;
      const k = ind[li]!;
      if (k < 0) {
        // A blank line folds; a comment ends the scalar.
        if (-1 - k !== len) break;
        breaks++;
        continue;
      }
      if (k <= parent) break;
      const first = s.charCodeAt(k);
      if (first === DQ || first === SQ) {
        if (!relaxLineClean(s, k)) bail();
      } else if (
        first === DASH ? k + 1 === len || s.charCodeAt(k + 1) === SP : (CLASS[first]! & BAD_CONT) !== 0
      )
        bail();
      if (keyColon(s, k + 1) >= 0 || s.indexOf(' #', k) >= 0) bail();
      let end = len;
      while (s.charCodeAt(end - 1) === SP) end--;
      parts.push(breaks === 0 ? ' ' : '\n'.repeat(breaks), s.slice(k, end));
      breaks = 0;
    }
    this.i = li;
    this.follow(parent);
    return parts.length === 1 ? text : parts.join('');
  }

  /** `|`, `|-`, `|+`, `>`, `>-`, `>+` (no indentation indicator) and the lines that belong to it. */
  private blockScalar(line: string, c: number, parent: number, folded: boolean): string {
    let j = c + 1;
    let chomp = 0; // -1 strip, 0 clip, 1 keep
    const x = line.charCodeAt(j);
    if (x === DASH) {
      chomp = -1;
      j++;
    } else if (x === 0x2b) {
      chomp = 1;
      j++;
    }
    this.restOfLine(line, j);
    let headerIndent = 0;
    while (line.charCodeAt(headerIndent) === SP) headerIndent++;
    const lines = this.lines;
    let indent = -1;
    let leadBlank = 0; // the longest blank line before the first content line
    const parts: string[] = []; // joined once at the end (see plainMore)
    let breaks = 0; // blank lines since the last content line
    let prevBlank = false; // the last content line started with a space (folding)
    let any = false;
    let li = this.i + 1;
    const ind = this.ind;
    for (; li < this.n; li++) {
      const s = lines[li]!;
      let k = ind[li]!;
      if (k < 0) k = -1 - k;
      // A line of spaces is an empty line, unless it has more than the indentation: libyaml
      // reads it as a content line of the spaces past the indentation.
      if (k === s.length && (indent < 0 || k <= indent)) {
        if (k > leadBlank && indent < 0) leadBlank = k;
        breaks++;
        continue;
      }
      if (indent < 0) {
        if (k <= parent) break;
        // relax.ts takes only lines indented past the header's line for the block scalar's.
        if (leadBlank > k || k <= headerIndent) bail();
        indent = k;
      } else if (k < indent) break;
      const lineBlank = k > indent;
      if (!any) {
        if (breaks > 0) parts.push('\n'.repeat(breaks));
      } else if (folded && !prevBlank && !lineBlank) parts.push(breaks === 0 ? ' ' : '\n'.repeat(breaks));
      else parts.push(breaks === 0 ? '\n' : '\n'.repeat(breaks + 1));
      parts.push(indent === 0 ? s : s.slice(indent));
      any = true;
      breaks = 0;
      prevBlank = lineBlank;
    }
    let lastBreak = li < this.n || this.finalBreak;
    if (!any) {
      // Nothing but blank lines: clipped or stripped, nothing.
      if (chomp === 1 || leadBlank > parent || !lastBreak) bail();
    } else if (!lastBreak && breaks > 0) {
      // The text ends in a line of spaces without a line break: no line for go-yaml.
      breaks--;
      lastBreak = true;
    }
    if (!any || !lastBreak) {
      // Nothing to add, or the last content line has no line break to keep.
    } else if (chomp === 0) parts.push('\n');
    else if (chomp === 1) parts.push('\n'.repeat(breaks + 1));
    this.i = li;
    this.follow(parent);
    return parts.join('');
  }
}

/**
 * The value of the first document of `text` if it lies in the fast subset (see above), else
 * FAST_BAIL. Control characters and invalid UTF-8 must have been ruled out before.
 */
export function fastParseYaml(
  text: string,
  stringFields?: (path: readonly string[]) => boolean,
): Value | typeof FAST_BAIL {
  if (UNSUPPORTED.test(text)) return FAST_BAIL;
  try {
    return new FastReader(text, stringFields).document();
  } catch (e) {
    if (e === BAIL) return FAST_BAIL;
    throw e;
  }
}
