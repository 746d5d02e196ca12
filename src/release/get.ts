// The Get, GetValues and GetMetadata actions (pkg/action/get*.go): one revision of a release (the
// latest when 0), its values (user-supplied, or coalesced with the chart's) and its metadata.
import { Chart } from '../chart/chart.js';
import { GoMap } from '../go/value.js';
import { coalesceValues } from '../values/coalesce.js';
import type { Dependency, Release } from '../storage/release.js';
import { parseGoTime, timeRfc3339 } from '../cli/output/time.js';
import { releaseContent, type ReadCollaborators } from './read-common.js';

/** Get.Run. */
export async function getRelease(name: string, version: number, c: ReadCollaborators): Promise<Release> {
  await c.kube.checkReachable();
  return releaseContent(c.storage, name, version);
}

const emptyMap = (): GoMap => new GoMap(new Map());

/** GetValues.Run: the user-supplied values, or (all) those coalesced with the stored chart's. */
export async function getValues(
  name: string,
  version: number,
  all: boolean,
  c: ReadCollaborators,
): Promise<GoMap | undefined> {
  await c.kube.checkReachable();
  const rel = await releaseContent(c.storage, name, version);
  if (!all) return rel.config;
  const meta = rel.chart?.metadata;
  // The stored chart has no subcharts: Helm coalesces with the top chart's values only.
  const chart = new Chart(meta ?? { name: '', version: '', apiVersion: '' }, rel.chart?.values ?? emptyMap());
  return coalesceValues(chart, rel.config ?? emptyMap());
}

/** action.Metadata */
export interface ReleaseMetadata {
  name: string;
  chart: string;
  version: string;
  appVersion: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  dependencies?: Dependency[];
  namespace: string;
  revision: number;
  status: string;
  deployedAt: string;
  applyMethod?: string;
}

/** GetMetadata.Run. */
export async function getMetadata(
  name: string,
  version: number,
  c: ReadCollaborators,
): Promise<ReleaseMetadata> {
  await c.kube.checkReachable();
  const rel = await releaseContent(c.storage, name, version);
  const m = rel.chart?.metadata;
  if (!m) throw new Error('invalid chart apiVersion');
  const md: ReleaseMetadata = {
    name: rel.name,
    chart: m.name,
    version: m.version,
    appVersion: m.appVersion ?? '',
    namespace: rel.namespace,
    revision: rel.version,
    status: rel.info.status,
    deployedAt: timeRfc3339(parseGoTime(rel.info.last_deployed)),
  };
  if (m.annotations && Object.keys(m.annotations).length > 0) md.annotations = m.annotations;
  if (rel.labels && Object.keys(rel.labels).length > 0) md.labels = rel.labels;
  if (m.dependencies && m.dependencies.length > 0) md.dependencies = m.dependencies;
  if (rel.apply_method) md.applyMethod = rel.apply_method;
  return md;
}

/** Metadata.FormattedDepNames: dependency names, sorted, comma-separated. */
export const formattedDepNames = (m: ReleaseMetadata): string =>
  (m.dependencies ?? [])
    .map((d) => d.name)
    .sort()
    .join(',');
