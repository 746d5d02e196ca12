// `rudder dependency build|list|update`: a chart's dependencies, as `helm dependency` manages them
// (local file://, charts/, chart repository and oci:// registry dependencies).
import { existsSync } from 'node:fs';
import { normalize } from 'node:path';
import {
  buildDependencies,
  dependencyStatus,
  undeclaredChartWarnings,
  updateDependencies as update,
  type DependencyOptions,
} from '../chart/dependency-build.js';
import { loadChartV2 } from '../chart/loader.js';
import { sourceDateEpoch } from '../chart/source-date-epoch.js';
import { Command } from './command/command.js';
import { CustomValue } from './command/values.js';
import { maximumNArgs, noArgs } from './args.js';
import type { CliContext } from './context.js';
import { addRepoClientFlags, type RepoClientFlags } from './flags.js';
import type { FlagSet } from './command/flagset.js';
import type { EnvSettings } from './settings.js';
import { parseUint as goParseUint } from '../go/strconv/parse.js';
import { prepareRemoteDependencies } from '../repo/dependencies.js';
import { repoEnv } from './repo-env.js';
import { registryClientFromFlags } from './registry.js';
import type { RegistryClient } from '../registry/client.js';
import { getterAll } from './plugin-schemes.js';

const DEPENDENCY_DESC = (bin: string): string => `
Manage the dependencies of a chart.

Helm charts store their dependencies in 'charts/'. For chart developers, it is
often easier to manage dependencies in 'Chart.yaml' which declares all
dependencies.

The dependency commands operate on that file, making it easy to synchronize
between the desired dependencies and the actual dependencies stored in the
'charts/' directory.

For example, this Chart.yaml declares two dependencies:

    # Chart.yaml
    dependencies:
    - name: nginx
      version: "1.2.3"
      repository: "https://example.com/charts"
    - name: memcached
      version: "3.2.1"
      repository: "https://another.example.com/charts"


The 'name' should be the name of a chart, where that name must match the name
in that chart's 'Chart.yaml' file.

The 'version' field should contain a semantic version or version range.

The 'repository' URL should point to a Chart Repository. Helm expects that by
appending '/index.yaml' to the URL, it should be able to retrieve the chart
repository's index. Note: 'repository' can be an alias. The alias must start
with 'alias:' or '@'.

Starting from 2.2.0, repository can be defined as the path to the directory of
the dependency charts stored locally. The path should start with a prefix of
"file://". For example,

    # Chart.yaml
    dependencies:
    - name: nginx
      version: "1.2.3"
      repository: "file://../dependency_chart/nginx"

If the dependency chart is retrieved locally, it is not required to have the
repository added to helm by "${bin} add repo". Version matching is also supported
for this case.
`;

const LIST_DESC = `
List all of the dependencies declared in a chart.

This can take chart archives and chart directories as input. It will not alter
the contents of a chart.

This will produce an error if the chart cannot be loaded.
`;

const BUILD_DESC = (bin: string): string => `
Build out the charts/ directory from the Chart.lock file.

Build is used to reconstruct a chart's dependencies to the state specified in
the lock file. This will not re-negotiate dependencies, as '${bin} dependency update'
does.

If no lock file is found, '${bin} dependency build' will mirror the behavior
of '${bin} dependency update'.
`;

const UPDATE_DESC = `
Update the on-disk dependencies to mirror Chart.yaml.

This command verifies that the required charts, as expressed in 'Chart.yaml',
are present in 'charts/' and are at an acceptable version. It will pull down
the latest charts that satisfy the dependencies, and clean up old dependencies.

On successful update, this will generate a lock file that can be used to
rebuild the dependencies to an exact version.

Dependencies are not required to be represented in 'Chart.yaml'. For that
reason, an update command will not remove charts unless they are (a) present
in the Chart.yaml file, but (b) at the wrong version.
`;

/** gosuri/uitable's rendering: columns padded to the widest cell (capped), tab-separated. */
export function formatTable(rows: string[][], maxColWidth: number): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((cell, i) => {
      let w = [...cell].length;
      if (maxColWidth !== 0 && w > maxColWidth) w = maxColWidth;
      widths[i] = Math.max(widths[i] ?? 0, w);
    });
  }
  const resize = (s: string, n: number): string => {
    const runes = [...s];
    if (runes.length === n) return s;
    if (runes.length < n) return s + ' '.repeat(n - runes.length);
    let out = '';
    let w = 0;
    for (const r of runes) {
      out += r;
      if (w + 1 >= n - 3) break;
      w++;
    }
    return `${out}...`;
  };
  return rows.map((r) => r.map((cell, i) => resize(cell, widths[i]!)).join('\t')).join('\n');
}

interface DependencyFlags {
  verify: { value: boolean };
  skipRefresh: { value: boolean };
  keyring: { value: string };
  client: RepoClientFlags;
}

function addDependencySubcommandFlags(f: FlagSet, settings: EnvSettings): DependencyFlags {
  const verify = f.bool('verify', '', false, 'verify the packages against signatures');
  const keyring = f.string('keyring', '', settings.paths.defaultKeyring(), 'keyring containing public keys');
  const skipRefresh = f.bool('skip-refresh', '', false, 'do not refresh the local repository cache');
  const client = addRepoClientFlags(f);
  return { verify, keyring, skipRefresh, client };
}

/** Runs `dependency update` for a chart directory (also `package -u`). */
export function updateDependencies(chartPath: string, opts: DependencyOptions): void {
  update(chartPath, opts);
}

const chartPathArg = (args: string[]): string =>
  args.length > 0 ? normalize(args[0]!).replace(/(.)\/$/, '$1') : '.';

export function dependencyCommand(ctx: CliContext): Command {
  const { io, settings } = ctx;
  const cmd = new Command({
    use: 'dependency update|build|list',
    aliases: ['dep', 'dependencies'],
    short: "manage a chart's dependencies",
    long: DEPENDENCY_DESC(ctx.bin),
    args: noArgs,
  });

  const list = new Command({
    use: 'list CHART',
    aliases: ['ls'],
    short: 'list the dependencies for the given chart',
    long: LIST_DESC,
    args: maximumNArgs(1),
    run: ({ args }) => {
      const chartPath = chartPathArg(args);
      if (!existsSync(chartPath)) throw new Error(`stat ${chartPath}: no such file or directory`);
      const c = loadChartV2(chartPath);
      const reqs = c.metadata.dependencies;
      if (reqs === undefined) {
        io.stdout(`WARNING: no dependencies at ${normalize(`${chartPath}/charts`)}\n`);
        return;
      }
      const rows = [['NAME', 'VERSION', 'REPOSITORY', 'STATUS']];
      for (const d of reqs)
        rows.push([d.name, d.version ?? '', d.repository, dependencyStatus(chartPath, d, c)]);
      io.stdout(`${formatTable(rows, Number(maxColWidth.value))}\n\n`);
      io.stdout(undeclaredChartWarnings(chartPath, reqs));
    },
  });
  const maxColWidth = new CustomValue<bigint>('uint', 80n, (s) => goParseUint(s, 0, 64));
  list.localOnlyFlags.add({
    name: 'max-col-width',
    usage: 'maximum column width for output table',
    value: maxColWidth,
  });

  const options = (flags: DependencyFlags): DependencyOptions => {
    const epoch = sourceDateEpoch(settings.env.SOURCE_DATE_EPOCH);
    return {
      out: io.stdout,
      repositoryConfig: settings.repositoryConfig.value,
      skipRefresh: flags.skipRefresh.value,
      debug: settings.debug,
      bin: ctx.bin,
      sourceDateEpoch: epoch,
    };
  };

  // newRegistryClient with the command's flags, for oci:// dependencies.
  const registry =
    (c: RepoClientFlags) =>
    (host: string): RegistryClient =>
      registryClientFromFlags(ctx, host, c);

  const updateCmd = new Command({
    use: 'update CHART',
    aliases: ['up'],
    short: 'update charts/ based on the contents of Chart.yaml',
    long: UPDATE_DESC,
    args: maximumNArgs(1),
    run: async ({ args }) => {
      const o = options(updateFlags);
      getterAll(ctx); // the Manager's getter.All: plugin load warnings
      o.remote = await prepareRemoteDependencies(chartPathArg(args), 'update', {
        env: repoEnv(ctx),
        skipRefresh: updateFlags.skipRefresh.value,
        out: io.stdout,
        registry: registry(updateFlags.client),
        // Manager.Verify: always on update, if possible on build.
        verify: updateFlags.verify.value ? 'always' : undefined,
        keyring: updateFlags.keyring.value,
        bin: ctx.bin,
      });
      update(chartPathArg(args), o);
    },
  });
  const updateFlags = addDependencySubcommandFlags(updateCmd.localOnlyFlags, settings);

  const build = new Command({
    use: 'build CHART',
    short: 'rebuild the charts/ directory based on the Chart.lock file',
    long: BUILD_DESC(ctx.bin),
    args: maximumNArgs(1),
    run: async ({ args }) => {
      const o = options(buildFlags);
      getterAll(ctx); // the Manager's getter.All: plugin load warnings
      o.remote = await prepareRemoteDependencies(chartPathArg(args), 'build', {
        env: repoEnv(ctx),
        skipRefresh: buildFlags.skipRefresh.value,
        out: io.stdout,
        registry: registry(buildFlags.client),
        // Manager.Verify: always on update, if possible on build.
        verify: buildFlags.verify.value ? 'ifPossible' : undefined,
        keyring: buildFlags.keyring.value,
        bin: ctx.bin,
      });
      buildDependencies(chartPathArg(args), o);
    },
  });
  const buildFlags = addDependencySubcommandFlags(build.localOnlyFlags, settings);

  cmd.add(list, updateCmd, build);
  return cmd;
}
