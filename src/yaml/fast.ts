// A fast reader for the plain block YAML that values files and rendered manifests are mostly
// made of. It accepts only a subset whose meaning (and validity) is certain — block mappings and
// sequences, plain scalars (also multi-line), quoted scalars with the common escapes, one-line
// flow lists of scalars, `{}`, literal and folded block scalars, comments — and gives up
// (FAST_BAIL) on anything else, so that the full reader in decode.ts runs and reports exactly
// what it reports today. Every line of an accepted text is consumed by this grammar, which is
// what makes the whole document valid. Where relax.ts (run before the full reader) could read
// a line differently, the line is given up on too. See README.md, "The fast path".
import { GoList, GoMap, type Value } from '../go/value.js';
import { FastFlow } from './fast-flow.js';
import {
  ANCHOR,
  BAIL,
  CLASS,
  COLON,
  DASH,
  DQ,
  HASH,
  HINT,
  MARKER,
  MAX_ALIASES,
  MAX_KEY,
  MAX_NEST,
  PLAIN_KEY,
  SP,
  SQ,
  badStart,
  bail,
  isDash,
  keyColon,
  plainValue,
} from './fast-text.js';
import { resolvePlain } from './resolve.js';

export const FAST_BAIL: unique symbol = Symbol('fast-yaml-bail');

/** Characters we never read here: TABs, CR, BOM, LS/PS, NEL (and control characters, checked before). */
const UNSUPPORTED = /[\t\r\ufeff\u2028\u2029\x85]/;

class FastReader extends FastFlow {
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

  /** A value on its own line(s) (line i, column k > parent) inside a collection at column `parent`. */
  private nested(k: number, parent: number): Value {
    const line = this.lines[this.i]!;
    if (isDash(line, k)) return this.seq(k);
    if (this.isKey(line, k)) return this.map(k);
    return this.inline(line, k, parent);
  }

  /** A block collection whose first line (this.i) has content at column k. */
  private block(k: number): Value {
    return isDash(this.lines[this.i]!, k) ? this.seq(k) : this.map(k);
  }

  private seq(col: number): GoList | null {
    if (++this.depth > MAX_NEST) bail();
    const building = this.skip === 0;
    const items: Value[] = [];
    for (;;) {
      const line = this.lines[this.i]!;
      const len = line.length;
      let c = col + 1;
      while (c < len && line.charCodeAt(c) === SP) c++;
      const track = building && this.track;
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
      if (building) items.push(v);
      const k = this.next();
      if (k < col) break;
      if (k > col) bail();
      if (!isDash(this.lines[this.i]!, k)) break;
    }
    this.depth--;
    return building ? new GoList(items) : null;
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

  private map(col: number): GoMap | null {
    if (++this.depth > MAX_NEST) bail();
    const building = this.skip === 0;
    const out = building ? new Map<string, Value>() : undefined;
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
      const track = building && this.track;
      if (track) this.path.push(key);
      // An entry the caller does not read is read without building its value.
      const dropped = track && this.keep !== undefined && !this.keep(this.path);
      if (dropped) this.skip++;
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
      if (dropped) this.skip--;
      if (track) this.path.pop();
      if (out !== undefined && !dropped) out.set(key, v);
      const k = this.next();
      if (k < col) break;
      if (k > col) bail();
      if (isDash(this.lines[this.i]!, k)) bail();
    }
    this.depth--;
    return out === undefined ? null : new GoMap(out);
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
      case 0x7b: // {
      case 0x5b: {
        // [
        if (line.charCodeAt(c + 1) === ch + 2) {
          // `{}` or `[]` (most flow values in values files), no flow reading.
          this.restOfLine(line, c + 2);
          v = this.skip > 0 ? null : ch === 0x7b ? new GoMap(new Map()) : new GoList([]);
          break;
        }
        const end = this.flowNode(line, c, parent);
        this.restOfLine(this.flowLine, end);
        v = this.flow ?? null;
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
    if (this.stringFields !== undefined || this.skip > 0) return bail();
    ANCHOR.lastIndex = c + 1;
    if (!ANCHOR.test(line)) return bail();
    return ANCHOR.lastIndex;
  }
}

/**
 * The value of the first document of `text` if it lies in the fast subset (see above), else
 * FAST_BAIL. Control characters and invalid UTF-8 must have been ruled out before. `keep`
 * (see ParseYamlOptions) may leave map entries out of the value.
 */
export function fastParseYaml(
  text: string,
  stringFields?: (path: readonly string[]) => boolean,
  keep?: (path: readonly string[]) => boolean,
): Value | typeof FAST_BAIL {
  if (UNSUPPORTED.test(text)) return FAST_BAIL;
  try {
    return new FastReader(text, stringFields, keep).document();
  } catch (e) {
    if (e === BAIL) return FAST_BAIL;
    throw e;
  }
}
