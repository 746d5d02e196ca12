// Release actions in the harder cases, helm v4.3.2 against rudder on the test cluster (each tool in
// its own namespace, the other tool carrying on): a field taken over by another manager's
// server-side apply, a --wait timeout with --rollback-on-failure, adoption refused and allowed,
// failing hooks under each delete policy, and hook output logs / `test --logs` (the cluster's fake
// nodes have no kubelet, so the logs fail and what helm prints then is compared).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import type { KubeClient } from '../../src/kube/client.js';
import {
  countedComparisons,
  namespacePair,
  type NamespacePair,
  liveObject,
  normalizeOutput,
  readRecords,
  runTool,
  writeChart,
  type Tool,
} from './actions-support.js';

const cluster = useCluster('full');
const same = countedComparisons('interop case');

type Pair = NamespacePair;
const pair = (): Promise<Pair> => namespacePair(cluster, 'ch', 'cr');

/** Output with hook pods' generated name suffixes taken out as well. */
const norm = (s: string, p: Pair): string =>
  normalizeOutput(s, p.names).replace(/(pod: [a-z0-9-]+?)-[a-z0-9]{5}, container/g, '$1-<id>, container');

/** The same command by both tools (swap: rudder in helm's namespace and the other way round). */
function both(p: Pair, args: string[], swap = false): { code: number; stdout: string; stderr: string } {
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
  same(`stdout of ${args.join(' ')}`, norm(a!.stdout, p), norm(b!.stdout, p));
  same(`stderr of ${args.join(' ')}`, norm(a!.stderr, p), norm(b!.stderr, p));
  same(`exit code of ${args.join(' ')}`, a!.code, b!.code);
  return a!;
}

async function sameRecords(p: Pair, c: KubeClient): Promise<void> {
  const [a, b] = await Promise.all([readRecords(c, p.helm, p.names), readRecords(c, p.rudder, p.names)]);
  same('record names', [...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, rec] of a) {
    same(`record ${k} labels`, rec.labels, b.get(k)?.labels);
    same(`record ${k}`, rec.release, b.get(k)?.release);
  }
}

/** The Job controller's labels carry the Job's uid. */
function uidless<T extends { labels: Record<string, string> } | undefined>(o: T): T {
  if (!o) return o;
  for (const k of Object.keys(o.labels)) if (k.endsWith('controller-uid')) o.labels[k] = '<uid>';
  return o;
}

type Ref = { apiVersion: string; kind: string; name: string };

async function sameObjects(p: Pair, c: KubeClient, refs: Ref[]): Promise<void> {
  for (const ref of refs) {
    const a = uidless(await liveObject(c, { ...ref, namespace: p.helm }, p.names));
    const b = uidless(await liveObject(c, { ...ref, namespace: p.rudder }, p.names));
    same(`${ref.kind}/${ref.name}`, a, b);
  }
}

/** The replicas and image of a Deployment in both namespaces. */
async function sameSpec(p: Pair, c: KubeClient, name: string): Promise<void> {
  const spec = async (ns: string) => {
    const d = await c.get({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: ns });
    return JSON.stringify(d['spec']);
  };
  same(`Deployment/${name} spec`, await spec(p.helm), await spec(p.rudder));
}

const appChart = (): string =>
  writeChart({
    'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'app/values.yaml': 'replicas: 1\ntag: "1"\nstuck: false\nextra: false\n',
    'app/templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-d
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
    spec:
      {{- if .Values.stuck }}
      nodeSelector: {rudder.test/nowhere: "true"}
      {{- end }}
      containers:
        - name: c
          image: nginx:{{ .Values.tag }}
`,
    'app/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  tag: {{ .Values.tag | quote }}
{{- if .Values.extra }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-extra
data: {from: chart}
{{- end }}
`,
  });

const deployment: Ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-d' };
const configMap: Ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-cm' };
const extra: Ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-extra' };

/** An autoscaler's server-side apply of spec.replicas, forced (it takes the field from helm). */
async function autoscale(c: KubeClient, p: Pair, replicas: number): Promise<void> {
  for (const ns of [p.helm, p.rudder])
    await c.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web-d', namespace: ns },
        spec: { replicas },
      },
      { fieldManager: 'hpa-sim', force: true },
    );
}

test('spec.replicas taken over by another manager: upgrade conflicts, --force-conflicts takes it back, client-side leaves it', async () => {
  const c = cluster.client();
  const chart = appChart();
  const p = await pair();
  assert.equal(both(p, ['install', 'web', chart]).code, 0);
  await autoscale(c, p, 3);
  await sameObjects(p, c, [deployment]);

  // The other tool upgrades: the conflict fails the upgrade with Helm's text and a failed record.
  assert.equal(both(p, ['upgrade', 'web', chart, '--set', 'tag=2'], true).code, 1);
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap]);
  // Unchanged replicas in the chart conflict as well (the applied configuration holds the field).
  assert.equal(both(p, ['upgrade', 'web', chart]).code, 1);
  await sameRecords(p, c);

  assert.equal(both(p, ['upgrade', 'web', chart, '--set', 'tag=2', '--force-conflicts'], true).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap]);
  await sameSpec(p, c, 'web-d');

  // Taken again; a client-side upgrade patches only what the chart changed and leaves replicas.
  await autoscale(c, p, 4);
  assert.equal(both(p, ['upgrade', 'web', chart, '--set', 'tag=3', '--server-side=false']).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap]);
  await sameSpec(p, c, 'web-d');
  // Back to server-side: the client-side manager's fields move to helm's apply (replicas with them).
  assert.equal(both(p, ['upgrade', 'web', chart, '--set', 'tag=4', '--server-side=true'], true).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap]);
  assert.equal(
    both(p, ['upgrade', 'web', chart, '--set', 'tag=4', '--server-side=true', '--force-conflicts', '--debug'])
      .code,
    0,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap]);
});

test('--wait timeout with --rollback-on-failure: upgrade rolled back, install uninstalled, --cleanup-on-fail', async () => {
  const c = cluster.client();
  const chart = appChart();
  const p = await pair();
  assert.equal(both(p, ['install', 'web', chart, '--wait', '--timeout', '60s']).code, 0);
  assert.equal(
    both(
      p,
      ['upgrade', 'web', chart, '--set', 'stuck=true,tag=2', '--rollback-on-failure', '--timeout', '3s'],
      true,
    ).code,
    1,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap]);
  await sameSpec(p, c, 'web-d');
  // A new object created by a failing --wait upgrade is deleted again with --cleanup-on-fail.
  assert.equal(
    both(p, [
      'upgrade',
      'web',
      chart,
      '--set',
      'stuck=true,extra=true',
      '--wait',
      '--timeout',
      '3s',
      '--cleanup-on-fail',
    ]).code,
    1,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap, extra]);

  const q = await pair();
  assert.equal(
    both(q, ['install', 'web', chart, '--set', 'stuck=true', '--rollback-on-failure', '--timeout', '3s'])
      .code,
    1,
  );
  await sameRecords(q, c);
  await sameObjects(q, c, [deployment, configMap]);
});

test('adoption: objects without helm metadata refused, taken with --take-ownership (install, upgrade, client-side)', async () => {
  const c = cluster.client();
  const chart = appChart();
  const p = await pair();
  const foreign = async (name: string, labels: Record<string, string> = {}, annotations = {}) => {
    for (const ns of [p.helm, p.rudder])
      await c.create(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: ns, labels, annotations },
          data: { from: 'kubectl' },
        },
        { fieldManager: 'kubectl-create' },
      );
  };
  await foreign('web-cm');
  assert.equal(both(p, ['install', 'web', chart]).code, 1);
  await sameRecords(p, c);
  assert.equal(both(p, ['install', 'web', chart, '--take-ownership'], true).code, 0);
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap]);

  // Owned by another release: refused with the annotation's value in the error, then taken.
  await foreign(
    'web-extra',
    { 'app.kubernetes.io/managed-by': 'Helm' },
    { 'meta.helm.sh/release-name': 'other', 'meta.helm.sh/release-namespace': 'elsewhere' },
  );
  assert.equal(both(p, ['upgrade', 'web', chart, '--set', 'extra=true']).code, 1);
  await sameRecords(p, c);
  // Taking it by server-side apply conflicts with the creator's fields until forced.
  assert.equal(both(p, ['upgrade', 'web', chart, '--set', 'extra=true', '--take-ownership'], true).code, 1);
  await sameRecords(p, c);
  assert.equal(
    both(p, ['upgrade', 'web', chart, '--set', 'extra=true', '--take-ownership', '--force-conflicts']).code,
    0,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, [deployment, configMap, extra]);

  // Client-side install taking a foreign object (Helm's three-way merge for it).
  const q = await pair();
  for (const ns of [q.helm, q.rudder])
    await c.create(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'web-cm', namespace: ns },
        data: { old: 'x' },
      },
      { fieldManager: 'kubectl-create' },
    );
  assert.equal(both(q, ['install', 'web', chart, '--server-side=false', '--take-ownership']).code, 0);
  await sameRecords(q, c);
  await sameObjects(q, c, [deployment, configMap]);
});

const hookChart = (): string =>
  writeChart({
    'hooks/Chart.yaml': 'apiVersion: v2\nname: hooks\nversion: 0.1.0\n',
    'hooks/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data: {a: b}
`,
    // A Job whose pod is never scheduled fails at its deadline (the Job controller's DeadlineExceeded).
    'hooks/templates/job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-{{ .Values.event }}
  annotations:
    helm.sh/hook: {{ .Values.event }}
    {{- with .Values.policy }}
    helm.sh/hook-delete-policy: {{ . }}
    {{- end }}
    {{- with .Values.logs }}
    helm.sh/hook-output-log-policy: {{ . }}
    {{- end }}
spec:
  backoffLimit: 0
  {{- if .Values.fail }}
  activeDeadlineSeconds: 2
  {{- end }}
  template:
    spec:
      restartPolicy: Never
      {{- if .Values.fail }}
      nodeSelector: {rudder.test/nowhere: "true"}
      {{- end }}
      containers:
        - name: c
          image: busybox
`,
    'hooks/templates/pod.yaml': `{{- if .Values.pod }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-pod
  annotations:
    helm.sh/hook: {{ .Values.event }}
    helm.sh/hook-weight: "5"
    helm.sh/hook-output-log-policy: hook-failed
    {{- with .Values.podPolicy }}
    helm.sh/hook-delete-policy: {{ . }}
    {{- end }}
spec:
  restartPolicy: Never
  {{- if or .Values.fail .Values.podFail }}
  nodeSelector: {rudder.test/nowhere: "true"}
  {{- end }}
  containers:
    - name: c
      image: busybox
{{- end }}
`,
  });

test('failing hooks under each delete policy: output, failed records, hook objects left or deleted', async () => {
  const c = cluster.client();
  const chart = hookChart();
  const policies = [
    '',
    'before-hook-creation',
    'hook-failed',
    'hook-succeeded',
    'hook-failed,hook-succeeded',
  ];
  for (const policy of policies) {
    const p = await pair();
    const set = `fail=true,event=pre-install,policy=${policy.replaceAll(',', '\\,')}`;
    assert.equal(both(p, ['install', 'web', chart, '--set', set, '--timeout', '60s']).code, 1);
    await sameRecords(p, c);
    await sameObjects(p, c, [
      { apiVersion: 'batch/v1', kind: 'Job', name: 'web-pre-install' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-cm' },
    ]);
    // The next try replaces the failed release; the hook runs again (before-hook-creation by default).
    assert.equal(
      both(p, ['install', 'web', chart, '--replace', '--set', set, '--timeout', '60s'], true).code,
      1,
    );
    await sameRecords(p, c);
  }
  // A post-install hook failing after the objects were applied; then a pre-upgrade one.
  const p = await pair();
  assert.equal(
    both(p, ['install', 'web', chart, '--set', 'fail=true,event=post-install', '--timeout', '60s']).code,
    1,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-cm' }]);
  assert.equal(
    both(
      p,
      [
        'upgrade',
        'web',
        chart,
        '--set',
        'fail=true,event=pre-upgrade,policy=hook-failed',
        '--timeout',
        '60s',
      ],
      true,
    ).code,
    1,
  );
  await sameRecords(p, c);
});

test('hook output log policy and test --logs where pods have no kubelet: what helm prints', async () => {
  const c = cluster.client();
  const chart = hookChart();
  const p = await pair();
  // A succeeded Job hook with hook-succeeded logs: its pod's log cannot be read (INFO line).
  assert.equal(
    both(p, ['install', 'web', chart, '--set', 'event=pre-install,logs=hook-succeeded,policy=hook-succeeded'])
      .code,
    0,
  );
  await sameRecords(p, c);
  // A Pod hook that never finishes (no node; the Job hook before it succeeds): hook-failed logs,
  // then the hook-failed delete policy.
  assert.equal(
    both(
      p,
      [
        'upgrade',
        'web',
        chart,
        '--set',
        'event=pre-upgrade,pod=true,podFail=true,podPolicy=hook-failed',
        '--timeout',
        '3s',
      ],
      true,
    ).code,
    1,
  );
  await sameRecords(p, c);
  await sameObjects(p, c, [{ apiVersion: 'v1', kind: 'Pod', name: 'web-pod' }]);

  // test --logs: a Pod test that runs and never completes (kwok completes only Job pods), and a Job
  // test with hook-succeeded logs; the pod's log request fails at the node.
  const q = await pair();
  assert.equal(
    both(q, ['install', 'web', chart, '--set', 'event=test,pod=true,logs=hook-succeeded']).code,
    0,
  );
  assert.equal(both(q, ['test', 'web', '--logs', '--filter', 'name=web-pod', '--timeout', '3s']).code, 1);
  await sameRecords(q, c);
  assert.equal(
    both(q, ['test', 'web', '--logs', '--filter', 'name=web-test', '--timeout', '30s'], true).code,
    0,
  );
  await sameRecords(q, c);
});
