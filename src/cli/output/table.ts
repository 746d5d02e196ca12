// gosuri/uitable v0.0.4 as Helm uses it: every cell padded to its column's widest cell
// (display width, colour codes not counted), cells joined by a tab, rows by "\n"; multi-line
// cells spread over several lines; MaxColWidth cuts with "..." (or word-wraps when Wrap is set).

// uitable's strutil ANSI pattern (the colour codes it ignores when measuring).
const ANSI =
  // eslint-disable-next-line no-control-regex
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[a-zA-Z\d]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PRZcf-ntqry=><~]))/g;

/** go-runewidth's RuneWidth, reduced to what release tables hold: zero-width marks, wide East Asian. */
export function runeWidth(cp: number): number {
  if (cp === 0) return 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x20d0 && cp <= 0x20ff)
  )
    return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** strutil.StringWidth: display width without colour codes. */
export function stringWidth(s: string): number {
  // Most cells (search results, release names) are printable ASCII: one column per character.
  if (PRINTABLE_ASCII.test(s)) return s.length;
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += runeWidth(ch.codePointAt(0)!);
  return w;
}

const padRight = (s: string, n: number): string => {
  const w = stringWidth(s);
  return w >= n ? s : s + ' '.repeat(n - w);
};
const padLeft = (s: string, n: number): string => {
  const w = stringWidth(s);
  return w >= n ? s : ' '.repeat(n - w) + s;
};

/** strutil.Resize: pad to `n`, or cut to fit and end with "..." (uitable's off-by-one kept). */
function resize(s: string, n: number, rightAlign: boolean): string {
  const slen = stringWidth(s);
  if (slen === n) return s;
  s = rightAlign ? padLeft(s, n) : padRight(s, n);
  if (slen > n) {
    let out = '';
    let w = 0;
    for (const ch of s) {
      out += ch;
      const rw = runeWidth(ch.codePointAt(0)!);
      if (w + rw >= n - 3) break;
      w += rw;
    }
    s = out + '...';
  }
  return s;
}

/** wordwrap.WrapString: breaks at spaces so lines stay within `lim` bytes where possible. */
function wrapString(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  const flushWord = (): void => {
    if (current + space.length + word.length > lim && current > 0) {
      out += '\n';
      current = 0;
      space = '';
    }
    out += space + word;
    current += space.length + word.length;
    space = '';
    word = '';
  };
  for (const ch of s) {
    if (ch === '\n') {
      if (word.length === 0) {
        if (current + space.length > lim) current = 0;
        else {
          current += space.length;
          out += space;
        }
        space = '';
      } else flushWord();
      out += '\n';
      current = 0;
    } else if (ch === ' ' || ch === '\t') {
      if (word.length > 0) flushWord();
      space += ch;
    } else {
      word += ch;
      if (current + space.length + word.length > lim && word.length < lim) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= lim) out += space;
  } else flushWord();
  return out;
}

export type Cell = string | number | null;

export class Table {
  readonly rows: Cell[][] = [];
  /** 0 = no limit. */
  maxColWidth = 0;
  wrap = false;
  separator = '\t';
  private readonly right = new Set<number>();

  addRow(...cells: Cell[]): this {
    this.rows.push(cells);
    return this;
  }

  rightAlign(col: number): void {
    this.right.add(col);
  }

  private static text(c: Cell): string {
    return c === null ? '' : String(c);
  }

  private cellString(c: Cell, width: number, col: number): string {
    if (c === null) return padLeft(' ', width);
    const s = Table.text(c);
    if (width > 0) {
      if (this.wrap && Buffer.byteLength(s) > width) return wrapString(s, width);
      return resize(s, width, this.right.has(col));
    }
    return s;
  }

  /** Table.String(): "" for no rows, no final newline. */
  toString(): string {
    if (this.rows.length === 0) return '';
    const widths: number[] = [];
    for (const row of this.rows) {
      row.forEach((c, i) => {
        let w = 0;
        for (const line of Table.text(c).split('\n')) w = Math.max(w, stringWidth(line));
        if (this.maxColWidth !== 0 && w > this.maxColWidth) w = this.maxColWidth;
        widths[i] = Math.max(widths[i] ?? 0, w);
      });
    }
    return this.rows.map((row) => this.rowString(row, widths)).join('\n');
  }

  private rowString(row: Cell[], widths: number[]): string {
    // Each cell is formatted (possibly wrapped) once, then split into lines; short cells get blanks.
    const formatted = row.map((c, i) => this.cellString(c, widths[i]!, i).split('\n'));
    const lc = Math.max(0, ...formatted.map((l) => l.length));
    const lines: string[] = [];
    for (let x = 0; x < lc; x++) {
      lines.push(
        formatted
          .map((cellLines, y) => {
            const line = cellLines[x];
            // uitable re-wraps each line in a plain cell: no wrapping, no right alignment.
            const w = widths[y]!;
            if (line === undefined) return padLeft(' ', w);
            return w > 0 ? resize(line, w, false) : line;
          })
          .join(this.separator),
      );
    }
    return lines.join('\n');
  }
}

/** output.EncodeTable: the table and a newline. */
export function encodeTable(t: Table): string {
  return t.toString() + '\n';
}
