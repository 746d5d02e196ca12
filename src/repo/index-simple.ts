// One chart's version list of an index.yaml read straight from the text, for the shape helm and
// `repo index` write: block mappings and sequences (a sequence may sit at its key's indentation),
// one-line quoted scalars without escapes, plain scalars (folded over more-indented lines) that
// resolve to strings (or booleans outside string fields), `|` and `|-` literal blocks. No YAML
// document or token tree is built and duplicate keys are seen while reading, so this costs a
// fraction of the general reader plus the duplicate scan. Anything else — blank or comment lines,
// anchors, tags, flow collections, escapes, other block scalars, a key repeated, a number, a
// null — returns undefined and the chunk goes to the general reader, which gives the same value
// or Helm's error. The caller checked the whole text for characters this reader never sees
// (SIMPLE_TEXT).
import { GoList, GoMap, type Value } from '../go/value.js';
import { resolvePlain } from '../yaml/resolve.js';

/** Texts holding only line feeds and printable characters YAML takes as they are. */
export const SIMPLE_TEXT =
  /^[\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffc\u{10000}-\u{10ffff}]*$/u;

const SP = 0x20;
const NL = 0x0a;
const DASH = 0x2d;
const HASH = 0x23;
const DQ = 0x22;
const SQ = 0x27;
const BAR = 0x7c;

// Each nesting level indents further: this bounds the recursion.
const MAX_INDENT = 400;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const DQ_SIMPLE = /^"[\x20\x21\x23-\x5b\x5d-\x7e]*"$/;
const SQ_SIMPLE = /^'[\x20-\x26\x28-\x7e]*'$/;

class Bail extends Error {}
const BAIL = new Bail();
const bail = (): never => {
  throw BAIL;
};

// Indicators a plain scalar may not start with here (and space): YAML's, plus `-`.
const NOT_FIRST = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@` ') NOT_FIRST[c.charCodeAt(0)] = 1;
// First characters for which go-yaml's resolve looks further (resolve.ts's hint): the rest are strings.
const MAYBE = new Uint8Array(128);
for (const c of '+-0123456789.yYnNtTfFoO~') MAYBE[c.charCodeAt(0)] = 1;

// What a plain scalar resolves to: string, boolean, or anything else (bail). Short texts such
// as versions repeat across a big index: each is resolved once.
const resolved = new Map<string, string | boolean | null>();
export function plainScalar(s: string): string | boolean | null {
  const c = s.charCodeAt(0);
  if (c >= 128 || MAYBE[c] === 0) return s;
  let r = resolved.get(s);
  if (r === undefined) {
    const x = resolvePlain(s);
    r = x.tag === 'str' ? s : x.tag === 'bool' ? (x.value as boolean) : null;
    if (s.length <= 40 && resolved.size < 100_000) resolved.set(s, r);
  }
  return r;
}

class Reader {
  /** Current line: start, end (at its newline or the end), indentation. */
  ls = 0;
  le = 0;
  ind = 0;

  constructor(
    private readonly t: string,
    start: number,
    private readonly end: number,
    private readonly stringField: (path: readonly string[]) => boolean,
    /** Keys and `[]` down to the current node (consulted for booleans only). */
    private readonly path: string[],
  ) {
    this.at(start);
  }

  private at(ls: number): void {
    const t = this.t;
    this.ls = ls;
    if (ls >= this.end) {
      this.le = this.end;
      this.ind = -1;
      return;
    }
    let le = t.indexOf('\n', ls);
    if (le < 0 || le > this.end) le = this.end;
    this.le = le;
    let i = ls;
    while (i < le && t.charCodeAt(i) === SP) i++;
    // Blank, comment-only and trailing-space lines are left to the general reader.
    if (i === le || t.charCodeAt(i) === HASH || t.charCodeAt(le - 1) === SP) bail();
    this.ind = i - ls;
  }

  private nextLine(): void {
    this.at(this.le + 1);
  }

  get done(): boolean {
    return this.ind < 0;
  }

  private isItem(): boolean {
    const c = this.ls + this.ind;
    return this.t.charCodeAt(c) === DASH && (c + 1 === this.le || this.t.charCodeAt(c + 1) === SP);
  }

  /** A block sequence whose `- ` lines sit at indentation ind. */
  seq(ind: number): GoList {
    if (ind > MAX_INDENT) bail();
    const items: Value[] = [];
    this.path.push('[]');
    while (!this.done && this.ind === ind && this.isItem()) {
      const col = this.ls + ind + 2;
      if (col >= this.le) bail(); // `-` alone: a null or a nested node, rare
      if (this.keyAt(col) >= 0) items.push(this.map(ind + 2, col));
      else items.push(this.scalar(col, ind));
    }
    this.path.pop();
    // What follows is shallower, or its parent mapping's next key at this indentation.
    if (!this.done && this.ind > ind) bail();
    return new GoList(items);
  }

  /** The `:` ending a plain key starting at col, or -1 when the line holds no key there. */
  private keyAt(col: number): number {
    const t = this.t;
    const c0 = t.charCodeAt(col);
    if (c0 === DQ || c0 === SQ) bail(); // quoted keys: general reader
    const colon = t.indexOf(':', col);
    if (colon < 0 || colon >= this.le) return -1;
    if (colon + 1 < this.le && t.charCodeAt(colon + 1) !== SP) {
      // `a:b` is a plain scalar, unless a later `: ` makes the line a key after all.
      return t.indexOf(': ', col) < this.le && t.indexOf(': ', col) >= 0 ? bail() : -1;
    }
    return colon;
  }

  /** A block mapping whose keys sit at indentation ind; the first key starts at col (maybe after `- `). */
  map(ind: number, col: number): GoMap {
    if (ind > MAX_INDENT) bail();
    const entries = new Map<string, Value>();
    for (;;) {
      const colon = this.keyAt(col);
      if (colon < 0) bail();
      const key = this.t.slice(col, colon);
      if (!KEY.test(key) || key.length > 200 || plainScalar(key) !== key || entries.has(key)) bail();
      this.path.push(key);
      if (colon + 1 >= this.le) {
        // The value is on the following lines: a mapping, a sequence (also at this indentation), or null.
        this.nextLine();
        if (!this.done && this.ind > ind) {
          entries.set(key, this.isItem() ? this.seq(this.ind) : this.map(this.ind, this.ls + this.ind));
        } else if (!this.done && this.ind === ind && this.isItem()) {
          entries.set(key, this.seq(ind));
        } else bail(); // an empty value is null: left to the general reader
      } else {
        entries.set(key, this.scalar(colon + 2, ind));
      }
      this.path.pop();
      if (this.done || this.ind < ind) break;
      if (this.ind > ind || this.isItem()) bail();
      col = this.ls + ind;
    }
    return new GoMap(entries);
  }

  /** The scalar starting at col of the current line, owned by a node at indentation owner. */
  private scalar(col: number, owner: number): Value {
    const t = this.t;
    const c = t.charCodeAt(col);
    if (c === DQ || c === SQ) {
      const first = t.slice(col, this.le);
      if (!(c === DQ ? DQ_SIMPLE : SQ_SIMPLE).test(first)) bail();
      this.nextLine();
      if (!this.done && this.ind > owner) bail();
      return first.slice(1, -1);
    }
    if (c === BAR) return this.literal(t.slice(col, this.le), owner);
    this.plainLine(col, this.le);
    let text = t.slice(col, this.le);
    this.nextLine();
    while (!this.done && this.ind > owner) {
      // A more-indented line continues a plain scalar: folded with one space.
      this.plainLine(this.ls + this.ind, this.le);
      text += ' ' + t.slice(this.ls + this.ind, this.le);
      this.nextLine();
    }
    const v = plainScalar(text);
    if (v === null) bail();
    if (typeof v === 'boolean' && this.stringField(this.path)) bail();
    return v;
  }

  /** A plain line: no indicator first, no `: ` or ` #` inside, no `:` last. */
  private plainLine(from: number, to: number): void {
    const t = this.t;
    const c0 = t.charCodeAt(from);
    if (c0 < 128 && NOT_FIRST[c0] === 1) bail();
    if (t.charCodeAt(to - 1) === 0x3a) bail();
    for (let i = from; i < to - 1; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x3a ? t.charCodeAt(i + 1) === SP : c === SP && t.charCodeAt(i + 1) === HASH) bail();
    }
  }

  /** `|` (one final newline) or `|-` (none): the more-indented lines as they are. */
  private literal(head: string, owner: number): string {
    if (head !== '|' && head !== '|-') bail();
    this.nextLine();
    const ind = this.ind;
    if (this.done || ind <= owner) bail();
    const lines: string[] = [];
    // Clipping keeps the last line's break only where the text has one (not at its very end).
    let broken = false;
    while (!this.done && this.ind >= ind) {
      lines.push(this.t.slice(this.ls + ind, this.le));
      broken = this.t.charCodeAt(this.le) === NL;
      this.nextLine();
    }
    if (!this.done && this.ind > owner) bail();
    return lines.join('\n') + (head === '|' && broken ? '\n' : '');
  }
}

/**
 * The value of `entries.<name>` for the text between start and end (the lines after `  name:`),
 * or undefined when it is not in the simple shape.
 */
export function readSimpleChart(
  text: string,
  start: number,
  end: number,
  at: readonly string[],
  stringField: (path: readonly string[]) => boolean,
): GoList | undefined {
  // The chunk ends with its newline (or the text's end); the reader works line by line up to it.
  let e = end;
  if (e > start && text.charCodeAt(e - 1) === NL) e--;
  if (e <= start) return undefined;
  try {
    const r = new Reader(text, start, e, stringField, [...at]);
    if (r.done || r.ind !== 2) return undefined;
    const list = r.seq(2);
    return r.done ? list : undefined;
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}
