// Go's encoding/json Unmarshal into interface{}: numbers become float64, objects
// map[string]interface {}, arrays []interface {}, and errors carry Go's exact texts.
import { quote } from '../go/strconv/format.js';
import { GoError, GoList, GoMap, hasInvalidUtf8, type Value } from '../go/value.js';

/** Go's *json.SyntaxError text (the offset is kept for callers that want it). */
export class JsonSyntaxError extends GoError {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
    /** The input ended before the value did. */
    readonly atEnd = false,
  ) {
    super(message);
  }
}

/** A number out of float64 range: Go reports it after decoding the rest (the number is nil). */
export class JsonRangeError extends GoError {
  override name = 'JsonRangeError';
  constructor(
    message: string,
    /** What Go decoded anyway. */
    readonly partial: Value,
  ) {
    super(message);
  }
}

/** The Go target type Unmarshal decodes into; decides the type-mismatch error. */
export type JsonTarget = 'interface {}' | 'map[string]interface {}' | '[]interface {}';

/** json.Unmarshal(text, &target). Throws GoError with Go's message. */
export function parseJson(text: string, target: JsonTarget = 'interface {}'): Value {
  const p = new JsonParser(text);
  p.skipSpace();
  const v = p.value();
  p.skipSpace();
  if (p.i < text.length) throw p.invalid('after top-level value');
  const first = text[skipJsonSpace(text)];
  if (target !== 'interface {}' && first !== 'n') {
    // The kind comes from the text: an out-of-range number decodes to nil but is still a number.
    const kind =
      first === '{'
        ? 'object'
        : first === '['
          ? 'array'
          : first === '"'
            ? 'string'
            : first === 't' || first === 'f'
              ? 'bool'
              : 'number';
    const ok = target === 'map[string]interface {}' ? kind === 'object' : kind === 'array';
    if (!ok) throw new GoError(`json: cannot unmarshal ${kind} into Go value of type ${target}`);
  }
  if (p.rangeError !== undefined) throw new JsonRangeError(p.rangeError, v);
  return v;
}

function skipJsonSpace(s: string): number {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Go's quoteChar: the offending byte as a quoted character. */
function quoteByte(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const q = quote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

/** First UTF-8 byte of the character at i: Go reports bytes, we hold UTF-16. */
function leadByte(s: string, i: number): number {
  const c = s.codePointAt(i) as number;
  if (c < 0x80) return c;
  if (c < 0x800) return 0xc0 | (c >> 6);
  if (c >= 0xdc80 && c <= 0xdcff) return c - 0xdc00; // an escaped byte (template/value.ts)
  if (c >= 0xd800 && c <= 0xdfff) return 0xed; // a lone surrogate, as WTF-8 would write it
  if (c < 0x10000) return 0xe0 | (c >> 12);
  return 0xf0 | (c >> 18);
}

/** Unescaped string text as Go decodes it: each byte of invalid UTF-8 becomes U+FFFD. */
const rawText = (seg: string): string =>
  hasInvalidUtf8(seg) ? seg.replace(/[\ud800-\udfff]/gu, '\ufffd') : seg;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** encoding/json's scanner refuses containers nested deeper than this. */
const MAX_NESTING_DEPTH = 10000;

/** An open array (its items so far) or object (its entries and the key being read). */
type Open = { items: Value[] } | { map: Map<string, Value>; key: string };

class JsonParser {
  i = 0;
  /** Go keeps decoding after a number out of range and reports it at the end. */
  rangeError: string | undefined;
  constructor(private readonly s: string) {}

  skipSpace(): void {
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++;
  }

  invalid(context: string): GoError {
    if (this.i >= this.s.length) {
      // Go's scanner ends input by feeding a space: inside a literal or an unfinished number
      // that space is the invalid character.
      if (context.includes('literal'))
        return new JsonSyntaxError(`invalid character ' ' ${context}`, this.s.length, true);
      return new JsonSyntaxError('unexpected end of JSON input', this.s.length, true);
    }
    return new JsonSyntaxError(
      `invalid character ${quoteByte(leadByte(this.s, this.i))} ${context}`,
      this.i + 1,
    );
  }

  /**
   * One value, containers included, walked with an explicit stack: nesting as deep as Go's
   * scanner allows (10000) never reaches the JS stack, and deeper fails with Go's text at the
   * opening bracket that goes too deep.
   */
  value(): Value {
    const stack: Open[] = [];
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      let v: Value;
      if (c === 0x5b || c === 0x7b) {
        if (stack.length >= MAX_NESTING_DEPTH) throw this.invalid('exceeded max depth');
        this.i++;
        this.skipSpace();
        if (c === 0x5b) {
          if (this.s.charCodeAt(this.i) !== 0x5d) {
            stack.push({ items: [] });
            continue;
          }
          this.i++;
          v = new GoList([]);
        } else {
          if (this.s.charCodeAt(this.i) !== 0x7d) {
            stack.push({ map: new Map(), key: this.objectKey() });
            continue;
          }
          this.i++;
          v = new GoMap(new Map());
        }
      } else v = this.scalar(c);
      // Hand the value to the open containers, closing those that end here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return v;
        if ('items' in top) top.items.push(v);
        else top.map.set(top.key, v);
        this.skipSpace();
        const d = this.s.charCodeAt(this.i);
        if (d === 0x2c) {
          this.i++;
          this.skipSpace();
          if ('map' in top) top.key = this.objectKey();
          break;
        }
        if ('items' in top ? d === 0x5d : d === 0x7d) {
          this.i++;
          stack.pop();
          v = 'items' in top ? new GoList(top.items) : new GoMap(top.map);
          continue;
        }
        throw this.invalid('items' in top ? 'after array element' : 'after object key:value pair');
      }
    }
  }

  /** A value that is not a container. */
  private scalar(c: number): Value {
    switch (c) {
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
    }
    if (c === 0x2d || isDigit(c)) return this.number();
    throw this.invalid('looking for beginning of value');
  }

  /** An object's key and its colon; leaves i at the value. */
  private objectKey(): string {
    if (this.s.charCodeAt(this.i) !== 0x22) throw this.invalid('looking for beginning of object key string');
    const key = this.string();
    this.skipSpace();
    if (this.s.charCodeAt(this.i) !== 0x3a) throw this.invalid('after object key');
    this.i++;
    this.skipSpace();
    return key;
  }

  private literal(word: string, v: Value): Value {
    for (let k = 1; k < word.length; k++) {
      this.i++;
      if (this.s[this.i] !== word[k]) throw this.invalid(`in literal ${word} (expecting '${word[k]}')`);
    }
    this.i++;
    return v;
  }

  private number(): number | null {
    const start = this.i;
    const s = this.s;
    if (s.charCodeAt(this.i) === 0x2d) {
      this.i++;
      if (!isDigit(s.charCodeAt(this.i))) throw this.invalid('in numeric literal');
    }
    if (s.charCodeAt(this.i) === 0x30) this.i++;
    else while (isDigit(s.charCodeAt(this.i))) this.i++;
    if (s.charCodeAt(this.i) === 0x2e) {
      this.i++;
      if (!isDigit(s.charCodeAt(this.i))) throw this.invalid('after decimal point in numeric literal');
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
    const e = s.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const sign = s.charCodeAt(this.i);
      if (sign === 0x2b || sign === 0x2d) this.i++;
      if (!isDigit(s.charCodeAt(this.i))) throw this.invalid('in exponent of numeric literal');
      while (isDigit(s.charCodeAt(this.i))) this.i++;
    }
    const lit = s.slice(start, this.i);
    const f = Number(lit);
    if (!Number.isFinite(f)) {
      this.rangeError ??= `json: cannot unmarshal number ${lit} into Go value of type float64`;
      return null;
    }
    return f;
  }

  private string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= s.length) throw this.invalid('');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += rawText(s.slice(start, this.i));
        this.i++;
        return out;
      }
      if (c < 0x20) throw this.invalid('in string literal');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += rawText(s.slice(start, this.i));
      this.i++;
      const e = s[this.i];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const r = this.hex4();
          if (r >= 0xd800 && r < 0xdc00 && s.startsWith('\\u', this.i + 1)) {
            // A surrogate pair needs both halves; Go checks the second without consuming on failure.
            const save = this.i;
            this.i += 2;
            const r2 = this.hex4();
            if (r2 >= 0xdc00 && r2 < 0xe000) {
              out += String.fromCharCode(r, r2);
              break;
            }
            this.i = save;
            out += '\ufffd';
            break;
          }
          out += r >= 0xd800 && r < 0xe000 ? '\ufffd' : String.fromCharCode(r);
          break;
        }
        default:
          throw this.invalid('in string escape code');
      }
      this.i++;
      start = this.i;
    }
  }

  /** Reads the 4 hex digits after `\u`; leaves i on the last digit. */
  private hex4(): number {
    let r = 0;
    for (let k = 0; k < 4; k++) {
      this.i++;
      const c = this.s.charCodeAt(this.i);
      let d: number;
      if (isDigit(c)) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else throw this.invalid('in \\u hexadecimal character escape');
      r = r * 16 + d;
    }
    return r;
  }
}

/**
 * json.Decoder.Decode of one value at the start of text (Helm's --set-json reads values this
 * way): the value and how many UTF-16 units it consumed (leading space included, trailing not).
 * At the end of input Go's Decoder says `EOF` / `unexpected EOF`.
 */
export function parseJsonPrefix(text: string): [Value, number] {
  const p = new JsonParser(text);
  p.skipSpace();
  if (p.i >= text.length) throw new GoError('EOF');
  let v: Value;
  try {
    v = p.value();
  } catch (e) {
    if (e instanceof JsonSyntaxError && e.atEnd) throw new GoError('unexpected EOF');
    throw e;
  }
  if (p.rangeError !== undefined) throw new GoError(p.rangeError);
  return [v, p.i];
}
