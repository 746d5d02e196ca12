// pflag's value kinds: how each parses its text (with Go's error texts), prints its
// current value, and names its type in help output.
import { parseDuration, durationString } from '../../funcs/timefmt.js';
import { formatFloat, quote as goQuote } from '../../go/strconv/format.js';
import {
  parseFloat as goParseFloat,
  parseInt as goParseInt,
  parseUint as goParseUint,
} from '../../go/strconv/parse.js';
import { readCsvRecord, writeCsvRecord } from './csv.js';

/** A flag's value, as pflag.Value: Set parses (throwing the cause text), String prints. */
export interface FlagValue {
  /** pflag's Type(): the word shown in help (`string`, `stringArray`, `WaitStrategy`…). */
  readonly type: string;
  set(text: string): void;
  string(): string;
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
  }
  throw new Error(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

export class BoolValue implements FlagValue {
  readonly type = 'bool';
  constructor(public value = false) {}
  set(text: string): void {
    this.value = parseGoBool(text);
  }
  string(): string {
    return this.value ? 'true' : 'false';
  }
}

export class StringValue implements FlagValue {
  readonly type = 'string';
  constructor(public value = '') {}
  set(text: string): void {
    this.value = text;
  }
  string(): string {
    return this.value;
  }
}

/** Go `int` (64-bit): strconv.ParseInt(s, 0, 64). */
export class IntValue implements FlagValue {
  readonly type = 'int';
  constructor(public value = 0) {}
  set(text: string): void {
    this.value = Number(goParseInt(text, 0, 64));
  }
  string(): string {
    return String(this.value);
  }
}

/** Go `uint64`: strconv.ParseUint(s, 0, 64). */
export class Uint64Value implements FlagValue {
  readonly type = 'uint64';
  constructor(public value = 0n) {}
  set(text: string): void {
    this.value = goParseUint(text, 0, 64);
  }
  string(): string {
    return String(this.value);
  }
}

/** float32: strconv.ParseFloat(s, 32); printed with 'g' -1 32. */
export class Float32Value implements FlagValue {
  readonly type = 'float32';
  constructor(public value = 0) {}
  set(text: string): void {
    this.value = goParseFloat(text, 32);
  }
  string(): string {
    return formatFloat(this.value, 'g', -1, 32);
  }
}

/** time.Duration, kept in nanoseconds. */
export class DurationValue implements FlagValue {
  readonly type = 'duration';
  constructor(public value = 0n) {}
  set(text: string): void {
    this.value = parseDuration(text);
  }
  string(): string {
    return durationString(this.value);
  }
  get milliseconds(): number {
    return Number(this.value / 1_000_000n);
  }
}

/** StringSlice: each occurrence read as CSV; the first replaces the default, later ones append. */
export class StringSliceValue implements FlagValue {
  readonly type = 'stringSlice';
  private changed = false;
  constructor(public value: string[] = []) {}
  set(text: string): void {
    const v = text === '' ? [] : readCsvRecord(text);
    this.value = this.changed ? [...this.value, ...v] : v;
    this.changed = true;
  }
  string(): string {
    return `[${writeCsvRecord(this.value)}]`;
  }
}

/** StringArray: each occurrence appended verbatim. */
export class StringArrayValue implements FlagValue {
  readonly type = 'stringArray';
  private changed = false;
  constructor(public value: string[] = []) {}
  set(text: string): void {
    this.value = this.changed ? [...this.value, text] : [text];
    this.changed = true;
  }
  string(): string {
    return `[${writeCsvRecord(this.value)}]`;
  }
}

/** StringToString: `k=v,k2=v2`; later occurrences merge into earlier ones. */
export class StringToStringValue implements FlagValue {
  readonly type = 'stringToString';
  private changed = false;
  constructor(public value: Map<string, string> = new Map()) {}
  set(text: string): void {
    const eq = text.split('=').length - 1;
    let pairs: string[];
    if (eq === 0) throw new Error(`${text} must be formatted as key=value`);
    else if (eq === 1) pairs = [trimQuotes(text)];
    else pairs = readCsvRecord(text);
    const out = new Map<string, string>();
    for (const pair of pairs) {
      const i = pair.indexOf('=');
      if (i < 0) throw new Error(`${pair} must be formatted as key=value`);
      out.set(pair.slice(0, i), pair.slice(i + 1));
    }
    if (!this.changed) this.value = out;
    else for (const [k, v] of out) this.value.set(k, v);
    this.changed = true;
  }
  string(): string {
    const keys = [...this.value.keys()].sort(byBytes);
    return `[${writeCsvRecord(keys.map((k) => `${k}=${this.value.get(k)}`))}]`;
  }
  record(): Record<string, string> {
    return Object.fromEntries(this.value);
  }
}

function trimQuotes(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === '"') a++;
  while (b > a && s[b - 1] === '"') b--;
  return s.slice(a, b);
}

/** Go's string ordering (UTF-8 bytes; equal to UTF-16 order outside surrogates). */
export const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A value whose parsing is a function: Helm's WaitStrategy, output format, and the like. */
export class CustomValue<T> implements FlagValue {
  constructor(
    readonly type: string,
    public value: T,
    private readonly parse: (text: string, current: T) => T,
    private readonly print: (v: T) => string = (v) => String(v),
  ) {}
  set(text: string): void {
    this.value = this.parse(text, this.value);
  }
  string(): string {
    return this.print(this.value);
  }
}
