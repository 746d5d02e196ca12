// getter/v1 plugins (pkg/getter/plugingetter.go): a plugin serves the URL schemes listed in its
// config.protocols wherever a chart is fetched. It runs as WebAssembly (extism/v1: the bytes come
// back as base64 `data`) or as a subprocess (runtime_subprocess_getter.go: the protocol's command
// from the plugin directory with `certFile keyFile caFile href`, the bytes on stdout).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quote as goQuote } from '../go/strconv/format.js';
import { atomicWriteFile } from '../repo/atomic.js';
import { contentCachePath } from '../repo/chart-repo.js';
import { formatPluginQ } from './go-format.js';
import type { Plugin } from './loader.js';
import { pluginLimits, runBounded } from './limits.js';
import {
  envMap,
  prepareCommands,
  startError,
  exitError,
  logCommand,
  type DebugLog,
  type EnvMap,
} from './subprocess.js';
import { emptyGetterOptions, runGetterWasm, type GetterOptionsV1 } from './wasm/types.js';

export type { GetterOptionsV1 };
export { emptyGetterOptions };

/** The URL scheme of a reference (`s3` in `s3://bucket/x.tgz`), or "" when it has none. */
export function urlScheme(ref: string): string {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(ref)?.[1]?.toLowerCase() ?? '';
}

function runSubprocessGetter(
  p: Plugin,
  href: string,
  protocol: string,
  o: GetterOptionsV1,
  env: EnvMap,
  debug?: DebugLog,
): Buffer {
  const rc = p.metadata.runtimeConfig;
  if (rc?.kind !== 'subprocess')
    throw new Error(`unsupported plugin runtime type: ${goQuote(p.metadata.runtime)}`);
  const d = rc.protocolCommands.find((c) => c.protocols.includes(protocol));
  if (!d) throw new Error(`no downloader found for protocol ${goQuote(protocol)}`);
  // os.Environ(), then Helm's settings, then the plugin's own variables (runtime_subprocess_getter.go).
  const full = envMap(process.env, env, [
    ['HELM_PLUGIN_NAME', p.metadata.name],
    ['HELM_PLUGIN_DIR', p.dir],
    ['HELM_PLUGIN_USERNAME', o.Username],
    ['HELM_PLUGIN_PASSWORD', o.Password],
    ['HELM_PLUGIN_PASS_CREDENTIALS_ALL', String(o.PassCredentialsAll)],
  ]);
  let cmd;
  try {
    cmd = prepareCommands(d.platformCommand, false, [], full);
  } catch (e) {
    throw new Error(`failed to prepare commands for protocol ${goQuote(protocol)}: ${(e as Error).message}`);
  }
  const limits = pluginLimits(full);
  const tmp = mkdtempSync(join(tmpdir(), `helm-plugin-${p.metadata.name}-`));
  try {
    // stderr is the terminal's, as in helm; stdout (the bytes) is bounded, and so is the run.
    const main = join(p.dir, cmd.main);
    const args = [...cmd.args, o.CertFile, o.KeyFile, o.CAFile, href];
    logCommand(debug, 'executing plugin command', p, main, args, full);
    const r = runBounded(p.metadata.name, main, args, {
      env: Object.fromEntries(full),
      stdio: ['ignore', 'pipe', 'inherit'],
      limits,
    });
    if (r.error) throw startError(main, r.error);
    if (r.status !== 0 || r.signal !== null) throw exitError(p.metadata.name, r.status, r.signal, debug);
    return r.stdout;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** getterPlugin.Get: the bytes behind `href`, or Helm's "plugin … failed to invoke" error. */
export function getWithPlugin(
  p: Plugin,
  href: string,
  options: GetterOptionsV1,
  env: EnvMap,
  debug?: DebugLog,
): Buffer {
  try {
    if (p.metadata.runtime === 'extism/v1') return runGetterWasm(p, href, options, env, debug);
    return runSubprocessGetter(p, href, urlScheme(href), options, env, debug);
  } catch (e) {
    // Helm formats the whole plugin object with %q (go-format.ts).
    throw new Error(`plugin ${formatPluginQ(p)} failed to invoke: ${(e as Error).message}`);
  }
}

/** What LocateChart passes a getter (ChartPathOptions as getter options). */
export interface ChartGetterFlags {
  username: string;
  password: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  insecureSkipTLSVerify: boolean;
  plainHttp: boolean;
  passCredentials: boolean;
}

/**
 * ChartDownloader.DownloadToCache for a plugin's scheme: the reference is fetched by the plugin
 * (URL = the reference, Accept as for charts) and kept in the content cache under its sha256.
 */
export function downloadChartWithPlugin(
  p: Plugin,
  ref: string,
  flags: ChartGetterFlags,
  contentCache: string,
  env: EnvMap,
  debug?: DebugLog,
): string {
  const options: GetterOptionsV1 = {
    ...emptyGetterOptions(),
    URL: ref,
    CertFile: flags.certFile,
    KeyFile: flags.keyFile,
    CAFile: flags.caFile,
    InsecureSkipVerifyTLS: flags.insecureSkipTLSVerify,
    PlainHTTP: flags.plainHttp,
    AcceptHeader: 'application/gzip,application/octet-stream',
    Username: flags.username,
    Password: flags.password,
    PassCredentialsAll: flags.passCredentials,
  };
  debug?.('set up default downloader cache', {});
  debug?.('attempting to download chart', { ref, version: '' });
  const data = getWithPlugin(p, ref, options, env, debug);
  const hex = createHash('sha256').update(data).digest('hex');
  const path = contentCachePath(contentCache, hex);
  atomicWriteFile(path, data);
  debug?.('put downloaded chart in cache', { id: hex });
  return path;
}
