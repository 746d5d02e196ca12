// Charts from `oci://` references for pull, template and show (ChartDownloader with the OCI getter):
// the reference resolved as ValidateReference does, every digest checked, Helm's `Pulled:`/`Digest:`
// lines, and the chart archive kept in the content cache under its layer digest.
import { basename } from 'node:path';
import type { CliContext } from './context.js';
import type { ChartPathFlags } from './flags.js';
import { registryClient } from './registry.js';
import { pullChart, pulledLines, resolveChartReference } from '../registry/chart.js';
import { parseOciReference } from '../registry/reference.js';
import { contentCachePath } from '../repo/chart-repo.js';
import { atomicWriteFile } from '../repo/atomic.js';

export interface OciFetched {
  data: Buffer;
  /** The file name `helm pull` saves it under. */
  fileName: string;
  /** `Pulled: …` / `Digest: …` (and the underscore notice). */
  lines: string;
  /** The content-cache file holding the archive. */
  cachePath: string;
}

export async function fetchOciChart(
  ctx: CliContext,
  ref: string,
  version: string,
  c: ChartPathFlags,
): Promise<OciFetched> {
  const parsed = parseOciReference(ref);
  const client = registryClient(ctx, parsed.registry, {
    plainHttp: c.plainHttp.value,
    insecure: c.insecureSkipTLSVerify.value,
    caFile: c.caFile.value,
    certFile: c.certFile.value,
    keyFile: c.keyFile.value,
    username: c.username.value,
    password: c.password.value,
  });
  const target = await resolveChartReference(client, ref, version);
  const r = await pullChart(client, target);
  const hex = r.chartDigest.slice('sha256:'.length);
  const cachePath = contentCachePath(ctx.settings.contentCache.value, hex);
  atomicWriteFile(cachePath, r.chart);
  const base = basename(target.repository);
  const fileName =
    target.digest !== ''
      ? `${base}@${target.digest.replace(':', '-')}.tgz`
      : `${base}-${target.tag.replaceAll('_', '+')}.tgz`;
  return { data: r.chart, fileName, lines: r.warnings.join('') + pulledLines(r), cachePath };
}
