// The `--set` family's parser (Helm's pkg/strvals): `a.b[0].c=v,x={1,2}` with `\` escapes,
// Helm's typing (bool, null, int64, else string) and its exact error texts.
import { GoInt, GoList, GoMap, int64, typeOf, type Value } from '../go/value.js';
import { quote, quoteRune } from '../go/strconv/format-quote.js';
import { parseJsonPrefix } from '../yaml/index.js';

export const MAX_INDEX = 65536;
export const MAX_NESTED_NAME_LEVEL = 30;

/** Reads a value's runes into a Value (typing for --set, strings for --set-string, files for --set-file). */
export type RunesValueReader = (runes: string) => Value;

/** io.EOF, also when wrapped (`error parsing index: EOF` still ends parsing quietly, as errors.Is does). */
class EOF extends Error {
  constructor(message = 'EOF') {
    super(message);
  }
}

/** fmt.Errorf("error parsing index: %w", err). */
function indexError(e: unknown): Error {
  const msg = `error parsing index: ${(e as Error).message}`;
  return e instanceof EOF ? new EOF(msg) : new Error(msg);
}

/** strconv.Atoi: the index, or Go's error text. */
function atoi(v: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(v)) throw new Error(`strconv.Atoi: parsing ${goQuote(v)}: invalid syntax`);
  const n = BigInt(v);
  if (n < -(2n ** 63n) || n >= 2n ** 63n)
    throw new Error(`strconv.Atoi: parsing ${goQuote(v)}: value out of range`);
  return n;
}

/** fmt's %q of a []rune: each rune quoted, space-separated, in brackets. */
const quoteRunes = (s: string): string => `[${[...s].map((r) => quoteRune(r.codePointAt(0)!)).join(' ')}]`;
class NotList extends Error {
  constructor() {
    super('not a list');
  }
}

/** Go panics inside the parser (failed type assertions) that Helm recovers into errors. */
class Panic extends Error {}

/**
 * One step of Helm's recursive key/list parsing: a result, or a nested parse to run first with
 * what to do with its result (`then`) or its error (`fail`; without it the error goes on up).
 * `runSteps` keeps the pending steps on an array, so `a[0][0]…` or `a[0].b[0].…` as long as an
 * argument can be never reaches the JS stack limit.
 */
type Step<T> =
  | { value: T }
  | { call: () => Step<unknown>; then: (r: never) => Step<unknown>; fail?: (e: unknown) => Step<unknown> };

function runSteps<T>(first: () => Step<T>): T {
  type Pending = { then: (r: unknown) => Step<unknown>; fail?: (e: unknown) => Step<unknown> };
  const pending: Pending[] = [];
  let step: Step<unknown> | undefined;
  let failure: { e: unknown } | undefined;
  const attempt = (f: () => Step<unknown>): void => {
    try {
      step = f();
    } catch (e) {
      failure = { e };
    }
  };
  attempt(first);
  for (;;) {
    if (failure !== undefined) {
      const p = pending.pop();
      if (p === undefined) throw failure.e;
      const { e } = failure;
      if (p.fail !== undefined) {
        failure = undefined;
        attempt(() => p.fail!(e));
      }
      continue;
    }
    const st = step as Step<unknown>;
    if ('call' in st) {
      pending.push(st as unknown as Pending);
      attempt(st.call);
      continue;
    }
    const p = pending.pop();
    if (p === undefined) return st.value as T;
    attempt(() => p.then(st.value));
  }
}

const DONE: Step<undefined> = { value: undefined };

/** Helm's key() recovers its parser's panics into this error. */
function keyFailure(err: unknown): unknown {
  return err instanceof Panic ? new Error(`unable to parse key: ${err.message}`) : err;
}

/** A rune scanner over the argument, like bytes.Buffer's ReadRune/UnreadRune. */
class Scanner {
  private readonly runes: string[];
  pos = 0;
  constructor(s: string) {
    this.runes = [...s];
  }
  read(): string | undefined {
    return this.pos < this.runes.length ? this.runes[this.pos++] : undefined;
  }
  unread(): void {
    this.pos--;
  }
  rest(): string {
    return this.runes.slice(this.pos).join('');
  }
  skipRunes(n: number): void {
    this.pos += n;
  }
}

const goQuote = (s: string): string => quote(s);

function runesUntil(sc: Scanner, stop: string): [string, string | undefined, Error | undefined] {
  let v = '';
  for (;;) {
    const r = sc.read();
    if (r === undefined) return [v, undefined, new EOF()];
    if (stop.includes(r)) return [v, r, undefined];
    if (r === '\\') {
      const next = sc.read();
      if (next === undefined) return [v, undefined, new EOF()];
      v += next;
    } else v += r;
  }
}

/** typedVal: Helm's --set typing. */
export function typedVal(val: string, asString: boolean): Value {
  if (asString) return val;
  // strings.EqualFold: U+017F (long s) folds to s
  const lower = val.replace(/\u017f/g, 's').toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return int64(0);
  if (val.length !== 0 && val[0] !== '0' && /^[+-]?[0-9]+$/.test(val)) {
    const n = BigInt(val);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return new GoInt('int64', n);
  }
  return val;
}

const isList = (v: Value | undefined): v is GoList => v instanceof GoList && v.elem === 'interface {}';
const isMap = (v: Value | undefined): v is GoMap =>
  v instanceof GoMap && v.type === 'map[string]interface {}';

function assertList(v: Value): GoList {
  if (isList(v)) return v;
  throw new Panic(
    `interface conversion: interface {} is ${typeOf(v) === '<nil>' ? 'nil' : typeOf(v)}, not []interface {}`,
  );
}

function assertMap(v: Value): GoMap {
  if (isMap(v)) return v;
  throw new Panic(
    `interface conversion: interface {} is ${typeOf(v) === '<nil>' ? 'nil' : typeOf(v)}, not map[string]interface {}`,
  );
}

function set(data: GoMap, key: string, val: Value): void {
  if (key.length === 0) return;
  data.entries.set(key, val);
}

function setIndex(list: Value[], bigIndex: bigint, val: Value): Value[] {
  if (bigIndex < 0n) throw new Error(`negative ${bigIndex} index not allowed`);
  if (bigIndex > BigInt(MAX_INDEX))
    throw new Error(`index of ${bigIndex} is greater than maximum supported index of ${MAX_INDEX}`);
  const index = Number(bigIndex);
  if (list.length <= index) {
    const grown = list.slice();
    while (grown.length <= index) grown.push(null);
    list = grown;
  }
  list[index] = val;
  return list;
}

const IS_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

class Parser {
  constructor(
    private readonly sc: Scanner,
    private readonly data: GoMap,
    private readonly reader: RunesValueReader | undefined,
    private readonly isJsonVal = false,
  ) {}

  parse(): void {
    for (;;) {
      try {
        runSteps(() => this.key(this.data, 0));
      } catch (err) {
        if (err instanceof EOF) return;
        throw keyFailure(err);
      }
    }
  }

  private key(data: GoMap, nestedNameLevel: number): Step<undefined> {
    const [k, last, err] = runesUntil(this.sc, '=[,.');
    if (err) {
      if (k.length === 0) throw err;
      throw new Error(`key ${goQuote(k)} has no value`);
    }
    if (last === '[') {
      let i: bigint;
      try {
        i = this.keyIndex();
      } catch (e) {
        throw indexError(e);
      }
      let list: Value[] = [];
      if (data.entries.has(k)) list = assertList(data.entries.get(k)!).items.slice();
      return {
        call: () => this.listItem(list, i, nestedNameLevel),
        then: (r: Value[]) => {
          set(data, k, new GoList(r));
          return DONE;
        },
        fail: (e) => {
          set(data, k, new GoList(list));
          throw keyFailure(e);
        },
      };
    }
    if (last === '=') {
      if (this.isJsonVal) {
        if (this.emptyVal()) {
          set(data, k, null);
          return DONE;
        }
        set(data, k, this.jsonValue());
        this.emptyVal();
        return DONE;
      }
      let vl: Value[];
      try {
        vl = this.valList();
      } catch (e) {
        if (e instanceof EOF) {
          set(data, k, '');
          throw e;
        }
        if (e instanceof NotList) {
          const [rs] = this.val();
          set(data, k, this.reader!(rs));
          return DONE;
        }
        throw e;
      }
      set(data, k, new GoList(vl));
      return DONE;
    }
    if (last === ',') {
      set(data, k, '');
      throw new Error(`key ${goQuote(k)} has no value (cannot end with ,)`);
    }
    // last === '.'
    nestedNameLevel++;
    if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
      throw new Error(
        `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
      );
    }
    let inner = new GoMap();
    if (data.entries.has(k)) inner = assertMap(data.entries.get(k)!);
    return {
      call: () => this.key(inner, nestedNameLevel),
      then: () => {
        if (inner.size === 0) throw new Error(`key map ${goQuote(k)} has no value`);
        set(data, k, inner);
        return DONE;
      },
      fail: (e) => {
        if (inner.size !== 0) set(data, k, inner);
        throw keyFailure(e);
      },
    };
  }

  private keyIndex(): bigint {
    const [v, , err] = runesUntil(this.sc, ']');
    if (err) throw err;
    return atoi(v);
  }

  private listItem(list: Value[], i: bigint, nestedNameLevel: number): Step<Value[]> {
    if (i < 0n) throw new Error(`negative ${i} index not allowed`);
    const [k, last, err] = runesUntil(this.sc, '[.=');
    if (k.length > 0) throw new Error(`unexpected data at end of array index: ${quoteRunes(k)}`);
    if (err) throw err;
    if (last === '=') {
      if (this.isJsonVal) {
        if (this.emptyVal()) return { value: setIndex(list, i, null) };
        list = setIndex(list, i, this.jsonValue());
        this.emptyVal();
        return { value: list };
      }
      let vl: Value[];
      try {
        vl = this.valList();
      } catch (e) {
        if (e instanceof EOF) return { value: setIndex(list, i, '') };
        if (e instanceof NotList) {
          const [rs] = this.val();
          return { value: setIndex(list, i, this.reader!(rs)) };
        }
        throw e;
      }
      return { value: setIndex(list, i, new GoList(vl)) };
    }
    if (last === '[') {
      let nextI: bigint;
      try {
        nextI = this.keyIndex();
      } catch (e) {
        throw indexError(e);
      }
      let crt: Value[] = [];
      const at = Number(i);
      if (list.length > at && list[at] !== null) crt = assertList(list[at]!).items.slice();
      return {
        call: () => this.listItem(crt, nextI, nestedNameLevel),
        then: (r: Value[]) => ({ value: setIndex(list, i, new GoList(r)) }),
      };
    }
    // last === '.'
    let inner = new GoMap();
    const at = Number(i);
    if (list.length > at) {
      const cur = list[at]!;
      if (isMap(cur)) inner = cur;
      else list[at] = inner;
    }
    return {
      call: () => this.key(inner, nestedNameLevel),
      then: () => ({ value: setIndex(list, i, inner) }),
      fail: (e) => {
        throw keyFailure(e);
      },
    };
  }

  private emptyVal(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r === undefined) return true;
      if (r === ',') return true;
      if (!IS_SPACE.test(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  private jsonValue(): Value {
    const rest = this.sc.rest();
    const [value, consumed] = parseJsonPrefix(rest);
    this.sc.skipRunes([...rest.slice(0, consumed)].length);
    return value;
  }

  private val(): [string, Error | undefined] {
    const [v, , err] = runesUntil(this.sc, ',');
    return [v, err];
  }

  private valList(): Value[] {
    const r = this.sc.read();
    if (r === undefined) throw new EOF();
    if (r !== '{') {
      this.sc.unread();
      throw new NotList();
    }
    const list: Value[] = [];
    for (;;) {
      const [rs, last, err] = runesUntil(this.sc, ',}');
      if (err) {
        if (err instanceof EOF) throw new Error("list must terminate with '}'");
        throw err;
      }
      if (last === '}') {
        const next = this.sc.read();
        if (next !== undefined && next !== ',') this.sc.unread();
        list.push(this.reader!(rs));
        return list;
      }
      list.push(this.reader!(rs));
    }
  }
}

/** ParseInto: applies one `--set` argument to dest. */
export function parseSet(s: string, dest: GoMap): void {
  new Parser(new Scanner(s), dest, (rs) => typedVal(rs, false)).parse();
}

/** ParseIntoString: `--set-string`. */
export function parseSetString(s: string, dest: GoMap): void {
  new Parser(new Scanner(s), dest, (rs) => typedVal(rs, true)).parse();
}

/** ParseIntoFile: `--set-file`, values read by the given reader. */
export function parseSetFile(s: string, dest: GoMap, reader: RunesValueReader): void {
  new Parser(new Scanner(s), dest, reader).parse();
}

/** ParseJSON: `--set-json key=<json>` pairs. */
export function parseSetJson(s: string, dest: GoMap): void {
  new Parser(new Scanner(s), dest, undefined, true).parse();
}

/** `--set-literal`: the value is everything after the first `=`, no escapes, no typing. */
class LiteralParser {
  constructor(
    private readonly sc: Scanner,
    private readonly data: GoMap,
  ) {}

  parse(): void {
    for (;;) {
      try {
        runSteps(() => this.key(this.data, 0));
      } catch (err) {
        if (err instanceof EOF) return;
        throw keyFailure(err);
      }
    }
  }

  private until(stop: string): [string, string | undefined, Error | undefined] {
    let v = '';
    for (;;) {
      const r = this.sc.read();
      if (r === undefined) return [v, undefined, new EOF()];
      if (stop.includes(r)) return [v, r, undefined];
      v += r;
    }
  }

  private key(data: GoMap, nestedNameLevel: number): Step<undefined> {
    const [key, last, err] = this.until('=[.');
    if (err) {
      if (key.length === 0) throw err;
      throw new Error(`key ${goQuote(key)} has no value`);
    }
    if (last === '=') {
      set(data, key, this.until('')[0]);
      return DONE;
    }
    if (last === '.') {
      nestedNameLevel++;
      if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
        throw new Error(
          `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
        );
      }
      let inner = new GoMap();
      if (data.entries.has(key)) inner = assertMap(data.entries.get(key)!);
      return {
        call: () => this.key(inner, nestedNameLevel),
        then: () => {
          if (inner.size === 0) throw new Error(`key map ${goQuote(key)} has no value`);
          set(data, key, inner);
          return DONE;
        },
        fail: (e) => {
          if (inner.size !== 0) set(data, key, inner);
          throw keyFailure(e);
        },
      };
    }
    let i: bigint;
    try {
      i = this.keyIndex();
    } catch (e) {
      throw indexError(e);
    }
    let list: Value[] = [];
    if (data.entries.has(key)) list = assertList(data.entries.get(key)!).items.slice();
    return {
      call: () => this.listItem(list, i, nestedNameLevel),
      then: (r: Value[]) => {
        set(data, key, new GoList(r));
        return DONE;
      },
      fail: (e) => {
        set(data, key, new GoList(list));
        throw keyFailure(e);
      },
    };
  }

  private keyIndex(): bigint {
    const [v, , err] = this.until(']');
    if (err) throw err;
    return atoi(v);
  }

  private listItem(list: Value[], i: bigint, nestedNameLevel: number): Step<Value[]> {
    if (i < 0n) throw new Error(`negative ${i} index not allowed`);
    const [key, last, err] = this.until('[.=');
    if (key.length > 0) throw new Error(`unexpected data at end of array index: ${quoteRunes(key)}`);
    if (err) throw err;
    if (last === '=') return { value: setIndex(list, i, this.until('')[0]) };
    const at = Number(i);
    if (last === '.') {
      let inner = new GoMap();
      if (list.length > at) {
        const cur = list[at]!;
        if (isMap(cur)) inner = cur;
        else list[at] = inner;
      }
      return {
        call: () => this.key(inner, nestedNameLevel),
        then: () => ({ value: setIndex(list, i, inner) }),
        fail: (e) => {
          throw keyFailure(e);
        },
      };
    }
    let nextI: bigint;
    try {
      nextI = this.keyIndex();
    } catch (e) {
      throw indexError(e);
    }
    let crt: Value[] = [];
    if (list.length > at && list[at] !== null) crt = assertList(list[at]!).items.slice();
    return {
      call: () => this.listItem(crt, nextI, nestedNameLevel),
      then: (r: Value[]) => ({ value: setIndex(list, i, new GoList(r)) }),
    };
  }
}

/** ParseLiteralInto: `--set-literal`. */
export function parseSetLiteral(s: string, dest: GoMap): void {
  new LiteralParser(new Scanner(s), dest).parse();
}
