// `list`, `history`, `status` and `get` against real release records: real helm v4.3.2 installs,
// upgrades, rolls back, uninstalls (keeping history) and fails releases in two namespaces, with the
// Secret and the ConfigMap driver; then every read command runs through helm and rudder with many
// flag combinations and must print the same stdout and stderr and exit with the same code.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { useCluster } from '../support/cluster.js';
import { usePostgres } from '../support/postgres.js';
import { helmBinary, rudderBundle, type RunResult } from '../cli/support.js';

const cluster = useCluster('full');
const postgres = usePostgres();

const CHART: Record<string, string> = {
  'Chart.yaml': `apiVersion: v2
name: demo
version: 0.1.0
appVersion: "1.0"
annotations:
  team: read
  tier: "2"
`,
  'values.yaml': `msg: hello
bad: false
nested:
  count: 3
  list: [a, b]
`,
  // bad=true adds an object the API server rejects: the install is recorded as failed.
  'templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  msg: {{ .Values.msg | quote }}
{{- if .Values.bad }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: Invalid_Name_{{ .Release.Name }}
{{- end }}
`,
  'templates/hooks.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    "helm.sh/hook": post-install,post-upgrade
    "helm.sh/hook-delete-policy": before-hook-creation
data:
  a: b
---
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: t
      image: busybox
`,
  'templates/NOTES.txt': `
Thanks for installing {{ .Release.Name }} ({{ .Values.msg }}).
`,
};

// A workload: status shows its pods under v1/Pod(related).
const WORKLOAD: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: work\nversion: 1.2.3\n',
  'templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
    spec:
      containers:
        - name: c
          image: busybox
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-a
data: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-bb
data:
  x: zz
`,
};

function writeChart(files: Record<string, string> = CHART, name = 'demo'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'rd-read-')), name);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

function run(bin: 'helm' | 'rudder', args: string[], env: Record<string, string>): RunResult {
  const r =
    bin === 'helm'
      ? spawnSync(helmBinary(), args, { env, encoding: 'utf8' })
      : spawnSync(process.execPath, [rudderBundle(), ...args], { env, encoding: 'utf8' });
  // The program's own name shows in usage texts; the cluster's user is called rudder-user.
  const norm = (s: string): string => (bin === 'rudder' ? s.replace(/rudder(?!-user)/g, 'helm') : s);
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.status ?? -1 };
}

/**
 * Status tables: the AGE column of live objects moves between two runs, and Helm prints the
 * `==> version/Kind` sections in Go's random map order; ages are masked and sections sorted.
 * In JSON, the related pods' list resourceVersion is masked.
 */
function normalizeStatus(s: string): string {
  // A list's resourceVersion is the whole cluster's, which other suites move between two runs.
  s = s.replace(/"kind":"PodList","metadata":\{"resourceVersion":"\d+"\}/g, '"kind":"PodList","metadata":{}');
  const start = s.indexOf('RESOURCES:\n');
  if (start < 0) return s;
  const masked = s.replace(/\b(\d+(s|m|h|d))+(\s*)$/gm, '<age>$3');
  const end = masked.search(/\n\n(TEST SUITE|NOTES|USER-SUPPLIED)/);
  const body = masked.slice(start + 'RESOURCES:\n'.length, end + 1);
  const sections = body.split(/(?=^==> )/m).sort();
  return masked.slice(0, start) + 'RESOURCES:\n' + sections.join('') + masked.slice(end + 1);
}

interface Driver {
  name: 'secret' | 'configmap' | 'sql' | 'memory';
  env: Record<string, string>;
  nsA: string;
  nsB: string;
  /** Unique release name prefix: `-A` sees other suites' releases too. */
  p: string;
}

const drivers: Driver[] = [];
const counts = new Map<string, number>();

function helmOk(d: Driver, args: string[]): void {
  const r = run('helm', args, d.env);
  assert.equal(r.code, 0, `helm ${args.join(' ')}: ${r.stderr}`);
}

before(
  async () => {
    const chart = writeChart();
    const workload = writeChart(WORKLOAD, 'work');
    for (const name of ['secret', 'configmap', 'sql'] as const) {
      const home = mkdtempSync(join(tmpdir(), 'rd-read-home-'));
      const d: Driver = {
        name,
        env: {
          HOME: home,
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          KUBECONFIG: cluster.kubeconfig,
          HELM_DRIVER: name,
          ...(name === 'sql' ? { HELM_DRIVER_SQL_CONNECTION_STRING: await postgres.database('rdread') } : {}),
        },
        nsA: await cluster.namespace('rd-a'),
        nsB: await cluster.namespace('rd-b'),
        p: `rd${randomBytes(3).toString('hex')}`,
      };
      const { p, nsA, nsB } = d;
      helmOk(d, ['install', `${p}-alpha`, chart, '-n', nsA]);
      helmOk(d, ['upgrade', `${p}-alpha`, chart, '-n', nsA, '--set', 'msg=two', '--set', 'nested.count=4']);
      helmOk(d, ['rollback', `${p}-alpha`, '1', '-n', nsA]);
      helmOk(d, ['install', `${p}-beta`, chart, '-n', nsA, '--labels', 'team=x,tier=web']);
      helmOk(d, ['uninstall', `${p}-beta`, '-n', nsA, '--keep-history']);
      assert.equal(
        run('helm', ['install', `${p}-gamma`, chart, '-n', nsA, '--set', 'bad=true'], d.env).code,
        1,
      );
      helmOk(d, ['install', `${p}-delta`, chart, '-n', nsA, '--labels', 'team=y', '--set', 'msg=<&>']);
      helmOk(d, ['upgrade', `${p}-delta`, chart, '-n', nsA, '--reuse-values', '--set', 'extra=1']);
      helmOk(d, ['install', `${p}-epsilon`, chart, '-n', nsB, '--server-side=false']);
      helmOk(d, ['install', `${p}-zeta`, workload, '-n', nsB, '--wait', '--timeout', '60s']);
      drivers.push(d);
    }
  },
  { timeout: 300_000 },
);

function compare(
  d: Driver,
  group: string,
  cases: string[][],
  extraEnv: Record<string, string> = {},
): string[] {
  const env = { ...d.env, ...extraEnv };
  const diffs: string[] = [];
  for (const args of cases) {
    const h = run('helm', args, env);
    const r = run('rudder', args, env);
    const [hs, rs] = [normalizeStatus(h.stdout), normalizeStatus(r.stdout)];
    if (hs !== rs || h.stderr !== r.stderr || h.code !== r.code) {
      diffs.push(
        `${args.join(' ')}\n--- helm (${h.code})\n${hs}${h.stderr}\n--- rudder (${r.code})\n${rs}${r.stderr}`,
      );
    }
    const key = `${group} (${d.name})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return diffs;
}

function listCases(d: Driver): string[][] {
  const { nsA, nsB, p } = d;
  const A = ['-n', nsA];
  const all = ['-A', '-f', `^${p}-`];
  return [
    [...A, 'list'],
    ['list', ...A, '-o', 'json'],
    ['list', ...A, '-o', 'yaml'],
    ['list', ...A, '-o', 'table'],
    ['ls', ...A],
    ['list', ...A, '--deployed'],
    ['list', ...A, '--failed'],
    ['list', ...A, '--pending'],
    ['list', ...A, '--superseded'],
    ['list', ...A, '--superseded', '-o', 'json'],
    ['list', ...A, '--uninstalled'],
    ['list', ...A, '--uninstalling'],
    ['list', ...A, '--deployed', '--failed'],
    ['list', ...A, '--deployed', '--uninstalled', '-o', 'yaml'],
    ['list', ...all],
    ['list', ...all, '-o', 'json'],
    ['list', ...all, '-o', 'yaml'],
    ['list', ...all, '--superseded'],
    ['list', ...all, '-d'],
    ['list', ...all, '-d', '-r'],
    ['list', ...all, '-r'],
    ['list', ...all, '-m', '2'],
    ['list', ...all, '-m', '2', '--offset', '2'],
    ['list', ...all, '--offset', '3'],
    ['list', ...all, '--offset', '50'],
    ['list', ...all, '-m', '0'],
    ['list', ...all, '-m', '-1', '-q'],
    ['list', ...all, '-q'],
    ['list', ...all, '-q', '-o', 'json'],
    ['list', ...all, '-q', '-o', 'yaml'],
    ['list', ...all, '--no-headers'],
    ['list', ...all, '--no-headers', '-o', 'json'],
    ['list', ...all, '--time-format', '2006-01-02'],
    ['list', ...all, '--time-format', 'Mon Jan _2 15:04:05.000 MST 2006'],
    ['list', ...all, '--time-format', '2006-01-02T15:04:05Z07:00', '-o', 'json'],
    ['list', ...A, '-f', `${p}-(al|ep)`],
    ['list', ...A, '-f', 'a$'],
    ['list', ...A, '--filter', 'nomatch'],
    ['list', ...A, '-f', '[a'],
    ['list', ...A, '-f', '(?P<x'],
    ['list', ...A, '-l', 'team=x'],
    ['list', ...A, '-l', 'team!=x'],
    ['list', ...A, '-l', 'team'],
    ['list', ...A, '-l', '!team'],
    ['list', ...A, '-l', 'team in (x,y),tier notin (web)'],
    ['list', ...A, '-l', 'owner=helm,status=deployed'],
    ['list', ...A, '-l', `name=${p}-alpha`],
    ['list', ...A, '-l', 'version>1'],
    ['list', ...A, '-l', 'x in (a'],
    ['list', ...A, '-l', '=x'],
    ['list', ...A, '-l', 'a/b/c=d'],
    ['list', ...A, '-l', 'team=Bad Value'],
    ['list', ...A, '-l', 'version>x'],
    ['list', ...all, '-l', 'team=x', '-f', 'beta'],
    ['list', '-n', nsB],
    ['list', '-n', nsB, '--no-headers'],
    ['list', '-n', 'rd-empty-namespace'],
    ['list', '-n', 'rd-empty-namespace', '-o', 'json'],
    ['list', '-n', 'rd-empty-namespace', '-o', 'yaml'],
    ['list', ...A, '-o', 'xml'],
    ['list', ...A, '-a'],
    ['list', ...A, '--all'],
    ['list', ...A, 'extra'],
    ['list', ...A, '-m', 'x'],
    ['list', ...A, '--color', 'always'],
    ['list', ...A, '--colour', 'never'],
    ['list', ...A, '--color', 'sometimes'],
  ];
}

function historyCases(d: Driver): string[][] {
  const { nsA, p } = d;
  const A = ['-n', nsA];
  return [
    ['history', `${p}-alpha`, ...A],
    ['hist', `${p}-alpha`, ...A],
    ['history', `${p}-alpha`, ...A, '--max', '1'],
    ['history', `${p}-alpha`, ...A, '--max', '0'],
    ['history', `${p}-alpha`, ...A, '--max', '-3'],
    ['history', `${p}-alpha`, ...A, '-o', 'json'],
    ['history', `${p}-alpha`, ...A, '-o', 'yaml'],
    ['history', `${p}-alpha`, ...A, '--show-rollback-revision'],
    ['history', `${p}-alpha`, ...A, '--show-rollback-revision', '-o', 'json'],
    ['history', `${p}-beta`, ...A],
    ['history', `${p}-gamma`, ...A, '-o', 'yaml'],
    ['history', `${p}-delta`, ...A],
    ['history', `${p}-missing`, ...A],
    ['history', 'Bad_Name', ...A],
    ['history', ...A],
    ['history', 'a', 'b', ...A],
    ['history', `${p}-alpha`, ...A, '-o', 'wide'],
    // release-name completion reads the namespace's releases
    ['__complete', 'history', ...A, ''],
    ['__complete', 'status', ...A, `${p}-a`],
    ['__completeNoDesc', 'get', 'all', ...A, ''],
    ['__complete', 'get', 'values', ...A, `${p}-alpha`, ''],
    ['__complete', 'status', '-n', nsA, '--kube-context', 'user', ''],
    ['__complete', 'status', `${p}-alpha`, ...A, '--revision', ''],
    ['__completeNoDesc', 'get', 'values', `${p}-delta`, ...A, '--revision', '2'],
    ['__complete', 'get', 'hooks', ...A, '--revision', ''],
    ['__complete', 'get', 'notes', `${p}-missing`, ...A, '--revision', ''],
  ];
}

function statusCases(d: Driver): string[][] {
  const { nsA, nsB, p } = d;
  const A = ['-n', nsA];
  return [
    ['status', `${p}-alpha`, ...A],
    ['status', `${p}-alpha`, ...A, '--revision', '1'],
    ['status', `${p}-alpha`, ...A, '--revision', '2', '-o', 'json'],
    ['status', `${p}-alpha`, ...A, '-o', 'json'],
    ['status', `${p}-alpha`, ...A, '-o', 'yaml'],
    ['status', `${p}-alpha`, ...A, '--color', 'always'],
    ['status', `${p}-beta`, ...A],
    ['status', `${p}-beta`, ...A, '-o', 'json'],
    ['status', `${p}-gamma`, ...A],
    ['status', `${p}-gamma`, ...A, '-o', 'yaml'],
    ['status', `${p}-delta`, ...A],
    ['status', `${p}-delta`, ...A, '-o', 'json'],
    ['status', `${p}-epsilon`, '-n', nsB],
    ['status', `${p}-zeta`, '-n', nsB],
    ['status', `${p}-zeta`, '-n', nsB, '-o', 'json'],
    ['list', '-n', nsB, '-o', 'yaml'],
    ['status', `${p}-alpha`, ...A, '--revision', '9'],
    ['status', `${p}-missing`, ...A],
    ['status', 'Bad_Name', ...A],
    ['status', ...A],
    ['status', `${p}-alpha`, ...A, '--show-resources'],
    ['status', `${p}-alpha`, ...A, '--show-desc'],
  ];
}

function getCases(d: Driver): string[][] {
  const { nsA, nsB, p } = d;
  const A = ['-n', nsA];
  const tpl =
    '{{.Release.Name}} {{.Release.Version}} {{.Release.Info.Status}} {{.Release.Info.LastDeployed}} {{.Release.Chart.Metadata.AppVersion}} {{.Release.Config}}';
  return [
    ['get', 'all', `${p}-alpha`, ...A],
    ['get', 'all', `${p}-alpha`, ...A, '--revision', '2'],
    ['get', 'all', `${p}-delta`, ...A],
    ['get', 'all', `${p}-gamma`, ...A],
    ['get', 'all', `${p}-alpha`, ...A, '--template', tpl],
    ['get', 'all', `${p}-delta`, ...A, '--revision', '2', '--template', tpl],
    ['get', 'all', `${p}-alpha`, ...A, '--template', '{{range .Release.Hooks}}{{.Name}} {{.Events}};{{end}}'],
    ['get', 'all', `${p}-alpha`, ...A, '--template', '{{.Release.Info}}|{{.Release.Chart.Metadata}}'],
    [
      'get',
      'all',
      `${p}-delta`,
      ...A,
      '--template',
      '{{(index .Release.Hooks 0).LastRun.Phase}} {{.Release.Labels}}',
    ],
    ['get', 'all', `${p}-alpha`, ...A, '--template', '{{.Release.Nope}}'],
    ['get', 'all', `${p}-alpha`, ...A, '--template', '{{'],
    ['get', 'values', `${p}-alpha`, ...A],
    ['get', 'values', `${p}-alpha`, ...A, '--revision', '2'],
    ['get', 'values', `${p}-alpha`, ...A, '--revision', '2', '-o', 'json'],
    ['get', 'values', `${p}-alpha`, ...A, '--revision', '2', '-o', 'yaml'],
    ['get', 'values', `${p}-alpha`, ...A, '-a'],
    ['get', 'values', `${p}-alpha`, ...A, '--all', '-o', 'json'],
    ['get', 'values', `${p}-delta`, ...A, '-o', 'json'],
    ['get', 'values', `${p}-delta`, ...A, '-a', '-o', 'yaml'],
    ['get', 'values', `${p}-epsilon`, '-n', nsB, '-o', 'json'],
    ['get', 'manifest', `${p}-alpha`, ...A],
    ['get', 'manifest', `${p}-gamma`, ...A, '--revision', '1'],
    ['get', 'hooks', `${p}-alpha`, ...A],
    ['get', 'hooks', `${p}-delta`, ...A, '--revision', '1'],
    ['get', 'notes', `${p}-alpha`, ...A],
    ['get', 'notes', `${p}-gamma`, ...A],
    ['get', 'metadata', `${p}-alpha`, ...A],
    ['get', 'metadata', `${p}-alpha`, ...A, '--revision', '1'],
    ['get', 'metadata', `${p}-beta`, ...A, '-o', 'json'],
    ['get', 'metadata', `${p}-beta`, ...A, '--revision', '1', '-o', 'yaml'],
    ['get', 'metadata', `${p}-epsilon`, '-n', nsB],
    ['get', 'values', `${p}-missing`, ...A],
    ['get', 'manifest', `${p}-alpha`, ...A, '--revision', '7'],
    ['get', 'notes', 'Bad_Name', ...A],
    ['get', 'metadata', ...A],
    ['get', `${p}-alpha`, ...A],
    ['get', 'values', `${p}-alpha`, ...A, '-o', 'toml'],
  ];
}

const groups: [string, (d: Driver) => string[][]][] = [
  ['list', listCases],
  ['history', historyCases],
  ['status', statusCases],
  ['get', getCases],
];

for (const [group, cases] of groups) {
  for (const driver of ['secret', 'configmap', 'sql'] as const) {
    test(`${group} prints what helm prints (${driver} driver)`, { timeout: 300_000 }, () => {
      const d = drivers.find((x) => x.name === driver)!;
      const diffs = compare(d, group, cases(d));
      assert.deepEqual(diffs, [], diffs.join('\n\n'));
    });
  }
}

test('a user allowed to read one namespace: list, history and status as helm (secret driver)', async () => {
  const d = drivers.find((x) => x.name === 'secret')!;
  const admin = cluster.client('admin');
  const rules = [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] }];
  await admin.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'rd-reader', namespace: d.nsA },
    rules,
  });
  await admin.create({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rd-reader', namespace: d.nsA },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'rd-reader' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'rudder-user' }],
  });
  // RBAC takes effect at once in the authorizer's cache only after a short delay.
  const deadline = Date.now() + 10_000;
  while (run('helm', ['list', '-n', d.nsA, '--kube-context', 'user'], d.env).code !== 0) {
    if (Date.now() > deadline) assert.fail('the RoleBinding never took effect');
    await new Promise((r) => setTimeout(r, 200));
  }
  const u = ['--kube-context', 'user'];
  const cases = [
    ['list', '-n', d.nsA, ...u],
    ['list', '-A', ...u],
    ['list', '-A', '-q', ...u],
    ['list', '-n', d.nsB, ...u],
    ['history', `${d.p}-alpha`, '-n', d.nsA, ...u],
    ['history', `${d.p}-epsilon`, '-n', d.nsB, ...u],
    ['status', `${d.p}-alpha`, '-n', d.nsA, ...u],
    ['get', 'values', `${d.p}-alpha`, '-n', d.nsA, ...u],
    ['get', 'metadata', `${d.p}-epsilon`, '-n', d.nsB, ...u],
  ];
  // The forbidden cases must really fail, or the comparison would prove little.
  assert.notEqual(run('helm', ['list', '-A', ...u], d.env).code, 0);
  const diffs = compare(d, 'rbac', cases);
  assert.deepEqual(diffs, [], diffs.join('\n\n'));
});

// Records Helm never wrote itself (HELM_MEMORY_DRIVER_DATA): times in several zones, a zero time,
// missing chart, every status, dependencies, hooks with test runs; read under several TZ settings.
const MEMORY_DATA = String.raw`- name: mem-a
  namespace: default
  version: 1
  info:
    first_deployed: "2026-01-02T03:04:05.123456789+09:00"
    last_deployed: "2026-01-02T03:04:05.123456789+09:00"
    description: Install complete
    status: superseded
    notes: "some notes\n"
  chart:
    metadata:
      name: memchart
      version: 1.0.0
      appVersion: "2.0"
      apiVersion: v2
      annotations: {z: last, a: first}
      dependencies:
        - {name: sub, version: 0.1.0, repository: "file://x", alias: s1, tags: [t1]}
        - {name: another, repository: ""}
    values: {a: 0, d: {e: true}}
  config: {a: 1, b: {c: [1, 2.5, "x"]}, big: 1000000}
  manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mem-a\n"
  hooks:
    - name: t1
      kind: Pod
      path: memchart/templates/t.yaml
      manifest: "kind: Pod"
      events: [test]
      last_run: {started_at: "2026-01-02T03:04:06Z", completed_at: "2026-01-02T03:04:09.5Z", phase: Succeeded}
- name: mem-a
  namespace: default
  version: 2
  info:
    first_deployed: "2026-01-02T03:04:05.123456789+09:00"
    last_deployed: "2026-03-04T05:06:07-05:00"
    description: Rollback to 1
    status: deployed
    rollback_revision: 1
  chart:
    metadata: {name: memchart, version: 1.0.1, apiVersion: v2}
  apply_method: csa
- name: mem-b
  namespace: other
  version: 1
  info:
    last_deployed: "2025-12-31T23:59:59Z"
    description: Initial install underway
    status: pending-install
  chart:
    metadata: {name: memchart, version: 1.0.0, appVersion: "2.0", apiVersion: v2}
- name: mem-c
  namespace: default
  version: 3
  info:
    description: "failed: a very long description that goes on and on and on to see that tables never cut it"
    status: failed
  chart:
    metadata: {name: memchart, version: 1.0.0, apiVersion: v2}
- name: mem-d
  namespace: default
  version: 1
  info:
    last_deployed: "2026-03-04T10:06:07.000000001Z"
    status: uninstalling
  chart:
    metadata: {name: memchart, version: 1.0.0, apiVersion: v2}
- name: mem-e
  namespace: default
  version: 1
  info:
    last_deployed: "2026-03-04T10:06:07+01:00"
    status: pending-upgrade
- name: mem-f
  namespace: default
  version: 1
  info:
    last_deployed: "2024-06-01T12:00:00+02:00"
    status: unknown
  chart:
    metadata: {name: memchart, version: 1.0.0, apiVersion: v2}
`;

test('the memory driver and time zones: list, history, status, get as helm', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'rd-mem-')), 'releases.yaml');
  writeFileSync(file, MEMORY_DATA);
  const base = drivers.find((x) => x.name === 'secret')!;
  const d: Driver = {
    ...base,
    name: 'memory',
    env: { ...base.env, HELM_DRIVER: 'memory', HELM_MEMORY_DRIVER_DATA: file },
  };
  const cases = [
    ['list'],
    ['list', '-A', '-o', 'json'],
    ['list', '-d', '-A'],
    ['list', '-A', '-r', '-o', 'yaml'],
    ['list', '--pending', '-A'],
    ['list', '--uninstalling', '--failed'],
    ['list', '-n', 'other'],
    ['list', '--time-format', 'Jan 2 15:04:05.000000000 MST -07:00', '-A'],
    ['history', 'mem-a'],
    ['history', 'mem-a', '-o', 'yaml'],
    ['history', 'mem-a', '--show-rollback-revision'],
    ['status', 'mem-a'],
    ['status', 'mem-a', '--revision', '1'],
    ['status', 'mem-a', '-o', 'json'],
    ['status', 'mem-b', '-n', 'other', '-o', 'yaml'],
    ['status', 'mem-c'],
    ['get', 'metadata', 'mem-a', '--revision', '1'],
    ['get', 'metadata', 'mem-a', '--revision', '1', '-o', 'json'],
    ['get', 'metadata', 'mem-a', '--revision', '1', '-o', 'yaml'],
    ['get', 'metadata', 'mem-a'],
    ['get', 'all', 'mem-a', '--revision', '1'],
    [
      'get',
      'all',
      'mem-a',
      '--revision',
      '1',
      '--template',
      '{{.Release.Info.LastDeployed}} {{.Release.Info.FirstDeployed.Year}}',
    ],
    ['get', 'values', 'mem-a', '--revision', '1', '-a', '-o', 'json'],
    ['get', 'values', 'mem-a', '--revision', '1', '-o', 'yaml'],
    ['get', 'values', 'mem-a', '--revision', '1'],
    ['get', 'hooks', 'mem-a', '--revision', '1'],
    ['get', 'notes', 'mem-a', '--revision', '1'],
  ];
  const diffs: string[] = [];
  for (const tz of [undefined, 'Asia/Tokyo', 'America/New_York', 'Europe/Berlin']) {
    diffs.push(...compare(d, 'memory', cases, tz ? { TZ: tz } : {}));
  }
  // A file that cannot be read stops both programs the same way (log.Fatal).
  diffs.push(...compare(d, 'memory', [['list']], { HELM_MEMORY_DRIVER_DATA: '/nonexistent/rd.yaml' }));
  diffs.push(...compare(d, 'memory', [['status', 'x']], { HELM_DRIVER: 'bogus' }));
  assert.deepEqual(diffs, [], diffs.join('\n\n'));
});

test('colours and connection failures as helm (secret driver)', () => {
  const d = drivers.find((x) => x.name === 'secret')!;
  const A = ['-n', d.nsA];
  const diffs = [
    ...compare(
      d,
      'colour',
      [
        ['list', ...A],
        ['list', ...A, '--color', 'never'],
        ['status', `${d.p}-alpha`, ...A],
        ['get', 'all', `${d.p}-gamma`, ...A],
        ['history', `${d.p}-alpha`, ...A],
      ],
      { HELM_COLOR: 'always' },
    ),
    ...compare(
      d,
      'colour',
      [
        ['list', ...A, '--color', 'always'],
        ['status', `${d.p}-beta`, ...A, '--colour=always'],
      ],
      { NO_COLOR: '1' },
    ),
    ...compare(d, 'colour', [['list', ...A, '--color', 'always']], { HELM_COLOR: 'never' }),
    ...compare(d, 'connection', [
      ['list', ...A, '--kube-context', 'nope'],
      ['status', `${d.p}-alpha`, ...A, '--kube-context', 'nope'],
      ['list', ...A, '--kubeconfig', '/nonexistent/kubeconfig'],
      ['get', 'values', `${d.p}-alpha`, ...A, '--kube-apiserver', 'https://127.0.0.1:1'],
      ['history', `${d.p}-alpha`, ...A, '--kube-apiserver', 'https://127.0.0.1:1'],
    ]),
  ];
  assert.deepEqual(diffs, [], diffs.join('\n\n'));
});

test('comparison counts', () => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  for (const [k, n] of [...counts].sort()) console.log(`# ${k}: ${n} comparisons`);
  console.log(`# total: ${total} comparisons`);
  assert.ok(total > 250, `only ${total} comparisons ran`);
});
