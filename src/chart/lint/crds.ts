// Lint rules for crds/ (Helm's rules/crds.go): plain YAML, apiextensions.k8s.io, kind
// CustomResourceDefinition.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Chart } from '../chart.js';
import { loadDir } from '../loader.js';
import { decodeK8sDocuments } from './k8s-yaml.js';
import { Severity, type Linter } from './support.js';
import { pathError } from '../../go/fs-error.js';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** CRDObjects: crds/ files of the chart and its subcharts (each named as in its own chart). */
function crdFiles(c: Chart): { name: string; data: Uint8Array }[] {
  const own = c.files
    .filter((f) => f.name.startsWith('crds/') && MANIFEST_EXT.test(f.name.slice(f.name.lastIndexOf('/'))))
    .map((f) => ({ name: f.name, data: f.data }));
  return [...own, ...c.dependencies.flatMap(crdFiles)];
}

export function lintCrds(linter: Linter): void {
  const dir = 'crds/';
  let st;
  try {
    st = statSync(join(linter.chartDir, dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    linter.rule(Severity.Error, dir, pathError('stat', join(linter.chartDir, dir), err).message);
    return;
  }
  if (!linter.rule(Severity.Error, dir, st.isDirectory() ? undefined : 'not a directory')) return;
  let chart: Chart;
  try {
    chart = loadDir(linter.chartDir);
  } catch (err) {
    linter.rule(Severity.Error, dir, pathError('stat', join(linter.chartDir, dir), err).message);
    return;
  }
  for (const crd of crdFiles(chart)) {
    for (const doc of decodeK8sDocuments(new TextDecoder().decode(crd.data))) {
      if ('error' in doc) {
        linter.rule(Severity.Error, crd.name, `unable to parse YAML: ${doc.error}`);
        return;
      }
      if (!doc.stub) continue;
      linter.rule(
        Severity.Error,
        crd.name,
        doc.stub.apiVersion.startsWith('apiextensions.k8s.io')
          ? undefined
          : "apiVersion is not in 'apiextensions.k8s.io'",
      );
      linter.rule(
        Severity.Error,
        crd.name,
        doc.stub.kind === 'CustomResourceDefinition'
          ? undefined
          : "object kind is not 'CustomResourceDefinition'",
      );
    }
  }
}
