// The first document of a text as the `yaml` package composes it (failsafe schema, source tokens
// kept). Its composer recurses once per nesting level and gives out long before go-yaml's 10000
// levels, so a deep document is composed in slices: every collection CHUNK levels below another
// is cut out of the CST, a plain scalar stands in for it, each slice is composed on its own, and
// the slices' nodes are put back in place of the stand-ins. Every node is still the package's
// own composition; only the recursion is bounded.
import { Composer, Parser, isMap, isPair, isScalar, isSeq, type CST, type Document, type Node } from 'yaml';

/** Nesting levels composed by one recursive run of the `yaml` package. */
export const CHUNK = 200;

const OPTIONS = {
  version: '1.1',
  schema: 'failsafe',
  uniqueKeys: false,
  strict: false,
  keepSourceTokens: true,
} as const;

type Token = CST.Token;
type Item = CST.CollectionItem;

const isCollection = (t: Token | undefined): t is CST.BlockMap | CST.BlockSequence | CST.FlowCollection =>
  t !== undefined && (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection');

/** Composes a stream's tokens with the package's composer; the first document or undefined. */
function composeFirst(tokens: Iterable<Token>): Document.Parsed | undefined {
  for (const doc of new Composer(OPTIONS).compose(tokens, true)) return doc;
  return undefined;
}

/**
 * The first document of `text`; `deep` says whether its nesting may pass CHUNK levels (then
 * it is composed in slices).
 */
export function composeFirstDocument(text: string, deep: boolean): Document.Parsed | undefined {
  const tokens = new Parser().parse(text);
  if (!deep) return composeFirst(tokens);
  // Directives (%TAG) apply to every slice: they go before each one.
  const head: Token[] = [];
  let docToken: CST.Document | undefined;
  const rest: Token[] = [];
  for (const t of tokens) {
    if (docToken === undefined && t.type === 'document') docToken = t;
    else if (docToken === undefined) head.push(t);
    else rest.push(t);
  }
  if (docToken === undefined) return composeFirst([...head, ...rest]);
  const slices = cut(docToken);
  const doc = composeFirst([...head, docToken, ...rest]);
  if (doc === undefined || slices.size === 0) return doc;
  // Slices are composed outermost first; each stand-in is replaced once its slice is composed.
  const pending: Node[] = [doc.contents as Node];
  while (pending.length > 0) {
    const root = pending.pop() as Node;
    replaceStandIns(root, slices, (standIn, original) => {
      const sliceDoc = composeFirst([
        ...head,
        { type: 'document', offset: original.offset, start: [], value: original, end: [] },
      ]);
      const node = (sliceDoc?.contents ?? null) as Node | null;
      if (sliceDoc !== undefined) {
        doc.errors.push(...sliceDoc.errors);
        doc.warnings.push(...sliceDoc.warnings);
      }
      if (node === null) return standIn;
      const s = standIn as Node & { anchor?: string; tag?: string };
      if (s.anchor !== undefined) node.anchor = s.anchor;
      if (s.tag !== undefined && s.tag !== 'tag:yaml.org,2002:str') node.tag = s.tag;
      pending.push(node);
      return node;
    });
  }
  return doc;
}

/**
 * Replaces, in the CST under `doc`, every collection whose depth is a positive multiple of
 * CHUNK by a plain scalar; returns stand-in token → original collection.
 */
function cut(doc: CST.Document): Map<Token, Token> {
  const slices = new Map<Token, Token>();
  const stack: [Token, number][] = [];
  if (isCollection(doc.value)) stack.push([doc.value, 1]);
  while (stack.length > 0) {
    const [t, depth] = stack.pop() as [Token, number];
    if (!isCollection(t)) continue;
    for (const item of t.items as Item[]) {
      for (const field of ['key', 'value'] as const) {
        const child = item[field];
        if (!isCollection(child ?? undefined)) continue;
        const c = child as Token;
        if ((depth + 1) % CHUNK === 0) {
          const standIn: CST.FlowScalar = {
            type: 'scalar',
            offset: c.offset,
            indent: 'indent' in c ? c.indent : 0,
            source: 'x',
            end: c.type === 'flow-collection' ? c.end.slice(1) : [],
          };
          slices.set(standIn, c);
          item[field] = standIn;
          stack.push([c, 0]);
        } else stack.push([c, depth + 1]);
      }
    }
  }
  return slices;
}

/** Finds the stand-in scalars under `root` (a slice) and puts `replace`'s node in their place. */
function replaceStandIns(
  root: Node,
  slices: Map<Token, Token>,
  replace: (standIn: Node, original: Token) => Node,
): void {
  const swap = (n: unknown): Node | undefined => {
    if (!isScalar(n)) return undefined;
    const original = slices.get((n as { srcToken?: Token }).srcToken as Token);
    return original === undefined ? undefined : replace(n, original);
  };
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!isMap(n) && !isSeq(n)) continue;
    const items = n.items as unknown[];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (isPair(it)) {
        const k = swap(it.key);
        if (k !== undefined) it.key = k;
        else stack.push(it.key);
        const v = swap(it.value);
        if (v !== undefined) it.value = v;
        else stack.push(it.value);
        continue;
      }
      const r = swap(it);
      if (r !== undefined) items[i] = r;
      else stack.push(it);
    }
  }
}
