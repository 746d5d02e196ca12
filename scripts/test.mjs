// The whole suite: type check, bundle, then every test/**/*.test.ts under node:test.
// Cluster tests share one loopback cluster (tools/k8s, profile `full`) started here and stopped
// afterwards; suites that need outside parts (Go oracles, helm, cluster binaries) fail loudly,
// naming the script to run, when those are missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const must = (cmd, args, opts = {}) => {
  const r = run(cmd, args, opts);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const only = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(root, p));
  }
};
walk(join(root, 'test'));
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (!selected.length) {
  // node --test with no files would run every test it finds: refuse instead.
  console.error(`no test file matches ${only.join(' ')}`);
  process.exit(1);
}

if (!only.length)
  must(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']);
must(process.execPath, [join(root, 'scripts', 'build.mjs')]);

// One shared cluster for every cluster test file, unless the caller already provides one. Any file
// calling useCluster counts: on Node 20 a file's own top-level `before` starts at once, beside
// useCluster's, and would find no cluster yet if the file had to start its own.
const env = { ...process.env };
let clusterDir;
const usesCluster = (f) =>
  f.startsWith('test/kube/') ||
  f.startsWith('test/storage/') ||
  readFileSync(join(root, f), 'utf8').includes('useCluster(');
if (selected.some(usesCluster) && !env.RUDDER_TEST_KUBECONFIG) {
  clusterDir = mkdtempSync(join(tmpdir(), 'rudder-cluster-'));
  const r = run('bash', [join(root, 'tools', 'k8s', 'cluster.sh'), 'start', 'full', clusterDir], {
    env: { ...env, RUDDER_K8S_NO_BUILD: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    console.error(
      'could not start the test cluster: run `bash tools/k8s/build.sh` (or `bash .ci/run`) first',
    );
    rmSync(clusterDir, { recursive: true, force: true });
    process.exit(1);
  }
  for (const line of readFileSync(join(clusterDir, 'env'), 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
}
let status = 1;
try {
  status =
    run(
      process.execPath,
      [
        '--stack-size=6000',
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        '--test-reporter=tap',
        '--test-reporter-destination=stdout',
        `--test-reporter=${join(root, 'scripts', 'failures-reporter.mjs')}`,
        '--test-reporter-destination=stdout',
        ...selected,
      ],
      { env },
    ).status ?? 1;
} finally {
  if (clusterDir) {
    run('bash', [join(root, 'tools', 'k8s', 'cluster.sh'), 'stop', clusterDir], { stdio: 'ignore' });
    rmSync(clusterDir, { recursive: true, force: true });
  }
}
process.exit(status);
