// The executor: Go's text/template exec.go. Expressions are evaluated recursively (their depth
// is bounded by the parser), while the statement walk runs on an explicit stack, so template
// recursion reaches Go's limit of 100000 nested {{template}} calls without exhausting the JS
// stack, and break/continue unwind frames instead of throwing.

import { BUILTINS, callFunction, truth } from './builtins.js';
import { REFLECT_VALUE, fromGoFunc, goResult, type Callable } from '../go/callable.js';
import { ExecError, LimitError, type ExecLocation } from './errors.js';
import { sprint } from '../go/fmt/print.js';
import {
  errorContext,
  nodeString,
  type AnyNode,
  type ArgNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type RangeNode,
  type TemplateNode,
  type Tree,
  type VariableNode,
} from './parse/node.js';
import { goQuote } from './parse/quote.js';
import {
  Addr,
  INVALID,
  Iface,
  addressable,
  NIL_IFACE,
  concrete,
  iface,
  derefPointers,
  isNilPointer,
  staticType,
  toValue,
  type RValue,
} from '../go/reflect.js';
import {
  GoComplex,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  NO_FIELD,
  type GoType,
  type IntKind,
  type Value,
  assignableTo,
  compareGoStrings,
  isNilable,
  isTrue,
  methodOf,
  utf8Length,
  utf8Normalize,
  zeroOf,
} from '../go/value.js';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

/** What the executor needs from a template set (template.ts implements it). */
export interface ExecSet {
  readonly missingKey: MissingKey;
  /** The set's FuncMap, adapted; consulted before the builtins. */
  readonly funcs: FuncLookup;
}

/** A function table by name (a Map satisfies it). */
export interface FuncLookup {
  get(name: string): Callable | undefined;
}

/** What the executor needs from one template. */
export interface ExecTemplate {
  readonly name: string;
  readonly tree: Tree | null;
  readonly set: ExecSet;
  lookup(name: string): ExecTemplate | undefined;
}

export interface ExecOptions {
  /** Stop with a LimitError once the output exceeds this many UTF-8 bytes. */
  maxOutputBytes?: number;
  /** Stop with a LimitError after this time (Date.now() milliseconds). */
  deadline?: number;
}

/** Go's maxExecDepth: nested {{template}} calls allowed before the error. */
export const MAX_EXEC_DEPTH = 100000;

/**
 * Prepares a run of `tmpl` on `data` (INVALID or null for nil data); `.run()` returns the
 * output. Two steps so that a nested execution (include) costs a single JS frame.
 */
export function prepareExecution(
  tmpl: ExecTemplate,
  data: RValue,
  opts: ExecOptions = {},
): { run(): string } {
  const dot = data === null ? INVALID : data;
  const st = new State(tmpl, dot, opts);
  if (tmpl.tree === null) st.errorf(`${goQuote(tmpl.name)} is an incomplete or empty template`);
  return st;
}

/** Runs `tmpl` on `data` (INVALID or null for nil data) and returns the output. */
export function execute(tmpl: ExecTemplate, data: RValue, opts: ExecOptions = {}): string {
  const st = prepareExecution(tmpl, data, opts);
  try {
    return st.run();
  } catch (e) {
    throw stackLimit(tmpl, e);
  }
}

/** A JS stack overflow (deeply nested include) as our LimitError; other errors unchanged. */
export function stackLimit(tmpl: ExecTemplate, e: unknown): unknown {
  if (!isStackOverflow(e)) return e;
  return new LimitError(`template: ${tmpl.name}: nesting too deep for this engine (JS stack exhausted)`, {
    cause: e,
  });
}

// ---- internals ---------------------------------------------------------------------------

/** Go's missingVal: "no final value from a previous pipeline stage". */
const MISSING: unique symbol = Symbol('missing');
type Final = RValue | typeof MISSING;

const ANY = 'interface {}';
const R = REFLECT_VALUE;

const enum F {
  List,
  Range,
  Return,
}

interface ListFrame {
  k: F.List;
  nodes: Node[];
  i: number;
  dot: RValue;
  /** Variable stack height to restore when the list ends (an if/with/else body), or -1. */
  mark: number;
}
/** What a range iterates over (a kind tag and fields, not closures: one frame per range). */
const enum RK {
  Int,
  List,
  Bytes,
  Map,
}
interface RangeFrame {
  k: F.Range;
  node: RangeNode;
  rk: RK;
  /** A list's items, the bytes, or a map's keys in range order. */
  items: readonly Value[] | Uint8Array | readonly string[] | null;
  map: GoMap | null;
  /** The next element's index. */
  i: number;
  /** Elements are interface{}: each is wrapped. */
  wrap: boolean;
  /** An integer range: its kind, bound, next value, and the named type (time.Duration) if any. */
  kind: IntKind;
  n: bigint;
  ik: bigint;
  named: GoObject | undefined;
  /** Variable stack height with the range's own variables declared. */
  mark: number;
  /** Height before the range's pipeline ran (popped when the range ends). */
  outer: number;
}
interface ReturnFrame {
  k: F.Return;
  tmpl: ExecTemplate;
  tree: Tree;
  names: string[];
  vals: RValue[];
  node: AnyNode | null;
}
type Frame = ListFrame | RangeFrame | ReturnFrame;

const NO_ARGS: readonly ArgNode[] = [];

/** The end of a range. */
const DONE: unique symbol = Symbol('done');

class State {
  tmpl: ExecTemplate;
  tree: Tree;
  /** The node being executed, for error contexts (Go's s.at). */
  node: AnyNode | null = null;
  /** The variable stack, as two parallel arrays. */
  names: string[];
  vals: RValue[];
  depth = 0;
  /**
   * Output pieces since the last flush, and the flushed chunks. Joining every few thousand pieces
   * lets the small strings die young: a million pieces kept to the end survive every scavenge and
   * are copied each time (most of a big render's time and memory went to that).
   */
  private out: string[] = [];
  private readonly chunks: string[] = [];
  private readonly stack: Frame[] = [];
  private readonly missingKey: MissingKey;
  private readonly maxBytes: number;
  private readonly deadline: number;
  /** Output size so far: UTF-16 units while that safely bounds the bytes, then exact bytes. */
  private outSize = 0;
  private exactSize = false;
  private steps = 0;
  /** The set's functions (consulted before the builtins). */
  private funcs: FuncLookup;
  /** Set by evalField: its result is an interface{} map element, returned unwrapped. */
  private ifaceOut = false;

  constructor(tmpl: ExecTemplate, dot: RValue, opts: ExecOptions) {
    this.tmpl = tmpl;
    this.tree = tmpl.tree as Tree;
    this.names = ['$'];
    this.vals = [dot];
    this.missingKey = tmpl.set.missingKey;
    this.funcs = tmpl.set.funcs;
    this.maxBytes = opts.maxOutputBytes ?? Infinity;
    this.deadline = opts.deadline ?? Infinity;
  }

  // ---- errors ----

  errorf(msg: string, cause?: unknown): never {
    const name = this.tmpl.name;
    if (this.node === null) throw new ExecError(`template: ${name}: ${msg}`, name, undefined, msg, cause);
    const { location, context } = errorContext(this.tree, this.node);
    const c2 = location.lastIndexOf(':');
    const c1 = location.lastIndexOf(':', c2 - 1);
    const loc: ExecLocation = {
      parseName: location.slice(0, c1),
      line: Number(location.slice(c1 + 1, c2)),
      col: Number(location.slice(c2 + 1)),
      context,
    };
    throw new ExecError(
      `template: ${location}: executing ${goQuote(name)} at <${context}>: ${msg}`,
      name,
      loc,
      msg,
      cause,
    );
  }

  // ---- output and limits ----

  private write(s: string): void {
    if (this.out.push(s) >= 4096) this.flush();
    if (this.maxBytes === Infinity) return;
    if (this.exactSize) this.outSize += utf8Length(s);
    else {
      this.outSize += s.length;
      // A UTF-16 unit is at most 3 UTF-8 bytes: count exactly once the bound could be crossed.
      if (this.outSize * 3 > this.maxBytes) {
        this.exactSize = true;
        this.flush();
        this.outSize = this.chunks.reduce((n, c) => n + utf8Length(c), 0);
      }
    }
    if (this.outSize > this.maxBytes) {
      throw new LimitError(`template: ${this.tmpl.name}: output exceeds ${this.maxBytes} bytes`);
    }
  }

  private tick(): void {
    if ((++this.steps & 1023) === 0 && this.deadline !== Infinity && Date.now() > this.deadline) {
      throw new LimitError(`template: ${this.tmpl.name}: execution exceeded the time limit`);
    }
  }

  // ---- variables ----

  private push(name: string, v: RValue): void {
    this.names.push(name);
    this.vals.push(v);
  }

  private pop(mark: number): void {
    if (this.names.length === mark) return;
    this.names.length = mark;
    this.vals.length = mark;
  }

  private setVar(name: string, v: RValue): void {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) {
        this.vals[i] = v;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): RValue {
    for (let i = this.names.length - 1; i >= 0; i--) if (this.names[i] === name) return this.vals[i]!;
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- the walk ----

  /** Executes the template and returns its output. */
  run(): string {
    const stack = this.stack;
    stack.push({ k: F.List, nodes: this.tree.root.nodes, i: 0, dot: this.vals[0]!, mark: -1 });
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      switch (f.k) {
        case F.List: {
          if (f.i >= f.nodes.length) {
            if (f.mark >= 0) this.pop(f.mark);
            stack.pop();
            break;
          }
          const node = f.nodes[f.i++]!;
          // Actions are handled here rather than in step: nested include calls recurse
          // through this path, and each JS frame fewer lets them nest deeper.
          if (node.type === 'action') {
            this.tick();
            this.node = node;
            const v = this.evalPipeline(f.dot, node.pipe);
            if (node.pipe.decl.length === 0) this.printValue(node, v);
          } else this.step(node, f.dot);
          break;
        }
        case F.Range:
          this.rangeStep(f);
          break;
        case F.Return:
          this.tmpl = f.tmpl;
          this.tree = f.tree;
          this.names = f.names;
          this.vals = f.vals;
          this.node = f.node;
          this.depth--;
          stack.pop();
          break;
      }
    }
    // Escaped bytes written apart may together form valid UTF-8, as Go's byte output would.
    this.flush();
    return utf8Normalize(this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join(''));
  }

  private flush(): void {
    if (this.out.length === 0) return;
    this.chunks.push(this.out.join(''));
    this.out = [];
  }

  /** Executes one list item, pushing frames for bodies. */
  private step(node: Node, dot: RValue): void {
    this.tick();
    this.node = node;
    switch (node.type) {
      case 'text':
        this.write(node.text);
        return;
      case 'action': {
        // Variables declared here persist until the enclosing end; a declaration prints nothing.
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, v);
        return;
      }
      case 'comment':
        return;
      case 'if':
      case 'with': {
        const mark = this.names.length;
        const v = this.evalPipeline(dot, node.pipe);
        const c = concrete(v);
        const t = c === INVALID ? false : isTrue(c);
        if (t) {
          const d = node.type === 'with' ? v : dot;
          this.stack.push({ k: F.List, nodes: node.list.nodes, i: 0, dot: d, mark });
        } else if (node.elseList !== null) {
          this.stack.push({ k: F.List, nodes: node.elseList.nodes, i: 0, dot, mark });
        } else this.pop(mark);
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'break':
      case 'continue':
        this.unwindTo(node.type === 'break');
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  /** break/continue: drop frames up to the innermost range (the parser guarantees one). */
  private unwindTo(isBreak: boolean): void {
    const stack = this.stack;
    while (stack.length > 0 && stack[stack.length - 1]!.k !== F.Range) stack.pop();
    const r = stack[stack.length - 1] as RangeFrame;
    this.pop(r.mark);
    if (isBreak) {
      stack.pop();
      this.pop(r.outer);
    }
  }

  private walkRange(dot: RValue, r: RangeNode): void {
    this.node = r;
    const outer = this.names.length;
    let val = this.evalPipeline(dot, r.pipe);
    if (val instanceof Iface || val instanceof Addr) val = concrete(val);
    if (val instanceof GoObject) val = derefPointers(val);
    // A named integer (time.Duration) ranges like its underlying integer, yielding its own type.
    let named: GoObject | undefined;
    if (val instanceof GoObject) {
      const u = val.underlying();
      if (u instanceof GoInt) {
        named = val;
        val = u;
      }
    }
    const mark = this.names.length;
    const nvars = r.pipe.decl.length;
    // Elements one at a time (rangeNext); an index is made only when a second variable asks.
    let rk: RK | -1 = -1;
    let items: RangeFrame['items'] = null;
    let map: GoMap | null = null;
    let wrap = false;
    let kind: IntKind = 'int';
    let n = 0n;
    if (val instanceof GoInt) {
      if (nvars > 1)
        this.errorf(`can't use ${sprint([named ?? val])} to iterate over more than one variable`);
      kind = val.kind;
      n = val.v;
      if (n > 0n) rk = RK.Int;
    } else if (val instanceof GoList) {
      items = val.items;
      wrap = val.elem === ANY;
      if (items.length > 0) rk = RK.List;
    } else if (val instanceof Uint8Array) {
      items = val;
      if (val.length > 0) rk = RK.Bytes;
    } else if (val instanceof GoMap) {
      if (val.size > 0) {
        items = sortedKeys(val);
        map = val;
        wrap = val.elem === ANY;
        rk = RK.Map;
      }
    } else if (val !== INVALID && val !== null) {
      this.errorf(`range can't iterate over ${sprint([val])}`);
    }
    if (rk === -1) {
      if (r.elseList !== null)
        this.stack.push({ k: F.List, nodes: r.elseList.nodes, i: 0, dot, mark: outer });
      else this.pop(outer);
      return;
    }
    this.stack.push({ k: F.Range, node: r, rk, items, map, i: 0, wrap, kind, n, ik: 0n, named, mark, outer });
  }

  /** The range's next element, or DONE after the last. */
  private rangeNext(f: RangeFrame): RValue | typeof DONE {
    switch (f.rk) {
      case RK.Int: {
        if (f.ik >= f.n) return DONE;
        const x = new GoInt(f.kind, f.ik++);
        return f.named?.withUnderlying(x) ?? x;
      }
      case RK.List: {
        const items = f.items as readonly Value[];
        if (f.i >= items.length) return DONE;
        const e = items[f.i++]!;
        return f.wrap ? iface(e) : e;
      }
      case RK.Bytes: {
        const b = f.items as Uint8Array;
        return f.i < b.length ? new GoInt('uint8', BigInt(b[f.i++]!)) : DONE;
      }
      case RK.Map: {
        const keys = f.items as readonly string[];
        if (f.i >= keys.length) return DONE;
        const e = f.map!.entries.get(keys[f.i++]!) ?? null;
        return f.wrap ? iface(e) : e;
      }
    }
  }

  /** The index of the element rangeNext returned last: none for integers, the key for maps. */
  private rangeIndex(f: RangeFrame): RValue {
    if (f.rk === RK.Int) return INVALID;
    if (f.rk === RK.Map) return (f.items as readonly string[])[f.i - 1]!;
    return new GoInt('int', BigInt(f.i - 1));
  }

  /** One iteration of a range: set its variables and push its body, or end the range. */
  private rangeStep(f: RangeFrame): void {
    this.tick();
    this.pop(f.mark);
    const elem = this.rangeNext(f);
    if (elem === DONE) {
      this.stack.pop();
      this.pop(f.outer);
      return;
    }
    const pipe = f.node.pipe;
    const decl = pipe.decl;
    if (decl.length > 0) {
      if (pipe.isAssign) {
        // With two variables the index comes first; with one, the element.
        this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? this.rangeIndex(f) : elem);
        if (decl.length > 1) this.setVar(decl[1]!.ident[0]!, elem);
      } else {
        this.vals[this.vals.length - 1] = elem;
        if (decl.length > 1) this.vals[this.vals.length - 2] = this.rangeIndex(f);
      }
    }
    this.stack.push({ k: F.List, nodes: f.node.list.nodes, i: 0, dot: elem, mark: -1 });
  }

  private walkTemplate(dot: RValue, t: TemplateNode): void {
    this.node = t;
    const tmpl = this.tmpl.lookup(t.name);
    if (tmpl === undefined || tmpl.tree === null) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    // Variables declared by the pipeline persist in the caller.
    const newDot = this.evalPipeline(dot, t.pipe);
    this.stack.push({
      k: F.Return,
      tmpl: this.tmpl,
      tree: this.tree,
      names: this.names,
      vals: this.vals,
      node: this.node,
    });
    this.depth++;
    this.tmpl = tmpl;
    this.tree = tmpl.tree!;
    // No dynamic scoping: the callee sees only $.
    this.names = ['$'];
    this.vals = [newDot];
    this.stack.push({ k: F.List, nodes: tmpl.tree!.root.nodes, i: 0, dot: newDot, mark: -1 });
  }

  private printValue(n: Node, v: RValue): void {
    this.node = n;
    if (typeof v === 'string') {
      this.write(v);
      return;
    }
    if (v === INVALID || v === null) {
      this.write('<no value>');
      return;
    }
    // An addressable struct prints through String()/Error() declared on *T (printableValue
    // takes its address); fmt alone, given a copy, would print its fields.
    if (v instanceof Addr) {
      const s = v.v.ptrStringer();
      if (s !== undefined) {
        this.write(s);
        return;
      }
    }
    let x = toValue(v);
    // fmt prints a nil pointer as <nil>.
    if (isNilPointer(x)) {
      this.write('<nil>');
      return;
    }
    // A pointer prints as what it points to, unless it has a String or Error method.
    if (x instanceof GoObject && x.goKind === 'ptr' && x.stringer() === undefined) x = derefPointers(x);
    if (x instanceof GoFunc) this.errorf(`can't print ${nodeString(n)} of type ${x.type}`);
    this.write(sprint([x]));
  }

  // ---- expressions ----

  private evalPipeline(dot: RValue, pipe: PipeNode | null): RValue {
    if (pipe === null) return INVALID;
    this.node = pipe;
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, cmds[i]!, value);
      // An interface{} result is unwrapped to the value inside (a nil interface to INVALID).
      if (value instanceof Iface) value = value.v === null ? INVALID : value.v;
    }
    const v = value as RValue;
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i]!.ident[0]!, v);
      else this.push(decl[i]!.ident[0]!, v);
    }
    return v;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalCommand(dot: RValue, cmd: CommandNode, final: Final): RValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      // The pipeline unwraps an interface{} result, so none is made here.
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final, false);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final, false);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final, false);
      case 'pipe':
        // A parenthesised pipeline: its arguments are inside; there is no final value.
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final, false);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // eslint-disable-next-line no-fallthrough
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  /** A number whose type no parameter decides: its syntax does (int, float64 or complex128). */
  private idealConstant(c: NumberNode): RValue {
    this.node = c;
    if (c.isComplex) return new GoComplex(c.complex.re, c.complex.im);
    if (c.isFloat && !isHexInt(c.text) && !isRuneInt(c.text) && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return new GoInt('int', c.int64);
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return INVALID;
  }

  private evalFieldNode(
    dot: RValue,
    field: FieldNode,
    args: readonly ArgNode[] | null,
    final: Final,
    wrap: boolean,
  ): RValue {
    this.node = field;
    return this.evalFieldChain(dot, dot, field, field.ident, 0, args, final, wrap);
  }

  private evalChainNode(
    dot: RValue,
    chain: ChainNode,
    args: readonly ArgNode[] | null,
    final: Final,
    wrap: boolean,
  ): RValue {
    this.node = chain;
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, 0, args, final, wrap);
  }

  private evalVariableNode(
    dot: RValue,
    v: VariableNode,
    args: readonly ArgNode[] | null,
    final: Final,
    wrap: boolean,
  ): RValue {
    this.node = v;
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args ?? NO_ARGS, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident, 1, args, final, wrap);
  }

  private evalFieldChain(
    dot: RValue,
    receiver: RValue,
    node: Node,
    ident: string[],
    start: number,
    args: readonly ArgNode[] | null,
    final: Final,
    wrap: boolean,
  ): RValue {
    const n = ident.length;
    // Steps in between pass their value on unwrapped, saying whether it was an interface.
    let viaIface = false;
    for (let i = start; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i]!, node, null, MISSING, receiver, viaIface, false);
      viaIface = this.ifaceOut;
    }
    // The last field, if a method, gets the arguments.
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver, viaIface, wrap);
  }

  private evalFunction(
    dot: RValue,
    node: IdentifierNode,
    cmd: Node,
    args: readonly ArgNode[] | null,
    final: Final,
    wrap: boolean,
  ): RValue {
    this.node = node;
    const name = node.ident;
    // The set's functions first, then the builtins.
    const fn = this.funcs.get(name);
    if (fn !== undefined) return this.evalCall(dot, fn, false, cmd, name, args, final, wrap);
    const b = BUILTINS.get(name);
    if (b === undefined) this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, b, true, cmd, name, args, final, wrap);
  }

  /**
   * `.Field` or `.Method args…` on one receiver: method first, then struct field, then map key.
   * `recvIface`: the receiver came unwrapped from an interface{} (its static type, for errors).
   * `wrap`: the caller needs an interface{} result as such; otherwise an interface{} map element
   * comes back unwrapped (no allocation) and `ifaceOut` says so.
   */
  private evalField(
    dot: RValue,
    fieldName: string,
    node: Node,
    args: readonly ArgNode[] | null,
    final: Final,
    receiver: RValue,
    recvIface: boolean,
    wrap: boolean,
  ): RValue {
    this.ifaceOut = false;
    if (receiver === INVALID) {
      if (this.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return INVALID;
    }
    // One type test for the common receiver, a map; an instanceof costs ~15 ns in cold code.
    let r: Value;
    // Go looks methods up on *T when the value is addressable, so pointer methods count then.
    let addr = false;
    if (receiver instanceof GoMap) r = receiver;
    else if (receiver instanceof Iface) r = receiver.v;
    else if (receiver instanceof Addr) {
      r = receiver.v;
      addr = true;
    } else r = receiver;
    if (r === null) {
      // Calling anything on a nil interface cannot work.
      this.errorf(`nil pointer evaluating ${recvType(receiver, recvIface)}.${fieldName}`);
    }
    if (r instanceof GoMap) {
      if (r.methods !== undefined) {
        const method = methodOf(r, fieldName);
        if (method !== undefined) return this.callMethod(dot, method, fieldName, node, args, final);
      }
      if ((args !== null && args.length > 1) || final !== MISSING)
        this.errorf(`${fieldName} is not a method but has arguments`);
      const e = r.entries.get(fieldName);
      if (e === undefined) return this.missing(fieldName, r.elem);
      if (r.elem !== ANY) return e;
      if (e === null) return NIL_IFACE;
      if (wrap) return new Iface(e);
      this.ifaceOut = true;
      return e;
    }
    if (r instanceof GoObject) {
      const method = r.method(fieldName) ?? (addr ? r.ptrMethod(fieldName) : undefined);
      if (method !== undefined) return this.callMethod(dot, method, fieldName, node, args, final);
      const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
      if (isNilPointer(r)) {
        // Only a field the element struct declares is reached through the nil pointer.
        if (r.hasField(fieldName))
          this.errorf(`nil pointer evaluating ${recvType(receiver, recvIface)}.${fieldName}`);
        this.errorf(`can't evaluate field ${fieldName} in type ${recvType(receiver, recvIface)}`);
      }
      const f = r.field(fieldName);
      if (f !== NO_FIELD) {
        if (!isExported(fieldName))
          this.errorf(`${fieldName} is an unexported field of struct type ${recvType(receiver, recvIface)}`);
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        // A field of a pointed-to or addressable struct is addressable.
        return f === null ? NIL_IFACE : addressable(f, addr || r.goKind === 'ptr');
      }
      if (r.goKind === 'map') {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        return this.missing(fieldName, ANY);
      }
    } else if (r instanceof GoList) {
      const method = methodOf(r, fieldName);
      if (method !== undefined) return this.callMethod(dot, method, fieldName, node, args, final);
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${recvType(receiver, recvIface)}`);
  }

  /** A method found by evalField, called with the field's arguments; its result as an interface. */
  private callMethod(
    dot: RValue,
    method: GoFunc,
    fieldName: string,
    node: Node,
    args: readonly ArgNode[] | null,
    final: Final,
  ): RValue {
    const v = this.evalCall(dot, fromGoFunc(method, fieldName), false, node, fieldName, args, final, true);
    this.ifaceOut = false;
    return v;
  }

  /** A map lookup that found nothing, as the missingkey option says. */
  private missing(key: string, elem: GoType): RValue {
    switch (this.missingKey) {
      case 'zero': {
        const z = zeroOf(elem);
        return elem === ANY ? NIL_IFACE : z === null ? NIL_IFACE : z;
      }
      case 'error':
        this.errorf(`map has no entry for key ${goQuote(key)}`);
      // eslint-disable-next-line no-fallthrough
      default:
        return INVALID;
    }
  }

  /** Calls a function or method; `args[0]` is the function's own node (as in Go). */
  private evalCall(
    dot: RValue,
    fn: Callable,
    isBuiltin: boolean,
    node: Node,
    name: string,
    args: readonly ArgNode[] | null,
    final: Final,
    wrap: boolean,
  ): RValue {
    // args[0] is the function's own node; the arguments follow it.
    const nargs = args === null ? 0 : args.length - 1;
    const hasFinal = final !== MISSING;
    const numIn = nargs + (hasFinal ? 1 : 0);
    let numFixed = nargs;
    if (fn.variadic !== undefined) {
      numFixed = fn.params.length;
      if (numIn < numFixed)
        this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${nargs}`);
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }
    if (fn.badSignature !== undefined) this.errorf(fn.badSignature);

    // and/or evaluate their arguments lazily and return one of them.
    if (isBuiltin && (name === 'and' || name === 'or')) {
      const want = name === 'or';
      let v: RValue = INVALID;
      for (let i = 1; i <= nargs; i++) {
        v = this.evalArg(dot, R, args![i]!);
        if (truth(v) === want) return v;
      }
      if (hasFinal) v = final as RValue;
      return v;
    }

    const argv: RValue[] = new Array<RValue>(numIn);
    let i = 0;
    for (; i < numFixed && i < nargs; i++) argv[i] = this.evalArg(dot, fn.params[i]!, args![i + 1]!);
    if (fn.variadic !== undefined)
      for (; i < nargs; i++) argv[i] = this.evalArg(dot, fn.variadic, args![i + 1]!);
    if (hasFinal) {
      let t: GoType;
      if (fn.variadic === undefined) t = fn.params[fn.params.length - 1]!;
      else t = numIn - 1 < numFixed ? fn.params[numIn - 1]! : fn.variadic;
      argv[i] = this.validateType(final as RValue, t);
    }

    try {
      if (isBuiltin && name === 'call') {
        const callee = nargs === 0 ? reflectString(final as RValue) : nodeString(args![1]!);
        return callFunction(callee, argv[0]!, argv.slice(1), (c, a) => c.call(a));
      }
      const g = fn.goFunc;
      if (g === undefined) return fn.call(argv);
      const r = callGo(g, argv as Value[]);
      // A nil result is a nil interface; other interface{} results are wrapped only on request.
      if (wrap || r === null || r === undefined) return goResult(g, r);
      return r;
    } catch (e) {
      if (e instanceof LimitError || isStackOverflow(e)) throw e;
      this.node = node;
      this.errorf(`error calling ${name}: ${errorText(e)}`, e);
    }
  }

  /** Go's validateType: the value must be valid (or nil-able) and assignable to the parameter. */
  private validateType(value: RValue, typ: GoType | null): RValue {
    if (value === INVALID) {
      if (typ === null || typ === R) return INVALID;
      if (isNilable(typ)) return zeroOf(typ);
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === R || typ === null) return value;
    if (typ === ANY) return toValue(value);
    if (value instanceof Addr) value = value.v;
    if (value instanceof Iface || value === null) {
      const v = value === null ? null : value.v;
      if (v !== null && assignableTo(v, typ)) return v;
      if (v === null) this.errorf(`wrong type for value; expected ${typ}; got interface {}`);
      value = v;
    }
    if (!assignableTo(value, typ)) {
      // One dereference: a *T argument for a T parameter.
      if (value instanceof GoObject && value.goKind === 'ptr' && value.goType === `*${typ}`) {
        const d = value.deref();
        if (d === null || (d === undefined && isNilPointer(value)))
          this.errorf(`dereference of nil pointer of type ${typ}`);
        if (d !== undefined) return d;
      }
      this.errorf(`wrong type for value; expected ${typ}; got ${staticType(value)}`);
    }
    return value;
  }

  /** Go's evalArg: evaluates an argument for a parameter of type `typ` (null: any, unchecked). */
  private evalArg(dot: RValue, typ: GoType | null, n: ArgNode): RValue {
    this.node = n;
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === R) return INVALID;
        if (typ !== null && isNilable(typ)) return zeroOf(typ);
        this.errorf(`cannot assign nil to ${typ}`);
      // Only reflect.Value parameters (and a chain's receiver) see an interface{} as such.
      // eslint-disable-next-line no-fallthrough
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, null, MISSING, typ === R || typ === null), typ);
      case 'variable':
        return this.validateType(
          this.evalVariableNode(dot, n, null, MISSING, typ === R || typ === null),
          typ,
        );
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING, typ === R || typ === null), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING, typ === R || typ === null), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'complex128':
      case 'complex64':
        if (n.type === 'number' && n.isComplex) return new GoComplex(n.complex.re, n.complex.im);
        this.errorf(`expected complex; found ${nodeString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'float64':
      case 'float32':
        if (n.type === 'number' && n.isFloat) return typ === 'float32' ? Math.fround(n.float64) : n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'int':
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        if (n.type === 'number' && n.isInt) return new GoInt(typ as IntKind, n.int64);
        this.errorf(`expected integer; found ${nodeString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
      case 'uintptr':
        if (n.type === 'number' && n.isUint) return new GoInt(typ as IntKind, n.uint64);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
      // eslint-disable-next-line no-fallthrough
      case ANY:
      case R:
        return this.evalEmptyInterface(n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ}`);
  }

  /** A literal for an interface{} parameter: bool, string, or the number's ideal type. */
  private evalEmptyInterface(n: ArgNode): RValue {
    this.node = n;
    switch (n.type) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }
}

/** Calls a Go function without spreading (arguments are few; spreading allocates). */
function callGo(g: GoFunc, a: Value[]): Value {
  const f = g.fn;
  switch (a.length) {
    case 0:
      return f();
    case 1:
      return f(a[0]!);
    case 2:
      return f(a[0]!, a[1]!);
    case 3:
      return f(a[0]!, a[1]!, a[2]!);
    default:
      return f(...a);
  }
}

const isRuneInt = (s: string): boolean => s.length > 0 && s[0] === "'";
const isHexInt = (s: string): boolean =>
  s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);

/** Map keys in Go's range order: bytewise for strings. */
function sortedKeys(m: GoMap): string[] {
  const keys = [...m.entries.keys()];
  // Without surrogates, UTF-16 order (the default sort) is UTF-8 byte order.
  for (const k of keys) if (/[\ud800-\udfff]/.test(k)) return keys.sort(compareGoStrings);
  return keys.sort();
}

/** The receiver's type for evalField's errors: interface {} when it came from one. */
const recvType = (receiver: RValue, recvIface: boolean): GoType => (recvIface ? ANY : staticType(receiver));

/** Go's token.IsExported: the name starts with an upper-case letter. */
// ASCII names (nearly all) are decided without the Unicode regular expression.
function isExported(name: string): boolean {
  const c = name.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return /^\p{Lu}/u.test(name);
}

/** The JS stack ran out (deep include nesting): not a function's error, so never wrapped. */
// No regular expression here: compiling one can itself fail when the stack is nearly full.
// Functions may wrap the overflow (tpl does), so the cause chain is followed.
function isStackOverflow(e: unknown): boolean {
  for (let i = 0; i < 10000 && e instanceof Error; i++, e = e.cause) {
    if (e instanceof RangeError && e.message.startsWith('Maximum call stack')) return true;
  }
  return false;
}

/** The text of a thrown value, as Go's safeCall turns a panic into an error. */
function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** reflect.Value.String() for the `call` builtin's callee name when it came from a pipe. */
function reflectString(v: RValue): string {
  const c = concrete(v);
  if (typeof c === 'string') return c;
  if (c === INVALID) return '<invalid Value>';
  return `<${staticType(c)} Value>`;
}
