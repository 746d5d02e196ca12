// `rudder env`: the environment information in use, as `helm env` prints it.
import { Command } from './command/command.js';
import { maximumNArgs } from './args.js';
import { byBytes } from './command/values.js';
import type { CliContext } from './context.js';

export function envCommand(ctx: CliContext): Command {
  return new Command({
    use: 'env',
    short: `${ctx.bin} client environment information`,
    long: `
Env prints out all the environment information in use by Helm.
`,
    args: maximumNArgs(1),
    validArgs: (args) => {
      if (args.length === 0) {
        return {
          items: [...ctx.settings.envVars(ctx.io.argv0 ?? ctx.bin).keys()].sort(byBytes),
          directive: 4,
        };
      }
      const help = 'This command does not take any more arguments (but may accept flags).';
      return { items: [`_activeHelp_ ${help}`], directive: 4 };
    },
    run: ({ args }) => {
      const vars = ctx.settings.envVars(ctx.io.argv0 ?? ctx.bin);
      if (args.length === 0) {
        for (const k of [...vars.keys()].sort(byBytes)) ctx.io.stdout(`${k}="${vars.get(k)}"\n`);
      } else {
        ctx.io.stdout(`${vars.get(args[0]!) ?? ''}\n`);
      }
    },
  });
}
