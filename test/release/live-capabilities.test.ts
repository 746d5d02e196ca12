// Issue 8: .Capabilities printed when they come from a live cluster (helm's getCapabilities builds a
// *Capabilities from discovery), next to helm v4.3.2: template --dry-run=server and install
// --dry-run=server render against the test cluster. text/template calls KubeVersion's
// pointer-receiver String() only where the value is addressable (the field reached through the
// pointer, a `with`/variable of it); a copy handed to a function (print, toString, list, dict,
// include, default) prints the struct. Stdout, stderr and exit code compared.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { countedComparisons, namespacePair, runPair, writeChart } from './actions-support.js';

const cluster = useCluster('api');
const same = countedComparisons('live capabilities');

// Each form on its own line of a block scalar, so struct braces stay text.
const FORMS: [string, string][] = [
  ['action', '{{ .Capabilities.KubeVersion }}'],
  ['print', '{{ print .Capabilities.KubeVersion }}'],
  ['printf', '{{ printf "%v %s" .Capabilities.KubeVersion .Capabilities.KubeVersion }}'],
  ['toString', '{{ toString .Capabilities.KubeVersion }}'],
  ['list', '{{ list .Capabilities.KubeVersion }}'],
  ['dict', '{{ dict "k" .Capabilities.KubeVersion }}'],
  ['with', '{{ with .Capabilities.KubeVersion }}{{ . }} {{ .String }}{{ end }}'],
  ['variable', '{{ $kv := .Capabilities.KubeVersion }}{{ $kv }}'],
  ['include', '{{ include "kv" .Capabilities.KubeVersion }}'],
  ['default', '{{ default "x" .Capabilities.KubeVersion }}'],
  ['method', '{{ .Capabilities.KubeVersion.String }} {{ .Capabilities.KubeVersion.GitVersion }}'],
  ['copy', '{{ .Capabilities.Copy.KubeVersion }}'],
  ['caps', '{{ typeOf .Capabilities }} {{ typeOf .Capabilities.KubeVersion }}'],
  ['helm', '{{ .Capabilities.HelmVersion.Version }}'],
];

const chart = writeChart({
  'live/Chart.yaml': 'apiVersion: v2\nname: live\nversion: 0.1.0\n',
  'live/templates/_kv.tpl': '{{ define "kv" }}{{ . }}{{ end }}\n',
  'live/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-kv
data:
${FORMS.map(([k, t]) => `  ${k}: |\n    ${t}\n`).join('')}`,
  'live/templates/NOTES.txt': `${FORMS.map(([k, t]) => `${k}=${t}`).join('\n')}\n`,
});

test('KubeVersion from a live cluster prints as helm prints it, through every path', async () => {
  const p = await namespacePair(cluster, 'lch', 'lcr');
  const both = (args: string[]) => runPair(same, cluster.kubeconfig, p, args);
  const t = both(['template', 'kv', chart, '--dry-run=server']);
  assert.equal(t.code, 0, t.stderr);
  // The cluster's version, through String() in the action and as a struct in print, whose
  // unexported normalizedVersion helm leaves empty on this path (two spaces).
  assert.match(t.stdout, /action: \|\n {4}v1\.\d+\.\d+/);
  assert.match(t.stdout, /print: \|\n {4}\{v1\.\d+\.\d+ {2}1 \d+\}/);
  const i = both(['install', 'kv', chart, '--dry-run=server']);
  assert.equal(i.code, 0, i.stderr);
  assert.match(i.stdout, /^action=v1\.\d+\.\d+$/m);
});
