// The fast YAML reader's (fast.ts) flow collections: lists of one-line scalars (also over
// several lines) and one-line maps.
import { GoList, GoMap, type Value } from '../go/value.js';
import { FastCursor } from './fast-cursor.js';
import {
  BAD_FLOW,
  BAD_KEY,
  CLASS,
  COLON,
  DQ,
  HASH,
  MAX_KEY,
  SP,
  SQ,
  badStart,
  bail,
  plainValue,
} from './fast-text.js';
import { resolvePlain } from './resolve.js';

export class FastFlow extends FastCursor {
  /**
   * The space after column j of this.flowLine inside a flow sequence: spaces and, when `parent`
   * >= 0 lets the sequence span lines, comments, line breaks and the next lines' indentation
   * (every line indented past `parent`). The column of the next token.
   */
  protected flowGap(j: number, parent: number): number {
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
  protected flowSeq(line: string, c: number, parent: number): number {
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
  protected flowMap(line: string, j: number): number {
    const len = line.length;
    const out = new Map<string, Value>();
    let dropped: string[] | undefined;
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
      const track = this.skip === 0 && this.track;
      if (track) this.path.push(key);
      // An entry `keep` leaves out is still set until the end: repeated keys are refused.
      if (track && this.keep !== undefined && !this.keep(this.path)) (dropped ??= []).push(key);
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
    if (dropped !== undefined) for (const k of dropped) out.delete(k);
    this.flow = new GoMap(out);
    return j + 1;
  }
}
