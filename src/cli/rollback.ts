// `rudder rollback`: roll back a release to a previous revision (pkg/cmd/rollback.go).
import { Command } from './command/command.js';
import { minimumNArgs } from './args.js';
import type { CliContext } from './context.js';
import { addForceFlags, addServerSideAutoFlag, addWaitFlag } from './flags.js';
import { actionEnv } from './action-env.js';
import { addDryRunFlag, parseDryRun } from './install.js';
import { ROLLBACK_DESC } from './release-help.js';
import { MAX_DESCRIPTION_LENGTH, rollback } from '../release/rollback.js';
import { quote as goQuote } from '../go/strconv/format.js';

/** strconv.Atoi with Go's error text. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return n;
}

export function rollbackCommand(cli: CliContext): Command {
  const cmd = new Command({
    use: 'rollback <RELEASE> [REVISION]',
    short: 'roll back a release to a previous revision',
    long: ROLLBACK_DESC,
    args: minimumNArgs(1),
    run: async ({ args }) => {
      let version = 0;
      if (args.length > 1) {
        try {
          version = atoi(args[1]!);
        } catch (e) {
          throw new Error(`could not convert revision to a number: ${(e as Error).message}`);
        }
      }
      const len = [...description.value].length;
      if (len > MAX_DESCRIPTION_LENGTH)
        throw new Error(`description must be ${MAX_DESCRIPTION_LENGTH} characters or less, got ${len}`);
      const dryRun = parseDryRun(dryRunFlag.value, cli.io.stderr);
      const env = await actionEnv(cli, cli.settings.namespace());
      try {
        await rollback(
          {
            releaseName: args[0]!,
            version,
            waitStrategy: wait.value,
            waitForJobs: waitForJobs.value,
            disableHooks: noHooks.value,
            forceReplace: forceReplace.value,
            forceConflicts: forceConflicts.value,
            serverSide: serverSide.value,
            timeoutMs: Number(timeout.value / 1_000_000n),
            cleanupOnFail: cleanupOnFail.value,
            maxHistory: historyMax.value,
            dryRun: dryRun !== 'none',
            description: description.value,
          },
          env.ctx,
        );
      } finally {
        await env.close();
      }
      cli.io.stdout('Rollback was a success! Happy Helming!\n');
    },
  });
  const f = cmd.localOnlyFlags;
  const description = f.string(
    'description',
    '',
    '',
    `add a custom description for the rollback (max ${MAX_DESCRIPTION_LENGTH} characters)`,
  );
  const { forceReplace, forceConflicts } = addForceFlags(f);
  const serverSide = addServerSideAutoFlag(f);
  const noHooks = f.bool('no-hooks', '', false, 'prevent hooks from running during rollback');
  const timeout = f.duration(
    'timeout',
    '',
    300n * 1_000_000_000n,
    'time to wait for any individual Kubernetes operation (like Jobs for hooks)',
  );
  const waitForJobs = f.bool(
    'wait-for-jobs',
    '',
    false,
    'if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout',
  );
  const cleanupOnFail = f.bool(
    'cleanup-on-fail',
    '',
    false,
    'allow deletion of new resources created in this rollback when rollback fails',
  );
  const historyMax = f.int(
    'history-max',
    '',
    cli.settings.maxHistory,
    'limit the maximum number of revisions saved per release. Use 0 for no limit',
  );
  const dryRunFlag = addDryRunFlag(cmd);
  const wait = addWaitFlag(cmd, cli.io.stderr);
  cmd.markFlagsMutuallyExclusive('force-replace', 'force-conflicts');
  cmd.markFlagsMutuallyExclusive('force', 'force-conflicts');
  return cmd;
}
