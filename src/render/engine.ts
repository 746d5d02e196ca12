// Helm's rendering engine (pkg/engine/engine.go): every template of a chart and its enabled
// subcharts parsed into one set, executed file by file with scoped values, `<no value>` removed,
// errors reformatted as Helm 4 prints them.
import type { Chart } from '../chart/chart.js';
import { metadataAsMap } from '../chart/metadata-map.js';
import { helmFuncMap, type HelmFuncOptions } from '../funcs/helm.js';
import { goSplitN } from '../funcs/strings.js';
import { ExecError, Template } from '../template/index.js';
import { BUILTIN_NAMES } from '../template/builtins.js';
import { isEmptyTree, type Tree } from '../template/parse/node.js';
import { parse as parseTemplate, type FuncNames } from '../template/parse/parse.js';
import { GoFunc, GoMap, utf8DecodeText, type FuncMap, type Value } from '../go/value.js';
import { table } from '../values/table.js';
import { commonValues } from '../values/common-values.js';
import { newFiles } from './files.js';
import { ParseCache } from './parse-cache.js';
import type { TreeStore } from './tree-store.js';

export interface RenderOptions extends HelmFuncOptions {
  /** missingkey=error instead of zero (the SDK's Engine.Strict). */
  strict?: boolean;
  /** lint mode: `required` and `fail` only warn. */
  lintMode?: boolean;
  /** functions that override Helm's (the SDK's CustomTemplateFuncs). */
  customFuncs?: FuncMap;
  /** limits for untrusted templates. */
  limits?: { maxOutputBytes?: number; timeoutMs?: number };
  /** Called with the template set once every file is parsed, before any runs (error reports trace with it). */
  afterParse?: (t: Template) => void;
  /** Parsed trees a prepared chart keeps across renders (release/prepared.ts), instead of ParseCache. */
  trees?: TreeStore;
}

interface Renderable {
  tpl: string;
  vals: GoMap;
  basePath: string;
}

const RECURSION_MAX = 1000;
const WARN_START = 'HELM_ERR_START';
const WARN_END = 'HELM_ERR_END';
const WARN_RE = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

const str = (s: string): Value => s;

/** Render: template path → rendered text, for every non-partial template. */
export function render(chart: Chart, topValues: GoMap, opts: RenderOptions = {}): Map<string, string> {
  const tpls = new Map<string, Renderable>();
  recAllTpls(chart, tpls, topValues, opts.trees);
  return renderTemplates(tpls, opts);
}

function recAllTpls(c: Chart, templates: Map<string, Renderable>, values: GoMap, store?: TreeStore): GoMap {
  const subCharts = new GoMap();
  const meta = metadataAsMap(c.metadata);
  meta.entries.set('IsRoot', c.isRoot());
  // The data each template gets: a common.Values (renderable.vals), so `.YAML`, `.AsMap`… work on `.`.
  const next = commonValues(
    new Map<string, Value>([
      ['Chart', meta],
      ['Files', newFiles(c.files)],
      ['Release', values.get('Release') ?? null],
      ['Capabilities', values.get('Capabilities') ?? null],
      ['Values', valuesMap(new Map())],
      ['Subcharts', subCharts],
    ]),
  );
  if (c.isRoot()) next.entries.set('Values', values.get('Values') ?? null);
  else {
    try {
      const vs = table(values, `Values.${c.name}`);
      next.entries.set('Values', valuesMap(vs.entries));
    } catch {
      // Helm keeps the empty Values when the parent has no table for this chart.
    }
  }
  // Helm returns each child's data as a plain map[string]interface{} (no Values methods); it is
  // the same map the child's templates get, so later changes (.Template) show through.
  for (const child of c.dependencies) {
    const sub = recAllTpls(child, templates, next, store);
    subCharts.entries.set(child.name, new GoMap(sub.entries));
  }
  const parentID = c.fullPath();
  for (const t of c.templates) {
    if (c.isLibrary() && !baseName(t.name).startsWith('_')) continue;
    templates.set(`${parentID}/${t.name}`, {
      tpl: store ? store.text(t.data) : utf8DecodeText(t.data),
      vals: next,
      basePath: `${parentID}/templates`,
    });
  }
  return next;
}

/** A `common.Values` map, the named type Helm gives every `.Values`, with its methods. */
export function valuesMap(entries: Map<string, Value>): GoMap {
  return commonValues(entries);
}

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const depth = (p: string): number => p.split('/').length - 1;

/** Helm's parse order: deeper paths first, then reverse lexical (so parents and lexically first files win). */
export function sortTemplates(names: Iterable<string>): string[] {
  // Depths counted once per name, not per comparison.
  const byDepth = [...names].map((name) => ({ name, d: depth(name) }));
  byDepth.sort((a, b) => (a.d !== b.d ? b.d - a.d : a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return byDepth.map((x) => x.name);
}

/** An empty template set named `gotpl` with Helm's options and functions bound to it. */
export function newHelmTemplate(opts: RenderOptions = {}): Template {
  return newSet(opts, { opts });
}

function newSet(opts: RenderOptions, ctx: RenderCtx): Template {
  const t = new Template('gotpl', { limits: opts.limits });
  t.option(opts.strict ? 'missingkey=error' : 'missingkey=zero');
  initFuncMap(t, opts, ctx);
  return t;
}

/**
 * The parsed root set a prepared chart keeps from one render for the next (tree-store.ts holds
 * it): a render of the same files with options of the same shape runs in it again instead of
 * building ~250 functions and 361 templates (kube-prometheus-stack) anew. Nothing a render does
 * stays in it: executions never change a set (tpl parses into clones), include's recursion
 * counts return to zero however an execution ends, and what differs between such renders (the
 * warn callback of required and fail) is read from `ctx` at call time.
 */
export interface KeptSet {
  /** The files as recAllTpls listed them: name, text. */
  files: [string, string][];
  /** Their names in parse and execution order. */
  keys: string[];
  t: Template;
  shape: SetShape;
  ctx: RenderCtx;
  /** Running a render: a render started meanwhile (from a callback) builds its own set. */
  busy: boolean;
}

interface RenderCtx {
  opts: RenderOptions;
}

/** The options a set's functions and parse depend on (compared by identity). */
type SetShape = Pick<
  RenderOptions,
  'strict' | 'lintMode' | 'customFuncs' | 'limits' | 'funcEnv' | 'enableDns' | 'lookup' | 'resolveHost'
>;

const shapeOf = (o: RenderOptions): SetShape => ({
  strict: o.strict ?? false,
  lintMode: o.lintMode ?? false,
  customFuncs: o.customFuncs,
  limits: o.limits,
  funcEnv: o.funcEnv,
  enableDns: o.enableDns ?? false,
  lookup: o.lookup,
  resolveHost: o.resolveHost,
});

const sameShape = (a: SetShape, b: SetShape): boolean =>
  a.strict === b.strict &&
  a.lintMode === b.lintMode &&
  a.customFuncs === b.customFuncs &&
  a.limits === b.limits &&
  a.funcEnv === b.funcEnv &&
  a.enableDns === b.enableDns &&
  a.lookup === b.lookup &&
  a.resolveHost === b.resolveHost;

/** Whether the render's files are the kept set's, in the same order (texts are the store's strings). */
function sameFiles(kept: readonly [string, string][], tpls: Map<string, Renderable>): boolean {
  if (kept.length !== tpls.size) return false;
  // Values, then keys: no [key, value] pair per file.
  let i = 0;
  for (const r of tpls.values()) if (kept[i++]![1] !== r.tpl) return false;
  i = 0;
  for (const name of tpls.keys()) if (kept[i++]![0] !== name) return false;
  return true;
}

function renderTemplates(tpls: Map<string, Renderable>, opts: RenderOptions): Map<string, string> {
  const store = opts.trees;
  const shape = shapeOf(opts);
  let kept = store?.kept;
  if (kept !== undefined && !kept.busy && sameShape(kept.shape, shape) && sameFiles(kept.files, tpls)) {
    kept.ctx.opts = opts;
    opts.afterParse?.(kept.t);
  } else {
    const ctx: RenderCtx = { opts };
    const t = newSet(opts, ctx);
    const keys = parseAll(t, tpls, opts);
    opts.afterParse?.(t);
    if (store === undefined || store.kept?.busy === true) return executeAll(t, keys, tpls);
    kept = { files: [...tpls].map(([n, r]) => [n, r.tpl]), keys, t, shape, ctx, busy: false };
    store.kept = kept;
  }
  kept.busy = true;
  try {
    return executeAll(kept.t, kept.keys, tpls);
  } finally {
    kept.busy = false;
  }
}

/** Every file parsed into `t` (from the tree store or parse cache when they have it): the names in order. */
function parseAll(t: Template, tpls: Map<string, Renderable>, opts: RenderOptions): string[] {
  const keys = sortTemplates(tpls.keys());
  const funcs = t.funcNames();
  const [leftDelim, rightDelim] = t.delimiters;
  const files = keys.map((k): [string, string] => [k, tpls.get(k)!.tpl]);
  const lex = { leftDelim, rightDelim, funcs };
  const cache = opts.trees ? opts.trees.open(files, lex) : ParseCache.open(files, lex, process.env);
  for (let i = 0; i < files.length; i++) {
    const [filename, text] = files[i]!;
    const nt = t.new(filename);
    const cached = cache?.get(i, text, funcs);
    if (cached !== undefined) {
      nt.addTrees(cached);
      continue;
    }
    try {
      const trees = nt.parseTrees(text);
      nt.addTrees(trees);
      cache?.record(i, trees, text);
    } catch (err) {
      throw cleanupParseError(filename, err);
    }
  }
  cache?.save();
  SEALED.add(t);
  return keys;
}

function executeAll(
  t: Template,
  keys: readonly string[],
  tpls: Map<string, Renderable>,
): Map<string, string> {
  const rendered = new Map<string, string>();
  for (const filename of keys) {
    if (baseName(filename).startsWith('_')) continue;
    const r = tpls.get(filename)!;
    r.vals.entries.set(
      'Template',
      valuesMap(
        new Map([
          ['Name', str(filename)],
          ['BasePath', str(r.basePath)],
        ]),
      ),
    );
    let out: string;
    try {
      out = t.executeTemplate(filename, r.vals);
    } catch (err) {
      throw reformatExecError(filename, err);
    }
    rendered.set(filename, out.replaceAll('<no value>', ''));
  }
  return rendered;
}

const sig = (params: string[], results: string[], returnsError = false) => ({
  params,
  results,
  returnsError,
});

function includeFunc(t: Template, included: Map<string, number>): GoFunc {
  return new GoFunc('include', sig(['string', 'interface {}'], ['string'], true), (name, data) => {
    const n = name as string;
    const count = included.get(n);
    if (count !== undefined) {
      if (count > RECURSION_MAX) {
        throw new Error(`rendering template has a nested reference name: ${n}: unable to execute template`);
      }
      included.set(n, count + 1);
    } else included.set(n, 1);
    try {
      return t.executeTemplate(n, data);
    } finally {
      included.set(n, included.get(n)! - 1);
    }
  });
}

/**
 * Root sets whose parsing is complete (renderTemplates): only these reuse a clone across tpl
 * calls, since a set that may still grow would leave the reused clone out of date.
 */
const SEALED = new WeakSet<Template>();

/**
 * What every tpl call of one render shares: the parsed trees of each tpl text by content
 * (null when it does not parse here; the call then parses as Helm does, for Helm's error).
 * Every set of a render has the same functions and Helm's default delimiters, so a text
 * always parses to the same trees; the executor never changes a tree, so sets share them.
 */
interface TplShared {
  /** template name → text → trees (keyed by the text itself: V8 keeps a string's hash) */
  cache: Map<string, Map<string, Map<string, Tree> | null>>;
  funcNames: FuncNames;
}

function parsedTpl(shared: TplShared, name: string, text: string): Map<string, Tree> | null {
  let byText = shared.cache.get(name);
  if (byText === undefined) shared.cache.set(name, (byText = new Map()));
  let trees = byText.get(text);
  if (trees === undefined) {
    try {
      trees = parseTemplate(name, text, { funcs: [shared.funcNames, BUILTIN_NAMES] });
    } catch {
      trees = null;
    }
    byText.set(text, trees);
  }
  return trees;
}

/**
 * Helm's tplFun: clones the set, binds include and tpl to the clone, parses the text into it
 * under the parent's name and runs it, so the text's own defines stay private to the call.
 * Cloning the whole set per call makes tpl cost grow with the chart (quadratic in an umbrella
 * chart), so a text that defines nothing runs in one clone kept for the set and reused: each
 * call re-installs its tree under the parent's name, leaving that clone as a fresh one would be
 * (a text with defines, or an empty one, which would not replace the name, still gets its own).
 */
function tplFunc(
  parent: Template,
  included: Map<string, number>,
  strict: boolean,
  shared: TplShared,
  sealed: () => boolean,
): GoFunc {
  let reused: Template | undefined;
  const bind = (t: Template): Template => {
    t.option(strict ? 'missingkey=error' : 'missingkey=zero');
    t.funcs(
      new Map([
        ['include', includeFunc(t, included)],
        ['tpl', tplFunc(t, included, strict, shared, () => true)],
      ]),
    );
    return t;
  };
  return new GoFunc('tpl', sig(['string', 'interface {}'], ['string'], true), (tplText, vals) => {
    const text = tplText as string;
    const name = parent.name;
    const trees = parsedTpl(shared, name, text);
    let child: Template;
    const only = trees?.size === 1 ? trees.get(name) : undefined;
    if (only !== undefined && !isEmptyTree(only.root) && sealed()) {
      reused ??= bind(parent.clone());
      child = reused.new(name).addParseTree(name, only);
    } else {
      const t = bind(parent.clone());
      if (trees) {
        child = t.new(name);
        for (const [n, tree] of trees) child.addParseTree(n, tree);
      } else {
        try {
          child = t.new(name).parse(text);
        } catch (err) {
          throw new Error(`cannot parse template ${goQuote(text)}: ${(err as Error).message}`, {
            cause: err,
          });
        }
      }
    }
    let out: string;
    try {
      out = child.execute(vals);
    } catch (err) {
      throw new Error(`error during tpl function execution for ${goQuote(text)}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return out.replaceAll('<no value>', '');
  });
}

/** `ctx.opts`: the running render's options (lintMode, warn), read when required or fail runs. */
function initFuncMap(t: Template, opts: RenderOptions, ctx: RenderCtx): void {
  const funcs = new Map(helmFuncMap(opts));
  const included = new Map<string, number>();
  funcs.set('include', includeFunc(t, included));
  funcs.set(
    'tpl',
    tplFunc(t, included, opts.strict ?? false, { cache: new Map(), funcNames: funcs }, () => SEALED.has(t)),
  );
  funcs.set(
    'required',
    new GoFunc('required', sig(['string', 'interface {}'], ['interface {}'], true), (warn, val) => {
      if (val === null || val === '') {
        if (ctx.opts.lintMode) {
          ctx.opts.warn?.(`missing required value: ${warn as string}`);
          return '';
        }
        throw new Error(WARN_START + (warn as string) + WARN_END);
      }
      return val;
    }),
  );
  funcs.set(
    'fail',
    new GoFunc('fail', sig(['string'], ['string'], true), (msg) => {
      if (ctx.opts.lintMode) {
        ctx.opts.warn?.(`funcMap fail: ${msg as string}`);
        return '';
      }
      throw new Error(WARN_START + (msg as string) + WARN_END);
    }),
  );
  for (const [k, v] of opts.customFuncs ?? []) funcs.set(k, v);
  t.funcs(funcs);
}

/** Go's %q for the strings Helm quotes in its errors. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (m, h: string) => {
    const c = parseInt(h, 16);
    return c < 0x20 || c === 0x7f ? `\\x${h.slice(2)}` : m;
  });
}

/** A rendering failure, with Helm's text. */
export class RenderError extends Error {
  override name = 'RenderError';
}

export function cleanupParseError(filename: string, err: unknown): Error {
  if (!(err instanceof Error)) return new RenderError(String(err));
  const tokens = err.message.split(': ');
  if (tokens.length === 1) return new RenderError(`parse error in (${filename}): ${err.message}`);
  return new RenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
}

interface Traceable {
  location: string;
  message: string;
  executedFunction: string;
}

function traceString(t: Traceable): string {
  let s = '';
  if (t.location !== '') s += `${t.location}\n  `;
  if (t.executedFunction !== '') s += `${t.executedFunction}\n    `;
  if (t.message !== '') s += `${t.message}\n`;
  return s;
}

function parseExecErrorString(s: string): Traceable | undefined {
  const prefix = 'template: ';
  if (!s.startsWith(prefix)) return undefined;
  const rest = s.slice(prefix.length);
  if (rest.startsWith('no template ')) return { location: '', message: s, executedFunction: '' };
  const execIdx = rest.indexOf(': executing ');
  if (execIdx >= 0) {
    const templateName = rest.slice(0, execIdx);
    const after = rest.slice(execIdx + ': executing '.length);
    if (after.length > 0 && after[0] === '"') {
      const endQuote = after.indexOf('"', 1);
      if (endQuote >= 0) {
        const functionName = after.slice(1, endQuote);
        const afterFunc = after.slice(endQuote + 1);
        if (afterFunc.startsWith(' at <')) {
          const afterAt = afterFunc.slice(' at <'.length);
          const cut = afterAt.indexOf('>: ');
          if (cut >= 0) {
            const locationName = afterAt.slice(0, cut);
            let errMsg = afterAt.slice(cut + 3);
            const tcut = errMsg.indexOf(' template:');
            if (tcut >= 0) errMsg = errMsg.slice(0, tcut);
            return {
              location: templateName,
              message: errMsg,
              executedFunction: `executing "${functionName}" at <${locationName}>:`,
            };
          }
        }
      }
    }
    return undefined;
  }
  const sep = rest.lastIndexOf(': ');
  if (sep >= 0) {
    let errMsg = rest.slice(sep + 2);
    const tcut = errMsg.indexOf(' template:');
    if (tcut >= 0) errMsg = errMsg.slice(0, tcut);
    return { location: rest.slice(0, sep), message: errMsg, executedFunction: '' };
  }
  return undefined;
}

/** The chain of error texts Go's errors.Unwrap would walk for an execution error. */
function errorChain(err: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = err;
  while (cur instanceof Error) {
    out.push(cur.message);
    cur = cur.cause;
  }
  if (cur !== undefined && !(cur instanceof Error)) out.push(String(cur));
  return out;
}

/** Helm 4's reformatExecErrorMsg: required/fail messages and the multi-line trace. */
export function reformatExecError(filename: string, err: unknown): Error {
  if (!(err instanceof ExecError)) {
    return err instanceof Error ? err : new RenderError(String(err));
  }
  const msg = err.message;
  const tokens = goSplitN(msg, ': ', 3);
  if (tokens.length !== 3) return new RenderError(`execution error in (${filename}): ${msg}`);
  const location = tokens[1]!;
  const parts = WARN_RE.exec(tokens[2]!);
  if (parts) return new RenderError(`execution error at (${location}): ${parts[1]}`);
  const traces: Traceable[] = [];
  for (const text of errorChain(err)) {
    const tr = parseExecErrorString(text);
    if (!tr) return new RenderError(msg);
    const last = traces[traces.length - 1];
    if (
      !last ||
      last.location !== tr.location ||
      last.message !== tr.message ||
      last.executedFunction !== tr.executedFunction
    ) {
      traces.push(tr);
    }
  }
  return new RenderError(traces.map(traceString).join('').trim());
}
