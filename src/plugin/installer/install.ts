// `plugin install` from archives as Helm 4.3.2 does it (internal/plugin/installer/{installer,
// local_installer,http_installer}.go): the source kind, --verify against the .prov next to the
// archive, the archive and .prov kept in the data dir for `plugin list`'s PROVENANCE column.
// Unlike Helm nothing is left half-installed: the archive is extracted into a scratch directory
// beside the plugins directory, its plugin.yaml loaded, and only then renamed into place.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { quote as goQuote } from '../../go/strconv/format.js';
import { httpGet, type GetOptions } from '../../repo/http.js';
import { newFromKeyring, verify, type Verification } from '../../provenance/provenance.js';
import { loadDir, type Plugin } from '../loader.js';
import { PLUGIN_FILE } from '../metadata.js';
import { ociPluginName } from './oci.js';
import { isGitSource } from './vcs.js';
import { extractTgz, hasArchiveSuffix, stripPluginName, tgzPluginMetadata } from './archive.js';

export type SourceKind = 'directory' | 'archive' | 'http' | 'oci' | 'vcs';

export interface ArchiveSource {
  kind: SourceKind;
  /** Absolute path for local sources, the URL otherwise. */
  source: string;
  /** Where the plugin goes: <plugins>/<name>. */
  path: string;
  /** The name the plugin directory is expected to carry in the archive. */
  name: string;
}

export class SourceError extends Error {
  override name = 'SourceError';
}

/**
 * NewForSource for the kinds Rudder knows; Helm's wording when none fits. OCI plugins go to the
 * plugins directory (HELM_PLUGINS), the others under the data directory, as in Helm.
 */
export function resolveSource(source: string, pluginsData: string, pluginsDir: string): ArchiveSource {
  if (source.startsWith('oci://')) {
    const { name } = ociPluginName(source);
    return { kind: 'oci', source, path: join(pluginsDir, name), name };
  }
  let exists = true;
  try {
    statSync(source);
  } catch {
    exists = false;
  }
  const fail = (why: string): never => {
    throw new SourceError(
      `cannot get information about plugin source ${goQuote(source)} (if it's a local directory, does it exist?), last error was: ${why}`,
    );
  };
  if (exists) {
    const abs = resolve(source);
    if (hasArchiveSuffix(abs)) {
      const name = stripPluginName(basename(abs));
      return { kind: 'archive', source: abs, path: join(pluginsData, name), name };
    }
    return { kind: 'directory', source: abs, path: join(pluginsData, basename(abs)), name: basename(abs) };
  }
  if (/^https?:\/\//.test(source)) {
    if (!hasArchiveSuffix(source)) fail(`no extractor implemented yet for ${source}`);
    const name = stripPluginName(basename(new URL(source).pathname));
    return { kind: 'http', source, path: join(pluginsData, name), name };
  }
  if (isGitSource(source))
    return { kind: 'vcs', source, path: join(pluginsData, basename(source)), name: basename(source) };
  return fail('Cannot detect VCS');
}

export interface Fetched {
  archive: Uint8Array;
  prov?: Uint8Array;
}

/** The archive and, when there is one, its .prov (a failed .prov fetch means none, as Helm). */
export async function fetchArchive(
  src: ArchiveSource,
  http: GetOptions,
  forVerify: boolean,
): Promise<Fetched> {
  if (src.kind === 'http') {
    let archive: Buffer;
    try {
      archive = await httpGet(src.source, http);
    } catch (e) {
      if (forVerify)
        throw new Error(
          `failed to get verification data: failed to download plugin: ${(e as Error).message}`,
        );
      throw e;
    }
    let prov: Buffer | undefined;
    try {
      prov = await httpGet(`${src.source}.prov`, http);
    } catch {
      prov = undefined;
    }
    return { archive, prov };
  }
  let archive: Buffer;
  try {
    archive = readFileSync(src.source);
  } catch (e) {
    const why = `open ${src.source}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}`;
    throw new Error(
      forVerify
        ? `failed to get verification data: failed to read plugin file: ${why}`
        : `failed to read archive: ${why}`,
    );
  }
  let prov: Buffer | undefined;
  try {
    prov = readFileSync(`${src.source}.prov`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && forVerify)
      throw new Error(
        `failed to get verification data: failed to access provenance file ${src.source}.prov: ${(e as Error).message}`,
      );
  }
  return { archive, prov };
}

/** VerifyPlugin: the keyring's signature over the .prov, then the archive's sum. */
export function verifyArchive(f: Fetched, filename: string, keyring: string, wrap = true): Verification {
  if (!f.prov || f.prov.length === 0)
    throw new Error('plugin verification failed: no provenance file (.prov) found');
  try {
    return verify(newFromKeyring(keyring, '').keyRing, f.archive, f.prov, filename);
  } catch (e) {
    // install wraps the failure; `plugin verify` prints VerifyPlugin's error as is.
    if (!wrap) throw e;
    throw new Error(`plugin verification failed: ${(e as Error).message}`);
  }
}

/** What helm prints after a verified install. */
export function formatPluginVerification(v: Verification): string {
  let out = '';
  for (const name of v.signedBy.identities.keys()) out += `Signed by: ${name}\n`;
  out += `Using Key With Fingerprint: ${Buffer.from(v.signedBy.primaryKey.fingerprint).toString('hex').toUpperCase()}\n`;
  out += `Plugin Hash Verified: ${v.fileHash}\n`;
  return out;
}

/** The plugin root in an extracted archive: the top, or its first subdirectory with plugin.yaml. */
function detectRoot(dir: string, src: ArchiveSource): string {
  if (src.kind === 'archive') {
    // The local installer expects the directory named after the archive.
    const d = join(dir, src.name);
    if (!existsSync(join(d, PLUGIN_FILE)))
      throw new Error(
        `plugin.yaml not found in expected directory ${d}: stat ${join(d, PLUGIN_FILE)}: no such file or directory`,
      );
    return d;
  }
  if (existsSync(join(dir, PLUGIN_FILE))) return dir;
  for (const e of readdirSync(dir).sort()) {
    if (existsSync(join(dir, e, PLUGIN_FILE)) && statSync(join(dir, e)).isDirectory()) return join(dir, e);
  }
  if (src.kind === 'oci') throw new Error('plugin metadata (plugin.yaml) missing');
  throw new Error(`plugin.yaml not found in ${dir} or its immediate subdirectories`);
}

/**
 * Installs an archive's plugin at src.path: extracted and loaded in a scratch directory first,
 * renamed into place, the archive (and .prov) saved as `<name>-<version>.tgz` in `tgzDir`.
 */
export function installArchive(src: ArchiveSource, f: Fetched, tgzDir: string): Plugin {
  let meta;
  try {
    meta = tgzPluginMetadata(f.archive);
  } catch (e) {
    throw new Error(`failed to extract plugin metadata from tarball: ${(e as Error).message}`);
  }
  const parent = dirname(src.path);
  mkdirSync(parent, { recursive: true });
  // The scratch dir sits beside the plugins dir's entries two levels down, so no `*/plugin.yaml`
  // glob of a concurrent helm or rudder ever sees a half-extracted plugin.
  const scratch = mkdtempSync(join(parent, '.rudder-install-'));
  try {
    const dir = join(scratch, 'x');
    try {
      extractTgz(f.archive, dir);
    } catch (e) {
      throw new Error(
        src.kind === 'archive'
          ? `failed to extract archive: ${(e as Error).message}`
          : src.kind === 'oci'
            ? `failed to extract plugin: ${(e as Error).message}`
            : `extracting files from archive: ${(e as Error).message}`,
      );
    }
    const root = detectRoot(dir, src);
    let p: Plugin;
    try {
      p = loadDir(root);
    } catch (e) {
      throw new Error(
        `plugin is installed but unusable: ${(e as Error).message.replace(goQuote(root), goQuote(src.path))}`,
      );
    }
    mkdirSync(tgzDir, { recursive: true });
    const tarball = join(tgzDir, `${meta.name}-${meta.version}.tgz`);
    renameSync(root, src.path);
    writeFileSync(tarball, f.archive, { mode: 0o644 });
    if (f.prov) writeFileSync(`${tarball}.prov`, f.prov, { mode: 0o644 });
    return { dir: src.path, metadata: p.metadata };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
