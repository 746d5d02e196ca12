// The parse tree of Go's text/template (text/template/parse/node.go), as a discriminated union
// of plain objects: the executor switches on `type`, and `nodeString` re-prints a node exactly
// as Go's String() does (error contexts such as `<.Values.a.b>` depend on it).
//
// Positions: `pos` is the UTF-16 index of the node in its tree's `text` (cheap to keep while
// lexing); Go's byte positions, lines and columns are derived on demand by `bytePos` and
// `errorContext`, which is the only place Go shows them.

import { goQuote } from './quote.js';

/** Index of a node's first character in its tree's text (UTF-16 units; see bytePos). */
export type Pos = number;

export interface ListNode {
  readonly type: 'list';
  pos: Pos;
  nodes: Node[];
}

export interface TextNode {
  readonly type: 'text';
  pos: Pos;
  /** The text, byte for byte as in the source (after trim markers). */
  text: string;
}

export interface CommentNode {
  readonly type: 'comment';
  pos: Pos;
  /** The comment including its delimiters `/*` and `*\/`. */
  text: string;
}

export interface PipeNode {
  readonly type: 'pipe';
  pos: Pos;
  line: number;
  /** `$x = …` assigns (true) rather than declares with `:=` (false). */
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}

export interface ActionNode {
  readonly type: 'action';
  pos: Pos;
  line: number;
  pipe: PipeNode;
}

export interface CommandNode {
  readonly type: 'command';
  pos: Pos;
  /** Identifier, field, variable, constant, chain, dot, nil, or a parenthesised PipeNode. */
  args: ArgNode[];
}

/** A function name. */
export interface IdentifierNode {
  readonly type: 'identifier';
  pos: Pos;
  ident: string;
}

/** `$x.a.b`: ident[0] is the variable name including `$`, then the fields. */
export interface VariableNode {
  readonly type: 'variable';
  pos: Pos;
  ident: string[];
}

export interface DotNode {
  readonly type: 'dot';
  pos: Pos;
}

export interface NilNode {
  readonly type: 'nil';
  pos: Pos;
}

/** `.a.b`: the field names without their dots. */
export interface FieldNode {
  readonly type: 'field';
  pos: Pos;
  ident: string[];
}

/** A term followed by fields: `(pipe).a.b`, `fn.a` — the base node and the field names. */
export interface ChainNode {
  readonly type: 'chain';
  pos: Pos;
  node: ArgNode;
  field: string[];
}

export interface BoolNode {
  readonly type: 'bool';
  pos: Pos;
  value: boolean;
}

/**
 * A numeric constant stored under every type that represents it exactly, as Go's ideal
 * constants (NumberNode): int64/uint64 are bigints, complex is a (re, im) pair.
 */
export interface NumberNode {
  readonly type: 'number';
  pos: Pos;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  complex: { re: number; im: number };
  /** The literal as written. */
  text: string;
}

export interface StringNode {
  readonly type: 'string';
  pos: Pos;
  /** The literal as written, quotes included. */
  quoted: string;
  /** The unquoted value. */
  text: string;
}

export interface IfNode {
  readonly type: 'if';
  pos: Pos;
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}

export interface RangeNode {
  readonly type: 'range';
  pos: Pos;
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}

export interface WithNode {
  readonly type: 'with';
  pos: Pos;
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}

export interface TemplateNode {
  readonly type: 'template';
  pos: Pos;
  line: number;
  /** The template name, unquoted. */
  name: string;
  /** The argument pipeline, or null for `{{template "x"}}`. */
  pipe: PipeNode | null;
}

export interface BreakNode {
  readonly type: 'break';
  pos: Pos;
  line: number;
}

export interface ContinueNode {
  readonly type: 'continue';
  pos: Pos;
  line: number;
}

/** `{{end}}`: produced while parsing, never part of a finished tree. */
export interface EndNode {
  readonly type: 'end';
  pos: Pos;
}

/** `{{else}}`: produced while parsing, never part of a finished tree. */
export interface ElseNode {
  readonly type: 'else';
  pos: Pos;
  line: number;
}

export type BranchNode = IfNode | RangeNode | WithNode;

/** Nodes that may appear in a ListNode. */
export type ItemNode =
  | TextNode
  | CommentNode
  | ActionNode
  | IfNode
  | RangeNode
  | WithNode
  | TemplateNode
  | BreakNode
  | ContinueNode;

/** Nodes that may appear as a command argument (a PipeNode when parenthesised). */
export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

/** Every node of a finished tree. */
export type Node = ListNode | ItemNode | ArgNode | CommandNode;

/** Any node the parser handles, including the transient end/else markers. */
export type AnyNode = Node | EndNode | ElseNode;

export type NodeType = AnyNode['type'];

/** Parser mode flags (Go's parse.Mode). */
export interface ParseMode {
  /** Keep `{{/* … *\/}}` comments in the tree as CommentNodes. */
  parseComments?: boolean;
  /** Do not check that called functions exist. */
  skipFuncCheck?: boolean;
}

/** One parsed template (Go's parse.Tree, without the parse-time state). */
export interface Tree {
  /** The template's name (the define's name for a `define`d tree). */
  name: string;
  /** The name of the top-level template being parsed: the file, used in error locations. */
  parseName: string;
  root: ListNode;
  /** The full text that was parsed (for a define: the whole file); node positions index it. */
  text: string;
  mode: ParseMode;
  /** Whether the root is empty (isEmptyTree), when known without the root: a cached tree read lazily. */
  readonly empty?: boolean;
}

/** isEmptyTree of a tree's root, without reading a lazily decoded root when its emptiness is known. */
export function isEmptyParseTree(t: Tree): boolean {
  return t.empty ?? isEmptyTree(t.root);
}

// ---- String() --------------------------------------------------------------------------

/** Go's Node.String(): the node re-printed from the tree. */
export function nodeString(n: AnyNode): string {
  const out: string[] = [];
  write(n, out);
  return out.join('');
}

function write(n: AnyNode, out: string[]): void {
  switch (n.type) {
    case 'list':
      for (const c of n.nodes) write(c, out);
      return;
    case 'text':
      out.push(n.text);
      return;
    case 'comment':
      out.push('{{', n.text, '}}');
      return;
    case 'pipe':
      writePipe(n, out);
      return;
    case 'action':
      out.push('{{');
      writePipe(n.pipe, out);
      out.push('}}');
      return;
    case 'command':
      n.args.forEach((a, i) => {
        if (i > 0) out.push(' ');
        if (a.type === 'pipe') {
          out.push('(');
          writePipe(a, out);
          out.push(')');
        } else write(a, out);
      });
      return;
    case 'identifier':
      out.push(n.ident);
      return;
    case 'variable':
      out.push(n.ident.join('.'));
      return;
    case 'dot':
      out.push('.');
      return;
    case 'nil':
      out.push('nil');
      return;
    case 'field':
      for (const id of n.ident) out.push('.', id);
      return;
    case 'chain':
      if (n.node.type === 'pipe') {
        out.push('(');
        writePipe(n.node, out);
        out.push(')');
      } else write(n.node, out);
      for (const f of n.field) out.push('.', f);
      return;
    case 'bool':
      out.push(n.value ? 'true' : 'false');
      return;
    case 'number':
      out.push(n.text);
      return;
    case 'string':
      out.push(n.quoted);
      return;
    case 'if':
    case 'range':
    case 'with':
      out.push('{{', n.type, ' ');
      writePipe(n.pipe, out);
      out.push('}}');
      write(n.list, out);
      if (n.elseList !== null) {
        out.push('{{else}}');
        write(n.elseList, out);
      }
      out.push('{{end}}');
      return;
    case 'template':
      out.push('{{template ', goQuote(n.name));
      if (n.pipe !== null) {
        out.push(' ');
        writePipe(n.pipe, out);
      }
      out.push('}}');
      return;
    case 'break':
      out.push('{{break}}');
      return;
    case 'continue':
      out.push('{{continue}}');
      return;
    case 'end':
      out.push('{{end}}');
      return;
    case 'else':
      out.push('{{else}}');
      return;
  }
}

function writePipe(p: PipeNode, out: string[]): void {
  if (p.decl.length > 0) {
    p.decl.forEach((v, i) => {
      if (i > 0) out.push(', ');
      write(v, out);
    });
    out.push(p.isAssign ? ' = ' : ' := ');
  }
  p.cmds.forEach((c, i) => {
    if (i > 0) out.push(' | ');
    write(c, out);
  });
}

// ---- positions -------------------------------------------------------------------------

/** Go's byte position (Pos) of a UTF-16 index into text. */
export function bytePos(text: string, pos: Pos): number {
  return utf8Len(text, 0, pos);
}

function utf8Len(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** The 1-based line of a position: 1 + the newlines before it. */
export function lineAt(text: string, pos: Pos): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Go's Tree.ErrorContext: `location` is `parseName:line:col` (col a 0-based byte offset within
 * the line, or the byte position itself on the first line, as Go computes it), `context` is
 * the node's String().
 */
export function errorContext(tree: Tree, node: AnyNode): { location: string; context: string } {
  const text = tree.text;
  const pos = Math.min(node.pos, text.length);
  const nl = text.lastIndexOf('\n', pos - 1);
  const col = nl === -1 || pos === 0 ? utf8Len(text, 0, pos) : utf8Len(text, nl + 1, pos);
  return { location: `${tree.parseName}:${lineAt(text, pos)}:${col}`, context: nodeString(node) };
}

/**
 * Go's parse.IsEmptyTree: whether a tree holds nothing but space and comments (an empty
 * definition never replaces an existing one).
 */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return isAllSpace(n.text);
    default:
      return false;
  }
}

// Go's bytes.TrimSpace uses unicode.IsSpace, which is the Unicode White_Space property.
// Made on first use (non-ASCII text only): a Unicode property class costs ~0.3 ms to make.
let spaceOnly: RegExp | undefined;
function isAllSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80) return false;
    return (spaceOnly ??= /^\p{White_Space}*$/u).test(s.slice(i));
  }
  return true;
}
