// A set of associated templates: Go's *template.Template (template.go, helper.go, option.go).
// Templates created with `new` share one set: its templates by name, its FuncMap, options
// and limits. Parsing replaces a template's tree unless the new body is empty.

import { BUILTIN_NAMES } from './builtins.js';
import { CowMap, type Copier } from './cow.js';
import { fromGoFunc, signatureProblem, type Callable } from '../go/callable.js';
import { ParseError, TemplateError } from './errors.js';
import {
  prepareExecution,
  stackLimit,
  type ExecOptions,
  type ExecSet,
  type ExecTemplate,
  type FuncLookup,
  type MissingKey,
} from './exec.js';
import { isEmptyParseTree, type Tree } from './parse/node.js';
import { parse, type FuncNames } from './parse/parse.js';
import { goQuote } from './parse/quote.js';
import type { FuncMap, Value } from '../go/value.js';

export interface TemplateLimits {
  /** Fail once an execution's output exceeds this many UTF-8 bytes. */
  maxOutputBytes?: number;
  /** Fail once an execution (including nested ones it starts) runs longer than this. */
  timeoutMs?: number;
}

export interface TemplateOptions {
  funcs?: FuncMap;
  missingKey?: MissingKey;
  limits?: TemplateLimits;
}

/** The state the templates of one set share (Go's `common`). */
class TemplateSet implements ExecSet, Copier<Template> {
  /** The templates by name; a clone's are copied in from its parent's as they are used. */
  readonly templates: CowMap<string, Template>;
  /** The FuncMap, adapted; its names are also what the parser checks function names against. */
  readonly fns: CowMap<string, Callable>;
  missingKey: MissingKey;
  limits: TemplateLimits;
  /** The running execution's deadline, shared with clones so nested include/tpl runs keep it. */
  budget: { deadline: number | undefined; depth: number };

  /** `parent`: the set this one is a clone of (Helm's tpl clones once per call: kept lean). */
  constructor(parent?: TemplateSet) {
    if (parent) {
      this.templates = parent.templates.fork(this);
      this.fns = parent.fns.fork();
      this.missingKey = parent.missingKey;
      this.limits = { ...parent.limits };
      this.budget = parent.budget;
    } else {
      this.templates = new CowMap(this);
      this.fns = new CowMap();
      this.missingKey = 'default';
      this.limits = {};
      this.budget = { deadline: undefined, depth: 0 };
    }
  }

  /** A template of another set as one of this set's (the templates map's Copier). */
  copy(t: Template): Template {
    return t.copyInto(this);
  }

  get funcs(): FuncLookup {
    return this.fns.lookup();
  }

  /** Starts an execution: the outermost one sets the deadline that nested ones share. */
  begin(): ExecOptions {
    const b = this.budget;
    if (b.depth === 0)
      b.deadline = this.limits.timeoutMs === undefined ? undefined : Date.now() + this.limits.timeoutMs;
    b.depth++;
    return { maxOutputBytes: this.limits.maxOutputBytes, deadline: b.deadline };
  }

  /** Adds functions (names already checked). */
  addFuncs(map: FuncMap): void {
    for (const [name, fn] of map) this.fns.set(name, fromGoFunc(fn, name));
  }
}

// Go's identifier rule. Function names are checked on every render (Sprig's ~200): ASCII ones
// take the plain regexp, as the Unicode one costs ~0.6 ms to make and compile per process.
const ASCII_IDENT = /^[A-Za-z_]\w*$/;
let ident: RegExp | undefined;
const isIdentifier = (name: string): boolean =>
  ASCII_IDENT.test(name) || (ident ??= /^[\p{L}_][\p{L}\p{Nd}_]*$/u).test(name);

const NO_OPTIONS: TemplateOptions = {};

export class Template implements ExecTemplate {
  readonly name: string;
  tree: Tree | null = null;
  private common: TemplateSet;
  private leftDelim = '';
  private rightDelim = '';

  /** `set`: the set a template of an existing set joins (new, clone); otherwise a new set. */
  constructor(name: string, opts: TemplateOptions = {}, set?: TemplateSet) {
    this.name = name;
    this.common = set ?? new TemplateSet();
    if (opts.funcs) this.funcs(opts.funcs);
    if (opts.missingKey) this.common.missingKey = opts.missingKey;
    if (opts.limits) this.common.limits = { ...opts.limits };
  }

  /** The shared set, as the executor sees it. */
  get set(): ExecSet {
    return this.common;
  }

  /** Go's Funcs: adds functions (before parsing). Throws Go's panic texts for bad names or signatures. */
  funcs(map: FuncMap): this {
    for (const [name, fn] of map) {
      if (!isIdentifier(name))
        throw new TemplateError(`function name ${goQuote(name)} is not a valid identifier`);
      const bad = signatureProblem(name, fn);
      if (bad !== undefined) throw new TemplateError(bad);
    }
    this.common.addFuncs(map);
    return this;
  }

  /** Go's Option: `missingkey=default|invalid|zero|error`; anything else throws Go's panic text. */
  option(...opts: string[]): this {
    for (const opt of opts) {
      if (opt === '') throw new TemplateError('empty option string');
      const eq = opt.indexOf('=');
      if (eq >= 0 && opt.slice(0, eq) === 'missingkey') {
        const v = opt.slice(eq + 1);
        if (v === 'invalid' || v === 'default' || v === 'zero' || v === 'error') {
          this.common.missingKey = v;
          continue;
        }
      }
      throw new TemplateError(`unrecognized option: ${opt}`);
    }
    return this;
  }

  /** Go's Delims: the action delimiters for later parses ('' means the default). */
  delims(left: string, right: string): this {
    this.common.templates.touch(this.name, this);
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  /** A new, undefined template in the same set (shares funcs, options and defines). */
  new(name: string): Template {
    const t = new Template(name, NO_OPTIONS, this.common);
    t.leftDelim = this.leftDelim;
    t.rightDelim = this.rightDelim;
    return t;
  }

  /** Go's Parse: adds the text's templates to the set; throws ParseError with Go's message. */
  parse(text: string): this {
    return this.addTrees(this.parseTrees(text));
  }

  /** The trees Parse would add for the text (Go's parse.Parse with this set's options). */
  parseTrees(text: string): Map<string, Tree> {
    try {
      return parse(this.name, text, {
        leftDelim: this.leftDelim,
        rightDelim: this.rightDelim,
        funcs: this.funcNames(),
      });
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      if (e instanceof Error && e.name === 'ParseError') throw new ParseError(e.message, { cause: e });
      throw e;
    }
  }

  /** Adds the trees of one parse, as Parse does after parsing. */
  addTrees(trees: Map<string, Tree>): this {
    for (const [name, tree] of trees) this.addParseTree(name, tree);
    return this;
  }

  /** The function tables the parser checks names against. */
  funcNames(): readonly FuncNames[] {
    return [this.common.fns, BUILTIN_NAMES];
  }

  /** The delimiters later parses use ('' is the default). */
  get delimiters(): [left: string, right: string] {
    return [this.leftDelim, this.rightDelim];
  }

  /** Go's AddParseTree: installs a tree under a name (an empty tree never replaces a defined one). */
  addParseTree(name: string, tree: Tree): Template {
    if (name === this.name) this.common.templates.touch(this.name, this);
    const nt = name === this.name ? this : this.new(name);
    if (this.associate(nt, tree) || nt.tree === null) nt.tree = tree;
    return nt;
  }

  private associate(nt: Template, tree: Tree): boolean {
    const old = this.common.templates.get(nt.name);
    if (old !== undefined && isEmptyParseTree(tree) && old.tree !== null) return false;
    this.common.templates.set(nt.name, nt);
    return true;
  }

  /**
   * Go's Execute. Throws ExecError with Go's exact text, or LimitError for our limits (a JS
   * stack overflow from deeply nested executions becomes one at the outermost execution).
   */
  execute(data: Value): string {
    const opts = this.common.begin();
    try {
      return prepareExecution(this, data ?? null, opts).run();
    } catch (e) {
      throw this.common.budget.depth === 1 ? stackLimit(this, e) : e;
    } finally {
      this.common.budget.depth--;
    }
  }

  /** Go's ExecuteTemplate: runs the named template of the set. */
  executeTemplate(name: string, data: Value): string {
    const t = this.lookup(name);
    if (t === undefined)
      throw new TemplateError(
        `template: no template ${goQuote(name)} associated with template ${goQuote(this.name)}`,
      );
    // Not via t.execute: nested includes recurse through here, and every JS frame counts.
    const opts = this.common.begin();
    try {
      return prepareExecution(t, data ?? null, opts).run();
    } catch (e) {
      throw this.common.budget.depth === 1 ? stackLimit(t, e) : e;
    } finally {
      this.common.budget.depth--;
    }
  }

  /** The template of this set with the given name, if it has been defined. */
  lookup(name: string): Template | undefined {
    return this.common.templates.get(name);
  }

  /** Go's Clone: a copy of the set; later parses in either do not affect the other. */
  clone(): Template {
    // The others are copied into the clone when it first looks them up.
    const c = new TemplateSet(this.common);
    const nt = this.copyInto(c);
    if (c.templates.has(this.name)) c.templates.set(this.name, nt);
    return nt;
  }

  /** This template as a member of another set (a clone's). */
  copyInto(c: TemplateSet): Template {
    const t = new Template(this.name, NO_OPTIONS, c);
    t.tree = this.tree;
    t.leftDelim = this.leftDelim;
    t.rightDelim = this.rightDelim;
    return t;
  }

  /** The set's templates. */
  templates(): Template[] {
    return [...this.common.templates.entries().values()];
  }

  /** Go's DefinedTemplates: `; defined templates are: "a", "b"` (sorted here; Go's order is random). */
  definedTemplates(): string {
    const names = [...this.common.templates.entries().values()]
      .filter((t) => t.tree !== null)
      .map((t) => t.name);
    if (names.length === 0) return '';
    return '; defined templates are: ' + names.sort().map(goQuote).join(', ');
  }

  /** The missingkey option in force. */
  get missingKey(): MissingKey {
    return this.common.missingKey;
  }
}
