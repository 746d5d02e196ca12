// The fast YAML reader's (fast.ts) cursor over lines, and its scalars: quoted, plain over
// several lines, and block scalars.
import { GoList, GoMap } from '../go/value.js';
import {
  BAD_CONT,
  CLASS,
  DASH,
  DQ,
  HASH,
  SP,
  SQ,
  bail,
  indents,
  keyColon,
  relaxLineClean,
} from './fast-text.js';

/** Four hex digits (a \\u escape's). */
const HEX4 = /[0-9A-Fa-f]{4}/y;

export class FastCursor {
  protected readonly lines: string[];
  /** Per line: its leading spaces k if it has content, else -1 - k (blank or a comment). */
  protected readonly ind: Int32Array;
  protected n: number;
  protected i = 0;
  protected depth = 0;
  /** Whether the document's last line ends with a line break. */
  protected finalBreak: boolean;
  /** Out values of quoted() and flowNode(); flowLine: the line a flow collection ended on. */
  protected scalar = '';
  protected flow: GoList | GoMap | undefined;
  protected flowLine = '';
  /** The text of the last plain scalar inline() read (for anchors). */
  protected plain: string | undefined;
  /** Anchored scalars: a plain scalar's text (resolved where an alias uses it) or a string. */
  protected readonly anchors = new Map<string, { plain: string } | { value: string }>();
  protected aliases = 0;

  /** Keys (and `[]` for list items) from the root, kept when there are string fields or `keep`. */
  protected readonly path: string[] = [];
  protected readonly track: boolean;
  /**
   * Above 0 inside a map entry `keep` leaves out: the text is still read (and proved valid) but
   * no maps, lists or joined scalars are made.
   */
  protected skip = 0;

  constructor(
    protected readonly text: string,
    protected readonly stringFields?: (path: readonly string[]) => boolean,
    protected readonly keep?: (path: readonly string[]) => boolean,
  ) {
    this.track = stringFields !== undefined || keep !== undefined;
    this.lines = text.split('\n');
    // The empty string after a final line break is no line.
    this.n = text.endsWith('\n') ? this.lines.length - 1 : this.lines.length;
    this.finalBreak = text.endsWith('\n');
    this.ind = indents(this.lines, this.n);
  }

  /** Moves to the next line with content (not blank, not a comment); its indent, or -1 at the end. */
  protected next(): number {
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
  protected follow(parent: number): void {
    const ind = this.ind;
    const n = this.n;
    for (let li = this.i; li < n; li++) {
      const k = ind[li]!;
      if (k < 0) continue;
      if (k > parent) bail();
      return;
    }
  }

  /** Whether a scalar here (or, with `item`, an item of a list here) is bound for a string field. */
  protected asString(item: boolean): boolean {
    if (this.stringFields === undefined || this.skip > 0) return false;
    if (!item) return this.stringFields(this.path);
    this.path.push('[]');
    const r = this.stringFields(this.path);
    this.path.pop();
    return r;
  }

  /** The rest of a line after a scalar or `{}`/`[]`: spaces, then an optional comment. */
  protected restOfLine(line: string, c: number): void {
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
  protected quoted(line: string, c: number, parent: number): number {
    const dq = line.charCodeAt(c) === DQ;
    // Mostly the scalar ends on its line with nothing to unescape: found by indexOf, no loop.
    const close = line.indexOf(dq ? '"' : "'", c + 1);
    if (close > 0 && (dq ? line.lastIndexOf('\\', close) <= c : line.charCodeAt(close + 1) !== SQ)) {
      this.scalar = line.slice(c + 1, close);
      return close + 1;
    }
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
          else if (e === 0x72) out += '\r';
          else if (e === 0x62) out += '\b';
          else if (e === 0x66) out += '\f';
          else if (e === 0x75) {
            // \uXXXX (JSON's; go-yaml v2 has no `\/`): a surrogate half, paired or not, is an error.
            HEX4.lastIndex = j + 2;
            if (!HEX4.test(line)) return bail();
            const cp = parseInt(line.slice(j + 2, j + 6), 16);
            if (cp >= 0xd800 && cp <= 0xdfff) return bail();
            out += String.fromCharCode(cp);
            j += 4;
          } else return bail();
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

  /** The continuation lines of a plain scalar (from line i, indented past `parent`), folded. */
  protected plainMore(text: string, parent: number): string {
    const ind = this.ind;
    let li = this.i;
    // Mostly the next line holds the next entry: no continuation, and follow() holds.
    if (li >= this.n || (ind[li]! >= 0 && ind[li]! <= parent)) return text;
    const lines = this.lines;
    // Pieces joined once at the end: `+=` per line leaves a rope of a node per piece (a
    // million-line scalar made hundreds of MB of garbage before it was flattened).
    let parts: string[] | undefined;
    let breaks = 0;
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
      (parts ??= [text]).push(breaks === 0 ? ' ' : '\n'.repeat(breaks), s.slice(k, end));
      breaks = 0;
    }
    this.i = li;
    this.follow(parent);
    // Left out: only the first piece matters (more pieces make a string with a space).
    return parts === undefined || this.skip > 0 ? text : parts.join('');
  }

  /** `|`, `|-`, `|+`, `>`, `>-`, `>+` (no indentation indicator) and the lines that belong to it. */
  protected blockScalar(line: string, c: number, parent: number, folded: boolean): string {
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
    return this.skip > 0 ? '' : parts.join('');
  }
}
