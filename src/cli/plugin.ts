// `rudder plugin install|list|uninstall|update`: Helm 4's plugin management (pkg/cmd/plugin*.go,
// internal/plugin/installer), with Helm's output and errors. Installs go where helm puts them
// ($HELM_DATA_HOME/plugins/<name>), so both tools see the same plugins.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import type { CliContext } from './context.js';
import { Table } from './output/table.js';
import { slogLine } from './slog.js';
import { findPlugins, loadAllDir, loadDir, splitList, type Plugin } from '../plugin/loader.js';
import { PLUGIN_FILE, type Metadata } from '../plugin/metadata.js';
import { envMap, runHook, type DebugLog } from '../plugin/subprocess.js';
import { newPostRendererPlugin, postRenderFiles, type PostRenderer } from '../plugin/postrenderer.js';
import { quote as goQuote } from '../go/strconv/format.js';
import { resolveSource } from '../plugin/installer/install.js';
import { installFromArchive, installFromVcs } from './plugin-install.js';
import { findVcsCheckout, updateVcs } from '../plugin/installer/vcs.js';
import { pluginPackageCommands } from './plugin-package.js';
import { addTlsFlags } from './flags.js';

/** The slog warning Helm prints for a plugin it skips. */
export function pluginLoadWarning(ctx: CliContext): (file: string, err: Error) => void {
  return (file, err) =>
    ctx.io.stderr(
      slogLine('WARN', 'failed to load plugin (ignoring)', { plugin_yaml: file, error: err.message }),
    );
}

/** Helm's slog debug lines, printed with --debug. */
export function debugLog(ctx: CliContext): DebugLog | undefined {
  if (!ctx.settings.debug) return undefined;
  return (msg, attrs) => ctx.io.stderr(slogLine('DEBUG', msg, attrs));
}

/** Errors joined as errors.Join prints them. */
class JoinedError extends Error {
  constructor(errs: Error[]) {
    super(errs.map((e) => e.message).join('\n'));
  }
}

// --- signing status as `plugin list` shows it (internal/plugin/signing_info.go) ---

/** The armored clear-signed text's plaintext, or undefined when it is not one. */
function clearsignPlaintext(text: string): string | undefined {
  const begin = text.indexOf('-----BEGIN PGP SIGNED MESSAGE-----\n');
  if (begin < 0) return undefined;
  const headerEnd = text.indexOf('\n\n', begin);
  const sigStart = text.indexOf('\n-----BEGIN PGP SIGNATURE-----', headerEnd);
  if (headerEnd < 0 || sigStart < 0) return undefined;
  if (!text.includes('-----END PGP SIGNATURE-----', sigStart)) return undefined;
  return text
    .slice(headerEnd + 2, sigStart)
    .split('\n')
    .map((l) => (l.startsWith('- ') ? l.slice(2) : l))
    .join('\n');
}

function signingStatus(ctx: CliContext, m: Metadata): string {
  const dir = ctx.settings.paths.dataPath('plugins', m.name);
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return 'unknown';
  }
  if (st.isSymbolicLink()) return 'local dev';
  const tarball = ctx.settings.paths.dataPath('plugins', `${m.name}-${m.version}.tgz`);
  if (!existsSync(tarball)) return 'unsigned';
  let prov: string;
  try {
    prov = readFileSync(`${tarball}.prov`, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'unsigned' : 'unknown';
  }
  const plain = clearsignPlaintext(prov);
  if (plain === undefined) return 'invalid provenance';
  const parts = plain.split('\n...\n');
  const sums = parts.length > 1 ? parts[1]! : '';
  const hash = `sha256:${createHash('sha256').update(readFileSync(tarball)).digest('hex')}`;
  const base = basename(tarball);
  for (const line of sums.split('\n')) {
    const mm = /^\s+(.+?):\s*(sha256:[0-9a-f]+)\s*$/.exec(line);
    if (mm && mm[1]!.replace(/^["']|["']$/g, '').includes(base) && mm[2] === hash) return 'signed';
  }
  return 'mismatched provenance';
}

function listCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'list',
    aliases: ['ls'],
    short: 'list installed Helm plugins',
    validArgs: () => ({ items: [], directive: 4 }),
    run: () => {
      const plugins = findPlugins(
        splitList(ctx.settings.pluginsDirectory),
        { type: type.value },
        pluginLoadWarning(ctx),
      );
      const t = new Table();
      t.addRow('NAME', 'VERSION', 'TYPE', 'APIVERSION', 'PROVENANCE', 'SOURCE');
      for (const p of plugins) {
        const m = p.metadata;
        t.addRow(m.name, m.version, m.type, m.apiVersion, signingStatus(ctx, m), m.sourceURL || 'unknown');
      }
      ctx.io.stdout(`${t.toString()}\n`);
    },
  });
  const type = cmd.localOnlyFlags.string('type', '', '', 'Plugin type');
  return cmd;
}

function installCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'install [options] <path|url>',
    short: 'install a Helm plugin',
    long: `
This command allows you to install a plugin from a url to a VCS repo or a local path.

By default, plugin signatures are verified before installation when installing from
tarballs (.tgz or .tar.gz). A corresponding .prov file must be available alongside
the tarball; installation will fail if it is missing or invalid.
For local development, plugins installed from local directories are automatically
treated as "local dev" and do not require signatures.
Use --verify=false to explicitly skip signature verification (NOT recommended).
`,
    aliases: ['add'],
    args: exactArgs(1),
    run: async ({ args }) => {
      const out = ctx.io.stdout;
      const pluginsData = ctx.settings.paths.dataPath('plugins');
      const src = resolveSource(args[0]!, pluginsData, ctx.settings.pluginsDirectory);
      if (src.kind === 'vcs') {
        await installFromVcs(ctx, src, version.value, verify.value);
        return;
      }
      if (src.kind !== 'directory') {
        await installFromArchive(ctx, src, {
          verify: verify.value,
          keyring: keyring.value,
          plainHttp: plainHttp.value,
          username: username.value,
          password: password.value,
          http: {
            certFile: certFile.value,
            keyFile: keyFile.value,
            caFile: caFile.value,
            insecureSkipTLSVerify: insecure.value,
          },
        });
        return;
      }
      out('Installing plugin from local directory (development mode)\n');
      const path = src.path;
      mkdirSync(ctx.settings.paths.dataPath('plugins'), { recursive: true });
      let taken = true;
      try {
        lstatSync(path);
      } catch {
        taken = false;
      }
      if (taken) {
        ctx.io.stderr(slogLine('WARN', 'plugin already exists', { path, error: '<nil>' }));
        throw new Error('plugin already exists');
      }
      const st = statSync(src.source);
      if (!st.isDirectory())
        throw new Error("expected plugin to be a directory (containing a file 'plugin.yaml')");
      if (!existsSync(join(src.source, PLUGIN_FILE)))
        throw new Error('plugin metadata (plugin.yaml) missing');
      // Unlike Helm, nothing stays linked when the plugin turns out unusable.
      let p: Plugin;
      try {
        p = loadDir(src.source);
      } catch (e) {
        throw new Error(
          `plugin is installed but unusable: ${(e as Error).message.replace(goQuote(src.source), goQuote(path))}`,
        );
      }
      symlinkSync(src.source, path);
      p = { dir: path, metadata: p.metadata };
      try {
        await runHook(p, 'install', envMap(ctx.io.env), debugLog(ctx));
      } catch (e) {
        rmSync(path, { force: true });
        throw e;
      }
      out(`Installed plugin: ${p.metadata.name}\n`);
    },
  });
  const f = cmd.localOnlyFlags;
  const version = f.string(
    'version',
    '',
    '',
    'specify a version constraint. If this is not specified, the latest version is installed',
  );
  const verify = f.bool('verify', '', true, 'verify the plugin signature before installing');
  const keyring = f.string(
    'keyring',
    '',
    defaultKeyring(ctx),
    'location of public keys used for verification',
  );
  const {
    certFile,
    keyFile,
    caFile,
    insecureSkipTLSVerify: insecure,
  } = addTlsFlags(f, 'registry client', 'the plugin download');
  const plainHttp = f.bool('plain-http', '', false, 'use insecure HTTP connections for the plugin download');
  const username = f.string('username', '', '', 'registry username');
  const password = f.string('password', '', '', 'registry password');
  return cmd;
}

function defaultKeyring(ctx: CliContext): string {
  const gnupg = ctx.io.env.GNUPGHOME;
  if (gnupg) return join(gnupg, 'pubring.gpg');
  return join(ctx.io.env.HOME ?? '', '.gnupg', 'pubring.gpg');
}

function uninstallCommand(ctx: CliContext): Command {
  return new Command({
    use: 'uninstall <plugin>...',
    aliases: ['rm', 'remove'],
    short: 'uninstall one or more Helm plugins',
    run: async ({ args }) => {
      if (args.length === 0) throw new Error('please provide plugin name to uninstall');
      const dir = ctx.settings.pluginsDirectory;
      const plugins = loadAllDir(dir, pluginLoadWarning(ctx));
      const errs: Error[] = [];
      for (const name of args) {
        const p = plugins.find((x) => x.metadata.name === name);
        if (!p) {
          errs.push(new Error(`plugin: ${name} not found`));
          continue;
        }
        try {
          rmSync(p.dir, { recursive: true, force: true });
          if (p.metadata.version !== '') {
            const tgz = join(dir, `${p.metadata.name}-${p.metadata.version}.tgz`);
            rmSync(tgz, { force: true });
            rmSync(`${tgz}.prov`, { force: true });
          }
          await runHook(p, 'delete', envMap(ctx.io.env), debugLog(ctx));
          ctx.io.stdout(`Uninstalled plugin: ${name}\n`);
        } catch (e) {
          errs.push(new Error(`failed to uninstall plugin ${name}, got error (${(e as Error).message})`));
        }
      }
      if (errs.length > 0) throw new JoinedError(errs);
    },
  });
}

function updateCommand(ctx: CliContext): Command {
  return new Command({
    use: 'update <plugin>...',
    aliases: ['up'],
    short: 'update one or more Helm plugins',
    run: async ({ args }) => {
      if (args.length === 0) throw new Error('please provide plugin name to update');
      const plugins = loadAllDir(ctx.settings.pluginsDirectory, pluginLoadWarning(ctx));
      const errs: Error[] = [];
      for (const name of args) {
        const p = plugins.find((x) => x.metadata.name === name);
        if (!p) {
          errs.push(new Error(`plugin: ${name} not found`));
          continue;
        }
        try {
          const location = realpathSync(p.dir);
          // installer.FindSource: only git checkouts can be updated.
          const co = findVcsCheckout(location, ctx.settings.pluginsDirectory);
          if (!co) {
            ctx.io.stderr(
              slogLine('WARN', 'cannot get information about plugin source', {
                location,
                error: 'Cannot detect VCS',
              }),
            );
            throw new Error('cannot get information about plugin source');
          }
          // installer.Update checks where the remote's base name puts the plugin.
          if (co.path === '' || !existsSync(co.path)) {
            ctx.io.stderr(
              slogLine('WARN', 'plugin does not exist', {
                path: co.path,
                error: `stat ${co.path}: no such file or directory`,
              }),
            );
            throw new Error('plugin does not exist');
          }
          updateVcs(co);
          const updated = loadDir(co.path);
          await runHook(updated, 'update', envMap(ctx.io.env), debugLog(ctx));
          ctx.io.stdout(`Updated plugin: ${name}\n`);
        } catch (e) {
          errs.push(new Error(`failed to update plugin ${name}, got error (${(e as Error).message})`));
        }
      }
      if (errs.length > 0) throw new JoinedError(errs);
    },
  });
}

export function pluginCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'plugin',
    short: 'install, list, or uninstall Helm plugins',
    long: `
Manage client-side Helm plugins.
`,
  });
  cmd.add(
    installCommand(ctx),
    listCommand(ctx),
    ...pluginPackageCommands(ctx, defaultKeyring(ctx)),
    uninstallCommand(ctx),
    updateCommand(ctx),
  );
  return cmd;
}

/** The --post-renderer plugin, looked up when the flag is read (Helm's error when missing). */
export function postRendererLookup(ctx: CliContext, name: string, args: string[]): PostRenderer {
  return newPostRendererPlugin(
    ctx.settings.pluginsDirectory,
    name,
    args,
    envMap(ctx.io.env),
    pluginLoadWarning(ctx),
    debugLog(ctx),
  );
}

/** The render hook for --post-renderer NAME, or undefined without one. */
export function postRenderer(
  ctx: CliContext,
  name: string,
  args: string[],
): ((files: Map<string, string>) => Map<string, string>) | undefined {
  if (name === '') return undefined;
  const pr = postRendererLookup(ctx, name, args);
  return (files) => postRenderFiles(pr, files);
}
