// `rudder history RELEASE`: the revisions of a release, as `helm history` prints them.
import { releaseHistory, type HistoryEntry } from '../release/history.js';
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import type { CliContext } from './context.js';
import { bindOutputFlag, writeOutput } from './output/format.js';
import { struct, type JsonNode } from './output/encode.js';
import { encodeTable, Table } from './output/table.js';
import { ANSIC, formatGoTime, parseGoTime } from './output/time.js';
import { compListReleases, withReleaseEnv } from './release-env.js';

const HISTORY_DESC = (bin: string): string => `
History prints historical revisions for a given release.

A default maximum of 256 revisions will be returned. Setting '--max'
configures the maximum length of the revision list returned.

The historical release set is printed as a formatted table, e.g:

    $ ${bin} history angry-bird
    REVISION    UPDATED                     STATUS          CHART             APP VERSION     DESCRIPTION
    1           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Initial install
    2           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Upgraded successfully
    3           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Rolled back to 2
    4           Mon Oct 3 10:15:13 2016     deployed        alpine-0.1.0      1.0             Upgraded successfully

Use '--show-rollback-revision' to include a column showing the revision that was rolled back to:

    $ ${bin} history angry-bird --show-rollback-revision
    REVISION    UPDATED                     STATUS          CHART             APP VERSION     ROLLBACK     DESCRIPTION
    1           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0                          Initial install
    2           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0                          Upgraded successfully
    3           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             2            Rolled back to 2
    4           Mon Oct 3 10:15:13 2016     deployed        alpine-0.1.0      1.0                          Upgraded successfully
`;

/** releaseInfo's JSON: `updated` left out when zero, `rollback_revision` when 0. */
const entryJson = (e: HistoryEntry): JsonNode =>
  struct({
    revision: e.revision,
    updated: e.updated === '' ? undefined : e.updated,
    status: e.status,
    chart: e.chart,
    app_version: e.appVersion,
    rollback_revision: e.rollbackRevision === 0 ? undefined : e.rollbackRevision,
    description: e.description,
  });

function historyTable(entries: HistoryEntry[], showRollback: boolean): string {
  const t = new Table();
  const head = ['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'];
  t.addRow(...head, ...(showRollback ? ['ROLLBACK'] : []), 'DESCRIPTION');
  for (const e of entries) {
    const updated = formatGoTime(parseGoTime(e.updated), ANSIC);
    const rollback = showRollback ? [e.rollbackRevision > 0 ? String(e.rollbackRevision) : ''] : [];
    t.addRow(e.revision, updated, e.status, e.chart, e.appVersion, ...rollback, e.description);
  }
  return encodeTable(t);
}

export function historyCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'history RELEASE_NAME',
    long: HISTORY_DESC(ctx.bin),
    short: 'fetch release history',
    aliases: ['hist'],
    args: exactArgs(1),
    validArgs: (args, toComplete) => compListReleases(ctx, args, toComplete),
    run: async ({ args }) => {
      const entries = await withReleaseEnv(ctx, (env) => releaseHistory(args[0]!, max.value, env));
      ctx.io.stdout(
        writeOutput(output.value, {
          table: () => historyTable(entries, showRollback.value),
          json: () => entries.map(entryJson),
        }),
      );
    },
  });
  const f = cmd.localOnlyFlags;
  const max = f.int('max', '', 256, 'maximum number of revision to include in history');
  const showRollback = f.bool(
    'show-rollback-revision',
    '',
    false,
    'show the rollback revision column in table output',
  );
  const output = bindOutputFlag(f);
  return cmd;
}
