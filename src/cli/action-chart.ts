// The chart half of runInstall / runUpgrade (pkg/cmd/install.go, upgrade.go), shared by template,
// install and upgrade: locate the chart (local, repository, URL or OCI), merge the values, load it,
// check the dependencies and, with --dependency-update, fetch the missing ones and load it again.
import { statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Chart } from '../chart/chart.js';
import { loadChart } from '../chart/loader.js';
import { readTar } from '../chart/archive.js';
import { updateDependencies } from '../chart/dependency-build.js';
import { sourceDateEpoch } from '../chart/source-date-epoch.js';
import type { GoMap } from '../go/value.js';
import { goReadFile } from '../go/fs-error.js';
import { checkDependencies, checkIfInstallable } from '../release/render.js';
import type { ChartModTime } from '../release/record.js';
import { prepareRemoteDependencies } from '../repo/dependencies.js';
import { goTimeFromDate } from '../storage/gotime.js';
import { mergeValueOptions, type ValueOptions } from '../values/options.js';
import type { CliContext } from './context.js';
import { locateChart, type RemoteChartFlags } from './locate-chart.js';
import { repoEnv } from './repo-env.js';
import { slogLine } from './slog.js';

export interface ActionChartOptions {
  /** The chart flags (--version, --repo, credentials, TLS, --devel) and where OCI lines go. */
  remote: RemoteChartFlags;
  values: ValueOptions;
  /** --dependency-update: run `dependency update` when charts/ lacks a declared dependency. */
  dependencyUpdate: boolean;
  /**
   * install (and template, which is a client-only install) checks the chart type, logs the chart
   * path and warns about a deprecated chart before the dependency check; upgrade warns after it.
   */
  action: 'install' | 'upgrade';
}

export interface ActionChart {
  path: string;
  chart: Chart;
  /** The user's merged values (--values, --set …). */
  values: GoMap;
  /** File times of the chart's source, as Go's loader keeps them in the release record. */
  modTime: ChartModTime;
}

export async function loadActionChart(
  cli: CliContext,
  ref: string,
  o: ActionChartOptions,
): Promise<ActionChart> {
  const path = await locateChart(ref, cli.bin, o.remote);
  const install = o.action === 'install';
  if (install && cli.settings.debug) cli.io.stderr(slogLine('DEBUG', 'Chart path', { path }));
  const values = mergeValueOptions(o.values);
  let chart = loadChart(path);
  if (install) {
    checkIfInstallable(chart);
    warnDeprecated(cli, chart);
  }
  if ((chart.metadata.dependencies ?? []).length > 0) {
    // Helm reads SOURCE_DATE_EPOCH here, so a bad value fails any chart with dependencies.
    const epoch = sourceDateEpoch(cli.settings.env.SOURCE_DATE_EPOCH);
    try {
      checkDependencies(chart);
    } catch (err) {
      if (!o.dependencyUpdate) {
        throw new Error(
          `an error occurred while checking for chart dependencies. You may need to run '${cli.bin} dependency build' to fetch missing dependencies: ${(err as Error).message}`,
        );
      }
      await dependencyUpdate(cli, path, epoch);
      try {
        chart = loadChart(path);
      } catch (err2) {
        throw new Error(`failed reloading chart after repo update: ${(err2 as Error).message}`);
      }
    }
  }
  if (!install) warnDeprecated(cli, chart);
  return { path, chart, values, modTime: chartModTimes(path) };
}

function warnDeprecated(cli: CliContext, chart: Chart): void {
  if (chart.metadata.deprecated) cli.io.stderr(slogLine('WARN', 'this chart is deprecated'));
}

/** downloader.Manager.Update as install/upgrade run it (no --skip-refresh, no verification). */
async function dependencyUpdate(
  cli: CliContext,
  chartPath: string,
  epoch: number | undefined,
): Promise<void> {
  const remote = await prepareRemoteDependencies(chartPath, 'update', {
    env: repoEnv(cli),
    skipRefresh: false,
    out: cli.io.stdout,
  });
  updateDependencies(chartPath, {
    out: cli.io.stdout,
    repositoryConfig: cli.settings.repositoryConfig.value,
    debug: cli.settings.debug,
    bin: cli.bin,
    sourceDateEpoch: epoch,
    ...(remote ? { remote } : {}),
  });
}

/** The chart's file times: a directory's from the file system, an archive's from its tar headers. */
export function chartModTimes(path: string): ChartModTime {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return () => undefined;
  }
  if (isDir) {
    return (name) => {
      try {
        const ns = statSync(join(path, name), { bigint: true }).mtimeNs;
        return goTimeFromDate(new Date(Number(ns / 1_000_000n)), Number(ns % 1_000_000n));
      } catch {
        return undefined;
      }
    };
  }
  const times = new Map<string, string>();
  try {
    for (const e of readTar(gunzipSync(goReadFile(path)))) {
      if (e.type === '5' || e.name.endsWith('/')) continue;
      // The name as the archive loader keeps it: the top directory dropped, cleaned.
      const delim = e.name.includes('\\') ? '\\' : '/';
      const name = posix.normalize(e.name.split(delim).slice(1).join('/'));
      const ms = Math.floor(e.mtime * 1000);
      const nanos = Math.round((e.mtime * 1e9) % 1_000_000);
      times.set(name, goTimeFromDate(new Date(ms), nanos));
    }
  } catch {
    // The chart loaded, so this cannot fail; without times the record simply has none.
  }
  return (name) => times.get(name);
}
