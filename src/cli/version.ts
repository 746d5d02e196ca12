// `rudder version`: the build information, in the shape of Helm's `version.BuildInfo`.
import { Command } from 'commander';

export function versionCommand(version: string): Command {
  return new Command('version')
    .description('print the client version information')
    .option('--short', 'print the version number')
    .option('--template <template>', 'template for version string format')
    .action((opts: { short?: boolean }) => {
      const v = `v${version}`;
      if (opts.short) process.stdout.write(`${v}\n`);
      else process.stdout.write(`version.BuildInfo{Version:"${v}", NodeVersion:"${process.version}"}\n`);
    });
}
