// The chart half of runInstall / runUpgrade (pkg/cmd/install.go, upgrade.go), shared by template,
// install and upgrade: locate the chart (local, repository, URL or OCI), merge the values, load it,
// check the dependencies and, with --dependency-update, fetch the missing ones and load it again.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Chart } from '../chart/chart.js';
import { loadChart } from '../chart/loader.js';
import { MAX_CHART_SIZE, readTar } from '../chart/archive.js';
import { gunzipLikeGo } from '../chart/gzip-stream.js';
import { updateDependencies } from '../chart/dependency-build.js';
import { sourceDateEpoch } from '../chart/source-date-epoch.js';
import type { GoMap } from '../go/value.js';
import { goReadFile } from '../go/fs-error.js';
import { quote as goQuote } from '../go/strconv/format.js';
import { checkDependencies, checkIfInstallable } from '../release/render.js';
import type { ChartModTime } from '../release/record.js';
import { prepareRemoteDependencies } from '../repo/dependencies.js';
import { goTimeFromDate } from '../storage/gotime.js';
import { mergeValueOptions, type ValueOptions } from '../values/options.js';
import type { CliContext } from './context.js';
import type { RepoClientFlags } from './flags.js';
import { locateChart, type RemoteChartFlags } from './locate-chart.js';
import { registryClientFromFlags } from './registry.js';
import { repoEnv } from './repo-env.js';
import { slogLine } from './slog.js';
import { valuesSourceReader } from './values-source.js';
import { getterAll } from './plugin-schemes.js';

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
  getterAll(cli); // runInstall/upgrade: `p := getter.All(settings)` for MergeValues
  const values = await mergeValueOptions(o.values, valuesSourceReader(cli));
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
      await dependencyUpdate(cli, path, epoch, o.remote);
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

/**
 * downloader.Manager.Update as install/upgrade run it (no --skip-refresh, no verification), with
 * the command's registry client (its TLS, --plain-http and credential flags) for oci:// ones.
 */
async function dependencyUpdate(
  cli: CliContext,
  chartPath: string,
  epoch: number | undefined,
  flags: RemoteChartFlags,
): Promise<void> {
  const remote = await prepareRemoteDependencies(chartPath, 'update', {
    env: repoEnv(cli),
    skipRefresh: false,
    out: cli.io.stdout,
    registry: (host) => registryClientFromFlags(cli, host, flags.chart),
    // The registry client writes to stderr for template, stdout for install and upgrade.
    registryOut: flags.registryOut ?? cli.io.stderr,
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
    // Read as the loader read it (a bad CRC after the end marker is no error there).
    const gz = gunzipLikeGo(goReadFile(path), MAX_CHART_SIZE + 64 * 1024 * 1024);
    for (const e of readTar(gz.data, gz.end)) {
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

/**
 * newRegistryClient's TLS half, run first by install, upgrade and template (package before its charts): with a client
 * certificate pair, a CA file or --insecure-skip-tls-verify, tlsutil.NewTLSConfig reads the files
 * (errors joined) and parses them, whatever the chart reference is.
 */
export function checkRegistryClientTls(c: RepoClientFlags): void {
  const cert = c.certFile.value;
  const key = c.keyFile.value;
  const ca = c.caFile.value;
  if (!((cert !== '' && key !== '') || ca !== '' || c.insecureSkipTLSVerify.value)) return;
  const errs: string[] = [];
  const read = (what: string, file: string): Buffer | undefined => {
    try {
      return goReadFile(file);
    } catch (e) {
      errs.push(`${what}: ${goQuote(file)}: ${(e as Error).message}`);
      return undefined;
    }
  };
  let certPem: Buffer | undefined;
  let keyPem: Buffer | undefined;
  if (cert !== '' || key !== '') {
    certPem = read('unable to read cert file', cert);
    if (certPem) keyPem = read('unable to read key file', key);
  }
  const caPem = ca !== '' ? read("can't read CA file", ca) : undefined;
  const fail = (msg: string): never => {
    throw new Error(`missing registry client: can't create TLS config for client: ${msg}`);
  };
  if (errs.length > 0) fail(errs.join('\n'));
  if (certPem?.length && keyPem?.length) {
    const bad = keyPairError(certPem, keyPem);
    if (bad) fail(`unable to load cert from key pair: ${bad}`);
  }
  if (caPem?.length && !caCertificates(caPem)) fail('failed to append certificates from pem block');
}

/** x509.CertPool.AppendCertsFromPEM: whether any CERTIFICATE block parses. */
function caCertificates(pem: Buffer): boolean {
  const blocks = pem
    .toString('latin1')
    .match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  for (const b of blocks ?? []) {
    try {
      new X509Certificate(b);
      return true;
    } catch {
      /* next block */
    }
  }
  return false;
}

const pemTypes = (b: Buffer): string[] =>
  [...b.toString('latin1').matchAll(/-----BEGIN ([^-\n]+)-----/g)].map((m) => m[1]!);

/** tls.X509KeyPair's errors for the PEM structure, and a key that does not match the certificate. */
function keyPairError(cert: Buffer, key: Buffer): string | undefined {
  const ct = pemTypes(cert);
  if (ct.length === 0) return 'tls: failed to find any PEM data in certificate input';
  if (!ct.includes('CERTIFICATE')) {
    if (ct.some((t) => t.endsWith('PRIVATE KEY')))
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${ct.join(' ')}]`;
  }
  const kt = pemTypes(key);
  if (kt.length === 0) return 'tls: failed to find any PEM data in key input';
  if (!kt.some((t) => t === 'PRIVATE KEY' || t.endsWith(' PRIVATE KEY'))) {
    if (kt.every((t) => t === 'CERTIFICATE'))
      return 'tls: found a certificate rather than a key in the PEM for the private key';
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${kt.join(' ')}]`;
  }
  try {
    const pub = createPublicKey(createPrivateKey(key)).export({ type: 'spki', format: 'der' });
    const certPub = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
    if (!pub.equals(certPub)) return 'tls: private key does not match public key';
  } catch {
    return undefined; // Go's parse errors differ by key type; the handshake reports the rest
  }
  return undefined;
}
