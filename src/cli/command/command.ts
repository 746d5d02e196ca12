// A cobra-compatible command tree: finding the command named by the arguments, parsing
// flags (local, persistent, inherited), help and usage texts laid out as cobra's default
// templates, suggestions for mistyped commands, and flag-group checks.
import { quote as goQuoteAscii } from '../../go/strconv/format.js';
import { FlagError, FlagSet, type Flag } from './flagset.js';
import { byBytes } from './values.js';

/** Validates positional arguments; throws an Error whose message cobra prints. */
export type ArgsValidator = (cmd: Command, args: string[]) => void;

/** What a command's run function receives. */
export interface RunContext {
  cmd: Command;
  args: string[];
  /** The name or alias the command was invoked by. */
  calledAs: string;
}

export interface CommandSpec {
  /** One-line usage: the first word is the command's name (`template [NAME] [CHART]`). */
  use: string;
  short?: string;
  long?: string;
  example?: string;
  aliases?: string[];
  /** Names that suggest this command when mistyped (`remove` → uninstall). */
  suggestFor?: string[];
  hidden?: boolean;
  deprecated?: string;
  args?: ArgsValidator;
  /** Shell completion of positional arguments (cobra's ValidArgsFunction). */
  validArgs?: (
    args: string[],
    toComplete: string,
  ) => { items: string[]; directive: number } | Promise<{ items: string[]; directive: number }>;
  /** Pass every argument, flags included, to run unparsed. */
  disableFlagParsing?: boolean;
  run?: (ctx: RunContext) => void | Promise<void>;
}

/** Raised when help should be shown instead of running (pflag.ErrHelp). */
class HelpRequested extends Error {}

const MIN_NAME_PADDING = 11;

export class Command {
  readonly spec: CommandSpec;
  parent: Command | undefined;
  readonly commands: Command[] = [];
  /** Flags of this command only. */
  readonly localOnlyFlags = new FlagSet();
  /** Flags of this command and every command below it. */
  readonly persistentFlags = new FlagSet();
  private readonly exclusiveGroups: string[][] = [];
  private maxNameLen = 0;
  helpCommand: Command | undefined;
  /** Completion of a flag's value by flag name (cobra's RegisterFlagCompletionFunc). */
  readonly flagCompletions = new Map<
    string,
    (args: string[], toComplete: string) => Promise<{ items: string[]; directive: number }>
  >();
  /** The name or alias the user typed for this command (cobra's CalledAs). */
  calledAs = '';

  constructor(spec: CommandSpec) {
    this.spec = spec;
  }

  // ---- tree ----

  name(): string {
    const i = this.spec.use.indexOf(' ');
    return i < 0 ? this.spec.use : this.spec.use.slice(0, i);
  }

  add(...cmds: Command[]): this {
    for (const c of cmds) {
      if (c === this) throw new Error("command can't be a child of itself");
      c.parent = this;
      this.maxNameLen = Math.max(this.maxNameLen, c.name().length);
      this.commands.push(c);
    }
    return this;
  }

  root(): Command {
    return this.parent ? this.parent.root() : this;
  }

  commandPath(): string {
    return this.parent ? `${this.parent.commandPath()} ${this.name()}` : this.name();
  }

  /** Sub-commands sorted by name, as cobra lists them. */
  sortedCommands(): Command[] {
    return [...this.commands].sort((a, b) => byBytes(a.name(), b.name()));
  }

  runnable(): boolean {
    return this.spec.run !== undefined;
  }

  isAvailable(): boolean {
    if (this.spec.deprecated || this.spec.hidden) return false;
    if (this.parent && this.parent.helpCommand === this) return false;
    return this.runnable() || this.hasAvailableSubCommands();
  }

  hasAvailableSubCommands(): boolean {
    return this.commands.some((c) => c.isAvailable());
  }

  namePadding(): number {
    return this.parent && this.parent.maxNameLen > MIN_NAME_PADDING
      ? this.parent.maxNameLen
      : MIN_NAME_PADDING;
  }

  hasAlias(name: string): boolean {
    return (this.spec.aliases ?? []).includes(name);
  }

  // ---- flags ----

  /** Marks flags that may not be given together (cobra's MarkFlagsMutuallyExclusive). */
  markFlagsMutuallyExclusive(...names: string[]): void {
    this.exclusiveGroups.push(names);
  }

  /** Persistent flags of all ancestors (nearest first wins). */
  private parentPersistent(): FlagSet {
    const fs = new FlagSet();
    for (let p = this.parent; p; p = p.parent) for (const f of p.persistentFlags.all()) fs.addFlag(f);
    return fs;
  }

  /** cobra's InitDefaultHelpFlag. */
  initHelpFlag(): void {
    if (!this.localOnlyFlags.lookup('help') && !this.persistentFlags.lookup('help')) {
      this.localOnlyFlags.bool(
        'help',
        this.localOnlyFlags.shorthandLookup('h') ? '' : 'h',
        false,
        `help for ${this.name()}`,
      );
    }
  }

  /** Every flag that applies here: local, own persistent, inherited persistent (cobra's Flags()). */
  flags(): FlagSet {
    const fs = new FlagSet();
    for (const f of this.localOnlyFlags.all()) fs.addFlag(f);
    for (const f of this.persistentFlags.all()) fs.addFlag(f);
    for (const f of this.parentPersistent().all()) fs.addFlag(f);
    return fs;
  }

  localFlags(): FlagSet {
    const fs = new FlagSet();
    for (const f of this.localOnlyFlags.all()) fs.addFlag(f);
    for (const f of this.persistentFlags.all()) fs.addFlag(f);
    return fs;
  }

  inheritedFlags(): FlagSet {
    const local = this.localFlags();
    const fs = new FlagSet();
    for (const f of this.parentPersistent().all()) if (!local.lookup(f.name)) fs.addFlag(f);
    return fs;
  }

  // ---- help and usage ----

  useLine(): string {
    let line = this.parent ? `${this.parent.commandPath()} ${this.spec.use}` : this.spec.use;
    if (this.flags().size > 0 && !line.includes('[flags]')) line += ' [flags]';
    return line;
  }

  /** cobra's default usage template. */
  usageString(): string {
    let w = 'Usage:';
    if (this.runnable()) w += `\n  ${this.useLine()}`;
    if (this.hasAvailableSubCommands()) w += `\n  ${this.commandPath()} [command]`;
    const aliases = this.spec.aliases ?? [];
    if (aliases.length > 0) w += `\n\nAliases:\n  ${[this.name(), ...aliases].join(', ')}`;
    if (this.spec.example) w += `\n\nExamples:\n${this.spec.example}`;
    if (this.hasAvailableSubCommands()) {
      w += '\n\nAvailable Commands:';
      for (const sub of this.sortedCommands()) {
        if (sub.isAvailable() || sub.name() === 'help') {
          w += `\n  ${sub.name().padEnd(sub.namePadding())} ${sub.spec.short ?? ''}`;
        }
      }
    }
    const local = this.localFlags();
    if (local.hasAvailable()) w += `\n\nFlags:\n${local.usages().trimEnd()}`;
    const inherited = this.inheritedFlags();
    if (inherited.hasAvailable()) w += `\n\nGlobal Flags:\n${inherited.usages().trimEnd()}`;
    const topics = this.sortedCommands().filter((c) => c.isHelpTopic());
    if (topics.length > 0) {
      const pad = Math.max(...topics.map((c) => c.commandPath().length));
      w += '\n\nAdditional help topics:';
      for (const t of topics) w += `\n  ${t.commandPath().padEnd(pad)} ${t.spec.short ?? ''}`;
    }
    if (this.hasAvailableSubCommands())
      w += `\n\nUse "${this.commandPath()} [command] --help" for more information about a command.`;
    return `${w}\n`;
  }

  private isHelpTopic(): boolean {
    if (this.runnable() || this.spec.deprecated || this.spec.hidden) return false;
    return this.commands.every((c) => !c.isAvailable() && !c.isHelpTopic());
  }

  /** cobra's default help: the long (or short) description, then usage. */
  helpString(): string {
    this.initHelpFlag();
    let out = '';
    const text = (this.spec.long || this.spec.short || '').trimEnd();
    if (text !== '') out += `${text}\n\n`;
    if (this.runnable() || this.commands.length > 0) out += this.usageString();
    return out;
  }

  // ---- finding ----

  findNext(next: string): Command | undefined {
    const c = this.commands.find((c) => c.name() === next || c.hasAlias(next));
    if (c) c.calledAs = next;
    return c;
  }

  suggestionsFor(typed: string): string[] {
    const out: string[] = [];
    for (const c of this.commands) {
      if (!c.isAvailable()) continue;
      const byDistance = levenshtein(typed.toLowerCase(), c.name().toLowerCase()) <= 2;
      const byPrefix = c.name().toLowerCase().startsWith(typed.toLowerCase());
      if (byDistance || byPrefix) out.push(c.name());
      for (const s of c.spec.suggestFor ?? [])
        if (s.toLowerCase() === typed.toLowerCase()) out.push(c.name());
    }
    return out;
  }

  /** cobra's Find: walks down the tree by the non-flag words; returns the command and its args. */
  find(args: string[]): { cmd: Command; args: string[] } {
    return Command.findFrom(this, args);
  }

  private static findFrom(start: Command, args: string[]): { cmd: Command; args: string[] } {
    let cmd = start;
    let rest = args;
    for (;;) {
      const words = stripFlags(rest, cmd.flags());
      if (words.length === 0) break;
      const next = cmd.findNext(words[0]!);
      if (!next) break;
      rest = argsMinusFirst(rest, words[0]!, cmd.flags());
      cmd = next;
    }
    if (cmd.spec.args === undefined && cmd.commands.length > 0 && !cmd.parent) {
      const words = stripFlags(rest, cmd.flags());
      if (words.length > 0) {
        const sugg = cmd.suggestionsFor(words[0]!);
        const tail = sugg.length > 0 ? `\n\nDid you mean this?\n${sugg.map((s) => `\t${s}\n`).join('')}` : '';
        throw new CommandLookupError(
          `unknown command ${goQuoteAscii(words[0]!)} for ${goQuoteAscii(cmd.commandPath())}${tail}`,
          cmd,
        );
      }
    }
    return { cmd, args: rest };
  }

  // ---- running ----

  /**
   * Parses `argv` for this command and runs it. Returns the command's error, if any;
   * help requests print help to `out` and succeed.
   */
  async execute(argv: string[], out: (s: string) => void, notice: (s: string) => void): Promise<void> {
    if (this.spec.deprecated)
      notice(`Command ${goQuoteAscii(this.name())} is deprecated, ${this.spec.deprecated}\n`);
    this.initHelpFlag();
    const fs = this.flags();
    let parsed;
    try {
      parsed = this.spec.disableFlagParsing ? { args: argv } : fs.parse(argv, { notice });
      if (fs.lookup('help')?.value.string() === 'true') throw new HelpRequested();
      if (!this.runnable()) throw new HelpRequested();
    } catch (err) {
      if (err instanceof HelpRequested) {
        out(this.helpString());
        return;
      }
      throw err;
    }
    const args = parsed.args;
    if (this.spec.args) this.spec.args(this, args);
    this.validateExclusive(fs);
    await this.spec.run!({ cmd: this, args, calledAs: this.calledAs || this.name() });
  }

  private validateExclusive(fs: FlagSet): void {
    const groups = this.exclusiveGroups
      .filter((g) => g.every((n) => fs.lookup(n)))
      .map((g) => g.join(' '))
      .sort(byBytes);
    for (const key of [...new Set(groups)]) {
      const set = key
        .split(' ')
        .filter((n) => fs.lookup(n)!.changed)
        .sort(byBytes);
      if (set.length > 1) {
        throw new Error(
          `if any flags in the group [${key}] are set none of the others can be; [${set.join(' ')}] were all set`,
        );
      }
    }
  }
}

export class CommandLookupError extends Error {
  override name = 'CommandLookupError';
  constructor(
    message: string,
    readonly cmd: Command,
  ) {
    super(message);
  }
}

export { FlagError };
export type { Flag };

const hasNoOptDefVal = (name: string, fs: FlagSet): boolean => (fs.lookup(name)?.noOptDefVal ?? '') !== '';
const shortHasNoOptDefVal = (name: string, fs: FlagSet): boolean =>
  name !== '' && (fs.shorthandLookup(name[0]!)?.noOptDefVal ?? '') !== '';

/** cobra's stripFlags: the words that may name sub-commands. */
function stripFlags(argv: string[], fs: FlagSet): string[] {
  const words: string[] = [];
  const args = [...argv];
  while (args.length > 0) {
    const s = args.shift()!;
    if (s === '--') break;
    const longWithValue = s.startsWith('--') && !s.includes('=') && !hasNoOptDefVal(s.slice(2), fs);
    const shortWithValue =
      s.startsWith('-') && !s.includes('=') && s.length === 2 && !shortHasNoOptDefVal(s.slice(1), fs);
    if (longWithValue || shortWithValue) {
      if (args.length <= 1) break;
      args.shift();
      continue;
    }
    if (s !== '' && !s.startsWith('-')) words.push(s);
  }
  return words;
}

/** cobra's argsMinusFirstX: removes the first occurrence of `x` that is not a flag value. */
function argsMinusFirst(args: string[], x: string, fs: FlagSet): string[] {
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos]!;
    if (s === '--') break;
    const longWithValue = s.startsWith('--') && !s.includes('=') && !hasNoOptDefVal(s.slice(2), fs);
    const shortWithValue =
      s.startsWith('-') && !s.includes('=') && s.length === 2 && !shortHasNoOptDefVal(s.slice(1), fs);
    if (longWithValue || shortWithValue) {
      pos++;
      continue;
    }
    if (!s.startsWith('-') && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return args;
}

function levenshtein(s: string, t: string): number {
  const a = Buffer.from(s);
  const b = Buffer.from(t);
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      d[i]![j] =
        a[i - 1] === b[j - 1]
          ? d[i - 1]![j - 1]!
          : Math.min(d[i - 1]![j]!, d[i]![j - 1]!, d[i - 1]![j - 1]!) + 1;
    }
  }
  return d[a.length]![b.length]!;
}
