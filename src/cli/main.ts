// The rudder command line: Helm 4's verbs and flags.
import { Command } from 'commander';
import { versionCommand } from './version.js';

declare const RUDDER_VERSION: string;

export function rootCommand(version: string): Command {
  const root = new Command('rudder')
    .description('The Kubernetes package manager (Helm 4 compatible)')
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  root.addCommand(versionCommand(version));
  return root;
}

const version = typeof RUDDER_VERSION === 'string' ? RUDDER_VERSION : '0.0.0-dev';
rootCommand(version)
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
