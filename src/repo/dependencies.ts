// `dependency update|build` for dependencies in HTTP(S) chart repositories and OCI registries: the
// network half runs first (index refresh, registry tags, version resolution, downloads checked
// against their digests), then the synchronous dependency code (src/chart/dependency-build.ts)
// places the archives and writes the lock.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dependency } from '../chart/chart.js';
import { loadDir } from '../chart/loader.js';
import { hashReq, type RemoteDependencies } from '../chart/dependency-build.js';
import { checkConstraint, compareVersions, newConstraint, newVersion } from '../funcs/semver.js';
import {
  cacheIndexFile,
  downloadIndexFile,
  downloadName,
  fetchChart,
  entryGetOptions,
  type RepoEnv,
} from './chart-repo.js';
import type { ChartVersion } from './index-file.js';
import { loadRepoIndex, type RepoIndex } from './index-cache.js';
import { emptyEntry, loadRepoFileOrEmpty, repos, type RepoEntry } from './repo-file.js';
import { pluginScheme } from './http.js';
import { resolveReferenceURL } from './url.js';
import type { RegistryClient } from '../registry/client.js';
import { PROV_LAYER_MEDIA_TYPE, pullChart, pulledLines, resolveChartReference } from '../registry/chart.js';
import { provenanceForDownload, type ProvSource } from '../provenance/download.js';
import { verifyChart } from '../provenance/provenance.js';
import { parseOciReference } from '../registry/reference.js';

// http(s), and the schemes getter/v1 plugins serve (helm's getter.All).
const isHttp = (u: string): boolean => /^https?:\/\//.test(u) || pluginScheme(u) !== undefined;
const isOci = (u: string | undefined): boolean => (u ?? '').startsWith('oci://');
const trimSlash = (u: string): string => u.replace(/\/+$/, '');

type Planned = { fileName: string; data: Uint8Array; lines?: string; prov?: Uint8Array } | Error;

/** A failed download with what it printed before failing (the Pulled lines of its pulls). */
class DownloadError extends Error {
  constructor(
    message: string,
    readonly lines: string,
  ) {
    super(message);
  }
}

interface Options {
  env: RepoEnv;
  skipRefresh: boolean;
  out: (s: string) => void;
  /** The registry client for a host (helm's newRegistryClient with the command's TLS flags). */
  registry?: (host: string) => RegistryClient;
  /** --verify: `always` for update, `ifPossible` for build (Manager.Verify). */
  verify?: 'always' | 'ifPossible';
  keyring?: string;
  bin?: string;
  /** The registry client's writer for its Pulled/Digest lines, when it is not `out`. */
  registryOut?: (s: string) => void;
}

async function refresh(
  list: RepoEntry[],
  out: (s: string) => void,
  env: RepoEnv,
  byURL: boolean,
): Promise<void> {
  const seen = new Map<string, RepoEntry>();
  for (const r of list) seen.set(trimSlash(r.url), r);
  await Promise.all(
    [...seen.values()].map(async (r) => {
      const label = byURL ? r.url : r.name;
      try {
        await downloadIndexFile(r, env.repositoryCache, env.warn);
        out(`...Successfully got an update from the ${JSON.stringify(label)} chart repository\n`);
      } catch (err) {
        const where = byURL ? '' : ` (${r.url})`;
        out(
          `...Unable to get an update from the ${JSON.stringify(label)} chart repository${where}:\n\t${(err as Error).message}\n`,
        );
      }
    }),
  );
}

function versionEquals(a: string, b: string): boolean {
  let v1;
  try {
    v1 = newVersion(a);
  } catch {
    return a === b;
  }
  try {
    return compareVersions(v1, newVersion(b)) === 0;
  } catch {
    return false;
  }
}

/**
 * Prepares the repository dependencies of the chart at chartPath, or returns undefined when it
 * has none (or when the chart's own checks will fail first: the synchronous code reports those).
 */
export async function prepareRemoteDependencies(
  chartPath: string,
  mode: 'update' | 'build',
  o: Options,
): Promise<RemoteDependencies | undefined> {
  if (!existsSync(chartPath) || !statSync(chartPath).isDirectory()) return undefined;
  let chart;
  try {
    chart = loadDir(chartPath);
  } catch {
    return undefined;
  }
  const reqs = chart.metadata.dependencies ?? [];
  const configured = repos(loadRepoFileOrEmpty(o.env.repositoryConfig));
  // Aliases (@name, alias:name) become the configured URL, as resolveRepoNames does.
  const repoOf = (d: Dependency): string => {
    const r = d.repository ?? '';
    const alias = r.startsWith('@') ? r.slice(1) : r.startsWith('alias:') ? r.slice(6) : undefined;
    if (alias === undefined) return r;
    return configured.find((e) => e.name === alias)?.url ?? r;
  };
  // The lock's digest is taken over the dependencies with their aliases resolved.
  for (const d of reqs) if (d.repository) d.repository = repoOf(d);
  if (mode === 'build') {
    if (!chart.lock) mode = 'update';
    else if (hashReq(chart.metadata.dependencies, chart.lock.dependencies) !== chart.lock.digest)
      return undefined;
  }
  const deps: Dependency[] = mode === 'build' ? chart.lock!.dependencies : reqs;
  const remote = deps.filter((d) => isHttp(repoOf(d)));
  const oci = o.registry ? deps.filter((d) => isOci(d.repository)) : [];
  if (remote.length === 0 && oci.length === 0) return undefined;
  const known = (url: string): RepoEntry | undefined =>
    configured.find((e) => trimSlash(e.url) === trimSlash(url));
  if (mode === 'build' && remote.some((d) => !known(repoOf(d)))) return undefined;

  // Repository names: configured ones, else helm-manager-<sha256 of the URL> (update only).
  // resolveRepoNames and ensureMissingRepos key repositories by dependency name: of dependencies
  // sharing a name, the later oci://, file:// or configured one (else the first unmanaged one)
  // names the repository whose index resolves all of them.
  const byName = new Map<string, string>();
  if (mode === 'update') {
    for (const d of reqs) {
      const r = d.repository ?? '';
      if (r.startsWith('file://') || isOci(r)) byName.set(d.name, r);
      else if (isHttp(r) && known(r)) byName.set(d.name, known(r)!.name);
    }
  }
  const entryFor = new Map<string, RepoEntry>();
  const unmanaged: RepoEntry[] = [];
  const entries = new Map<string, RepoEntry>(configured.map((e) => [e.name, e]));
  for (const d of remote) {
    const url = repoOf(d);
    let e = known(url);
    if (!e) {
      e = emptyEntry(`helm-manager-${createHash('sha256').update(url).digest('hex')}`, url);
      entries.set(e.name, e);
      if (mode === 'update' && byName.has(d.name)) {
        // Its name is taken: helm neither names nor refreshes this repository.
      } else if (!unmanaged.some((u) => u.name === e!.name)) unmanaged.push(e);
      if (mode === 'update' && !byName.has(d.name)) byName.set(d.name, e.name);
    }
    entryFor.set(url, e);
  }
  if (!o.skipRefresh && unmanaged.length > 0) {
    o.out('Getting updates for unmanaged Helm repositories...\n');
    await refresh(unmanaged, o.out, o.env, true);
  }
  if (!o.skipRefresh && configured.length > 0) {
    o.out('Hang tight while we grab the latest from your chart repositories...\n');
    await refresh(configured, o.out, o.env, false);
    o.out('Update Complete. ⎈Happy Helming!⎈\n');
  }

  const indexes = new Map<string, RepoIndex | Error>();
  const indexOf = (e: RepoEntry): RepoIndex => {
    let idx = indexes.get(e.name);
    if (idx === undefined) {
      try {
        idx = loadRepoIndex(cacheIndexFile(o.env.repositoryCache, e.name), o.env.warn);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const msg =
          code === 'ENOENT'
            ? `open ${cacheIndexFile(o.env.repositoryCache, e.name)}: no such file or directory`
            : (err as Error).message;
        idx = new Error(`no cached repository for ${e.name} found. (try 'helm repo update'): ${msg}`);
      }
      indexes.set(e.name, idx);
    }
    if (idx instanceof Error) throw idx;
    return idx;
  };

  // Resolver.Resolve for repository dependencies: the newest version with URLs in the constraint.
  const resolveHttp = (d: Dependency): string | undefined => {
    const url = repoOf(d);
    const rn = byName.get(d.name);
    const owner = rn === undefined ? entryFor.get(url)! : entries.get(rn);
    if (owner === undefined) {
      // Another dependency's oci:// or file:// repository, read as a repository name.
      const f = join(o.env.repositoryCache, `${rn}-index.yaml`);
      throw new Error(
        `no cached repository for ${rn} found. (try 'helm repo update'): open ${f}: no such file or directory`,
      );
    }
    const idx = indexOf(owner);
    const vs = idx.versions(d.name);
    if (!vs) throw new Error(`${d.name} chart not found in repo ${url}`);
    const c = newConstraint(d.version ?? '');
    for (const cv of vs) {
      let v;
      try {
        v = newVersion(cv.metadata.version);
      } catch {
        continue;
      }
      if (cv.urls.length === 0) continue;
      if (checkConstraint(c, v)) return cv.metadata.version;
    }
    return undefined;
  };

  // Downloads happen now; the synchronous code asks for the bytes by name and version.
  const planned = new Map<string, Planned>();
  for (const d of remote) {
    // helm stops at the first failed download; with --verify that may be a signature.
    if (o.verify && [...planned.values()].some((p) => p instanceof Error)) break;
    let version: string | undefined;
    try {
      version = mode === 'build' ? d.version : resolveHttp(d);
    } catch {
      continue; // reported by resolve() when the synchronous code asks
    }
    if (version === undefined) continue;
    const url = repoOf(d);
    const e = entryFor.get(url)!;
    const key = `${d.name}\n${version}\n${url}`;
    let cv: ChartVersion | undefined;
    try {
      cv = indexOf(e)
        .versions(d.name)
        ?.find((x) => x.urls.length > 0 && versionEquals(version!, x.metadata.version));
    } catch (err) {
      planned.set(key, err as Error);
      continue;
    }
    if (!cv) {
      planned.set(
        key,
        new Error(`could not find : chart ${d.name} not found in ${url}: no matching version`),
      );
      continue;
    }
    const chartURL = resolveReferenceURL(url, cv.urls[0]!);
    try {
      const { data } = await fetchChart(
        { url: chartURL, digest: cv.digest, get: entryGetOptions(e), repoName: e.name, cv },
        o.env,
        false,
      );
      const fileName = downloadName(chartURL);
      let lines: string | undefined;
      let prov: Uint8Array | undefined;
      if (o.verify) {
        // ResolveChartVersion gives no digest for an absolute chart URL: the .prov always comes
        // from the server, never from the content cache.
        ({ lines, prov } = await verifyHttp(
          {
            url: chartURL,
            get: entryGetOptions(e),
            digestHex: '',
            contentCache: o.env.contentCache,
          },
          fileName,
          data,
          o.verify,
          o.keyring ?? '',
        ));
      }
      planned.set(key, { fileName, data, lines, prov });
    } catch (err) {
      planned.set(key, new Error(`could not download ${chartURL}: ${(err as Error).message}`));
    }
  }

  const ociDeps = await prepareOci(oci, mode, o.registry!, o.verify, o.keyring ?? '');
  for (const [k, v] of ociDeps.planned) planned.set(k, v);

  return {
    ...(o.registryOut ? { registryOut: o.registryOut } : {}),
    handles: (d) => isHttp(d.repository ?? '') || (oci.length > 0 && isOci(d.repository)),
    resolve: (d) => (isOci(d.repository) ? ociDeps.resolve(d) : resolveHttp(d)),
    archive: (d) => {
      const got = planned.get(`${d.name}\n${d.version}\n${d.repository}`);
      if (got === undefined)
        throw new Error(`could not download ${d.repository}: no archive for ${d.name} ${d.version}`);
      if (got instanceof Error) throw got;
      return got;
    },
  };
}

/**
 * DownloadTo's provenance step for a chart repository download: `<chart URL>.prov` (or the content
 * cache's copy) verified against the keyring under the archive's download name. Without a .prov,
 * `always` fails and `ifPossible` (build) prints helm's warning naming the chart URL.
 */
async function verifyHttp(
  src: ProvSource,
  fileName: string,
  data: Uint8Array,
  verify: 'always' | 'ifPossible',
  keyring: string,
): Promise<{ lines?: string; prov?: Uint8Array }> {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-verify-'));
  try {
    const dest = join(dir, fileName);
    writeFileSync(dest, data);
    // `later` first: a missing .prov is a warning only when verification is "if possible".
    const got = await provenanceForDownload(dest, src, keyring, true, src.url);
    if (got.warning) {
      if (verify === 'always')
        throw new Error(`failed to fetch provenance ${JSON.stringify(`${src.url}.prov`)}`);
      return { lines: got.warning };
    }
    verifyChart(dest, `${dest}.prov`, keyring);
    return { prov: readFileSync(`${dest}.prov`) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** semver.NewVersion succeeds: Resolver.Resolve then takes the version as the tag, without listing tags. */
function isExactVersion(v: string | undefined): boolean {
  try {
    newVersion(v ?? '');
    return true;
  } catch {
    return false;
  }
}

// Client.Tags keeps the tags that are strict semantic versions (with _ read as +), newest first.
const STRICT_SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function semverTags(tags: string[]): string[] {
  return tags
    .map((t) => t.replaceAll('_', '+'))
    .filter((t) => STRICT_SEMVER.test(t))
    .map((t) => ({ t, v: newVersion(t) }))
    .sort((a, b) => compareVersions(b.v, a.v))
    .map((x) => x.t);
}

/**
 * OCI dependencies (Resolver.Resolve and Manager.downloadAll for oci:// repositories): a range is
 * resolved through the registry's tags, an exact version is taken as it is; the locked version is
 * pulled as <repository>/<name>:<version>. The registry client's Pulled/Digest lines are kept for
 * when the synchronous code prints "Downloading …".
 */
async function prepareOci(
  deps: Dependency[],
  mode: 'update' | 'build',
  registry: (host: string) => RegistryClient,
  verify: 'always' | 'ifPossible' | undefined,
  keyring: string,
): Promise<{ resolve(d: Dependency): string | undefined; planned: Map<string, Planned> }> {
  const clients = new Map<string, RegistryClient>();
  const clientFor = (host: string): RegistryClient => {
    let c = clients.get(host);
    if (!c) clients.set(host, (c = registry(host)));
    return c;
  };
  const tags = new Map<string, string[] | Error>();
  if (mode === 'update') {
    for (const d of deps) {
      const ref = `${d.repository}/${d.name}`;
      if (isExactVersion(d.version) || tags.has(ref)) continue;
      try {
        const r = parseOciReference(ref);
        tags.set(ref, semverTags(await clientFor(r.registry).tags(r.repository)));
      } catch (err) {
        tags.set(
          ref,
          new Error(
            `could not retrieve list of tags for repository ${d.repository}: ${(err as Error).message}`,
          ),
        );
      }
    }
  }
  const resolve = (d: Dependency): string | undefined => {
    const versions = isExactVersion(d.version) ? [d.version!] : tags.get(`${d.repository}/${d.name}`);
    if (versions instanceof Error) throw versions;
    const c = newConstraint(d.version ?? '');
    for (const t of versions ?? []) {
      let v;
      try {
        v = newVersion(t);
      } catch {
        continue;
      }
      if (checkConstraint(c, v)) return t;
    }
    // Resolve counts OCI dependencies as found: the range itself is locked, and the download fails.
    return d.version;
  };
  const planned = new Map<string, Planned>();
  for (const d of deps) {
    let version: string | undefined;
    try {
      version = mode === 'build' ? d.version : resolve(d);
    } catch {
      continue; // reported when the synchronous code resolves
    }
    if (version === undefined) continue;
    const key = `${d.name}\n${version}\n${d.repository}`;
    if (planned.has(key)) continue;
    // findChartURL + parseOCIRef: the chart reference without its tag, which names the failure.
    const chartURL = `${d.repository}/${d.name}`;
    let lines = '';
    try {
      const client = clientFor(parseOciReference(chartURL).registry);
      const target = await resolveChartReference(client, chartURL, version);
      const r = await pullChart(client, target);
      lines = r.warnings.join('') + pulledLines(r);
      const fileName = `${d.name}-${target.tag.replaceAll('_', '+')}.tgz`;
      let prov: Uint8Array | undefined;
      if (verify) {
        const v = await verifyOci(
          client,
          target,
          r.chart,
          fileName,
          `${chartURL}:${target.tag}`,
          verify,
          keyring,
        );
        lines += v.lines;
        if (v.warning) lines += `WARNING: Verification not found for ${chartURL}: ${v.warning}\n`;
        prov = v.prov;
      }
      planned.set(key, { fileName, data: r.chart, lines, prov });
    } catch (err) {
      const e = err as Error & { lines?: string };
      planned.set(
        key,
        new DownloadError(`could not download ${chartURL}: ${e.message}`, lines + (e.lines ?? '')),
      );
      break; // helm stops at the first failed download
    }
  }
  return { resolve, planned };
}

/**
 * DownloadTo's provenance step for an OCI chart: the chart pulled again with its provenance layer
 * (printing its own Pulled lines), then verified against the keyring. Without a provenance layer,
 * `always` fails and `ifPossible` returns the warning's reason.
 */
async function verifyOci(
  client: RegistryClient,
  target: Parameters<typeof pullChart>[1],
  chart: Uint8Array,
  fileName: string,
  url: string,
  verify: 'always' | 'ifPossible',
  keyring: string,
): Promise<{ lines: string; prov?: Uint8Array; warning?: string }> {
  let lines = '';
  let prov: Uint8Array;
  try {
    const r = await pullChart(client, target, true);
    if (!r.prov) throw new Error(`manifest does not contain a layer with mediatype ${PROV_LAYER_MEDIA_TYPE}`);
    lines = pulledLines(r);
    prov = r.prov;
  } catch (err) {
    if (verify === 'ifPossible') return { lines, warning: (err as Error).message };
    throw new DownloadError(`failed to fetch provenance ${JSON.stringify(`${url}.prov`)}`, lines);
  }
  // The signature names the archive's file: verify a copy under its download name.
  const dir = mkdtempSync(join(tmpdir(), 'rudder-verify-'));
  try {
    const dest = join(dir, fileName);
    writeFileSync(dest, chart);
    await provenanceForDownload(
      dest,
      { url, get: {}, digestHex: '', contentCache: '', fetch: () => Promise.resolve(prov) },
      keyring,
      false,
      url,
    );
  } catch (err) {
    throw new DownloadError((err as Error).message, lines);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { lines, prov };
}
