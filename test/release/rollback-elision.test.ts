// Write elision on rollback: the objects the current revision applied are compared with the target
// revision's; an object equal in both and intact live is not written. Helm runs in one namespace,
// rudder in another through a loopback counting proxy; output, release records and live objects
// (managedFields included) must stay those of helm v4.3.2.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../support/cluster.js';
import { countingProxy, proxyKubeconfig, type CountingProxy } from '../support/counting-proxy.js';
import { cleanEnv, helmBinary, rudderBundle } from '../cli/support.js';
import type { KubeClient } from '../../src/kube/client.js';
import { liveObject, normalizeOutput, readRecords, writeChart, type Tool } from './actions-support.js';

const cluster = useCluster('full');
let comparisons = 0;
let proxy: CountingProxy | undefined;

after(async () => {
  await proxy?.close();
  process.stdout.write(`# rollback-elision comparisons with helm: ${comparisons}\n`);
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI without blocking this process, which serves the proxy. */
function run(tool: Tool, args: string[], kubeconfig: string): Promise<Run> {
  const env = cleanEnv({ KUBECONFIG: kubeconfig });
  const [cmd, pre] = tool === 'helm' ? [helmBinary(), []] : [process.execPath, [rudderBundle()]];
  return new Promise((res) => {
    const p = spawn(cmd, [...pre, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => {
      const norm = (s: string) => (tool === 'rudder' ? s.replaceAll('rudder', 'helm') : s);
      res({ code: code ?? -1, stdout: norm(stdout), stderr: norm(stderr) });
    });
  });
}

const RECORD = /\/secrets(\/sh\.helm\.release\.v1\.[^/?]+)?(\?|$)/;

/** The writes rudder sent to release objects (release records aside), as "METHOD path". */
function objectWrites(p: CountingProxy): string[] {
  return p
    .requests()
    .filter((r) => r.method !== 'GET' && r.method !== 'HEAD')
    .filter((r) => !(r.method !== 'PATCH' && RECORD.test(r.url)))
    .map((r) => `${r.method} ${r.url.split('?')[0]}`)
    .sort();
}

interface Pair {
  helm: string;
  rudder: string;
  names: Record<string, string>;
  kubeconfig: string;
  proxy: CountingProxy;
}

async function pair(): Promise<Pair> {
  const h = await cluster.namespace('rbh');
  const r = await cluster.namespace('rbr');
  proxy ??= await countingProxy(cluster.kubeconfig);
  const kubeconfig = proxyKubeconfig(mkdtempSync(join(tmpdir(), 'rudder-rb-elision-')), proxy.url, 'proxy');
  return { helm: h, rudder: r, names: { [h]: 'NS', [r]: 'NS' }, kubeconfig, proxy };
}

function same(label: string, a: unknown, b: unknown): void {
  comparisons++;
  assert.deepStrictEqual(b, a, label);
}

async function both(p: Pair, args: string[]): Promise<Run> {
  const a = await run('helm', [...args, '-n', p.helm], cluster.kubeconfig);
  p.proxy.reset();
  const b = await run('rudder', [...args, '-n', p.rudder], p.kubeconfig);
  const n = (s: string) => normalizeOutput(s, p.names);
  same(`stdout of ${args.join(' ')}`, n(a.stdout), n(b.stdout));
  same(`stderr of ${args.join(' ')}`, n(a.stderr), n(b.stderr));
  same(`exit code of ${args.join(' ')}`, a.code, b.code);
  return a;
}

type Ref = { apiVersion: string; kind: string; name: string };

const objects: Ref[] = [
  ...[0, 1, 2].map((i) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: `cm-${i}` })),
  { apiVersion: 'v1', kind: 'Service', name: 'web' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
];

async function sameState(p: Pair, c: KubeClient): Promise<void> {
  const [a, b] = await Promise.all([readRecords(c, p.helm, p.names), readRecords(c, p.rudder, p.names)]);
  same('record names', [...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, rec] of a) {
    same(`record ${k} labels`, rec.labels, b.get(k)?.labels);
    same(`record ${k}`, rec.release, b.get(k)?.release);
  }
  for (const ref of objects) {
    const x = await liveObject(c, { ...ref, namespace: p.helm }, p.names);
    const y = await liveObject(c, { ...ref, namespace: p.rudder }, p.names);
    same(`${ref.kind}/${ref.name}`, x, y);
  }
}

const chartFiles = {
  'rbelide/Chart.yaml': 'apiVersion: v2\nname: rbelide\nversion: 0.1.0\n',
  'rbelide/values.yaml': 'marker: one\nreplicas: 1\n',
  'rbelide/templates/cms.yaml': `{{- range $i := until 3 }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-{{ $i }}
data:
  index: "{{ $i }}"
{{- if eq $i 0 }}
  marker: {{ $.Values.marker | quote }}
{{- end }}
{{- end }}
`,
  'rbelide/templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: rbelide
  ports:
    - port: 80
      targetPort: 8080
`,
  'rbelide/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      app: rbelide
  template:
    metadata:
      labels:
        app: rbelide
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          resources: {}
`,
};

test('a rollback writes only the objects that differ or drifted, with helm outcomes', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = writeChart(chartFiles);
  assert.equal((await both(p, ['install', 'rel', chart])).code, 0);
  assert.equal((await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two'])).code, 0);
  await sameState(p, c);

  // Revision 1 differs from the current one in cm-0 only.
  assert.equal((await both(p, ['rollback', 'rel', '1'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`]);
  await sameState(p, c);

  // Revision 3 is the current manifest: nothing to write.
  assert.equal((await both(p, ['rollback', 'rel', '3'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), []);
  await sameState(p, c);

  // Drift by another manager is put back; the changed value is written too.
  for (const ns of [p.helm, p.rudder])
    await c.patch({ ...objects[1]!, namespace: ns }, 'json', [{ op: 'remove', path: '/data/index' }], {
      fieldManager: 'drifter',
    });
  assert.equal((await both(p, ['rollback', 'rel', '2'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [
    `PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`,
    `PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-1`,
  ]);
  await sameState(p, c);

  // Two revisions apart with a replica change: the Deployment and cm-0.
  assert.equal((await both(p, ['upgrade', 'rel', chart, '--set', 'replicas=2'])).code, 0);
  assert.equal((await both(p, ['rollback', 'rel', '5'])).code, 0);
  assert.deepEqual(objectWrites(p.proxy), [
    `PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`,
    `PATCH /apis/apps/v1/namespaces/${p.rudder}/deployments/web`,
  ]);
  await sameState(p, c);
});

test('rolling back from a failed revision still writes as helm does', async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = writeChart(chartFiles);
  assert.equal((await both(p, ['install', 'rel', chart])).code, 0);
  // The API server rejects a negative replica count: revision 2 fails after cm-0 was written.
  const failed = await both(p, ['upgrade', 'rel', chart, '--set', 'marker=two', '--set', 'replicas=-1']);
  assert.notEqual(failed.code, 0);
  await sameState(p, c);
  assert.equal((await both(p, ['rollback', 'rel', '1'])).code, 0);
  // cm-0 carries revision 2's value live: written back; the rest is intact.
  assert.ok(objectWrites(p.proxy).includes(`PATCH /api/v1/namespaces/${p.rudder}/configmaps/cm-0`));
  await sameState(p, c);
});
