// Chart repositories over HTTP(S): the index download into the repository cache, chart lookup
// by `repo/name`, `--repo URL` or full URL, and chart downloads checked against the index digest.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { atomicWriteFile } from './atomic.js';
import {
  cachePathFor,
  indexForCache,
  loadRepoIndex,
  storeCachedIndex,
  storeRepoIndex,
} from './index-cache.js';
import { httpGet, pluginScheme, type GetOptions } from './http.js';
import {
  getChartVersion,
  loadIndexFile,
  parseIndex,
  MAX_INDEX_SIZE,
  type ChartVersion,
  type IndexFile,
  type Warn,
} from './index-file.js';
import { loadRepoFileOrEmpty, repos, type RepoEntry } from './repo-file.js';
import { resolveReferenceURL } from './url.js';
import { parseURL, urlString, type GoURL } from '../funcs/urls.js';

export interface RepoEnv {
  repositoryConfig: string;
  repositoryCache: string;
  contentCache: string;
  warn: Warn;
  debug?: (msg: string, attrs: Record<string, string>) => void;
}

export const cacheIndexFile = (cacheDir: string, name: string): string =>
  join(cacheDir, `${name}-index.yaml`);
export const cacheChartsFile = (cacheDir: string, name: string): string =>
  join(cacheDir, `${name}-charts.txt`);

export function entryGetOptions(e: RepoEntry, timeout?: number): GetOptions {
  return {
    url: e.url,
    username: e.username,
    password: e.password,
    passCredentialsAll: e.pass_credentials_all,
    certFile: e.certFile,
    keyFile: e.keyFile,
    caFile: e.caFile,
    insecureSkipTLSVerify: e.insecure_skip_tls_verify,
    timeout,
  };
}

/** NewChartRepository: url.Parse, then a getter for the URL's scheme. */
export function checkScheme(url: string): void {
  let scheme: string;
  try {
    scheme = parseURL(url).scheme;
  } catch {
    throw new Error(`invalid chart URL format: ${url}`);
  }
  if (scheme !== 'http' && scheme !== 'https' && pluginScheme(url) === undefined)
    throw new Error(`could not find protocol handler for: ${scheme}`);
}

/**
 * ChartRepository.DownloadIndexFile: fetch `<url>/index.yaml`, check it, then write the index and
 * the chart-name list into the cache. Nothing is written unless the index is valid.
 */
export async function downloadIndexFile(
  e: RepoEntry,
  cacheDir: string,
  warn: Warn,
  timeout?: number,
  keepParsed = true,
): Promise<string> {
  checkScheme(e.url);
  const indexURL = resolveReferenceURL(e.url, 'index.yaml');
  const data = await httpGet(indexURL, { ...entryGetOptions(e, timeout), maxBytes: MAX_INDEX_SIZE });
  const fname = cacheIndexFile(cacheDir, e.name);
  // helm's layout: checked and turned into the parsed cache chart by chart (index-cache.ts).
  const built = indexForCache(data, e.url, createHash('sha256').update(data).digest('hex'));
  if (built !== undefined) {
    for (const [msg, attrs] of built.header.warnings) warn(msg, attrs);
    const names = built.header.charts.map((c) => c[0]).sort();
    atomicWriteFile(cacheChartsFile(cacheDir, e.name), names.map((n) => `${n}\n`).join(''));
    atomicWriteFile(fname, data);
    // Warnings name the URL here, the file later: then the cache is built on the first read.
    if (keepParsed && built.header.warnings.length === 0) storeCachedIndex(fname, built);
    return fname;
  }
  let warned = false;
  const idx = parseIndex(data, e.url, (msg, attrs) => {
    warned = true;
    warn(msg, attrs);
  });
  const names = [...idx.entries.keys()].sort();
  atomicWriteFile(cacheChartsFile(cacheDir, e.name), names.map((n) => `${n}\n`).join(''));
  atomicWriteFile(fname, data);
  // The parsed form for later reads (warnings name the URL here, the file later: then not stored).
  if (keepParsed && !warned) storeRepoIndex(fname, data, idx, []);
  return fname;
}

export interface ChartRepoOptions extends GetOptions {
  version: string;
}

// IndexFile.Get's isVersionRange (index-file.ts keeps its own).
function isVersionRange(version: string): boolean {
  if (/[\^~<>=!*]/.test(version) || version.includes('||') || version.includes(' - ')) return true;
  const i = version.search(/[-+]/);
  return /[xX]/.test(i === -1 ? version : version.slice(0, i));
}

/** IndexFile.Get with its debug line for a version picked by a range. */
function getVersionLogged(idx: IndexFile, name: string, version: string, env: RepoEnv): ChartVersion {
  const cv = getChartVersion(idx, name, version, env.warn);
  if (version !== '' && cv.metadata.version !== version && isVersionRange(version)) {
    env.debug?.('selected version matching constraint', {
      chart: name,
      constraint: version,
      selected: cv.metadata.version ?? '',
    });
  }
  return cv;
}

/** repo.FindChartInRepoURL: the absolute URL of a chart in a repository not configured locally. */
export async function findChartInRepoURL(
  repoURL: string,
  chartName: string,
  o: ChartRepoOptions,
  env: RepoEnv,
): Promise<{ url: string; cv: ChartVersion }> {
  const name = randomBytes(20).toString('base64').replaceAll('/', '-');
  const e: RepoEntry = {
    name,
    url: repoURL,
    username: o.username ?? '',
    password: o.password ?? '',
    certFile: o.certFile ?? '',
    keyFile: o.keyFile ?? '',
    caFile: o.caFile ?? '',
    insecure_skip_tls_verify: o.insecureSkipTLSVerify ?? false,
    pass_credentials_all: o.passCredentialsAll ?? false,
  };
  checkScheme(repoURL);
  let idxPath: string;
  try {
    idxPath = await downloadIndexFile(e, env.repositoryCache, env.warn, o.timeout, false);
  } catch (err) {
    throw new Error(
      `looks like ${JSON.stringify(repoURL)} is not a valid chart repository or cannot be reached: ${(err as Error).message}`,
      { cause: err },
    );
  }
  try {
    // The byte scanner's index (only the named chart's entry parsed), as for repo/name.
    const idx = loadRepoIndex(idxPath, env.warn).only(chartName);
    let what = `chart ${JSON.stringify(chartName)}`;
    if (o.version !== '') what += ` version ${JSON.stringify(o.version)}`;
    let cv: ChartVersion;
    try {
      cv = getVersionLogged(idx, chartName, o.version, env);
    } catch {
      throw new Error(`${what} not found in ${repoURL} repository`);
    }
    if (cv.urls.length === 0) throw new Error(`${what} has no downloadable URLs`);
    return { url: resolveReferenceURL(repoURL, cv.urls[0]!), cv };
  } finally {
    rmSync(cacheChartsFile(env.repositoryCache, name), { force: true });
    rmSync(cachePathFor(idxPath), { force: true });
    rmSync(idxPath, { force: true });
  }
}

export interface Resolved {
  url: string;
  /** sha256 hex from the index entry ("" when unknown). */
  digest: string;
  /** What to fetch with: the owning repository's credentials and TLS settings, or the caller's. */
  get: GetOptions;
  /** "repo/name" and the entry, for error messages. */
  repoName?: string;
  cv?: ChartVersion;
  /** The digest checks the download but does not find it in the content cache (--repo). */
  digestCheckOnly?: boolean;
}

/** ResolveChartVersion's url.Parse of a chart reference; its failure is "invalid chart URL format". */
export function parseChartURL(ref: string): GoURL {
  try {
    return parseURL(ref);
  } catch {
    throw new Error(`invalid chart URL format: ${ref}`);
  }
}

/** A URL with a scheme, host and path: fetched by its scheme's getter; anything else is repo/chart. */
export const isFullChartURL = (u: GoURL): boolean => u.scheme !== '' && u.host !== '' && u.path !== '';

/**
 * ChartDownloader.ResolveChartVersion for HTTP(S) references: a full URL (with the settings of the
 * repository whose index lists it) or `repo/chart` from the cached index.
 */
export function resolveChartVersion(ref: string, version: string, base: GetOptions, env: RepoEnv): Resolved {
  const u = parseChartURL(ref);
  const rf = loadRepoFileOrEmpty(env.repositoryConfig);
  if (isFullChartURL(u)) {
    for (const rc of repos(rf)) {
      const idxFile = cacheIndexFile(env.repositoryCache, rc.name);
      let idx;
      try {
        idx = loadIndexFile(idxFile, env.warn);
      } catch (err) {
        throw new Error(`no cached repo found. (try 'helm repo update'): ${(err as Error).message}`, {
          cause: err,
        });
      }
      for (const cvs of idx.entries.values()) {
        for (const cv of cvs) {
          for (const dl of cv.urls) {
            if (dl === ref) {
              const get: GetOptions = { ...base, url: rc.url };
              if (rc.certFile || rc.keyFile || rc.caFile)
                Object.assign(get, { certFile: rc.certFile, keyFile: rc.keyFile, caFile: rc.caFile });
              if (rc.username && rc.password) {
                Object.assign(get, {
                  username: rc.username,
                  password: rc.password,
                  passCredentialsAll: rc.pass_credentials_all,
                });
              }
              return { url: ref, digest: cv.digest, get, repoName: rc.name, cv };
            }
          }
        }
      }
    }
    return { url: ref, digest: '', get: { ...base, url: ref } };
  }
  // See if it's of the form repo/path_to_chart (the URL's path: `nothing:///x` names repo "").
  const slash = u.path.indexOf('/');
  if (slash < 0)
    throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${urlString(u)}`);
  const repoName = u.path.slice(0, slash);
  const chartName = u.path.slice(slash + 1);
  const rc = repos(rf).find((e) => e.name === repoName);
  if (!rc) throw new Error(`repo ${repoName} not found`);
  if (rc.url === '') throw new Error(`no URL found for repository ${repoName}`);
  checkScheme(rc.url);
  const get: GetOptions = { ...base, url: rc.url };
  if (rc.certFile || rc.keyFile || rc.caFile)
    Object.assign(get, { certFile: rc.certFile, keyFile: rc.keyFile, caFile: rc.caFile });
  if (rc.username && rc.password) {
    Object.assign(get, {
      username: rc.username,
      password: rc.password,
      passCredentialsAll: rc.pass_credentials_all,
    });
  }
  // The entry's insecure_skip_tls_verify serves its index only: the chart download takes the
  // command's --insecure-skip-tls-verify (helm v4.3.2's ResolveChartVersion).
  let idx;
  try {
    idx = loadRepoIndex(cacheIndexFile(env.repositoryCache, rc.name), env.warn).only(chartName);
  } catch (err) {
    const msg =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? `open ${cacheIndexFile(env.repositoryCache, rc.name)}: no such file or directory`
        : (err as Error).message;
    throw new Error(`no cached repo found. (try 'helm repo update'): ${msg}`, { cause: err });
  }
  let cv: ChartVersion;
  try {
    cv = getVersionLogged(idx, chartName, version, env);
  } catch (err) {
    throw new Error(
      `chart ${JSON.stringify(chartName)} matching ${version} not found in ${rc.name} index. (try 'helm repo update'): ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (cv.urls.length === 0) throw new Error(`chart ${JSON.stringify(ref)} has no downloadable URLs`);
  let resolved: string;
  try {
    resolved = resolveReferenceURL(rc.url, cv.urls[0]!);
  } catch {
    throw new Error(`invalid chart URL format: ${ref}`);
  }
  return { url: resolved, digest: cv.digest, get, repoName: rc.name, cv };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function digestHex(d: string): string {
  const i = d.indexOf(':');
  return i >= 0 ? d.slice(i + 1) : d;
}

/** Content cache path: `<root>/<first byte hex>/<sha256 hex>.chart`. */
export const contentCachePath = (root: string, hex: string, ext = '.chart'): string =>
  join(root, hex.slice(0, 2), `${hex}${ext}`);

function checkDigest(r: Resolved, hex: string, data: Uint8Array): void {
  const got = sha256(data);
  if (got !== hex) {
    const where =
      r.repoName && r.cv
        ? ` (repository ${JSON.stringify(r.repoName)}, entry ${r.cv.metadata.name}-${r.cv.metadata.version})`
        : '';
    throw new Error(
      `digest mismatch for ${r.url}${where}: the index lists sha256:${hex}, the download is sha256:${got}`,
    );
  }
}

function validHex(d: string): string {
  const hex = digestHex(d);
  if (!/^([0-9a-fA-F]{2})*$/.test(hex))
    throw new Error(`encoding/hex: invalid byte in digest ${JSON.stringify(d)}`);
  if (hex.length !== 64) throw new Error(`invalid digest length: ${hex.length / 2}`);
  return hex.toLowerCase();
}

/** The chart bytes: from the content cache when the digest is known and present, else downloaded and checked. */
export async function fetchChart(
  r: Resolved,
  env: RepoEnv,
  populateCache: boolean,
  /** DownloadToCache's reference and version, for its debug lines (DownloadTo has none). */
  asked?: { ref: string; version: string },
): Promise<{ data: Buffer; path?: string }> {
  const hex = r.digest !== '' ? validHex(r.digest) : '';
  if (hex !== '' && !r.digestCheckOnly) {
    const p = contentCachePath(env.contentCache, hex);
    try {
      const st = statSync(p);
      if (st.isFile() && st.size > 0) {
        const data = readFileSync(p);
        if (sha256(data) === hex) {
          env.debug?.('found chart in cache', { id: r.digest });
          return { data, path: p };
        }
      }
    } catch {
      /* not cached */
    }
  }
  if (asked) env.debug?.('attempting to download chart', { ref: asked.ref, version: asked.version });
  const data = await httpGet(r.url, { ...r.get, accept: 'application/gzip,application/octet-stream' });
  if (hex !== '') checkDigest(r, hex, data);
  if (!populateCache) return { data };
  const key = hex !== '' ? hex : sha256(data);
  const p = contentCachePath(env.contentCache, key);
  atomicWriteFile(p, data);
  if (asked) env.debug?.('put downloaded chart in cache', { id: key });
  return { data, path: p };
}

/** The file name a download is saved under: the URL path's base name. */
export function downloadName(url: string): string {
  try {
    return decodeURIComponent(basename(new URL(url).pathname));
  } catch {
    return basename(url);
  }
}

export const fileExists = (p: string): boolean => existsSync(p);
