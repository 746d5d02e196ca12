// `--disable-openapi-validation` on install and upgrade, next to helm v4.3.2 on the real test
// cluster. Helm passes `validate` to KubeClient.Build, whose schema (kubectl's ParamVerifyingSchema)
// validates on the client only for kinds whose API does not support server-side field validation;
// every built-in kind and CRD does, so the server (Strict) reports invalid fields with or without
// the flag, and a kind the server does not know fails on its mapping either way. The exception:
// `kind: List` documents, whose items helm checks against the OpenAPI v2 schema unless the flag is
// given, so there the flag changes the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import {
  countedComparisons,
  namespacePair,
  runPair,
  writeChart,
  type NamespacePair,
} from './actions-support.js';

const cluster = useCluster('api');
const same = countedComparisons('openapi validation');

const chart = writeChart({
  'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'app/values.yaml':
    'replicas: 1\nunknownField: false\nunknownKind: false\nlist: false\nlistBogus: false\nlistValue: b\nlistDeploy: false\nlistReplicas: 1\nlistPaused: false\n',
  'app/templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-d
spec:
  replicas: {{ .Values.replicas }}
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: c, image: example.invalid/x}]
`,
  'app/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
{{- if .Values.unknownField }}
bogus: field
{{- end }}
data: {a: b}
`,
  'app/templates/list.yaml': `{{- if .Values.list }}
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: {{ .Release.Name }}-l1
  {{- if .Values.listBogus }}
  bogus: field
  {{- end }}
  data:
    a: {{ .Values.listValue }}
{{- if .Values.listDeploy }}
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: {{ .Release.Name }}-l2
    labels: {a: "b"}
  spec:
    replicas: {{ .Values.listReplicas }}
    paused: {{ .Values.listPaused }}
    strategy: [1]
{{- end }}
{{- end }}
`,
  'app/templates/widget.yaml': `{{- if .Values.unknownKind }}
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
{{- end }}
`,
});

/**
 * The API server lists a typed patch's field errors in Go map order, which changes from request to
 * request: runs of `  .field: …` lines (plain, or `\\n`-escaped inside a log line) are sorted.
 */
function sortFieldErrors(s: string): string {
  return s
    .replace(/(?:\n {2}\.[^\n]*)+/g, (run) =>
      run
        .split('\n')
        .slice(1)
        .sort()
        .map((l) => `\n${l}`)
        .join(''),
    )
    .replace(/(?:\\n {2}\.(?:(?!\\n)[^"])*)+/g, (run) =>
      run
        .split('\\n')
        .slice(1)
        .sort()
        .map((l) => `\\n${l}`)
        .join(''),
    );
}

const both = (p: NamespacePair, args: string[]) =>
  runPair(same, cluster.kubeconfig, p, args, sortFieldErrors);

const FLAG = '--disable-openapi-validation';

test('--disable-openapi-validation: invalid fields, kinds and List items fail as in helm, with and without it', async () => {
  const p = await namespacePair(cluster, 'oah', 'oar');
  for (const flags of [[], [FLAG]]) {
    const rel = flags.length ? 'off' : 'on';
    const bad = both(p, ['install', rel, chart, '--set-string', 'replicas=x', ...flags]);
    assert.match(bad.stderr, /\.spec\.replicas: expected numeric \(int or float\), got string/);
    const uf = both(p, ['install', `${rel}2`, chart, '--set', 'unknownField=true', ...flags]);
    assert.match(uf.stderr, /\.bogus: field not declared in schema/);
    const uk = both(p, ['install', `${rel}3`, chart, '--set', 'unknownKind=true', ...flags]);
    assert.match(uk.stderr, /no matches for kind "Widget"/);
    for (const set of ['list=true', 'list=true,listBogus=true', 'list=true,listValue=1']) {
      const l = both(p, ['install', `${rel}l`, chart, '--set', set, ...flags]);
      // Items of a List: checked on the client (OpenAPI v2) unless the flag is given, then by the server.
      const clientSide = set.includes('Bogus') && flags.length === 0;
      assert.equal(l.code, set === 'list=true' ? 0 : 1, l.stderr);
      if (clientSide)
        assert.match(
          l.stderr,
          /error validating "": error validating data: ValidationError\(ConfigMap\): unknown field "bogus" in io\.k8s\.api\.core\.v1\.ConfigMap\n/,
        );
      both(p, ['uninstall', `${rel}l`]);
    }
    const ok = both(p, ['install', `${rel}4`, chart, ...flags]);
    assert.equal(ok.code, 0, ok.stderr);
    const ub = both(p, ['upgrade', `${rel}4`, chart, '--set-string', 'replicas=x', ...flags]);
    assert.match(ub.stderr, /UPGRADE FAILED: .*\.spec\.replicas: expected numeric/);
    // Several errors in one item (types, a list for a map, required fields), on an upgrade.
    const ul = both(p, [
      'upgrade',
      `${rel}4`,
      chart,
      '--set',
      'list=true,listDeploy=true,listPaused=1',
      '--set-string',
      'listReplicas=x',
      ...flags,
    ]);
    assert.equal(ul.code, 1);
    if (flags.length === 0)
      assert.match(ul.stderr, /UPGRADE FAILED: error validating "": error validating data: \[/);
    const uk2 = both(p, ['upgrade', `${rel}4`, chart, '--set', 'unknownKind=true', ...flags]);
    assert.match(uk2.stderr, /UPGRADE FAILED: resource mapping not found/);
  }
});
