// The provenance half of Helm's ChartDownloader (pkg/downloader/chart_downloader.go): the .prov
// next to a downloaded chart (`<chart URL>.prov`, or the content cache's `<digest>.prov`), written
// beside the archive or into the cache, then verified against the keyring. Exported for every
// command with --verify: pull (DownloadTo) and the LocateChart users — template, show, install,
// upgrade (DownloadToCache).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { atomicWriteFile } from '../repo/atomic.js';
import { contentCachePath } from '../repo/chart-repo.js';
import { httpGet, type GetOptions } from '../repo/http.js';
import { digest, verifyChart, type Verification } from './provenance.js';

export interface ProvSource {
  /** The chart's URL; the .prov is fetched from this plus ".prov". */
  url: string;
  get: GetOptions;
  /** sha256 hex of the chart when known from the index or registry ("" otherwise). */
  digestHex: string;
  contentCache: string;
  /** Fetches the .prov when it is not an http(s) download (the OCI prov layer). */
  fetch?: () => Promise<Uint8Array>;
}

async function fetchProvRaw(src: ProvSource): Promise<Uint8Array> {
  if (src.fetch) return await src.fetch();
  return await httpGet(`${src.url}.prov`, src.get);
}

async function fetchProv(src: ProvSource): Promise<Uint8Array> {
  try {
    return await fetchProvRaw(src);
  } catch {
    throw new Error(`failed to fetch provenance ${JSON.stringify(`${src.url}.prov`)}`);
  }
}

function cachedProv(src: ProvSource, hex: string): Uint8Array | undefined {
  if (hex === '') return undefined;
  try {
    return readFileSync(contentCachePath(src.contentCache, hex, '.prov'));
  } catch {
    return undefined;
  }
}

export interface DownloadProvenance {
  verification?: Verification;
  /** pull --prov without a .prov to fetch: helm's warning line (printed with the output). */
  warning?: string;
}

/**
 * DownloadTo's provenance step, after the archive was written to `destfile`: the .prov written
 * beside it, then verified unless `later` (pull --prov, where a missing .prov is only a warning
 * naming `ref`).
 */
export async function provenanceForDownload(
  destfile: string,
  src: ProvSource,
  keyring: string,
  later: boolean,
  ref: string,
): Promise<DownloadProvenance> {
  let body = cachedProv(src, src.digestHex);
  if (!body) {
    try {
      body = await fetchProvRaw(src);
    } catch (e) {
      if (!later) throw new Error(`failed to fetch provenance ${JSON.stringify(`${src.url}.prov`)}`);
      return { warning: `WARNING: Verification not found for ${ref}: ${(e as Error).message}\n` };
    }
  }
  atomicWriteFile(`${destfile}.prov`, body);
  if (later) return {};
  return { verification: verifyChart(destfile, `${destfile}.prov`, keyring) };
}

/**
 * DownloadToCache's provenance step for a chart at `cachePath` in the content cache: the .prov
 * cached under the same digest, and the chart verified under its download name (a copy in the
 * cache directory, removed afterwards).
 */
export async function provenanceForCache(
  cachePath: string,
  src: ProvSource,
  name: string,
  keyring: string,
): Promise<Verification> {
  const hex = src.digestHex !== '' ? src.digestHex : digest(readFileSync(cachePath));
  let ppth = contentCachePath(src.contentCache, hex, '.prov');
  if (!cachedProv(src, hex)) {
    const body = await fetchProv(src);
    atomicWriteFile(ppth, body);
  }
  ppth = contentCachePath(src.contentCache, hex, '.prov');
  mkdirSync(src.contentCache, { recursive: true });
  const tmpfile = join(src.contentCache, basename(name));
  copyFileSync(cachePath, tmpfile);
  try {
    return verifyChart(tmpfile, ppth, keyring);
  } finally {
    rmSync(tmpfile, { force: true });
  }
}
