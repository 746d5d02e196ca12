// Line numbers for the decoder's messages, and the last resort when the `yaml` package cannot
// read a text go-yaml accepts (syntax errors themselves come from syntax.ts, as go-yaml reports
// them). Known cases: LS/PS (U+2028/9) taken for line breaks by go-yaml only.
import type { YAMLError } from 'yaml';
import { GoList, GoMap, type Value } from '../go/value.js';
import { quote } from '../go/strconv/format.js';
import { formatYamlFloat } from './encode.js';

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

/** Go's `%#v` of a decoded value (before the JSON step), for key error messages; any depth. */
export function goSharpV(root: Value): string {
  const out: string[] = [];
  // Pieces still to write, last first: text, or a value (inside a collection a nil element is
  // a typed interface value).
  const todo: (string | { v: Value; elem: boolean })[] = [{ v: root, elem: false }];
  while (todo.length > 0) {
    const t = todo.pop() as string | { v: Value; elem: boolean };
    if (typeof t === 'string') {
      out.push(t);
      continue;
    }
    const v = t.v;
    if (v === null) out.push(t.elem ? 'interface {}(nil)' : '<nil>');
    else if (typeof v === 'string') out.push(quote(v));
    else if (typeof v === 'number') out.push(formatYamlFloat(v));
    else if (typeof v === 'boolean') out.push(String(v));
    else if (v instanceof GoList) {
      const parts: (string | { v: Value; elem: boolean })[] = ['[]interface {}{'];
      v.items.forEach((x, i) => parts.push(...(i > 0 ? [', '] : []), { v: x, elem: true }));
      parts.push('}');
      for (let i = parts.length - 1; i >= 0; i--) todo.push(parts[i] as string | { v: Value; elem: boolean });
    } else if (v instanceof GoMap) {
      const parts: (string | { v: Value; elem: boolean })[] = ['map[interface {}]interface {}{'];
      [...v.entries.keys()].sort().forEach((k, i) => {
        parts.push(`${i > 0 ? ', ' : ''}${quote(k)}:`, { v: v.entries.get(k) as Value, elem: true });
      });
      parts.push('}');
      for (let i = parts.length - 1; i >= 0; i--) todo.push(parts[i] as string | { v: Value; elem: boolean });
    } else out.push('<?>');
  }
  return out.join('');
}
