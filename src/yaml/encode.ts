// Helm's toYaml: sigs.k8s.io/yaml.Marshal = json.Marshal, read back by go-yaml v2 (so whole
// numbers become ints and the rest floats), then go-yaml v2's encoder and emitter. We walk the
// value once, applying the JSON step's rules on the way, and emit directly.
import { formatFloat } from '../go/strconv/format.js';
import {
  GoComplex,
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  typeOf,
  type Value,
} from '../go/value.js';
import { jsonCycleGuard } from '../go/cycle.js';
import { BlockWriter } from './block-writer.js';
import { prepareScalar, type PreparedScalar } from './emitter.js';
import { formatJsonFloat, hasMarshalJSON, marshalJson } from './json.js';
import { parseJson } from './json-parse.js';
import { needsQuotes } from './resolve.js';
import { sortKeysNatural } from './sort.js';
import { wellFormed } from './utf8.js';

const INT64_MIN = -(2n ** 63n);
/** go-yaml v2's max_flow_level: the JSON text it reads back nests no deeper. */
const MAX_FLOW_LEVEL = 10000;
const UINT64_MAX = 2n ** 64n - 1n;

/** A JSON number's text as go-yaml v2 re-reads and re-prints it. */
export function yamlNumberFromJson(text: string): string {
  if (/^-?[0-9]+$/.test(text)) {
    const n = BigInt(text);
    if (n >= INT64_MIN && n <= UINT64_MAX) return n.toString();
  }
  return formatYamlFloat(Number(text));
}

/** go-yaml's float64 form: strconv 'g' shortest, with YAML's spellings of Inf and NaN. */
export function formatYamlFloat(f: number, bitSize: 32 | 64 = 64): string {
  const s = formatFloat(f, 'g', -1, bitSize);
  switch (s) {
    case '+Inf':
      return '.inf';
    case '-Inf':
      return '-.inf';
    case 'NaN':
      return '.nan';
  }
  return s;
}

/** encode.go stringv: quote what would not read back as a string, block-literal multi-line text. */
export function prepareString(s: string, v3 = false): PreparedScalar {
  const style = s.includes('\n') ? 'literal' : needsQuotes(s) ? 'double' : 'plain';
  return prepareScalar(s, style, v3);
}

const YAML_READER_SENSITIVE = /[\x7f-\x9f\ufffe\uffff]/;
const NON_PRINTABLE = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;
const NEL_FOLD = /[ ]*\x85((?:[ ]*\x85)*)[ ]*/g;

/**
 * What go-yaml v2 reads back from a JSON string literal: it rejects raw characters its reader
 * does not allow (JSON leaves DEL and C1 controls unescaped) and folds a raw NEL, a YAML line
 * break, like any line break in a double-quoted scalar. Returns an error text or the string.
 */
function throughYamlReader(s: string, isKey: boolean): { s: string } | { err: string } {
  if (!YAML_READER_SENSITIVE.test(s)) return { s };
  if (NON_PRINTABLE.test(s)) return { err: 'yaml: control characters are not allowed' };
  // A break inside a flow key ends the simple key.
  if (isKey) return { err: "yaml: line 1: did not find expected ',' or '}'" };
  return {
    s: s.replace(NEL_FOLD, (_m, more: string) =>
      more === '' ? ' ' : '\n'.repeat(more.split('\x85').length - 1),
    ),
  };
}

// The constant scalars are analysed once; numbers are cheap to analyse each time.
const NULL = prepareScalar('null', 'plain', false);
const TRUE = prepareScalar('true', 'plain', false);
const FALSE = prepareScalar('false', 'plain', false);
const plain = (s: string): PreparedScalar => prepareScalar(s, 'plain', false);

const isExported = (name: string): boolean => {
  const ch = String.fromCodePoint(name.codePointAt(0) ?? 0x61);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
};

/** Thrown when the value is found nested deeper than go-yaml reads. */
class TooDeep extends Error {}

/** How deeply maps and lists nest in v (1 for a flat map), counted without recursion. */
function nestingDepth(v: Value): number {
  let max = 0;
  const work: [Value, number][] = [[v, 1]];
  for (let w = work.pop(); w !== undefined; w = work.pop()) {
    const [x, d] = w;
    if (x instanceof GoMap && !x.nil) {
      max = Math.max(max, d);
      for (const y of x.entries.values())
        if (y instanceof GoMap || y instanceof GoList) work.push([y, d + 1]);
    } else if (x instanceof GoList && !x.nil) {
      max = Math.max(max, d);
      for (const y of x.items) if (y instanceof GoMap || y instanceof GoList) work.push([y, d + 1]);
    }
    if (max > MAX_FLOW_LEVEL) break;
  }
  return max;
}

/** Walks a value with JSON's rules and writes go-yaml v2's block output. */
class V2Encoder extends BlockWriter {
  /** The first error of the YAML reading step; JSON errors, found later, still win. */
  yamlError: string | undefined;

  constructor(private readonly root?: Value) {
    super({ width: 80, indent: 2, v3: false }, jsonCycleGuard());
  }

  private str(s: string, isKey: boolean): PreparedScalar {
    const r = throughYamlReader(wellFormed(s), isKey);
    if ('err' in r) {
      this.yamlError ??= r.err;
      return plain('');
    }
    return prepareString(r.s);
  }

  protected key(k: string): PreparedScalar {
    return this.str(k, true);
  }

  // JSON objects come back from the text as maps, struct fields included: all sorted.
  protected order(keys: string[]): string[] {
    return sortKeysNatural(keys);
  }

  /** A value nested a thousand deep may be past go-yaml's limit: measured once, then. */
  protected override opened(depth: number): void {
    if (depth === 1000 && this.root !== undefined && nestingDepth(this.root) > MAX_FLOW_LEVEL)
      throw new TooDeep();
  }

  protected visit(v: Value, root: boolean, mapping: boolean): void {
    this.em.setContext({ root, mapping, simpleKey: false });
    if (v === null) return this.em.scalar(NULL);
    switch (typeof v) {
      case 'boolean':
        return this.em.scalar(v ? TRUE : FALSE);
      case 'number':
        return this.em.scalar(plain(yamlNumberFromJson(formatJsonFloat(v))));
      case 'string':
        return this.em.scalar(this.str(v, false));
    }
    if (v instanceof GoInt) return this.em.scalar(plain(v.v.toString()));
    if (v instanceof GoList) {
      if (v.nil) return this.em.scalar(NULL);
      this.guard.enter(v);
      return this.sequence(v.items, v);
    }
    if (v instanceof GoMap) {
      if (v.nil) return this.em.scalar(NULL);
      this.guard.enter(v);
      return this.mapping(v.entries, true, v);
    }
    if (v instanceof Uint8Array) {
      return this.em.scalar(
        prepareString(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')),
      );
    }
    if (v instanceof GoObject) return this.object(v, root, mapping);
    if (v instanceof GoFunc || v instanceof GoComplex)
      throw new GoError(`json: unsupported type: ${typeOf(v)}`);
  }

  private object(o: GoObject, root: boolean, mapping: boolean): void {
    if (hasMarshalJSON(o)) return this.visit(parseJson(o.marshalJSON()), root, mapping);
    // A named basic type (time.Duration) goes through JSON as its underlying value.
    const under = o.underlying();
    // Integers come back from the JSON text as the same integer (YAML decoding keeps int64).
    if (under instanceof GoInt) return this.visit(under, root, mapping);
    if (under !== undefined) return this.visit(parseJson(marshalJson(under)), root, mapping);
    if (o.goKind === 'struct' || (o.goKind === 'ptr' && o.truth())) {
      const m = new Map<string, Value>();
      const tagged = o.jsonFields();
      if (tagged !== undefined) for (const [k, x] of tagged) m.set(k, x);
      else for (const [k, x] of o.fields()) if (isExported(k)) m.set(k, x);
      return this.mapping(m, true, undefined);
    }
    if (o.goKind === 'ptr') return this.em.scalar(NULL);
    throw new GoError(`json: unsupported type: ${o.goType}`);
  }
}

/** sigs.k8s.io/yaml.Marshal: the YAML text (with its final newline). Throws GoError. */
export function marshalYaml(v: Value): string {
  const enc = new V2Encoder(v);
  try {
    try {
      enc.node(v, true, false);
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
      // go-yaml reads the JSON text back and stops at its 10000th nested bracket; the JSON
      // step wrote the whole text first, so its errors still win.
      marshalJson(v);
      throw new GoError(`yaml: exceeded max depth of ${MAX_FLOW_LEVEL}`);
    }
  } catch (e) {
    if (e instanceof GoError && !e.message.startsWith('yaml: exceeded'))
      throw new GoError(`error marshaling into JSON: ${e.message}`);
    throw e;
  }
  if (enc.yamlError !== undefined) throw new GoError(enc.yamlError);
  enc.em.endDocument();
  return enc.em.out;
}

const trimNewline = (s: string): string => (s.endsWith('\n') ? s.slice(0, -1) : s);

/** Helm's toYaml: "" when the value cannot be marshalled. */
export function toYaml(v: Value): string {
  try {
    return trimNewline(marshalYaml(v));
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

/** Helm 4's mustToYaml: the marshalling error is raised. */
export function mustToYaml(v: Value): string {
  return trimNewline(marshalYaml(v));
}
