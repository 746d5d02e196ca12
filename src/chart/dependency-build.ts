// `helm dependency build|update|list` for charts whose dependencies are local: `file://` paths
// and charts already in charts/ (Helm's pkg/downloader/manager.go, internal/resolver,
// pkg/action/dependency.go). Dependencies from chart repositories or OCI registries need the
// network and are refused with a clear error.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  lstatSync,
  readlinkSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { checkConstraint, newConstraint, newVersion } from '../funcs/semver.js';
import { mustToJson, parseYaml } from '../yaml/index.js';
import { GoMap, type Value } from '../go/value.js';
import type { Chart, Dependency, Lock } from './chart.js';
import { loadChartV2, loadDir } from './loader.js';
import { goStat, pathError } from '../go/fs-error.js';
import { directoryTimes } from './package.js';
import { archiveFileName, marshalLock, saveChartArchive } from './save.js';
import { stampLocks, stampedTimes } from './source-date-epoch.js';
import { checkNoEscape, writeFileAtomic } from './safe-write.js';

export interface DependencyOptions {
  /** Where Helm's messages go (stdout). */
  out: (s: string) => void;
  /** Path of repositories.yaml. */
  repositoryConfig: string;
  /** --skip-refresh. */
  skipRefresh?: boolean;
  debug?: boolean;
  /** The program name, for messages about what Rudder does not do yet. */
  bin: string;
  now?: () => Date;
  pid?: number;
  /** SOURCE_DATE_EPOCH in seconds: stamps the archives made from file:// dependencies. */
  sourceDateEpoch?: number;
  /** Dependencies in HTTP(S) chart repositories, prepared beforehand (src/repo/dependencies.ts). */
  remote?: RemoteDependencies;
}

/** The repository side of dependency resolution, done before the synchronous steps run. */
export interface RemoteDependencies {
  handles(d: Dependency): boolean;
  /** Resolver.Resolve for one dependency: the version, or undefined when none satisfies it. */
  resolve(d: Dependency): string | undefined;
  /** The downloaded (digest-checked) archive for a locked dependency, and what its download printed. */
  archive(d: Dependency): { fileName: string; data: Uint8Array; lines?: string; prov?: Uint8Array };
  /** Where the registry client's Pulled/Digest lines go (its own writer); default the update's out. */
  registryOut?: (s: string) => void;
}

const goQuote = (s: string): string => JSON.stringify(s);

// ---- digests -----------------------------------------------------------------------------

/** encoding/json of a chart.Dependency (struct field order, omitempty). */
function dependencyJson(d: Dependency | null | undefined): string {
  if (!d) return 'null';
  const s = (v: string): string => mustToJson(v);
  let out = `{"name":${s(d.name ?? '')}`;
  if (d.version) out += `,"version":${s(d.version)}`;
  out += `,"repository":${s(d.repository ?? '')}`;
  if (d.condition) out += `,"condition":${s(d.condition)}`;
  if (d.tags && d.tags.length > 0) out += `,"tags":[${d.tags.map(s).join(',')}]`;
  if (d.enabled) out += ',"enabled":true';
  const iv = d['import-values'];
  if (iv && iv.length > 0) out += `,"import-values":[${(iv as Value[]).map((v) => mustToJson(v)).join(',')}]`;
  if (d.alias) out += `,"alias":${s(d.alias)}`;
  return `${out}}`;
}

const listJson = (deps: (Dependency | null | undefined)[] | undefined): string =>
  deps === undefined ? 'null' : `[${deps.map(dependencyJson).join(',')}]`;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** resolver.HashReq: `sha256:` of the JSON `[declared, locked]`. */
export function hashReq(req: Dependency[] | undefined, locked: (Dependency | null)[] | undefined): string {
  return `sha256:${sha256(`[${listJson(req)},${listJson(locked)}]`)}`;
}

/** resolver.HashV2Req: Helm 2's requirements.lock digest. */
export function hashV2Req(req: Dependency[] | undefined): string {
  return `sha256:${sha256(`{"dependencies":${listJson(req)}}`)}`;
}

// ---- time --------------------------------------------------------------------------------

/** Go's time.Now() marshalled (RFC 3339 with nanoseconds, trailing zeros dropped, local zone). */
export function goNowText(now: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const off = -now.getTimezoneOffset();
  const zone =
    off === 0
      ? 'Z'
      : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  const ns = now.getMilliseconds() * 1_000_000 + Number(process.hrtime.bigint() % 1_000_000n);
  const frac = ns === 0 ? '' : `.${String(ns).padStart(9, '0').replace(/0+$/, '')}`;
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${frac}${zone}`;
}

// ---- repositories ------------------------------------------------------------------------

interface RepoEntry {
  name: string;
  url: string;
}

function loadRepoConfig(path: string): RepoEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const doc = parseYaml(text, 'any');
  const repos = doc instanceof GoMap ? doc.get('repositories') : null;
  const out: RepoEntry[] = [];
  if (repos && typeof repos === 'object' && 'items' in repos) {
    for (const r of (repos as { items: Value[] }).items) {
      if (r instanceof GoMap)
        out.push({ name: String(r.get('name') ?? ''), url: String(r.get('url') ?? '') });
    }
  }
  return out;
}

const isOCI = (u: string): boolean => u.startsWith('oci://');

/** resolver.GetLocalPath. */
export function getLocalPath(repo: string, chartPath: string): string {
  const p = repo.startsWith('file://') ? repo.slice('file://'.length) : repo;
  const depPath = p.startsWith('/') ? resolve(p) : join(chartPath, p);
  if (!existsSync(depPath)) throw new Error(`directory ${depPath} not found`);
  return depPath;
}

function remoteUnsupported(bin: string, repo: string): Error {
  return new Error(
    `${bin} cannot download dependencies from chart repositories or registries yet (only file:// and charts/ dependencies): ${repo}`,
  );
}

/** resolveRepoNames, for what Rudder supports: local paths checked, aliases of known repos resolved. */
function resolveRepoNames(deps: Dependency[], chartPath: string, opts: DependencyOptions): void {
  const repos = loadRepoConfig(opts.repositoryConfig);
  const missing: string[] = [];
  for (const d of deps) {
    if (!d.repository) continue;
    if (d.repository.startsWith('file://')) {
      getLocalPath(d.repository, chartPath);
      if (opts.debug) opts.out(`Repository from local path: ${d.repository}\n`);
      continue;
    }
    if (isOCI(d.repository)) continue;
    const alias = d.repository.startsWith('@')
      ? d.repository.slice(1)
      : d.repository.startsWith('alias:')
        ? d.repository.slice(6)
        : undefined;
    const known = repos.find(
      (r) =>
        (alias !== undefined && r.name === alias) ||
        r.url.replace(/\/$/, '') === d.repository.replace(/\/$/, ''),
    );
    if (known) {
      if (alias !== undefined) d.repository = known.url;
      continue;
    }
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:|^\//.test(d.repository)) continue;
    missing.push(d.repository);
  }
  if (missing.length > 0) {
    let msg = `no repository definition for ${missing.join(', ')}. Please add them via 'helm repo add'`;
    if (missing.some((r) => !r.includes('//') && !r.startsWith('@') && !r.startsWith('alias:'))) {
      msg += `
Note that repositories must be URLs or aliases. For example, to refer to the "example"
repository, use "https://charts.example.com/" or "@example" instead of
"example". Don't forget to add the repo, too ('helm repo add').`;
    }
    throw new Error(msg);
  }
}

function refuseRemote(deps: Dependency[], opts: DependencyOptions): void {
  for (const d of deps) {
    if (opts.remote?.handles(d)) continue;
    if (d.repository && !d.repository.startsWith('file://')) throw remoteUnsupported(opts.bin, d.repository);
  }
  if (!opts.skipRefresh && !opts.remote && loadRepoConfig(opts.repositoryConfig).length > 0) {
    throw new Error(`${opts.bin} cannot refresh chart repositories yet; run with --skip-refresh`);
  }
}

// ---- build / update ----------------------------------------------------------------------

function loadChartDir(path: string): Chart {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new Error(`could not find ${path}: ${pathError('stat', path, err).message}`);
  }
  if (!st.isDirectory()) throw new Error('only unpacked charts can be updated');
  return loadDir(path);
}

function checkVersion(constraint: string, version: string, name: string): boolean {
  let c;
  try {
    c = newConstraint(constraint);
  } catch (err) {
    throw new Error(`dependency ${name} has an invalid version/constraint format: ${(err as Error).message}`);
  }
  return checkConstraint(c, newVersion(version));
}

/** Resolver.Resolve for local dependencies: the lock's exact versions. */
function resolveLock(
  reqs: Dependency[],
  chartPath: string,
  now: Date,
  remote?: RemoteDependencies,
): Lock & { locked: (Dependency | null)[] } {
  const locked: (Dependency | null)[] = reqs.map(() => null);
  const missing: string[] = [];
  reqs.forEach((d, i) => {
    let constraint;
    try {
      constraint = newConstraint(d.version ?? '');
    } catch (err) {
      throw new Error(
        `dependency ${goQuote(d.name)} has an invalid version/constraint format: ${(err as Error).message}`,
      );
    }
    if (!d.repository) {
      getLocalPath(join('charts', d.name), chartPath);
      locked[i] = { name: d.name, repository: '', version: d.version };
      return;
    }
    if (remote?.handles(d)) {
      const version = remote.resolve(d);
      if (version === undefined) {
        missing.push(
          `${goQuote(d.name)} (repository ${goQuote(d.repository)}, version ${goQuote(d.version ?? '')})`,
        );
      } else locked[i] = { name: d.name, repository: d.repository, version };
      return;
    }
    const ch = loadDir(getLocalPath(d.repository, chartPath));
    let v;
    try {
      v = newVersion(ch.metadata.version);
    } catch {
      return;
    }
    if (!checkConstraint(constraint, v)) {
      missing.push(
        `${goQuote(d.name)} (repository ${goQuote(d.repository)}, version ${goQuote(d.version ?? '')})`,
      );
      return;
    }
    locked[i] = { name: d.name, repository: d.repository, version: ch.metadata.version };
  });
  if (missing.length > 0) {
    throw new Error(
      `can't get a valid version for ${missing.length} subchart(s): ${missing.join(', ')}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml`,
    );
  }
  return {
    generated: goNowText(now),
    digest: hashReq(reqs, locked),
    dependencies: locked as Dependency[],
    locked,
  };
}

/** downloadAll for local dependencies: archives file:// charts into charts/, prunes the old ones. */
function downloadAll(deps: (Dependency | null)[], chartPath: string, opts: DependencyOptions): void {
  const destPath = join(chartPath, 'charts');
  const tmpPath = join(chartPath, `tmpcharts-${opts.pid ?? process.pid}`);
  // Helm writes through a charts/ (or tmpcharts-<pid>) that links out of the chart; Rudder refuses.
  checkNoEscape(destPath, chartPath, 'the charts directory');
  checkNoEscape(tmpPath, chartPath, 'the temporary directory');
  if (existsSync(destPath)) {
    if (!statSync(destPath).isDirectory()) throw new Error(`${goQuote(destPath)} is not a directory`);
  } else mkdirSync(destPath, { recursive: true, mode: 0o755 });
  mkdirSync(tmpPath, { recursive: true, mode: 0o755 });
  try {
    opts.out(`Saving ${deps.length} charts\n`);
    let saveError: Error | undefined;
    for (const dep of deps) {
      if (!dep) continue;
      if (!dep.repository) {
        opts.out(
          `Dependency ${dep.name} did not declare a repository. Assuming it exists in the charts directory\n`,
        );
        const p = join(destPath, dep.name);
        let ch: Chart;
        try {
          ch = loadDir(p);
        } catch (err) {
          throw new Error(`unable to load chart '${p}': ${(err as Error).message}`);
        }
        if (!checkVersion(dep.version ?? '', ch.metadata.version, dep.name)) {
          saveError = new Error(
            `dependency ${dep.name} at version ${ch.metadata.version} does not satisfy the constraint ${dep.version ?? ''}`,
          );
          break;
        }
        continue;
      }
      if (opts.remote?.handles(dep)) {
        opts.out(`Downloading ${dep.name} from repo ${dep.repository}\n`);
        try {
          const a = opts.remote.archive(dep);
          if (a.lines) (opts.remote.registryOut ?? opts.out)(a.lines);
          writeFileAtomic(join(tmpPath, a.fileName), a.data);
          // Helm leaves the .prov beside the archive; safeMoveDeps then reports it as no chart.
          if (a.prov) writeFileAtomic(join(tmpPath, `${a.fileName}.prov`), a.prov);
        } catch (err) {
          // A failed download's own output (its Pulled lines) comes before the error.
          const lines = (err as { lines?: unknown }).lines;
          if (typeof lines === 'string') (opts.remote?.registryOut ?? opts.out)(lines);
          saveError = err as Error;
          break;
        }
        continue;
      }
      if (opts.debug) opts.out(`Archiving ${dep.name} from repo ${dep.repository}\n`);
      try {
        dep.version = tarFromLocalDir(chartPath, dep, tmpPath, opts.sourceDateEpoch);
      } catch (err) {
        saveError = err as Error;
        break;
      }
    }
    if (saveError) {
      opts.out(`Save error occurred:  ${saveError.message}\n`);
      throw saveError;
    }
    safeMoveDeps(deps, tmpPath, destPath, opts);
  } finally {
    rmSync(tmpPath, { recursive: true, force: true });
  }
}

function tarFromLocalDir(chartPath: string, dep: Dependency, destPath: string, epoch?: number): string {
  const orig = getLocalPath(dep.repository, chartPath);
  const ch = loadDir(orig);
  if (epoch !== undefined) stampLocks(ch, epoch);
  if (!checkVersion(dep.version ?? '', ch.metadata.version, dep.name)) {
    throw new Error(`can't get a valid version for dependency ${dep.name}`);
  }
  writeFileAtomic(
    join(destPath, archiveFileName(ch)),
    saveChartArchive(ch, { times: epoch !== undefined ? stampedTimes(epoch) : directoryTimes(orig) }),
  );
  return ch.metadata.version;
}

function loadArchiveFile(path: string): Chart {
  // loadChartV2 sniffs a file first (EnsureArchive).
  return loadChartV2(path);
}

function safeMoveDeps(
  deps: (Dependency | null)[],
  source: string,
  dest: string,
  opts: DependencyOptions,
): void {
  const inSource = new Set<string>();
  const local = new Set(deps.filter((d): d is Dependency => !!d && !d.repository).map((d) => d.name));
  const destFiles = readdirSync(dest, { withFileTypes: true });
  for (const f of readdirSync(source, { withFileTypes: true })) {
    if (f.isDirectory()) continue;
    const src = join(source, f.name);
    inSource.add(f.name);
    try {
      loadArchiveFile(src);
    } catch (err) {
      opts.out(`Could not verify ${src} for moving: ${(err as Error).message} (Skipping)`);
      continue;
    }
    renameSync(src, join(dest, f.name));
  }
  opts.out('Deleting outdated charts\n');
  for (const f of destFiles) {
    if (f.isDirectory() || inSource.has(f.name)) continue;
    const fname = join(dest, f.name);
    let ch: Chart;
    try {
      ch = loadArchiveFile(fname);
    } catch (err) {
      opts.out(`Could not verify ${fname} for deletion: ${(err as Error).message} (Skipping)\n`);
      continue;
    }
    if (local.has(ch.name)) continue;
    rmSync(fname);
  }
}

function writeLock(chartPath: string, lock: Lock, legacy: boolean): void {
  const name = legacy ? 'requirements.lock' : 'Chart.lock';
  const dest = join(chartPath, name);
  let st;
  try {
    st = lstatSync(dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`error getting info for ${goQuote(dest)}: ${pathError('lstat', dest, err).message}`);
    }
  }
  if (st?.isSymbolicLink()) {
    let link;
    try {
      link = readlinkSync(dest);
    } catch (err) {
      throw new Error(
        `error reading symlink for ${goQuote(dest)}: ${pathError('readlink', dest, err).message}`,
      );
    }
    throw new Error(`the ${name} file is a symlink to ${goQuote(link)}`);
  }
  writeFileAtomic(dest, marshalLock(lock, lock.generated));
}

/** Manager.Update: resolve Chart.yaml's dependencies, fill charts/, write Chart.lock. */
export function updateDependencies(chartPath: string, opts: DependencyOptions): void {
  const c = loadChartDir(chartPath);
  const req = c.metadata.dependencies;
  if (req === undefined) return;
  resolveRepoNames(req, chartPath, opts);
  refuseRemote(req, opts);
  const lock = resolveLock(req, chartPath, (opts.now ?? (() => new Date()))(), opts.remote);
  downloadAll(lock.locked, chartPath, opts);
  lock.digest = hashReq(req, lock.locked);
  if (c.lock && c.lock.digest === lock.digest) return;
  writeLock(chartPath, lock, c.metadata.apiVersion === 'v1');
}

/** Manager.Build: rebuild charts/ from Chart.lock (Update when there is no lock). */
export function buildDependencies(chartPath: string, opts: DependencyOptions): void {
  const c = loadChartDir(chartPath);
  const lock = c.lock;
  if (!lock) {
    updateDependencies(chartPath, opts);
    return;
  }
  const req = c.metadata.dependencies;
  const v1 = c.metadata.apiVersion === 'v1';
  const v2Sum = v1 ? hashV2Req(req) : '';
  resolveRepoNames(req ?? [], chartPath, opts);
  if (hashReq(req, lock.dependencies) !== lock.digest) {
    if (!v1) {
      throw new Error(
        "the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies with 'helm dependency update'",
      );
    }
    if (v2Sum !== lock.digest) {
      throw new Error(
        'the lock file (requirements.lock) is out of sync with the dependencies file (requirements.yaml). Please update the dependencies',
      );
    }
  }
  const repos = loadRepoConfig(opts.repositoryConfig);
  const missing = lock.dependencies
    .filter((d) => d.repository && !d.repository.startsWith('file://') && !isOCI(d.repository))
    .filter((d) => !repos.some((r) => r.url.replace(/\/$/, '') === d.repository.replace(/\/$/, '')))
    .map((d) => d.repository);
  if (missing.length > 0) {
    throw new Error(
      `no repository definition for ${missing.join(', ')}. Please add the missing repos via 'helm repo add'`,
    );
  }
  refuseRemote(lock.dependencies, opts);
  downloadAll(lock.dependencies, chartPath, opts);
}

// ---- list --------------------------------------------------------------------------------

/** The STATUS column of `helm dependency list`. */
export function dependencyStatus(chartPath: string, dep: Dependency, parent: Chart): string {
  const charts = join(chartPath, 'charts');
  let archives: string[] = [];
  try {
    archives = readdirSync(charts)
      .filter((n) => n.startsWith(`${dep.name}-`) && n.endsWith('.tgz'))
      .sort()
      .map((n) => join(charts, n));
  } catch {
    archives = [];
  }
  const statArchive = (archive: string): string => {
    let c: Chart;
    try {
      c = loadChartV2(archive);
    } catch {
      return 'corrupt';
    }
    if (c.name !== dep.name) return 'misnamed';
    return versionStatus(dep, c.metadata.version) ?? 'ok';
  };
  if (archives.length > 1) {
    const found = archives.filter((a) =>
      isStrictSemver(basename(a).slice(dep.name.length + 1, -'.tgz'.length)),
    );
    if (found.length === 1) return statArchive(found[0]!);
    if (found.length > 1) return 'too many matches';
  } else if (archives.length === 1) {
    return statArchive(archives[0]!);
  }
  let depChart: Chart | undefined;
  for (const item of parent.dependencies) if (item.name === dep.name) depChart = item;
  if (!depChart) return 'missing';
  return versionStatus(dep, depChart.metadata.version) ?? 'unpacked';
}

function versionStatus(dep: Dependency, version: string): string | undefined {
  if (version === dep.version) return undefined;
  let c;
  let v;
  try {
    c = newConstraint(dep.version ?? '');
    v = newVersion(version);
  } catch {
    return 'invalid version';
  }
  return checkConstraint(c, v) ? undefined : 'wrong version';
}

function isStrictSemver(v: string): boolean {
  return /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/.test(
    v,
  );
}

/** printMissing: charts in charts/ that Chart.yaml does not declare. */
export function undeclaredChartWarnings(chartPath: string, reqs: Dependency[]): string {
  let out = '';
  let names: string[];
  try {
    names = readdirSync(join(chartPath, 'charts')).sort();
  } catch {
    return '';
  }
  for (const n of names) {
    const f = join(chartPath, 'charts', n);
    let st;
    try {
      st = goStat(f);
    } catch (err) {
      // Helm prints this, then dereferences the missing FileInfo and panics; Rudder skips the entry.
      out += `Warning: ${(err as Error).message}\n`;
      continue;
    }
    if (!st.isDirectory() && !n.endsWith('.tgz')) continue;
    let c: Chart;
    try {
      c = loadChartV2(f);
    } catch {
      out += `WARNING: ${goQuote(f)} is not a chart.\n`;
      continue;
    }
    if (!reqs.some((d) => d.name === c.name)) out += `WARNING: ${goQuote(f)} is not in Chart.yaml.\n`;
  }
  return out;
}
