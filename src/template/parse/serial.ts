// Parse trees to JSON text and back, for a cache of parsed templates: reading a tree back with
// JSON.parse is several times faster than lexing and parsing its text in a cold process. Only
// trees of a parse that succeeded are written, so a tree read back is what parse() would return
// for the same text, name, delimiters and mode; errors always come from a real parse.
//
// Text nodes are stored as their position and length in the source (they are slices of it);
// numbers as their literal and kind, rebuilt by newNumber (bigints and -0 do not survive JSON).

import type { FuncNames } from './parse.js';
import { newNumber, type NumberKind } from './number.js';
import type { ListNode, Node, NumberNode, ParseMode, Pos, TextNode, Tree } from './node.js';

/** Bumped whenever a node's shape or the cache file's layout changes (the build's id keys caches too). */
export const TREE_FORMAT = 3;

type Encoded = [name: string, root: unknown][];

const KINDS: readonly NumberKind[] = ['number', 'charConstant', 'complex'];

/**
 * A JSON.stringify replacer that stores text nodes as slices of `source` and numbers by literal
 * and kind; `bad()` tells afterwards whether some node did not round-trip.
 */
function replacerFor(source: string): {
  replacer: (this: unknown, k: string, v: unknown) => unknown;
  bad: () => boolean;
} {
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
  return { replacer, bad: () => !ok };
}

/**
 * The trees of one parse as JSON text; undefined when a node does not round-trip (a text node
 * that is not a slice of the source, a number whose kind its literal does not tell).
 */
export function encodeTrees(trees: Map<string, Tree>, source: string): string | undefined {
  const { replacer, bad } = replacerFor(source);
  const out: Encoded = [];
  for (const [name, tree] of trees) {
    if (tree.text !== source) return undefined;
    out.push([name, tree.root]);
  }
  const json = JSON.stringify(out, replacer);
  return bad() ? undefined : json;
}

const NON_ASCII_G = /[\u0080-\uffff]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON text with every character past ASCII escaped (JSON.parse reads it back the same). */
export const asciiJson = (v: unknown): string => JSON.stringify(v).replace(NON_ASCII_G, escapeChar);

/**
 * A branch body (if/range/with list) whose JSON is at least this long is kept apart (see
 * encodeRoot): 128 rather than 512 decodes less of what never runs (paired CPU, kube-prometheus-stack
 * and argo-cd: 0.97-0.98x with the swap in ApartList; 32 or 0 measured the same as 128).
 */
const APART_MIN = 128;

/**
 * One tree's root as JSON text for decodeRoot: `root`, and `apart`, where every large branch body
 * (the list or else list of an if, range or with) is written on its own and named in its place
 * by a stub `{"type":"list","pos":…,"apart":[offset,length]}`, so that a body is decoded only if
 * it runs: most of a chart's text sits in branches its values leave off. Undefined when a node
 * does not round-trip.
 */
export function encodeRoot(tree: Tree, source: string): { root: string; apart: string } | undefined {
  if (tree.text !== source) return undefined;
  const { replacer, bad } = replacerFor(source);
  const apart: string[] = [];
  let apartLen = 0;
  const list = (l: ListNode): string =>
    `{"type":"list","pos":${l.pos},"nodes":[${l.nodes.map(node).join(',')}]}`;
  const body = (l: ListNode): string => {
    const text = list(l);
    if (text.length < APART_MIN) return text;
    const at = apartLen;
    apart.push(text);
    apartLen += text.length;
    return `{"type":"list","pos":${l.pos},"apart":[${at},${text.length}]}`;
  };
  // ASCII only (see asciiJson), so the offsets hold in a file read back as latin1.
  const json = (v: unknown): string => JSON.stringify(v, replacer).replace(NON_ASCII_G, escapeChar);
  const node = (n: Node): string => {
    if (n.type !== 'if' && n.type !== 'range' && n.type !== 'with') return json(n);
    const { list: l, elseList, ...rest } = n;
    const head = json(rest);
    return `${head.slice(0, -1)},"list":${body(l)},"elseList":${elseList === null ? 'null' : body(elseList)}}`;
  };
  const root = list(tree.root);
  return bad() ? undefined : { root, apart: apart.join('') };
}

/** Where a tree's bodies kept apart are, and how to get a body when its JSON does not decode. */
export interface ApartBodies {
  /** The text holding the bodies, and where they start in it. */
  data: string;
  at: number;
  /** The body at this path from the root (list index, then 0 for list or 1 for else list, ...), parsed again. */
  reparse(path: readonly number[]): Node[];
}

/**
 * A root from encodeRoot's `root` text, for `source`; its bodies kept apart are decoded from
 * `apart` when first used. Throws when the text is not what encodeRoot writes or, given
 * `funcs`, when it calls a function they lack.
 */
export function decodeRoot(
  json: string,
  source: string,
  funcs: readonly FuncNames[] | undefined,
  apart?: ApartBodies,
): ListNode {
  const root = raw(JSON.parse(json));
  new Reviver(source, funcs, apart, []).list(root);
  return root as unknown as ListNode;
}

/**
 * A branch body read back from the cache, decoded when the executor (or anything else) first
 * looks at its nodes. A body that does not decode (a damaged file) is parsed again. Once decoded,
 * its branch node gets a plain list in its place: later runs of the body (every turn of a range)
 * read a data property, not this getter.
 */
class ApartList implements ListNode {
  readonly type = 'list';
  private decoded: Node[] | undefined;

  constructor(
    public pos: Pos,
    private readonly reviver: Reviver,
    private readonly apart: ApartBodies,
    private readonly at: number,
    private readonly len: number,
    private readonly path: readonly number[],
    /** The branch node holding this body, and under which key. */
    private readonly owner: Raw,
    private readonly key: 'list' | 'elseList',
  ) {}

  get nodes(): Node[] {
    if (this.decoded !== undefined) return this.decoded;
    const start = this.apart.at + this.at;
    let list: Raw;
    try {
      list = raw(JSON.parse(this.apart.data.slice(start, start + this.len)));
      this.reviver.under(this.path).list(list);
    } catch {
      list = { type: 'list', pos: this.pos, nodes: this.apart.reparse(this.path) };
    }
    this.decoded = list.nodes as Node[];
    this.owner[this.key] = list;
    return this.decoded;
  }

  set nodes(nodes: Node[]) {
    this.decoded = nodes;
  }
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
    const reviver = new Reviver(source, mode.skipFuncCheck ? undefined : funcs, undefined, []);
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
    /** Where bodies kept apart are (encodeRoot), if any. */
    private readonly apart: ApartBodies | undefined,
    /** The path from the tree's root to the list being read (for a body kept apart). */
    private readonly path: number[],
  ) {}

  /** A reviver for the bodies under a list at `path`. */
  under(path: readonly number[]): Reviver {
    return new Reviver(this.source, this.funcs, this.apart, [...path]);
  }

  list(n: Raw): void {
    if (n.type !== 'list') throw new Undefined();
    const nodes = rawList(n.nodes);
    const path = this.path;
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
          path.push(i, 0);
          c.list = this.body(raw(c.list), c, 'list');
          if (c.elseList !== null) {
            path[path.length - 1] = 1;
            c.elseList = this.body(raw(c.elseList), c, 'elseList');
          }
          path.length -= 2;
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

  /** A branch body: read now, or (kept apart) when first used. */
  private body(l: Raw, owner: Raw, key: 'list' | 'elseList'): unknown {
    const at = l.apart;
    if (at === undefined) {
      this.list(l);
      return l;
    }
    const apart = this.apart;
    if (apart === undefined || !Array.isArray(at) || at.length !== 2) throw new Undefined();
    const [off, len] = at as unknown[];
    if (!Number.isSafeInteger(off) || !Number.isSafeInteger(len) || typeof l.pos !== 'number')
      throw new Undefined();
    return new ApartList(l.pos, this, apart, off as number, len as number, [...this.path], owner, key);
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
