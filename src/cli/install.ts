// `rudder install`: install a chart (pkg/cmd/install.go).
import { Command } from './command/command.js';
import { minimumNArgs } from './args.js';
import { compListCharts } from './completion.js';
import type { CliContext } from './context.js';
import {
  addInstallFlags,
  bindPostRenderFlag,
  dryRunStrategy,
  valueOptionsFrom,
  type ChartPathFlags,
  type InstallFlags,
  type PostRenderFlags,
} from './flags.js';
import { nameAndChart } from './release-name.js';
import { bindOutputFlag, type Format } from './output/format.js';
import { colorizer } from './output/color.js';
import { actionEnv } from './action-env.js';
import { checkRegistryClientTls, loadActionChart } from './action-chart.js';
import { repoEnv } from './repo-env.js';
import { postRenderer, postRendererLookup } from './plugin.js';
import { printRelease } from './release-print.js';
import { INSTALL_DESC } from './release-help.js';
import { install, ReleaseActionError, type DryRun, type InstallOptions } from '../release/install.js';
import type { ValueOptions } from '../values/options.js';
import type { Release } from '../storage/release.js';
import { slogLine } from './slog.js';
import { cancelOnSignal } from './cancel.js';
import { LogFatal } from './fatal.js';

const DRY_RUN_NO_OPT = 'unset';

/** Adds Helm's `--dry-run` (string, default none, NoOptDefVal unset). */
export function addDryRunFlag(cmd: Command): { readonly value: string } {
  const f = cmd.localOnlyFlags.string(
    'dry-run',
    '',
    'none',
    `simulates the operation without persisting changes. Must be one of: "none" (default), "client", or "server". '--dry-run=none' executes the operation normally and persists changes (no simulation). '--dry-run=client' simulates the operation client-side only and avoids cluster connections. '--dry-run=server' simulates the operation on the server, requiring cluster connectivity.`,
  );
  cmd.localOnlyFlags.lookup('dry-run')!.noOptDefVal = DRY_RUN_NO_OPT;
  return f;
}

export function parseDryRun(value: string, warn: (s: string) => void): DryRun {
  return dryRunStrategy(value, DRY_RUN_NO_OPT, false, warn);
}

export type InstallActionFlags = Omit<InstallOptions, 'releaseName' | 'chart' | 'values' | 'namespace'>;

export interface InstallRun {
  args: string[];
  generateName: boolean;
  nameTemplate: string;
  chart: ChartPathFlags;
  /** --devel: an empty --version means '>0.0.0-0'. */
  devel: boolean;
  dependencyUpdate: boolean;
  values: ValueOptions;
  action: InstallActionFlags;
}

/** The action options from install's flags (shared with upgrade --install). */
export function installActionFlags(
  f: InstallFlags,
  extra: { dryRun: DryRun; hideSecret: boolean },
): InstallActionFlags {
  return {
    dryRun: extra.dryRun,
    serverSideApply: f.serverSide.value,
    forceConflicts: f.forceConflicts.value,
    forceReplace: f.forceReplace.value,
    disableHooks: f.noHooks.value,
    waitStrategy: f.wait.value,
    waitForJobs: f.waitForJobs.value,
    timeoutMs: Number(f.timeout.value / 1_000_000n),
    rollbackOnFailure: f.rollbackOnFailure.value,
    description: f.description.value,
    skipSchemaValidation: f.skipSchemaValidation.value,
    subNotes: f.renderSubchartNotes.value,
    enableDns: f.enableDns.value,
    hideSecret: extra.hideSecret,
    disableOpenApiValidation: f.disableOpenAPIValidation.value,
    labels: Object.fromEntries(f.labels.value),
    takeOwnership: f.takeOwnership.value,
    replace: f.replace.value,
    skipCrds: f.skipCrds.value,
    createNamespace: f.createNamespace.value,
  };
}

/** runInstall + client.RunWithContext. */
export async function runInstall(cli: CliContext, r: InstallRun): Promise<Release> {
  if (cli.settings.debug)
    cli.io.stderr(slogLine('DEBUG', 'Original chart version', { version: r.chart.version.value }));
  const [name, chartRef] = nameAndChart(r.args, {
    generateName: r.generateName,
    nameTemplate: r.nameTemplate,
  });
  const { chart, values, modTime } = await loadActionChart(cli, chartRef, {
    remote: {
      chart: r.chart,
      env: repoEnv(cli),
      devel: r.devel,
      ctx: cli,
      registryOut: cli.io.stdout,
    },
    values: r.values,
    dependencyUpdate: r.dependencyUpdate,
    action: 'install',
  });
  const namespace = cli.settings.namespace();
  const cancel = cancelOnSignal(cli, r.args[0] ?? '');
  try {
    // A client-only dry run talks to no cluster (Helm swaps in a printing client and memory storage).
    const env = await actionEnv(cli, namespace, cancel.signal, r.action.dryRun === 'client');
    try {
      return await install(
        { ...r.action, releaseName: name, namespace, chart, values, chartModTime: modTime },
        env.ctx,
      );
    } finally {
      await env.close();
    }
  } finally {
    cancel.dispose();
  }
}

export function releaseOutput(cli: CliContext, format: Format, rel: Release, hideNotes: boolean): string {
  return printRelease(format, rel, {
    debug: cli.settings.debug,
    showMetadata: false,
    hideNotes,
    color: colorizer(cli.settings.colorMode.value === 'always'),
  });
}

export function installCommand(cli: CliContext): Command {
  const cmd = new Command({
    use: 'install [NAME] [CHART]',
    short: 'install a chart',
    long: INSTALL_DESC.replaceAll('$ helm ', `$ ${cli.bin} `),
    args: minimumNArgs(1),
    validArgs: (args, toComplete) =>
      args.length === (flags.generateName.value ? 0 : 1)
        ? compListCharts(toComplete)
        : { items: [], directive: 4 },
    run: async ({ args }) => {
      checkRegistryClientTls(flags.chart);
      const dryRun = parseDryRun(dryRunFlag.value, cli.io.stderr);
      let rel: Release;
      try {
        rel = await runInstall(cli, {
          args,
          generateName: flags.generateName.value,
          nameTemplate: flags.nameTemplate.value,
          chart: flags.chart,
          devel: flags.devel.value,
          dependencyUpdate: flags.dependencyUpdate.value,
          values: valueOptionsFrom(flags.values),
          action: {
            ...installActionFlags(flags, { dryRun, hideSecret: hideSecret.value }),
            ...postRenderOption(cli, postRender),
          },
        });
      } catch (e) {
        // Storage setup is log.Fatal in Helm (before the action): no INSTALLATION FAILED prefix.
        if (e instanceof LogFatal) throw e;
        throw new Error(`INSTALLATION FAILED: ${(e as Error).message}`, { cause: e });
      }
      cli.io.stdout(releaseOutput(cli, output.value, rel, flags.hideNotes.value));
    },
  });
  const flags = addInstallFlags(cmd, cli.settings, cli.io.stderr);
  const hideSecret = cmd.localOnlyFlags.bool(
    'hide-secret',
    '',
    false,
    'hide Kubernetes Secrets when also using the --dry-run flag',
  );
  const dryRunFlag = addDryRunFlag(cmd);
  const output = bindOutputFlag(cmd.localOnlyFlags);
  const postRender = bindPostRenderCommandFlag(cli, cmd);
  return cmd;
}

/** `--post-renderer` / `--post-renderer-args`, the plugin looked up as the flags are parsed (as Helm's Set). */
export function bindPostRenderCommandFlag(cli: CliContext, cmd: Command): PostRenderFlags {
  return bindPostRenderFlag(cmd, (name, args) => {
    postRendererLookup(cli, name, args);
  });
}

/** The action's post-render hook for the parsed flags (none without --post-renderer). */
export function postRenderOption(
  cli: CliContext,
  f: PostRenderFlags,
): Pick<InstallActionFlags, 'postRender'> {
  const pr = postRenderer(cli, f.pluginName.value, f.args.value);
  return pr ? { postRender: pr } : {};
}

export { ReleaseActionError };
