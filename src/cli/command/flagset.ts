// A pflag-compatible flag set: definitions, GNU-style parsing with pflag's exact error
// texts, deprecation notices, and the aligned usage listing cobra prints under "Flags:".
import { quote as goQuote } from '../../go/strconv/format.js';
import {
  BoolValue,
  DurationValue,
  Float32Value,
  IntValue,
  StringArrayValue,
  StringSliceValue,
  StringToStringValue,
  StringValue,
  byBytes,
  type FlagValue,
} from './values.js';

export interface Flag {
  readonly name: string;
  readonly shorthand: string;
  readonly usage: string;
  readonly value: FlagValue;
  /** The value's text when defined (pflag's DefValue). */
  readonly defValue: string;
  /** The value used when the flag is given without `=value` (bool flags: `true`). */
  noOptDefVal: string;
  hidden: boolean;
  deprecated: string;
  shorthandDeprecated: string;
  changed: boolean;
}

export interface FlagDef {
  name: string;
  shorthand?: string;
  usage: string;
  value: FlagValue;
  noOptDefVal?: string;
}

/** A flag parsing error; its message is what cobra prints after `Error: `. */
export class FlagError extends Error {
  override name = 'FlagError';
}

export interface ParseOptions {
  /** Where deprecation notices go (pflag's FlagSet output). */
  notice: (text: string) => void;
  /** pflag's ParseErrorsAllowlist.UnknownFlags. */
  allowUnknown?: boolean;
}

export interface ParseResult {
  args: string[];
  /** Number of positional arguments seen before `--`, or -1. */
  argsLenAtDash: number;
}

export class FlagSet {
  private readonly formal = new Map<string, Flag>();
  private readonly shorthands = new Map<string, Flag>();

  add(def: FlagDef): Flag {
    if (this.formal.has(def.name)) throw new Error(`flag redefined: ${def.name}`);
    const flag: Flag = {
      name: def.name,
      shorthand: def.shorthand ?? '',
      usage: def.usage,
      value: def.value,
      defValue: def.value.string(),
      noOptDefVal: def.noOptDefVal ?? '',
      hidden: false,
      deprecated: '',
      shorthandDeprecated: '',
      changed: false,
    };
    return this.addFlag(flag);
  }

  /** Adds an existing flag (shared with another set, as cobra merges persistent flags). */
  addFlag(flag: Flag): Flag {
    if (this.formal.has(flag.name)) return this.formal.get(flag.name)!;
    if (flag.shorthand !== '') {
      if (flag.shorthand.length > 1)
        throw new Error(`${JSON.stringify(flag.shorthand)} shorthand is more than one ASCII character`);
      const used = this.shorthands.get(flag.shorthand);
      if (used) {
        throw new Error(
          `unable to redefine ${JSON.stringify(flag.shorthand)} shorthand in ${JSON.stringify(flag.name)} flagset: it's already used for ${JSON.stringify(used.name)} flag`,
        );
      }
      this.shorthands.set(flag.shorthand, flag);
    }
    this.formal.set(flag.name, flag);
    return flag;
  }

  lookup(name: string): Flag | undefined {
    return this.formal.get(name);
  }

  shorthandLookup(c: string): Flag | undefined {
    return this.shorthands.get(c);
  }

  /** Flags sorted by name (pflag's SortFlags). */
  all(): Flag[] {
    return [...this.formal.values()].sort((a, b) => byBytes(a.name, b.name));
  }

  get size(): number {
    return this.formal.size;
  }

  hasAvailable(): boolean {
    for (const f of this.formal.values()) if (!f.hidden) return true;
    return false;
  }

  markDeprecated(name: string, message: string): void {
    const f = this.must(name);
    if (message === '') throw new Error(`deprecated message for flag ${JSON.stringify(name)} must be set`);
    f.deprecated = message;
    f.hidden = true;
  }

  markHidden(name: string): void {
    this.must(name).hidden = true;
  }

  private must(name: string): Flag {
    const f = this.formal.get(name);
    if (!f) throw new Error(`flag ${JSON.stringify(name)} does not exist`);
    return f;
  }

  // ---- typed definitions (pflag's XxxP helpers) ----

  bool(name: string, shorthand: string, def: boolean, usage: string): BoolValue {
    const value = new BoolValue(def);
    this.add({ name, shorthand, usage, value, noOptDefVal: 'true' });
    return value;
  }
  string(name: string, shorthand: string, def: string, usage: string): StringValue {
    const value = new StringValue(def);
    this.add({ name, shorthand, usage, value });
    return value;
  }
  int(name: string, shorthand: string, def: number, usage: string): IntValue {
    const value = new IntValue(def);
    this.add({ name, shorthand, usage, value });
    return value;
  }
  float32(name: string, shorthand: string, def: number, usage: string): Float32Value {
    const value = new Float32Value(def);
    this.add({ name, shorthand, usage, value });
    return value;
  }
  duration(name: string, shorthand: string, defNs: bigint, usage: string): DurationValue {
    const value = new DurationValue(defNs);
    this.add({ name, shorthand, usage, value });
    return value;
  }
  stringSlice(name: string, shorthand: string, def: string[], usage: string): StringSliceValue {
    const value = new StringSliceValue(def);
    this.add({ name, shorthand, usage, value });
    return value;
  }
  stringArray(name: string, shorthand: string, def: string[], usage: string): StringArrayValue {
    const value = new StringArrayValue(def);
    this.add({ name, shorthand, usage, value });
    return value;
  }
  stringToString(name: string, shorthand: string, usage: string): StringToStringValue {
    const value = new StringToStringValue();
    this.add({ name, shorthand, usage, value });
    return value;
  }
  /** A second name bound to the same value (pflag's XxxVar with a shared pointer). */
  alias<T extends FlagValue>(
    name: string,
    shorthand: string,
    value: T,
    usage: string,
    noOptDefVal?: string,
  ): T {
    this.add({
      name,
      shorthand,
      usage,
      value,
      noOptDefVal: noOptDefVal ?? (value.type === 'bool' ? 'true' : ''),
    });
    return value;
  }

  // ---- parsing ----

  /** FlagSet.Set: parses the text into the flag, marks it changed, prints deprecation notices. */
  set(flag: Flag, text: string, notice: (t: string) => void): void {
    try {
      flag.value.set(text);
    } catch (err) {
      const flagName =
        flag.shorthand !== '' && flag.shorthandDeprecated === ''
          ? `-${flag.shorthand}, --${flag.name}`
          : `--${flag.name}`;
      throw new FlagError(
        `invalid argument ${goQuote(text)} for ${goQuote(flagName)} flag: ${(err as Error).message}`,
      );
    }
    flag.changed = true;
    if (flag.deprecated !== '') notice(`Flag --${flag.name} has been deprecated, ${flag.deprecated}\n`);
  }

  parse(argv: readonly string[], opts: ParseOptions): ParseResult {
    const positional: string[] = [];
    let argsLenAtDash = -1;
    let args = [...argv];
    while (args.length > 0) {
      const s = args.shift()!;
      if (s.length < 2 || s[0] !== '-') {
        positional.push(s);
        continue;
      }
      if (s[1] === '-') {
        if (s.length === 2) {
          argsLenAtDash = positional.length;
          positional.push(...args);
          break;
        }
        args = this.parseLong(s, args, opts);
      } else {
        args = this.parseShort(s, args, opts);
      }
    }
    return { args: positional, argsLenAtDash };
  }

  private parseLong(s: string, args: string[], opts: ParseOptions): string[] {
    const body = s.slice(2);
    if (body === '' || body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${s}`);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const flag = this.formal.get(name);
    if (!flag) {
      if (name === 'help') throw new FlagError('pflag: help requested');
      if (opts.allowUnknown) return eq >= 0 ? args : stripUnknownFlagValue(args);
      throw new FlagError(`unknown flag: --${name}`);
    }
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (flag.noOptDefVal !== '') value = flag.noOptDefVal;
    else if (args.length > 0) value = args.shift()!;
    else throw new FlagError(`flag needs an argument: --${name}`);
    this.set(flag, value, opts.notice);
    return args;
  }

  private parseShort(s: string, args: string[], opts: ParseOptions): string[] {
    let shorthands = s.slice(1);
    const rest = args;
    while (shorthands.length > 0) {
      const c = shorthands[0]!;
      const flag = this.shorthands.get(c);
      if (!flag) {
        if (c === 'h') throw new FlagError('pflag: help requested');
        if (opts.allowUnknown) {
          if (shorthands.length > 2 && shorthands[1] === '=') return rest;
          return stripUnknownFlagValue(rest);
        }
        throw new FlagError(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorthands}`);
      }
      let value: string;
      let next = shorthands.slice(1);
      if (shorthands.length > 2 && shorthands[1] === '=') {
        value = shorthands.slice(2);
        next = '';
      } else if (flag.noOptDefVal !== '') {
        value = flag.noOptDefVal;
      } else if (shorthands.length > 1) {
        value = shorthands.slice(1);
        next = '';
      } else if (rest.length > 0) {
        value = rest.shift()!;
      } else {
        throw new FlagError(`flag needs an argument: ${goQuoteRune(c)} in -${shorthands}`);
      }
      if (flag.shorthandDeprecated !== '') {
        opts.notice(`Flag shorthand -${flag.shorthand} has been deprecated, ${flag.shorthandDeprecated}\n`);
      }
      this.set(flag, value, opts.notice);
      shorthands = next;
    }
    return rest;
  }

  // ---- help ----

  /** FlagUsages: one aligned line per visible flag, sorted by name. */
  usages(): string {
    const lines: [string, string][] = [];
    let maxlen = 0;
    for (const flag of this.all()) {
      if (flag.hidden) continue;
      let line =
        flag.shorthand !== '' && flag.shorthandDeprecated === ''
          ? `  -${flag.shorthand}, --${flag.name}`
          : `      --${flag.name}`;
      const [varname, usage] = unquoteUsage(flag);
      if (varname !== '') line += ` ${varname}`;
      if (flag.noOptDefVal !== '') {
        const t = flag.value.type;
        if (t === 'string') line += `[="${flag.noOptDefVal}"]`;
        else if (t === 'bool' || t === 'boolfunc') {
          if (flag.noOptDefVal !== 'true') line += `[=${flag.noOptDefVal}]`;
        } else if (t === 'count') {
          if (flag.noOptDefVal !== '+1') line += `[=${flag.noOptDefVal}]`;
        } else line += `[=${flag.noOptDefVal}]`;
      }
      maxlen = Math.max(maxlen, Buffer.byteLength(line) + 1);
      let text = usage;
      if (!defaultIsZeroValue(flag)) {
        text +=
          flag.value.type === 'string'
            ? ` (default ${goQuote(flag.defValue)})`
            : ` (default ${flag.defValue})`;
      }
      if (flag.deprecated !== '') text += ` (DEPRECATED: ${flag.deprecated})`;
      lines.push([line, text]);
    }
    let out = '';
    for (const [head, text] of lines) {
      const spacing = ' '.repeat(maxlen - Buffer.byteLength(head));
      out += `${head} ${spacing} ${text.replaceAll('\n', `\n${' '.repeat(maxlen + 2)}`)}\n`;
    }
    return out;
  }
}

function stripUnknownFlagValue(args: string[]): string[] {
  if (args.length === 0) return args;
  const first = args[0]!;
  if (first.length > 0 && first[0] === '-') return args;
  return args.slice(1);
}

/** Go's %q of a rune. */
function goQuoteRune(c: string): string {
  return c === "'" ? "'\\''" : `'${c}'`;
}

function unquoteUsage(flag: Flag): [string, string] {
  const usage = flag.usage;
  const i = usage.indexOf('`');
  if (i >= 0) {
    const j = usage.indexOf('`', i + 1);
    if (j >= 0) {
      const name = usage.slice(i + 1, j);
      return [name, usage.slice(0, i) + name + usage.slice(j + 1)];
    }
  }
  const names: Record<string, string> = {
    bool: '',
    boolfunc: '',
    func: 'value',
    float64: 'float',
    int64: 'int',
    uint64: 'uint',
    stringSlice: 'strings',
    intSlice: 'ints',
    uintSlice: 'uints',
    boolSlice: 'bools',
  };
  const t = flag.value.type;
  return [Object.hasOwn(names, t) ? names[t]! : t, usage];
}

function defaultIsZeroValue(flag: Flag): boolean {
  const d = flag.defValue;
  switch (flag.value.type) {
    case 'bool':
      return d === 'false' || d === '';
    case 'duration':
      return d === '0' || d === '0s';
    case 'int':
    case 'int8':
    case 'int32':
    case 'int64':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'count':
    case 'float32':
    case 'float64':
      return d === '0';
    case 'string':
      return d === '';
    case 'stringSlice':
    case 'stringArray':
    case 'intSlice':
      return d === '[]';
    default:
      return d === 'false' || d === '<nil>' || d === '' || d === '0';
  }
}
