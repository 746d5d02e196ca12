// `rudder uninstall`: uninstall releases (pkg/cmd/uninstall.go).
import { Command } from './command/command.js';
import { minimumNArgs } from './args.js';
import type { CliContext } from './context.js';
import { addWaitFlag } from './flags.js';
import { actionEnv } from './action-env.js';
import { UNINSTALL_DESC } from './release-help.js';
import { uninstall } from '../release/uninstall.js';

export function uninstallCommand(cli: CliContext): Command {
  const cmd = new Command({
    use: 'uninstall RELEASE_NAME [...]',
    aliases: ['del', 'delete', 'un'],
    suggestFor: ['remove', 'rm'],
    short: 'uninstall a release',
    long: UNINSTALL_DESC,
    args: minimumNArgs(1),
    run: async ({ args }) => {
      const c = cascade.value;
      if (c !== 'background' && c !== 'foreground' && c !== 'orphan')
        throw new Error(`invalid cascade value (${c}). Must be "background", "foreground", or "orphan"`);
      const env = await actionEnv(cli, cli.settings.namespace());
      try {
        for (const name of args) {
          const res = await uninstall(
            {
              releaseName: name,
              disableHooks: noHooks.value,
              dryRun: dryRun.value,
              ignoreNotFound: ignoreNotFound.value,
              keepHistory: keepHistory.value,
              waitStrategy: wait.value,
              cascade: c,
              timeoutMs: Number(timeout.value / 1_000_000n),
              description: description.value,
            },
            env.ctx,
          );
          if (res && res.info !== '') cli.io.stdout(`${res.info}\n`);
          cli.io.stdout(`release "${name}" uninstalled\n`);
        }
      } finally {
        await env.close();
      }
    },
  });
  const f = cmd.localOnlyFlags;
  const dryRun = f.bool('dry-run', '', false, 'simulate a uninstall');
  const noHooks = f.bool('no-hooks', '', false, 'prevent hooks from running during uninstallation');
  const ignoreNotFound = f.bool(
    'ignore-not-found',
    '',
    false,
    'Treat "release not found" as a successful uninstall',
  );
  const keepHistory = f.bool(
    'keep-history',
    '',
    false,
    'remove all associated resources and mark the release as deleted, but retain the release history',
  );
  const cascade = f.string(
    'cascade',
    '',
    'background',
    'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents. Defaults to background. Use "foreground" with --wait to ensure resources with finalizers are fully deleted before returning.',
  );
  const timeout = f.duration(
    'timeout',
    '',
    300n * 1_000_000_000n,
    'time to wait for any individual Kubernetes operation (like Jobs for hooks)',
  );
  const description = f.string('description', '', '', 'add a custom description');
  const wait = addWaitFlag(cmd, cli.io.stderr);
  return cmd;
}
