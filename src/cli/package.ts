// `rudder package [CHART_PATH]...`: chart directories to versioned archives, as `helm package`.
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { packageChart } from '../chart/package.js';
import { sourceDateEpoch } from '../chart/source-date-epoch.js';
import { Command } from './command/command.js';
import type { CliContext } from './context.js';
import { addRepoClientFlags } from './flags.js';
import { checkRegistryClientTls } from './action-chart.js';
import { registryClientFromFlags } from './registry.js';
import { repoEnv } from './repo-env.js';
import { prepareRemoteDependencies } from '../repo/dependencies.js';
import { updateDependencies } from './dependency.js';
import { signChart } from '../provenance/chart.js';
import { getterAll } from './plugin-schemes.js';

const PACKAGE_DESC = (bin: string): string => `
This command packages a chart into a versioned chart archive file. If a path
is given, this will look at that path for a chart (which must contain a
Chart.yaml file) and then package that directory.

Versioned chart archives are used by Helm package repositories.

To sign a chart, use the '--sign' flag. In most cases, you should also
provide '--keyring path/to/secret/keys' and '--key keyname'.

  $ ${bin} package --sign ./mychart --key mykey --keyring ~/.gnupg/secring.gpg

If '--keyring' is not specified, Helm usually defaults to the public keyring
unless your environment is otherwise configured.
`;

export function packageCommand(ctx: CliContext): Command {
  const { io, settings } = ctx;
  const cmd = new Command({
    use: 'package [CHART_PATH] [...]',
    short: 'package a chart directory into a chart archive',
    long: PACKAGE_DESC(ctx.bin),
    run: async ({ args }) => {
      if (args.length === 0) throw new Error('need at least one argument, the path to the chart');
      const epoch = sourceDateEpoch(settings.env.SOURCE_DATE_EPOCH);
      if (sign.value) {
        if (key.value === '') throw new Error('--key is required for signing a package');
        if (keyring.value === '') throw new Error('--keyring is required for signing a package');
      }
      getterAll(ctx); // `p := getter.All(settings)`: plugin load warnings
      checkRegistryClientTls(client);
      const passphraseCache: { passphrase?: Uint8Array } = {};
      for (const arg of args) {
        try {
          statSync(arg);
        } catch {
          throw new Error(`stat ${arg}: no such file or directory`);
        }
        const res = await packageChart(arg, {
          version: version.value || undefined,
          appVersion: appVersion.value || undefined,
          destination: destination.value,
          dependencyUpdate: dependencyUpdate.value
            ? async (abs) => {
                // Manager.Out is io.Discard, but the registry client still writes its Pulled lines to stdout.
                const remote = await prepareRemoteDependencies(resolve(abs), 'update', {
                  env: repoEnv(ctx),
                  skipRefresh: false,
                  out: () => {},
                  registry: (host) => registryClientFromFlags(ctx, host, client),
                  registryOut: io.stdout,
                });
                updateDependencies(resolve(abs), {
                  out: () => {},
                  repositoryConfig: settings.repositoryConfig.value,
                  bin: ctx.bin,
                  sourceDateEpoch: epoch,
                  ...(remote ? { remote } : {}),
                });
              }
            : undefined,
          sourceDateEpoch: epoch,
        });
        if (sign.value) {
          signChart(res.path, {
            key: key.value,
            keyring: keyring.value,
            passphraseFile: passphraseFile.value,
            prompt: (text) => io.stdout(`${text}\n`),
            cache: passphraseCache,
          });
        }
        io.stdout(res.message);
      }
    },
  });
  const f = cmd.localOnlyFlags;
  const sign = f.bool('sign', '', false, 'use a PGP private key to sign this package');
  const key = f.string('key', '', '', 'name of the key to use when signing. Used if --sign is true');
  const keyring = f.string('keyring', '', settings.paths.defaultKeyring(), 'location of a public keyring');
  const passphraseFile = f.string(
    'passphrase-file',
    '',
    '',
    'location of a file which contains the passphrase for the signing key. Use "-" in order to read from stdin.',
  );
  const version = f.string('version', '', '', 'set the version on the chart to this semver version');
  const appVersion = f.string('app-version', '', '', 'set the appVersion on the chart to this version');
  const destination = f.string('destination', 'd', '.', 'location to write the chart.');
  const dependencyUpdate = f.bool(
    'dependency-update',
    'u',
    false,
    'update dependencies from "Chart.yaml" to dir "charts/" before packaging',
  );
  const client = addRepoClientFlags(f);
  return cmd;
}
