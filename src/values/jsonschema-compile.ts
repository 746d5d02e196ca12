// The jsonschema.ts compiler: drafts, keywords, $ref/$id/$anchor resolution, patterns.
import { GoRegexp } from '../funcs/regex.js';
import { GoError, hasInvalidUtf8 } from '../go/value.js';
import { quote as goQuote } from '../go/strconv/format-quote.js';
import { JNum, type JVal, isObj } from './jsonschema-parse.js';
import {
  type Rat,
  ratFromText,
  ratIsInt,
  sq,
  type IVal,
  type JType,
  TYPE_ORDER,
} from './jsonschema-common.js';
import { FORMATS } from './jsonschema-formats.js';

// ---------------------------------------------------------------- compiled schemas

/**
 * A compiled schema: one object literal per schema, every field present, so all share one shape
 * (made by copying the literal's boilerplate, cheaper cold than a constructor's stores).
 */
export interface Schema {
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
  patternProperties: [GoRegexp, Schema][] | undefined;
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
  pattern: GoRegexp | undefined;
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
    readonly set: (rx: GoRegexp) => void,
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

export function draftFromURL(url: string): number | undefined {
  const hash = url.indexOf('#');
  if (hash >= 0 && hash < url.length - 1) return undefined;
  let u = hash >= 0 ? url.slice(0, hash) : url;
  u = u.replace(/^https?:\/\//, '');
  return DRAFTS[u];
}

export const ROOT_URL = 'file:///values.schema.json';

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

export class Compiler {
  private readonly cache = new Map<JVal, Schema>();
  /** Collected when a $ref first names an anchor: most schemas name none. */
  private anchors: Map<string, JVal> | undefined;
  private readonly regexps = new Map<string, GoRegexp>();
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

  private regexp(text: string, kw: string): GoRegexp {
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
        const list: [GoRegexp | undefined, Schema][] = [];
        for (const [re, x] of pp) {
          const entry: [GoRegexp | undefined, Schema] = [undefined, this.shell(x)];
          list.push(entry);
          tasks.push(new RegexTask(jsonText(re), 'patternProperties', (rx) => (entry[0] = rx)), entry[1]);
        }
        // every pattern is compiled before anything is validated
        s.patternProperties = list as [GoRegexp, Schema][];
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
      const raw = o.get('pattern');
      if (typeof raw === 'string') {
        const pat = jsonText(raw);
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

/**
 * A pattern as encoding/json decodes it: a byte of invalid UTF-8 (an escaped byte, value.ts) or
 * a lone surrogate escape is U+FFFD (Go's regexp would refuse the first, re2js misread both).
 */
function jsonText(s: string): string {
  return hasInvalidUtf8(s) ? s.replace(/[\ud800-\udfff]/gu, '\ufffd') : s;
}

/** regexp.Compile, as the library's default engine: V8's linear engine or re2js (regex.ts). */
function compileRegexp(re: string, kw: string): GoRegexp {
  const rx = GoRegexp.compile(re);
  if (rx instanceof GoError)
    throw new SchemaCompileError(`${ROOT_URL}#/${kw}: invalid regex ${sq(re)}: ${rx.message}`);
  return rx;
}
