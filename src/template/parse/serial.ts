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
    const check = mode.skipFuncCheck ? undefined : funcs;
    for (const entry of enc as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') return undefined;
      const [name, root] = entry as [string, Record<string, unknown>];
      if (typeof root !== 'object' || root === null || root.type !== 'list') return undefined;
      revive(root, source, check);
      trees.set(name, { name, parseName, root: root as unknown as ListNode, text: source, mode });
    }
  } catch {
    return undefined; // Undefined, or an entry this code did not write: parse the text
  }
  return trees;
}

/** Restores text and number nodes in place and checks function names, depth first. */
function revive(o: Record<string, unknown>, source: string, funcs: readonly FuncNames[] | undefined): void {
  for (const k in o) {
    const v = o[k];
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'object' && x !== null)
          v[i] = reviveNode(x as Record<string, unknown>, source, funcs);
      }
    } else {
      o[k] = reviveNode(v as Record<string, unknown>, source, funcs);
    }
  }
}

function reviveNode(
  n: Record<string, unknown>,
  source: string,
  funcs: readonly FuncNames[] | undefined,
): unknown {
  switch (n.type) {
    case 'text': {
      const pos = n.pos as number;
      return { type: 'text', pos, text: source.slice(pos, pos + (n.n as number)) };
    }
    case 'number': {
      if (!KINDS.includes(n.k as NumberKind)) throw new Undefined();
      return newNumber(n.pos as number, n.text as string, n.k as NumberKind);
    }
    case 'identifier':
      if (funcs !== undefined && !funcs.some((f) => f.has(n.ident as string))) throw new Undefined();
      return n;
  }
  revive(n, source, funcs);
  return n;
}
