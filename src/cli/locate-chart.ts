// ChartPathOptions.LocateChart: local chart directories and archives, `repo/name` from
// repositories.yaml, names with --repo, archive URLs and `oci://` references, downloaded into the
// content cache. One function for template, show, install and upgrade.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { quote as goQuote } from '../go/strconv/format.js';
import type { ChartPathFlags } from './flags.js';
import { downloadName, fetchChart, isFullChartURL, parseChartURL, type RepoEnv } from '../repo/chart-repo.js';
import { digestHex, ociProvSource, resolveRemoteChart } from './pull.js';
import { provenanceForCache } from '../provenance/download.js';
import { verifyChart } from '../provenance/provenance.js';
import type { CliContext } from './context.js';
import { fetchOciChart } from './registry-pull.js';
import { debugLog } from './plugin.js';
import { getterAll, getterPluginFor } from './plugin-schemes.js';
import { downloadChartWithPlugin, urlScheme } from '../plugin/getter.js';
import { envMap } from '../plugin/subprocess.js';
import { slogLine } from './slog.js';

/** The absolute path of a local chart; anything that needs a download fails clearly. */
export function locateLocalChart(
  ref: string,
  repoURL: string,
  verify: boolean,
  bin: string,
  keyring?: string,
): string {
  const name = ref.trim();
  if (repoURL === '') {
    if (existsSync(name)) {
      if (verify) {
        if (statSync(name).isDirectory()) throw new Error('unpacked charts cannot be verified');
        if (keyring === undefined) throw new Error(`${bin} cannot verify chart provenance yet (--verify)`);
        verifyChart(resolve(name), `${resolve(name)}.prov`, keyring);
      }
      return resolve(name);
    }
    if (isAbsolute(name) || name.startsWith('.')) throw new Error(`path ${goQuote(name)} not found`);
    if (!name.includes('://') && !name.includes('/')) {
      throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
    }
  }
  throw new Error(
    `${bin} cannot download charts yet (chart repositories, URLs and OCI registries): ${goQuote(name)}`,
  );
}

/** The chart-locating flags LocateChart reads (ChartPathOptions). */
export interface RemoteChartFlags {
  chart: ChartPathFlags;
  env: RepoEnv;
  /** `--devel`: an empty version means '>0.0.0-0'. */
  devel?: boolean;
  /** Needed for `oci://` references (registry config, content cache, output). */
  ctx?: CliContext;
  /**
   * Where the registry client writes `Pulled:`/`Digest:` (newRegistryClient's writer): stderr for
   * template and show, stdout for install and upgrade. Default stderr.
   */
  registryOut?: (s: string) => void;
}

/**
 * LocateChart: a local chart as locateLocalChart finds it; otherwise a repository reference
 * (`repo/name`, an http(s) URL, or a name with `--repo`) downloaded into the content cache.
 */
export async function locateChart(ref: string, bin: string, remote: RemoteChartFlags): Promise<string> {
  const { chart, env, ctx } = remote;
  const name = ref.trim();
  // ChartDownloader.DownloadToCache's first debug line.
  const cacheSetUp = (): void => {
    if (ctx?.settings.debug) ctx.io.stderr(slogLine('DEBUG', 'set up default downloader cache'));
  };
  let version = chart.version.value.trim();
  if (chart.version.value === '' && remote.devel) {
    if (ctx?.settings.debug) ctx.io.stderr(slogLine('DEBUG', 'setting version to >0.0.0-0'));
    version = '>0.0.0-0';
  }
  // Past the local-path checks helm builds a ChartDownloader with getter.All (and, with --repo,
  // FindChartInRepoURL gets another): each loads the plugins, warning about broken ones.
  if (ctx && (chart.repo.value !== '' || !(existsSync(name) || isAbsolute(name) || name.startsWith('.')))) {
    getterAll(ctx);
    if (chart.repo.value !== '') getterAll(ctx);
  }
  if (name.startsWith('oci://') && ctx && chart.repo.value === '') {
    const out = remote.registryOut ?? ctx.io.stderr;
    cacheSetUp();
    const o = await fetchOciChart(ctx, name, version, chart, true, out);
    out(o.lines);
    if (chart.verify.value) {
      await provenanceForCache(
        o.cachePath,
        ociProvSource(ctx, name, version, chart, out),
        o.fileName,
        chart.keyring.value,
      );
    }
    return o.cachePath;
  }
  const repoURL = chart.repo.value;
  // ResolveChartVersion parses the name before any getter is picked: a parse failure, or a name
  // without scheme, host and path (`nothing://x`), is a repo/chart reference whatever its scheme.
  const local = existsSync(name) || isAbsolute(name) || name.startsWith('.');
  const byRepoName = repoURL === '' && !local && !isFullChartURL(parseChartURL(name));
  // getter/v1 plugins serve their schemes (Helm's http, https and oci getters come first).
  const scheme = byRepoName ? '' : urlScheme(name);
  const getter = ctx && !['http', 'https', 'oci'].includes(scheme) ? getterPluginFor(ctx, scheme) : undefined;
  if (getter && ctx) {
    const f = {
      username: chart.username.value,
      password: chart.password.value,
      certFile: chart.certFile.value,
      keyFile: chart.keyFile.value,
      caFile: chart.caFile.value,
      insecureSkipTLSVerify: chart.insecureSkipTLSVerify.value,
      plainHttp: chart.plainHttp.value,
      passCredentials: chart.passCredentials.value,
    };
    const pluginEnv = envMap(ctx.settings.envVars(ctx.io.argv0 ?? ctx.bin));
    return downloadChartWithPlugin(getter, name, f, env.contentCache, pluginEnv, debugLog(ctx));
  }
  if (ctx && scheme !== '' && !['http', 'https', 'oci'].includes(scheme) && !existsSync(name))
    throw new Error(`scheme ${goQuote(scheme)} not supported`);
  const isRemote =
    repoURL !== '' ||
    byRepoName ||
    /^https?:\/\//.test(name) ||
    (!existsSync(name) &&
      !isAbsolute(name) &&
      !name.startsWith('.') &&
      name.includes('/') &&
      !name.includes('://'));
  if (!isRemote) return locateLocalChart(name, repoURL, chart.verify.value, bin, chart.keyring.value);
  // With --repo the index is read before the downloader starts; otherwise by it.
  if (repoURL === '') cacheSetUp();
  const r = await resolveRemoteChart(name, version, chart, env, bin);
  if (repoURL !== '') cacheSetUp();
  const { path } = await fetchChart(r, env, true, { ref: repoURL !== '' ? r.url : name, version });
  if (chart.verify.value) {
    const src = { url: r.url, get: r.get, digestHex: digestHex(r.digest), contentCache: env.contentCache };
    await provenanceForCache(path!, src, downloadName(r.url), chart.keyring.value);
  }
  return resolve(path!);
}
