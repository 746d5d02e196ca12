// Helm's TOML functions (toToml, mustToToml, fromToml), byte-exact with BurntSushi/toml
// v1.6.0 as Helm 4.3.2 calls it. The encoder follows encode.go's walk (direct keys before
// sub-tables, each sorted bytewise; `[a.b]` headers indented per level; nil values
// skipped). The decoder follows lex.go's state machine and parse.go's bookkeeping, because
// users see its error texts (`toml: line N (last key "k"): …`) in fromToml's `Error` key and
// its quirks (which redefinitions pass) decide what a chart gets.
import { quote, quoteRune } from '../go/strconv/format-quote.js';
import { formatFloat } from '../go/strconv/format.js';
import {
  NumError,
  ERR_RANGE,
  parseFloat as goParseFloat,
  parseInt as goParseInt,
} from '../go/strconv/parse.js';
import {
  GoComplex,
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  int64,
  type Value,
} from '../go/value.js';
import { crashCycleGuard } from '../go/cycle.js';
import { run, type Step } from '../yaml/steps.js';
import { GoDuration, GoTime } from './dates.js';
import { UTC, durationString, fixedZone, localLocation, parseTime, type GoLocation } from './timefmt.js';

// ---- shared: key quoting (meta.go Key.String / maybeQuoted) ----------------------------

const CONTROL_ESC: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/** encode.go's dblQuotedReplacer: `"` and `\` escaped, C0 controls and DEL as \uXXXX. */
function dblQuoted(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/["\\\x00-\x1f\x7f]/g, (c) => {
    if (c === '"' || c === '\\') return '\\' + c;
    return CONTROL_ESC[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const keyPart = (k: string): string => (k === '' ? '""' : BARE_KEY.test(k) ? k : `"${dblQuoted(k)}"`);
/** Key.String(): parts joined by `.`, each bare or quoted. */
const keyString = (key: readonly string[]): string => key.map(keyPart).join('.');

/** Go's string order is bytewise UTF-8, which is code point order (not UTF-16 order). */
function cmpBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

// Locations that mark TOML's local datetime/date/time (internal.LocalDatetime …): fixed zones
// at the local offset, recognised by identity when encoding, as Go compares *Location pointers.
interface LocalZones {
  base: GoLocation;
  datetime: GoLocation;
  date: GoLocation;
  time: GoLocation;
}
let localZones: LocalZones | undefined;
function tomlLocalZones(): LocalZones {
  const base = localLocation();
  if (localZones?.base !== base) {
    const off = base.lookup(Math.floor(Date.now() / 1000)).offset;
    localZones = {
      base,
      datetime: fixedZone('datetime-local', off),
      date: fixedZone('date-local', off),
      time: fixedZone('time-local', off),
    };
  }
  return localZones;
}

// ---- encoder ---------------------------------------------------------------------------

/** An error the encoder reports as Encode's result (tomlEncodeError); anything else is a panic. */
class EncodeError extends GoError {}

const ERR_NIL_ELEM = 'toml: cannot encode array with nil element';
const ERR_NO_KEY = 'toml: top-level values must be Go maps or structs';

type TomlType = 'Integer' | 'Float' | 'Datetime' | 'String' | 'Bool' | 'Array' | 'Hash' | 'ArrayHash';

/** reflect kind names for error texts. */
function goKindName(v: Value): string {
  if (v instanceof GoComplex) return 'complex128';
  if (v instanceof GoFunc) return 'func';
  if (v instanceof GoObject) return v.goKind;
  return 'invalid';
}

/** Go's isNil on an element after eindirect: nil interfaces, maps and slices. */
const isNil = (v: Value): boolean => v === null || ((v instanceof GoMap || v instanceof GoList) && v.nil);

/** A struct-like GoObject (other than time.Time / Duration), encoded as a table of its fields. */
const isStruct = (v: Value): v is GoObject =>
  v instanceof GoObject &&
  !(v instanceof GoTime) &&
  !(v instanceof GoDuration) &&
  (v.goKind === 'struct' || v.goKind === 'ptr');

/** tomlTypeOfGo: undefined for nil; throws for types TOML cannot hold. */
function tomlTypeOf(v: Value): TomlType | undefined {
  if (isNil(v)) return undefined;
  if (v instanceof GoTime) return 'Datetime';
  if (typeof v === 'boolean') return 'Bool';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'Float';
  if (v instanceof GoInt || v instanceof GoDuration) return 'Integer';
  if (v instanceof GoList || v instanceof Uint8Array) return isTableArray(v) ? 'ArrayHash' : 'Array';
  if (v instanceof GoMap || isStruct(v)) return 'Hash';
  throw new EncodeError('unsupported type: ' + goKindName(v));
}

/** Whether every element is a table; a nil element anywhere is an error. */
function isTableArray(v: GoList | Uint8Array): boolean {
  if (v instanceof Uint8Array) return false;
  if (v.nil || v.items.length === 0) return false;
  let ret = true;
  for (const e of v.items) {
    const t = tomlTypeOf(e);
    if (t === undefined) throw new EncodeError(ERR_NIL_ELEM);
    if (t !== 'Hash') ret = false;
  }
  return ret;
}

const typeIsTable = (t: TomlType | undefined): boolean => t === 'Hash' || t === 'ArrayHash';

const f64 = new DataView(new ArrayBuffer(8));
/** math.Signbit, which also sees a NaN's sign (V8 keeps NaN bit patterns). */
function signbit(f: number): boolean {
  f64.setFloat64(0, f);
  return f64.getUint8(0) >= 0x80;
}
/** A NaN with the sign bit set, as math.Copysign(NaN, -1). */
function negativeNaN(): number {
  f64.setFloat64(0, NaN);
  f64.setUint8(0, f64.getUint8(0) | 0x80);
  return f64.getFloat64(0);
}

/** By the TOML spec a float needs a '.' or an exponent. */
const floatAddDecimal = (s: string): string => (/[.e]/.test(s) ? s : s + '.0');

/**
 * A key path as a chain to its parent: deep tables share their ancestors' parts, so a value
 * nested 10,000 levels keeps O(depth) keys, not O(depth²).
 */
class KeyPath {
  constructor(
    readonly parent: KeyPath | undefined,
    readonly last: string,
    readonly length: number,
  ) {}

  child(k: string): KeyPath {
    return new KeyPath(this, k, this.length + 1);
  }

  /** Key.String(). */
  toString(): string {
    const parts: string[] = [this.last];
    for (let k = this.parent; k !== undefined && k.length > 0; k = k.parent) parts.push(k.last);
    return this.length === 0 ? '' : parts.reverse().map(keyPart).join('.');
  }
}

const ROOT_KEY = new KeyPath(undefined, '', 0);

/**
 * BurntSushi's encoder. Go recurses per level with a stack that grows to a gigabyte; here every
 * recursive method is a step run on an array (yaml/steps.ts), so 10,000-deep values encode too.
 */
class Encoder {
  private readonly guard = crashCycleGuard('toml encoder');
  private out = '';
  private hasWritten = false;
  private readonly indent = '  ';

  result(): string {
    return this.out;
  }

  private write(s: string): void {
    this.out += s;
    this.hasWritten = true;
  }

  private newline(): void {
    if (this.hasWritten) this.write('\n');
  }

  private indentStr(key: KeyPath): string {
    return this.indent.repeat(Math.max(0, key.length - 1));
  }

  *encode(key: KeyPath, v: Value): Step<void> {
    if (v instanceof GoTime || v instanceof GoDuration) {
      yield this.writeKeyValue(key, v, false);
      return;
    }
    if (v === null) return;
    if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number' || v instanceof GoInt) {
      yield this.writeKeyValue(key, v, false);
      return;
    }
    if (v instanceof GoList || v instanceof Uint8Array) {
      if (tomlTypeOf(v) === 'ArrayHash') yield this.eArrayOfTables(key, v as GoList);
      else yield this.writeKeyValue(key, v, false);
      return;
    }
    if (v instanceof GoMap) {
      if (!v.nil) yield this.eTable(key, v);
      return;
    }
    if (isStruct(v)) {
      yield this.eTable(key, v);
      return;
    }
    throw new EncodeError(`unsupported type for key '${key.toString()}': ${goKindName(v)}`);
  }

  private *eElement(v: Value): Step<void> {
    if (v instanceof GoTime) return this.write(formatTomlTime(v));
    if (v instanceof GoDuration) return this.writeQuoted(durationString(v.ns));
    if (typeof v === 'string') return this.writeQuoted(v);
    if (typeof v === 'boolean') return this.write(v ? 'true' : 'false');
    if (v instanceof GoInt) return this.write(v.v.toString());
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return this.write(signbit(v) ? '-nan' : 'nan');
      if (!Number.isFinite(v)) return this.write(v < 0 ? '-inf' : 'inf');
      return this.write(floatAddDecimal(formatFloat(v, 'g', -1, 64)));
    }
    if (v instanceof Uint8Array) {
      yield this.eArray(Array.from(v, (b) => new GoInt('uint8', BigInt(b))));
      return;
    }
    if (v instanceof GoList) {
      yield this.eArray(v.items);
      return;
    }
    if (v instanceof GoMap) {
      yield this.eMap(ROOT_KEY, v, true);
      return;
    }
    if (isStruct(v)) {
      yield this.eStruct(ROOT_KEY, v, true);
      return;
    }
    throw new EncodeError(`unexpected type: ${goKindName(v)}`);
  }

  private writeQuoted(s: string): void {
    this.write(`"${dblQuoted(s)}"`);
  }

  private *eArray(items: readonly Value[]): Step<void> {
    this.write('[');
    for (let i = 0; i < items.length; i++) {
      yield this.eElement(items[i]!);
      if (i !== items.length - 1) this.write(', ');
    }
    this.write(']');
  }

  private *eArrayOfTables(key: KeyPath, v: GoList): Step<void> {
    if (key.length === 0) throw new EncodeError(ERR_NO_KEY);
    for (const e of v.items) {
      if (isNil(e)) continue;
      this.newline();
      this.write(`${this.indentStr(key)}[[${key.toString()}]]`);
      this.newline();
      yield this.eMapOrStruct(key, e, false);
    }
  }

  private *eTable(key: KeyPath, v: GoMap | GoObject): Step<void> {
    // An extra newline between top-level tables (none before the first output).
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indentStr(key)}[${key.toString()}]`);
      this.newline();
    }
    yield this.eMapOrStruct(key, v, false);
  }

  private *eMapOrStruct(key: KeyPath, v: Value, inline: boolean): Step<void> {
    if (v instanceof GoMap) yield this.eMap(key, v, inline);
    else if (isStruct(v)) yield this.eStruct(key, v, inline);
    else throw new Error('eTable: unhandled reflect.Value Kind: ' + goKindName(v));
  }

  private *eMap(key: KeyPath, m: GoMap, inline: boolean): Step<void> {
    this.guard.enter(m);
    const direct: string[] = [];
    const sub: string[] = [];
    for (const [k, val] of m.entries) (typeIsTable(tomlTypeOf(val)) ? sub : direct).push(k);
    yield this.writePairs(
      key,
      inline,
      [direct, sub].map((ks) => ks.sort(cmpBytes).map((k): [string, Value] => [k, m.entries.get(k)!])),
    );
    this.guard.leave(m);
  }

  /** Structs (GoObjects with fields): declaration order, direct fields before sub-tables. */
  private *eStruct(key: KeyPath, o: GoObject, inline: boolean): Step<void> {
    const direct: [string, Value][] = [];
    const sub: [string, Value][] = [];
    for (const [k, val] of o.fields()) {
      // Unexported fields are invisible to the encoder, as to reflection from another package.
      if (!/^\p{Lu}/u.test(k)) continue;
      (typeIsTable(tomlTypeOf(val)) ? sub : direct).push([k, val]);
    }
    yield this.writePairs(key, inline, [direct, sub]);
  }

  private *writePairs(key: KeyPath, inline: boolean, [direct, sub]: [string, Value][][]): Step<void> {
    if (inline) this.write('{');
    for (const [pairs, trailComma] of [
      [direct!, sub!.length > 0],
      [sub!, false],
    ] as const) {
      for (let i = 0; i < pairs.length; i++) {
        const [k, val] = pairs[i]!;
        if (isNil(val)) continue; // the comma logic still counts skipped entries, as Go's does
        if (inline) {
          yield this.writeKeyValue(ROOT_KEY.child(k), val, true);
          if (trailComma || i !== pairs.length - 1) this.write(', ');
        } else {
          yield this.encode(key.child(k), val);
        }
      }
    }
    if (inline) this.write('}');
  }

  private *writeKeyValue(key: KeyPath, v: Value, inline: boolean): Step<void> {
    if (key.length === 0) {
      yield this.eElement(v);
      return;
    }
    this.write(`${this.indentStr(key)}${keyPart(key.last)} = `);
    yield this.eElement(v);
    if (!inline) this.newline();
  }
}

/** time.Time as a TOML datetime: RFC 3339, or the local forms for TOML's local zones (in UTC, as Go does). */
function formatTomlTime(t: GoTime): string {
  const z = localZones;
  if (z && t.loc === z.datetime) return t.in(UTC).format('2006-01-02T15:04:05.999999999');
  if (z && t.loc === z.date) return t.in(UTC).format('2006-01-02');
  if (z && t.loc === z.time) return t.in(UTC).format('15:04:05.999999999');
  return t.format('2006-01-02T15:04:05.999999999Z07:00');
}

/** Encode's result: the document, or an EncodeError; other errors are panics. */
function encodeToml(v: Value): string {
  // reflect.ValueOf(nil) is the zero Value, on which the encoder's first reflect call panics.
  if (v === null) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  const enc = new Encoder();
  run(enc.encode(ROOT_KEY, v));
  return enc.result();
}

/** toToml: the TOML text, or the encoder's error text as the output. */
export function toToml(v: Value): string {
  try {
    return encodeToml(v);
  } catch (e) {
    if (e instanceof EncodeError) return e.message;
    throw e;
  }
}

/** mustToToml: the TOML text; the encoder's error is raised. */
export function mustToToml(v: Value): string {
  return encodeToml(v);
}

// ---- lexer (lex.go) --------------------------------------------------------------------

const enum It {
  Error,
  EOF,
  Text,
  String,
  StringEsc,
  RawString,
  MultilineString,
  RawMultilineString,
  Bool,
  Integer,
  Float,
  Datetime,
  Array,
  ArrayEnd,
  TableStart,
  TableEnd,
  ArrayTableStart,
  ArrayTableEnd,
  KeyStart,
  KeyEnd,
  CommentStart,
  InlineTableStart,
  InlineTableEnd,
}

interface Item {
  typ: It;
  val: string;
  err?: string;
  line: number;
}

type StateFn = (lx: Lexer) => StateFn | null;

const EOF = 0;
const RUNE_ERROR = 0xfffd;

const isWhitespace = (r: number): boolean => r === 0x09 || r === 0x20;
const isNL = (r: number): boolean => r === 0x0a || r === 0x0d;
const isControl = (r: number): boolean => r !== 0x09 && r !== 0x0a && r !== 0x0d && (r <= 0x1f || r === 0x7f);
const isDigit = (r: number): boolean => r >= 0x30 && r <= 0x39;
const isBinary = (r: number): boolean => r === 0x30 || r === 0x31;
const isOctal = (r: number): boolean => r >= 0x30 && r <= 0x37;
const isHex = (r: number): boolean => isDigit(r) || ((r | 0x20) >= 0x61 && (r | 0x20) <= 0x66);
const isBareKeyChar = (r: number): boolean =>
  (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a) || isDigit(r) || r === 0x5f || r === 0x2d;
const isLetter = (r: number): boolean => /\p{L}/u.test(String.fromCodePoint(r));
const ch = (c: string): number => c.charCodeAt(0);
/** `%q` of a rune. */
const qr = (r: number): string => quoteRune(r);
/** `%c` of a rune. */
const pc = (r: number): string => String.fromCodePoint(r);

class Lexer {
  start = 0;
  pos = 0;
  line = 1;
  state: StateFn | null = lexTop;
  items: Item[] = [];
  esc = false;
  private widths: number[] = [0, 0, 0, 0];
  private nprev = 0;
  atEOF = false;
  private stack: StateFn[] = [];

  constructor(readonly input: string) {}

  nextItem(): Item {
    for (;;) {
      const it = this.items.shift();
      if (it) return it;
      if (!this.state) throw new Error('BUG in lexer: no state');
      this.state = this.state(this);
    }
  }

  push(s: StateFn): void {
    this.stack.push(s);
  }

  pop(): StateFn {
    const s = this.stack.pop();
    if (!s) throw new Error('BUG in lexer: no states to pop');
    return s;
  }

  current(): string {
    return this.input.slice(this.start, this.pos);
  }

  emit(typ: It): void {
    this.items.push({ typ, val: this.current(), line: this.line });
    this.start = this.pos;
  }

  emitTrim(typ: It): void {
    this.items.push({ typ, val: this.current().trim(), line: this.line });
    this.start = this.pos;
  }

  next(): number {
    if (this.atEOF) throw new Error('BUG in lexer: next called after EOF');
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    if (this.input.charCodeAt(this.pos) === 0x0a) this.line++;
    this.widths[3] = this.widths[2]!;
    this.widths[2] = this.widths[1]!;
    this.widths[1] = this.widths[0]!;
    if (this.nprev < 4) this.nprev++;
    const r = this.input.codePointAt(this.pos)!;
    // A lone surrogate is an escaped byte of invalid UTF-8 (template/value.ts); others would
    // be written as WTF-8 (0xed lead byte).
    if (r >= 0xd800 && r <= 0xdfff) {
      this.error(`invalid UTF-8 byte: 0x${(r >= 0xdc80 && r <= 0xdcff ? r - 0xdc00 : 0xed).toString(16)}`);
      return RUNE_ERROR;
    }
    if (
      isControl(r) ||
      (r === 0x0d && (this.pos === this.input.length - 1 || this.input.charCodeAt(this.pos + 1) !== 0x0a))
    ) {
      this.errorControlChar(r);
      return RUNE_ERROR;
    }
    const w = r > 0xffff ? 2 : 1;
    this.widths[0] = w;
    this.pos += w;
    return r;
  }

  ignore(): void {
    this.start = this.pos;
  }

  backup(): void {
    if (this.atEOF) {
      this.atEOF = false;
      return;
    }
    if (this.nprev < 1) throw new Error('BUG in lexer: backed up too far');
    const w = this.widths[0]!;
    this.widths[0] = this.widths[1]!;
    this.widths[1] = this.widths[2]!;
    this.widths[2] = this.widths[3]!;
    this.nprev--;
    this.pos -= w;
    if (this.pos < this.input.length && this.input.charCodeAt(this.pos) === 0x0a) this.line--;
  }

  accept(valid: number): boolean {
    if (this.next() === valid) return true;
    this.backup();
    return false;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  skip(pred: (r: number) => boolean): void {
    for (;;) {
      const r = this.next();
      if (pred(r)) continue;
      this.backup();
      this.ignore();
      return;
    }
  }

  error(msg: string): null {
    if (this.atEOF) return this.errorPrevLine(msg);
    this.items.push({ typ: It.Error, val: '', err: msg, line: this.line });
    return null;
  }

  /** Unexpected EOF or newline errors point at the previous line. */
  errorPrevLine(msg: string): null {
    this.items.push({ typ: It.Error, val: '', err: msg, line: this.line - 1 });
    return null;
  }

  errorf(msg: string): null {
    let line = this.line;
    if (this.atEOF && this.pos >= 1 && this.input.charCodeAt(this.pos - 1) === 0x0a) line--;
    this.items.push({ typ: It.Error, val: '', err: msg, line });
    return null;
  }

  errorControlChar(r: number): null {
    this.items.push({
      typ: It.Error,
      val: '',
      err: `TOML files cannot contain control characters: '0x${r.toString(16).padStart(2, '0')}'`,
      line: this.line,
    });
    return null;
  }
}

const lexSkip = (lx: Lexer, next: StateFn): StateFn => {
  lx.ignore();
  return next;
};

function lexTop(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexTop);
  switch (r) {
    case ch('#'):
      lx.push(lexTop);
      return lexCommentStart;
    case ch('['):
      return lexTableStart;
    case EOF:
      if (lx.pos > lx.start) return lx.errorf('unexpected EOF');
      lx.emit(It.EOF);
      return null;
  }
  lx.backup();
  lx.push(lexTopEnd);
  return lexKeyStart;
}

function lexTopEnd(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (r === ch('#')) {
    lx.push(lexTop);
    return lexCommentStart;
  }
  if (isWhitespace(r)) return lexTopEnd;
  if (isNL(r)) {
    lx.ignore();
    return lexTop;
  }
  if (r === EOF) {
    lx.emit(It.EOF);
    return null;
  }
  return lx.errorf(
    `expected a top-level item to end with a newline, comment, or EOF, but got ${qr(r)} instead`,
  );
}

function lexTableStart(lx: Lexer): StateFn | null {
  if (lx.peek() === ch('[')) {
    lx.next();
    lx.emit(It.ArrayTableStart);
    lx.push(lexArrayTableEnd);
  } else {
    lx.emit(It.TableStart);
    lx.push(lexTableEnd);
  }
  return lexTableNameStart;
}

function lexTableEnd(lx: Lexer): StateFn | null {
  lx.emit(It.TableEnd);
  return lexTopEnd;
}

function lexArrayTableEnd(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (r !== ch(']'))
    return lx.errorf(`expected end of table array name delimiter ']', but got ${qr(r)} instead`);
  lx.emit(It.ArrayTableEnd);
  return lexTopEnd;
}

function lexTableNameStart(lx: Lexer): StateFn | null {
  lx.skip(isWhitespace);
  const r = lx.peek();
  if (r === ch(']') || r === EOF)
    return lx.errorf('unexpected end of table name (table names cannot be empty)');
  if (r === ch('.')) return lx.errorf('unexpected table separator (table names cannot be empty)');
  if (r === ch('"') || r === ch("'")) {
    lx.ignore();
    lx.push(lexTableNameEnd);
    return lexQuotedName;
  }
  lx.push(lexTableNameEnd);
  return lexBareName;
}

function lexTableNameEnd(lx: Lexer): StateFn | null {
  lx.skip(isWhitespace);
  const r = lx.next();
  if (r === ch('.')) {
    lx.ignore();
    return lexTableNameStart;
  }
  if (r === ch(']')) return lx.pop();
  return lx.errorf(`expected '.' or ']' to end table name, but got ${qr(r)} instead`);
}

function lexBareName(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isBareKeyChar(r)) return lexBareName;
  lx.backup();
  lx.emit(It.Text);
  return lx.pop();
}

function lexQuotedName(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (r === ch('"')) {
    lx.ignore();
    return lexString;
  }
  if (r === ch("'")) {
    lx.ignore();
    return lexRawString;
  }
  if (isWhitespace(r)) return lexSkip(lx, lexValue);
  if (r === EOF) return lx.errorf('unexpected EOF; expected value');
  return lx.errorf(`expected value but found ${qr(r)} instead`);
}

function lexKeyStart(lx: Lexer): StateFn | null {
  lx.skip(isWhitespace);
  const r = lx.peek();
  if (r === ch('=') || r === EOF) return lx.errorf("unexpected '=': key name appears blank");
  if (r === ch('.')) return lx.errorf("unexpected '.': keys cannot start with a '.'");
  if (r === ch('"') || r === ch("'")) lx.ignore();
  lx.emit(It.KeyStart);
  return lexKeyNameStart;
}

function lexKeyNameStart(lx: Lexer): StateFn | null {
  lx.skip(isWhitespace);
  const r = lx.peek();
  if (r === ch('"') || r === ch("'")) {
    lx.ignore();
    lx.push(lexKeyEnd);
    return lexQuotedName;
  }
  if (r === ch('=') || r === EOF) return lx.errorf("unexpected '='");
  if (r === ch('.')) return lx.errorf("unexpected '.'");
  lx.push(lexKeyEnd);
  return lexBareName;
}

function lexKeyEnd(lx: Lexer): StateFn | null {
  lx.skip(isWhitespace);
  const r = lx.next();
  if (isWhitespace(r)) return lexSkip(lx, lexKeyEnd);
  if (r === EOF) return lx.errorf("unexpected EOF; expected key separator '='");
  if (r === ch('.')) {
    lx.ignore();
    return lexKeyNameStart;
  }
  if (r === ch('=')) {
    lx.emit(It.KeyEnd);
    return lexSkip(lx, lexValue);
  }
  if (r === 0x0a) return lx.errorPrevLine(`expected '.' or '=', but got ${qr(r)} instead`);
  return lx.errorf(`expected '.' or '=', but got ${qr(r)} instead`);
}

function lexValue(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isWhitespace(r)) return lexSkip(lx, lexValue);
  if (isDigit(r)) {
    lx.backup();
    return lexNumberOrDateStart;
  }
  switch (r) {
    case ch('['):
      lx.ignore();
      lx.emit(It.Array);
      return lexArrayValue;
    case ch('{'):
      lx.ignore();
      lx.emit(It.InlineTableStart);
      return lexInlineTableValue;
    case ch('"'):
      if (lx.accept(ch('"'))) {
        if (lx.accept(ch('"'))) {
          lx.ignore();
          return lexMultilineString;
        }
        lx.backup();
      }
      lx.ignore();
      return lexString;
    case ch("'"):
      if (lx.accept(ch("'"))) {
        if (lx.accept(ch("'"))) {
          lx.ignore();
          return lexMultilineRawString;
        }
        lx.backup();
      }
      lx.ignore();
      return lexRawString;
    case ch('.'):
      return lx.errorf("floats must start with a digit, not '.'");
    case ch('i'):
    case ch('n'):
      if ((lx.accept(ch('n')) && lx.accept(ch('f'))) || (lx.accept(ch('a')) && lx.accept(ch('n')))) {
        lx.emit(It.Float);
        return lx.pop();
      }
      break;
    case ch('-'):
    case ch('+'):
      return lexDecimalNumberStart;
  }
  if (isLetter(r)) {
    // Permissive: lexBool reports words that are not true/false.
    lx.backup();
    return lexBool;
  }
  if (r === EOF) return lx.errorf('unexpected EOF; expected value');
  if (r === 0x0a) return lx.errorPrevLine(`expected value but found ${qr(r)} instead`);
  return lx.errorf(`expected value but found ${qr(r)} instead`);
}

function lexArrayValue(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexArrayValue);
  if (r === ch('#')) {
    lx.push(lexArrayValue);
    return lexCommentStart;
  }
  if (r === ch(',')) return lx.errorf('unexpected comma');
  if (r === ch(']')) return lexArrayEnd;
  lx.backup();
  lx.push(lexArrayValueEnd);
  return lexValue;
}

const runeOrEOF = (r: number): string => (r === EOF ? 'end of file' : `'${pc(r)}'`);

function lexArrayValueEnd(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexArrayValueEnd);
  if (r === ch('#')) {
    lx.push(lexArrayValueEnd);
    return lexCommentStart;
  }
  if (r === ch(',')) {
    lx.ignore();
    return lexArrayValue;
  }
  if (r === ch(']')) return lexArrayEnd;
  return lx.errorf(`expected a comma (',') or array terminator (']'), but got ${runeOrEOF(r)}`);
}

function lexArrayEnd(lx: Lexer): StateFn | null {
  lx.ignore();
  lx.emit(It.ArrayEnd);
  return lx.pop();
}

function lexInlineTableValue(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexInlineTableValue);
  if (r === ch('#')) {
    lx.push(lexInlineTableValue);
    return lexCommentStart;
  }
  if (r === ch(',')) return lx.errorf('unexpected comma');
  if (r === ch('}')) return lexInlineTableEnd;
  lx.backup();
  lx.push(lexInlineTableValueEnd);
  return lexKeyStart;
}

function lexInlineTableValueEnd(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isWhitespace(r) || isNL(r)) return lexSkip(lx, lexInlineTableValueEnd);
  if (r === ch('#')) {
    lx.push(lexInlineTableValueEnd);
    return lexCommentStart;
  }
  if (r === ch(',')) {
    lx.ignore();
    lx.skip(isWhitespace);
    if (lx.peek() === ch('}')) return lexInlineTableValueEnd;
    return lexInlineTableValue;
  }
  if (r === ch('}')) return lexInlineTableEnd;
  return lx.errorf(`expected a comma or an inline table terminator '}', but got ${runeOrEOF(r)} instead`);
}

function lexInlineTableEnd(lx: Lexer): StateFn | null {
  lx.ignore();
  lx.emit(It.InlineTableEnd);
  return lx.pop();
}

function lexString(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected '"'`);
  if (isNL(r)) return lx.errorPrevLine('strings cannot contain newlines');
  if (r === ch('\\')) {
    lx.push(lexString);
    return lexStringEscape;
  }
  if (r === ch('"')) {
    lx.backup();
    if (lx.esc) {
      lx.esc = false;
      lx.emit(It.StringEsc);
    } else lx.emit(It.String);
    lx.next();
    lx.ignore();
    return lx.pop();
  }
  return lexString;
}

function lexMultilineString(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected '"""'`);
  if (r === ch('\\')) return lexMultilineStringEscape;
  if (r === ch('"')) {
    if (lx.accept(ch('"'))) {
      if (lx.accept(ch('"'))) {
        if (lx.peek() === ch('"')) {
          // Up to five quotes may end the string (content quotes plus the closing three).
          const cur = lx.current();
          if (cur.endsWith('"""""') && !cur.endsWith('\\"""""')) return lx.errorf(`unexpected '""""""'`);
          lx.backup();
          lx.backup();
          return lexMultilineString;
        }
        lx.backup();
        lx.backup();
        lx.backup();
        lx.esc = false;
        lx.emit(It.MultilineString);
        lx.next();
        lx.next();
        lx.next();
        lx.ignore();
        return lx.pop();
      }
      lx.backup();
    }
  }
  return lexMultilineString;
}

function lexRawString(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected "'"`);
  if (isNL(r)) return lx.errorPrevLine('strings cannot contain newlines');
  if (r === ch("'")) {
    lx.backup();
    lx.emit(It.RawString);
    lx.next();
    lx.ignore();
    return lx.pop();
  }
  return lexRawString;
}

function lexMultilineRawString(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (r === EOF) return lx.errorf(`unexpected EOF; expected "'''"`);
  if (r === ch("'")) {
    if (lx.accept(ch("'"))) {
      if (lx.accept(ch("'"))) {
        if (lx.peek() === ch("'")) {
          if (lx.current().endsWith("'''''")) return lx.errorf(`unexpected "''''''"`);
          lx.backup();
          lx.backup();
          return lexMultilineRawString;
        }
        lx.backup();
        lx.backup();
        lx.backup();
        lx.emit(It.RawMultilineString);
        lx.next();
        lx.next();
        lx.next();
        lx.ignore();
        return lx.pop();
      }
      lx.backup();
    }
  }
  return lexMultilineRawString;
}

function lexMultilineStringEscape(lx: Lexer): StateFn | null {
  if (isNL(lx.next())) return lexMultilineString;
  lx.backup();
  lx.push(lexMultilineString);
  return lexStringEscape(lx);
}

function lexStringEscape(lx: Lexer): StateFn | null {
  lx.esc = true;
  const r = lx.next();
  if ('ebtnfr" \t\\'.includes(pc(r)) && r !== EOF) return lx.pop();
  if (r === ch('x')) return lexHexEscape(2, 'two', 'x');
  if (r === ch('u')) return lexHexEscape(4, 'four', 'u');
  if (r === ch('U')) return lexHexEscape(8, 'eight', 'U');
  return lx.error(`invalid escape in string '\\${pc(r)}'`);
}

/** \x, \u and \U escapes: exactly n hex digits. */
const lexHexEscape =
  (n: number, word: string, c: string): StateFn =>
  (lx) => {
    for (let i = 0; i < n; i++) {
      if (!isHex(lx.next()))
        return lx.errorf(
          `expected ${word} hexadecimal digits after '\\${c}', but got ${quote(lx.current())} instead`,
        );
    }
    return lx.pop();
  };

function lexNumberOrDateStart(lx: Lexer): StateFn | null {
  if (lx.next() === ch('0')) return lexBaseNumberOrDate;
  return lexNumberOrDate;
}

function lexNumberOrDate(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isDigit(r)) return lexNumberOrDate;
  if (r === ch('-') || r === ch(':')) return lexDatetime;
  if (r === ch('_')) return lexDecimalNumber;
  if (r === ch('.') || r === ch('e') || r === ch('E')) return lexFloat;
  lx.backup();
  lx.emit(It.Integer);
  return lx.pop();
}

function lexDatetime(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isDigit(r) || '-:Tt .Zz+'.includes(pc(r))) return lexDatetime;
  lx.backup();
  lx.emitTrim(It.Datetime);
  return lx.pop();
}

/** Hex, octal and binary integers after their prefix. */
const lexBaseInteger = (ok: (r: number) => boolean): StateFn =>
  function self(lx) {
    const r = lx.next();
    if (ok(r) || r === ch('_')) return self;
    lx.backup();
    lx.emit(It.Integer);
    return lx.pop();
  };
const lexHexInteger = lexBaseInteger(isHex);
const lexOctalInteger = lexBaseInteger(isOctal);
const lexBinaryInteger = lexBaseInteger(isBinary);

function lexDecimalNumber(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isDigit(r) || r === ch('_')) return lexDecimalNumber;
  if (r === ch('.') || r === ch('e') || r === ch('E')) return lexFloat;
  lx.backup();
  lx.emit(It.Integer);
  return lx.pop();
}

function lexDecimalNumberStart(lx: Lexer): StateFn | null {
  const r = lx.next();
  switch (r) {
    case ch('i'):
      if (!lx.accept(ch('n')) || !lx.accept(ch('f'))) return lx.errorf(`invalid float: '${lx.current()}'`);
      lx.emit(It.Float);
      return lx.pop();
    case ch('n'):
      if (!lx.accept(ch('a')) || !lx.accept(ch('n'))) return lx.errorf(`invalid float: '${lx.current()}'`);
      lx.emit(It.Float);
      return lx.pop();
    case ch('0'): {
      const p = lx.peek();
      if (p === ch('b') || p === ch('o') || p === ch('x'))
        return lx.errorf(`cannot use sign with non-decimal numbers: '${lx.current()}${pc(p)}'`);
      break;
    }
    case ch('.'):
      return lx.errorf("floats must start with a digit, not '.'");
  }
  if (isDigit(r)) return lexDecimalNumber;
  return lx.errorf(`expected a digit but got ${qr(r)}`);
}

function lexBaseNumberOrDate(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isDigit(r)) return lexNumberOrDate;
  switch (r) {
    case ch('_'):
      return lexDecimalNumber;
    case ch('.'):
    case ch('e'):
    case ch('E'):
      return lexFloat;
    // Go reports these errors without stopping the state machine; the error item still comes first.
    case ch('b'): {
      const p = lx.peek();
      if (!isBinary(p)) lx.errorf(`not a binary number: '${lx.current()}${pc(p)}'`);
      return lexBinaryInteger;
    }
    case ch('o'): {
      const p = lx.peek();
      if (!isOctal(p)) lx.errorf(`not an octal number: '${lx.current()}${pc(p)}'`);
      return lexOctalInteger;
    }
    case ch('x'): {
      const p = lx.peek();
      if (!isHex(p)) lx.errorf(`not a hexadecimal number: '${lx.current()}${pc(p)}'`);
      return lexHexInteger;
    }
  }
  lx.backup();
  lx.emit(It.Integer);
  return lx.pop();
}

function lexFloat(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isDigit(r) || '_.-+eE'.includes(pc(r))) return lexFloat;
  lx.backup();
  lx.emit(It.Float);
  return lx.pop();
}

function lexBool(lx: Lexer): StateFn | null {
  let s = '';
  for (;;) {
    const r = lx.next();
    if (!isLetter(r)) {
      lx.backup();
      break;
    }
    s += pc(r);
  }
  if (s === 'true' || s === 'false') {
    lx.emit(It.Bool);
    return lx.pop();
  }
  return lx.errorf(`expected value but found ${quote(s)} instead`);
}

function lexCommentStart(lx: Lexer): StateFn | null {
  lx.ignore();
  lx.emit(It.CommentStart);
  return lexComment;
}

function lexComment(lx: Lexer): StateFn | null {
  const r = lx.next();
  if (isNL(r) || r === EOF) {
    lx.backup();
    lx.emit(It.Text);
    return lx.pop();
  }
  return lexComment;
}

// ---- parser (parse.go) -----------------------------------------------------------------

/** A ParseError as Error() prints it. */
class ParseError extends Error {}

/** Go's panic(fmt.Sprintf("BUG: …")): not a ParseError, so it escapes fromToml as a panic. */
class ParserBug extends GoError {}

const tableList = (): GoList => new GoList([], 'map[string]interface {}');
const isTableList = (v: Value | undefined): v is GoList =>
  v instanceof GoList && v.elem === 'map[string]interface {}';
const newTable = (): GoMap => new GoMap();

class Parser {
  private context: string[] = [];
  private currentKey = '';
  private line = 0;
  readonly mapping = newTable();
  private keyInfo = new Map<string, { type: string; line: number }>();
  private implicits = new Set<string>();
  private readonly lx: Lexer;

  constructor(data: string) {
    this.lx = new Lexer(data);
  }

  run(): void {
    for (;;) {
      const it = this.next();
      if (it.typ === It.EOF) break;
      this.topLevel(it);
    }
  }

  private fail(line: number, msg: string): never {
    const k = this.current();
    throw new ParseError(
      k === '' ? `toml: line ${line}: ${msg}` : `toml: line ${line} (last key ${quote(k)}): ${msg}`,
    );
  }

  private next(): Item {
    const it = this.lx.nextItem();
    if (it.typ === It.Error) this.fail(it.line, it.err ?? it.val);
    return it;
  }

  private nextPos(): Item {
    const it = this.next();
    this.line = it.line;
    return it;
  }

  private expect(typ: It): Item {
    const it = this.next();
    if (it.typ !== typ) throw new ParserBug(`BUG: Expected '${typ}' but got '${it.typ}'.\n\n`);
    return it;
  }

  /** Reads key parts up to `end` (the lexer guarantees the terminator). */
  private readKey(first: Item, end: It): string[] {
    const key: string[] = [];
    let k = first;
    for (; k.typ !== end && k.typ !== It.EOF; k = this.next()) key.push(this.keyString(k));
    if (k.typ !== end) throw new ParserBug(`BUG: Expected '${end}' but got '${k.typ}'.\n\n`);
    return key;
  }

  private topLevel(item: Item): void {
    switch (item.typ) {
      case It.CommentStart:
        this.expect(It.Text);
        return;
      case It.TableStart:
      case It.ArrayTableStart: {
        const array = item.typ === It.ArrayTableStart;
        const key = this.readKey(this.nextPos(), array ? It.ArrayTableEnd : It.TableEnd);
        this.addContext(key, array);
        this.setType('', array ? 'ArrayHash' : 'Hash', item.line);
        return;
      }
      case It.KeyStart: {
        const outer = this.context;
        const key = this.readKey(this.nextPos(), It.KeyEnd);
        this.currentKey = key[key.length - 1]!;
        for (const part of key.slice(0, -1)) this.addImplicitContext([...this.context, part]);
        const vItem = this.next();
        const [val, typ] = this.value(vItem, false);
        this.setValue(this.currentKey, val);
        this.setType(this.currentKey, typ, vItem.line);
        this.context = outer;
        this.currentKey = '';
        return;
      }
    }
    throw new ParserBug(`BUG: Unexpected type at top level: ${item.typ}\n\n`);
  }

  private keyString(it: Item): string {
    if (it.typ === It.Text) return it.val;
    return this.value(it, false)[0] as string;
  }

  private value(it: Item, parentIsArray: boolean): [Value, string] {
    switch (it.typ) {
      case It.String:
      case It.RawString:
        return [it.val, 'String'];
      case It.StringEsc:
        return [this.replaceEscapes(it, it.val), 'String'];
      case It.MultilineString:
        return [this.replaceEscapes(it, stripEscapedNewlines(stripFirstNewline(it.val))), 'String'];
      case It.RawMultilineString:
        return [stripFirstNewline(it.val), 'String'];
      case It.Integer:
        return [this.valueInteger(it), 'Integer'];
      case It.Float:
        return [this.valueFloat(it), 'Float'];
      case It.Bool:
        return [it.val === 'true', 'Bool'];
      case It.Datetime:
        return [this.valueDatetime(it), 'Datetime'];
      case It.Array:
        return [this.valueArray(it), 'Array'];
      case It.InlineTableStart:
        return [this.valueInlineTable(parentIsArray), 'Hash'];
    }
    throw new ParserBug(`BUG: Unexpected value type: ${it.typ}\n\n`);
  }

  private valueInteger(it: Item): Value {
    if (!numUnderscoresOK(it.val))
      this.fail(it.line, `Invalid integer ${quote(it.val)}: underscores must be surrounded by digits`);
    if (numHasLeadingZero(it.val))
      this.fail(it.line, `Invalid integer ${quote(it.val)}: cannot have leading zeroes`);
    try {
      return int64(goParseInt(it.val, 0, 64));
    } catch (e) {
      if (e instanceof NumError && e.err === ERR_RANGE)
        this.fail(it.line, `${it.val} is out of range for int64`);
      throw new ParserBug(`BUG: Expected integer value, but got '${it.val}'.\n\n`);
    }
  }

  private valueFloat(it: Item): Value {
    const parts = it.val.split(/[.eE]/).filter((p) => p !== '');
    for (const part of parts) {
      if (!numUnderscoresOK(part))
        this.fail(it.line, `Invalid float ${quote(it.val)}: underscores must be surrounded by digits`);
    }
    if (parts.length > 0 && numHasLeadingZero(parts[0]!))
      this.fail(it.line, `Invalid float ${quote(it.val)}: cannot have leading zeroes`);
    if (!numPeriodsOK(it.val))
      this.fail(it.line, `Invalid float ${quote(it.val)}: '.' must be followed by one or more digits`);
    let val = it.val.replaceAll('_', '');
    let negNaN = false;
    if (val === '+nan' || val === '-nan') {
      negNaN = val === '-nan';
      val = 'nan';
    }
    let num: number;
    try {
      num = goParseFloat(val, 64);
    } catch (e) {
      if (e instanceof NumError && e.err === ERR_RANGE)
        this.fail(it.line, `${it.val} is out of range for float64`);
      this.fail(it.line, `Invalid float value: ${quote(it.val)}`);
    }
    return negNaN ? negativeNaN() : num;
  }

  private valueDatetime(it: Item): Value {
    const val = it.val.replace(/[zt ]/g, (c) => (c === 'z' ? 'Z' : 'T'));
    const z = tomlLocalZones();
    const local = z.base;
    const layouts: [string, GoLocation][] = [
      ['2006-01-02T15:04:05.999999999Z07:00', local],
      ['2006-01-02T15:04:05.999999999', z.datetime],
      ['2006-01-02', z.date],
      ['15:04:05.999999999', z.time],
      ['2006-01-02T15:04Z07:00', local],
      ['2006-01-02T15:04', z.datetime],
      ['15:04', z.time],
    ];
    for (const [layout, loc] of layouts) {
      let t;
      try {
        t = parseTime(layout, val, loc, loc);
      } catch {
        continue;
      }
      if (missingLeadingZero(val, layout)) break;
      return new GoTime(t);
    }
    this.fail(it.line, `invalid datetime: ${quote(val)}`);
  }

  private valueArray(it: Item): Value {
    this.setType(this.currentKey, 'Array', it.line);
    const array: Value[] = [];
    for (let e = this.next(); e.typ !== It.ArrayEnd; e = this.next()) {
      if (e.typ === It.CommentStart) {
        this.expect(It.Text);
        continue;
      }
      array.push(this.value(e, true)[0]);
    }
    return new GoList(array);
  }

  private valueInlineTable(parentIsArray: boolean): Value {
    const top = newTable();
    const outerContext = this.context;
    const outerKey = this.currentKey;
    this.context = [...this.context, this.currentKey];
    const prevContext = this.context;
    this.currentKey = '';
    this.addImplicit(this.context);
    this.addContext(this.context, parentIsArray);
    for (let it = this.next(); it.typ !== It.InlineTableEnd; it = this.next()) {
      if (it.typ === It.CommentStart) {
        this.expect(It.Text);
        continue;
      }
      const key = this.readKey(this.nextPos(), It.KeyEnd);
      this.currentKey = key[key.length - 1]!;
      const parents = key.slice(0, -1);
      for (const part of parents) this.addImplicitContext([...this.context, part]);
      const [val, typ] = this.value(this.next(), false);
      this.setValue(this.currentKey, val);
      this.setType(this.currentKey, typ, it.line);
      let hash = top;
      for (const c of parents) {
        let h = hash.entries.get(c);
        if (h === undefined) {
          h = newTable();
          hash.entries.set(c, h);
        }
        if (!(h instanceof GoMap)) this.fail(this.line, `${quote(keyString(this.context))} is not a table`);
        hash = h;
      }
      hash.entries.set(this.currentKey, val);
      this.context = prevContext;
    }
    this.context = outerContext;
    this.currentKey = outerKey;
    return top;
  }

  /** Makes `key` the current table (or a new element of an array of tables), creating implicit parents. */
  private addContext(key: string[], array: boolean): void {
    let hash = this.mapping;
    const keyContext: string[] = [];
    for (const k of key.slice(0, -1)) {
      keyContext.push(k);
      if (!hash.entries.has(k)) {
        this.addImplicit(keyContext);
        hash.entries.set(k, newTable());
      }
      const t = hash.entries.get(k);
      if (isTableList(t)) hash = t.items[t.items.length - 1] as GoMap;
      else if (t instanceof GoMap) hash = t;
      else this.fail(this.line, `Key '${keyString(keyContext)}' was already created as a hash.`);
    }
    this.context = keyContext;
    const last = key[key.length - 1]!;
    if (array) {
      if (!hash.entries.has(last)) hash.entries.set(last, tableList());
      const list = hash.entries.get(last);
      if (isTableList(list)) list.items.push(newTable());
      else
        this.fail(this.line, `Key '${keyString(key)}' was already created and cannot be used as an array.`);
    } else {
      this.setValue(last, newTable());
    }
    this.context = [...keyContext, last];
  }

  private setValue(key: string, value: Value): void {
    let hash = this.mapping;
    const keyContext: string[] = [];
    for (const k of this.context) {
      keyContext.push(k);
      const t = hash.entries.get(k);
      if (t === undefined)
        throw new ParserBug(`BUG: Context for key '${keyString(keyContext)}' has not been established.\n\n`);
      if (isTableList(t)) hash = t.items[t.items.length - 1] as GoMap;
      else if (t instanceof GoMap) hash = t;
      else this.fail(this.line, `Key '${keyString(keyContext)}' has already been defined.`);
    }
    keyContext.push(key);
    if (hash.entries.has(key)) {
      // An implicitly created table may be defined once concretely; arrays may be replaced
      // while implicit (inline tables in arrays register one).
      if (this.keyInfo.get(keyString(keyContext))?.type === 'Array') {
        if (!this.implicits.has(keyString(keyContext)))
          this.fail(this.line, `Key '${keyString(keyContext)}' has already been defined.`);
        this.implicits.delete(keyString(keyContext));
        hash.entries.set(key, value);
        return;
      }
      if (this.implicits.has(keyString(keyContext))) {
        this.implicits.delete(keyString(keyContext));
        return;
      }
      this.fail(this.line, `Key '${keyString(keyContext)}' has already been defined.`);
    }
    hash.entries.set(key, value);
  }

  private setType(key: string, type: string, line: number): void {
    const kc = key.length > 0 ? [...this.context, key] : [...this.context];
    this.keyInfo.set(keyString(kc.length === 0 ? [''] : kc), { type, line });
  }

  private addImplicit(key: string[]): void {
    this.implicits.add(keyString(key));
  }

  private addImplicitContext(key: string[]): void {
    this.addImplicit(key);
    this.addContext(key, false);
  }

  /** The full key of the current context, as error messages name it. */
  private current(): string {
    if (this.currentKey === '') return keyString(this.context);
    if (this.context.length === 0) return this.currentKey;
    return `${keyString(this.context)}.${this.currentKey}`;
  }

  private replaceEscapes(it: Item, str: string): string {
    let out = '';
    for (let i = 0; i < str.length; i++) {
      const c = str[i]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = str[i + 1];
      const simple: Record<string, string> = {
        b: '\b',
        t: '\t',
        n: '\n',
        f: '\f',
        r: '\r',
        e: '\x1b',
        '"': '"',
        '\\': '\\',
      };
      if (e === ' ' || e === '\t') this.fail(it.line, `invalid escape: '\\${e}'`);
      if (e !== undefined && e in simple) {
        out += simple[e];
        i++;
        continue;
      }
      const n = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (n === 0)
        throw new ParserBug(`BUG: Expected valid escape code after \\, but got ${quote(e ?? '')}.\n\n`);
      const hex = str.slice(i + 2, i + 2 + n);
      const cp = parseInt(hex, 16);
      if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        this.fail(it.line, `Escaped character '\\u${hex}' is not valid UTF-8.`);
      out += String.fromCodePoint(cp);
      i += 1 + n;
    }
    return out;
  }
}

function stripFirstNewline(s: string): string {
  if (s.startsWith('\n')) return s.slice(1);
  if (s.startsWith('\r\n')) return s.slice(2);
  return s;
}

/** Removes a line-ending backslash and all whitespace after it in """ strings. */
function stripEscapedNewlines(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const ix = s.indexOf('\\', i);
    if (ix < 0) return out + s;
    i = ix;
    if (s[i + 1] === '\\') {
      i += 2;
      continue;
    }
    let j = i + 1;
    while (j < s.length && ' \t\r\n'.includes(s[j]!)) j++;
    if (j === i + 1 || !s.slice(i, j).includes('\n')) {
      i++;
      continue;
    }
    out += s.slice(0, i);
    s = s.slice(j);
    i = 0;
  }
}

function numHasLeadingZero(s: string): boolean {
  if (s.length > 1 && s[0] === '0' && !'box'.includes(s[1]!)) return true;
  if (s.length > 2 && (s[0] === '-' || s[0] === '+') && s[1] === '0') return true;
  return false;
}

function numUnderscoresOK(s: string): boolean {
  if (['nan', '+nan', '-nan', 'inf', '-inf', '+inf'].includes(s)) return true;
  let accept = false;
  for (const c of s) {
    if (c === '_' && !accept) return false;
    accept = isHex(c.codePointAt(0)!);
  }
  return accept;
}

function numPeriodsOK(s: string): boolean {
  let period = false;
  for (const c of s) {
    if (period && !isDigit(c.codePointAt(0)!)) return false;
    period = c === '.';
  }
  return !period;
}

/** Go's time.Parse accepts one-digit fields; TOML needs the zeros, so separators must line up. */
function missingLeadingZero(d: string, layout: string): boolean {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    if (c === '.' || c === 'Z') return false;
    if ((c < '0' || c > '9') && d[i] !== c) return true;
  }
  return false;
}

/** The first 6 bytes of the input, where a NUL suggests a UTF-16 file. */
function nulInHead(s: string): boolean {
  let bytes = 0;
  for (const c of s) {
    if (bytes >= 6) break;
    if (c === '\0') return true;
    const cp = c.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return false;
}

/** fromToml: the document as a map; on error the map holds only an `Error` key with Go's text. */
export function fromToml(s: string): GoMap {
  if (s.startsWith('\ufeff')) s = s.slice(1);
  if (nulInHead(s))
    return errorMap(
      'toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8',
    );
  const p = new Parser(s);
  try {
    p.run();
  } catch (e) {
    if (e instanceof ParseError) return errorMap(e.message);
    throw e;
  }
  return p.mapping;
}

const errorMap = (msg: string): GoMap => new GoMap(new Map<string, Value>([['Error', msg]]));
