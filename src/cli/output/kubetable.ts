// kubectl's table printing of server-side Tables as `helm status` uses it (cli-runtime
// HumanReadablePrinter over text/tabwriter): priority-0 columns, upper-cased headers printed once per
// run of identical column sets, each object's table aligned on its own (one tabwriter per object).

/** The parts of a meta.k8s.io Table the printer reads. */
export interface TableLike {
  columnDefinitions?: { name: string; priority?: number }[];
  rows?: { cells?: unknown[] }[];
}

/** text/tabwriter with cells given per line: minwidth, padding, ' ' as pad character, no flags that matter here. */
export function tabwrite(lines: string[][], minwidth: number, padding: number): string {
  const out: string[] = [];
  const width = (s: string): number => [...s].length;
  const widths: number[] = [];
  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      let text = '';
      line.forEach((cell, j) => {
        text += cell;
        if (j < widths.length) text += ' '.repeat(Math.max(0, widths[j]! - width(cell)));
      });
      out.push(text);
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = minwidth;
      for (; cur < line1; cur++) {
        const line = lines[cur]!;
        if (column >= line.length - 1) break;
        w = Math.max(w, width(line[column]!) + padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.map((l) => l + '\n').join('');
}

const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

/** appendCellValue: a cell is cut at its first line break, marked with "...". */
const cutCell = (s: string): string => {
  const i = s.search(/[\n\r\f]/);
  return i < 0 ? s : s.slice(0, i) + '...';
};

/** One HumanReadablePrinter: remembers the last columns so repeated headers are left out. */
export class KubeTablePrinter {
  private lastColumns: string | undefined;
  private printedHeaders = false;

  /** PrintObj of a Table: its rows (and header when due), aligned. */
  print(table: TableLike): string {
    const cols = table.columnDefinitions ?? [];
    const rows = table.rows ?? [];
    const colsKey = JSON.stringify(cols);
    let noHeaders = false;
    if (this.printedHeaders && (cols.length === 0 || colsKey === this.lastColumns)) noHeaders = true;
    if (cols.length > 0 && colsKey !== this.lastColumns) {
      this.lastColumns = colsKey;
      this.printedHeaders = false;
    }
    if (rows.length > 0) this.printedHeaders = true;

    const visible = cols.map((c, i) => ({ i, c })).filter(({ c }) => (c.priority ?? 0) === 0);
    const lastVisible = visible.length > 0 ? visible[visible.length - 1]!.i : -1;
    const maxWidths = cols.map((_, i) =>
      Math.max(0, ...rows.map((r) => Buffer.byteLength(cellText(r.cells?.[i])))),
    );
    const lines: string[][] = [];
    if (!noHeaders) {
      if (rows.length === 0) return '';
      lines.push(
        visible.map(({ i, c }) => {
          const name = c.name.toUpperCase();
          const pad = i !== lastVisible ? maxWidths[i]! - name.length : 0;
          return pad > 0 ? name + ' '.repeat(pad) : name;
        }),
      );
    }
    for (const r of rows) {
      const cells = r.cells ?? [];
      lines.push(visible.filter(({ i }) => i < cells.length).map(({ i }) => cutCell(cellText(cells[i]))));
    }
    // Tabs inside a cell reach the tabwriter as they are and start a new column there.
    return tabwrite(
      lines.map((l) => l.join('\t').split('\t')),
      6,
      3,
    );
  }
}
