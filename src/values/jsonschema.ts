// A JSON-schema validator following santhosh-tekuri/jsonschema v6 (the library Helm 4 uses):
// the same drafts and keyword semantics, the same error tree (`- at '/path': message`, groups,
// allOf/anyOf/oneOf nesting, $ref hoisting) and the same English message texts, numbers
// formatted as golang.org/x/text/message prints them (1,000 and 1.2×10⁰⁶).
import { RE2JS } from 're2js';
import { formatFloat } from '../go/strconv/format-float.js';
import { quote as goQuote, quoteRune } from '../go/strconv/format-quote.js';
import { run, type Step } from '../yaml/steps.js';

// ---------------------------------------------------------------- JSON model

/** A JSON number kept as its text (json.Number), compared as an exact rational. */
export class JNum {
  constructor(readonly text: string) {}
}
export type JVal = null | boolean | string | JNum | JVal[] | JObj;
export type JObj = Map<string, JVal>;

const isObj = (v: JVal | undefined): v is JObj => v instanceof Map;

/** A schema file that is not JSON, worded as Go's json.Decoder reports it. */
export class JsonSyntaxError extends Error {}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/** Parses JSON keeping number texts and key order (later duplicate keys win, as Go's map). */
export function parseSchemaJson(text: string): JVal {
  let i = 0;
  // encoding/json's scanner nests 10000 containers at most (jsonError gives its text).
  let depth = 0;
  const open = (): void => {
    if (++depth > 10000) throw new JsonSyntaxError('exceeded max depth');
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new JsonSyntaxError(
      i >= text.length ? 'unexpected EOF' : `invalid character ${quoteRune(text.codePointAt(i)!)}`,
    );
  };
  // Containers are steps on an array (run): schemas nest as deep as encoding/json allows.
  const nested = (): boolean => {
    ws();
    return text[i] === '{' || text[i] === '[';
  };
  const value = function* (): Step<JVal> {
    ws();
    const c = text[i];
    if (c === '{') {
      open();
      i++;
      const m: JObj = new Map();
      ws();
      if (text[i] === '}') {
        i++;
        depth--;
        return m;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        m.set(k, nested() ? ((yield value()) as JVal) : scalar());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return m;
        }
        fail();
      }
    }
    if (c === '[') {
      open();
      i++;
      const a: JVal[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        depth--;
        return a;
      }
      for (;;) {
        a.push(nested() ? ((yield value()) as JVal) : scalar());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return a;
        }
        fail();
      }
    }
    return scalar();
  };
  const scalar = (): JVal => {
    ws();
    const c = text[i];
    if (c === '"') return str();
    for (const [lit, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
    return new JNum(m![0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i]!;
      if (ch === '"') break;
      if (ch === '\\') i++;
      else if (ch < ' ') fail();
      i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail();
    }
  };
  const v = run(value());
  ws();
  if (i < text.length) fail();
  return v;
}

// Go keeps a number's text (json.Number) and a Map keeps keys in document order; JSON.parse
// keeps neither for a number that is not a short integer or a key that is an array index. The
// native parser (ten to twenty times faster cold) is used when the text can hold neither (a
// token that only looks so, inside a string, merely sends it to the parser above).
const RISKY_NUMBER = /[:,[][ \t\n\r]*(?:-0|-?[0-9]+[.eE]|-?[0-9]{16})/;
// An object's array-index keys come first in Object.keys, whatever the text's order.
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;
type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/** parseSchemaJson's value through JSON.parse, or undefined where only parseSchemaJson can tell. */
export function parseSchemaFast(text: string): JVal | undefined {
  if (RISKY_NUMBER.test(text)) return undefined;
  let raw: Plain;
  try {
    raw = JSON.parse(text) as Plain;
  } catch {
    return undefined;
  }
  if (typeof raw === 'number') return undefined;
  // Containers copied on an array of pending ones; past encoding/json's 10000 levels the slow
  // parser gives the error.
  const pending: [Plain[] | { [k: string]: Plain }, JVal[] | JObj, number][] = [];
  let tooDeep = false;
  const copy = (x: Plain, depth: number): JVal => {
    if (x === null || typeof x !== 'object') return typeof x === 'number' ? new JNum(String(x)) : x;
    if (depth > 10000) tooDeep = true;
    const c: JVal[] | JObj = Array.isArray(x) ? [] : new Map();
    pending.push([x, c, depth]);
    return c;
  };
  const out = copy(raw, 1);
  for (let next = pending.pop(); next !== undefined && !tooDeep; next = pending.pop()) {
    const [src, dst, depth] = next;
    if (Array.isArray(src)) for (const x of src) (dst as JVal[]).push(copy(x, depth + 1));
    else {
      const keys = Object.keys(src);
      if (keys.length > 0 && INDEX_KEY.test(keys[0]!)) return undefined;
      for (const k of keys) (dst as JObj).set(k, copy(src[k]!, depth + 1));
    }
  }
  return tooDeep ? undefined : out;
}

// ---------------------------------------------------------------- rationals

interface Rat {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};
function ratFromText(s: string): Rat | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  let n = BigInt((m[2] || '0') + (m[3] ?? ''));
  let d = 10n ** BigInt((m[3] ?? '').length);
  const e = BigInt(m[4] ?? '0');
  if (e > 0n) n *= 10n ** e;
  else if (e < 0n) d *= 10n ** -e;
  if (m[1] === '-') n = -n;
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}
const ratCmp = (a: Rat, b: Rat): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
const ratIsInt = (r: Rat): boolean => r.d === 1n;
function ratToFloat(r: Rat): number {
  // Exact enough: scale to 20 significant digits then let the JS parser round.
  const neg = r.n < 0n;
  let n = neg ? -r.n : r.n;
  const d = r.d;
  const ip = n / d;
  n = n % d;
  let frac = '';
  for (let k = 0; k < 40 && n !== 0n; k++) {
    n *= 10n;
    frac += (n / d).toString();
    n %= d;
  }
  return Number(`${neg ? '-' : ''}${ip}${frac ? `.${frac}` : ''}`);
}
const DIGITS = /^-?[0-9]+$/;
/** ratIsInt(numRat(v)) without the rational where the answer shows (a finite float, digits). */
function isIntegral(v: JNum | number): boolean {
  if (typeof v === 'number' ? Number.isFinite(v) : DIGITS.test(v.text))
    return typeof v === 'number' ? Number.isInteger(v) : true;
  return ratIsInt(numRat(v));
}
function numRat(v: JNum | number): Rat {
  return ratFromText(v instanceof JNum ? v.text : formatFloat(v, 'g', -1, 64))!;
}

// ---------------------------------------------------------------- English printer

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};
const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** message.Printer(English) %d. */
export const engInt = (n: number | bigint): string => {
  const s = n.toString();
  return s.startsWith('-') ? `-${group(s.slice(1))}` : group(s);
};

/** message.Printer(English) %v of a float64. */
export function engFloat(f: number): string {
  const s = formatFloat(f, 'g', -1, 64);
  if (!/^-?[0-9]/.test(s)) return s;
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [mant, exp] = body.split('e') as [string, string | undefined];
  let out: string;
  if (exp !== undefined) {
    const e = Number(exp);
    const digits = String(Math.abs(e)).padStart(2, '0');
    out = `${mant}×10${[...(e < 0 ? `-${digits}` : digits)].map((c) => SUP[c]).join('')}`;
  } else {
    const [ip, fp] = mant.split('.') as [string, string | undefined];
    out = group(ip) + (fp !== undefined ? `.${fp}` : '');
  }
  return neg ? `-${out}` : out;
}

/** The library's single-quoted form of a string. */
export function sq(s: string): string {
  const q = goQuote(s).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${q.slice(1, -1)}'`;
}

/** fmt %v of a JSON value as the library holds it (json.Number text, <nil>, maps). */
function goV(v: JVal): string {
  if (v === null) return '<nil>';
  if (v instanceof JNum) return v.text;
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  return `map[${[...v.keys()]
    .sort()
    .map((k) => `${k}:${goV(v.get(k)!)}`)
    .join(' ')}]`;
}
const display = (v: JVal): string =>
  typeof v === 'string' ? sq(v) : Array.isArray(v) || isObj(v) ? 'value' : goV(v);

// ---------------------------------------------------------------- instance values

/** Instance values: JSON values whose numbers are float64 (number) or int64 (JNum). */
export type IVal = null | boolean | string | number | JNum | IVal[] | Map<string, IVal>;

type JType = 'null' | 'boolean' | 'number' | 'integer' | 'string' | 'array' | 'object';
const TYPE_ORDER: JType[] = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

function typeOf(v: IVal | JVal): JType {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || v instanceof JNum) return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}
const isNum = (v: IVal | JVal): v is number | JNum => typeof v === 'number' || v instanceof JNum;

function equals(a: IVal | JVal, b: IVal | JVal): boolean {
  if (isNum(a)) return isNum(b) && ratCmp(numRat(a), numRat(b)) === 0;
  if (a === null || typeof a === 'boolean' || typeof a === 'string') return a === b;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equals(x, b[i]!));
  if (!(b instanceof Map) || a.size !== b.size) return false;
  for (const [k, x] of a) {
    if (!b.has(k)) return false;
    if (!equals(x, (b as Map<string, IVal | JVal>).get(k)!)) return false;
  }
  return true;
}

/**
 * A text equal for exactly the values `equals` finds equal: numbers by their reduced fraction,
 * object keys sorted.
 */
function canonical(v: IVal): string {
  if (isNum(v)) {
    const r = numRat(v);
    return `n${r.n}/${r.d}`;
  }
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = [...v.keys()].sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v.get(k)!)}`).join(',')}}`;
}

/**
 * uniqueItems: the first item equal to an earlier one, with the first such earlier index (what
 * the validator's pairwise and hashed searches both find), in linear time.
 */
function firstDuplicate(arr: readonly IVal[]): [number, number] | undefined {
  const first = new Map<string, number>();
  for (let i = 0; i < arr.length; i++) {
    const key = canonical(arr[i]!);
    const j = first.get(key);
    if (j !== undefined) return [j, i];
    first.set(key, i);
  }
  return undefined;
}

// ---------------------------------------------------------------- errors

export interface ErrorKind {
  message(): string;
  /** Reference, Group and Schema kinds shape the tree. */
  tag?: 'ref' | 'group' | 'schema';
}
export interface VError {
  /** Where in the instance: shared with the validators below (never copied per level). */
  instance: Loc | undefined;
  kind: ErrorKind;
  causes: VError[];
}
const K = (message: string, tag?: ErrorKind['tag']): ErrorKind => ({
  message: () => message,
  ...(tag ? { tag } : {}),
});

/** An instance location as a list to the root: a child's costs one cell, however deep. */
interface Loc {
  readonly up: Loc | undefined;
  readonly tok: string;
}

function jsonPtr(loc: Loc | undefined): string {
  const toks: string[] = [];
  for (let l = loc; l !== undefined; l = l.up)
    toks.push(`/${l.tok.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  return toks.reverse().join('');
}

/** ValidationError.Error(): the tree, one `- at '…': …` line per node, indented per level. */
export function displayError(root: VError): string {
  const out: string[] = [];
  const skip = (e: VError): boolean => e.causes.length === 1 && e.kind.tag === 'ref';
  // Depth first, on an array: a failure deep in the values nests as deep.
  const todo: [VError, number][] = [[root, 0]];
  while (todo.length > 0) {
    const [e, at] = todo.pop() as [VError, number];
    let indent = at;
    if (!skip(e)) {
      if (indent > 0) out.push(`\n${'  '.repeat(indent - 1)}- `);
      indent++;
      if (e.kind.tag === 'schema') out.push(e.kind.message());
      else out.push(`at ${sq(jsonPtr(e.instance))}: ${e.kind.message()}`);
    }
    for (let i = e.causes.length - 1; i >= 0; i--) todo.push([e.causes[i] as VError, indent]);
  }
  return out.join('');
}

// ---------------------------------------------------------------- compiled schemas

/**
 * A compiled schema: one object literal per schema, every field present, so all share one shape
 * (made by copying the literal's boilerplate, cheaper cold than a constructor's stores).
 */
interface Schema {
  bool: boolean | undefined;
  ref: Schema | undefined;
  types: Set<JType> | undefined;
  constV: JVal | undefined;
  hasConst: boolean;
  enumV: JVal[] | undefined;
  format: { name: string; validate: (v: IVal) => string | undefined } | undefined;
  allOf: Schema[] | undefined;
  anyOf: Schema[] | undefined;
  oneOf: Schema[] | undefined;
  not: Schema | undefined;
  ifS: Schema | undefined;
  thenS: Schema | undefined;
  elseS: Schema | undefined;
  items: Schema | Schema[] | undefined;
  additionalItems: boolean | Schema | undefined;
  prefixItems: Schema[] | undefined;
  items2020: Schema | undefined;
  contains: Schema | undefined;
  minContains: number | undefined;
  maxContains: number | undefined;
  properties: Map<string, Schema> | undefined;
  patternProperties: [RE2JS, Schema][] | undefined;
  additionalProperties: boolean | Schema | undefined;
  propertyNames: Schema | undefined;
  dependencies: Map<string, string[] | Schema> | undefined;
  dependentRequired: Map<string, string[]> | undefined;
  dependentSchemas: Map<string, Schema> | undefined;
  unevaluatedProperties: Schema | undefined;
  unevaluatedItems: Schema | undefined;
  minimum: Rat | undefined;
  maximum: Rat | undefined;
  exclusiveMinimum: Rat | undefined;
  exclusiveMaximum: Rat | undefined;
  multipleOf: Rat | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  pattern: RE2JS | undefined;
  patternText: string | undefined;
  minItems: number | undefined;
  maxItems: number | undefined;
  uniqueItems: boolean;
  minProperties: number | undefined;
  maxProperties: number | undefined;
  required: string[] | undefined;
  leaf: boolean;
  done: boolean;
  readonly draft: number;
  readonly src: JVal;
}

function newSchema(draft: number, src: JVal): Schema {
  return {
    bool: undefined,
    ref: undefined,
    types: undefined,
    constV: undefined,
    hasConst: false,
    enumV: undefined,
    format: undefined,
    allOf: undefined,
    anyOf: undefined,
    oneOf: undefined,
    not: undefined,
    ifS: undefined,
    thenS: undefined,
    elseS: undefined,
    items: undefined,
    additionalItems: undefined,
    prefixItems: undefined,
    items2020: undefined,
    contains: undefined,
    minContains: undefined,
    maxContains: undefined,
    properties: undefined,
    patternProperties: undefined,
    additionalProperties: undefined,
    propertyNames: undefined,
    dependencies: undefined,
    dependentRequired: undefined,
    dependentSchemas: undefined,
    unevaluatedProperties: undefined,
    unevaluatedItems: undefined,
    minimum: undefined,
    maximum: undefined,
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    multipleOf: undefined,
    minLength: undefined,
    maxLength: undefined,
    pattern: undefined,
    patternText: undefined,
    minItems: undefined,
    maxItems: undefined,
    uniqueItems: false,
    minProperties: undefined,
    maxProperties: undefined,
    required: undefined,
    leaf: true,
    done: false,
    draft,
    src,
  };
}

/** A pattern compiled where the library's recursive compiler meets it (its error comes then). */
class RegexTask {
  constructor(
    readonly text: string,
    readonly kw: string,
    readonly set: (rx: RE2JS) => void,
  ) {}
}
type Task = Schema | RegexTask;

/** A schema problem found while compiling (printed without the validation tree). */
export class SchemaCompileError extends Error {}

const DRAFTS: Record<string, number> = {
  'json-schema.org/schema': 2020,
  'json-schema.org/draft/2020-12/schema': 2020,
  'json-schema.org/draft/2019-09/schema': 2019,
  'json-schema.org/draft-07/schema': 7,
  'json-schema.org/draft-06/schema': 6,
  'json-schema.org/draft-04/schema': 4,
};

function draftFromURL(url: string): number | undefined {
  const hash = url.indexOf('#');
  if (hash >= 0 && hash < url.length - 1) return undefined;
  let u = hash >= 0 ? url.slice(0, hash) : url;
  u = u.replace(/^https?:\/\//, '');
  return DRAFTS[u];
}

const ROOT_URL = 'file:///values.schema.json';

const strs = (x: JVal | undefined): string[] =>
  Array.isArray(x) ? x.filter((y): y is string => typeof y === 'string') : [];

// Keyword groups, to skip reading those a schema lacks (the order of reading stays the same).
const K_REF = 1;
const K_IN_PLACE = 2;
const K_ARRAY = 4;
const K_OBJECT = 8;
const K_VALUE = 16;
const K_SCALAR = 32;
const KEYWORDS = new Map<string, number>([
  ['$ref', K_REF],
  ...['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'].map((k) => [k, K_IN_PLACE] as const),
  ...[
    'items',
    'additionalItems',
    'prefixItems',
    'contains',
    'minContains',
    'maxContains',
    'minItems',
    'maxItems',
    'uniqueItems',
    'unevaluatedItems',
  ].map((k) => [k, K_ARRAY] as const),
  ...[
    'properties',
    'patternProperties',
    'additionalProperties',
    'dependencies',
    'propertyNames',
    'dependentRequired',
    'dependentSchemas',
    'unevaluatedProperties',
    'required',
    'minProperties',
    'maxProperties',
  ].map((k) => [k, K_OBJECT] as const),
  ...['type', 'enum', 'const', 'format'].map((k) => [k, K_VALUE] as const),
  ...[
    'multipleOf',
    'maximum',
    'exclusiveMaximum',
    'minimum',
    'exclusiveMinimum',
    'minLength',
    'maxLength',
    'pattern',
  ].map((k) => [k, K_SCALAR] as const),
]);

class Compiler {
  private readonly cache = new Map<JVal, Schema>();
  /** Collected when a $ref first names an anchor: most schemas name none. */
  private anchors: Map<string, JVal> | undefined;
  private readonly regexps = new Map<string, RE2JS>();
  constructor(
    private readonly doc: JVal,
    private readonly draft: number,
  ) {}

  // Pre-order, children in document order, as the recursive walk did (the first $dynamicAnchor
  // wins, a later $anchor replaces): an array of pending values instead of the JS stack.
  private collectAnchors(): Map<string, JVal> {
    const anchors = new Map<string, JVal>();
    const pending: JVal[] = [this.doc];
    for (let v = pending.pop(); v !== undefined; v = pending.pop()) {
      if (Array.isArray(v)) for (let j = v.length - 1; j >= 0; j--) pending.push(v[j]!);
      else if (isObj(v)) {
        const a = this.draft >= 2019 ? v.get('$anchor') : undefined;
        if (typeof a === 'string') anchors.set(a, v);
        const da = this.draft >= 2020 ? v.get('$dynamicAnchor') : undefined;
        if (typeof da === 'string' && !anchors.has(da)) anchors.set(da, v);
        const id = v.get(this.draft === 4 ? 'id' : '$id');
        if (this.draft < 2019 && typeof id === 'string' && id.startsWith('#') && id.length > 1)
          anchors.set(id.slice(1), v);
        const kids = [...v].filter(([k]) => k !== 'enum' && k !== 'const');
        for (let j = kids.length - 1; j >= 0; j--) pending.push(kids[j]![1]);
      }
    }
    return anchors;
  }

  private resolve(ref: string): JVal {
    let frag = ref;
    const hash = ref.indexOf('#');
    const base = hash >= 0 ? ref.slice(0, hash) : ref;
    if (/^https?:/i.test(base)) {
      // Helm downloads these. A chart's schema must not make Rudder send requests to addresses
      // its author picks (or read their answers into error messages): refused, and said why.
      throw new SchemaCompileError(
        `failing loading ${JSON.stringify(base)}: remote $ref not fetched: Rudder resolves $ref only inside values.schema.json (Helm would download it); copy the referenced schema into the chart's schema`,
      );
    }
    if (base !== '' && base !== ROOT_URL && base !== 'values.schema.json') {
      throw new SchemaCompileError(
        `failing loading ${JSON.stringify(base)}: no URLLoader registered for ${JSON.stringify(base)}`,
      );
    }
    frag = hash >= 0 ? ref.slice(hash + 1) : '';
    frag = decodeURIComponent(frag);
    if (frag === '') return this.doc;
    if (!frag.startsWith('/')) {
      this.anchors ??= this.collectAnchors();
      const a = this.anchors.get(frag);
      if (a === undefined)
        throw new SchemaCompileError(`anchor in ${goQuote(`${ROOT_URL}#${frag}`)} not found`);
      return a;
    }
    let cur: JVal | undefined = this.doc;
    for (const raw of frag.slice(1).split('/')) {
      const tok = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      if (Array.isArray(cur)) cur = /^(0|[1-9][0-9]*)$/.test(tok) ? cur[Number(tok)] : undefined;
      else if (isObj(cur)) cur = cur.get(tok);
      else cur = undefined;
      if (cur === undefined)
        throw new SchemaCompileError(`json-pointer in ${goQuote(`${ROOT_URL}#${frag}`)} not found`);
    }
    return cur;
  }

  /** The schema of v, made once per JSON value (so $ref cycles close on themselves). */
  private shell(v: JVal): Schema {
    let s = this.cache.get(v);
    if (s === undefined) {
      s = newSchema(this.draft, v);
      this.cache.set(v, s);
    }
    return s;
  }

  /**
   * The schema of the document, every subschema compiled: one array of tasks, each schema's
   * subschemas and patterns in the order the library's recursive compiler takes them (depth
   * first), so its first error is the one reported, however deep schemas nest.
   */
  compile(v: JVal): Schema {
    const root = this.shell(v);
    const todo: Task[] = [root];
    const mine: Task[] = [];
    for (let t = todo.pop(); t !== undefined; t = todo.pop()) {
      if (t instanceof RegexTask) t.set(this.regexp(t.text, t.kw));
      else if (!t.done) {
        t.done = true;
        this.compileNode(t, mine);
        for (let j = mine.length - 1; j >= 0; j--) todo.push(mine[j]!);
        mine.length = 0;
      }
    }
    return root;
  }

  private regexp(text: string, kw: string): RE2JS {
    let rx = this.regexps.get(text);
    if (rx === undefined) {
      rx = compileRegexp(text, kw);
      this.regexps.set(text, rx);
    }
    return rx;
  }

  private sub(x: JVal | undefined, tasks: Task[]): Schema | undefined {
    if (x === undefined || (typeof x !== 'boolean' && !isObj(x))) return undefined;
    const s = this.shell(x);
    tasks.push(s);
    return s;
  }
  private arr(x: JVal | undefined, tasks: Task[]): Schema[] | undefined {
    if (!Array.isArray(x)) return undefined;
    const out: Schema[] = [];
    for (const y of x) {
      const s = this.shell(y);
      tasks.push(s);
      out.push(s);
    }
    return out;
  }
  private map(x: JVal | undefined, tasks: Task[]): Map<string, Schema> | undefined {
    if (!isObj(x)) return undefined;
    const out = new Map<string, Schema>();
    for (const [k, y] of x) {
      const s = this.shell(y);
      tasks.push(s);
      out.set(k, s);
    }
    return out;
  }

  /** Reads one schema's keywords; its subschemas (and patterns) go to tasks, in order. */
  private compileNode(s: Schema, tasks: Task[]): void {
    const v = s.src;
    if (typeof v === 'boolean') {
      s.bool = v;
      return;
    }
    if (!isObj(v)) return;
    const o = v;
    const d = this.draft;
    // Which keyword groups the schema has: most have only type, description and default.
    let has = 0;
    for (const k of o.keys()) has |= KEYWORDS.get(k) ?? 0;
    const num = (k: string): Rat | undefined => {
      const x = o.get(k);
      return x instanceof JNum ? ratFromText(x.text) : undefined;
    };
    const int = (k: string): number | undefined => {
      const x = o.get(k);
      if (!(x instanceof JNum)) return undefined;
      const r = ratFromText(x.text);
      return r && ratIsInt(r) ? Number(r.n) : undefined;
    };

    if (has & K_REF) {
      const ref = o.get('$ref');
      if (typeof ref === 'string') {
        s.ref = this.shell(this.resolve(ref));
        tasks.push(s.ref);
        s.leaf = false;
        if (d < 2019) return;
      }
    }
    if (has & K_IN_PLACE) {
      s.allOf = this.arr(o.get('allOf'), tasks);
      s.anyOf = this.arr(o.get('anyOf'), tasks);
      s.oneOf = this.arr(o.get('oneOf'), tasks);
      s.not = this.sub(o.get('not'), tasks);
    }
    if (has & K_ARRAY) {
      if (d < 2020) {
        const items = o.get('items');
        if (Array.isArray(items)) {
          s.items = this.arr(items, tasks);
          const ai = o.get('additionalItems');
          if (typeof ai === 'boolean') s.additionalItems = ai;
          else s.additionalItems = this.sub(ai, tasks);
        } else s.items = this.sub(items, tasks);
      }
    }
    if (has & K_OBJECT) {
      s.properties = this.map(o.get('properties'), tasks);
      const pp = o.get('patternProperties');
      if (isObj(pp)) {
        const list: [RE2JS | undefined, Schema][] = [];
        for (const [re, x] of pp) {
          const entry: [RE2JS | undefined, Schema] = [undefined, this.shell(x)];
          list.push(entry);
          tasks.push(new RegexTask(re, 'patternProperties', (rx) => (entry[0] = rx)), entry[1]);
        }
        // every pattern is compiled before anything is validated
        s.patternProperties = list as [RE2JS, Schema][];
      }
      const ap = o.get('additionalProperties');
      if (typeof ap === 'boolean') s.additionalProperties = ap;
      else if (isObj(ap)) s.additionalProperties = this.sub(ap, tasks);
      const deps = o.get('dependencies');
      if (isObj(deps)) {
        s.dependencies = new Map();
        for (const [k, x] of deps) {
          if (Array.isArray(x)) s.dependencies.set(k, strs(x));
          else {
            const sx = this.shell(x);
            tasks.push(sx);
            s.dependencies.set(k, sx);
          }
        }
      }
    }
    if (has & K_VALUE) {
      const t = o.get('type');
      if (typeof t === 'string' || Array.isArray(t)) {
        s.types = new Set(
          (Array.isArray(t) ? t : [t]).filter(
            (x): x is JType => typeof x === 'string' && TYPE_ORDER.includes(x as JType),
          ),
        );
      }
      const en = o.get('enum');
      if (Array.isArray(en)) s.enumV = en;
    }
    if (has & K_SCALAR) {
      s.multipleOf = num('multipleOf');
      s.maximum = num('maximum');
      if (o.get('exclusiveMaximum') === true) {
        s.exclusiveMaximum = s.maximum;
        s.maximum = undefined;
      } else s.exclusiveMaximum = num('exclusiveMaximum');
      s.minimum = num('minimum');
      if (o.get('exclusiveMinimum') === true) {
        s.exclusiveMinimum = s.minimum;
        s.minimum = undefined;
      } else s.exclusiveMinimum = num('exclusiveMinimum');
      s.minLength = int('minLength');
      s.maxLength = int('maxLength');
      const pat = o.get('pattern');
      if (typeof pat === 'string') {
        tasks.push(new RegexTask(pat, 'pattern', (rx) => (s.pattern = rx)));
        s.patternText = pat;
      }
    }
    if (has & K_ARRAY) {
      s.minItems = int('minItems');
      s.maxItems = int('maxItems');
      s.uniqueItems = o.get('uniqueItems') === true;
    }
    if (has & K_OBJECT) {
      s.maxProperties = int('maxProperties');
      s.minProperties = int('minProperties');
      const req = o.get('required');
      if (Array.isArray(req)) s.required = strs(req);
    }
    if (has & K_VALUE) {
      const fmt = o.get('format');
      if (d < 2019 && typeof fmt === 'string' && FORMATS[fmt])
        s.format = { name: fmt, validate: FORMATS[fmt] };
    }
    if (d >= 6 && has & (K_ARRAY | K_OBJECT | K_VALUE)) {
      s.contains = this.sub(o.get('contains'), tasks);
      s.propertyNames = this.sub(o.get('propertyNames'), tasks);
      if (o.has('const')) {
        s.hasConst = true;
        s.constV = o.get('const')!;
      }
    }
    if (d >= 7 && has & K_IN_PLACE) {
      const b = o.get('if');
      s.ifS = this.sub(b, tasks);
      if (s.ifS) {
        if (b !== false) s.thenS = this.sub(o.get('then'), tasks);
        if (b !== true) s.elseS = this.sub(o.get('else'), tasks);
      }
    }
    if (d >= 2019 && has & (K_ARRAY | K_OBJECT)) {
      if (s.contains) {
        s.minContains = int('minContains');
        s.maxContains = int('maxContains');
      }
      const dr = o.get('dependentRequired');
      if (isObj(dr))
        s.dependentRequired = new Map(
          [...dr].filter(([, x]) => Array.isArray(x)).map(([k, x]) => [k, strs(x)]),
        );
      s.dependentSchemas = this.map(o.get('dependentSchemas'), tasks);
      s.unevaluatedItems = this.sub(o.get('unevaluatedItems'), tasks);
      s.unevaluatedProperties = this.sub(o.get('unevaluatedProperties'), tasks);
    }
    if (d >= 2020 && has & K_ARRAY) {
      s.prefixItems = this.arr(o.get('prefixItems'), tasks);
      s.items2020 = this.sub(o.get('items'), tasks);
    }
    if (s.allOf || s.anyOf || s.oneOf || s.not || s.ifS) s.leaf = false;
  }
}

function compileRegexp(re: string, kw: string): RE2JS {
  try {
    return RE2JS.compile(re);
  } catch (err) {
    throw new SchemaCompileError(`${ROOT_URL}#/${kw}: invalid regex ${sq(re)}: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------- validation

class Validator {
  errors: VError[] = [];
  constructor(
    private readonly v: IVal,
    private readonly vloc: Loc | undefined,
    private readonly s: Schema,
    private readonly boolResult: boolean,
    private readonly depth: number,
  ) {}

  private error(kind: ErrorKind): VError {
    return { instance: this.vloc, kind, causes: [] };
  }
  private addError(kind: ErrorKind): void {
    this.errors.push(this.error(kind));
  }
  private addErr(e: VError | undefined): void {
    if (e) this.errors.push(e);
  }
  private addErrors(causes: VError[], kind: ErrorKind): void {
    const e = this.error(kind);
    e.causes = causes;
    this.errors.push(e);
  }

  // Nested validations are steps (run() keeps them on an array): values nest 10000 deep.
  private self(s: Schema, boolResult: boolean): Step<VError | undefined> {
    if (this.depth > 200) throw new SchemaCompileError('reference cycle');
    return new Validator(this.v, this.vloc, s, this.boolResult || boolResult, this.depth + 1).validate();
  }
  private val(s: Schema, v: IVal, tok: string): Step<VError | undefined> {
    return new Validator(v, { up: this.vloc, tok }, s, this.boolResult, 0).validate();
  }
  // The same two without steps, where leaf() gives validate()'s result.
  private quick(s: Schema, v: IVal): boolean {
    return s.leaf && !(v instanceof Map) && !Array.isArray(v);
  }
  private leafVal(s: Schema, v: IVal, tok: string): VError | undefined {
    return new Validator(v, { up: this.vloc, tok }, s, this.boolResult, 0).leaf();
  }
  private quickSelf(s: Schema): boolean {
    return this.quick(s, this.v);
  }
  private leafSelf(s: Schema): VError | undefined {
    if (this.depth > 200) throw new SchemaCompileError('reference cycle');
    return new Validator(this.v, this.vloc, s, this.boolResult, this.depth + 1).leaf();
  }
  private *refErr(s: Schema): Step<VError | undefined> {
    const err = this.quickSelf(s) ? this.leafSelf(s) : ((yield this.self(s, false)) as VError | undefined);
    if (!err) return undefined;
    const e = this.error(K('validation failed', 'ref'));
    e.causes = err.kind.tag === 'group' ? err.causes : [err];
    return e;
  }

  private findMissing(obj: Map<string, IVal>, reqd: string[]): string[] | undefined {
    const missing = reqd.filter((p) => !obj.has(p));
    return missing.length > 0 ? missing : undefined;
  }

  /** The checks whose failure is the whole result: type, const, enum, format. */
  private head(): VError | undefined {
    const s = this.s;
    const v = this.v;
    const t = typeOf(v);
    if (s.types && s.types.size > 0) {
      const ok =
        s.types.has(t) || (s.types.has('integer') && t === 'number' && isIntegral(v as number | JNum));
      if (!ok)
        return this.error(K(`got ${t}, want ${TYPE_ORDER.filter((x) => s.types!.has(x)).join(' or ')}`));
    }
    if (s.hasConst && !equals(v, s.constV!)) {
      const w = s.constV!;
      return this.error(K(Array.isArray(w) || isObj(w) ? "'const' failed" : `value must be ${display(w)}`));
    }
    if (s.enumV) {
      const types = new Set(s.enumV.map(typeOf));
      const matched = types.has(t) && s.enumV.some((x) => equals(v, x));
      if (!matched) {
        const prim = s.enumV.every((x) => !Array.isArray(x) && !isObj(x));
        let msg = "'enum' failed";
        if (prim)
          msg =
            s.enumV.length === 1
              ? `value must be ${display(s.enumV[0]!)}`
              : `value must be one of ${s.enumV.map(display).join(', ')}`;
        return this.error(K(msg));
      }
    }
    if (s.format && typeof v === 'string') {
      const err = s.format.validate(v);
      if (err !== undefined) return this.error(K(`${sq(v)} is not valid ${s.format.name}: ${err}`));
    }
    return undefined;
  }

  private result(): VError | undefined {
    if (this.errors.length === 0) return undefined;
    if (this.errors.length === 1) return this.errors[0];
    const g = this.error(K('validation failed', 'group'));
    g.causes = this.errors;
    return g;
  }

  /**
   * validate() of a scalar against a leaf schema (no $ref, no in-place applicator, so nothing
   * nests): the same result from one plain call. Most values are such pairs.
   */
  leaf(): VError | undefined {
    const s = this.s;
    const v = this.v;
    if (s.bool !== undefined) return s.bool ? undefined : this.error(K('false schema'));
    const early = this.head();
    if (early) return early;
    if (typeof v === 'string') this.strValidate(v);
    else if (isNum(v)) this.numValidate(v);
    return this.result();
  }

  *validate(): Step<VError | undefined> {
    const s = this.s;
    const v = this.v;
    if (s.bool !== undefined) return s.bool ? undefined : this.error(K('false schema'));
    const early = this.head();
    if (early) return early;
    if (s.ref) {
      const err = (yield this.refErr(s.ref)) as VError | undefined;
      if (s.draft < 2019) return err;
      this.addErr(err);
    }
    if (v instanceof Map) yield* this.objValidate(v);
    else if (Array.isArray(v)) yield* this.arrValidate(v);
    else if (typeof v === 'string') this.strValidate(v);
    else if (isNum(v)) this.numValidate(v);

    if (this.errors.length === 0 || !this.boolResult) {
      yield* this.condValidate();
      if (s.draft >= 2019) yield* this.unevalValidate();
    }
    return this.result();
  }

  private evaluatedProps(s: Schema, obj: Map<string, IVal>, seen = new Set<Schema>()): Set<string> {
    // Properties evaluated by s and its in-place applicators that succeed.
    const out = new Set<string>();
    if (seen.has(s)) return out;
    seen.add(s);
    if (s.bool !== undefined) {
      if (s.bool) for (const k of obj.keys()) out.add(k);
      return out;
    }
    for (const k of obj.keys()) {
      if (
        s.properties?.has(k) ||
        s.patternProperties?.some(([re]) => re.matcher(k).find()) ||
        s.additionalProperties !== undefined
      )
        out.add(k);
      if (s.unevaluatedProperties !== undefined) out.add(k);
    }
    const ok = (x: Schema): boolean =>
      run(new Validator(obj, undefined, x, true, 0).validate()) === undefined;
    const add = (x: Schema): void => {
      for (const k of this.evaluatedProps(x, obj, seen)) out.add(k);
    };
    if (s.ref) add(s.ref);
    for (const x of s.allOf ?? []) add(x);
    for (const x of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) if (ok(x)) add(x);
    if (s.ifS) {
      if (ok(s.ifS)) {
        add(s.ifS);
        if (s.thenS) add(s.thenS);
      } else if (s.elseS) add(s.elseS);
    }
    for (const [k, x] of s.dependentSchemas ?? []) if (obj.has(k)) add(x);
    return out;
  }

  private *unevalValidate(): Step<void> {
    const s = this.s;
    const v = this.v;
    if (v instanceof Map && s.unevaluatedProperties) {
      const ev = this.evaluatedProps({ ...s, unevaluatedProperties: undefined }, v);
      for (const [k, x] of v)
        if (!ev.has(k))
          this.addErr(
            this.quick(s.unevaluatedProperties, x)
              ? this.leafVal(s.unevaluatedProperties, x, k)
              : ((yield this.val(s.unevaluatedProperties, x, k)) as VError | undefined),
          );
    }
    if (Array.isArray(v) && s.unevaluatedItems) {
      let n = 0;
      if (
        s.items2020 ||
        (s.items instanceof Object && !Array.isArray(s.items)) ||
        s.additionalItems !== undefined
      )
        n = v.length;
      else n = Math.max(s.prefixItems?.length ?? 0, Array.isArray(s.items) ? s.items.length : 0);
      for (let i = n; i < v.length; i++)
        this.addErr(
          this.quick(s.unevaluatedItems, v[i]!)
            ? this.leafVal(s.unevaluatedItems, v[i]!, String(i))
            : ((yield this.val(s.unevaluatedItems, v[i]!, String(i))) as VError | undefined),
        );
    }
  }

  private *objValidate(obj: Map<string, IVal>): Step<void> {
    const s = this.s;
    if (s.minProperties !== undefined && obj.size < s.minProperties)
      this.addError(K(`minProperties: got ${engInt(obj.size)}, want ${engInt(s.minProperties)}`));
    if (s.maxProperties !== undefined && obj.size > s.maxProperties)
      this.addError(K(`maxProperties: got ${engInt(obj.size)}, want ${engInt(s.maxProperties)}`));
    if (s.required && s.required.length > 0) {
      const missing = this.findMissing(obj, s.required);
      if (missing)
        this.addError(
          K(
            missing.length === 1
              ? `missing property ${sq(missing[0]!)}`
              : `missing properties ${missing.map(sq).join(', ')}`,
          ),
        );
    }
    if (this.boolResult && this.errors.length > 0) return;
    for (const [pname, dep] of s.dependencies ?? []) {
      if (!obj.has(pname)) continue;
      if (Array.isArray(dep)) {
        const missing = this.findMissing(obj, dep);
        if (missing)
          this.addError(K(`properties ${missing.map(sq).join(', ')} required, if ${sq(pname)} exists`));
      } else
        this.addErr(
          this.quickSelf(dep) ? this.leafSelf(dep) : ((yield this.self(dep, false)) as VError | undefined),
        );
    }
    const additional: string[] = [];
    for (const [pname, pvalue] of obj) {
      if (this.boolResult && this.errors.length > 0) return;
      let evaluated = false;
      const ps = s.properties?.get(pname);
      if (ps) {
        evaluated = true;
        this.addErr(
          this.quick(ps, pvalue)
            ? this.leafVal(ps, pvalue, pname)
            : ((yield this.val(ps, pvalue, pname)) as VError | undefined),
        );
      }
      for (const [re, sch] of s.patternProperties ?? []) {
        if (re.matcher(pname).find()) {
          evaluated = true;
          this.addErr(
            this.quick(sch, pvalue)
              ? this.leafVal(sch, pvalue, pname)
              : ((yield this.val(sch, pvalue, pname)) as VError | undefined),
          );
        }
      }
      if (!evaluated && s.additionalProperties !== undefined) {
        if (typeof s.additionalProperties === 'boolean') {
          if (!s.additionalProperties) additional.push(pname);
        } else
          this.addErr(
            this.quick(s.additionalProperties, pvalue)
              ? this.leafVal(s.additionalProperties, pvalue, pname)
              : ((yield this.val(s.additionalProperties, pvalue, pname)) as VError | undefined),
          );
      }
    }
    if (additional.length > 0)
      this.addError(K(`additional properties ${additional.map(sq).join(', ')} not allowed`));
    if (s.draft === 4) return;
    if (s.propertyNames) {
      for (const pname of obj.keys()) {
        const err = (yield new Validator(
          pname,
          undefined,
          s.propertyNames,
          this.boolResult,
          0,
        ).validate()) as VError | undefined;
        if (err) {
          // the library reuses the nested run's root error; since v6.0.3 it moves that error to
          // the object's location (its causes keep the nested run's '')
          this.errors.push({
            instance: this.vloc,
            kind: K(`invalid propertyName ${sq(pname)}`),
            causes: err.kind.tag === 'group' ? err.causes : [err],
          });
        }
      }
    }
    if (s.draft === 6) return;
    for (const [pname, sch] of s.dependentSchemas ?? [])
      if (obj.has(pname))
        this.addErr(
          this.quickSelf(sch) ? this.leafSelf(sch) : ((yield this.self(sch, false)) as VError | undefined),
        );
    for (const [pname, reqd] of s.dependentRequired ?? []) {
      if (!obj.has(pname)) continue;
      const missing = this.findMissing(obj, reqd);
      if (missing)
        this.addError(K(`properties ${missing.map(sq).join(', ')} required, if ${sq(pname)} exists`));
    }
  }

  private *arrValidate(arr: IVal[]): Step<void> {
    const s = this.s;
    if (s.minItems !== undefined && arr.length < s.minItems)
      this.addError(K(`minItems: got ${engInt(arr.length)}, want ${engInt(s.minItems)}`));
    if (s.maxItems !== undefined && arr.length > s.maxItems)
      this.addError(K(`maxItems: got ${engInt(arr.length)}, want ${engInt(s.maxItems)}`));
    if (s.uniqueItems && arr.length > 1) {
      const d = firstDuplicate(arr);
      if (d !== undefined) this.addError(K(`items at ${engInt(d[0])} and ${engInt(d[1])} are equal`));
    }
    if (s.draft < 2020) {
      let evaluated = 0;
      if (Array.isArray(s.items)) {
        const n = Math.min(arr.length, s.items.length);
        for (let i = 0; i < n; i++)
          this.addErr(
            this.quick(s.items[i]!, arr[i]!)
              ? this.leafVal(s.items[i]!, arr[i]!, String(i))
              : ((yield this.val(s.items[i]!, arr[i]!, String(i))) as VError | undefined),
          );
        evaluated = n;
      } else if (s.items) {
        for (let i = 0; i < arr.length; i++)
          this.addErr(
            this.quick(s.items, arr[i]!)
              ? this.leafVal(s.items, arr[i]!, String(i))
              : ((yield this.val(s.items, arr[i]!, String(i))) as VError | undefined),
          );
        evaluated = arr.length;
      }
      if (s.additionalItems !== undefined) {
        if (typeof s.additionalItems === 'boolean') {
          if (!s.additionalItems && evaluated !== arr.length)
            this.addError(K(`last ${engInt(arr.length - evaluated)} additionalItem(s) not allowed`));
        } else {
          // numbered from the first unevaluated item (from 0 again before v6.0.3)
          for (let i = evaluated; i < arr.length; i++)
            this.addErr(
              this.quick(s.additionalItems, arr[i]!)
                ? this.leafVal(s.additionalItems, arr[i]!, String(i))
                : ((yield this.val(s.additionalItems, arr[i]!, String(i))) as VError | undefined),
            );
        }
      }
    } else {
      const n = Math.min(s.prefixItems?.length ?? 0, arr.length);
      for (let i = 0; i < n; i++)
        this.addErr(
          this.quick(s.prefixItems![i]!, arr[i]!)
            ? this.leafVal(s.prefixItems![i]!, arr[i]!, String(i))
            : ((yield this.val(s.prefixItems![i]!, arr[i]!, String(i))) as VError | undefined),
        );
      if (s.items2020)
        for (let i = n; i < arr.length; i++)
          this.addErr(
            this.quick(s.items2020, arr[i]!)
              ? this.leafVal(s.items2020, arr[i]!, String(i))
              : ((yield this.val(s.items2020, arr[i]!, String(i))) as VError | undefined),
          );
    }
    if (s.contains) {
      const errors: VError[] = [];
      const matched: number[] = [];
      for (let i = 0; i < arr.length; i++) {
        const e = this.quick(s.contains, arr[i]!)
          ? this.leafVal(s.contains, arr[i]!, String(i))
          : ((yield this.val(s.contains, arr[i]!, String(i))) as VError | undefined);
        if (e) errors.push(e);
        else matched.push(i);
      }
      if (s.minContains !== undefined) {
        if (matched.length < s.minContains) {
          const msg =
            matched.length === 0
              ? `min ${engInt(s.minContains)} items required to match contains schema, but none matched`
              : `min ${engInt(s.minContains)} items required to match contains schema, but matched ${engInt(matched.length)} items at ${matched.join(' ')}`;
          this.addErrors(errors, K(msg));
        }
      } else if (matched.length === 0) this.addErrors(errors, K('no items match contains schema'));
      if (s.maxContains !== undefined && matched.length > s.maxContains) {
        this.addError(
          K(
            `max ${engInt(s.maxContains)} items required to match contains schema, but matched ${engInt(matched.length)} items at ${matched.join(' ')}`,
          ),
        );
      }
    }
  }

  private strValidate(str: string): void {
    const s = this.s;
    const len = [...str].length;
    if (s.minLength !== undefined && len < s.minLength)
      this.addError(K(`minLength: got ${engInt(len)}, want ${engInt(s.minLength)}`));
    if (s.maxLength !== undefined && len > s.maxLength)
      this.addError(K(`maxLength: got ${engInt(len)}, want ${engInt(s.maxLength)}`));
    if (s.pattern && !s.pattern.matcher(str).find())
      this.addError(K(`${sq(str)} does not match pattern ${sq(s.patternText!)}`));
  }

  private numValidate(v: number | JNum): void {
    const s = this.s;
    if (!s.minimum && !s.maximum && !s.exclusiveMinimum && !s.exclusiveMaximum && !s.multipleOf) return;
    const n = numRat(v);
    const f = (r: Rat): string => engFloat(ratToFloat(r));
    if (s.minimum && ratCmp(n, s.minimum) < 0) this.addError(K(`minimum: got ${f(n)}, want ${f(s.minimum)}`));
    if (s.maximum && ratCmp(n, s.maximum) > 0) this.addError(K(`maximum: got ${f(n)}, want ${f(s.maximum)}`));
    if (s.exclusiveMinimum && ratCmp(n, s.exclusiveMinimum) <= 0)
      this.addError(K(`exclusiveMinimum: got ${f(n)}, want ${f(s.exclusiveMinimum)}`));
    if (s.exclusiveMaximum && ratCmp(n, s.exclusiveMaximum) >= 0)
      this.addError(K(`exclusiveMaximum: got ${f(n)}, want ${f(s.exclusiveMaximum)}`));
    if (s.multipleOf && s.multipleOf.n !== 0n) {
      const q: Rat = { n: n.n * s.multipleOf.d, d: n.d * s.multipleOf.n };
      if (q.n % q.d !== 0n) this.addError(K(`multipleOf: got ${f(n)}, want ${f(s.multipleOf)}`));
    }
  }

  private *condValidate(): Step<void> {
    const s = this.s;
    if (
      s.not &&
      (this.quickSelf(s.not)
        ? this.leafSelf(s.not)
        : ((yield this.self(s.not, true)) as VError | undefined)) === undefined
    )
      this.addError(K("'not' failed"));
    if (s.allOf && s.allOf.length > 0) {
      const errors: VError[] = [];
      for (const x of s.allOf) {
        const e = this.quickSelf(x) ? this.leafSelf(x) : ((yield this.self(x, false)) as VError | undefined);
        if (e) {
          errors.push(e);
          if (this.boolResult) break;
        }
      }
      if (errors.length > 0) this.addErrors(errors, K("'allOf' failed"));
    }
    if (s.anyOf && s.anyOf.length > 0) {
      let matched = false;
      const errors: VError[] = [];
      for (const x of s.anyOf) {
        const e = this.quickSelf(x) ? this.leafSelf(x) : ((yield this.self(x, false)) as VError | undefined);
        if (e) errors.push(e);
        else {
          matched = true;
          break;
        }
      }
      if (!matched) this.addErrors(errors, K("'anyOf' failed"));
    }
    if (s.oneOf && s.oneOf.length > 0) {
      let matched = -1;
      const errors: VError[] = [];
      for (let i = 0; i < s.oneOf.length; i++) {
        const e = this.quickSelf(s.oneOf[i]!)
          ? this.leafSelf(s.oneOf[i]!)
          : ((yield this.self(s.oneOf[i]!, matched !== -1)) as VError | undefined);
        if (e) {
          if (matched === -1) errors.push(e);
        } else if (matched === -1) matched = i;
        else {
          this.addError(K(`'oneOf' failed, subschemas ${engInt(matched)}, ${engInt(i)} matched`));
          break;
        }
      }
      if (matched === -1) this.addErrors(errors, K("'oneOf' failed, none matched"));
    }
    if (s.ifS) {
      if (
        (this.quickSelf(s.ifS)
          ? this.leafSelf(s.ifS)
          : ((yield this.self(s.ifS, true)) as VError | undefined)) === undefined
      ) {
        if (s.thenS)
          this.addErr(
            this.quickSelf(s.thenS)
              ? this.leafSelf(s.thenS)
              : ((yield this.self(s.thenS, false)) as VError | undefined),
          );
      } else if (s.elseS)
        this.addErr(
          this.quickSelf(s.elseS)
            ? this.leafSelf(s.elseS)
            : ((yield this.self(s.elseS, false)) as VError | undefined),
        );
    }
  }
}

// ---------------------------------------------------------------- formats (drafts 4, 6, 7)

const hexGroups = [8, 4, 4, 4, 12];
function validateIPV4(s: string): string | undefined {
  const groups = s.split('.');
  if (groups.length !== 4) return 'expected four decimals';
  for (const g of groups) {
    if (g.length > 1 && g[0] === '0') return 'leading zeros';
    if (!/^[+-]?[0-9]+$/.test(g)) return `strconv.Atoi: parsing ${goQuote(g)}: invalid syntax`;
    const n = Number(g);
    if (n < 0 || n > 255) return 'decimal must be between 0 and 255';
  }
  return undefined;
}
function validateHostname(s: string): string | undefined {
  s = s.endsWith('.') ? s.slice(0, -1) : s;
  if (Buffer.byteLength(s) > 253) return 'more than 253 characters long';
  for (const label of s.split('.')) {
    const n = Buffer.byteLength(label);
    if (n < 1 || n > 63) return 'label must be 1 to 63 characters long';
    if (label.startsWith('-')) return 'label starts with hyphen';
    if (label.endsWith('-')) return 'label ends with hyphen';
    for (const ch of label)
      if (!/[a-zA-Z0-9-]/.test(ch)) return `invalid character ${quoteRune(ch.codePointAt(0)!)}`;
  }
  return undefined;
}
const FORMATS: Record<string, (v: IVal) => string | undefined> = {
  uuid: (v) => {
    if (typeof v !== 'string') return undefined;
    const groups = v.split('-');
    if (groups.length !== 5) return 'must have 5 elements';
    for (let i = 0; i < 5; i++) {
      const g = groups[i]!;
      if (Buffer.byteLength(g) !== hexGroups[i])
        return `element ${i + 1} must be ${hexGroups[i]} characters long`;
      for (const ch of g)
        if (!/[0-9a-fA-F]/.test(ch)) return `non-hex character ${quoteRune(ch.codePointAt(0)!)}`;
    }
    return undefined;
  },
  ipv4: (v) => (typeof v === 'string' ? validateIPV4(v) : undefined),
  hostname: (v) => (typeof v === 'string' ? validateHostname(v) : undefined),
  email: (v) => {
    if (typeof v !== 'string') return undefined;
    if (Buffer.byteLength(v) > 254) return 'more than 255 characters long';
    const at = v.lastIndexOf('@');
    if (at === -1) return 'missing @';
    const local = v.slice(0, at);
    let domain = v.slice(at + 1);
    if (Buffer.byteLength(local) > 64) return 'local part more than 64 characters long';
    if (local.length > 1 && local.startsWith('"') && local.endsWith('"')) {
      const inner = local.slice(1, -1);
      if (inner.includes('\\') || inner.includes('"'))
        return 'backslash and quote are not allowed within quoted local part';
    } else {
      if (local.startsWith('.')) return 'starts with dot';
      if (local.endsWith('.')) return 'ends with dot';
      if (local.includes('..')) return 'consecutive dots';
      for (const ch of local)
        if (!/[a-zA-Z0-9]/.test(ch) && !".!#$%&'*+-/=?^_`{|}~".includes(ch))
          return `invalid character ${quoteRune(ch.codePointAt(0)!)}`;
    }
    if (domain.startsWith('[') && domain.endsWith(']')) {
      domain = domain.slice(1, -1);
      if (domain.startsWith('IPv6:')) return undefined;
      const e = validateIPV4(domain);
      return e ? `invalid ipv4 address: ${e}` : undefined;
    }
    const e = validateHostname(domain);
    return e ? `invalid domain: ${e}` : undefined;
  },
  date: (v) => {
    if (typeof v !== 'string') return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return `parsing time ${goQuote(v)} as "2006-01-02": cannot parse ${goQuote(v)} as "2006"`;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12) return `parsing time ${goQuote(v)}: month out of range`;
    const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (d < 1 || d > dim) return `parsing time ${goQuote(v)}: day out of range`;
    return undefined;
  },
};

// ---------------------------------------------------------------- entry point

/** Compiles schemaText and validates the instance: undefined when valid, else Helm's text. */
export function validateJsonSchema(schemaText: string, instance: IVal): string | undefined {
  const doc = parseSchemaFast(schemaText) ?? parseSchemaJson(schemaText);
  // The metaschema's first rule: a schema is an object or a boolean.
  if (!isObj(doc) && typeof doc !== 'boolean')
    throw new SchemaCompileError(
      `${goQuote(`${ROOT_URL}#`)} is not valid against metaschema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': got ${typeOf(doc)}, want boolean or object`,
    );
  let draft = 2020;
  if (isObj(doc)) {
    const sch = doc.get('$schema');
    if (typeof sch === 'string') {
      const d = draftFromURL(sch);
      if (d === undefined) {
        const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(sch);
        const scheme = hasScheme ? sch.slice(0, sch.indexOf(':')) : '';
        if (scheme === 'http' || scheme === 'https')
          throw new SchemaCompileError(`failing loading ${goQuote(sch)}: HTTP request failed for ${sch}`);
        throw new SchemaCompileError(
          `failing loading ${goQuote(sch)}: no URLLoader registered for ${goQuote(sch)}`,
        );
      }
      draft = d;
    }
  }
  const schema = new Compiler(doc, draft).compile(doc);
  const err = run(new Validator(instance, undefined, schema, false, 0).validate());
  if (!err) return undefined;
  const root: VError = {
    instance: undefined,
    kind: K(`jsonschema validation failed with ${sq(`${ROOT_URL}#`)}`, 'schema'),
    causes: err.kind.tag === 'group' ? err.causes : [err],
  };
  return displayError(root);
}
