// Authentication and authorization against the real API server: client certificates, bearer tokens,
// token files, exec credential plugins, impersonation, TLS settings, RBAC denial.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../support/cluster.js';
import {
  KubeClient,
  KubeApiError,
  KubeConnectionError,
  ExecPluginError,
  loadKubeconfig,
  restConfigFrom,
  resolveRestConfig,
  type RestConfig,
} from '../../src/kube/index.js';

const cluster = useCluster('api');
const work = mkdtempSync(join(tmpdir(), 'rudder-auth-'));
after(() => rmSync(work, { recursive: true, force: true }));

const adminConfig = (): RestConfig =>
  restConfigFrom(loadKubeconfig([cluster.kubeconfig], true), { context: 'admin' });
const clients: KubeClient[] = [];
after(() => clients.forEach((c) => c.close()));
const client = (cfg: RestConfig) => {
  const c = new KubeClient(cfg, { qps: -1 });
  clients.push(c);
  return c;
};

test("the unprivileged user is denied with the server's RBAC message", async () => {
  const ns = await cluster.namespace();
  const user = cluster.client('user');
  await assert.rejects(
    () => user.list('v1', 'ConfigMap', { namespace: ns }),
    (e: unknown) =>
      e instanceof KubeApiError &&
      e.code === 403 &&
      e.reason === 'Forbidden' &&
      e.message ===
        `configmaps is forbidden: User "rudder-user" cannot list resource "configmaps" in API group "" in the namespace "${ns}"`,
  );
  await assert.rejects(
    () =>
      user.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: ns }, data: {} }),
    /configmaps "x" is forbidden: User "rudder-user" cannot patch resource "configmaps" in API group "" in the namespace "rt-/,
  );
});

test('impersonation headers make the admin act as the user (and be denied)', async () => {
  const ns = await cluster.namespace();
  const cfg = { ...adminConfig(), impersonate: { user: 'rudder-user', groups: ['rudder-group'], extra: {} } };
  await assert.rejects(
    () => client(cfg).list('v1', 'Secret', { namespace: ns }),
    /User "rudder-user" cannot list resource "secrets"/,
  );
  // Helm's --kube-as-user / --kube-as-group map onto the same thing.
  const viaOptions = resolveRestConfig(
    { kubeconfig: cluster.kubeconfig, asUser: 'rudder-user', asGroups: ['g'] },
    {},
  );
  await assert.rejects(
    () => client(viaOptions).list('v1', 'Secret', { namespace: ns }),
    /User "rudder-user" cannot list/,
  );
});

test("bearer tokens: inline, from a file, and Helm's --kube-token override", async () => {
  const { admin, user } = cluster.tokens();
  assert.ok(admin && user);
  const viaContext = cluster.client('admin-token');
  assert.equal((await viaContext.serverVersion()).gitVersion, 'v1.34.10');
  await viaContext.list('v1', 'Namespace');

  const tokenFile = join(work, 'token');
  writeFileSync(tokenFile, `${admin}\n`);
  const { token: _t, ...base } = restConfigFrom(loadKubeconfig([cluster.kubeconfig], true), {
    context: 'admin-token',
  });
  void _t;
  await client({ ...base, tokenFile }).list('v1', 'Namespace');

  const overridden = resolveRestConfig(
    { kubeconfig: cluster.kubeconfig, context: 'admin-token', token: user },
    {},
  );
  await assert.rejects(
    () => client(overridden).list('v1', 'Namespace'),
    /User "rudder-user-token" cannot list resource "namespaces"/,
  );
  await assert.rejects(
    () => client({ ...base, token: 'not-a-token' }).list('v1', 'Namespace'),
    (e: unknown) => e instanceof KubeApiError && e.code === 401 && e.message === 'Unauthorized',
  );
});

test('client certificate and CA as files, relative to the kubeconfig', async () => {
  const kc = loadKubeconfig([cluster.kubeconfig], true);
  const server = kc.clusters.get('rudder')!.value['server'] as string;
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'current-context: files',
    'clusters:',
    '- name: c',
    `  cluster: {server: "${server}", certificate-authority: pki/ca.crt}`,
    'users:',
    '- name: u',
    '  user: {client-certificate: pki/admin.crt, client-key: pki/admin.key}',
    'contexts:',
    '- name: files',
    '  context: {cluster: c, user: u, namespace: kube-system}',
  ].join('\n');
  const p = join(cluster.dir, 'files.kubeconfig');
  writeFileSync(p, text);
  const cfg = resolveRestConfig({}, { KUBECONFIG: p });
  assert.equal(cfg.namespace, 'kube-system');
  const c = client(cfg);
  const list = await c.list('v1', 'ConfigMap');
  assert.ok(list.items.every((i) => i.metadata.namespace === 'kube-system'));
});

function plugin(name: string, body: string): string {
  const p = join(work, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

function execKubeconfig(name: string, user: Record<string, unknown>): string {
  const kc = loadKubeconfig([cluster.kubeconfig], true);
  const c = kc.clusters.get('rudder')!.value;
  const text = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'exec',
    clusters: [{ name: 'rudder', cluster: c }],
    users: [{ name: 'exec', user }],
    contexts: [{ name: 'exec', context: { cluster: 'rudder', user: 'exec' } }],
  });
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
}

test('an exec credential plugin supplies a token; it runs once and sees KUBERNETES_EXEC_INFO', async () => {
  const { admin } = cluster.tokens();
  const calls = join(work, 'calls');
  plugin(
    'token-plugin.sh',
    `echo "$KUBERNETES_EXEC_INFO" >> "${calls}"
echo "$1 $PLUGIN_VAR" >> "${calls}.args"
cat <<EOF
{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${admin}","expirationTimestamp":"2999-01-01T00:00:00Z"}}
EOF`,
  );
  const kcPath = execKubeconfig('exec-token.yaml', {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: './token-plugin.sh',
      args: ['first-arg'],
      env: [{ name: 'PLUGIN_VAR', value: 'from-kubeconfig' }],
      provideClusterInfo: true,
      interactiveMode: 'Never',
    },
  });
  const c = client(resolveRestConfig({ kubeconfig: kcPath }, { PATH: process.env['PATH'] }));
  await c.list('v1', 'Namespace');
  await c.list('v1', 'ConfigMap', { namespace: 'default' });
  const lines = readFileSync(calls, 'utf8').trim().split('\n');
  assert.equal(lines.length, 1, 'the plugin ran more than once');
  const info = JSON.parse(lines[0]!) as {
    apiVersion: string;
    kind: string;
    spec: { interactive: boolean; cluster: { server: string } };
  };
  assert.equal(info.kind, 'ExecCredential');
  assert.equal(info.apiVersion, 'client.authentication.k8s.io/v1');
  assert.equal(info.spec.interactive, false);
  assert.equal(info.spec.cluster.server, c.config.server);
  assert.equal(readFileSync(`${calls}.args`, 'utf8').trim(), 'first-arg from-kubeconfig');
});

test('an exec plugin may return a client certificate instead of a token', async () => {
  const pki = join(cluster.dir, 'pki');
  const cert = JSON.stringify(readFileSync(join(pki, 'admin.crt'), 'utf8'));
  const key = JSON.stringify(readFileSync(join(pki, 'admin.key'), 'utf8'));
  writeFileSync(
    join(work, 'cred.json'),
    `{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":${cert},"clientKeyData":${key}}}`,
  );
  plugin('cert-plugin.sh', `cat "${join(work, 'cred.json')}"`);
  const kcPath = execKubeconfig('exec-cert.yaml', {
    exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: join(work, 'cert-plugin.sh') },
  });
  const c = client(resolveRestConfig({ kubeconfig: kcPath }, {}));
  const ns = await c.list('v1', 'Namespace');
  assert.ok(ns.items.some((n) => n.metadata.name === 'kube-system'));
});

test('after a 401 the exec plugin is asked again for fresh credentials', async () => {
  const { admin } = cluster.tokens();
  const counter = join(work, 'counter');
  plugin(
    'rotating-plugin.sh',
    `n=$(cat "${counter}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${counter}"
if [ $n -eq 1 ]; then t=stale-token; else t=${admin}; fi
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$t"`,
  );
  const kcPath = execKubeconfig('exec-rotate.yaml', {
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command: join(work, 'rotating-plugin.sh') },
  });
  const c = client(resolveRestConfig({ kubeconfig: kcPath }, {}));
  await c.list('v1', 'Namespace');
  assert.equal(readFileSync(counter, 'utf8').trim(), '2');
});

test('exec plugin failures are reported with the install hint or the exit code', async () => {
  const missing = execKubeconfig('exec-missing.yaml', {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: 'rudder-no-such-plugin',
      installHint: 'install it with: apt-get install nothing',
    },
  });
  await assert.rejects(
    () =>
      client(resolveRestConfig({ kubeconfig: missing }, { PATH: '/usr/bin:/bin' })).list('v1', 'Namespace'),
    (e: unknown) =>
      e instanceof ExecPluginError &&
      e.message ===
        'getting credentials: exec: executable rudder-no-such-plugin not found\n\ninstall it with: apt-get install nothing',
  );
  plugin('failing-plugin.sh', 'echo "no credentials for you" >&2; exit 3');
  const failing = execKubeconfig('exec-fail.yaml', {
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command: join(work, 'failing-plugin.sh') },
  });
  await assert.rejects(
    () => client(resolveRestConfig({ kubeconfig: failing }, {})).list('v1', 'Namespace'),
    /exec: executable .*failing-plugin.sh failed with exit code 3\nno credentials for you/,
  );
});

test('TLS: unknown CA fails, insecure-skip-tls-verify works, tls-server-name is checked', async () => {
  const base = adminConfig();
  const { caData: _ca, ...noCa } = base;
  void _ca;
  await assert.rejects(
    () => client({ ...noCa }).serverVersion(),
    (e: unknown) =>
      e instanceof KubeConnectionError && /x509: certificate signed by unknown authority/.test(e.message),
  );
  assert.equal(
    (await client({ ...noCa, insecureSkipTlsVerify: true }).serverVersion()).gitVersion,
    'v1.34.10',
  );
  // The serving certificate is for 127.0.0.1, ::1 and localhost.
  assert.equal((await client({ ...base, tlsServerName: 'localhost' }).serverVersion()).major, '1');
  await assert.rejects(
    () => client({ ...base, tlsServerName: 'kubernetes.example' }).serverVersion(),
    /kubernetes\.example/,
  );
});

test("a server that is not listening gives Go's connection-refused text", async () => {
  const base = adminConfig();
  await assert.rejects(
    () => client({ ...base, server: 'https://127.0.0.1:1' }).serverVersion(),
    (e: unknown) =>
      e instanceof KubeConnectionError &&
      e.message === 'Get "https://127.0.0.1:1/version": dial tcp 127.0.0.1:1: connect: connection refused',
  );
  await assert.rejects(
    () => client({ ...base, server: 'https://127.0.0.1:1' }).checkReachable(),
    (e: unknown) =>
      (e as Error).message ===
      'kubernetes cluster unreachable: Get "https://127.0.0.1:1/version": dial tcp 127.0.0.1:1: connect: connection refused',
  );
  await client(base).checkReachable();
  assert.ok(existsSync(cluster.kubeconfig));
});
