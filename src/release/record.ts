// Making and changing release records as the actions do (release.Release SetStatus, the chart as
// stored in a record, hooks from the renderer).
import type { Chart, ChartFile } from '../chart/chart.js';
import type { Hook as RenderedHook } from '../render/manifests.js';
import {
  GO_ZERO_TIME,
  type Hook,
  type HookDeletePolicy,
  type HookOutputLogPolicy,
  type Release,
  type Status,
  type StoredChart,
  type StoredFile,
} from '../storage/release.js';

export function setStatus(rel: Release, status: Status, description: string): void {
  rel.info.status = status;
  rel.info.description = description;
}

/** A chart file's modification time as Go text, when the chart's source knows it. */
export type ChartModTime = (name: string) => string | undefined;

/** The chart as a record holds it: the chart's own files only (Go does not serialise subcharts). */
export function storedChart(chart: Chart, modTime: ChartModTime = () => undefined): StoredChart {
  const storedFile = (f: ChartFile): StoredFile => {
    const t = modTime(f.name);
    return t ? { name: f.name, data: f.data, modtime: t } : { name: f.name, data: f.data };
  };
  const chartTime = modTime('Chart.yaml');
  return {
    ...(chartTime ? { modtime: chartTime } : {}),
    metadata: chart.metadata,
    lock: chart.lock ? { ...chart.lock, dependencies: chart.lock.dependencies ?? null } : null,
    templates: chart.templates.length ? chart.templates.map(storedFile) : null,
    // Go keeps a nil map when the chart has no values.yaml.
    values: chart.raw.some((f) => f.name === 'values.yaml') ? chart.values : null,
    schema: chart.schema ?? null,
    schemamodtime: (chart.schema && modTime('values.schema.json')) || GO_ZERO_TIME,
    files: chart.files.length ? chart.files.map(storedFile) : null,
  };
}

/** Hooks as the renderer sorted them, in record form. */
export function recordHooks(hooks: readonly RenderedHook[]): Hook[] {
  return hooks.map((h) => {
    const out: Hook = {
      name: h.name,
      kind: h.kind,
      path: h.path,
      manifest: h.manifest,
      events: [...h.events],
      last_run: { phase: '' },
      weight: h.weight,
    };
    if (h.deletePolicies.length) out.delete_policies = h.deletePolicies as HookDeletePolicy[];
    if (h.outputLogPolicies.length) out.output_log_policies = h.outputLogPolicies as HookOutputLogPolicy[];
    return out;
  });
}

/** The latest revision of a history (Helm's Reverse(SortByRevision)[0]). */
export function latest(history: readonly Release[]): Release | undefined {
  let best: Release | undefined;
  for (const r of history) if (!best || r.version > best.version) best = r;
  return best;
}

/** System labels the storage drivers own; users may not set them. */
export const SYSTEM_LABELS = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

export function checkUserLabels(labels: Record<string, string> | undefined): void {
  if (labels && Object.keys(labels).some((k) => SYSTEM_LABELS.includes(k)))
    throw new Error(
      `user supplied labels contains system reserved label name. System labels: [${SYSTEM_LABELS.join(' ')}]`,
    );
}

const MANIFEST_SEP = /(?:^|\s*\n)---\s*/;

/** releaseutil.SplitManifests: a stored manifest as `manifest-N` → document (for SortManifests). */
export function splitManifestMap(bigFile: string): Map<string, string> {
  const res = new Map<string, string>();
  let count = 0;
  for (const d of bigFile.trimStart().split(MANIFEST_SEP)) {
    if (d.trim() === '') continue;
    res.set(`manifest-${count++}`, d.trimStart());
  }
  return res;
}
