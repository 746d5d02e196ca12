// Plugins from git repositories as Helm 4.3.2's VCS installer does it (installer/vcs_installer.go on
// Masterminds/vcs): a clone kept in $HELM_CACHE_HOME/plugins/<cache key>, `--version` as a ref or
// a semver constraint over the tags (highest match), the checkout copied whole (.git included,
// so `plugin update` finds it) to $HELM_DATA_HOME/plugins/<base name of the source>.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
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
