// Reading YAML as Helm does: sigs.k8s.io/yaml.Unmarshal = go-yaml v2 into interface{} (YAML
// 1.1 resolution, merge keys, aliases), keys stringified for JSON, json.Marshal, then
// encoding/json into the target (every number a float64). The syntax comes from the `yaml`
// package's CST parser and composer with the failsafe schema (every scalar a string); all the
// resolution and structure rules are ours, following go-yaml v2's decode.go and resolve.go.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type ParsedNode,
  type Scalar,
} from 'yaml';
import {
  GoError,
  GoList,
  GoMap,
  hasInvalidUtf8,
  utf8Decode,
  utf8Encode,
  utf8Length,
  type Value,
} from '../go/value.js';
import { formatFloat } from '../go/strconv/format.js';
import { formatYamlFloat } from './encode.js';
import { LineIndex, goSharpV, unreadable } from './errors.js';
import { run, type Step } from './steps.js';
import { MAX_DEPTH, flowTooDeep, jsonTooDeep } from './depth.js';
import { FAST_BAIL, fastParseYaml } from './fast.js';
import { relaxIndentation } from './relax.js';
import { resolvePlain, type Resolved } from './resolve.js';
import { readFirstDocument } from './syntax.js';
import { CHUNK, composeFirstDocument } from './compose.js';

/** What the JSON step decodes into: interface{}, map[string]interface {} or []interface {}. */
export type YamlTarget = 'any' | 'map' | 'list';

const TARGET_TYPE: Record<Exclude<YamlTarget, 'any'>, string> = {
  map: 'map[string]interface {}',
  list: '[]interface {}',
};

const ALIAS_RATIO_LOW = 400000;
const ALIAS_RATIO_HIGH = 4000000;

/** go-yaml v2's allowed share of alias-driven decodes for a document of this size. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

const yamlError = (msg: string): GoError => new GoError(`error converting YAML to JSON: yaml: ${msg}`);

const LONG_TAG = 'tag:yaml.org,2002:';
const shortTag = (t: string | undefined): string =>
  t === undefined ? '' : t.startsWith(LONG_TAG) ? `!!${t.slice(LONG_TAG.length)}` : t;

/** A decoded map key before stringification: its Go kind decides the JSON key text. */
type Key =
  | { kind: 'string'; s: string }
  | { kind: 'int'; v: bigint; unsigned: boolean }
  | { kind: 'float'; f: number }
  | { kind: 'bool'; b: boolean }
  | { kind: 'nil' }
  | { kind: 'collection'; v: Value };

type Items = { key: ParsedNode | null; value: ParsedNode | null }[];

const NOT_SIMPLE = Symbol('not simple');

/** Parses the first document of a YAML stream into a go-yaml/JSON value. */
class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<Node>();
  private readonly anchors = new Map<string, Node>();
  /** First error of the YAML→JSON conversion (unsupported keys); raised after decoding. */
  convertError: string | undefined;
  /** First json.Marshal error (NaN, ±Inf); raised after the conversion errors. */
  jsonError: string | undefined;
  /** A collection was met 10000 levels down (alias hops included): jsonTooDeep decides. */
  mayBeTooDeep = false;

  /** Keys (and `[]` for list items) from the root to the node being decoded, when tracked. */
  private readonly path: string[] = [];

  constructor(
    private readonly lines: LineIndex,
    private readonly stringFields?: (path: readonly string[]) => boolean,
  ) {}

  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      throw yamlError('document contains excessive aliasing');
    }
  }

  /** Registers anchors in document order, as go-yaml's parser does when it creates a node. */
  private anchor(n: Node): void {
    const a = (n as { anchor?: string }).anchor;
    if (a !== undefined) this.anchors.set(a, n);
  }

  /** A null or scalar node decoded at once, or NOT_SIMPLE: collections and aliases take steps. */
  private simple(n: ParsedNode | null): Value | typeof NOT_SIMPLE {
    if (n !== null && !isScalar(n)) return NOT_SIMPLE;
    this.count();
    if (n === null) return null;
    this.anchor(n);
    return this.scalarValue(n);
  }

  /** A node's value: go-yaml's decode of one node, its children asked for as further steps. */
  *value(n: ParsedNode | null, depth: number): Step<Value> {
    const s = this.simple(n);
    if (s !== NOT_SIMPLE) return s;
    const c = n as ParsedNode;
    this.count();
    // go-yaml's decoder has no depth limit: aliases may nest a value past what the JSON step
    // reads (syntax.ts checked the text itself). `depth` counts alias hops too.
    if (depth >= MAX_DEPTH) this.mayBeTooDeep = true;
    if (isAlias(c)) {
      const target = this.anchors.get(c.source);
      if (target === undefined) throw yamlError(`unknown anchor '${c.source}' referenced`);
      if (this.expanding.has(c)) throw yamlError(`anchor '${c.source}' value contains itself`);
      this.expanding.add(c);
      this.aliasDepth++;
      try {
        // The target is re-decoded (go-yaml expands aliases into fresh values).
        return (yield this.value(target as ParsedNode, depth + 1)) as Value;
      } finally {
        this.aliasDepth--;
        this.expanding.delete(c);
      }
    }
    this.anchor(c);
    if (isMap(c)) {
      const out = new Map<string, Value>();
      yield* this.fill(out, c.items as Items, depth);
      return new GoMap(out);
    }
    if (!isSeq(c)) return null;
    const items = c.items as (ParsedNode | null)[];
    const out: Value[] = [];
    const tracked = this.stringFields !== undefined;
    if (tracked) this.path.push('[]');
    try {
      for (const x of items) {
        const v = this.simple(x);
        out.push(v !== NOT_SIMPLE ? v : ((yield this.value(x, depth + 1)) as Value));
      }
    } finally {
      if (tracked) this.path.pop();
    }
    return new GoList(out);
  }

  /** go-yaml's resolve for a scalar node, honouring quotes and explicit tags. */
  private resolveScalar(n: Scalar): Resolved {
    let text = n.value === null || n.value === undefined ? '' : String(n.value);
    if (
      (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') &&
      text.endsWith('\n') &&
      this.endsUnterminated(n)
    ) {
      // libyaml keeps only the line breaks present in the input: at the very end of a stream
      // without a final newline, the last line has none.
      text = text.slice(0, -1);
    }
    const tag = shortTag(n.tag);
    const quoted = n.type !== 'PLAIN' && n.type !== undefined;
    if (n.type === 'QUOTE_DOUBLE') {
      const src = (n as { srcToken?: { source?: string } }).srcToken?.source ?? '';
      const at = unknownEscape(src);
      if (at >= 0) {
        const line = this.lines.lineOf((n.range?.[0] ?? 0) + at);
        throw yamlError(`${line > 0 ? `line ${line + 1}: ` : ''}found unknown escape character`);
      }
    }
    if (tag === '' || tag === '!') {
      // Quoted and block scalars are strings; a bare `!` tag makes any scalar a string.
      if (quoted || tag === '!') return { tag: 'str', value: text };
      return resolvePlain(text);
    }
    switch (tag) {
      case '!!str':
        return { tag: 'str', value: text };
      case '!!binary':
        return { tag: 'str', value: decodeBinary(text) };
      case '!!bool':
      case '!!int':
      case '!!float':
      case '!!null':
      case '!!timestamp': {
        const r = resolvePlain(text);
        const want = tag.slice(2);
        if (r.tag === want) return r;
        if (want === 'float' && r.tag === 'int' && !r.unsigned)
          return { tag: 'float', value: Number(r.value) };
        if (want === 'timestamp' && r.tag === 'timestamp') return r;
        const got = r.tag === 'timestamp' ? 'timestamp' : r.tag;
        throw yamlError(`cannot decode !!${got} \`${text}\` as a ${tag}`);
      }
    }
    // Unknown tags (custom or !!map on a scalar) keep the text.
    return { tag: 'str', value: text };
  }

  private endsUnterminated(n: Scalar): boolean {
    const src = this.lines.text;
    return !src.endsWith('\n') && src.slice(n.range?.[1] ?? 0).trim() === '';
  }

  private scalarValue(n: Scalar): Value {
    const r = this.resolveScalar(n);
    if (
      this.stringFields !== undefined &&
      (r.tag === 'int' || r.tag === 'float' || r.tag === 'bool') &&
      this.stringFields(this.path)
    ) {
      // sigs.k8s.io/yaml turns numbers and booleans bound for string fields into text.
      if (r.tag === 'bool') return r.value ? 'true' : 'false';
      if (r.tag === 'int') return r.value.toString();
      return formatFloat(r.value, 'g', -1, 32);
    }
    switch (r.tag) {
      case 'str':
      case 'merge':
      case 'timestamp':
        return r.value;
      case 'bool':
        return r.value;
      case 'null':
        return null;
      case 'int':
        // The JSON step prints the integer and reads it back as a float64.
        return Number(r.value);
      case 'float':
        if (!Number.isFinite(r.value))
          this.jsonError ??= `json: unsupported value: ${formatYamlFloatForJson(r.value)}`;
        return r.value;
    }
  }

  /** A null or scalar key at once, or undefined: aliases and collections take a step. */
  private simpleKey(n: ParsedNode | null): Key | undefined {
    if (n !== null && !isScalar(n)) return undefined;
    this.count();
    if (n === null) return { kind: 'nil' };
    this.anchor(n);
    return this.scalarKey(n);
  }

  private *key(n: ParsedNode, depth: number): Step<Key> {
    this.count();
    if (isAlias(n)) {
      const target = this.anchors.get(n.source);
      if (target === undefined) throw yamlError(`unknown anchor '${n.source}' referenced`);
      this.aliasDepth++;
      try {
        if (isScalar(target)) return this.scalarKey(target);
        // A map or list key: go-yaml rejects it ("invalid map key").
        return { kind: 'collection', v: (yield this.value(target as ParsedNode, depth + 1)) as Value };
      } finally {
        this.aliasDepth--;
      }
    }
    this.anchor(n);
    return { kind: 'collection', v: (yield this.value(n, depth + 1)) as Value };
  }

  private scalarKey(n: Scalar): Key {
    const r = this.resolveScalar(n);
    switch (r.tag) {
      case 'str':
      case 'merge':
      case 'timestamp':
        return { kind: 'string', s: r.value };
      case 'bool':
        return { kind: 'bool', b: r.value };
      case 'null':
        return { kind: 'nil' };
      case 'int':
        return { kind: 'int', v: r.value, unsigned: r.unsigned };
      case 'float':
        return { kind: 'float', f: r.value };
    }
  }

  /** Whether a key node is the merge key `<<` (plain, or tagged !!merge). */
  private isMerge(n: ParsedNode | null): boolean {
    if (n === null || !isScalar(n) || n.value !== '<<') return false;
    const tag = shortTag(n.tag);
    return (tag === '' && n.type === 'PLAIN') || tag === '!!merge';
  }

  private *fill(out: Map<string, Value>, items: Items, depth: number): Step<void> {
    const tracked = this.stringFields !== undefined;
    for (const p of items) {
      if (this.isMerge(p.key)) {
        yield this.merge(out, p.value, depth);
        continue;
      }
      const k = this.simpleKey(p.key) ?? ((yield this.key(p.key as ParsedNode, depth)) as Key);
      if (k.kind === 'collection') throw yamlError(`invalid map key: ${goSharpV(k.v)}`);
      let v: Value;
      if (tracked) this.path.push(pathKey(k));
      try {
        const s = this.simple(p.value);
        v = s !== NOT_SIMPLE ? s : ((yield this.value(p.value, depth + 1)) as Value);
      } finally {
        if (tracked) this.path.pop();
      }
      const ks = this.keyString(k, v);
      if (ks !== undefined) out.set(ks, v);
    }
  }

  /** sigs.k8s.io/yaml's key stringification (convertToJSONableObject). */
  private keyString(k: Key, v: Value): string | undefined {
    switch (k.kind) {
      case 'string':
        return k.s;
      case 'bool':
        return k.b ? 'true' : 'false';
      case 'int':
        if (!k.unsigned) return k.v.toString();
        this.convertError ??= `unsupported map key of type: uint64, key: 0x${k.v.toString(16)}, value: ${goSharpV(v)}`;
        return undefined;
      case 'float':
        return formatYamlFloat(k.f, 32);
      case 'nil':
        this.convertError ??= `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSharpV(v)}`;
        return undefined;
    }
    return undefined;
  }

  /** go-yaml v2's merge: a map, an alias of a map, or a list of those (earlier ones win). */
  private *merge(out: Map<string, Value>, n: ParsedNode | null, depth: number): Step<void> {
    if (n !== null && isSeq(n)) {
      this.anchor(n);
      const items = n.items as (ParsedNode | null)[];
      for (const it of items)
        if (
          it === null ||
          !(
            isMap(it) ||
            (isAlias(it) && (this.anchors.get(it.source) === undefined || isMap(this.anchors.get(it.source))))
          )
        )
          throw wantMap();
      for (let i = items.length - 1; i >= 0; i--)
        yield* this.mergeOne(out, items[i] as ParsedNode | null, depth);
      return;
    }
    yield* this.mergeOne(out, n, depth);
  }

  private *mergeOne(out: Map<string, Value>, m: ParsedNode | null, depth: number): Step<void> {
    if (m !== null && isAlias(m)) {
      const target = this.anchors.get(m.source);
      if (target === undefined) throw yamlError(`unknown anchor '${m.source}' referenced`);
      if (!isMap(target)) throw wantMap();
      this.count();
      if (this.expanding.has(m)) throw yamlError(`anchor '${m.source}' value contains itself`);
      this.expanding.add(m);
      this.aliasDepth++;
      try {
        this.count();
        yield this.fill(out, target.items as Items, depth + 1);
      } finally {
        this.aliasDepth--;
        this.expanding.delete(m);
      }
      return;
    }
    if (m === null || !isMap(m)) throw wantMap();
    this.count();
    this.anchor(m);
    yield this.fill(out, m.items as Items, depth + 1);
  }
}

const wantMap = (): GoError => yamlError('map merge requires map or sequence of maps as the value');

/** A key as it will read after stringification, for the string-field path. */
function pathKey(k: Key): string {
  switch (k.kind) {
    case 'string':
      return k.s;
    case 'bool':
      return k.b ? 'true' : 'false';
    case 'int':
      return k.v.toString();
    case 'float':
      return formatYamlFloat(k.f, 32);
    default:
      return '';
  }
}

const formatYamlFloatForJson = (f: number): string => (Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf');

/** !!binary: base64 (whitespace ignored) to a Go string; invalid UTF-8 shows as U+FFFD after JSON. */
function decodeBinary(text: string): string {
  const clean = text.replace(/[\s]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0)
    throw yamlError('!!binary value contains invalid base64 data');
  // encoding/json writes each byte of invalid UTF-8 as U+FFFD (a BOM stays).
  return utf8Decode(new Uint8Array(Buffer.from(clean, 'base64'))).replace(/[\ud800-\udfff]/gu, '\ufffd');
}

/** A lone surrogate: a byte of invalid UTF-8, kept escaped (template/value.ts). */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** What yaml.v2's reader reports for the UTF-8 sequence at byte i (which Go finds invalid). */
function readerUtf8Problem(b: Uint8Array, i: number): string {
  const c = b[i]!;
  const width = (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4 : 0;
  if (width === 0) return 'invalid leading UTF-8 octet';
  if (i + width > b.length) return 'incomplete UTF-8 octet sequence';
  let v = c & (width === 2 ? 0x1f : width === 3 ? 0x0f : 0x07);
  for (let k = 1; k < width; k++) {
    const o = b[i + k]!;
    if ((o & 0xc0) !== 0x80) return 'invalid trailing UTF-8 octet';
    v = (v << 6) + (o & 0x3f);
  }
  if ((width === 2 && v < 0x80) || (width === 3 && v < 0x800) || (width === 4 && v < 0x10000))
    return 'invalid length of a UTF-8 sequence';
  return 'invalid Unicode character';
}

const CONTROL = /[^\t\n\r\x20-\x7e\x85\xa0-\ufffd]|\ufffe|\uffff/;

/** go-yaml v2's double-quoted escapes (no `\/`, unlike YAML 1.2). */
const KNOWN_ESCAPES = new Set([
  '0',
  'a',
  'b',
  't',
  '\t',
  'n',
  'v',
  'f',
  'r',
  'e',
  ' ',
  '"',
  "'",
  '\\',
  'N',
  '_',
  'L',
  'P',
  'x',
  'u',
  'U',
  '\r',
  '\n',
]);

/** Offset of the first escape go-yaml v2 does not know in a double-quoted source, or -1. */
function unknownEscape(src: string): number {
  for (let i = 0; i < src.length; i++) {
    if (src[i] !== '\\') continue;
    if (!KNOWN_ESCAPES.has(src[i + 1] ?? '')) return i;
    i++;
  }
  return -1;
}

export interface ParseYamlOptions {
  /**
   * Paths (keys, `[]` for list items) that decode into Go string fields, as struct targets such
   * as Chart.yaml's metadata have: numbers and booleans there become text the way
   * sigs.k8s.io/yaml converts them (`1.10` → "1.1", floats with 32-bit 'g' formatting).
   */
  stringFields?: (path: readonly string[]) => boolean;
  /**
   * The parts of the value the caller reads: a map entry whose path (keys from the root, `[]` for
   * list items; asked only where the map itself is kept) this rejects may be left out of the
   * value. The whole text is still read and every error is still Go's.
   */
  keep?: (path: readonly string[]) => boolean;
  /** Always use the full reader, never fast.ts (tests compare the two). */
  fullReader?: boolean;
}

/**
 * `text` with `insert` at each of the ascending offsets `at` (those inside it), replacing `cut`
 * characters there: one pass, as a fuzzed text may hold tens of thousands of them.
 */
function spliceAt(text: string, at: readonly number[], cut: number, insert: string): string {
  const parts: string[] = [];
  let from = 0;
  for (const i of at) {
    if (i >= text.length) break;
    parts.push(text.slice(from, i), insert);
    from = i + cut;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/**
 * sigs.k8s.io/yaml.Unmarshal(text, &target): the value Helm sees. Throws GoError with Go's
 * message (`error converting YAML to JSON: yaml: line 3: …`).
 */
export function parseYaml(text: string, target: YamlTarget = 'any', opts: ParseYamlOptions = {}): Value {
  // libyaml's reader refuses these before any parsing.
  if (hasInvalidUtf8(text)) {
    const at = text.search(LONE_SURROGATE);
    if (CONTROL.test(text.slice(0, at))) throw yamlError('control characters are not allowed');
    throw yamlError(readerUtf8Problem(utf8Encode(text), utf8Length(text.slice(0, at))));
  }
  const control = CONTROL.test(text);
  if (opts.fullReader !== true && !control) {
    // Most texts are plain block YAML: read them without the full parser (fast.ts).
    const fast = fastParseYaml(text, opts.stringFields, opts.keep);
    if (fast !== FAST_BAIL) return checkTarget(fast, target);
  }
  // go-yaml's own scanner and parser decide whether the first document is valid, and where
  // it is not; the `yaml` package then builds the value.
  const first = readFirstDocument(text);
  if (first.error !== undefined) throw yamlError(first.error);
  // Deeper than the JSON step reads: Go fails there whatever the values are (the `yaml`
  // package could not build them anyway).
  if (first.tooDeepForJson !== undefined)
    throw new GoError(
      `error unmarshaling JSON: while decoding JSON: invalid character '${first.tooDeepForJson}' exceeded max depth`,
    );
  // go-yaml reads nothing after the root node: the `yaml` package gets no more either.
  // The `yaml` package reads a last line of spaces without a line break in a block scalar as a
  // line (`k: |` + `  x` + ` ` would read `x`, go-yaml `x\n`): without the spaces both agree.
  if (first.spacesAtEnd === true && (first.rootEnd ?? text.length) >= text.length)
    text = text.replace(/ +$/, '');
  else if (first.rootEnd !== undefined) text = text.slice(0, first.rootEnd);
  // `!x[1]` is one tag for libyaml; the `yaml` package ends it at the bracket. Such a tag is
  // never one of the known tags, whose names are all the decoder looks at: a `~` in place
  // keeps it unknown, and every offset where it was.
  if (first.tagFlowChars !== undefined) text = spliceAt(text, first.tagFlowChars, 1, '~');
  // `&a: b` is an anchored empty key for libyaml: a space tells the `yaml` package so.
  if (first.tightNames !== undefined) text = spliceAt(text, first.tightNames, 0, ' ');
  // A lone CR is a line break for libyaml (a CRLF is one too, and the `yaml` package knows that).
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  // NEL is a line break for YAML 1.1 (the `yaml` package reads it as an ordinary character).
  if (text.includes('\x85')) text = text.replaceAll('\x85', '\n');
  text = relaxIndentation(text);
  const deep = flowTooDeep(text);
  if (deep >= 0) throw yamlError(`${deep > 0 ? `line ${deep + 1}: ` : ''}exceeded max depth of ${MAX_DEPTH}`);
  const lines = new LineIndex(text);
  let doc: Document.Parsed | undefined;
  try {
    doc = composeFirstDocument(text, (first.maxDepth ?? 0) >= CHUNK);
  } catch (e) {
    if (e instanceof RangeError) throw yamlError(`exceeded max depth of ${MAX_DEPTH}`);
    throw e;
  }
  if (doc !== undefined && doc.errors.some((e) => e.message.includes('Maximum call stack'))) {
    // The `yaml` package recurses per level and gives out near a thousand levels, well below
    // go-yaml's limit; no real values file comes close.
    throw yamlError('document nesting is too deep to read');
  }
  // go-yaml found no error (readFirstDocument): the `yaml` package has none to report either,
  // but for layouts it reads differently.
  if (doc !== undefined && doc.errors.length > 0) {
    // libyaml reads `#` right after a flow indicator as a comment; the `yaml` package objects.
    const real = doc.errors.filter((e) => !e.message.startsWith('Comments must be separated'));
    if (real.length > 0) throw yamlError(unreadable(lines, real));
  }
  const dec = new Decoder(lines, opts.stringFields);
  let v: Value = null;
  if (doc !== undefined) {
    try {
      v = run(dec.value(doc.contents as ParsedNode | null, 0));
    } catch (e) {
      if (e instanceof RangeError) throw yamlError(`exceeded max depth of ${MAX_DEPTH}`);
      throw e;
    }
  }
  if (dec.convertError !== undefined) throw new GoError(`error converting YAML to JSON: ${dec.convertError}`);
  if (dec.jsonError !== undefined) throw new GoError(`error converting YAML to JSON: ${dec.jsonError}`);
  const deepest = dec.mayBeTooDeep ? jsonTooDeep(v) : undefined;
  if (deepest !== undefined)
    throw new GoError(
      `error unmarshaling JSON: while decoding JSON: invalid character '${deepest}' exceeded max depth`,
    );
  return checkTarget(v, target);
}

/** The JSON step's check of the decoded value against the target type. */
function checkTarget(v: Value, target: YamlTarget): Value {
  if (target !== 'any' && v !== null) {
    const kind =
      v instanceof GoMap
        ? 'object'
        : v instanceof GoList
          ? 'array'
          : typeof v === 'string'
            ? 'string'
            : typeof v === 'number'
              ? 'number'
              : 'bool';
    if (kind !== (target === 'map' ? 'object' : 'array')) {
      throw new GoError(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type ${TARGET_TYPE[target]}`,
      );
    }
  }
  return v;
}

/** Helm's fromYaml: a map; a failure is reported as its `Error` key. */
export function fromYaml(text: string): GoMap {
  try {
    const v = parseYaml(text, 'map');
    return v instanceof GoMap ? v : new GoMap();
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    return new GoMap(new Map([['Error', e.message]]));
  }
}

/** Helm's fromYamlArray: a list; a failure becomes its only item. */
export function fromYamlArray(text: string): GoList {
  try {
    const v = parseYaml(text, 'list');
    return v instanceof GoList ? v : new GoList([]);
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    return new GoList([e.message]);
  }
}
