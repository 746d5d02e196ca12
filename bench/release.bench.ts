// Release actions on the test cluster, rudder vs helm v4.3.2 in the same run: install, then upgrade
// with one changed value, then an upgrade where nothing changed, of a 300-object release (a generated
// chart of ConfigMaps). Each tool runs as its CLI (`./bin/rudder`, helm) in a namespace of its own,
// through a loopback counting proxy of ours: plain HTTP on 127.0.0.1 in front of the API server
// (the proxy holds the admin client certificate), so every request either tool makes is counted by
// method. Prints wall time, requests, writes (POST/PUT/PATCH/DELETE) and rudder/helm ratios.
//
//   node --import tsx bench/release.bench.ts            (starts an `api` cluster for the run)
//   RUDDER_TEST_KUBECONFIG=... node --import tsx bench/release.bench.ts
//
// Options (env): BENCH_OBJECTS (300).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const N = Number(process.env['BENCH_OBJECTS'] ?? 300);
const helmBin = process.env['RUDDER_HELM'] ?? join(homedir(), '.cache/rudder/helm-v4.3.2/helm');
const rudderBin = join(root, 'bin', 'rudder');

interface Counts {
  total: number;
  writes: number;
  byMethod: Record<string, number>;
}

/** A plain-HTTP loopback proxy to the API server that counts the requests passing through. */
async function countingProxy(kubeconfig: string): Promise<{
  url: string;
  reset(): void;
  counts(): Counts;
  close(): Promise<void>;
}> {
  type Named<T> = { name: string } & T;
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
    clusters: Named<{ cluster: Record<string, string> }>[];
    users: Named<{ user: Record<string, string> }>[];
    contexts: Named<{ context: { cluster: string; user: string } }>[];
  };
  const ctx = kc.contexts.find((c) => c.name === 'admin')!.context;
  const cluster = kc.clusters.find((c) => c.name === ctx.cluster)!.cluster;
  const user = kc.users.find((u) => u.name === ctx.user)!.user;
  const b64 = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64');
  const target = new URL(cluster['server']!);
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: b64(cluster['certificate-authority-data']),
    cert: b64(user['client-certificate-data']),
    key: b64(user['client-key-data']),
  });
  let c: Counts = { total: 0, writes: 0, byMethod: {} };
  const server = http.createServer((req, res) => {
    const m = req.method ?? 'GET';
    c.total++;
    c.byMethod[m] = (c.byMethod[m] ?? 0) + 1;
    if (m !== 'GET' && m !== 'HEAD') c.writes++;
    const up = https.request(
      {
        host: target.hostname,
        port: target.port,
        method: m,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    reset: () => (c = { total: 0, writes: 0, byMethod: {} }),
    counts: () => c,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
        agent.destroy();
      }),
  };
}

function writeChart(): string {
  const chart = mkdtempSync(join(tmpdir(), 'rudder-release-bench-'));
  mkdirSync(join(chart, 'templates'));
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'marker: one\n');
  writeFileSync(
    join(chart, 'templates', 'cms.yaml'),
    `{{- range $i := until ${N} }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-{{ $i }}\ndata:\n  index: "{{ $i }}"\n  payload: ${'x'.repeat(512)}\n{{- if eq $i 0 }}\n  marker: {{ $.Values.marker | quote }}\n{{- end }}\n{{- end }}\n`,
  );
  return chart;
}

function proxyKubeconfig(dir: string, url: string, name: string): string {
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: p\n  cluster:\n    server: ${url}\nusers:\n- name: p\n  user: {}\ncontexts:\n- name: p\n  context:\n    cluster: p\n    user: p\ncurrent-context: p\n`,
  );
  return file;
}

/** Runs a command without blocking this process (the proxy serves it from here). */
function exec(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => res({ code: code ?? 1, stderr }));
  });
}

interface Step {
  label: string;
  args: string[];
}

async function main(): Promise<void> {
  if (!existsSync(helmBin)) throw new Error(`helm not found at ${helmBin} (bash tools/helm/build.sh)`);
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
  const chart = writeChart();
  const proxy = await countingProxy(kubeconfig);
  try {
    const steps: Step[] = [
      { label: 'install', args: ['install', 'bench', chart] },
      { label: 'upgrade (1 value changed)', args: ['upgrade', 'bench', chart, '--set', 'marker=two'] },
      { label: 'upgrade (nothing changed)', args: ['upgrade', 'bench', chart, '--set', 'marker=two'] },
    ];
    const results: Record<string, Record<string, { ms: number; c: Counts }>> = {};
    for (const tool of ['helm', 'rudder'] as const) {
      const ns = `bench-${tool === 'helm' ? 'h' : 'r'}-${Date.now().toString(36)}`;
      const kc = proxyKubeconfig(chart, proxy.url, tool);
      const home = join(chart, `.home-${tool}`);
      mkdirSync(home);
      const env = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: home,
        KUBECONFIG: kc,
      };
      const cmd = tool === 'helm' ? [helmBin] : [process.execPath, rudderBin];
      const run = async (args: string[]): Promise<number> => {
        const t0 = performance.now();
        const r = await exec(cmd[0]!, [...cmd.slice(1), ...args, '-n', ns], env);
        const ms = performance.now() - t0;
        if (r.code !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${r.stderr}`);
        return ms;
      };
      // Untimed: the namespace, and a first start of the CLI (file caches, rudder's code cache).
      await exec(cmd[0]!, [...cmd.slice(1), 'version'], env);
      const mk = await fetch(`${proxy.url}/api/v1/namespaces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }),
      });
      if (!mk.ok) throw new Error(`namespace ${ns}: ${mk.status} ${await mk.text()}`);
      results[tool] = {};
      for (const s of steps) {
        proxy.reset();
        const ms = await run(s.args);
        results[tool]![s.label] = { ms, c: { ...proxy.counts() } };
      }
    }
    console.log(`release actions, ${N} ConfigMaps, CLI runs through a counting proxy (one run each):`);
    for (const s of steps) {
      const h = results['helm']![s.label]!;
      const r = results['rudder']![s.label]!;
      const fmt = (x: { ms: number; c: Counts }) =>
        `${x.ms.toFixed(0).padStart(6)} ms, ${String(x.c.total).padStart(4)} requests, ${String(x.c.writes).padStart(4)} writes ${JSON.stringify(x.c.byMethod)}`;
      console.log(`  ${s.label}`);
      console.log(`    helm   ${fmt(h)}`);
      console.log(`    rudder ${fmt(r)}`);
      console.log(
        `    ratio rudder/helm: time ${(r.ms / h.ms).toFixed(2)}x, requests ${(r.c.total / h.c.total).toFixed(2)}x, writes ${(r.c.writes / Math.max(1, h.c.writes)).toFixed(2)}x`,
      );
    }
  } finally {
    await proxy.close();
    rmSync(chart, { recursive: true, force: true });
    if (dir) {
      spawnSync('bash', [join(root, 'tools/k8s/cluster.sh'), 'stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
