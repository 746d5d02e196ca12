// Context for a rendered template that is not valid YAML (beyond Helm, which names only the
// file and a line number within the failing document): the rendered lines around that line,
// and which template line wrote it.
//
// The source is found by rendering the chart again with every text node of every parsed
// template marked: before the first non-blank character of each of its lines goes an invisible
// marker naming the template file and line. Markers pass through include, indent and the like;
// the failing output line's markers name the template text it was written from. Functions that
// look at the text (sha256sum, trunc, comparisons...) see the markers and may change the output,
// so the traced render is trusted only when, markers removed, it has the same lines as the
// original render around the failing line; otherwise no source is reported.
import type { Template } from '../template/index.js';
import type { Node, TextNode, Tree } from '../template/parse/node.js';
import type { YamlParseError } from './manifests.js';

/** Lines shown before and after the failing one. */
const CONTEXT_LINES = 3;

const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARK_RE = /\uE000(\d+)\uE001/g;

interface SourceLine {
  file: string;
  line: number;
  text: string;
}

/** The markers put into a template set's text nodes, by number. */
export class TemplateTrace {
  readonly sources: SourceLine[] = [];
  private readonly ids = new Map<string, number>();
  private readonly lineStarts = new Map<string, number[]>();

  /** Marks every text node of every template in the set (which must be one made for this). */
  instrument(t: Template): void {
    const seen = new Set<Tree>();
    for (const tmpl of t.templates()) {
      const tree = tmpl.tree;
      if (tree === null || seen.has(tree)) continue;
      seen.add(tree);
      this.walk(tree, tree.root);
    }
  }

  private walk(tree: Tree, node: Node): void {
    switch (node.type) {
      case 'list':
        for (const n of node.nodes) this.walk(tree, n);
        return;
      case 'if':
      case 'range':
      case 'with':
        this.walk(tree, node.list);
        if (node.elseList) this.walk(tree, node.elseList);
        return;
      case 'text':
        node.text = this.mark(tree, node);
        return;
      default:
        return;
    }
  }

  private mark(tree: Tree, node: TextNode): string {
    const text = node.text;
    let out = '';
    let lineStart = 0;
    while (lineStart <= text.length) {
      const nl = text.indexOf('\n', lineStart);
      const end = nl === -1 ? text.length : nl;
      let first = lineStart;
      while (first < end && (text[first] === ' ' || text[first] === '\t' || text[first] === '\r')) first++;
      out += text.slice(lineStart, first);
      if (first < end) out += this.marker(tree, node.pos + first);
      out += text.slice(first, end);
      if (nl === -1) break;
      out += '\n';
      lineStart = nl + 1;
    }
    return out;
  }

  private marker(tree: Tree, pos: number): string {
    const starts = this.starts(tree.text);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    const key = `${tree.parseName}\0${lo}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      const end = tree.text.indexOf('\n', starts[lo]!);
      id = this.sources.length;
      this.sources.push({
        file: tree.parseName,
        line: lo + 1,
        text: tree.text.slice(starts[lo], end === -1 ? undefined : end),
      });
      this.ids.set(key, id);
    }
    return `${MARK_OPEN}${id}${MARK_CLOSE}`;
  }

  private starts(text: string): number[] {
    let s = this.lineStarts.get(text);
    if (s === undefined) {
      s = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) s.push(i + 1);
      this.lineStarts.set(text, s);
    }
    return s;
  }
}

export const stripMarkers = (s: string): string => s.replace(MARK_RE, '');

/** The markers of a traced output line, in order. */
function markersOf(line: string): number[] {
  return [...line.matchAll(MARK_RE)].map((m) => Number(m[1]));
}

/** The line number Helm's message gives (`yaml: line N:`), within the failing document. */
export function yamlErrorLine(message: string): number | undefined {
  const m = /yaml: line (\d+):/.exec(message);
  return m ? Number(m[1]) : undefined;
}

const countLines = (s: string, end: number): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * The text Rudder adds after Helm's message for a document that is not valid YAML: the rendered
 * lines around the failing one (numbered as in Helm's message, `>` on it) and, when the traced
 * render agrees, the template line that wrote it. `rendered` is the file's rendered text;
 * `traceRender` renders the chart again with a hook to instrument the parsed templates.
 */
export function yamlErrorContext(
  err: YamlParseError,
  rendered: string | undefined,
  traceRender?: (afterParse: (t: Template) => void) => Map<string, string>,
): string | undefined {
  const n = yamlErrorLine(err.message);
  if (n === undefined) return undefined;
  // A document ending in a newline has an empty last line, which Go's YAML errors may name.
  const lines = err.document.split('\n');
  const at = Math.min(Math.max(n, 1), lines.length);
  const from = Math.max(1, at - CONTEXT_LINES);
  const to = Math.min(lines.length, at + CONTEXT_LINES);
  const width = String(to).length;
  const out: string[] = [`Rendered ${err.path}, around line ${n} of the failing document:`];
  for (let i = from; i <= to; i++) {
    out.push(`${i === n ? '>' : ' '} ${String(i).padStart(width)} | ${lines[i - 1]}`);
  }
  if (n > lines.length) out.push(`  (the document has ${lines.length} line${lines.length === 1 ? '' : 's'})`);
  else if (lines[n - 1]!.trim() !== '') {
    const source =
      traceRender && rendered !== undefined && err.offset !== undefined
        ? findSource(err, rendered, n, traceRender)
        : undefined;
    if (source) out.push(source);
  }
  return out.join('\n');
}

function findSource(
  err: YamlParseError,
  rendered: string,
  n: number,
  traceRender: (afterParse: (t: Template) => void) => Map<string, string>,
): string | undefined {
  const trace = new TemplateTrace();
  let traced: string | undefined;
  try {
    traced = traceRender((t) => trace.instrument(t)).get(err.path);
  } catch {
    return undefined;
  }
  if (traced === undefined) return undefined;
  const orig = rendered.split('\n');
  const marked = traced.split('\n');
  if (orig.length !== marked.length) return undefined;
  const idx = countLines(rendered, err.offset!) + n - 1;
  if (idx >= orig.length) return undefined;
  // The traced render must agree around the failing line (markers removed).
  for (let i = Math.max(0, idx - CONTEXT_LINES); i <= Math.min(orig.length - 1, idx + CONTEXT_LINES); i++) {
    if (stripMarkers(marked[i]!) !== orig[i]) return undefined;
  }
  const ids = [...new Set(markersOf(marked[idx]!))];
  const show = (s: SourceLine): string => `  ${s.file}:${s.line}: ${s.text}`;
  if (ids.length > 0) {
    const srcs = ids.map((id) => trace.sources[id]!);
    return [`Line ${n} was written from the template text at:`, ...srcs.map(show)].join('\n');
  }
  // No template text on the line: an action wrote it (a value, toYaml, tpl...). Name the
  // template text that precedes it in the output (where the traced render still agrees).
  for (let i = idx - 1; i >= 0; i--) {
    if (stripMarkers(marked[i]!) !== orig[i]) return undefined;
    const before = markersOf(marked[i]!);
    if (before.length > 0) {
      const src = trace.sources[before[before.length - 1]!]!;
      return [
        `Line ${n} was written by a template action (it holds no template text); the template text before it is at:`,
        show(src),
      ].join('\n');
    }
  }
  return undefined;
}
