// `plugin package` and `plugin verify` (pkg/cmd/plugin_package.go, plugin_verify.go): helm's
// archive bytes, the .prov signed through src/provenance, and helm's messages.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import type { CliContext } from './context.js';
import { pathError } from '../go/fs-error.js';
import { loadDir, type Plugin } from '../plugin/loader.js';
import { createPluginTarball, marshalPluginMetadata } from '../plugin/installer/package.js';
import { tgzPluginMetadata } from '../plugin/installer/archive.js';
import { formatPluginVerification, verifyArchive } from '../plugin/installer/install.js';
import { clearSign, decryptKey, newFromKeyring, type Signatory } from '../provenance/provenance.js';
import { readPassphraseSource } from '../provenance/passphrase.js';

/** passphraseFileFetcher: the whole file (or piped stdin), trailing CR/LF trimmed. */
function readPassphrase(file: string): Uint8Array {
  const all = readPassphraseSource(file, { firstLine: false, limit: Infinity });
  let end = all.length;
  while (end > 0 && (all[end - 1] === 10 || all[end - 1] === 13)) end--;
  return all.subarray(0, end);
}

/** os.Stat of the PATH argument, its error as Go's *PathError. */
function statArg(path: string): Stats {
  try {
    return statSync(path);
  } catch (e) {
    throw pathError('stat', path, e);
  }
}

function packageCommand(ctx: CliContext, defaultKeyring: string): Command {
  const cmd = new Command({
    use: 'package [PATH]',
    short: 'package a plugin directory into a plugin archive',
    long: `
This command packages a Helm plugin directory into a tarball.

By default, the command will generate a provenance file signed with a PGP key.
This ensures the plugin can be verified after installation.

Use --sign=false to skip signing (not recommended for distribution).
`,
    args: exactArgs(1),
    run: ({ args }) => {
      const path = args[0]!;
      const st = statArg(path);
      if (!st.isDirectory()) throw new Error('plugin package only supports directories, not tarballs');
      let p: Plugin;
      try {
        p = loadDir(path);
      } catch (e) {
        throw new Error(`invalid plugin directory: ${(e as Error).message}`);
      }
      mkdirSync(destination.value, { recursive: true });
      let signer: Signatory | undefined;
      if (sign.value) {
        try {
          signer = newFromKeyring(keyring.value, key.value);
        } catch (e) {
          throw new Error(`error reading from keyring: ${(e as Error).message}`);
        }
        const s = signer;
        if (passphraseFile.value !== '') {
          const pass = readPassphrase(passphraseFile.value);
          decryptKey(s, () => pass);
        } else {
          decryptKey(s, (name) => {
            ctx.io.stdout(`Password for key ${JSON.stringify(name)} >  `);
            // term.ReadPassword needs a terminal; Rudder reads no passphrase from one.
            throw new Error('inappropriate ioctl for device');
          });
        }
      } else {
        ctx.io.stdout(
          'WARNING: Skipping plugin signing. This is not recommended for plugins intended for distribution.\n',
        );
      }
      const m = p.metadata;
      const tarball = join(destination.value, `${m.name}-${m.version}.tgz`);
      const data = createPluginTarball(path, m.name);
      writeFileSync(tarball, data, { mode: 0o666 & ~process.umask() });
      if (signer) {
        let prov: string;
        try {
          const meta = tgzPluginMetadata(data);
          prov = clearSign(signer, data, basename(tarball), marshalPluginMetadata(meta));
        } catch (e) {
          rmSync(tarball, { force: true });
          throw new Error(`failed to sign plugin: ${(e as Error).message}`);
        }
        writeFileSync(`${tarball}.prov`, prov, { mode: 0o644 });
        ctx.io.stdout(`Successfully signed. Signature written to: ${tarball}.prov\n`);
      }
      ctx.io.stdout(`Successfully packaged plugin and saved it to: ${tarball}\n`);
    },
  });
  const f = cmd.localOnlyFlags;
  const sign = f.bool('sign', '', true, 'use a PGP private key to sign this plugin');
  const key = f.string('key', '', '', 'name of the key to use when signing. Used if --sign is true');
  const keyring = f.string('keyring', '', defaultKeyring, 'location of a public keyring');
  const passphraseFile = f.string(
    'passphrase-file',
    '',
    '',
    'location of a file which contains the passphrase for the signing key. Use "-" to read from stdin.',
  );
  const destination = f.string('destination', 'd', '.', 'location to write the plugin tarball.');
  return cmd;
}

function verifyCommand(ctx: CliContext, defaultKeyring: string): Command {
  const cmd = new Command({
    use: 'verify [PATH]',
    short: 'verify that a plugin at the given path has been signed and is valid',
    long: `
This command verifies that a Helm plugin has a valid provenance file,
and that the provenance file is signed by a trusted PGP key.

It supports both:
- Plugin tarballs (.tgz or .tar.gz files)
- Installed plugin directories

For installed plugins, use the path shown by 'helm env HELM_PLUGINS' followed
by the plugin name. For example:
  helm plugin verify ~/.local/share/helm/plugins/example-cli

To generate a signed plugin, use the 'helm plugin package --sign' command.
`,
    args: exactArgs(1),
    run: ({ args }) => {
      const path = args[0]!;
      const st = statArg(path);
      if (st.isDirectory())
        throw new Error('directory verification not supported - only plugin tarballs can be verified');
      if (extname(path) !== '.gz' && extname(path) !== '.tgz')
        throw new Error('plugin file must be a gzipped tarball (.tar.gz or .tgz)');
      const prov = `${path}.prov`;
      try {
        statSync(prov);
      } catch (e) {
        throw new Error(`could not find provenance file ${prov}: ${pathError('stat', prov, e).message}`);
      }
      const archive = readFileSync(path);
      const provData = readFileSync(prov);
      const out = formatPluginVerification(
        verifyArchive({ archive, prov: provData }, basename(path), keyring.value, false),
      );
      ctx.io.stdout(out);
    },
  });
  const keyring = cmd.localOnlyFlags.string('keyring', '', defaultKeyring, 'keyring containing public keys');
  return cmd;
}

export function pluginPackageCommands(ctx: CliContext, defaultKeyring: string): Command[] {
  return [packageCommand(ctx, defaultKeyring), verifyCommand(ctx, defaultKeyring)];
}
