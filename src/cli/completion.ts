// `rudder completion bash|zsh|fish|powershell` (Helm's completion command) and the hidden
// `__complete` command the scripts call (the completion protocol Helm's cobra scripts also use).
import { Command, CommandLookupError } from './command/command.js';
import type { Flag } from './command/flagset.js';
import { noArgs } from './args.js';
import type { CliContext } from './context.js';
import { SCRIPTS, type Shell } from './completion-scripts.js';

const COMPLETION_DESC = `
Generate autocompletion scripts for Helm for the specified shell.
`;

const shellDesc = (bin: string): Record<Shell, string> => ({
  bash: `
Generate the autocompletion script for Helm for the bash shell.

To load completions in your current shell session:

    source <(${bin} completion bash)

To load completions for every new session, execute once:
- Linux:

      ${bin} completion bash > /etc/bash_completion.d/${bin}

- MacOS:

      ${bin} completion bash > /usr/local/etc/bash_completion.d/${bin}
`,
  zsh: `
Generate the autocompletion script for Helm for the zsh shell.

To load completions in your current shell session:

    source <(${bin} completion zsh)

To load completions for every new session, execute once:

    ${bin} completion zsh > "\${fpath[1]}/_${bin}"
`,
  fish: `
Generate the autocompletion script for Helm for the fish shell.

To load completions in your current shell session:

    ${bin} completion fish | source

To load completions for every new session, execute once:

    ${bin} completion fish > ~/.config/fish/completions/${bin}.fish

You will need to start a new shell for this setup to take effect.
`,
  powershell: `
Generate the autocompletion script for powershell.

To load completions in your current shell session:
PS C:\\> ${bin} completion powershell | Out-String | Invoke-Expression

To load completions for every new session, add the output of the above command
to your powershell profile.
`,
});

/** Rudder's completion script (completion-scripts.ts) for a root command named `name`. */
export function completionScript(shell: Shell, name: string, descriptions: boolean): string {
  const forVar = name.replaceAll('-', '_').replaceAll(':', '_');
  return SCRIPTS[shell]
    .replaceAll('{{NAME}}', name)
    .replaceAll('{{VAR}}', forVar)
    .replaceAll('{{COMP}}', descriptions ? '__complete' : '__completeNoDesc');
}

export function completionCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'completion',
    short: 'generate autocompletion scripts for the specified shell',
    long: COMPLETION_DESC,
    args: noArgs,
  });
  const desc = shellDesc(ctx.bin);
  for (const shell of ['bash', 'zsh', 'fish', 'powershell'] as const) {
    const sub: Command = new Command({
      use: shell,
      short: `generate autocompletion script for ${shell}`,
      long: desc[shell],
      args: noArgs,
      run: () => {
        ctx.io.stdout(completionScript(shell, ctx.bin, !noDesc.value));
      },
    });
    const noDesc = sub.localOnlyFlags.bool('no-descriptions', '', false, 'disable completion descriptions');
    cmd.add(sub);
  }
  return cmd;
}

// ---- the run-time protocol ----

export const DIRECTIVE = {
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  filterFileExt: 8,
  filterDirs: 16,
  keepOrder: 32,
} as const;

function directiveText(d: number): string {
  const names: string[] = [];
  if (d & DIRECTIVE.error) names.push('ShellCompDirectiveError');
  if (d & DIRECTIVE.noSpace) names.push('ShellCompDirectiveNoSpace');
  if (d & DIRECTIVE.noFileComp) names.push('ShellCompDirectiveNoFileComp');
  if (d & DIRECTIVE.filterFileExt) names.push('ShellCompDirectiveFilterFileExt');
  if (d & DIRECTIVE.filterDirs) names.push('ShellCompDirectiveFilterDirs');
  if (d & DIRECTIVE.keepOrder) names.push('ShellCompDirectiveKeepOrder');
  return names.length > 0 ? names.join(', ') : 'ShellCompDirectiveDefault';
}

/** Completions for a flag's value, where Helm registers them. */
const FLAG_VALUES: Record<string, string[]> = {
  color: ['never', 'auto', 'always'],
  colour: ['never', 'auto', 'always'],
  // bindOutputFlag's completion (sorted, with descriptions)
  output: [
    'json\tOutput result in JSON format',
    'table\tOutput result in human-readable format',
    'yaml\tOutput result in YAML format',
  ],
};

const acceptsMultiple = (f: Flag): boolean =>
  f.value.type.includes('Slice') || f.value.type.includes('Array') || f.value.type.startsWith('stringTo');

function flagNameCompletions(f: Flag, toComplete: string): string[] {
  const out: string[] = [];
  if (`--${f.name}`.startsWith(toComplete)) out.push(`--${f.name}\t${f.usage}`);
  if (f.shorthand !== '' && `-${f.shorthand}`.startsWith(toComplete)) out.push(`-${f.shorthand}\t${f.usage}`);
  return out;
}

/** cobra's getCompletions, for what Rudder's commands declare: sub-commands, flags, flag values. */
function complete(
  root: Command,
  args: string[],
  activeHelp: boolean,
): { items: string[]; directive: number } | Promise<{ items: string[]; directive: number }> {
  const toComplete = args.length > 0 ? args[args.length - 1]! : '';
  const trimmed = args.slice(0, -1);
  let found: { cmd: Command; args: string[] };
  try {
    found = root.find(trimmed);
  } catch (err) {
    if (err instanceof CommandLookupError) return { items: [], directive: DIRECTIVE.error };
    throw err;
  }
  const cmd = found.cmd;
  cmd.initHelpFlag();
  const fs = cmd.flags();
  // Is a flag value being completed? `--flag=<x>` or `--flag <x>`.
  let valueFlag: Flag | undefined;
  let prefix = toComplete;
  if (toComplete.startsWith('-') && toComplete.includes('=')) {
    const name = toComplete.slice(toComplete.startsWith('--') ? 2 : 1, toComplete.indexOf('='));
    valueFlag = toComplete.startsWith('--') ? fs.lookup(name) : fs.shorthandLookup(name);
    prefix = toComplete.slice(toComplete.indexOf('=') + 1);
  } else if (trimmed.length > 0) {
    const last = trimmed[trimmed.length - 1]!;
    const f = last.startsWith('--')
      ? fs.lookup(last.slice(2))
      : last.length === 2 && last[0] === '-'
        ? fs.shorthandLookup(last[1]!)
        : undefined;
    if (f && f.noOptDefVal === '' && !last.includes('=')) valueFlag = f;
  }
  // Which flags are set, and which words are positional (errors are ignored, as cobra does).
  let positional: string[] = [];
  try {
    const clone = cmd.flags();
    positional = clone.parse(valueFlag && !toComplete.includes('=') ? found.args.slice(0, -1) : found.args, {
      notice: () => {},
    }).args;
  } catch {
    positional = [];
  }
  if (valueFlag) {
    const own = cmd.flagCompletions.get(valueFlag.name);
    if (own) return own(positional, prefix);
    const vals = FLAG_VALUES[valueFlag.name];
    if (!vals) return { items: [], directive: 0 };
    // Helm's -o completion returns every format and leaves filtering to the shell.
    const items = valueFlag.name === 'output' ? vals : vals.filter((v) => v.startsWith(prefix));
    return { items, directive: DIRECTIVE.noFileComp };
  }
  if (toComplete.startsWith('-') && !trimmed.includes('--')) {
    const items: string[] = [];
    const visit = (f: Flag): void => {
      if (f.hidden) return;
      if (!f.changed || acceptsMultiple(f)) items.push(...flagNameCompletions(f, toComplete));
    };
    cmd.inheritedFlags().all().forEach(visit);
    cmd.localFlags().all().forEach(visit);
    return { items, directive: DIRECTIVE.noFileComp };
  }
  if (cmd.commands.length > 0 && positional.length === 0) {
    const items = cmd
      .sortedCommands()
      .filter((c) => (c.isAvailable() || c === cmd.helpCommand) && c.name().startsWith(toComplete))
      .map((c) => `${c.name()}\t${c.spec.short ?? ''}`);
    return { items, directive: DIRECTIVE.noFileComp };
  }
  if (cmd.spec.validArgs) return cmd.spec.validArgs(positional, toComplete);
  if (cmd.spec.args && cmd.runnable()) {
    // Commands that take no (more) arguments say so; others complete file names.
    try {
      cmd.spec.args(cmd, [...positional, toComplete || 'x']);
    } catch {
      const help = 'This command does not take any more arguments (but may accept flags).';
      return { items: activeHelp ? [`_activeHelp_ ${help}`] : [], directive: DIRECTIVE.noFileComp };
    }
  }
  return { items: [], directive: 0 };
}

/** The hidden `__complete` command (alias `__completeNoDesc`). */
export function completeCommand(ctx: CliContext): Command {
  return new Command({
    use: '__complete [command-line]',
    short: 'Request shell completion choices for the specified command-line',
    long: `__complete is a special command that is used by the shell completion logic
to request completion choices for the specified command-line.`,
    aliases: ['__completeNoDesc'],
    hidden: true,
    disableFlagParsing: true,
    run: async ({ cmd, args, calledAs }) => {
      const noDesc = calledAs === '__completeNoDesc';
      const env = ctx.io.env;
      const own = `${ctx.bin}_ACTIVE_HELP`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
      const activeHelp = env.COBRA_ACTIVE_HELP !== '0' && env[own] !== '0';
      // Release names come from storage, so a command's completion may be asynchronous.
      const { items, directive } = await complete(cmd.root(), args, activeHelp);
      for (const item of items) {
        let line = noDesc ? item.split('\t')[0]! : item;
        const nl = line.indexOf('\n');
        if (nl >= 0) line = line.slice(0, nl);
        ctx.io.stdout(`${line}\n`);
      }
      ctx.io.stdout(`:${directive}\n`);
      ctx.io.stderr(`Completion ended with directive: ${directiveText(directive)}\n`);
    },
  });
}

/** compListCharts without repository names (Rudder reads no repositories yet): URL prefixes and path hints. */
export function compListCharts(toComplete: string): { items: string[]; directive: number } {
  const items: string[] = [];
  let noSpace = false;
  let noFile = false;
  for (const url of [
    'oci://\tChart OCI prefix',
    'https://\tChart URL prefix',
    'http://\tChart URL prefix',
    'file://\tChart local URL prefix',
  ]) {
    if (toComplete.startsWith(url)) {
      noFile = true;
      noSpace = true;
    } else if (url.startsWith(toComplete)) {
      items.push(url);
      noSpace = true;
    }
  }
  if (toComplete === '')
    items.push('./\tRelative path prefix to local chart', '/\tAbsolute path prefix to local chart');
  return { items, directive: (noFile ? DIRECTIVE.noFileComp : 0) | (noSpace ? DIRECTIVE.noSpace : 0) };
}
