// Gives a test file a running loopback Kubernetes cluster.
//
//   const cluster = useCluster('full');          // at the top level of a test file
//   test('x', async () => { const ns = await cluster.namespace(); const c = cluster.client(); ... });
//
// When RUDDER_TEST_KUBECONFIG is set (the test runner started a shared cluster with
// tools/k8s/cluster.sh; RUDDER_TEST_CLUSTER_DIR and RUDDER_TEST_CLUSTER_PROFILE come with it), that
// cluster is used. Otherwise one is started for this file in a temporary directory and stopped in
// an `after` hook. Missing binaries fail the suite with the command to run.
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { KubeClient, type KubeClientOptions } from '../../src/kube/client.js';
import { loadKubeconfig, restConfigFrom } from '../../src/kube/kubeconfig.js';

export type Profile = 'api' | 'full';
export type ContextName = 'admin' | 'admin-token' | 'user';

export interface TestCluster {
  readonly kubeconfig: string;
  readonly dir: string;
  readonly profile: Profile;
  /** A client for one of the kubeconfig's contexts (default "admin"); closed after the file. */
  client(context?: ContextName, opts?: KubeClientOptions & { namespace?: string }): KubeClient;
  /** Creates a fresh namespace (deleted after the file) and returns its name. */
  namespace(prefix?: string): Promise<string>;
  /** The static bearer tokens of tokens.csv. */
  tokens(): { admin: string; user: string };
}

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const clusterSh = join(root, 'tools', 'k8s', 'cluster.sh');

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn('bash', [clusterSh, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

/** Registers before/after hooks that provide a cluster to this test file. */
export function useCluster(profile: Profile = 'api'): TestCluster {
  let kubeconfig = '';
  let dir = '';
  let actualProfile: Profile = profile;
  let owned = false;
  const clients: KubeClient[] = [];
  const namespaces: string[] = [];
  let admin: KubeClient | undefined;

  before(
    async () => {
      const shared = process.env['RUDDER_TEST_KUBECONFIG'];
      const sharedProfile = (process.env['RUDDER_TEST_CLUSTER_PROFILE'] as Profile | undefined) ?? 'full';
      if (shared && (profile === 'api' || sharedProfile === 'full')) {
        if (!existsSync(shared))
          throw new Error(
            `RUDDER_TEST_KUBECONFIG=${shared} does not exist; start the cluster with: bash tools/k8s/cluster.sh start full <dir>`,
          );
        kubeconfig = shared;
        dir = process.env['RUDDER_TEST_CLUSTER_DIR'] ?? resolve(shared, '..');
        actualProfile = sharedProfile;
        return;
      }
      dir = mkdtempSync(join(tmpdir(), `rudder-k8s-${profile}-`));
      owned = true;
      const r = await run(['start', profile, dir], { ...process.env, RUDDER_K8S_NO_BUILD: '1' });
      if (r.code !== 0) {
        throw new Error(
          `could not start the test cluster (profile ${profile}):\n${r.stderr.trim()}\n` +
            `The test cluster needs the binaries built by: bash tools/k8s/build.sh (cached in ~/.cache/rudder); logs: ${dir}/logs`,
        );
      }
      kubeconfig = r.stdout.trim().split('\n').pop() ?? join(dir, 'kubeconfig');
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      if (admin) {
        await Promise.all(
          namespaces.map((ns) =>
            admin!
              .delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }, { ignoreNotFound: true })
              .catch(() => undefined),
          ),
        );
      }
      for (const c of clients) c.close();
      if (owned) {
        const r = await run(['stop', dir], process.env);
        if (r.code !== 0) throw new Error(`stopping the test cluster failed: ${r.stderr}`);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { timeout: 60_000 },
  );

  const cluster: TestCluster = {
    get kubeconfig() {
      return kubeconfig;
    },
    get dir() {
      return dir;
    },
    get profile() {
      return actualProfile;
    },
    client(context: ContextName = 'admin', opts: KubeClientOptions & { namespace?: string } = {}) {
      if (!kubeconfig)
        throw new Error(
          'the test cluster is not running (useCluster must be called at the top level of the test file)',
        );
      const kc = loadKubeconfig([kubeconfig], true);
      const ko: { context: string; namespace?: string } = { context };
      if (opts.namespace) ko.namespace = opts.namespace;
      const { namespace: _ns, ...rest } = opts;
      void _ns;
      const c = new KubeClient(restConfigFrom(kc, ko), rest);
      clients.push(c);
      return c;
    },
    async namespace(prefix = 'rt') {
      admin ??= cluster.client('admin');
      const name = `${prefix}-${randomBytes(4).toString('hex')}`;
      await admin.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { 'rudder.test/ephemeral': 'true' } },
      });
      namespaces.push(name);
      return name;
    },
    tokens() {
      const lines = readFileSync(join(dir, 'tokens.csv'), 'utf8').trim().split('\n');
      const admin = lines.find((l) => l.includes('rudder-admin-token'))?.split(',')[0] ?? '';
      const user = lines.find((l) => l.includes('rudder-user-token'))?.split(',')[0] ?? '';
      return { admin, user };
    },
  };
  return cluster;
}
