// Parse trees to JSON text and back, for a cache of parsed templates: reading a tree back with
// JSON.parse is several times faster than lexing and parsing its text in a cold process. Only
// trees of a parse that succeeded are written, so a tree read back is what parse() would return
// for the same text, name, delimiters and mode; errors always come from a real parse.
//
// Text nodes are stored as their position and length in the source (they are slices of it);
// numbers as their literal and kind, rebuilt by newNumber (bigints and -0 do not survive JSON).

import type { FuncNames } from './parse.js';
import { newNumber, type NumberKind } from './number.js';
import type { ListNode, NumberNode, ParseMode, TextNode, Tree } from './node.js';

/** Bumped whenever a node's shape or the cache file's layout changes (the build's id keys caches too). */
export const TREE_FORMAT = 2;

type Encoded = [name: string, root: unknown][];

const KINDS: readonly NumberKind[] = ['number', 'charConstant', 'complex'];

/**
 * The trees of one parse as JSON text; undefined when a node does not round-trip (a text node
 * that is not a slice of the source, a number whose kind its literal does not tell).
 */
export function encodeTrees(trees: Map<string, Tree>, source: string): string | undefined {
  let ok = true;
  const replacer = function (this: unknown, _key: string, v: unknown): unknown {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const n = v as { type?: string };
    if (n.type === 'text') {
      const t = n as TextNode;
      if (source.slice(t.pos, t.pos + t.text.length) !== t.text) ok = false;
      return { type: 'text', pos: t.pos, n: t.text.length };
    }
    if (n.type === 'number') {
      const num = n as NumberNode;
      // The lexer's token kind is not kept in the node: the kind that rebuilds it equal is.
      const k = KINDS.find((kind) => {
        const back = tryNumber(num.pos, num.text, kind);
        return back !== undefined && sameNumber(back, num);
      });
      if (k === undefined) ok = false;
      return { type: 'number', pos: num.pos, text: num.text, k };
    }
    return v;
  };
  const out: Encoded = [];
  for (const [name, tree] of trees) {
    if (tree.text !== source) return undefined;
    out.push([name, tree.root]);
  }
  const json = JSON.stringify(out, replacer);
  return ok ? json : undefined;
}

function tryNumber(pos: number, text: string, kind: NumberKind): NumberNode | undefined {
  try {
    return newNumber(pos, text, kind);
  } catch {
    return undefined;
  }
}

function sameNumber(a: NumberNode, b: NumberNode): boolean {
  return (
    a.isInt === b.isInt &&
    a.isUint === b.isUint &&
    a.isFloat === b.isFloat &&
    a.isComplex === b.isComplex &&
    a.int64 === b.int64 &&
    a.uint64 === b.uint64 &&
    Object.is(a.float64, b.float64) &&
    Object.is(a.complex.re, b.complex.re) &&
    Object.is(a.complex.im, b.complex.im)
  );
}

/** A function the tables lack (the text must be parsed for Go's error), or a damaged entry. */
class Undefined extends Error {}

/**
 * Trees from encodeTrees' text (already through JSON.parse), for `source` parsed as `parseName`;
 * undefined when a called function is not defined in `funcs` (a real parse gives the error) or
 * the value is not what encodeTrees writes.
 */
export function decodeTrees(
  enc: unknown,
  parseName: string,
  source: string,
  funcs: readonly FuncNames[],
  mode: ParseMode = {},
): Map<string, Tree> | undefined {
  if (!Array.isArray(enc)) return undefined;
  const trees = new Map<string, Tree>();
  try {
    const reviver = new Reviver(source, mode.skipFuncCheck ? undefined : funcs);
    for (const entry of enc as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') return undefined;
      const [name, root] = entry as [string, Record<string, unknown>];
      if (typeof root !== 'object' || root === null || root.type !== 'list') return undefined;
      reviver.list(root);
      trees.set(name, { name, parseName, root: root as unknown as ListNode, text: source, mode });
    }
  } catch {
    return undefined; // Undefined, or an entry this code did not write: parse the text
  }
  return trees;
}

/** A node read back (JSON.parse gives plain objects: the fields are checked where used). */
type Raw = Record<string, unknown>;

const raw = (v: unknown): Raw => {
  if (typeof v !== 'object' || v === null) throw new Undefined();
  return v as Raw;
};
const rawList = (v: unknown): unknown[] => {
  if (!Array.isArray(v)) throw new Undefined();
  return v;
};

/**
 * Restores text and number nodes and checks function names, walking only the fields that hold
 * nodes (by type, not every key: a cold process reads hundreds of thousands of nodes).
 */
class Reviver {
  constructor(
    private readonly source: string,
    private readonly funcs: readonly FuncNames[] | undefined,
  ) {}

  list(n: Raw): void {
    if (n.type !== 'list') throw new Undefined();
    const nodes = rawList(n.nodes);
    for (let i = 0; i < nodes.length; i++) {
      const c = raw(nodes[i]);
      switch (c.type) {
        case 'text': {
          const pos = c.pos as number;
          nodes[i] = { type: 'text', pos, text: this.source.slice(pos, pos + (c.n as number)) };
          break;
        }
        case 'action':
          this.pipe(raw(c.pipe));
          break;
        case 'if':
        case 'range':
        case 'with':
          this.pipe(raw(c.pipe));
          this.list(raw(c.list));
          if (c.elseList !== null) this.list(raw(c.elseList));
          break;
        case 'template':
          if (c.pipe !== null) this.pipe(raw(c.pipe));
          break;
        case 'comment':
        case 'break':
        case 'continue':
          break;
        default:
          throw new Undefined();
      }
    }
  }

  private pipe(p: Raw): void {
    if (p.type !== 'pipe') throw new Undefined();
    const cmds = rawList(p.cmds);
    for (let i = 0; i < cmds.length; i++) {
      const args = rawList(raw(cmds[i]).args);
      for (let j = 0; j < args.length; j++) args[j] = this.arg(raw(args[j]));
    }
  }

  private arg(a: Raw): unknown {
    switch (a.type) {
      case 'number':
        return number(a.pos as number, a.text as string, a.k as NumberKind);
      case 'identifier': {
        const funcs = this.funcs;
        if (funcs !== undefined && !defined(funcs, a.ident as string)) throw new Undefined();
        return a;
      }
      case 'pipe':
        this.pipe(a);
        return a;
      case 'chain':
        a.node = this.arg(raw(a.node));
        return a;
    }
    return a;
  }
}

function defined(funcs: readonly FuncNames[], name: string): boolean {
  for (let i = 0; i < funcs.length; i++) if (funcs[i]!.has(name)) return true;
  return false;
}

/**
 * Number nodes by kind and literal: a chart repeats a few literals (indent widths, trunc 63)
 * thousands of times, and newNumber's bigints and checks cost a cold process more than a copy.
 */
const NUMBERS = new Map<string, NumberNode>();

function number(pos: number, text: string, kind: NumberKind): NumberNode {
  if (!KINDS.includes(kind) || typeof pos !== 'number' || typeof text !== 'string') throw new Undefined();
  const key = `${kind}:${text}`;
  const m = NUMBERS.get(key);
  if (m === undefined) {
    const n = newNumber(pos, text, kind);
    if (NUMBERS.size < 1024) NUMBERS.set(key, n);
    return n;
  }
  // The same literal shape newNumber builds (the executor sees one kind of number node).
  return {
    type: 'number',
    pos,
    isInt: m.isInt,
    isUint: m.isUint,
    isFloat: m.isFloat,
    isComplex: m.isComplex,
    int64: m.int64,
    uint64: m.uint64,
    float64: m.float64,
    complex: { re: m.complex.re, im: m.complex.im },
    text,
  };
}
