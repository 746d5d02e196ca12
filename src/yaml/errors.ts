// go-yaml v2's syntax error texts for what the `yaml` package reports. go-yaml's messages come
// from libyaml's scanner and parser, and their line numbers follow its quirks: scanner errors
// print the 1-based line, parser errors print the 0-based line of the offending token (or of
// the enclosing collection's start), and nothing is printed for line 0. The mapping below
// covers the mistakes people make in values files; anything else keeps the `yaml` package's
// own text behind Go's `line N:` prefix.
import type { Document, YAMLError } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';

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

const scannerAt = (line0: number): string => (line0 + 1 > 1 ? `line ${line0 + 1}: ` : '');
const parserAt = (tokenLine0: number, contextLine0: number): string =>
  tokenLine0 !== 0 ? `line ${tokenLine0}: ` : contextLine0 !== 0 ? `line ${contextLine0}: ` : '';

const indentOf = (s: string): number => s.length - s.trimStart().length;
const isBlankOrComment = (s: string): boolean => /^\s*(#.*)?$/.test(s);
/** A block mapping key at the start of the rest of a line: `key:` followed by a space or the end. */
const HAS_KEY = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{}][^#]*?)\s*:(?:\s|$)/;

interface Open {
  col: number;
  kind: 'map' | 'seq';
  line: number;
}

/** The block collections open before a line, innermost last (a rough libyaml indent stack). */
function openCollections(lines: LineIndex, before: number): Open[] {
  const stack: Open[] = [];
  const open = (col: number, kind: Open['kind'], line: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1] as Open).col > col) stack.pop();
    const top = stack[stack.length - 1];
    if (top !== undefined && top.col === col) {
      // A sequence at its mapping's column is libyaml's indentless sequence: no new level.
      if (kind === 'seq' && top.kind === 'map') return;
      if (top.kind === kind) return;
      stack.pop();
    }
    stack.push({ col, kind, line });
  };
  for (let i = 0; i < before; i++) {
    const s = lines.lineText(i);
    if (isBlankOrComment(s)) continue;
    let pos = indentOf(s);
    for (;;) {
      if (s[pos] === '-' && (pos + 1 === s.length || s[pos + 1] === ' ')) {
        open(pos, 'seq', i);
        pos++;
        while (s[pos] === ' ') pos++;
        if (pos >= s.length) break;
        continue;
      }
      if (HAS_KEY.test(s.slice(pos))) open(pos, 'map', i);
      break;
    }
  }
  return stack;
}

/** "did not find expected key" or "… '-' indicator" for a token at (line, col). */
export function unexpectedInBlock(lines: LineIndex, line: number, col: number): string {
  const stack = openCollections(lines, line).filter((o) => o.col <= col);
  const top = stack[stack.length - 1];
  if (top?.kind === 'seq' && top.col === col) {
    // After an empty `-` entry the parser wanted the entry's node.
    let prev = line - 1;
    while (prev >= 0 && isBlankOrComment(lines.lineText(prev)) && !/^\s*-(\s|$)/.test(lines.lineText(prev)))
      prev--;
    if (prev >= 0 && /^\s*-\s*(#.*)?$/.test(lines.lineText(prev)))
      return parserAt(line, top.line) + 'did not find expected node content';
  }
  const msg = top?.kind === 'seq' ? "did not find expected '-' indicator" : 'did not find expected key';
  return parserAt(line, top?.line ?? 0) + msg;
}

/** A token where a block collection wanted a key or `-` (the `yaml` package may point before it). */
function unexpectedToken(text: string, lines: LineIndex, off: number): string {
  const at = tokenAt(text, off);
  // A `: ` where no key can be: the scanner refuses the value indicator itself.
  if (
    text[at] === ':' &&
    /^(\s|$)/.test(text.slice(at + 1, at + 2)) &&
    text.slice(text.lastIndexOf('\n', at - 1) + 1, at).trim() !== ''
  ) {
    return scannerAt(lines.lineOf(at)) + 'mapping values are not allowed in this context';
  }
  return unexpectedInBlock(lines, lines.lineOf(at), at - (text.lastIndexOf('\n', at - 1) + 1));
}

/**
 * The 0-based line where libyaml notices a required key has no `:`: the next token's line, or
 * after a plain scalar the next non-blank line (its scan stops at a comment too). EOF's otherwise.
 */
function nextTokenLine(lines: LineIndex, after: number, plainKey = false): number {
  for (let i = after + 1; i < lines.count; i++) {
    const t = lines.lineText(i);
    if (plainKey ? t.trim() !== '' : !isBlankOrComment(t)) return i;
  }
  return eofLine(lines);
}

/** The line of the stream end: libyaml starts a new line there when the text lacks a final break. */
function eofLine(lines: LineIndex): number {
  const t = lines.text;
  const last = lines.lineOf(t.length);
  return t.length > 0 && !t.endsWith('\n') && !t.endsWith('\r') ? last + 1 : last;
}

/** The first `:` value indicator at or after an offset (outside quotes), or -1. */
function nextValueIndicator(text: string, from: number): number {
  let q = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (q !== '') {
      if (c === q) q = '';
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === ':' && (i + 1 >= text.length || /\s/.test(text[i + 1] as string))) return i;
  }
  return -1;
}

/** The offset of the first token at or after an offset: white space and comments skipped. */
function tokenAt(text: string, off: number): number {
  let i = off;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else break;
  }
  return i;
}

/** The innermost flow bracket still open at an offset ('' when none), skipping quoted text roughly. */
function openFlowBracket(text: string, off: number): string {
  const stack: string[] = [];
  let quote = '';
  for (let i = 0; i < off && i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && stack.length > 0) quote = c;
    else if (c === '[' || c === '{') stack.push(c);
    else if ((c === ']' || c === '}') && stack.length > 0) stack.pop();
    else if (c === '#' && stack.length === 0) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    }
  }
  return stack[stack.length - 1] ?? '';
}

/**
 * A line led by a TAB (after optional spaces). Right after a plain scalar libyaml is still
 * scanning that scalar's trailing blanks: a TAB left of the block's indentation "violates
 * indentation", one further right is just a blank. Anywhere else a TAB cannot start a token.
 */
function tabError(lines: LineIndex, tabLine: number): string | undefined {
  const tabCol = lines.lineText(tabLine).indexOf('\t');
  let prev = tabLine - 1;
  while (prev >= 0 && lines.lineText(prev).trim() === '') prev--;
  if (prev >= 0) {
    const p = lines.lineText(prev);
    const content = p.replace(/(^|\s)#.*$/, '').trimEnd();
    const isComment = p.trim().startsWith('#');
    if (!isComment && content !== '' && !/[:"'\]}|>-]$/.test(content)) {
      if (tabCol >= indentOf(p) + 1) return undefined;
      return scannerAt(tabLine) + 'found a tab character that violates indentation';
    }
  }
  return scannerAt(tabLine) + 'found character that cannot start any token';
}

/** Go's message (without the `yaml: ` prefix) for the first document's syntax errors; undefined to ignore them. */
export function goErrorFor(
  text: string,
  lines: LineIndex,
  doc: Document.Parsed,
  tabLine = -1,
): string | undefined {
  let errors = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const root = doc.contents;
  // go-yaml reads one node and stops: what follows the root node (after a dedent, or after a
  // flow root) is never parsed.
  if (root !== null && (isMap(root) || isSeq(root) || isScalar(root))) {
    const end = root.range[1];
    const flowRoot = !isScalar(root) && root.flow === true;
    const column = (off: number): number => off - (text.lastIndexOf('\n', off - 1) + 1);
    const rootCol = column(tokenAt(text, root.range[0]));
    // After a flow root anything goes; after a block root only a dedent ends it.
    const next = tokenAt(text, end);
    const ended = next < text.length && (flowRoot || column(next) < rootCol);
    if (ended) errors = errors.filter((e) => e.pos[0] < end || e.message.includes('block-seq-ind'));
  }
  if (tabLine >= 0 && (errors.length === 0 || lines.lineOf((errors[0] as YAMLError).pos[0]) >= tabLine)) {
    const msg = tabError(lines, tabLine);
    if (msg !== undefined) return msg;
  }
  // libyaml reads `#` right after a flow indicator as a comment; the `yaml` package objects.
  errors = errors.filter(
    (e) =>
      !(
        e.message.startsWith('Comments must be separated') && /[[{,]$/.test(text.slice(0, e.pos[0]).trimEnd())
      ),
  );
  if (errors.length === 0) return undefined;
  // `: value` with nothing before it, above the first reported error, fails first in libyaml.
  const firstLine = lines.lineOf((errors[0] as YAMLError).pos[0]);
  for (let i = 0; i <= firstLine && i < lines.count; i++) {
    const m = /^(\s*):(\s|$)/.exec(lines.lineText(i));
    if (m !== null && !/^\s*\?/.test(lines.lineText(i - 1)))
      return unexpectedInBlock(lines, i, (m[1] as string).length);
  }
  const seqInd = errors.find((e) => e.message.includes('block-seq-ind'));
  if (seqInd !== undefined) {
    const at = lines.lineOf(seqInd.pos[0]);
    const before = text.slice(text.lastIndexOf('\n', seqInd.pos[0] - 1) + 1, seqInd.pos[0]);
    // `-` after other content on its line is refused by the scanner itself.
    if (before.trim() !== '') return scannerAt(at) + 'block sequence entries are not allowed in this context';
    return parserAt(at, 0) + 'did not find expected key';
  }
  const e = errors[0] as YAMLError;
  const off = e.pos[0];
  // Errors inside an open flow collection: libyaml's parser wants a separator or the end.
  if (
    /Flow (sequence|map) must end|Missing , between flow|Block collections are not allowed within flow/.test(
      e.message,
    )
  ) {
    const at = tokenAt(text, off);
    const bracket = openFlowBracket(text, at);
    return (
      parserAt(lines.lineOf(at), 0) +
      (bracket === '{' ? "did not find expected ',' or '}'" : "did not find expected ',' or ']'")
    );
  }
  const line = lines.lineOf(off);
  const lineText = lines.lineText(line);
  if (e.message.startsWith('Alias cannot be an empty string') || e.message.startsWith('Anchor cannot be')) {
    return scannerAt(line) + 'did not find expected alphabetic or numeric character';
  }
  if (e.message.startsWith('Missing directives-end')) {
    for (let i = 0; i < lines.count; i++) {
      if (/^%([^A-Za-z0-9_-]|$)/.test(lines.lineText(i)))
        return scannerAt(i) + 'could not find expected directive name';
    }
  }
  switch (e.code) {
    case 'BAD_SCALAR_START':
    case 'TAB_AS_INDENT':
      return scannerAt(line) + 'found character that cannot start any token';
    case 'BAD_DQ_ESCAPE':
      return scannerAt(line) + 'found unknown escape character';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const at = tokenAt(text, off);
      const before = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
      if (text[at] === '-' && before.trim() === '') {
        // `- ` at a mapping's key column: the parser wanted a key.
        return unexpectedToken(text, lines, off);
      }
      if (e.code === 'MULTILINE_IMPLICIT_KEY' && before.trim() === '') {
        // A key at its mapping's column is required: without a `:` on its line it goes stale
        // when the scanner reaches the next line.
        const stack = openCollections(lines, lines.lineOf(at)).filter((o) => o.col <= before.length);
        const top = stack[stack.length - 1];
        if (top !== undefined && top.kind === 'map' && top.col === before.length) {
          const plain = !/["'[{]/.test(text[at] ?? '');
          return scannerAt(nextTokenLine(lines, lines.lineOf(at), plain)) + "could not find expected ':'";
        }
      }
      if ((text[at] === '[' || text[at] === '{') && before.trim() === '') {
        // A flow collection where a key must start is a required simple key: it goes stale
        // when the scanner moves past its line.
        const stack = openCollections(lines, lines.lineOf(at)).filter((o) => o.col <= before.length);
        const top = stack[stack.length - 1];
        if (top !== undefined && top.kind === 'map' && top.col === before.length) {
          return scannerAt(nextTokenLine(lines, lines.lineOf(at))) + "could not find expected ':'";
        }
      }
      const colon = nextValueIndicator(text, off);
      return (
        scannerAt(colon < 0 ? line : lines.lineOf(colon)) + 'mapping values are not allowed in this context'
      );
    }
    case 'TAG_RESOLVE_FAILED':
      return parserAt(line, 0) + 'found undefined tag handle';
    case 'MISSING_CHAR': {
      if (e.message.includes('Missing closing'))
        return scannerAt(eofLine(lines)) + 'found unexpected end of stream';
      if (e.message.includes('Implicit map keys')) {
        const keyCol = off - (text.lastIndexOf('\n', off - 1) + 1);
        const stack = openCollections(lines, line).filter((o) => o.col <= keyCol);
        const top = stack[stack.length - 1];
        // A key at its mapping's column is a required simple key: the scanner fails first.
        if (top !== undefined && top.col === keyCol && top.kind === 'map') {
          const plain = !/["'[{]/.test(text[off] ?? '');
          return scannerAt(nextTokenLine(lines, line, plain)) + "could not find expected ':'";
        }
        return unexpectedInBlock(lines, line, keyCol);
      }
      break;
    }
    case 'BAD_INDENT': {
      const flow = /Flow (sequence|map)/.exec(e.message);
      if (flow !== null) {
        const trimmed = text.replace(/(\s|#[^\n]*)+$/, '');
        const last = trimmed[trimmed.length - 1];
        const eof = eofLine(lines);
        const openLine = lines.lineOf(Math.max(trimmed.lastIndexOf(flow[1] === 'map' ? '{' : '['), 0));
        if (last === '[' || last === '{' || last === ',')
          return parserAt(eof, openLine) + 'did not find expected node content';
        return (
          parserAt(eof, openLine) +
          (flow[1] === 'map' ? "did not find expected ',' or '}'" : "did not find expected ',' or ']'")
        );
      }
      if (e.message.includes('Block scalar') && lineText.startsWith('\t')) {
        return scannerAt(line) + 'found a tab character where an indentation space is expected';
      }
      return unexpectedToken(text, lines, off);
    }
    case 'UNEXPECTED_TOKEN':
      if (/flow-(seq|map)-end/.test(e.message)) {
        // A stray `]`/`}` where a node should start.
        return parserAt(lines.lineOf(tokenAt(text, off)), 0) + 'did not find expected node content';
      }
      return unexpectedToken(text, lines, off);
  }
  return scannerAt(line) + (e.message.split('\n')[0] as string);
}
