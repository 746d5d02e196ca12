// The schema file's JSON reader for jsonschema.ts: Go's json.Number texts and key order kept,
// JSON.parse where it gives the same value.
import { quoteRune } from '../go/strconv/format-quote.js';
import { run, type Step } from '../yaml/steps.js';

// ---------------------------------------------------------------- JSON model

/** A JSON number kept as its text (json.Number), compared as an exact rational. */
export class JNum {
  constructor(readonly text: string) {}
}
export type JVal = null | boolean | string | JNum | JVal[] | JObj;
export type JObj = Map<string, JVal>;

export const isObj = (v: JVal | undefined): v is JObj => v instanceof Map;

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
