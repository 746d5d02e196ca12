// `plugin install` of archives (local .tgz/.tar.gz and http(s) URLs), with pkg/cmd/plugin_install.go's
// output: the verification banner or warning, the signer lines, then "Installed plugin: NAME".
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CliContext } from './context.js';
import { slogLine } from './slog.js';
import type { GetOptions } from '../repo/http.js';
import {
  fetchArchive,
  formatPluginVerification,
  installArchive,
  verifyArchive,
  type ArchiveSource,
  type Fetched,
} from '../plugin/installer/install.js';
import { ociPluginName, pullPlugin } from '../plugin/installer/oci.js';
import { tgzPluginMetadata } from '../plugin/installer/archive.js';
import { registryClient } from './registry.js';
import { installVcs, vcsSource } from '../plugin/installer/vcs.js';
import { envMap, runHook } from '../plugin/subprocess.js';
import { debugLog } from './plugin.js';
import { loadGetterPlugins } from './plugin-schemes.js';

export interface ArchiveInstallOptions {
  verify: boolean;
  keyring: string;
  http: GetOptions;
  plainHttp: boolean;
  username: string;
  password: string;
}

/** The OCI getter's pull, wrapped as the OCI installer words its failures. */
async function fetchOci(ctx: CliContext, src: ArchiveSource, o: ArchiveInstallOptions): Promise<Fetched> {
  const { name, ref } = ociPluginName(src.source);
  const client = registryClient(ctx, ref.registry, {
    plainHttp: o.plainHttp,
    insecure: o.http.insecureSkipTLSVerify,
    caFile: o.http.caFile,
    certFile: o.http.certFile,
    keyFile: o.http.keyFile,
    username: o.username,
    password: o.password,
  });
  try {
    return await pullPlugin(client, ref, name);
  } catch (e) {
    const msg = `failed to pull plugin from ${src.source}: ${(e as Error).message}`;
    throw new Error(o.verify ? `failed to get verification data: ${msg}` : msg);
  }
}

/** The VCS installer: no verification possible, so only with --verify=false. */
export async function installFromVcs(
  ctx: CliContext,
  src: ArchiveSource,
  version: string,
  verify: boolean,
): Promise<void> {
  if (verify)
    throw new Error('plugin source does not support verification. Use --verify=false to skip verification');
  ctx.io.stdout('WARNING: Skipping plugin signature verification\n');
  const v = vcsSource(src.source, version, dirname(src.path), ctx.settings.paths.cachePath());
  mkdirSync(dirname(v.path), { recursive: true });
  if (existsSync(v.path)) {
    ctx.io.stderr(slogLine('WARN', 'plugin already exists', { path: v.path, error: '<nil>' }));
    throw new Error('plugin already exists');
  }
  const p = installVcs(v);
  try {
    await runHook(p, 'install', envMap(ctx.io.env), debugLog(ctx));
  } catch (e) {
    rmSync(p.dir, { recursive: true, force: true });
    throw e;
  }
  ctx.io.stdout(`Installed plugin: ${p.metadata.name}\n`);
}

export async function installFromArchive(
  ctx: CliContext,
  src: ArchiveSource,
  o: ArchiveInstallOptions,
): Promise<void> {
  const out = ctx.io.stdout;
  // NewHTTPInstaller: getter.All(new(cli.EnvSettings)) scans the working directory's plugins.
  if (src.kind === 'http') loadGetterPlugins(ctx, '');
  out(o.verify ? 'Verifying plugin signature...\n' : 'WARNING: Skipping plugin signature verification\n');
  // InstallWithOptions makes the plugins directory before anything else.
  mkdirSync(dirname(src.path), { recursive: true });
  if (existsSync(src.path)) {
    ctx.io.stderr(slogLine('WARN', 'plugin already exists', { path: src.path, error: '<nil>' }));
    throw new Error('plugin already exists');
  }
  const fetched =
    src.kind === 'oci' ? await fetchOci(ctx, src, o) : await fetchArchive(src, o.http, o.verify);
  if (o.verify) {
    // Archives verify against the source's base name (filepath.Base), OCI artifacts against
    // `<name>-<version>.tgz` from the archive's plugin.yaml, as helm does.
    let filename = basename(src.source);
    if (src.kind === 'oci') {
      try {
        const m = tgzPluginMetadata(fetched.archive);
        filename = `${m.name}-${m.version}.tgz`;
      } catch (e) {
        throw new Error(
          `failed to get verification data: failed to extract plugin metadata from tarball: ${(e as Error).message}`,
        );
      }
    }
    out(formatPluginVerification(verifyArchive(fetched, filename, o.keyring)));
  }
  const p = installArchive(src, fetched, ctx.settings.paths.dataPath('plugins'));
  try {
    await runHook(p, 'install', envMap(ctx.io.env), debugLog(ctx));
  } catch (e) {
    rmSync(p.dir, { recursive: true, force: true });
    throw e;
  }
  out(`Installed plugin: ${p.metadata.name}\n`);
}
