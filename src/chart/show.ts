// `helm show all|chart|values|readme|crds` for a local chart (directory or archive): exactly the
// text Helm prints. Locating a chart in a repository or registry is the CLI's job.
import type { Chart, ChartFile } from './chart.js';
import { loadChartV2 } from './loader.js';
import { marshalChartfile } from './save.js';

export type ShowFormat = 'all' | 'chart' | 'values' | 'readme' | 'crds';

const README_NAMES = ['readme.md', 'readme.txt', 'readme'];
const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const dec = new TextDecoder();

/** The first top-level file named README(.md|.txt), any case, in load order. */
export function findReadme(files: ChartFile[]): ChartFile | undefined {
  return files.find((f) => README_NAMES.includes(f.name.toLowerCase()));
}

/** crds/*.yaml|yml|json of the chart, then of its subcharts (depth first), as Helm collects them. */
export function crdFiles(c: Chart): ChartFile[] {
  const own = c.files.filter(
    (f) => f.name.startsWith('crds/') && MANIFEST_EXT.test(f.name.slice(f.name.lastIndexOf('/'))),
  );
  return [...own, ...c.dependencies.flatMap(crdFiles)];
}

/** Helm's Show.Run on an already loaded chart. */
export function showLoadedChart(c: Chart, format: ShowFormat): string {
  let out = '';
  const all = format === 'all';
  if (format === 'chart' || all) out += `${marshalChartfile(c.metadata)}\n`;

  // Helm has no values (and prints nothing, not even the separator) without a values.yaml.
  const valuesFiles = c.raw.filter((f) => f.name === 'values.yaml');
  if ((format === 'values' || all) && valuesFiles.length > 0) {
    if (all) out += '---\n';
    for (const f of valuesFiles) out += `${dec.decode(f.data)}\n`;
  }
  if (format === 'readme' || all) {
    const readme = findReadme(c.files);
    if (readme) {
      if (all) out += '---\n';
      out += `${dec.decode(readme.data)}\n`;
    }
  }
  if (format === 'crds' || all) {
    for (const crd of crdFiles(c)) {
      const text = dec.decode(crd.data);
      if (!text.startsWith('---')) out += '---\n';
      out += `${text}\n`;
    }
  }
  return out;
}

/** `helm show <format> <path>` for a chart directory or .tgz. */
export function showChart(path: string, format: ShowFormat): string {
  return showLoadedChart(loadChartV2(path), format);
}
