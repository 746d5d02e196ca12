// Go's text/template parser (text/template/parse/parse.go): a recursive-descent parser over
// the lexer with Go's three-token lookahead, producing one Tree per template (the top level,
// each {{define}} and each {{block}}), with Go's error messages and line numbers.

import { GoError } from '../../go/value.js';
import { Item, ItemType, Lexer, itemString } from './lex.js';
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

/**
 * Go's parse.Parse: parses `text` as the template `name` and returns every tree it defines
 * (the top level under `name`, plus each define and block), or throws ParseError.
 */
export function parse(name: string, text: string, opts: ParseOptions = {}): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const lexer = new Lexer(name, text, opts.leftDelim ?? '', opts.rightDelim ?? '');
  const shared: Shared = {
    lexer,
    treeSet,
    funcs: opts.funcs ?? [],
    mode: opts.mode ?? {},
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
  return treeSet;
}

/** State shared by the trees of one Parse call (Go shares the lexer and treeSet the same way). */
interface Shared {
  readonly lexer: Lexer;
  readonly treeSet: Map<string, Tree>;
  readonly funcs: readonly FuncNames[];
  readonly mode: ParseMode;
  readonly parseName: string;
  readonly text: string;
}

const NO_ITEM: Item = { type: 'eof', pos: 0, val: '', line: 0 };

/** Parses one tree; a define or block gets its own TreeParser with fresh lookahead and scope. */
class TreeParser {
  private name: string;
  private root: ListNode | null = null;
  private readonly token: [Item, Item, Item] = [NO_ITEM, NO_ITEM, NO_ITEM];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    name: string,
    private readonly s: Shared,
  ) {
    this.name = name;
    s.lexer.options = {
      emitComment: s.mode.parseComments === true,
      breakOK: !this.hasFunction('break'),
      continueOK: !this.hasFunction('continue'),
    };
  }

  lastLine(): number {
    return this.token[0].line;
  }

  // ---- token buffer (Go's next/backup/peek) ----

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.s.lexer.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.s.lexer.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.type === 'space');
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----

  private errorf(msg: string): never {
    this.root = null;
    throw new ParseError(`template: ${this.s.parseName}:${this.token[0].line}: ${msg}`);
  }

  private expect(expected: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== expected) this.unexpected(t, context);
    return t;
  }

  private unexpected(token: Item, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.s.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length); // not "action in action"
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private hasFunction(name: string): boolean {
    for (const f of this.s.funcs) if (f.has(name)) return true;
    return false;
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
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    this.root = root;
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().type === 'define') {
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
    if (nameTok.type !== 'string' && nameTok.type !== 'rawString') this.unexpected(nameTok, context);
    this.name = this.unquote(nameTok.val);
    this.expect('rightDelim', context);
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
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): ItemNode | EndNode | ElseNode {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'text':
        return { type: 'text', pos: token.pos, text: token.val };
      case 'leftDelim':
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      case 'comment':
        return { type: 'comment', pos: token.pos, text: token.val };
      default:
        return this.unexpected(token, 'input');
    }
  }

  /** After the left delimiter: a control keyword or a pipeline. */
  private action(): ItemNode | EndNode | ElseNode {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'block':
        return this.blockControl();
      case 'break':
        return this.loopControl('break', token);
      case 'continue':
        return this.loopControl('continue', token);
      case 'else':
        return this.elseControl();
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
        return this.branchControl('if');
      case 'range':
        return this.branchControl('range');
      case 'template':
        return this.templateControl();
      case 'with':
        return this.branchControl('with');
    }
    this.backup();
    const t = this.peek();
    // Variables declared here persist until the enclosing {{end}}.
    const node: ActionNode = {
      type: 'action',
      pos: t.pos,
      line: t.line,
      pipe: this.pipeline('command', 'rightDelim'),
    };
    return node;
  }

  private loopControl(kind: 'break' | 'continue', kw: Item): ItemNode {
    const t = this.nextNonSpace();
    if (t.type !== 'rightDelim') this.unexpected(t, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos: kw.pos, line: kw.line };
  }

  /** declarations? command ('|' command)* */
  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = {
      type: 'pipe',
      pos: first.pos,
      line: first.line,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    // Declarations need three tokens of lookahead: in "$x foo" the "foo" (not ":=") shows
    // that $x is an argument, and the space before it must be pushed back too.
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.next();
      const afterVar = this.peek();
      const nxt = this.peekNonSpace();
      if (nxt.type === 'assign' || nxt.type === 'declare') {
        pipe.isAssign = nxt.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (nxt.type === 'char' && nxt.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue; // the second range variable
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (afterVar.type === 'space') {
        this.backup3(v, afterVar);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
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
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // {{else if b}} / {{else with b}} mean {{else}}{{if b}}…{{end}}{{end}}: parse the inner
        // control to its {{end}}, which then closes both.
        const pk = this.peek().type;
        if ((context === 'if' && pk === 'if') || (context === 'with' && pk === 'with')) {
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
    if (p.type === 'if' || p.type === 'with') return { type: 'else', pos: p.pos, line: p.line };
    const t = this.expect('rightDelim', 'else');
    return { type: 'else', pos: t.pos, line: t.line };
  }

  /** {{block "name" pipeline}} … {{end}}: a definition plus a template call. */
  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const block = new TreeParser(name, this.s);
    const [list, end] = block.itemList();
    block.root = list;
    // Go reports this with the outer tree's current line.
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.type === 'string' || token.type === 'rawString') return this.unquote(token.val);
    return this.unexpected(token, context);
  }

  /** operand (space operand)*, up to '|', ')' or the right delimiter. */
  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace(); // skip leading spaces
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  /** term .Field* */
  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null) return null;
    if (this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
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
    switch (token.type) {
      case 'identifier':
        if (this.s.mode.skipFuncCheck !== true && !this.hasFunction(token.val)) {
          this.errorf(`function ${goQuote(token.val)} not defined`);
        }
        return { type: 'identifier', pos: token.pos, ident: token.val };
      case 'dot':
        return { type: 'dot', pos: token.pos };
      case 'nil':
        return { type: 'nil', pos: token.pos };
      case 'variable':
        return this.useVar(token.pos, token.val);
      case 'field':
        return { type: 'field', pos: token.pos, ident: token.val.slice(1).split('.') };
      case 'bool':
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        try {
          return newNumber(token.pos, token.val, token.type);
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case 'leftParen': {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.stackDepth--;
        }
      }
      case 'string':
      case 'rawString':
        return { type: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return null;
  }

  private newVariable(pos: Pos, ident: string): VariableNode {
    return { type: 'variable', pos, ident: ident.split('.') };
  }

  private useVar(pos: Pos, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
    return v;
  }
}

/** The node types a finished tree can hold, re-exported for convenience. */
export type { AnyNode, Tree };
