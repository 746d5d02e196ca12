// Go's encoding/json (v1) Decoder.Decode into the one struct `search hub` reads (internal/monocular's
// searchResponse). helm ignores the decode error and prints whatever landed in the struct, so the
// partial results are what must match: the first JSON value is checked for syntax before anything
// is stored (a syntax error stores nothing); keys match fields exactly or case-insensitively (Go's
// folding: ASCII, K for U+212A, S for U+017F); a value of the wrong kind is skipped and decoding
// goes on; a duplicate key decodes into the value already there (structs merge, slice elements are
// reused); `created` (time.Time's UnmarshalJSON) stops the whole decode when it is not an RFC 3339
// string, keeping what was stored so far; invalid UTF-8 and lone surrogates become U+FFFD.
import { parseTime, UTC, localLocation } from '../funcs/timefmt.js';

type Shape =
  | { kind: 'string' }
  | { kind: 'time' }
  | { kind: 'slice'; elem: Shape }
  | { kind: 'struct'; fields: Record<string, Shape> };

const S: Shape = { kind: 'string' };
const struct = (fields: Record<string, Shape>): Shape => ({ kind: 'struct', fields });
const slice = (elem: Shape): Shape => ({ kind: 'slice', elem });

const LINKS = struct({ self: S });
const SEARCH_RESULT = struct({
  id: S,
  artifactHub: struct({ packageUrl: S }),
  type: S,
  attributes: struct({
    name: S,
    repo: struct({ name: S, url: S }),
    description: S,
    home: S,
    keywords: slice(S),
    maintainers: slice(struct({ name: S, email: S, url: S })),
    sources: slice(S),
    icon: S,
  }),
  links: LINKS,
  relationships: struct({
    latestChartVersion: struct({
      data: struct({
        version: S,
        app_version: S,
        created: { kind: 'time' },
        digest: S,
        urls: slice(S),
        readme: S,
        values: S,
      }),
      links: LINKS,
    }),
  }),
});
const RESPONSE = struct({ data: slice(SEARCH_RESULT) });

// ---- syntax tree ---------------------------------------------------------------------------------

type Node =
  | { t: 'obj'; entries: [string, Node][] }
  | { t: 'arr'; items: Node[] }
  | { t: 'str'; value: string; start: number; end: number }
  | { t: 'lit'; kind: 'number' | 'bool' | 'null' };

class SyntaxErr extends Error {}

/** Go's utf8 decoding: each byte of an invalid sequence is one U+FFFD. */
function goUtf8(b: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let n = 0;
    let cp = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) [n, cp] = [1, c & 0x1f];
    else if (c >= 0xe0 && c <= 0xef) {
      [n, cp] = [2, c & 0x0f];
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      [n, cp] = [3, c & 0x07];
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    }
    let ok = n > 0 && i + n < end;
    for (let k = 1; ok && k <= n; k++) {
      const x = b[i + k]!;
      if (x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) ok = false;
      else cp = (cp << 6) | (x & 0x3f);
    }
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}

class Parser {
  i = 0;
  constructor(private readonly b: Uint8Array) {}

  private ws(): void {
    const b = this.b;
    while (this.i < b.length) {
      const c = b[this.i]!;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.i++;
    }
  }

  value(depth: number): Node {
    // Go's scanner refuses nesting deeper than 10000.
    if (depth > 10000) throw new SyntaxErr();
    this.ws();
    const c = this.b[this.i];
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x22) return this.string();
    if (c === 0x74) return this.word('true', 'bool');
    if (c === 0x66) return this.word('false', 'bool');
    if (c === 0x6e) return this.word('null', 'null');
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    throw new SyntaxErr();
  }

  private word(w: string, kind: 'bool' | 'null'): Node {
    for (let k = 0; k < w.length; k++) if (this.b[this.i + k] !== w.charCodeAt(k)) throw new SyntaxErr();
    this.i += w.length;
    return { t: 'lit', kind };
  }

  private digits(): number {
    const s = this.i;
    while (this.i < this.b.length && this.b[this.i]! >= 0x30 && this.b[this.i]! <= 0x39) this.i++;
    return this.i - s;
  }

  private number(): Node {
    const b = this.b;
    if (b[this.i] === 0x2d) this.i++;
    if (b[this.i] === 0x30) this.i++;
    else if (this.digits() === 0) throw new SyntaxErr();
    if (b[this.i] === 0x2e) {
      this.i++;
      if (this.digits() === 0) throw new SyntaxErr();
    }
    if (b[this.i] === 0x65 || b[this.i] === 0x45) {
      this.i++;
      if (b[this.i] === 0x2b || b[this.i] === 0x2d) this.i++;
      if (this.digits() === 0) throw new SyntaxErr();
    }
    return { t: 'lit', kind: 'number' };
  }

  private hex4(at: number): number {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.b[at + k];
      if (c === undefined) return -1;
      const d =
        c >= 0x30 && c <= 0x39
          ? c - 0x30
          : c >= 0x61 && c <= 0x66
            ? c - 0x57
            : c >= 0x41 && c <= 0x46
              ? c - 0x37
              : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  private string(): Node & { t: 'str' } {
    const b = this.b;
    const start = ++this.i;
    let out = '';
    let run = start;
    for (;;) {
      const c = b[this.i];
      if (c === undefined || c < 0x20) throw new SyntaxErr();
      if (c === 0x22) break;
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += goUtf8(b, run, this.i);
      const e = b[this.i + 1];
      const simple: Record<number, string> = {
        0x22: '"',
        0x5c: '\\',
        0x2f: '/',
        0x62: '\b',
        0x66: '\f',
        0x6e: '\n',
        0x72: '\r',
        0x74: '\t',
      };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.i += 2;
      } else if (e === 0x75) {
        let r = this.hex4(this.i + 2);
        if (r < 0) throw new SyntaxErr();
        this.i += 6;
        if (r >= 0xd800 && r < 0xe000) {
          // A surrogate pair becomes one rune; a lone surrogate is U+FFFD.
          const lo = b[this.i] === 0x5c && b[this.i + 1] === 0x75 ? this.hex4(this.i + 2) : -1;
          if (r < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
            r = 0x10000 + ((r - 0xd800) << 10) + (lo - 0xdc00);
            this.i += 6;
          } else r = 0xfffd;
        }
        out += String.fromCodePoint(r);
      } else throw new SyntaxErr();
      run = this.i;
    }
    out += goUtf8(b, run, this.i);
    this.i++;
    return { t: 'str', value: out, start, end: this.i - 1 };
  }

  private object(depth: number): Node {
    this.i++;
    const entries: [string, Node][] = [];
    this.ws();
    if (this.b[this.i] === 0x7d) {
      this.i++;
      return { t: 'obj', entries };
    }
    for (;;) {
      this.ws();
      if (this.b[this.i] !== 0x22) throw new SyntaxErr();
      const key = this.string().value;
      this.ws();
      if (this.b[this.i] !== 0x3a) throw new SyntaxErr();
      this.i++;
      entries.push([key, this.value(depth + 1)]);
      this.ws();
      const c = this.b[this.i++];
      if (c === 0x7d) return { t: 'obj', entries };
      if (c !== 0x2c) throw new SyntaxErr();
    }
  }

  private array(depth: number): Node {
    this.i++;
    const items: Node[] = [];
    this.ws();
    if (this.b[this.i] === 0x5d) {
      this.i++;
      return { t: 'arr', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.b[this.i++];
      if (c === 0x5d) return { t: 'arr', items };
      if (c !== 0x2c) throw new SyntaxErr();
    }
  }
}

// ---- decoding into the struct --------------------------------------------------------------------

/** A decoded Go value: string, struct (field map), slice (null when nil) or a time (ignored). */
export type GoVal = string | GoStruct | GoVal[] | null;
export interface GoStruct {
  [field: string]: GoVal | undefined;
}

class Stop extends Error {}

const fold = (s: string): string =>
  s.replace(/[a-z\u212a\u017f]/g, (c) => (c === '\u212a' ? 'K' : c === '\u017f' ? 'S' : c.toUpperCase()));

function field(fields: Record<string, Shape>, key: string): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  const f = fold(key);
  return Object.keys(fields).find((k) => fold(k) === f);
}

function zero(shape: Shape): GoVal {
  if (shape.kind === 'string') return '';
  if (shape.kind === 'struct') return {};
  return null;
}

function validTime(b: Uint8Array, n: Node): void {
  // UnmarshalJSON sees the raw bytes: anything but a string is refused, escapes are not decoded.
  if (n.t === 'lit' && n.kind === 'null') return;
  if (n.t !== 'str') throw new Stop();
  const raw = Buffer.from(b.subarray(n.start, n.end)).toString('latin1');
  if (/[^\x20-\x7e]/.test(raw)) throw new Stop();
  try {
    parseTime('2006-01-02T15:04:05Z07:00', raw, UTC, localLocation());
  } catch {
    throw new Stop();
  }
}

type Holder = GoStruct | GoVal[];

/** Decodes n into holder[key], in place: a stop leaves everything stored so far where it is. */
function into(b: Uint8Array, shape: Shape, n: Node, holder: Holder, key: string | number): void {
  const h = holder as Record<string | number, GoVal | undefined>;
  if (shape.kind === 'time') {
    validTime(b, n);
    return;
  }
  if (n.t === 'lit' && n.kind === 'null') {
    if (shape.kind === 'slice') h[key] = null;
    return;
  }
  switch (shape.kind) {
    case 'string':
      if (n.t === 'str') h[key] = n.value;
      return;
    case 'struct': {
      if (n.t !== 'obj') return;
      const s = h[key] as GoStruct;
      for (const [k, v] of n.entries) {
        const f = field(shape.fields, k);
        if (f === undefined) continue;
        const fs = shape.fields[f]!;
        if (s[f] === undefined) s[f] = zero(fs);
        into(b, fs, v, s, f);
      }
      return;
    }
    case 'slice': {
      if (n.t !== 'arr') return;
      // Elements already there are decoded into, as Go's reflect-based decoder does; the length is
      // cut to the array's only at the end.
      const a = (h[key] as GoVal[] | null | undefined) ?? [];
      h[key] = a;
      n.items.forEach((item, i) => {
        if (i >= a.length) a.push(zero(shape.elem));
        into(b, shape.elem, item, a, i);
      });
      a.length = n.items.length;
      return;
    }
  }
}

/** The `data` list as helm's decoder leaves it (empty on a syntax error). */
export function decodeHubResponse(body: Uint8Array): GoStruct[] {
  let tree: Node;
  try {
    tree = new Parser(body).value(0);
  } catch (err) {
    if (err instanceof SyntaxErr) return [];
    throw err;
  }
  const top: GoStruct = {};
  try {
    into(body, RESPONSE, tree, { top }, 'top');
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return ((top.data as GoVal[] | null | undefined) ?? []) as GoStruct[];
}
