// Finding installed plugins as Helm 4 does (internal/plugin/loader.go): `<dir>/*/plugin.yaml`
// one level deep in each directory of the HELM_PLUGINS path list, first match wins, duplicate
// names within one directory are an error, unloadable plugins are skipped with a warning.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { quote as goQuote } from '../go/strconv/format.js';
import { loadMetadata, PLUGIN_FILE, type Metadata } from './metadata.js';
import { wasmBinary } from './wasm/runtime.js';

export interface Plugin {
  /** The directory the plugin was loaded from (as found: a symlink stays a symlink). */
  dir: string;
  metadata: Metadata;
}

export interface Descriptor {
  name?: string;
  type?: string;
}

/** A load error reported by the caller, as Helm's slog warning does. */
export type LoadWarning = (pluginYaml: string, err: Error) => void;

export class PluginError extends Error {
  override name = 'PluginError';
}

/** Go's error text for a failed read of a file. */
function readError(path: string, e: NodeJS.ErrnoException): string {
  const why =
    e.code === 'ENOENT'
      ? 'no such file or directory'
      : e.code === 'EACCES'
        ? 'permission denied'
        : e.code === 'EISDIR'
          ? 'is a directory'
          : e.message;
  return `open ${path}: ${why}`;
}

/** LoadDir: one plugin directory. */
export function loadDir(dirname: string): Plugin {
  const file = join(dirname, PLUGIN_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PluginError(
      `failed to read plugin at ${goQuote(file)}: ${readError(file, e as NodeJS.ErrnoException)}`,
    );
  }
  let metadata: Metadata;
  try {
    metadata = loadMetadata(text);
  } catch (e) {
    throw new PluginError(`failed to load plugin ${goQuote(dirname)}: ${(e as Error).message}`);
  }
  // CreatePlugin: an extism/v1 plugin without its plugin.wasm does not load.
  if (metadata.runtime === 'extism/v1') wasmBinary(dirname);
  return { dir: dirname, metadata };
}

/** filepath.Glob(`<basedir>/*\/plugin.yaml`), sorted as Go sorts directory names. */
function globPluginFiles(basedir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(basedir === '' ? '.' : basedir);
  } catch {
    return [];
  }
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const out: string[] = [];
  for (const n of names) {
    const f = join(basedir, n, PLUGIN_FILE);
    try {
      statSync(f);
      out.push(f);
    } catch {
      /* not a plugin directory */
    }
  }
  return out;
}

/** LoadAllDir: every plugin in one directory; a duplicate name fails the whole directory. */
export function loadAllDir(basedir: string, warn: LoadWarning): Plugin[] {
  const plugins: Plugin[] = [];
  for (const yamlFile of globPluginFiles(basedir)) {
    const dir = yamlFile.slice(0, -(PLUGIN_FILE.length + 1));
    try {
      plugins.push(loadDir(dir));
    } catch (e) {
      warn(yamlFile, e as Error);
    }
  }
  const names = new Map<string, string>();
  for (const p of plugins) {
    const old = names.get(p.metadata.name);
    if (old !== undefined)
      throw new PluginError(
        `two plugins claim the name ${goQuote(p.metadata.name)} at ${goQuote(old)} and ${goQuote(p.dir)}`,
      );
    names.set(p.metadata.name, p.dir);
  }
  return plugins;
}

/** filepath.SplitList. */
export function splitList(path: string): string[] {
  return path === '' ? [] : path.split(delimiter);
}

const matches = (p: Plugin, d: Descriptor): boolean =>
  (!d.name || p.metadata.name === d.name) && (!d.type || p.metadata.type === d.type);

/** FindPlugins: every plugin matching the descriptor, in path order. */
export function findPlugins(dirs: string[], d: Descriptor, warn: LoadWarning): Plugin[] {
  const found: Plugin[] = [];
  for (const dir of dirs) for (const p of loadAllDir(dir, warn)) if (matches(p, d)) found.push(p);
  return found;
}

/** Go's %+v of a plugin.Descriptor. */
export const formatDescriptor = (d: Descriptor): string => `{Name:${d.name ?? ''} Type:${d.type ?? ''}}`;

/** FindPlugin: the first match, or Helm's "not found" error. */
export function findPlugin(dirs: string[], d: Descriptor, warn: LoadWarning): Plugin {
  const found = findPlugins(dirs, d, warn);
  if (found.length === 0) throw new PluginError(`plugin: ${formatDescriptor(d)} not found`);
  return found[0]!;
}

/**
 * LoadAllDir's results kept per directory: helm scans the plugins directory again at each
 * getter.All (a command may make several), warning about each broken plugin every time. Here
 * a directory is scanned once, and each later call replays the warnings, and the error, of that
 * scan. Made per command, so plugins installed or removed by an earlier command are seen.
 */
export class PluginScans {
  private readonly scans = new Map<
    string,
    { plugins: Plugin[]; error?: Error; warnings: [string, Error][] }
  >();

  loadAllDir(basedir: string, warn: LoadWarning): Plugin[] {
    // A relative directory (helm's bare settings use '') is read from the working directory.
    const key = isAbsolute(basedir) ? basedir : `${process.cwd()}\0${basedir}`;
    let scan = this.scans.get(key);
    if (scan === undefined) {
      const warnings: [string, Error][] = [];
      try {
        scan = { plugins: loadAllDir(basedir, (f, e) => warnings.push([f, e])), warnings };
      } catch (e) {
        scan = { plugins: [], error: e as Error, warnings };
      }
      this.scans.set(key, scan);
    }
    for (const [f, e] of scan.warnings) warn(f, e);
    if (scan.error !== undefined) throw scan.error;
    return scan.plugins;
  }

  /** FindPlugins over the kept scans. */
  findPlugins(dirs: string[], d: Descriptor, warn: LoadWarning): Plugin[] {
    const found: Plugin[] = [];
    for (const dir of dirs) for (const p of this.loadAllDir(dir, warn)) if (matches(p, d)) found.push(p);
    return found;
  }
}
