// `install --dry-run=client` talks to no cluster in helm v4.3.2 (a printing client, memory storage,
// default capabilities), so it works with a missing, empty or broken kubeconfig and an unreachable
// server. Rudder must print the same and exit the same; no cluster is started for this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from '../cli/support.js';

const dir = mkdtempSync(join(tmpdir(), 'dry-run-client-'));
// Port 1 on loopback: nothing listens, so any request would fail at once.
const unreachable = join(dir, 'unreachable.yaml');
writeFileSync(
  unreachable,
  `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:1"}
contexts:
- name: c
  context: {cluster: c, user: u}
current-context: c
users:
- name: u
  user: {token: x}
`,
);
const empty = join(dir, 'empty.yaml');
writeFileSync(empty, '');
const chart = join(repoRoot, 'examples', 'hello');

// The release times are "now": the only difference allowed between two runs.
const norm = (s: string): string =>
  s
    .replace(/^LAST DEPLOYED: .*$/gm, 'LAST DEPLOYED: <now>')
    .replace(/"(first_deployed|last_deployed)":"[^"]*"/g, '"$1":"<now>"')
    .replace(/(first_deployed|last_deployed): .*/g, '$1: <now>')
    .replace(/"modtime":"[^"]*"/g, '"modtime":"<t>"');

const normalised = (r: RunResult): RunResult => ({ ...r, stdout: norm(r.stdout), stderr: norm(r.stderr) });

interface Case {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const CASES: Case[] = [
  { name: 'unreachable server', args: [], env: { KUBECONFIG: unreachable } },
  { name: 'kubeconfig file missing', args: [], env: { KUBECONFIG: join(dir, 'missing.yaml') } },
  { name: 'empty kubeconfig', args: [], env: { KUBECONFIG: empty } },
  { name: 'no kubeconfig at all', args: [], env: {} },
  { name: 'unknown context', args: ['--kube-context', 'nope'], env: { KUBECONFIG: unreachable } },
  { name: 'bare --dry-run', args: ['--dry-run'], env: { KUBECONFIG: join(dir, 'missing.yaml') } },
  { name: 'configmap driver', args: [], env: { KUBECONFIG: empty, HELM_DRIVER: 'configmap' } },
  { name: 'json output', args: ['-o', 'json'], env: { KUBECONFIG: empty } },
  { name: 'yaml output, namespace', args: ['-o', 'yaml', '-n', 'other'], env: { KUBECONFIG: empty } },
  // Helm opens the storage driver before the action: a memory driver without data and an SQL
  // driver with nothing listening (port 1 on loopback) stop it with log.Fatal, dry run or not.
  { name: 'memory driver without data', args: [], env: { KUBECONFIG: empty, HELM_DRIVER: 'memory' } },
  {
    name: 'sql driver unreachable',
    args: [],
    env: {
      KUBECONFIG: empty,
      HELM_DRIVER: 'sql',
      HELM_DRIVER_SQL_CONNECTION_STRING: 'postgres://u:p@127.0.0.1:1/db?sslmode=disable',
    },
  },
  {
    name: 'values and --hide-notes',
    args: ['--set', 'replicaCount=5', '--hide-notes'],
    env: { KUBECONFIG: unreachable },
  },
];

for (const c of CASES) {
  test(`install --dry-run=client, ${c.name}: as helm`, () => {
    const args = ['install', 'demo', chart, ...(c.args.includes('--dry-run') ? [] : ['--dry-run=client'])];
    args.push(...c.args);
    const env = cleanEnv(c.env);
    const h = normalised(runHelm(args, env));
    const r = normalised(runRudder(args, env));
    if (!c.env['HELM_DRIVER']?.match(/memory|sql/)) assert.equal(h.code, 0, `helm failed: ${h.stderr}`);
    else assert.equal(h.code, 1);
    assert.deepEqual(r, h);
  });
}

// Helm's upgrade reads the deployed release first, so a client dry run still needs the cluster:
// both must fail the same way against an unreachable server.
test('upgrade --dry-run=client and upgrade --install --dry-run=client need the cluster, as helm', () => {
  for (const extra of [[], ['--install']]) {
    const args = ['upgrade', 'demo', chart, '--dry-run=client', ...extra];
    const env = cleanEnv({ KUBECONFIG: unreachable });
    const h = runHelm(args, env);
    const r = runRudder(args, env);
    assert.notEqual(h.code, 0);
    assert.deepEqual(r, h);
  }
});
