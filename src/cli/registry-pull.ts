// Charts from `oci://` references for pull, template and show (ChartDownloader with the OCI getter):
// the reference resolved as ValidateReference does, every digest checked, Helm's `Pulled:`/`Digest:`
// lines, and the chart archive kept in the content cache under its layer digest.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { CliContext } from './context.js';
import type { ChartPathFlags } from './flags.js';
import { registryClientFromFlags } from './registry.js';
import { pullChart, pulledLines, resolveChartReference } from '../registry/chart.js';
import { checkOciChartURL, validatedReference } from '../registry/reference.js';
import { contentCachePath } from '../repo/chart-repo.js';
import { atomicWriteFile } from '../repo/atomic.js';
import { slogLine } from './slog.js';

export interface OciFetched {
  data: Buffer;
  /** The file name `helm pull` saves it under. */
  fileName: string;
  /** `Pulled: …` / `Digest: …` (and the underscore notice) when not written to `out` already. */
  lines: string;
  /** The content-cache file holding the archive. */
  cachePath: string;
}

export async function fetchOciChart(
  ctx: CliContext,
  ref: string,
  version: string,
  c: ChartPathFlags,
  populateCache: boolean,
  out: (s: string) => void,
): Promise<OciFetched> {
  const parsed = validatedReference(checkOciChartURL(ref));
  const client = registryClientFromFlags(ctx, parsed.registry, c);
  const target = await resolveChartReference(client, ref, version);
  const root = ctx.settings.contentCache.value;
  const debug = (msg: string, attrs: Record<string, string>): void => {
    if (ctx.settings.debug) ctx.io.stderr(slogLine('DEBUG', msg, attrs));
  };
  const base = basename(target.repository);
  const fileName =
    target.digest !== ''
      ? `${base}@${target.digest.replace(':', '-')}.tgz`
      : `${base}-${target.tag.replaceAll('_', '+')}.tgz`;
  // DownloadTo/DownloadToCache: a known digest is looked up in the content cache first (no pull).
  if (target.cacheDigest) {
    const p = contentCachePath(root, target.cacheDigest.slice('sha256:'.length));
    try {
      if (statSync(p).isFile()) {
        const data = readFileSync(p);
        debug('found chart in cache', { id: target.cacheDigest });
        return { data, fileName, lines: '', cachePath: p };
      }
    } catch {
      /* not cached */
    }
  }
  if (populateCache) debug('attempting to download chart', { ref, version });
  const r = await pullChart(client, target, false, out);
  const key = (target.cacheDigest ?? r.chartDigest).slice('sha256:'.length);
  const cachePath = contentCachePath(root, key);
  // helm pull reads the cache but does not fill it; template, show and install do.
  if (!populateCache) return { data: r.chart, fileName, lines: pulledLines(r), cachePath };
  // The getter has written its lines by the time DownloadToCache fills the cache.
  out(pulledLines(r));
  atomicWriteFile(cachePath, r.chart);
  debug('put downloaded chart in cache', { id: key });
  return { data: r.chart, fileName, lines: '', cachePath };
}
