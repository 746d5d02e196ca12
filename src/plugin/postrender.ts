// Helm 4's post-render data path (pkg/action/action.go annotateAndMerge / splitAndDeannotate):
// every rendered document gets a `postrenderer.helm.sh/postrender-filename` annotation, the
// documents are merged into one stream for the post-renderer, and its output is split back into
// files by that annotation. Helm does this with kustomize's kyaml, which re-writes each document
// with yaml.v3 (2-space indent, sequences not indented under keys, styles and comments kept);
// documents are re-written here the same way, plain scalars exactly as they were written.
import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  isPair,
  parseAllDocuments,
  Scalar,
  YAMLMap,
  type ScalarTag,
} from 'yaml';
import { stringifyString } from 'yaml/util';
import { splitManifests } from '../render/manifests.js';
import { readFirstDocument } from '../yaml/syntax.js';

export const FILENAME_ANNOTATION = 'postrenderer.helm.sh/postrender-filename';

/** The text of a plain scalar, written back as it was read. */
class PlainSource {
  constructor(readonly text: string) {}
}

const plainSourceTag: ScalarTag = {
  tag: 'tag:rudder:plain-source',
  default: true,
  identify: (v) => v instanceof PlainSource,
  resolve: (s) => s,
  stringify: (item) => ((item as Scalar).value as PlainSource).text,
};

/** The single-quoted text kyaml gives an annotation value it sets. */
class SingleQuoted {
  constructor(readonly text: string) {}
}
const singleQuotedTag: ScalarTag = {
  tag: 'tag:rudder:single-quoted',
  default: true,
  identify: (v) => v instanceof SingleQuoted,
  resolve: (s) => s,
  stringify: (item) => `'${((item as Scalar).value as SingleQuoted).text.replaceAll("'", "''")}'`,
};

/** Single-quoted text ending in a line break: yaml.v3 puts its closing quote at column 0. */
class SingleQuotedBreak {
  constructor(readonly text: string) {}
}
const singleQuotedBreakTag: ScalarTag = {
  tag: 'tag:rudder:single-quoted-break',
  default: true,
  identify: (v) => v instanceof SingleQuotedBreak,
  resolve: (s) => s,
  stringify: (item, ctx, onComment, onChompKeep) => {
    const s = new Scalar(((item as Scalar).value as SingleQuotedBreak).text);
    s.type = Scalar.QUOTE_SINGLE;
    return stringifyString(s, ctx, onComment, onChompKeep).replace(/\n[ \t]*'$/, "\n'");
  },
};

export class PostRenderError extends Error {
  override name = 'PostRenderError';
}

/** A block scalar's indicators, read where the scalar starts. */
const blockHeader = /[|>]([-+0-9]*)/y;

/** Parses one document as yaml.v3 would; undefined for an empty or null document. */
function parseDoc(text: string): Document | undefined {
  // yaml.v3's verdict and words first (go-yaml's parser with v3's line rule), then the yaml
  // package's for what that parser lets through.
  const syntax = readFirstDocument(text, 'v3').error;
  if (syntax !== undefined) throw new PostRenderError(`MalformedYAMLError: yaml: ${syntax}`);
  let doc = text;
  const parse = (t: string) => parseAllDocuments(t, { version: '1.1', uniqueKeys: false });
  let docs = parse(doc);
  if (Array.isArray(docs) && (docs[0]?.errors.length ?? 0) > 0 && /^'/m.test(doc)) {
    // yaml.v3 writes a single-quoted text that ends in a line break with its closing quote at
    // column 0 and reads that back; the yaml package does not. Indented past the line before it,
    // the quote ends the same text (folding drops a continuation line's leading spaces).
    const lines = doc.split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (!/^'(?:\s|$)/.test(lines[i]!)) continue;
      let j = i - 1;
      while (j > 0 && lines[j]!.trim() === '') j--;
      // Deeper than the line before (the key's own line when the text has one line).
      lines[i] = ' '.repeat(/^ */.exec(lines[j]!)![0].length + 2) + lines[i]!;
    }
    doc = lines.join('\n');
    docs = parse(doc);
  }
  if (!Array.isArray(docs)) return undefined;
  const d = docs[0];
  if (!d) return undefined;
  if (d.errors.length > 0)
    throw new PostRenderError(`MalformedYAMLError: ${d.errors[0]!.message.split('\n')[0]}`);
  if (d.contents === null) return undefined;
  if (isScalar(d.contents) && d.contents.value === null) return undefined;
  // Keep every plain scalar's text as written (yaml.v3 writes a node's value back unchanged),
  // drop blank lines between entries (yaml.v3 keeps none), and choose block or quoted styles
  // for multi-line strings as yaml.v3's emitter does.
  // One walk over the tree (yaml's visit() copies and freezes the path at every collection).
  const walk = (node: unknown): void => {
    if (isScalar(node)) return fixScalar(node);
    if (isMap(node) || isSeq(node)) {
      node.spaceBefore = false;
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          if (item.key && typeof item.key === 'object')
            (item.key as { spaceBefore?: boolean }).spaceBefore = false;
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    } else if (isAlias(node)) node.spaceBefore = false;
  };
  let docEnd: number | undefined;
  const fixScalar = (node: Scalar): void => {
    node.spaceBefore = false;
    const src = node.source;
    if (
      (node.type === Scalar.PLAIN || node.type === undefined) &&
      typeof src === 'string' &&
      !src.includes('\n')
    ) {
      node.value = new PlainSource(src);
      return;
    }
    const initial = node.value;
    if (typeof initial !== 'string') return;
    let value: string = initial;
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    if (block && node.range && value.endsWith('\n')) {
      // A clipped block scalar that ends the document without a line break has none.
      const [start, end] = node.range;
      blockHeader.lastIndex = start;
      const header = blockHeader.exec(doc)?.[1] ?? '';
      if (
        !header.includes('+') &&
        !header.includes('-') &&
        !(end > start && doc[end - 1] === '\n') &&
        end >= (docEnd ??= doc.trimEnd().length)
      )
        node.value = value = value.slice(0, -1);
    }
    if (value.includes('\n') || block) {
      // yaml.v3: no block style for text with a space before a line break, trailing spaces,
      // or special characters; then it is double-quoted.
      const v = value;
      const special = /[^\n\t\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|\ufeff/u.test(v);
      if (v === '' || / \n/.test(v) || / $/.test(v) || special) node.type = Scalar.QUOTE_DOUBLE;
      else if (
        node.type !== Scalar.BLOCK_FOLDED &&
        node.type !== Scalar.QUOTE_DOUBLE &&
        node.type !== Scalar.QUOTE_SINGLE
      )
        node.type = Scalar.BLOCK_LITERAL;
      if (node.type === Scalar.QUOTE_SINGLE && v.endsWith('\n')) node.value = new SingleQuotedBreak(v);
    }
  };
  walk(d.contents);
  d.schema.tags.unshift(plainSourceTag, singleQuotedTag, singleQuotedBreakTag);
  return d;
}

/** The string value of a scalar whatever its representation. */
function scalarText(v: unknown): string | undefined {
  if (!isScalar(v)) return undefined;
  const x = v.value;
  if (x instanceof PlainSource) return x.text;
  if (x instanceof SingleQuoted || x instanceof SingleQuotedBreak) return x.text;
  return x === null ? '' : String(x);
}

function mapGet(m: YAMLMap, key: string): { pair: (typeof m.items)[number]; index: number } | undefined {
  const index = m.items.findIndex((p) => scalarText(p.key) === key);
  return index < 0 ? undefined : { pair: m.items[index]!, index };
}

/** kyaml SetAnnotation: metadata.annotations[key] = value, created at the end when missing. */
function setAnnotation(d: Document, key: string, value: string): void {
  const root = d.contents;
  if (!isMap(root)) throw wrongNodeKind(root);
  let meta = mapGet(root, 'metadata')?.pair.value;
  if (!isMap(meta)) {
    meta = new YAMLMap(d.schema);
    root.items = root.items.filter((p) => scalarText(p.key) !== 'metadata');
    root.set(new Scalar(new PlainSource('metadata')), meta);
  }
  const m = meta as YAMLMap;
  let ann = mapGet(m, 'annotations')?.pair.value;
  // ClearEmptyAnnotations first: annotations without entries are dropped and made anew at the end.
  if (!isMap(ann) || ann.items.length === 0) {
    ann = new YAMLMap(d.schema);
    m.items = m.items.filter((p) => scalarText(p.key) !== 'annotations');
    m.set(new Scalar(new PlainSource('annotations')), ann);
  }
  const a = ann as YAMLMap;
  const existing = mapGet(a, key);
  const v = new Scalar(new SingleQuoted(value));
  if (existing) existing.pair.value = v;
  else a.items.push(d.createPair(new Scalar(new PlainSource(key)), v) as never);
}

/** The annotation's value, removed; empty annotations are removed too (ClearEmptyAnnotations). */
function takeAnnotation(d: Document, key: string): string {
  const root = d.contents;
  if (!isMap(root)) return '';
  const meta = mapGet(root, 'metadata')?.pair.value;
  if (!isMap(meta)) return '';
  const annEntry = mapGet(meta, 'annotations');
  const ann = annEntry?.pair.value;
  if (!isMap(ann)) return '';
  const found = mapGet(ann, key);
  let value = '';
  if (found) {
    value = scalarText(found.pair.value) ?? '';
    ann.items.splice(found.index, 1);
  }
  if (ann.items.length === 0) meta.items.splice(annEntry!.index, 1);
  return value;
}

/** yaml.v3's Encoder as kyaml configures it. */
function writeDoc(d: Document): string {
  const s = d.toString({
    indent: 2,
    indentSeq: false,
    lineWidth: 0,
    minContentWidth: 0,
    flowCollectionPadding: false,
    directives: false,
    doubleQuotedAsJSON: true,
  });
  return s;
}

/** kyaml's FieldClearer{IfEmpty}: the field goes when its value has no content (a scalar has none). */
function clearIfEmpty(m: YAMLMap, key: string): void {
  const e = mapGet(m, key);
  if (e === undefined) return;
  const v = e.pair.value;
  if ((isMap(v) || isSeq(v)) && v.items.length > 0) return;
  m.items.splice(e.index, 1);
}

/** kio.StringAll: documents separated by `---`, each written after ClearEmptyAnnotations. */
function stringAll(docs: Document[]): string {
  return docs.map(stringOne).join('---\n');
}

/** One document of kio.StringAll, written after ClearEmptyAnnotations. */
function stringOne(d: Document): string {
  const root = d.contents;
  if (isMap(root)) {
    const meta = mapGet(root, 'metadata')?.pair.value;
    if (isMap(meta)) clearIfEmpty(meta, 'annotations');
    clearIfEmpty(root, 'metadata');
  }
  return writeDoc(d);
}

const isPartial = (name: string): boolean => name.slice(name.lastIndexOf('/') + 1).startsWith('_');

/** annotateAndMerge: every document of every file, annotated with its file, in one stream. */
export function annotateAndMerge(files: Map<string, string>): string {
  const names = [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  // Each document is written as soon as it is annotated, so the parsed trees do not pile up;
  // a writer's failure still comes after every parse and annotation error, as in StringAll.
  const out: string[] = [];
  let writeError: { e: unknown } | undefined;
  for (const fname of names) {
    const content = files.get(fname)!;
    if (isPartial(fname) || content.trim() === '') continue;
    for (const doc of splitManifests(content)) {
      if (doc.trim() === '') continue;
      let parsed: Document[];
      try {
        parsed = readAll(doc);
      } catch (e) {
        throw new PostRenderError(`parsing ${fname}: ${(e as Error).message}`);
      }
      for (const d of parsed) {
        try {
          setAnnotation(d, FILENAME_ANNOTATION, fname);
        } catch (e) {
          throw new PostRenderError(`annotating ${fname}: ${(e as Error).message}`);
        }
        if (writeError !== undefined) continue;
        try {
          out.push(stringOne(d));
        } catch (e) {
          writeError = { e };
        }
      }
    }
  }
  if (writeError !== undefined) throw writeError.e;
  return out.join('---\n');
}

/** kio ByteReader: documents split at `\n---…\n` lines, each read as one document. */
function readAll(text: string): Document[] {
  const s = text.replaceAll('\r\n', '\n');
  const pieces: string[] = [];
  if (s.length > 0) {
    const re = /\n---.*\n/g;
    let prev = 0;
    for (const m of s.matchAll(re)) {
      const after = m[0].slice(4).trim();
      if (after.length > 0 && after[0] !== '#')
        throw new PostRenderError(`invalid document separator: ${m[0].trim()}`);
      pieces.push(s.slice(prev, m.index));
      prev = m.index + m[0].length;
    }
    pieces.push(s.slice(prev));
  }
  const out: Document[] = [];
  pieces.forEach((p, i) => {
    const d = parseDoc(i !== pieces.length - 1 ? `${p}\n` : p);
    if (!d) return;
    mappingRoot(d);
    const items = pieces.length === 1 ? listItems(d) : undefined;
    if (items === undefined) out.push(d);
    else for (const item of items) out.push(unwrapped(d, item));
  });
  return out;
}

/** Documents made from the items of a List: they carry none of the reader's annotations. */
const UNWRAPPED = new WeakSet<Document>();

function unwrapped(list: Document, item: unknown): Document {
  const d = new Document(null, { version: '1.1' });
  d.schema = list.schema;
  d.contents = item as Document['contents'];
  UNWRAPPED.add(d);
  return d;
}

/**
 * kio's ByteReader unwraps a stream that is one `List` or `ResourceList` with `items` (or
 * `functionConfig`): its items are the documents. Those of a mapping are its keys and values.
 */
function listItems(d: Document): unknown[] | undefined {
  const root = d.contents;
  if (!isMap(root)) return undefined;
  const kind = mapGet(root, 'kind')?.pair.value;
  const k = isScalar(kind) && kind.value !== null ? scalarText(kind) : undefined;
  if (k !== 'List' && k !== 'ResourceList') return undefined;
  const items = mapGet(root, 'items');
  if (items === undefined && mapGet(root, 'functionConfig') === undefined) return undefined;
  const v = items?.pair.value;
  if (isSeq(v)) {
    // A comment above the first item is yaml.v3's head comment of that item.
    const first = v.items[0];
    if (v.commentBefore && (isMap(first) || isSeq(first) || isScalar(first)))
      first.commentBefore = first.commentBefore
        ? `${v.commentBefore}\n${first.commentBefore}`
        : v.commentBefore;
    return [...v.items];
  }
  if (isMap(v)) return v.items.flatMap((p) => [p.key, p.value]);
  return [];
}

/** kyaml's GetMeta on a document without the reader's annotations: apiVersion, kind or metadata. */
function checkMeta(d: Document): void {
  const root = d.contents;
  const present = (k: string): boolean => {
    if (!isMap(root)) return false;
    const v = mapGet(root, k)?.pair.value;
    if (v === undefined || isNullNode(v)) return false;
    return !((isMap(v) || isSeq(v)) && v.items.length === 0);
  };
  if (!present('apiVersion') && !present('kind') && !present('metadata'))
    throw new PostRenderError('getting metadata: missing Resource metadata');
}

/**
 * kio's ByteReader reads each document's annotations: a list or scalar at the root fails with
 * kyaml's InvalidNodeKindError, the node written back by yaml.v3.
 */
function mappingRoot(d: Document): void {
  const root = d.contents;
  if (root === null) return;
  if (!isMap(root)) throw wrongNodeKind(root);
  // The reader looks up metadata.annotations (CopyLegacyAnnotations): metadata must be a mapping or null.
  const meta = mapGet(root, 'metadata')?.pair.value;
  if (meta !== undefined && !isMap(meta) && !isNullNode(meta)) throw wrongNodeKind(meta);
}

/** A null node as yaml.v3 tags it: `~`, `null`, `Null`, `NULL` or nothing, written plain. */
function isNullNode(v: unknown): boolean {
  if (v === null) return true;
  if (!isScalar(v)) return false;
  if (v.value === null) return true;
  return v.type === Scalar.PLAIN && /^(?:~|null|Null|NULL|)$/.test(scalarText(v) ?? '');
}

/** kyaml's InvalidNodeKindError for a node that should be a mapping, the node written back by yaml.v3. */
function wrongNodeKind(root: unknown): PostRenderError {
  const kind = isSeq(root) ? 'SequenceNode' : isAlias(root) ? 'AliasNode' : 'ScalarNode';
  if (isAlias(root))
    return new PostRenderError(
      `wrong node kind: expected MappingNode but got ${kind}: node contents:\n*${root.source}\n`,
    );
  const node = new Document(root, { version: '1.1' });
  node.schema.tags.unshift(plainSourceTag, singleQuotedTag, singleQuotedBreakTag);
  let text = writeDoc(node);
  // yaml.v3 indents a block scalar's lines even at the root, where the yaml package does not.
  if (isScalar(root) && (root.type === Scalar.BLOCK_LITERAL || root.type === Scalar.BLOCK_FOLDED))
    text = text.replace(/\n(?=[^\n])/g, '\n  ');
  return new PostRenderError(
    `wrong node kind: expected MappingNode but got ${kind}: node contents:\n${text}`,
  );
}

/** splitAndDeannotate: the post-renderer's output back into files. */
export function splitAndDeannotate(postRendered: string, fallbackPrefix: string): Map<string, string> {
  let docs: Document[];
  try {
    docs = readAll(postRendered);
  } catch (e) {
    throw new PostRenderError(`error parsing YAML: ${(e as Error).message}`);
  }
  const byName = new Map<string, Document[]>();
  docs.forEach((d, i) => {
    if (UNWRAPPED.has(d)) checkMeta(d);
    let fname = takeAnnotation(d, FILENAME_ANNOTATION);
    if (fname === '')
      fname =
        fallbackPrefix === ''
          ? `generated-by-postrender-${i}.yaml`
          : `generated-by-postrender-${fallbackPrefix}-${i}.yaml`;
    const list = byName.get(fname) ?? [];
    list.push(d);
    byName.set(fname, list);
  });
  const out = new Map<string, string>();
  for (const [k, v] of byName) out.set(k, stringAll(v));
  return out;
}
