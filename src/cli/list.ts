// `rudder list`: releases in a namespace (or all), as `helm list` prints them.
import { listReleases } from '../release/list.js';
import { appVersion, chartName } from '../release/read-common.js';
import type { Release } from '../storage/release.js';
import { Command } from './command/command.js';
import { noArgs } from './args.js';
import type { CliContext } from './context.js';
import { bindOutputFlag, writeOutput } from './output/format.js';
import { encodeJson, encodeYaml, struct, type JsonNode } from './output/encode.js';
import { encodeTable, Table } from './output/table.js';
import { colorizer } from './output/color.js';
import { formatGoTime, isZeroTime, parseGoTime, timeString } from './output/time.js';
import { noMoreArgs, withReleaseEnv } from './release-env.js';
import { useColor } from './output/use-color.js';

const LIST_DESC = (bin: string): string => `
This command lists all of the releases for a specified namespace (uses current namespace context if namespace not specified).

By default, it lists all releases in any status. Individual status filters like '--deployed', '--failed',
'--pending', '--uninstalled', '--superseded', and '--uninstalling' can be used
to show only releases in specific states. Such flags can be combined:
'--deployed --failed'.

By default, items are sorted alphabetically. Use the '-d' flag to sort by
release date.

If the --filter flag is provided, it will be treated as a filter. Filters are
regular expressions (Perl compatible) that are applied to the list of releases.
Only items that match the filter will be returned.

    $ ${bin} list --filter 'ara[a-z]+'
    NAME                UPDATED                                  CHART
    maudlin-arachnid    2020-06-18 14:17:46.125134977 +0000 UTC  alpine-0.1.0

If no results are found, '${bin} list' will exit 0, but with no output (or in
the case of no '-q' flag, only headers).

By default, up to 256 items may be returned. To limit this, use the '--max' flag.
Setting '--max' to 0 (or a negative value) will return all results. Pairing
the '--max' flag with the '--offset' flag allows you to page through results.
`;

/** releaseElement: one row of `list`, all strings. */
interface ListRow {
  name: string;
  namespace: string;
  revision: string;
  updated: string;
  status: string;
  chart: string;
  appVersion: string;
}

function listRow(r: Release, timeFormat: string): ListRow {
  const t = parseGoTime(r.info.last_deployed);
  return {
    name: r.name,
    namespace: r.namespace,
    revision: String(r.version),
    updated: isZeroTime(t) ? '-' : timeFormat !== '' ? formatGoTime(t, timeFormat) : timeString(t),
    status: r.info.status,
    chart: chartName(r),
    appVersion: appVersion(r),
  };
}

export function listCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const cmd = new Command({
    use: 'list',
    short: 'list releases',
    long: LIST_DESC(ctx.bin),
    aliases: ['ls'],
    args: noArgs,
    validArgs: () => noMoreArgs,
    run: async (): Promise<void> => {
      const rels: Release[] = await withReleaseEnv(
        ctx,
        (env): Promise<Release[]> =>
          listReleases(
            {
              states: {
                deployed: deployed.value,
                uninstalled: uninstalled.value,
                uninstalling: uninstalling.value,
                pending: pending.value,
                failed: failed.value,
                superseded: superseded.value,
              },
              filter: filter.value,
              selector: selector.value,
              byDate: date.value,
              reverse: reverse.value,
              limit: max.value,
              offset: offset.value,
            },
            env,
          ),
        allNamespaces.value,
      );
      if (short.value) {
        const names = rels.map((r) => r.name);
        if (output.value === 'json') io.stdout(encodeJson(names));
        else if (output.value === 'yaml') io.stdout(encodeYaml(names));
        else io.stdout(names.map((n) => n + '\n').join(''));
        return;
      }
      const rows = rels.map((r) => listRow(r, timeFormat.value));
      const toJson = (): JsonNode =>
        rows.map((r) =>
          struct({
            name: r.name,
            namespace: r.namespace,
            revision: r.revision,
            updated: r.updated,
            status: r.status,
            chart: r.chart,
            app_version: r.appVersion,
          }),
        );
      io.stdout(
        writeOutput(output.value, {
          json: toJson,
          table: () => {
            const c = colorizer(useColor(ctx));
            const t = new Table();
            if (!noHeaders.value)
              t.addRow(
                ...['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'].map(
                  c.header,
                ),
              );
            for (const r of rows)
              t.addRow(
                r.name,
                c.namespace(r.namespace),
                r.revision,
                r.updated,
                c.status(r.status),
                r.chart,
                r.appVersion,
              );
            return encodeTable(t);
          },
        }),
      );
    },
  });
  const f = cmd.localOnlyFlags;
  const short = f.bool('short', 'q', false, 'output short (quiet) listing format');
  const noHeaders = f.bool(
    'no-headers',
    '',
    false,
    "don't print headers when using the default output format",
  );
  const timeFormat = f.string(
    'time-format',
    '',
    '',
    'format time using golang time formatter. Example: --time-format "2006-01-02 15:04:05Z0700"',
  );
  const date = f.bool('date', 'd', false, 'sort by release date');
  const reverse = f.bool('reverse', 'r', false, 'reverse the sort order');
  const uninstalled = f.bool(
    'uninstalled',
    '',
    false,
    "show uninstalled releases (if 'helm uninstall --keep-history' was used)",
  );
  const superseded = f.bool('superseded', '', false, 'show superseded releases');
  const uninstalling = f.bool(
    'uninstalling',
    '',
    false,
    'show releases that are currently being uninstalled',
  );
  const deployed = f.bool('deployed', '', false, 'show deployed releases');
  const failed = f.bool('failed', '', false, 'show failed releases');
  const pending = f.bool('pending', '', false, 'show pending releases');
  const allNamespaces = f.bool('all-namespaces', 'A', false, 'list releases across all namespaces');
  const max = f.int('max', 'm', 256, 'maximum number of releases to fetch');
  const offset = f.int('offset', '', 0, 'next release index in the list, used to offset from start value');
  const filter = f.string(
    'filter',
    'f',
    '',
    'a regular expression (Perl compatible). Any releases that match the expression will be included in the results',
  );
  const selector = f.string(
    'selector',
    'l',
    '',
    "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Works only for secret(default) and configmap storage backends.",
  );
  const output = bindOutputFlag(f);
  return cmd;
}
