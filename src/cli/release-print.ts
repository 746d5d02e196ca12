// Helm's statusPrinter (pkg/cmd/status.go) as install, upgrade and rollback use it: the table, or the
// release record as JSON / YAML (-o).
import type { Release } from '../storage/release.js';
import { releaseToJson } from '../storage/codec/encode-json.js';
import { marshalYaml, parseYaml } from '../yaml/index.js';
import { ANSIC, formatGoTime, isZeroTime, parseGoTime } from './output/time.js';
import type { Format } from './output/format.js';
import type { Colorizer } from './output/color.js';
import { Chart, type Metadata } from '../chart/chart.js';
import { GoMap } from '../go/value.js';
import { coalesceValues } from '../values/coalesce.js';

export interface ReleasePrintOptions {
  debug: boolean;
  showMetadata: boolean;
  hideNotes: boolean;
  color: Colorizer;
}

export function printRelease(format: Format, rel: Release, o: ReleasePrintOptions): string {
  if (format === 'json') return `${releaseToJson(rel)}\n`;
  if (format === 'yaml') return marshalYaml(parseYaml(releaseToJson(rel)));
  return releaseTable(rel, o);
}

const ansic = (t: string | undefined): string => formatGoTime(parseGoTime(t), ANSIC);

export function releaseTable(rel: Release, o: ReleasePrintOptions): string {
  let out = `NAME: ${rel.name}\n`;
  const last = parseGoTime(rel.info.last_deployed);
  if (!isZeroTime(last)) out += `LAST DEPLOYED: ${formatGoTime(last, ANSIC)}\n`;
  out += `NAMESPACE: ${o.color.namespace(rel.namespace)}\n`;
  out += `STATUS: ${o.color.status(rel.info.status)}\n`;
  out += `REVISION: ${rel.version}\n`;
  if (o.showMetadata) {
    out += `CHART: ${rel.chart?.metadata?.name ?? ''}\n`;
    out += `VERSION: ${rel.chart?.metadata?.version ?? ''}\n`;
    out += `APP_VERSION: ${rel.chart?.metadata?.appVersion ?? ''}\n`;
  }
  out += `DESCRIPTION: ${rel.info.description}\n`;
  const tests = (rel.hooks ?? []).filter((h) => (h.events ?? []).includes('test'));
  if (tests.length === 0) out += 'TEST SUITE: None\n';
  else {
    for (const h of tests) {
      if (isZeroTime(parseGoTime(h.last_run.started_at))) continue;
      out += `TEST SUITE:     ${h.name}\nLast Started:   ${ansic(h.last_run.started_at)}\nLast Completed: ${ansic(h.last_run.completed_at)}\nPhase:          ${h.last_run.phase}\n`;
    }
  }
  if (o.debug) {
    out += `USER-SUPPLIED VALUES:\n${marshalYaml(rel.config ?? null)}\n`;
    const stored = rel.chart;
    const chart = new Chart(
      (stored?.metadata ?? { name: '', version: '', apiVersion: '' }) as Metadata,
      stored?.values ?? new GoMap(),
    );
    out += `COMPUTED VALUES:\n${marshalYaml(coalesceValues(chart, rel.config ?? new GoMap()))}\n`;
  }
  if (rel.info.description.toLowerCase() === 'dry run complete' || o.debug) {
    out += 'HOOKS:\n';
    for (const h of rel.hooks ?? []) out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
    out += `MANIFEST:\n${rel.manifest}\n`;
  }
  if (!o.hideNotes && rel.info.notes !== '') out += `NOTES:\n${rel.info.notes.trim()}\n`;
  return out;
}
