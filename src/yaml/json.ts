// Go's encoding/json writing: Marshal, MarshalIndent and Encoder.SetEscapeHTML(false), with
// Go's key order (bytewise), string escapes, float format and error texts.
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
import { jsonCycleGuard, type CycleGuard } from '../go/cycle.js';
import { compareUtf8 } from './utf8.js';

/** A Go value with a MarshalJSON method (time.Time and friends): returns the raw JSON text. */
export interface JsonMarshaler {
  marshalJSON(): string;
}

export const hasMarshalJSON = (v: object): v is JsonMarshaler =>
  typeof (v as Partial<JsonMarshaler>).marshalJSON === 'function';

export interface MarshalOptions {
  /** Escape `<`, `>` and `&` as `\u003c`… (json.Marshal does; Sprig's toRawJson does not). */
  escapeHTML?: boolean;
  /** MarshalIndent's indent unit; undefined writes compact JSON. */
  indent?: string;
  /** The value is encoded through a pointer (`enc.Encode(&v)`), which counts as one nesting level for cycle detection. */
  viaPointer?: boolean;
}

/** json.Marshal. Throws GoError with Go's text (`json: unsupported value: NaN`). */
export function marshalJson(v: Value, opts: MarshalOptions = {}): string {
  const w = new JsonWriter(opts.escapeHTML ?? true, opts.indent, opts.viaPointer ? 1 : 0);
  w.value(v, 0);
  return w.out;
}

const HEX = '0123456789abcdef';

/** Appends a JSON string literal as Go writes it. */
export function quoteJsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && !(escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)))
        continue;
      out += s.slice(start, i);
      switch (c) {
        case 0x22:
          out += '\\"';
          break;
        case 0x5c:
          out += '\\\\';
          break;
        case 0x08:
          out += '\\b';
          break;
        case 0x0c:
          out += '\\f';
          break;
        case 0x0a:
          out += '\\n';
          break;
        case 0x0d:
          out += '\\r';
          break;
        case 0x09:
          out += '\\t';
          break;
        default:
          out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
      }
      start = i + 1;
      continue;
    }
    if (c === 0x2028 || c === 0x2029) {
      // Go escapes the JS line separators so JSON stays valid inside <script>.
      out += s.slice(start, i) + (c === 0x2028 ? '\\u2028' : '\\u2029');
      start = i + 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const paired = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (paired) i++;
      else {
        // A lone surrogate is what invalid UTF-8 becomes here; Go writes U+FFFD as an escape.
        out += s.slice(start, i) + '\\ufffd';
        start = i + 1;
      }
    }
  }
  return out + s.slice(start) + '"';
}

const isExportedName = (name: string): boolean => {
  const c = name.codePointAt(0);
  if (c === undefined) return false;
  const ch = String.fromCodePoint(c);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
};

/** Go's float64 JSON form: shortest digits, 'e' form outside [1e-6, 1e21), exponent tidied. */
export function formatJsonFloat(f: number): string {
  if (!Number.isFinite(f))
    throw new GoError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // JS Number#toString picks the same shortest digits and switches to exponent form at the
  // same thresholds, writing `1e-7` and `1e+21` exactly as Go's cleanup does.
  return String(f);
}

/** An open array or object being written: what is left of it and how to close it. */
interface Open {
  items?: readonly Value[];
  fields?: readonly (readonly [string, Value])[];
  next: number;
  depth: number;
  /** The map or slice under cycle watch until it is closed. */
  guarded?: GoMap | GoList;
}

/**
 * Writes with an explicit stack of open containers: Go's encoder recurses on a stack that
 * grows to a gigabyte, so values nested 100,000 deep (`--set a[0][0]…`) marshal there too.
 */
class JsonWriter {
  out = '';
  private readonly guard: CycleGuard;

  constructor(
    private readonly escapeHTML: boolean,
    private readonly indent: string | undefined,
    level: number,
  ) {
    this.guard = jsonCycleGuard(level);
  }

  private newline(depth: number): void {
    if (this.indent !== undefined) this.out += '\n' + this.indent.repeat(depth);
  }

  value(root: Value, rootDepth: number): void {
    const stack: Open[] = [];
    let v = root;
    let depth = rootDepth;
    for (;;) {
      const open = this.start(v, depth);
      if (open !== undefined) stack.push(open);
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return;
        const { items, fields } = top;
        if (top.next < (items ?? fields ?? []).length) {
          if (top.next > 0) this.out += ',';
          this.newline(top.depth + 1);
          if (items !== undefined) v = items[top.next] as Value;
          else {
            const [k, x] = (fields as readonly (readonly [string, Value])[])[top.next]!;
            this.out += quoteJsonString(k, this.escapeHTML) + (this.indent !== undefined ? ': ' : ':');
            v = x;
          }
          top.next++;
          depth = top.depth + 1;
          break;
        }
        this.newline(top.depth);
        this.out += items !== undefined ? ']' : '}';
        if (top.guarded !== undefined) this.guard.leave(top.guarded);
        stack.pop();
      }
    }
  }

  /** Writes a scalar or an empty container whole; opens any other container. */
  private start(v: Value, depth: number): Open | undefined {
    if (v === null) {
      this.out += 'null';
      return undefined;
    }
    switch (typeof v) {
      case 'string':
        this.out += quoteJsonString(v, this.escapeHTML);
        return undefined;
      case 'boolean':
        this.out += v ? 'true' : 'false';
        return undefined;
      case 'number':
        this.out += formatJsonFloat(v);
        return undefined;
    }
    if (v instanceof GoInt) {
      this.out += v.v.toString();
    } else if (v instanceof GoMap) {
      if (v.nil) this.out += 'null';
      else {
        this.guard.enter(v);
        const keys = [...v.entries.keys()].sort(compareUtf8);
        return this.open(
          { fields: keys.map((k) => [k, v.entries.get(k) as Value]), next: 0, depth, guarded: v },
          '{',
        );
      }
    } else if (v instanceof GoList) {
      if (v.nil) this.out += 'null';
      else {
        this.guard.enter(v);
        return this.open({ items: v.items, next: 0, depth, guarded: v }, '[');
      }
    } else if (v instanceof Uint8Array) {
      this.out += '"' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') + '"';
    } else if (v instanceof GoObject) {
      return this.object(v, depth);
    } else if (v instanceof GoFunc || v instanceof GoComplex) {
      throw new GoError(`json: unsupported type: ${typeOf(v)}`);
    }
    return undefined;
  }

  /** `[]`/`{}` for an empty container (closed at once), else its opening bracket. */
  private open(o: Open, bracket: '[' | '{'): Open | undefined {
    if ((o.items ?? o.fields ?? []).length > 0) {
      this.out += bracket;
      return o;
    }
    this.out += bracket === '[' ? '[]' : '{}';
    if (o.guarded !== undefined) this.guard.leave(o.guarded);
    return undefined;
  }

  private object(o: GoObject, depth: number): Open | undefined {
    if (hasMarshalJSON(o)) {
      // Go compacts (and HTML-escapes) what MarshalJSON returns; our marshalers return compact text.
      this.out += o.marshalJSON();
      return undefined;
    }
    // A named basic type (time.Duration) marshals as its underlying value.
    const under = o.underlying();
    if (under !== undefined) return this.start(under, depth);
    if (o.goKind === 'struct' || o.goKind === 'ptr') {
      if (o.goKind === 'ptr' && !o.truth()) {
        this.out += 'null';
        return undefined;
      }
      const fields = o.jsonFields() ?? o.fields().filter(([name]) => isExportedName(name));
      return this.open({ fields, next: 0, depth }, '{');
    }
    throw new GoError(`json: unsupported type: ${o.goType}`);
  }
}
