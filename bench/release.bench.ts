// Release actions on the test cluster, rudder vs helm v4.3.2 in the same run: install, then upgrade
// with one changed value, then an upgrade where nothing changed, of a 300-object release (a generated
// chart of ConfigMaps). Each tool runs as its CLI (`./bin/rudder`, helm) in a namespace of its own,
// through a loopback counting proxy of ours: plain HTTP on 127.0.0.1 in front of the API server
// (the proxy holds the admin client certificate), so every request either tool makes is counted by
// method. Prints wall and CPU time (medians over rounds in which the tools alternate), requests,
// writes (POST/PUT/PATCH/DELETE) and rudder/helm ratios.
//
//   node --import tsx bench/release.bench.ts            (starts an `api` cluster for the run)
//   RUDDER_TEST_KUBECONFIG=... node --import tsx bench/release.bench.ts
//
// Options (env): BENCH_OBJECTS (300), BENCH_ROUNDS (3), RUDDER_BIN (another build's bin/rudder).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countingProxy, proxyKubeconfig, type Counts } from '../test/support/counting-proxy.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const N = Number(process.env['BENCH_OBJECTS'] ?? 300);
const helmBin = process.env['RUDDER_HELM'] ?? join(homedir(), '.cache/rudder/helm-v4.3.2/helm');
const rudderBin = process.env['RUDDER_BIN'] ?? join(root, 'bin', 'rudder');

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

/** Runs a command without blocking this process (the proxy serves it from here), timed by /usr/bin/time. */
function exec(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  timesFile?: string,
): Promise<{ code: number; stderr: string }> {
  return new Promise((res) => {
    const [c, a] = timesFile ? [timeBin, ['-q', '-o', timesFile, '-f', '%U %S', cmd, ...args]] : [cmd, args];
    const p = spawn(c, a, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => res({ code: code ?? 1, stderr }));
  });
}

const timeBin = '/usr/bin/time';

interface Step {
  label: string;
  args: string[];
}

interface Sample {
  ms: number;
  /** User + system CPU of the process tree, ms (NaN without /usr/bin/time). */
  cpu: number;
  c: Counts;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  if (!existsSync(helmBin)) throw new Error(`helm not found at ${helmBin} (bash tools/helm/build.sh)`);
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
  const timed = existsSync(timeBin);
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
    const tools = ['helm', 'rudder'] as const;
    type Tool = (typeof tools)[number];
    const samples: Record<Tool, Record<string, Sample[]>> = { helm: {}, rudder: {} };
    const envs = {} as Record<Tool, Record<string, string>>;
    // The rudder CLI as users run it: bin/rudder through its shebang (node with its flags).
    const cmds: Record<Tool, string> = { helm: helmBin, rudder: rudderBin };
    for (const tool of tools) {
      const home = join(chart, `.home-${tool}`);
      mkdirSync(home);
      envs[tool] = {
        PATH: [dirname(process.execPath), process.env['PATH'] ?? '/usr/bin:/bin'].join(':'),
        HOME: home,
        KUBECONFIG: proxyKubeconfig(chart, proxy.url, tool),
      };
      // Untimed: a first start of the CLI (file caches, rudder's code cache).
      await exec(cmds[tool], ['version'], envs[tool]);
    }
    const timesFile = join(chart, '.times');
    for (let round = 0; round < rounds; round++) {
      // Both tools take each step in turn (alternating who goes first), so a busy machine weighs
      // on both alike.
      const order: Tool[] = round % 2 ? ['rudder', 'helm'] : ['helm', 'rudder'];
      const ns = {} as Record<Tool, string>;
      for (const tool of tools) {
        ns[tool] = `bench-${tool === 'helm' ? 'h' : 'r'}-${round}-${Date.now().toString(36)}`;
        const mk = await fetch(`${proxy.url}/api/v1/namespaces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns[tool] } }),
        });
        if (!mk.ok) throw new Error(`namespace ${ns[tool]}: ${mk.status} ${await mk.text()}`);
      }
      for (const s of steps) {
        for (const tool of order) {
          proxy.reset();
          const t0 = performance.now();
          const r = await exec(
            cmds[tool],
            [...s.args, '-n', ns[tool]],
            envs[tool],
            timed ? timesFile : undefined,
          );
          const ms = performance.now() - t0;
          if (r.code !== 0) throw new Error(`${tool} ${s.args.join(' ')} failed:\n${r.stderr}`);
          let cpu = NaN;
          if (timed) {
            const [u, sys] = readFileSync(timesFile, 'utf8').trim().split(/\s+/).map(Number);
            cpu = ((u ?? NaN) + (sys ?? NaN)) * 1000;
          }
          (samples[tool][s.label] ??= []).push({ ms, cpu, c: proxy.counts() });
        }
      }
      for (const tool of tools)
        await fetch(`${proxy.url}/api/v1/namespaces/${ns[tool]}`, { method: 'DELETE' }).catch(
          () => undefined,
        );
    }
    console.log(
      `release actions, ${N} ConfigMaps, CLI runs through a counting proxy; median of ${rounds} round(s), tools alternating:`,
    );
    const summary = (xs: Sample[]) => ({
      ms: median(xs.map((x) => x.ms)),
      cpu: median(xs.map((x) => x.cpu)),
      c: xs[xs.length - 1]!.c,
      all: xs.map((x) => x.ms.toFixed(0)).join('/'),
    });
    for (const s of steps) {
      const h = summary(samples.helm[s.label]!);
      const r = summary(samples.rudder[s.label]!);
      const fmt = (x: ReturnType<typeof summary>) =>
        `${x.ms.toFixed(0).padStart(6)} ms wall (${x.all}), ${x.cpu.toFixed(0).padStart(5)} ms cpu, ${String(x.c.total).padStart(4)} requests, ${String(x.c.writes).padStart(4)} writes ${JSON.stringify(x.c.byMethod)}`;
      console.log(`  ${s.label}`);
      console.log(`    helm   ${fmt(h)}`);
      console.log(`    rudder ${fmt(r)}`);
      console.log(
        `    ratio rudder/helm: wall ${(r.ms / h.ms).toFixed(2)}x, cpu ${(r.cpu / h.cpu).toFixed(2)}x, requests ${(r.c.total / h.c.total).toFixed(2)}x, writes ${(r.c.writes / Math.max(1, h.c.writes)).toFixed(2)}x`,
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
