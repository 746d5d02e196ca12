// SIGINT and SIGTERM during release actions, helm v4.3.2 against rudder on the test cluster: each tool
// runs the same command in its own namespace, both get the same signal while they wait for a
// Deployment that never becomes ready (its pods select no node), and the output, the exit (code or
// signal), the release records and the live objects must be the same. install and upgrade catch the
// signal (Helm's "Release <name> has been cancelled." and a failed record); rollback and uninstall do
// not, so the signal ends the process and the record stays pending/uninstalling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { useCluster } from '../support/cluster.js';
import { cleanEnv, helmBinary, repoRoot, rudderBundle } from '../cli/support.js';
import type { KubeClient } from '../../src/kube/client.js';
import {
  countedComparisons,
  liveObject,
  normalizeOutput,
  readRecords,
  runTool,
  writeChart,
  type Tool,
} from './actions-support.js';

const cluster = useCluster('full');
const same = countedComparisons('signal');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Running {
  pid: number;
  done: Promise<Exit>;
}

/** Starts a tool as one process (bin/rudder's shebang carries its Node flags: no re-spawn). */
function start(tool: Tool, args: string[], namespace: string): Running {
  const env = cleanEnv({ KUBECONFIG: cluster.kubeconfig });
  const bin = tool === 'helm' ? helmBinary() : rudderBundle();
  const child = spawn(bin, [...args, '-n', namespace], {
    env,
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Exit>((res) =>
    child.on('close', (code, signal) => {
      const norm = (s: string) => (tool === 'rudder' ? s.replaceAll('rudder', 'helm') : s);
      res({ code, signal, stdout: norm(stdout), stderr: norm(stderr) });
    }),
  );
  return { pid: child.pid!, done };
}

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stuckChart = (): string =>
  writeChart({
    'stuck/Chart.yaml': 'apiVersion: v2\nname: stuck\nversion: 0.1.0\n',
    'stuck/templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-d
spec:
  replicas: 1
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
          image: nginx:{{ .Values.tag | default "1" }}
`,
    // A hook Pod that is never scheduled: the hook waits until the signal.
    'stuck/templates/hook.yaml': `{{- if .Values.hook }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    helm.sh/hook: {{ .Values.hook }}
spec:
  restartPolicy: Never
  nodeSelector: {rudder.test/nowhere: "true"}
  containers: [{name: c, image: busybox}]
{{- end }}
`,
    'stuck/templates/held.yaml': `{{- if .Values.hold }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-held
  finalizers: [rudder.test/hold]
data: {a: b}
{{- end }}
`,
  });

interface Pair {
  helm: string;
  rudder: string;
  names: Record<string, string>;
}

async function pair(): Promise<Pair> {
  const h = await cluster.namespace('sh');
  const r = await cluster.namespace('sr');
  return { helm: h, rudder: r, names: { [h]: 'NS', [r]: 'NS' } };
}

/** Runs a setup command with both tools; both must succeed. */
function setup(p: Pair, args: string[]): void {
  for (const [tool, ns] of [
    ['helm', p.helm],
    ['rudder', p.rudder],
  ] as const) {
    const r = runTool(tool, [...args, '-n', ns], cluster.kubeconfig);
    assert.equal(r.code, 0, `${tool} ${args.join(' ')}: ${r.stderr}`);
  }
}

async function hasRecord(c: KubeClient, ns: string, status: string): Promise<boolean> {
  const l = await c.list('v1', 'Secret', { namespace: ns, labelSelector: `owner=helm,status=${status}` });
  return l.items.length > 0;
}

/**
 * Starts the command with both tools, waits until `ready` holds for each namespace, sends the signal
 * to both, and compares how they ended.
 */
async function interrupt(
  p: Pair,
  args: string[],
  sig: NodeJS.Signals,
  ready: (ns: string) => Promise<boolean>,
): Promise<Exit> {
  const h = start('helm', args, p.helm);
  const r = start('rudder', args, p.rudder);
  await Promise.all([
    until(`helm ${args.join(' ')} to wait`, () => ready(p.helm)),
    until(`rudder ${args.join(' ')} to wait`, () => ready(p.rudder)),
  ]);
  // Both are in their wait now (the object they wait for is written); let the waits start.
  await new Promise((res) => setTimeout(res, 500));
  process.kill(h.pid, sig);
  process.kill(r.pid, sig);
  const [a, b] = await Promise.all([h.done, r.done]);
  const n = (s: string) => normalizeOutput(s, p.names);
  const label = `${args.join(' ')} (${sig})`;
  same(`stdout of ${label}`, n(a.stdout), n(b.stdout));
  same(`stderr of ${label}`, n(a.stderr), n(b.stderr));
  same(`exit of ${label}`, [a.code, a.signal], [b.code, b.signal]);
  return a;
}

async function sameRecords(p: Pair, c: KubeClient): Promise<void> {
  const [a, b] = await Promise.all([readRecords(c, p.helm, p.names), readRecords(c, p.rudder, p.names)]);
  same('record names', [...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, rec] of a) {
    same(`record ${k} labels`, rec.labels, b.get(k)?.labels);
    same(`record ${k}`, rec.release, b.get(k)?.release);
  }
}

async function sameDeployment(p: Pair, c: KubeClient, name: string): Promise<void> {
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name };
  same(
    `Deployment/${name}`,
    await liveObject(c, { ...ref, namespace: p.helm }, p.names),
    await liveObject(c, { ...ref, namespace: p.rudder }, p.names),
  );
}

const deploymentWritten = (c: KubeClient, status: string, stuck: boolean) => async (ns: string) => {
  if (!(await hasRecord(c, ns, status))) return false;
  const d = await c.getIfExists({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-d', namespace: ns });
  const spec = (d?.['spec'] as { template?: { spec?: { nodeSelector?: unknown } } } | undefined)?.template
    ?.spec;
  return d !== undefined && (spec?.nodeSelector !== undefined) === stuck;
};

test('install --wait cancelled by SIGINT, and by SIGTERM with --rollback-on-failure', async () => {
  const c = cluster.client();
  const chart = stuckChart();
  const p = await pair();
  const a = await interrupt(
    p,
    ['install', 'web', chart, '--set', 'stuck=true', '--wait', '--timeout', '120s'],
    'SIGINT',
    deploymentWritten(c, 'pending-install', true),
  );
  assert.equal(a.stdout, 'Release web has been cancelled.\n');
  assert.equal(a.code, 1);
  await sameRecords(p, c);
  await sameDeployment(p, c, 'web-d');

  const q = await pair();
  await interrupt(
    q,
    ['install', 'web', chart, '--set', 'stuck=true', '--rollback-on-failure', '--timeout', '120s'],
    'SIGTERM',
    deploymentWritten(c, 'pending-install', true),
  );
  await sameRecords(q, c);
  await sameDeployment(q, c, 'web-d');
});

test('upgrade --wait cancelled: failed record; with --rollback-on-failure rolled back; upgrade --install', async () => {
  const c = cluster.client();
  const chart = stuckChart();
  const p = await pair();
  setup(p, ['install', 'web', chart, '--wait', '--timeout', '60s']);
  await interrupt(
    p,
    ['upgrade', 'web', chart, '--set', 'stuck=true', '--wait', '--timeout', '120s'],
    'SIGTERM',
    deploymentWritten(c, 'pending-upgrade', true),
  );
  await sameRecords(p, c);
  await sameDeployment(p, c, 'web-d');

  // The failed revision is not pending: the next upgrade runs, and its cancellation rolls back.
  await interrupt(
    p,
    ['upgrade', 'web', chart, '--set', 'stuck=true,tag=2', '--rollback-on-failure', '--timeout', '120s'],
    'SIGINT',
    async (ns) => {
      const d = await c.getIfExists({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web-d',
        namespace: ns,
      });
      return (await hasRecord(c, ns, 'pending-upgrade')) && JSON.stringify(d?.['spec']).includes('nginx:2');
    },
  );
  await sameRecords(p, c);
  await sameDeployment(p, c, 'web-d');

  const q = await pair();
  await interrupt(
    q,
    ['upgrade', '--install', 'web', chart, '--set', 'stuck=true', '--wait=watcher', '--timeout', '120s'],
    'SIGINT',
    deploymentWritten(c, 'pending-install', true),
  );
  await sameRecords(q, c);
});

test('rollback --wait and uninstall --wait end by the signal, records left pending and uninstalling', async () => {
  const c = cluster.client();
  const chart = stuckChart();
  const p = await pair();
  setup(p, ['install', 'web', chart, '--set', 'stuck=true']);
  setup(p, ['upgrade', 'web', chart, '--set', 'hold=true']);
  const r = await interrupt(
    p,
    ['rollback', 'web', '1', '--wait', '--timeout', '120s'],
    'SIGINT',
    deploymentWritten(c, 'pending-rollback', true),
  );
  assert.equal(r.signal, 'SIGINT');
  await sameRecords(p, c);
  await sameDeployment(p, c, 'web-d');

  const q = await pair();
  setup(q, ['install', 'web', chart, '--set', 'hold=true']);
  await interrupt(q, ['uninstall', 'web', '--wait', '--timeout', '120s'], 'SIGTERM', async (ns) => {
    const cm = await c.getIfExists({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-held', namespace: ns });
    return cm?.metadata.deletionTimestamp !== undefined && (await hasRecord(c, ns, 'uninstalling'));
  });
  await sameRecords(q, c);
  // Let the namespaces go.
  for (const ns of [p.helm, p.rudder, q.helm, q.rudder])
    await c.patch({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-held', namespace: ns }, 'merge', {
      metadata: { finalizers: null },
    });
});

test('cancelled while a hook runs: the hook left running, its last run recorded as Unknown', async () => {
  const c = cluster.client();
  const chart = stuckChart();
  const hookPod = (status: string) => async (ns: string) =>
    (await hasRecord(c, ns, status)) &&
    (await c.getIfExists({ apiVersion: 'v1', kind: 'Pod', name: 'web-hook', namespace: ns })) !== undefined;
  const p = await pair();
  await interrupt(
    p,
    ['install', 'web', chart, '--set', 'hook=pre-install', '--timeout', '120s'],
    'SIGINT',
    hookPod('pending-install'),
  );
  await sameRecords(p, c);
  const q = await pair();
  setup(q, ['install', 'web', chart]);
  await interrupt(
    q,
    ['upgrade', 'web', chart, '--set', 'hook=pre-upgrade', '--rollback-on-failure', '--timeout', '120s'],
    'SIGTERM',
    hookPod('pending-upgrade'),
  );
  await sameRecords(q, c);
});
