// `rudder verify PATH`: checks a chart archive against its .prov with a public keyring, printing
// what `helm verify` prints (pkg/cmd/verify.go, pkg/action/verify.go).
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import type { CliContext } from './context.js';
import { formatVerification, verifyChart } from '../provenance/provenance.js';

const VERIFY_DESC = (bin: string): string => `
Verify that the given chart has a valid provenance file.

Provenance files provide cryptographic verification that a chart has not been
tampered with, and was packaged by a trusted provider.

This command can be used to verify a local chart. Several other commands provide
'--verify' flags that run the same validation. To generate a signed package, use
the '${bin} package --sign' command.
`;

export function verifyCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'verify PATH',
    short: 'verify that a chart at the given path has been signed and is valid',
    long: VERIFY_DESC(ctx.bin),
    args: exactArgs(1),
    validArgs: (args) =>
      args.length === 0
        ? { items: [], directive: 0 }
        : {
            items: ['_activeHelp_ This command does not take any more arguments (but may accept flags).'],
            directive: 4,
          },
    run: ({ args }) => {
      const v = verifyChart(args[0]!, `${args[0]!}.prov`, keyring.value);
      ctx.io.stdout(formatVerification(v));
    },
  });
  const keyring = cmd.localOnlyFlags.string(
    'keyring',
    '',
    ctx.settings.paths.defaultKeyring(),
    'keyring containing public keys',
  );
  return cmd;
}
