// Line numbers for the decoder's messages, and the last resort when the `yaml` package cannot
// read a text go-yaml accepts (syntax errors themselves come from syntax.ts, as go-yaml reports
// them). Known cases: LS/PS (U+2028/9) taken for line breaks by go-yaml only.
import type { YAMLError } from 'yaml';

/** Offsets to 0-based line numbers (libyaml counts `\n`, `\r\n` and lone `\r` as breaks). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) this.starts.push(i + 1);
    }
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const end = this.starts[line + 1] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
  get count(): number {
    return this.starts.length;
  }
}

/** The `yaml` package's first complaint, behind Go's `line N: ` prefix. */
export function unreadable(lines: LineIndex, errors: readonly YAMLError[]): string {
  const e = [...errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (e === undefined) return 'unknown problem parsing YAML content';
  const line = lines.lineOf(e.pos[0]) + 1;
  return `${line > 1 ? `line ${line}: ` : ''}${e.message.split('\n')[0] as string}`;
}
