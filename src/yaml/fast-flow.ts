// The fast YAML reader's (fast.ts) flow collections: lists and maps of scalars and nested flow
// collections, on one line or over several (pretty-printed JSON, hand-written flow YAML).
import { GoList, GoMap, type Value } from '../go/value.js';
import { FastCursor } from './fast-cursor.js';
import {
  BAD_FLOW,
  BAD_KEY,
  CLASS,
  COLON,
  DASH,
  DQ,
  HASH,
  MAX_KEY,
  MAX_NEST,
  SP,
  SQ,
  badStart,
  bail,
  plainValue,
} from './fast-text.js';
import { resolvePlain } from './resolve.js';

/** `parent` for a flow collection that must end on the line it starts on. */
export const ONE_LINE = -2;

const RSQB = 0x5d;
const RCUB = 0x7d;
const COMMA = 0x2c;

export class FastFlow extends FastCursor {
  /** Out value of flowValue(). */
  private item: Value = null;

  /**
   * The space after column j of this.flowLine inside a flow collection: spaces and, unless
   * `parent` is ONE_LINE, comments, line breaks and the next lines' indentation (every line
   * indented past `parent` but one starting with a closing bracket). The column of the next token.
   */
  protected flowGap(j: number, parent: number): number {
    let line = this.flowLine;
    for (;;) {
      const len = line.length;
      while (j < len && line.charCodeAt(j) === SP) j++;
      // A `#` right after a token is no comment here (the caller gives up on it).
      if (j < len && (line.charCodeAt(j) !== HASH || line.charCodeAt(j - 1) !== SP)) return j;
      if (parent === ONE_LINE) return bail();
      let k = 0;
      do {
        if (++this.i >= this.n) return bail();
        line = this.lines[this.i]!;
        k = this.ind[this.i]!;
        if (k < 0) k = -1 - k;
      } while (k === line.length);
      // go-yaml takes a closing bracket at any column (`key: {` … `}` at the key's column).
      if (k <= parent && line.charCodeAt(k) !== RCUB && line.charCodeAt(k) !== RSQB) return bail();
      this.flowLine = line;
      j = k;
    }
  }

  /**
   * The flow list or map whose `[` or `{` is at column c of `line` (line i), over lines indented
   * past `parent` (ONE_LINE: on this line). The value in this.flow (null inside an entry `keep`
   * leaves out), the line of its closing bracket in this.flowLine (line i); the column after it.
   */
  protected flowNode(line: string, c: number, parent: number): number {
    if (++this.depth > MAX_NEST) bail();
    this.flowLine = line;
    const end = line.charCodeAt(c) === 0x5b ? this.flowSeq(c, parent) : this.flowMap(c, parent);
    this.depth--;
    return end;
  }

  /**
   * A scalar or nested flow collection at column j of this.flowLine, inside a list (`close` is
   * `]`) or a map (`}`): its value in this.item; the column after it. Quoted scalars stay on one
   * line; a plain one ends before a `,` or the closing bracket, or at its line's end when the
   * next token is one of those (otherwise libyaml would fold the next line into it).
   */
  private flowValue(j: number, parent: number, close: number): number {
    const line = this.flowLine;
    const ch = line.charCodeAt(j);
    if (ch === DQ || ch === SQ) {
      j = this.quoted(line, j, -1);
      this.item = this.scalar;
      return j;
    }
    if (ch === 0x5b || ch === 0x7b) {
      j = this.flowNode(line, j, parent);
      this.item = this.flow ?? null;
      return j;
    }
    if (ch === DASH) {
      // A negative number; `-` before anything else is left to the full reader.
      const x = line.charCodeAt(j + 1);
      if (!(x >= 0x30 && x <= 0x39) && x !== 0x2e) return bail();
    } else if (badStart(ch) || Number.isNaN(ch)) return bail();
    const len = line.length;
    const other = close === RSQB ? RCUB : RSQB;
    let e = j + 1;
    for (; e < len; e++) {
      const x = line.charCodeAt(e);
      if (x === COMMA || x === close) break;
      if ((CLASS[x]! & BAD_FLOW) !== 0 || x === other) return bail();
    }
    let end = e;
    while (line.charCodeAt(end - 1) === SP) end--;
    this.item = this.skip > 0 ? null : plainValue(line.slice(j, end), this.asString(false));
    if (e === len) {
      e = this.flowGap(e, parent);
      const x = this.flowLine.charCodeAt(e);
      if (x !== COMMA && x !== close) return bail();
    }
    return e;
  }

  /** A flow list whose `[` is at column c of this.flowLine (see flowNode); a trailing comma too. */
  private flowSeq(c: number, parent: number): number {
    const building = this.skip === 0;
    const items: Value[] = [];
    let j = this.flowGap(c + 1, parent);
    if (this.flowLine.charCodeAt(j) !== RSQB) {
      const track = building && this.track;
      for (;;) {
        if (track) this.path.push('[]');
        j = this.flowValue(j, parent, RSQB);
        if (track) this.path.pop();
        if (building) items.push(this.item);
        j = this.flowGap(j, parent);
        const x = this.flowLine.charCodeAt(j);
        if (x === RSQB) break;
        if (x !== COMMA) return bail();
        j = this.flowGap(j + 1, parent);
        if (this.flowLine.charCodeAt(j) === RSQB) break;
      }
    }
    this.flow = building ? new GoList(items) : undefined;
    return j + 1;
  }

  /**
   * A flow map whose `{` is at column c of this.flowLine (see flowNode): keys plain (`key: `) or
   * quoted (`"key":`), each on its line with its `:`; values as flowValue reads them; a trailing comma
   * too. No empty values, no repeated keys, no merge key.
   */
  private flowMap(c: number, parent: number): number {
    const building = this.skip === 0;
    const out = building ? new Map<string, Value>() : undefined;
    let j = this.flowGap(c + 1, parent);
    if (this.flowLine.charCodeAt(j) !== RCUB) {
      for (;;) {
        const line = this.flowLine;
        const len = line.length;
        const k0 = j;
        const q = line.charCodeAt(k0);
        let key: string;
        if (q === DQ || q === SQ) {
          j = this.quoted(line, k0, -1);
          key = this.scalar;
          if (line.charCodeAt(j) !== COLON) return bail();
        } else {
          if (badStart(q) || Number.isNaN(q)) return bail();
          for (; j < len; j++) {
            const x = line.charCodeAt(j);
            if (x === COLON) break;
            if ((CLASS[x]! & BAD_KEY) !== 0 || x === RSQB) return bail();
          }
          if (j + 1 < len && line.charCodeAt(j + 1) !== SP) return bail();
          key = line.slice(k0, j);
          if (resolvePlain(key).tag !== 'str') return bail();
        }
        // libyaml's simple keys end at 1024 bytes; `<<` is the merge key.
        if (j >= len || j - k0 > MAX_KEY || key === '<<' || (out !== undefined && out.has(key)))
          return bail();
        j = this.flowGap(j + 1, parent);
        const track = building && this.track;
        if (track) this.path.push(key);
        // An entry the caller does not read is read without building its value.
        const dropped = track && this.keep !== undefined && !this.keep(this.path);
        if (dropped) this.skip++;
        j = this.flowValue(j, parent, RCUB);
        if (dropped) this.skip--;
        if (track) this.path.pop();
        if (out !== undefined && !dropped) out.set(key, this.item);
        j = this.flowGap(j, parent);
        const x = this.flowLine.charCodeAt(j);
        if (x === RCUB) break;
        if (x !== COMMA) return bail();
        j = this.flowGap(j + 1, parent);
        if (this.flowLine.charCodeAt(j) === RCUB) break;
      }
    }
    this.flow = out === undefined ? undefined : new GoMap(out);
    return j + 1;
  }
}
