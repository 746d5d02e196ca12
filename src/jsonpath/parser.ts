// client-go's util/jsonpath parser (k8s.io/client-go v0.37.2, as helm v4.3.2 uses it): the
// template is text and `{…}` actions; an action is a list of nodes (fields, array slices,
// filters, unions, literals, `range`/`end`). Sub-expressions (union members, dict keys, filter
// sides) are re-parsed as whole templates, as client-go does, so their quirks carry over.
import { isPrint } from '../go/strconv/format.js';
import { atoi, parseFloat as goParseFloat, unquoteChar } from '../go/strconv/parse.js';
import { utf8Decode } from '../go/value.js';

export interface Param {
  known: boolean;
  value: bigint;
  derived: boolean;
}
export interface ListNode {
  t: 'list';
  nodes: Node[];
}
export type Node =
  | ListNode
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'ident'; name: string }
  | { t: 'array'; params: [Param, Param, Param] }
  | { t: 'filter'; left: ListNode; right: ListNode; op: string }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; nodes: ListNode[] };

/** A template parse error; the message is client-go's. */
export class JsonPathParseError extends Error {
  override name = 'JsonPathParseError';
}

const EOF = -1;
const fail = (msg: string): never => {
  throw new JsonPathParseError(msg);
};

/** fmt's %#U: `U+0023 '#'`, the quoted character only when printable. */
function formatU(r: number): string {
  const hex = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(r) ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

const isSpace = (r: number): boolean => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number): boolean => r === 0x0d || r === 0x0a;
const isDigit = (r: number): boolean => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number): boolean =>
  r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));

function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || '.,[]$@{}'.includes(String.fromCharCode(r));
}

const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

class Parser {
  root: ListNode = { t: 'list', nodes: [] };
  private pos = 0;
  private start = 0;
  private width = 0;
  constructor(private readonly input: string) {}

  private consume(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }
  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }
  private peek(): number {
    const r = this.next();
    this.pos -= this.width;
    return r;
  }
  private backup(): void {
    this.pos -= this.width;
  }
  private rest(): string {
    return this.input.slice(this.pos);
  }

  parseText(): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) this.root.nodes.push({ t: 'text', text: this.consume() });
        this.pos += 1;
        this.consume();
        const list: ListNode = { t: 'list', nodes: [] };
        this.root.nodes.push(list);
        return this.parseInsideAction(list);
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) this.root.nodes.push({ t: 'text', text: this.consume() });
  }

  // Each parse step ends by scanning on, as client-go's mutually recursive functions do; the
  // loop here stands in for that tail recursion.
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consume();
        return this.parseText();
      }
      if (rest.startsWith('[?(')) this.parseFilter(cur);
      else if (rest.startsWith('..')) this.parseRecursive(cur);
      else {
        const r = this.next();
        if (r === EOF || isEndOfLine(r)) fail('unclosed action');
        else if (r === 0x20 || r === 0x40 || r === 0x24) this.consume();
        else if (r === 0x5b) this.parseArray(cur);
        else if (r === 0x22 || r === 0x27) this.parseQuote(cur, r);
        else if (r === 0x2e) this.parseField(cur);
        else if (r === 0x2b || r === 0x2d || isDigit(r)) {
          this.backup();
          this.parseNumber(cur);
        } else if (isAlphaNumeric(r)) {
          this.backup();
          this.parseIdentifier(cur);
        } else fail(`unrecognized character in action: ${formatU(r)}`);
      }
    }
  }

  private parseIdentifier(cur: ListNode): void {
    while (!isTerminator(this.next()));
    this.backup();
    const v = this.consume();
    cur.nodes.push(v === 'true' || v === 'false' ? { t: 'bool', v: v === 'true' } : { t: 'ident', name: v });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last?.t === 'recursive') fail('invalid multiple recursive descent');
    this.pos += 2;
    this.consume();
    cur.nodes.push({ t: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      const c = this.next();
      if (c !== 0x2e && !isDigit(c)) {
        this.backup();
        break;
      }
    }
    const v = this.consume();
    try {
      cur.nodes.push({ t: 'int', v: atoi(v) });
      return;
    } catch {
      // not an int: a float, or nothing
    }
    try {
      cur.nodes.push({ t: 'float', v: goParseFloat(v) });
    } catch {
      fail(`cannot parse number ${v}`);
    }
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) fail('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.consume().slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      const nodes = strs.map((s) => parseAction(`[${trimSpaces(s)}]`));
      cur.nodes.push({ t: 'union', nodes });
      return;
    }
    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    const m = SLICE.exec(text);
    if (!m) return fail(`invalid array index ${text}`);
    const params: Param[] = [];
    for (let i = 0; i < 3; i++) {
      let s = m[i + 1] ?? '';
      if (s !== '') {
        if (i > 0) s = s.slice(1);
        if (i > 0 && s === '') params.push({ known: false, value: 0n, derived: false });
        else {
          let value = 0n;
          try {
            value = atoi(s);
          } catch {
            fail(`array index ${s} is not a number`);
          }
          params.push({ known: true, value, derived: false });
        }
      } else if (i === 1) {
        params.push({ known: true, value: BigInt.asIntN(64, params[0]!.value + 1n), derived: true });
      } else params.push({ known: false, value: 0n, derived: false });
    }
    cur.nodes.push({ t: 'array', params: params as [Param, Param, Param] });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) fail('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 && begin === end) break;
    }
    if (this.next() !== 0x5d) fail('unclosed array expect ]');
    const text = this.consume().slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) {
      cur.nodes.push({ t: 'filter', left: parseAction(text), right: { t: 'list', nodes: [] }, op: 'exists' });
    } else {
      const left = parseAction(m[1]!);
      const right = parseAction(m[3]!);
      cur.nodes.push({ t: 'filter', left, right, op: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) fail('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const v = this.consume();
    let s: string;
    try {
      s = unquoteExtend(v);
    } catch {
      return fail(`unquote string ${v} error invalid syntax`);
    }
    cur.nodes.push({ t: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consume();
    for (;;) {
      const r = this.next();
      if (r === 0x5c) this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const v = this.consume();
    cur.nodes.push(v === '*' ? { t: 'wildcard' } : { t: 'field', name: v.replaceAll('\\', '') });
  }
}

const trimSpaces = (s: string): string => s.replace(/^ +| +$/g, '');

/** client-go's UnquoteExtend: strconv.Unquote that also takes multi-character '…' strings. */
function unquoteExtend(s: string): string {
  const q = s[0];
  if (s.length < 2 || q !== s[s.length - 1] || (q !== '"' && q !== "'")) throw new Error('syntax');
  let body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(q)) return body;
  const bytes: number[] = [];
  while (body.length > 0) {
    const c = unquoteChar(body, q);
    body = c.tail;
    if (c.value < 0x80 || !c.multibyte) bytes.push(c.value);
    else for (const b of Buffer.from(String.fromCodePoint(c.value))) bytes.push(b);
  }
  // Bytes of invalid UTF-8 (`\xff`) stay bytes (value.ts escaped bytes), as in Go.
  return utf8Decode(Uint8Array.from(bytes));
}

/** A whole template: text and action lists. Throws JsonPathParseError. */
export function parseTemplate(text: string): ListNode {
  const p = new Parser(text);
  p.parseText();
  return p.root;
}

/** An action's text parsed as client-go's parseAction does (`{` + text + `}`, first node). */
function parseAction(text: string): ListNode {
  return parseTemplate(`{${text}}`).nodes[0] as ListNode;
}
