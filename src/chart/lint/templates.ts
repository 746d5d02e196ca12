// Lint rules for templates (Helm's rules/template.go): the chart renders in lint mode, each
// rendered YAML file parses, object names are valid, no deprecated APIs, workloads have selectors.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Chart } from '../chart.js';
import { loadDir } from '../loader.js';
import { deprecationWarning, type KubeMajorMinor } from './deprecations.js';
import { validateMetadataName } from './k8s-names.js';
import { decodeK8sDocuments, listAnnotationsProblem } from './k8s-yaml.js';
import { Severity, type Linter } from './support.js';
import { pathError } from '../../go/fs-error.js';

const DIR = 'templates/';

/**
 * Renders a loaded chart for lint (dependencies processed, values coalesced and schema-checked,
 * engine in lint mode). Returns the rendered files, `undefined` when Helm stops silently
 * (dependency or coalescing failure), or throws an Error whose message becomes the lint error.
 */
export type LintRenderer = (chart: Chart) => Map<string, string> | undefined;

const ALLOWED = ['.yaml', '.yml', '.tpl', '.txt'];

const ext = (name: string): string => {
  const b = name.slice(name.lastIndexOf('/') + 1);
  const i = b.lastIndexOf('.');
  return i < 0 ? '' : b.slice(i);
};

export function lintTemplates(linter: Linter, renderChart: LintRenderer, kube: KubeMajorMinor): void {
  const path = join(linter.chartDir, DIR);
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      linter.rule(Severity.Warning, DIR, 'directory does not exist');
      return;
    }
    linter.rule(Severity.Error, DIR, pathError('stat', path, err).message);
    return;
  }
  if (!linter.rule(Severity.Error, DIR, st.isDirectory() ? undefined : 'not a directory')) return;

  let chart: Chart;
  try {
    chart = loadDir(linter.chartDir);
  } catch (err) {
    linter.rule(Severity.Error, DIR, pathError('stat', path, err).message);
    return;
  }
  let rendered: Map<string, string> | undefined;
  try {
    rendered = renderChart(chart);
  } catch (err) {
    linter.rule(Severity.Error, DIR, pathError('stat', path, err).message);
    return;
  }
  if (!rendered) return;

  for (const t of chart.templates) {
    const fileName = t.name;
    const e = ext(fileName);
    linter.rule(
      Severity.Error,
      fileName,
      ALLOWED.includes(e)
        ? undefined
        : `file extension '${e}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt`,
    );
    if (!['.yaml', '.yml'].includes(e.toLowerCase())) continue;
    const content = rendered.get(`${chart.name}/${fileName}`) ?? '';
    if (content.trim() === '') continue;
    linter.rule(Severity.Warning, fileName, topIndentProblem(content));
    for (const doc of decodeK8sDocuments(content)) {
      if ('error' in doc) {
        linter.rule(Severity.Error, fileName, `unable to parse YAML: ${doc.error}`);
        return;
      }
      const s = doc.stub;
      if (!s) continue;
      linter.rule(Severity.Warning, fileName, validateMetadataName(s.kind, s.name));
      linter.rule(Severity.Warning, fileName, deprecationWarning(s.apiVersion, s.kind, kube));
      linter.rule(Severity.Error, fileName, matchSelectorProblem(s.kind, s.name, content));
      linter.rule(Severity.Error, fileName, s.kind === 'List' ? listAnnotationsProblem(content) : undefined);
    }
  }
}

/** validateTopIndentLevel: the first non-blank line must not be indented. */
function topIndentProblem(content: string): string | undefined {
  for (const raw of content.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      return `document starts with an illegal indent: ${JSON.stringify(line)}, which may cause parsing problems`;
    }
    return undefined;
  }
  return undefined;
}

function matchSelectorProblem(kind: string, name: string, manifest: string): string | undefined {
  if (!['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(kind)) return undefined;
  if (manifest.includes('matchLabels') || manifest.includes('matchExpressions')) return undefined;
  return `a ${kind} must contain matchLabels or matchExpressions, and ${JSON.stringify(name)} does not`;
}
