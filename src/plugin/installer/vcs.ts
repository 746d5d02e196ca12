// Plugins from git repositories as Helm 4.3.2's VCS installer does it (installer/vcs_installer.go on
// Masterminds/vcs): a clone kept in $HELM_CACHE_HOME/plugins/<cache key>, `--version` as a ref or
// a semver constraint over the tags (highest match), the checkout copied whole (.git included,
// so `plugin update` finds it) to $HELM_DATA_HOME/plugins/<base name of the source>.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  checkConstraint,
  compareVersions,
  newConstraint,
  newVersion,
  type SemverVersion,
} from '../../funcs/semver.js';
import { quote as goQuote } from '../../go/strconv/format.js';
import { loadDir, type Plugin } from '../loader.js';
import { PLUGIN_FILE } from '../metadata.js';

/** cache.Key: scheme, user, host and path flattened into one directory name. */
export function cacheKey(repo: string): string {
  const scp = /^([a-zA-Z0-9_]+)@([a-zA-Z0-9._-]+):(.*)$/.exec(repo);
  let key = '';
  if (scp) key = `${scp[1]}-${scp[2]}${`/${scp[3]}`.replaceAll('/', '-')}`;
  else {
    const u = new URL(repo);
    key = `${u.protocol.slice(0, -1)}-${u.username ? `${u.username}-` : ''}${u.host}${u.pathname.replaceAll('/', '-')}`;
  }
  return key.replaceAll(':', '-');
}

/** Masterminds/vcs's remote detection, for the git sources Rudder accepts. */
export function isGitSource(source: string): boolean {
  return /^(git|ssh|file|https?):\/\//.test(source) || /^[a-zA-Z0-9_]+@[a-zA-Z0-9._-]+:/.test(source);
}

function git(args: string[], cwd?: string): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${r.stdout}${r.stderr}`.trim() || `git ${args[0]} failed`);
  return r.stdout;
}

function tags(dir: string): string[] {
  let out = '';
  try {
    out = git(['show-ref', '-d', '--tags'], dir);
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /refs\/tags\/(.+?)(\^\{\})?$/.exec(line.trim());
    if (m) names.add(m[1]!);
  }
  return [...names];
}

/** solveVersion: "" (the default branch), a ref git knows, or the highest tag the constraint admits. */
function solveVersion(dir: string, source: string, version: string): string {
  if (version === '') return '';
  try {
    git(['rev-parse', '--verify', '--quiet', `${version}^{commit}`], dir);
    return version;
  } catch {
    /* not a reference */
  }
  const c = newConstraint(version);
  const vs: SemverVersion[] = [];
  for (const t of tags(dir)) {
    try {
      vs.push(newVersion(t));
    } catch {
      /* not a version */
    }
  }
  vs.sort((a, b) => compareVersions(b, a));
  for (const v of vs) if (checkConstraint(c, v)) return v.original;
  throw new Error(`requested version ${goQuote(version)} does not exist for plugin ${goQuote(source)}`);
}

export interface VcsSource {
  source: string;
  version: string;
  /** $HELM_DATA_HOME/plugins/<base name>. */
  path: string;
  cacheDir: string;
}

export function vcsSource(
  source: string,
  version: string,
  pluginsData: string,
  cacheHome: string,
): VcsSource {
  return {
    source,
    version,
    path: join(pluginsData, basename(source)),
    cacheDir: join(cacheHome, 'plugins', cacheKey(source)),
  };
}

/** Clones or updates the cache, checks out the version, then copies it into place via a scratch dir. */
export function installVcs(v: VcsSource): Plugin {
  if (!existsSync(v.cacheDir)) {
    mkdirSync(dirname(v.cacheDir), { recursive: true });
    git(['clone', '--recursive', v.source, v.cacheDir]);
  } else {
    git(['fetch', '--tags', 'origin'], v.cacheDir);
    const head = spawnSync('git', ['symbolic-ref', '-q', 'HEAD'], { cwd: v.cacheDir });
    if (head.status === 0) git(['pull'], v.cacheDir);
  }
  const ref = solveVersion(v.cacheDir, v.source, v.version);
  if (ref !== '') git(['checkout', ref], v.cacheDir);
  if (!existsSync(join(v.cacheDir, PLUGIN_FILE))) throw new Error('plugin metadata (plugin.yaml) missing');
  const parent = dirname(v.path);
  mkdirSync(parent, { recursive: true });
  const scratch = mkdtempSync(join(parent, '.rudder-install-'));
  try {
    const tmp = join(scratch, 'x');
    cpSync(v.cacheDir, tmp, { recursive: true, verbatimSymlinks: true });
    let p: Plugin;
    try {
      p = loadDir(tmp);
    } catch (e) {
      throw new Error(
        `plugin is installed but unusable: ${(e as Error).message.replace(goQuote(tmp), goQuote(v.path))}`,
      );
    }
    renameSync(tmp, v.path);
    return { dir: v.path, metadata: p.metadata };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Go's *exec.ExitError text for a finished git. */
function exitText(r: ReturnType<typeof spawnSync>): string {
  if (r.error) return r.error.message;
  return r.signal ? `signal: ${r.signal}` : `exit status ${r.status ?? -1}`;
}

/** Runs git in dir as Masterminds/vcs's RunFromDir: combined output kept, failure as "<msg>: exit status N". */
function gitStep(dir: string, args: string[], msg: string): string {
  const r = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PWD: dir, GIT_TERMINAL_PROMPT: '0' },
  });
  if (r.error || r.status !== 0) throw new Error(`${msg}: ${exitText(r)}`);
  return `${r.stdout}${r.stderr}`;
}

export interface VcsCheckout {
  /** The checkout's remote.origin.url. */
  remote: string;
  /** The checkout itself (the plugin directory, symlinks resolved). */
  location: string;
  /** Where helm expects the plugin: <plugins dir>/<base name of the remote> ("" without a remote). */
  path: string;
}

/**
 * installer.FindSource: the plugin directory as a git checkout, or null when it holds none (helm's
 * "Cannot detect VCS"). Only git is handled: Rudder installs no svn/hg/bzr plugins.
 */
export function findVcsCheckout(location: string, pluginsDirectory: string): VcsCheckout | null {
  if (!existsSync(join(location, '.git'))) return null;
  const r = spawnSync('git', ['config', '--get', 'remote.origin.url'], {
    cwd: location,
    encoding: 'utf8',
    env: { ...process.env, PWD: location },
  });
  // A checkout without an origin: NewGitRepo's local-information error.
  if (r.error || r.status !== 0) throw new Error(`Unable to retrieve local repo information: ${exitText(r)}`);
  const remote = r.stdout.trim();
  return { remote, location, path: remote === '' ? '' : join(pluginsDirectory, basename(remote)) };
}

/**
 * VCSInstaller.Update on the installed checkout: refused when `git diff` shows local changes, then
 * `git fetch --tags -- origin`, and unless HEAD is detached (a --version install stays on its tag
 * or commit) `git pull` and the defensive submodule update and clean. The cache clone is untouched.
 */
export function updateVcs(c: VcsCheckout): void {
  const diff = spawnSync('git', ['diff'], { cwd: c.location, env: { ...process.env, PWD: c.location } });
  if (diff.error || diff.status !== 0 || diff.stdout.length + diff.stderr.length > 0)
    throw new Error('plugin repo was modified');
  gitStep(c.location, ['fetch', '--tags', '--', 'origin'], 'Unable to update repository');
  let head: string;
  try {
    head = readFileSync(join(c.location, '.git', 'HEAD'), 'utf8').trim();
  } catch (e) {
    throw new Error(`Unable to update repository: ${(e as Error).message}`);
  }
  if (head.startsWith('ref: ')) {
    gitStep(c.location, ['pull'], 'Unable to update repository');
    gitStep(
      c.location,
      ['submodule', 'update', '--init', '--recursive'],
      'Unexpected error while defensively updating submodules',
    );
    gitStep(
      c.location,
      ['clean', '-x', '-d', '-f', '-f'],
      'Unexpected error while defensively cleaning up after possible derelict submodule directories',
    );
    gitStep(
      c.location,
      ['submodule', 'foreach', '--recursive', 'git clean -x -d -f -f'],
      'Unexpected error while defensively cleaning up after possible derelict nested submodule directories',
    );
  }
  if (!existsSync(join(c.location, PLUGIN_FILE))) throw new Error('plugin metadata (plugin.yaml) missing');
}
