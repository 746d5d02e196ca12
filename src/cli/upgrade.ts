// `rudder upgrade`: upgrade a release, or install it with --install (pkg/cmd/upgrade.go).
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import { compListCharts } from './completion.js';
import type { CliContext } from './context.js';
import {
  addChartPathOptionsFlags,
  addForceFlags,
  addServerSideAutoFlag,
  addValueOptionsFlags,
  addWaitFlag,
  valueOptionsFrom,
} from './flags.js';
import { bindOutputFlag } from './output/format.js';
import { actionEnv } from './action-env.js';
import { checkRegistryClientTls, loadActionChart } from './action-chart.js';
import { repoEnv } from './repo-env.js';
import {
  addDryRunFlag,
  bindPostRenderCommandFlag,
  parseDryRun,
  postRenderOption,
  releaseOutput,
  runInstall,
} from './install.js';
import { UPGRADE_DESC } from './release-help.js';
import { cancelOnSignal } from './cancel.js';
import { upgrade } from '../release/upgrade.js';
import { latest } from '../release/record.js';
import { requireClient } from '../release/context.js';
import { isValidReleaseName } from '../release/names.js';
import { ReleaseNotFoundError } from '../storage/errors.js';
import type { Release } from '../storage/release.js';

export function upgradeCommand(cli: CliContext): Command {
  const cmd = new Command({
    use: 'upgrade [RELEASE] [CHART]',
    short: 'upgrade a release',
    long: UPGRADE_DESC.replaceAll('$ helm ', `$ ${cli.bin} `),
    args: exactArgs(2),
    validArgs: (args, toComplete) =>
      args.length === 1 ? compListCharts(toComplete) : { items: [], directive: 4 },
    run: async ({ args }) => {
      const namespace = cli.settings.namespace();
      checkRegistryClientTls(chartFlags);
      const dryRun = parseDryRun(dryRunFlag.value, cli.io.stderr);
      const name = args[0]!;
      if (install.value) {
        const env = await actionEnv(cli, namespace);
        let history: Release[] = [];
        let notFound = false;
        try {
          // action.History.Run: reachable, a valid name, then the records.
          await requireClient(env.ctx).checkReachable();
          if (!isValidReleaseName(name)) throw new Error(`release name is invalid: ${name}`);
          env.ctx.log.debug('getting history for release', { release: name });
          history = await env.ctx.storage.history(name);
          if (history.length === 0) notFound = true;
        } catch (e) {
          if (!(e instanceof ReleaseNotFoundError)) throw e;
          notFound = true;
        } finally {
          await env.close();
        }
        const uninstalled = latest(history)?.info.status === 'uninstalled';
        if (notFound || uninstalled) {
          if (output.value === 'table')
            cli.io.stdout(`Release ${JSON.stringify(name)} does not exist. Installing it now.\n`);
          const rel = await runInstall(cli, {
            args,
            generateName: false,
            nameTemplate: '',
            chart: chartFlags,
            devel: devel.value,
            dependencyUpdate: dependencyUpdate.value,
            values: valueOptionsFrom(valueFlags),
            action: {
              dryRun,
              serverSideApply: serverSide.value !== 'false',
              forceConflicts: forceConflicts.value,
              forceReplace: forceReplace.value,
              disableHooks: noHooks.value,
              waitStrategy: wait.value,
              waitForJobs: waitForJobs.value,
              timeoutMs: Number(timeout.value / 1_000_000n),
              rollbackOnFailure: rollbackOnFailure.value,
              description: description.value,
              skipSchemaValidation: skipSchemaValidation.value,
              subNotes: subNotes.value,
              enableDns: enableDns.value,
              hideSecret: hideSecret.value,
              disableOpenApiValidation: disableOpenApi.value,
              labels: Object.fromEntries(labels.value),
              takeOwnership: takeOwnership.value,
              replace: uninstalled,
              skipCrds: skipCrds.value,
              createNamespace: createNamespace.value,
              ...postRenderOption(cli, postRender),
            },
          });
          cli.io.stdout(releaseOutput(cli, output.value, rel, hideNotes.value));
          return;
        }
      }
      const { chart, values, modTime } = await loadActionChart(cli, args[1]!, {
        remote: {
          chart: chartFlags,
          env: repoEnv(cli),
          devel: devel.value,
          ctx: cli,
          registryOut: cli.io.stdout,
        },
        values: valueOptionsFrom(valueFlags),
        dependencyUpdate: dependencyUpdate.value,
        action: 'upgrade',
      });
      const cancel = cancelOnSignal(cli, name);
      const env = await actionEnv(cli, namespace, cancel.signal).catch((e: unknown) => {
        cancel.dispose();
        throw e;
      });
      let rel: Release;
      try {
        rel = await upgrade(
          {
            releaseName: name,
            namespace,
            chart,
            chartModTime: modTime,
            values,
            dryRun,
            serverSide: serverSide.value,
            forceConflicts: forceConflicts.value,
            forceReplace: forceReplace.value,
            disableHooks: noHooks.value,
            waitStrategy: wait.value,
            waitForJobs: waitForJobs.value,
            timeoutMs: Number(timeout.value / 1_000_000n),
            rollbackOnFailure: rollbackOnFailure.value,
            description: description.value,
            skipSchemaValidation: skipSchemaValidation.value,
            subNotes: subNotes.value,
            enableDns: enableDns.value,
            hideSecret: hideSecret.value,
            disableOpenApiValidation: disableOpenApi.value,
            labels: Object.fromEntries(labels.value),
            takeOwnership: takeOwnership.value,
            resetValues: resetValues.value,
            reuseValues: reuseValues.value,
            resetThenReuseValues: resetThenReuse.value,
            cleanupOnFail: cleanupOnFail.value,
            maxHistory: historyMax.value,
            ...postRenderOption(cli, postRender),
          },
          env.ctx,
        );
      } catch (e) {
        throw new Error(`UPGRADE FAILED: ${(e as Error).message}`, { cause: e });
      } finally {
        cancel.dispose();
        await env.close();
      }
      if (output.value === 'table')
        cli.io.stdout(`Release ${JSON.stringify(name)} has been upgraded. Happy Helming!\n`);
      cli.io.stdout(releaseOutput(cli, output.value, rel, hideNotes.value));
    },
  });
  const f = cmd.localOnlyFlags;
  const createNamespace = f.bool(
    'create-namespace',
    '',
    false,
    'if --install is set, create the release namespace if not present',
  );
  const install = f.bool(
    'install',
    'i',
    false,
    "if a release by this name doesn't already exist, run an install",
  );
  const devel = f.bool(
    'devel',
    '',
    false,
    "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored",
  );
  const hideSecret = f.bool(
    'hide-secret',
    '',
    false,
    'hide Kubernetes Secrets when also using the --dry-run flag',
  );
  const { forceReplace, forceConflicts } = addForceFlags(f);
  const serverSide = addServerSideAutoFlag(f);
  const noHooks = f.bool('no-hooks', '', false, 'disable pre/post upgrade hooks');
  const disableOpenApi = f.bool(
    'disable-openapi-validation',
    '',
    false,
    'if set, the upgrade process will not validate rendered templates against the Kubernetes OpenAPI Schema',
  );
  const skipCrds = f.bool(
    'skip-crds',
    '',
    false,
    'if set, no CRDs will be installed when an upgrade is performed with install flag enabled. By default, CRDs are installed if not already present, when an upgrade is performed with install flag enabled',
  );
  const timeout = f.duration(
    'timeout',
    '',
    300n * 1_000_000_000n,
    'time to wait for any individual Kubernetes operation (like Jobs for hooks)',
  );
  const resetValues = f.bool(
    'reset-values',
    '',
    false,
    'when upgrading, reset the values to the ones built into the chart',
  );
  const reuseValues = f.bool(
    'reuse-values',
    '',
    false,
    "when upgrading, reuse the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' is specified, this is ignored",
  );
  const resetThenReuse = f.bool(
    'reset-then-reuse-values',
    '',
    false,
    "when upgrading, reset the values to the ones built into the chart, apply the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' or '--reuse-values' is specified, this is ignored",
  );
  const waitForJobs = f.bool(
    'wait-for-jobs',
    '',
    false,
    'if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout',
  );
  const rollbackOnFailure = f.bool(
    'rollback-on-failure',
    '',
    false,
    'if set, Helm will rollback the upgrade to previous success release upon failure. The --wait flag will be defaulted to "watcher" if --rollback-on-failure is set',
  );
  f.alias('atomic', '', rollbackOnFailure, 'deprecated');
  f.markDeprecated('atomic', 'use --rollback-on-failure instead');
  const historyMax = f.int(
    'history-max',
    '',
    cli.settings.maxHistory,
    'limit the maximum number of revisions saved per release. Use 0 for no limit',
  );
  const cleanupOnFail = f.bool(
    'cleanup-on-fail',
    '',
    false,
    'allow deletion of new resources created in this upgrade when upgrade fails',
  );
  const subNotes = f.bool(
    'render-subchart-notes',
    '',
    false,
    'if set, render subchart notes along with the parent',
  );
  const hideNotes = f.bool(
    'hide-notes',
    '',
    false,
    'if set, do not show notes in upgrade output. Does not affect presence in chart metadata',
  );
  const skipSchemaValidation = f.bool(
    'skip-schema-validation',
    '',
    false,
    'if set, disables JSON schema validation',
  );
  const labels = f.stringToString(
    'labels',
    'l',
    'Labels that would be added to release metadata. Should be separated by comma. Original release labels will be merged with upgrade labels. You can unset label using null.',
  );
  const description = f.string('description', '', '', 'add a custom description');
  const dependencyUpdate = f.bool(
    'dependency-update',
    '',
    false,
    'update dependencies if they are missing before installing the chart',
  );
  const enableDns = f.bool('enable-dns', '', false, 'enable DNS lookups when rendering templates');
  const takeOwnership = f.bool(
    'take-ownership',
    '',
    false,
    'if set, upgrade will ignore the check for helm annotations and take ownership of the existing resources',
  );
  const dryRunFlag = addDryRunFlag(cmd);
  const chartFlags = addChartPathOptionsFlags(f, cli.settings);
  const valueFlags = addValueOptionsFlags(f);
  const output = bindOutputFlag(f);
  const postRender = bindPostRenderCommandFlag(cli, cmd);
  const wait = addWaitFlag(cmd, cli.io.stderr);
  cmd.markFlagsMutuallyExclusive('force-replace', 'force-conflicts');
  cmd.markFlagsMutuallyExclusive('force', 'force-conflicts');

  return cmd;
}
