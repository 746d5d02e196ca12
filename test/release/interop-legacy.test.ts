// `--wait=legacy` (Helm 3's ReadyChecker polling) against helm v4.3.2 on the test cluster: workloads
// of every kind the checker knows become ready; a Deployment that never does times out with
// `context deadline exceeded` (and --rollback-on-failure rolls back); hook Jobs that fail and hook
// Pods that never finish; an uninstall waiting for an object held by a finalizer. Each tool runs in
// its own namespace; output, exit codes, release records and `status` (RESOURCES) are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import type { KubeClient } from '../../src/kube/client.js';
import {
  countedComparisons,
  namespacePair,
  type NamespacePair,
  normalizeOutput,
  readRecords,
  runTool,
  writeChart,
  type Tool,
} from './actions-support.js';

const cluster = useCluster('full');
const same = countedComparisons('legacy wait');

type Pair = NamespacePair;
const pair = (): Promise<Pair> => namespacePair(cluster, 'lh', 'lr');

/** Status tables: ages masked, `==> v/Kind` sections sorted (Helm prints them in map order). */
function tables(s: string): string {
  const start = s.indexOf('RESOURCES:\n');
  if (start < 0) return s;
  // Generated pod names, Service IPs and a Job's duration differ between two installs.
  const masked = s
    .replace(/\b(\d+(s|m|h|d))+(\s*)$/gm, '<age>$3')
    .replace(/\d{4}-\d\d-\d\dT[\d:]+Z/g, '<time>')
    .replace(/^(k-(?:ds|rs|d-[a-z0-9]+))-[a-z0-9]{5} /gm, '$1-<id> ')
    .replace(/192\.0\.2\.\d+/g, '<ip>')
    .replace(/(Complete +\d+\/\d+ +)\d+s/g, '$1<d>');
  const end = masked.search(/\n\n(TEST SUITE|NOTES)/);
  const sections = masked
    .slice(start + 'RESOURCES:\n'.length, end + 1)
    .split(/(?=^==> )/m)
    // Column widths follow the masked values (a Service IP's length).
    .map((x) => x.replace(/ {2,}/g, '  '))
    .sort();
  return masked.slice(0, start) + 'RESOURCES:\n' + sections.join('') + masked.slice(end + 1);
}

function both(p: Pair, args: string[], swap = false): number {
  const tools: [Tool, string][] = swap
    ? [
        ['rudder', p.helm],
        ['helm', p.rudder],
      ]
    : [
        ['helm', p.helm],
        ['rudder', p.rudder],
      ];
  const [a, b] = tools.map(([tool, ns]) => runTool(tool, [...args, '-n', ns], cluster.kubeconfig));
  // history's UPDATED column: ANSIC times.
  const n = (s: string) =>
    tables(normalizeOutput(s, p.names)).replace(
      /[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}/g,
      '<date>',
    );
  same(`stdout of ${args.join(' ')}`, n(a!.stdout), n(b!.stdout));
  same(`stderr of ${args.join(' ')}`, n(a!.stderr), n(b!.stderr));
  same(`exit code of ${args.join(' ')}`, a!.code, b!.code);
  return a!.code;
}

async function sameRecords(p: Pair, c: KubeClient): Promise<void> {
  const [a, b] = await Promise.all([readRecords(c, p.helm, p.names), readRecords(c, p.rudder, p.names)]);
  same('record names', [...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, rec] of a) {
    same(`record ${k} labels`, rec.labels, b.get(k)?.labels);
    same(`record ${k}`, rec.release, b.get(k)?.release);
  }
}

const kindsChart = (): string =>
  writeChart({
    'kinds/Chart.yaml': 'apiVersion: v2\nname: kinds\nversion: 0.1.0\n',
    'kinds/values.yaml': 'stuck: false\nhold: false\ntag: "1"\n',
    'kinds/templates/workloads.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: {{ .Release.Name }}-d}
spec:
  replicas: 2
  selector: {matchLabels: {a: d}}
  template:
    metadata: {labels: {a: d}}
    spec:
      {{- if .Values.stuck }}
      nodeSelector: {rudder.test/nowhere: "true"}
      {{- end }}
      containers: [{name: c, image: "nginx:{{ .Values.tag }}"}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: {{ .Release.Name }}-ss}
spec:
  serviceName: {{ .Release.Name }}-svc
  replicas: 2
  selector: {matchLabels: {a: ss}}
  template:
    metadata: {labels: {a: ss}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: {{ .Release.Name }}-ds}
spec:
  selector: {matchLabels: {a: ds}}
  template:
    metadata: {labels: {a: ds}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: {{ .Release.Name }}-rs}
spec:
  replicas: 1
  selector: {matchLabels: {a: rs}}
  template:
    metadata: {labels: {a: rs}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: {{ .Release.Name }}-j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Service
metadata: {name: {{ .Release.Name }}-svc}
spec:
  selector: {a: d}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
  {{- if .Values.hold }}
  finalizers: [rudder.test/hold]
  {{- end }}
data: {a: b}
`,
    'kinds/templates/hooks.yaml': `{{- if .Values.hook }}
apiVersion: {{ if eq .Values.hook "pod" }}v1{{ else }}batch/v1{{ end }}
kind: {{ if eq .Values.hook "pod" }}Pod{{ else }}Job{{ end }}
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    helm.sh/hook: pre-upgrade
    helm.sh/hook-delete-policy: hook-failed
spec:
  {{- if eq .Values.hook "pod" }}
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
  {{- else }}
  backoffLimit: 0
  activeDeadlineSeconds: 2
  template:
    spec:
      restartPolicy: Never
      nodeSelector: {rudder.test/nowhere: "true"}
      containers: [{name: c, image: busybox}]
  {{- end }}
{{- end }}
`,
  });

test('--wait=legacy: every kind ready, then status; a Deployment that never is, with and without --rollback-on-failure', async () => {
  const c = cluster.client();
  const chart = kindsChart();
  const p = await pair();
  assert.equal(both(p, ['install', 'k', chart, '--wait=legacy', '--wait-for-jobs', '--timeout', '90s']), 0);
  await sameRecords(p, c);
  assert.equal(both(p, ['status', 'k']), 0);
  assert.equal(
    both(p, ['upgrade', 'k', chart, '--set', 'stuck=true', '--wait=legacy', '--timeout', '4s'], true),
    1,
  );
  await sameRecords(p, c);
  assert.equal(
    both(p, [
      'upgrade',
      'k',
      chart,
      '--set',
      'stuck=true,tag=2',
      '--wait=legacy',
      '--rollback-on-failure',
      '--timeout',
      '4s',
    ]),
    1,
  );
  await sameRecords(p, c);
  assert.equal(
    both(p, ['upgrade', 'k', chart, '--set', 'tag=3', '--wait=legacy', '--timeout', '90s'], true),
    0,
  );
  await sameRecords(p, c);
  assert.equal(both(p, ['status', 'k']), 0);
  // --debug: storage lines and one 'get relation pod of object' per live object, in manifest order.
  assert.equal(both(p, ['status', 'k', '--debug']), 0);
  assert.equal(both(p, ['history', 'k', '--debug']), 0);
  assert.equal(both(p, ['get', 'all', 'k', '--debug']), 0);
});

test('--wait=legacy hooks: a failing Job (its ERROR record), a Pod that never finishes; uninstall held by a finalizer', async () => {
  const c = cluster.client();
  const chart = kindsChart();
  const p = await pair();
  assert.equal(both(p, ['install', 'k', chart, '--set', 'hold=true']), 0);
  assert.equal(
    both(p, ['upgrade', 'k', chart, '--set', 'hold=true,hook=job', '--wait=legacy', '--timeout', '60s']),
    1,
  );
  await sameRecords(p, c);
  assert.equal(
    both(p, ['upgrade', 'k', chart, '--set', 'hold=true,hook=pod', '--wait=legacy', '--timeout', '4s'], true),
    1,
  );
  await sameRecords(p, c);
  assert.equal(both(p, ['uninstall', 'k', '--wait=legacy', '--timeout', '4s']), 1);
  await sameRecords(p, c);
  for (const ns of [p.helm, p.rudder])
    await c.patch({ apiVersion: 'v1', kind: 'ConfigMap', name: 'k-cm', namespace: ns }, 'merge', {
      metadata: { finalizers: null },
    });
});
