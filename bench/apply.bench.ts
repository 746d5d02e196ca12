// Applies 300 objects with bounded parallelism and prints wall time and request count; then the
// same apply again (nothing changes). With helm available (~/.cache/rudder/helm-v4.3.2/helm or
// $RUDDER_HELM), also times `helm install` of a chart with the same 300 objects, for a ratio.
//
//   node --import tsx bench/apply.bench.ts            (starts an `api` cluster for the run)
//   RUDDER_TEST_KUBECONFIG=... node --import tsx bench/apply.bench.ts
//
// Options (env): BENCH_OBJECTS (300), BENCH_PARALLEL (16), BENCH_QPS (0 = Helm's default: no
// client-side limit; N = N requests per second with burst 100).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeClient, loadKubeconfig, restConfigFrom, type KubeObject } from '../src/kube/index.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const N = Number(process.env['BENCH_OBJECTS'] ?? 300);
const PARALLEL = Number(process.env['BENCH_PARALLEL'] ?? 16);
const QPS = Number(process.env['BENCH_QPS'] ?? 0);

async function pool<T>(items: T[], limit: number, f: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

function objects(ns: string): KubeObject[] {
  return Array.from({ length: N }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `bench-${i}`, namespace: ns, labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
    data: { index: String(i), payload: 'x'.repeat(512) },
  }));
}

async function main(): Promise<void> {
  let kubeconfig = process.env['RUDDER_TEST_KUBECONFIG'];
  let dir: string | undefined;
  if (!kubeconfig) {
    dir = mkdtempSync(join(tmpdir(), 'rudder-bench-'));
    const r = spawnSync('bash', [join(root, 'tools/k8s/cluster.sh'), 'start', 'api', dir], {
      encoding: 'utf8',
      env: { ...process.env, RUDDER_K8S_NO_BUILD: '1' },
    });
    if (r.status !== 0) throw new Error(`cluster start failed (run: bash tools/k8s/build.sh):\n${r.stderr}`);
    kubeconfig = join(dir, 'kubeconfig');
  }
  try {
    const cfg = restConfigFrom(loadKubeconfig([kubeconfig], true), { context: 'admin' });
    const c = new KubeClient(cfg, { qps: QPS, burst: 100 });
    const ns = `bench-${Date.now().toString(36)}`;
    await c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await c.discovery.resources(); // warm discovery, as an install would before applying
    const objs = objects(ns);

    for (const label of ['apply (create)', 'apply (unchanged)']) {
      const before = c.requestCount;
      const t0 = performance.now();
      await pool(objs, PARALLEL, (o) => c.apply(o, { fieldValidation: 'Strict' }));
      const ms = performance.now() - t0;
      console.log(
        `rudder ${label}: ${N} objects, parallel ${PARALLEL}, qps ${QPS}: ${ms.toFixed(0)} ms, ${c.requestCount - before} requests`,
      );
    }
    await c.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    c.close();

    const helm = process.env['RUDDER_HELM'] ?? join(homedir(), '.cache/rudder/helm-v4.3.2/helm');
    if (existsSync(helm)) {
      const chart = mkdtempSync(join(tmpdir(), 'rudder-bench-chart-'));
      mkdirSync(join(chart, 'templates'));
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
      writeFileSync(
        join(chart, 'templates', 'cms.yaml'),
        `{{- range $i := until ${N} }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-{{ $i }}\ndata:\n  index: "{{ $i }}"\n  payload: ${'x'.repeat(512)}\n{{- end }}\n`,
      );
      const hns = `bench-helm-${Date.now().toString(36)}`;
      const t0 = performance.now();
      const r = spawnSync(
        helm,
        ['install', 'bench', chart, '--kubeconfig', kubeconfig, '-n', hns, '--create-namespace'],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            HELM_CONFIG_HOME: join(chart, '.cfg'),
            HELM_CACHE_HOME: join(chart, '.cache'),
            HELM_DATA_HOME: join(chart, '.data'),
          },
        },
      );
      const ms = performance.now() - t0;
      if (r.status === 0)
        console.log(
          `helm install (same ${N} objects, its defaults, including rendering and the release record): ${ms.toFixed(0)} ms`,
        );
      else console.log(`helm install failed: ${r.stderr.trim()}`);
      rmSync(chart, { recursive: true, force: true });
    } else {
      console.log(`helm not found at ${helm}: no comparison`);
    }
  } finally {
    if (dir) {
      spawnSync('bash', [join(root, 'tools/k8s/cluster.sh'), 'stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
