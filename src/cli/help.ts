// cobra's default `help` command.
import { Command, CommandLookupError } from './command/command.js';
import type { CliContext } from './context.js';

/** Go's %#q of a []string: [`a` `b`] (back-quoted unless that is impossible). */
function backquoteList(items: string[]): string {
  return `[${items.map((s) => (s.includes('`') ? JSON.stringify(s) : `\`${s}\``)).join(' ')}]`;
}

export function helpCommand(ctx: CliContext): Command {
  const self: Command = new Command({
    use: 'help [command]',
    validArgs: (args, toComplete) => {
      let cmd: Command;
      try {
        cmd = self.root().find(args).cmd;
      } catch {
        return { items: [], directive: 4 };
      }
      const items = cmd
        .sortedCommands()
        .filter((c) => (c.isAvailable() || c === cmd.helpCommand) && c.name().startsWith(toComplete))
        .map((c) => `${c.name()}\t${c.spec.short ?? ''}`);
      return { items, directive: 4 };
    },
    short: 'Help about any command',
    long: `Help provides help for any command in the application.
Simply type ${ctx.bin} help [path to command] for full details.`,
    run: ({ cmd, args }) => {
      const root = cmd.root();
      let target: Command | undefined;
      try {
        target = root.find(args).cmd;
      } catch (err) {
        if (!(err instanceof CommandLookupError)) throw err;
      }
      if (!target) {
        ctx.io.stderr(`Unknown help topic ${backquoteList(args)}\n`);
        ctx.io.stderr(root.usageString());
        return;
      }
      ctx.io.stdout(target.helpString());
    },
  });
  return self;
}
