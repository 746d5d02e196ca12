// kubeconfig merging, context selection, Helm's overrides and HELM_* variables (no cluster needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter } from 'node:path';
import {
  resolveRestConfig,
  kubeOptionsFromEnv,
  KubeconfigError,
  splitWarnings,
} from '../../src/kube/index.js';

function files(contents: Record<string, string>): {
  dir: string;
  path: (n: string) => string;
  done: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-kc-'));
  for (const [n, c] of Object.entries(contents)) writeFileSync(join(dir, n), c);
  return { dir, path: (n) => join(dir, n), done: () => rmSync(dir, { recursive: true, force: true }) };
}

const A = `
apiVersion: v1
kind: Config
current-context: a
clusters:
- name: c1
  cluster: {server: "https://127.0.0.1:1111", certificate-authority: ca.pem, tls-server-name: kube.local}
- name: shared
  cluster: {server: "https://from-a:1"}
contexts:
- name: a
  context: {cluster: c1, user: u1, namespace: team-a}
users:
- name: u1
  user: {token: token-from-a}
`;
const B = `
current-context: b
clusters:
- name: shared
  cluster: {server: "https://from-b:2", insecure-skip-tls-verify: true}
- name: c2
  cluster: {server: "https://127.0.0.1:2222"}
contexts:
- name: b
  context: {cluster: c2, user: u2}
- name: a
  context: {cluster: c2, user: u2, namespace: ignored}
users:
- name: u2
  user:
    tokenFile: tok
    as: someone
    as-groups: [g1, g2]
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin.sh
      args: [one]
      env: [{name: X, value: "y"}]
      provideClusterInfo: true
`;

test('several KUBECONFIG files merge: the first definition of a name and the first current-context win', () => {
  const f = files({ a: A, b: B, 'ca.pem': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' });
  try {
    const env = { KUBECONFIG: [f.path('missing'), f.path('a'), f.path('b')].join(delimiter) };
    const cfg = resolveRestConfig({}, env);
    assert.equal(cfg.contextName, 'a');
    assert.equal(cfg.server, 'https://127.0.0.1:1111');
    assert.equal(cfg.namespace, 'team-a');
    assert.equal(cfg.token, 'token-from-a');
    assert.equal(cfg.tlsServerName, 'kube.local');
    assert.match(cfg.caData!.toString(), /BEGIN CERTIFICATE/); // relative to the file that named it

    const b = resolveRestConfig({ context: 'b' }, env);
    assert.equal(b.server, 'https://127.0.0.1:2222');
    assert.equal(b.namespace, 'default');
    assert.equal(b.tokenFile, f.path('tok'));
    assert.deepEqual(b.impersonate, { user: 'someone', groups: ['g1', 'g2'], extra: {} });
  } finally {
    f.done();
  }
});

test('Helm overrides: namespace, token, apiserver, impersonation, CA file, TLS server name, insecure', () => {
  const f = files({ a: A, 'ca.pem': 'A', 'other-ca.pem': 'B' });
  try {
    const cfg = resolveRestConfig(
      {
        kubeconfig: f.path('a'),
        namespace: 'ns1',
        token: 'override',
        apiServer: 'https://127.0.0.1:9999',
        asUser: 'alice',
        asGroups: ['devs'],
        caFile: f.path('other-ca.pem'),
        tlsServerName: 'other.local',
      },
      {},
    );
    assert.equal(cfg.namespace, 'ns1');
    assert.equal(cfg.token, 'override');
    assert.equal(cfg.server, 'https://127.0.0.1:9999');
    assert.deepEqual(cfg.impersonate, { user: 'alice', groups: ['devs'], extra: {} });
    assert.equal(cfg.caData!.toString(), 'B');
    assert.equal(cfg.tlsServerName, 'other.local');
    const insecure = resolveRestConfig({ kubeconfig: f.path('a'), insecureSkipTlsVerify: true }, {});
    assert.equal(insecure.insecureSkipTlsVerify, true);
    assert.equal(insecure.caData, undefined);
  } finally {
    f.done();
  }
});

test('exec plugin settings are read with the kubeconfig directory for relative commands', () => {
  const f = files({
    b: B.replace('current-context: b', 'current-context: e').replace(
      'contexts:',
      'contexts:\n- name: e\n  context: {cluster: c2, user: exec-user}',
    ),
  });
  try {
    const cfg = resolveRestConfig({ kubeconfig: f.path('b') }, {});
    assert.deepEqual(cfg.exec, {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: './plugin.sh',
      args: ['one'],
      env: [{ name: 'X', value: 'y' }],
      provideClusterInfo: true,
      baseDir: f.dir,
    });
  } finally {
    f.done();
  }
});

test('errors name the missing context, cluster, user or file', () => {
  const f = files({
    a: A,
    broken: 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: nope, user: u}\n',
  });
  try {
    assert.throws(
      () => resolveRestConfig({ kubeconfig: f.path('a'), context: 'zzz' }, {}),
      (e: unknown) => e instanceof KubeconfigError && e.message === 'context "zzz" does not exist',
    );
    assert.throws(
      () => resolveRestConfig({ kubeconfig: f.path('broken') }, {}),
      /cluster "nope" does not exist/,
    );
    assert.throws(
      () => resolveRestConfig({ kubeconfig: f.path('nothere') }, {}),
      /nothere: no such file or directory/,
    );
    // No kubeconfig at all: client-go v0.37's default server, as helm 4.3.2 dials it.
    assert.equal(resolveRestConfig({}, { KUBECONFIG: f.path('nothere') }).server, 'http://localhost:8080');
  } finally {
    f.done();
  }
});

test("HELM_* variables map onto the options, with Helm's defaults for burst and qps", () => {
  assert.deepEqual(
    kubeOptionsFromEnv({
      KUBECONFIG: '/k',
      HELM_KUBECONTEXT: 'ctx',
      HELM_NAMESPACE: 'ns',
      HELM_KUBETOKEN: 't',
      HELM_KUBEASUSER: 'u',
      HELM_KUBEASGROUPS: 'a,b',
      HELM_KUBEAPISERVER: 'https://x',
      HELM_KUBECAFILE: '/ca',
      HELM_KUBETLS_SERVER_NAME: 'sn',
      HELM_KUBEINSECURE_SKIP_TLS_VERIFY: 'true',
      HELM_BURST_LIMIT: '7',
      HELM_QPS: '2.5',
    }),
    {
      kubeconfig: '/k',
      context: 'ctx',
      namespace: 'ns',
      token: 't',
      asUser: 'u',
      asGroups: ['a', 'b'],
      apiServer: 'https://x',
      caFile: '/ca',
      tlsServerName: 'sn',
      insecureSkipTlsVerify: true,
      burst: 7,
      qps: 2.5,
    },
  );
  assert.deepEqual(kubeOptionsFromEnv({ HELM_BURST_LIMIT: 'lots' }), { burst: 100, qps: 0 });
});

test('Warning headers are split into their texts', () => {
  assert.deepEqual(splitWarnings('299 - "unknown field \\"spec.x\\""'), ['unknown field "spec.x"']);
  assert.deepEqual(splitWarnings('299 - "a", 299 - "b"'), ['a', 'b']);
});
