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
} from '../plugin/installer/install.js';
import { envMap, runHook } from '../plugin/subprocess.js';
import { debugLog } from './plugin.js';

export interface ArchiveInstallOptions {
  verify: boolean;
  keyring: string;
  http: GetOptions;
}

export async function installFromArchive(
  ctx: CliContext,
  src: ArchiveSource,
  o: ArchiveInstallOptions,
): Promise<void> {
  const out = ctx.io.stdout;
  out(o.verify ? 'Verifying plugin signature...\n' : 'WARNING: Skipping plugin signature verification\n');
  // InstallWithOptions makes the plugins directory before anything else.
  mkdirSync(dirname(src.path), { recursive: true });
  if (existsSync(src.path)) {
    ctx.io.stderr(slogLine('WARN', 'plugin already exists', { path: src.path, error: '<nil>' }));
    throw new Error('plugin already exists');
  }
  const fetched = await fetchArchive(src, o.http, o.verify);
  if (o.verify) {
    // Both installers verify against the source's base name (filepath.Base), as helm does.
    const filename = basename(src.source);
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
