// Go's text/template parser (text/template/parse/parse.go): a recursive-descent parser over
// the lexer's token arrays (tokens are indices, read with Go's three-token lookahead), producing
// one Tree per template (the top level, each {{define}} and each {{block}}), with Go's error
// messages and line numbers.

import { GoError } from '../../go/value.js';
import { K, type Tokens, newTokens, tokenize, tokenString } from './lex.js';
import { newNumber } from './number.js';
import { goQuote } from './quote.js';
import { unquote } from '../../go/strconv/parse.js';
import {
  ActionNode,
  AnyNode,
  ArgNode,
  CommandNode,
  ElseNode,
  EndNode,
  ItemNode,
  ListNode,
  ParseMode,
  PipeNode,
  Pos,
  TemplateNode,
  Tree,
  VariableNode,
  isEmptyTree,
  nodeString,
} from './node.js';

/** A function table the parser checks names against (a Map or FuncMap satisfies it). */
export interface FuncNames {
  has(name: string): boolean;
}

export interface ParseOptions {
  /** Left delimiter; '' or undefined means `{{`. */
  leftDelim?: string;
  /** Right delimiter; '' or undefined means `}}`. */
  rightDelim?: string;
  /** Function tables; a name is defined if any table has it (user FuncMap, builtins). */
  funcs?: readonly FuncNames[];
  mode?: ParseMode;
}

/** A parse error, worded as Go's: `template: NAME:LINE: MESSAGE`. */
export class ParseError extends GoError {
  override name = 'ParseError';
}

/** Go's maxStackDepth for nested parenthesised pipelines. */
const MAX_STACK_DEPTH = 10000;

/** Token arrays kept between parses (taken while in use, so a nested parse gets its own). */
let pooled: Tokens | null = null;

/**
 * Go's parse.Parse: parses `text` as the template `name` and returns every tree it defines
 * (the top level under `name`, plus each define and block), or throws ParseError.
 */
export function parse(name: string, text: string, opts: ParseOptions = {}): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const funcs = opts.funcs ?? [];
  const mode = opts.mode ?? {};
  let toks = pooled;
  pooled = null;
  if (toks === null) toks = newTokens(Math.max(256, text.length >> 3));
  try {
    // Go's lexer options: the same for every tree of this parse.
    tokenize(toks, text, opts.leftDelim ?? '', opts.rightDelim ?? '', {
      emitComment: mode.parseComments === true,
      breakOK: !hasFunction(funcs, 'break'),
      continueOK: !hasFunction(funcs, 'continue'),
    });
    const shared: Shared = {
      toks,
      cur: 0,
      n: toks.n,
      treeSet,
      funcs,
      mode,
      parseName: name,
      text,
    };
    const t = new TreeParser(name, shared);
    try {
      t.parseTop();
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        // Deeper nesting than the JS stack holds: report it as Go reports its own limit.
        throw new ParseError(`template: ${name}:${t.lastLine()}: max expression depth exceeded`);
      }
      throw e;
    }
  } finally {
    if (toks.kind.length <= 1 << 20) pooled = toks;
  }
  return treeSet;
}

function hasFunction(funcs: readonly FuncNames[], name: string): boolean {
  for (const f of funcs) if (f.has(name)) return true;
  return false;
}

/** State shared by the trees of one Parse call (Go shares the lexer and treeSet the same way). */
interface Shared {
  readonly toks: Tokens;
  /** The lexer's read position: the index of the next token; after EOF (or an error and its
   * EOF, the last token), EOF forever. */
  cur: number;
  /** The number of tokens. */
  readonly n: number;
  readonly treeSet: Map<string, Tree>;
  readonly funcs: readonly FuncNames[];
  readonly mode: ParseMode;
  readonly parseName: string;
  readonly text: string;
}

/** Parses one tree; a define or block gets its own TreeParser with fresh lookahead and scope. */
class TreeParser {
  private name: string;
  private root: ListNode | null = null;
  // Go's token[3] lookahead buffer, as token indices (-1: none yet).
  private t0 = -1;
  private t1 = -1;
  private t2 = -1;
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;
  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly line: Int32Array;
  private readonly text: string;

  constructor(
    name: string,
    private readonly s: Shared,
  ) {
    this.name = name;
    this.kind = s.toks.kind;
    this.start = s.toks.start;
    this.end = s.toks.end;
    this.line = s.toks.line;
    this.text = s.text;
  }

  lastLine(): number {
    return this.t0 < 0 ? 0 : this.line[this.t0];
  }

  /** The token's text (the message, for the error token). */
  private val(t: number): string {
    if (this.kind[t] === K.Error) return this.s.toks.err;
    return this.text.slice(this.start[t], this.end[t]);
  }

  // ---- token buffer (Go's next/backup/peek) ----

  private at(i: number): number {
    return i === 0 ? this.t0 : i === 1 ? this.t1 : this.t2;
  }

  private next(): number {
    if (this.peekCount > 0) {
      const i = --this.peekCount;
      return i === 0 ? this.t0 : i === 1 ? this.t1 : this.t2;
    }
    const s = this.s;
    return (this.t0 = s.cur < s.n ? s.cur++ : s.n - 1);
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: number): void {
    this.t1 = t1;
    this.peekCount = 2;
  }

  private backup3(t2: number, t1: number): void {
    this.t1 = t1;
    this.t2 = t2;
    this.peekCount = 3;
  }

  private peek(): number {
    if (this.peekCount > 0) return this.at(this.peekCount - 1);
    this.peekCount = 1;
    const s = this.s;
    return (this.t0 = s.cur < s.n ? s.cur++ : s.n - 1);
  }

  private nextNonSpace(): number {
    const kind = this.kind;
    for (;;) {
      const t = this.next();
      if (kind[t] !== K.Space) return t;
    }
  }

  private peekNonSpace(): number {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----

  private errorf(msg: string): never {
    this.root = null;
    throw new ParseError(`template: ${this.s.parseName}:${this.lastLine()}: ${msg}`);
  }

  private expect(expected: K, context: string): number {
    const t = this.nextNonSpace();
    if (this.kind[t] !== expected) this.unexpected(t, context);
    return t;
  }

  private unexpected(token: number, context: string): never {
    const k = this.kind[token];
    const val = this.val(token);
    if (k === K.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== this.line[token]) {
        extra = ` in action started at ${this.s.parseName}:${this.actionLine}`;
        if (val.endsWith(' action')) extra = extra.slice(' in action'.length); // not "action in action"
      }
      this.errorf(`${tokenString(k, val)}${extra}`);
    }
    this.errorf(`unexpected ${tokenString(k, val)} in ${context}`);
  }

  private hasFunction(name: string): boolean {
    return hasFunction(this.s.funcs, name);
  }

  // ---- trees ----

  private tree(): Tree {
    return {
      name: this.name,
      parseName: this.s.parseName,
      root: this.root as ListNode,
      text: this.s.text,
      mode: this.s.mode,
    };
  }

  /** Go's Tree.add: an existing non-empty tree is kept over an empty one; two non-empty ones clash. */
  private add(): void {
    const existing = this.s.treeSet.get(this.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.s.treeSet.set(this.name, this.tree());
      return;
    }
    if (!isEmptyTree(this.root))
      this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
  }

  /** The top-level template: items and {{define}}s up to EOF. */
  parseTop(): void {
    const root: ListNode = { type: 'list', pos: this.start[this.peek()], nodes: [] };
    this.root = root;
    while (this.kind[this.peek()] !== K.EOF) {
      if (this.kind[this.peek()] === K.LeftDelim) {
        const delim = this.next();
        if (this.kind[this.nextNonSpace()] === K.Define) {
          new TreeParser('definition', this.s).parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.add();
  }

  /** `{{define "name"}} … {{end}}`, the define keyword already read. */
  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.nextNonSpace();
    const k = this.kind[nameTok];
    if (k !== K.String && k !== K.RawString) this.unexpected(nameTok, context);
    this.name = this.unquote(this.val(nameTok));
    this.expect(K.RightDelim, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add();
  }

  private unquote(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  /** textOrAction* up to {{end}} or {{else}}, which is returned separately. */
  private itemList(): [ListNode, EndNode | ElseNode] {
    const list: ListNode = { type: 'list', pos: this.start[this.peekNonSpace()], nodes: [] };
    while (this.kind[this.peekNonSpace()] !== K.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): ItemNode | EndNode | ElseNode {
    const token = this.nextNonSpace();
    switch (this.kind[token]) {
      case K.Text:
        return { type: 'text', pos: this.start[token], text: this.val(token) };
      case K.LeftDelim:
        this.actionLine = this.line[token];
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      case K.Comment:
        return { type: 'comment', pos: this.start[token], text: this.val(token) };
      default:
        return this.unexpected(token, 'input');
    }
  }

  /** After the left delimiter: a control keyword or a pipeline. */
  private action(): ItemNode | EndNode | ElseNode {
    const token = this.nextNonSpace();
    switch (this.kind[token]) {
      case K.Block:
        return this.blockControl();
      case K.Break:
        return this.loopControl('break', token);
      case K.Continue:
        return this.loopControl('continue', token);
      case K.Else:
        return this.elseControl();
      case K.End:
        return { type: 'end', pos: this.start[this.expect(K.RightDelim, 'end')] };
      case K.If:
        return this.branchControl('if');
      case K.Range:
        return this.branchControl('range');
      case K.Template:
        return this.templateControl();
      case K.With:
        return this.branchControl('with');
    }
    this.backup();
    const t = this.peek();
    // Variables declared here persist until the enclosing {{end}}.
    const node: ActionNode = {
      type: 'action',
      pos: this.start[t],
      line: this.line[t],
      pipe: this.pipeline('command', K.RightDelim),
    };
    return node;
  }

  private loopControl(kind: 'break' | 'continue', kw: number): ItemNode {
    const t = this.nextNonSpace();
    if (this.kind[t] !== K.RightDelim) this.unexpected(t, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos: this.start[kw], line: this.line[kw] };
  }

  /** declarations? command ('|' command)* */
  private pipeline(context: string, end: K): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = {
      type: 'pipe',
      pos: this.start[first],
      line: this.line[first],
      isAssign: false,
      decl: [],
      cmds: [],
    };
    const kind = this.kind;
    // Declarations need three tokens of lookahead: in "$x foo" the "foo" (not ":=") shows
    // that $x is an argument, and the space before it must be pushed back too.
    for (;;) {
      const v = this.peekNonSpace();
      if (kind[v] !== K.Variable) break;
      this.next();
      const afterVar = this.peek();
      const nxt = this.peekNonSpace();
      const nk = kind[nxt];
      if (nk === K.Assign || nk === K.Declare) {
        pipe.isAssign = nk === K.Assign;
        this.nextNonSpace();
        const name = this.val(v);
        pipe.decl.push(this.newVariable(this.start[v], name));
        this.vars.push(name);
      } else if (nk === K.Char && this.text.charCodeAt(this.start[nxt]) === 0x2c) {
        // ','
        this.nextNonSpace();
        const name = this.val(v);
        pipe.decl.push(this.newVariable(this.start[v], name));
        this.vars.push(name);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = kind[this.peekNonSpace()];
          if (p === K.Variable || p === K.RightDelim || p === K.RightParen) continue; // the second range variable
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (kind[afterVar] === K.Space) {
        this.backup3(v, afterVar);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      const k = kind[token];
      if (k === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (k) {
        case K.Bool:
        case K.CharConstant:
        case K.Complex:
        case K.Dot:
        case K.Field:
        case K.Identifier:
        case K.Number:
        case K.Nil:
        case K.RawString:
        case K.String:
        case K.Variable:
        case K.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    // Only the first command may start with a non-executable operand.
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case 'bool':
        case 'dot':
        case 'nil':
        case 'number':
        case 'string':
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  /** if/range/with: the pipeline, the body, and an optional else (with else-if/else-with chaining). */
  private branchControl(context: 'if' | 'range' | 'with'): ItemNode {
    const nvars = this.vars.length;
    try {
      const pipe = this.pipeline(context, K.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // {{else if b}} / {{else with b}} mean {{else}}{{if b}}…{{end}}{{end}}: parse the inner
        // control to its {{end}}, which then closes both.
        const pk = this.kind[this.peek()];
        if ((context === 'if' && pk === K.If) || (context === 'with' && pk === K.With)) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.branchControl(context)] };
        } else {
          const [els, end] = this.itemList();
          if (end.type !== 'end') this.errorf(`expected end; found ${nodeString(end)}`);
          elseList = els;
        }
      }
      return { type: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = nvars;
    }
  }

  private elseControl(): ElseNode {
    const p = this.peekNonSpace();
    // "else if"/"else with": leave the keyword pending for branchControl.
    const k = this.kind[p];
    if (k === K.If || k === K.With) return { type: 'else', pos: this.start[p], line: this.line[p] };
    const t = this.expect(K.RightDelim, 'else');
    return { type: 'else', pos: this.start[t], line: this.line[t] };
  }

  /** {{block "name" pipeline}} … {{end}}: a definition plus a template call. */
  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, K.RightDelim);
    const block = new TreeParser(name, this.s);
    const [list, end] = block.itemList();
    block.root = list;
    // Go reports this with the outer tree's current line.
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return { type: 'template', pos: this.start[token], line: this.line[token], name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.kind[this.nextNonSpace()] !== K.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, K.RightDelim);
    }
    return { type: 'template', pos: this.start[token], line: this.line[token], name, pipe };
  }

  private parseTemplateName(token: number, context: string): string {
    const k = this.kind[token];
    if (k === K.String || k === K.RawString) return this.unquote(this.val(token));
    return this.unexpected(token, context);
  }

  /** operand (space operand)*, up to '|', ')' or the right delimiter. */
  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.start[this.peekNonSpace()], args: [] };
    for (;;) {
      this.peekNonSpace(); // skip leading spaces
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      const k = this.kind[token];
      if (k === K.Space) continue;
      if (k === K.RightDelim || k === K.RightParen) this.backup();
      else if (k !== K.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  /** term .Field* */
  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null) return null;
    let f = this.peek();
    if (this.kind[f] !== K.Field) return node;
    const pos = this.start[f];
    const fields: string[] = [];
    do {
      this.next();
      fields.push(this.text.slice(this.start[f] + 1, this.end[f]));
      f = this.peek();
    } while (this.kind[f] === K.Field);
    // Fields on a field or variable extend it (Go's original API); literals cannot have fields.
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  }

  /** A literal, function name, dot, field, variable or parenthesised pipeline; null if none. */
  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    const pos = this.start[token];
    switch (this.kind[token]) {
      case K.Identifier: {
        const name = this.val(token);
        if (this.s.mode.skipFuncCheck !== true && !this.hasFunction(name)) {
          this.errorf(`function ${goQuote(name)} not defined`);
        }
        return { type: 'identifier', pos, ident: name };
      }
      case K.Dot:
        return { type: 'dot', pos };
      case K.Nil:
        return { type: 'nil', pos };
      case K.Variable:
        return this.useVar(pos, this.val(token));
      case K.Field:
        return { type: 'field', pos, ident: [this.text.slice(pos + 1, this.end[token])] };
      case K.Bool:
        return { type: 'bool', pos, value: this.text.charCodeAt(pos) === 0x74 };
      case K.CharConstant:
      case K.Complex:
      case K.Number:
        try {
          const k = this.kind[token];
          return newNumber(
            pos,
            this.val(token),
            k === K.Number ? 'number' : k === K.Complex ? 'complex' : 'charConstant',
          );
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case K.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', K.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case K.String:
      case K.RawString: {
        const quoted = this.val(token);
        return { type: 'string', pos, quoted, text: this.unquote(quoted) };
      }
    }
    this.backup();
    return null;
  }

  private newVariable(pos: Pos, ident: string): VariableNode {
    return { type: 'variable', pos, ident: [ident] };
  }

  private useVar(pos: Pos, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(name)) this.errorf(`undefined variable ${goQuote(name)}`);
    return v;
  }
}

/** The node types a finished tree can hold, re-exported for convenience. */
export type { AnyNode, Tree };
