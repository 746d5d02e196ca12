// Storage semantics as the commands show them, helm v4.3.2 against rudder on the test cluster: the
// records of a deleted namespace (gone with it for the Secret and ConfigMap drivers, kept by the SQL
// driver), HELM_MAX_HISTORY pruning, and unreadable records seen through list/history/status/get.
// Every case compares stdout, stderr and the exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../support/cluster.js';
import { usePostgres } from '../support/postgres.js';
import { runHelm, runRudder, type RunResult } from '../cli/support.js';
import { helm, helmOk, writeTestChart } from './support/helm.js';
import { fullRecord, stored } from './support/records.js';

const cluster = useCluster('full');
const postgres = usePostgres();
const counts = new Map<string, number>();
const home = mkdtempSync(join(tmpdir(), 'rst-cmd-home-'));

function run(bin: 'helm' | 'rudder', args: string[], env: Record<string, string>): RunResult {
  const full = { HOME: home, PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env };
  return bin === 'helm' ? runHelm(args, full) : runRudder(args, full);
}

/** Runs each case with both tools; returns the differences, counted under `group`. */
function compare(group: string, cases: string[][], env: Record<string, string>): string[] {
  const diffs: string[] = [];
  for (const args of cases) {
    const h = run('helm', args, env);
    const r = run('rudder', args, env);
    if (h.stdout !== r.stdout || h.stderr !== r.stderr || h.code !== r.code)
      diffs.push(
        `${args.join(' ')}\n--- helm (${h.code})\n${h.stdout}${h.stderr}\n--- rudder (${r.code})\n${r.stdout}${r.stderr}`,
      );
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return diffs;
}

async function deleteNamespace(ns: string): Promise<void> {
  const admin = cluster.client();
  await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
  const deadline = Date.now() + 120_000;
  while (await admin.getIfExists({ apiVersion: 'v1', kind: 'Namespace', name: ns })) {
    if (Date.now() > deadline) assert.fail(`namespace ${ns} was never removed`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

for (const driver of ['secret', 'configmap', 'sql'] as const) {
  test(
    `records of a deleted namespace as helm sees them (${driver} driver)`,
    { timeout: 300_000 },
    async () => {
      const env: Record<string, string> = { KUBECONFIG: cluster.kubeconfig, HELM_DRIVER: driver };
      if (driver === 'sql') env['HELM_DRIVER_SQL_CONNECTION_STRING'] = await postgres.database('gonens');
      const chart = writeTestChart();
      const gone = await cluster.namespace('gone');
      const kept = await cluster.namespace('kept');
      const p = `g${randomBytes(3).toString('hex')}`;
      helmOk(['install', `${p}-a`, chart, '-n', gone, '--labels', 'team=x'], env);
      helmOk(['upgrade', `${p}-a`, chart, '-n', gone, '--set', 'replicas=2'], env);
      helmOk(['install', `${p}-b`, chart, '-n', kept], env);
      await deleteNamespace(gone);
      const listed = JSON.parse(helmOk(['list', '-A', '-f', `^${p}-`, '-o', 'json'], env)) as {
        name: string;
      }[];
      // What this test pins down: Kubernetes records go with their namespace, SQL rows stay.
      assert.deepEqual(
        listed.map((r) => r.name),
        driver === 'sql' ? [`${p}-a`, `${p}-b`] : [`${p}-b`],
      );
      const G = ['-n', gone];
      const diffs = compare(
        `deleted namespace (${driver})`,
        [
          ['list', ...G],
          ['list', ...G, '--uninstalled', '-o', 'json'],
          ['list', '-A', '-f', `^${p}-`],
          ['list', '-A', '-f', `^${p}-`, '-o', 'yaml'],
          ['list', '-A', '-l', 'team=x', '-q'],
          ['history', `${p}-a`, ...G],
          ['history', `${p}-a`, ...G, '-o', 'json'],
          ['status', `${p}-a`, ...G],
          ['status', `${p}-a`, ...G, '--revision', '1', '-o', 'json'],
          ['status', `${p}-a`, ...G, '--show-resources'],
          ['get', 'values', `${p}-a`, ...G],
          ['get', 'manifest', `${p}-a`, ...G],
          ['get', 'metadata', `${p}-a`, ...G, '-o', 'yaml'],
          ['get', 'notes', `${p}-a`, ...G, '--revision', '1'],
          ['history', `${p}-b`, '-n', kept],
        ],
        env,
      );
      assert.deepEqual(diffs, [], diffs.join('\n\n'));
    },
  );
}

test('HELM_MAX_HISTORY prunes upgrade and rollback history as helm does', { timeout: 300_000 }, async () => {
  const chart = writeTestChart();
  const history = (bin: 'helm' | 'rudder', ns: string, env: Record<string, string>): unknown => {
    const r = run(bin, ['history', 'web', '-n', ns, '-o', 'json'], env);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as Record<string, unknown>[]).map((h) => [
      h['revision'],
      h['status'],
      h['chart'],
      h['description'],
    ]);
  };
  const results: Record<string, unknown> = {};
  for (const bin of ['helm', 'rudder'] as const) {
    const ns = await cluster.namespace(`mh-${bin}`);
    const env = { KUBECONFIG: cluster.kubeconfig, HELM_MAX_HISTORY: '3' };
    const ok = (args: string[], extra: Record<string, string> = {}): void => {
      const r = run(bin, [...args, '-n', ns], { ...env, ...extra });
      assert.equal(r.code, 0, `${bin} ${args.join(' ')}: ${r.stderr}`);
    };
    ok(['install', 'web', chart]);
    for (let i = 2; i <= 5; i++) ok(['upgrade', 'web', chart, '--set', `replicas=${i}`]);
    const afterUpgrades = history(bin, ns, env);
    ok(['rollback', 'web', '4']);
    const afterRollback = history(bin, ns, env);
    // The flag still wins over the variable; 0 keeps everything.
    ok(['upgrade', 'web', chart, '--history-max', '0']);
    ok(['upgrade', 'web', chart], { HELM_MAX_HISTORY: '0' });
    const unlimited = history(bin, ns, env);
    results[bin] = { afterUpgrades, afterRollback, unlimited };
  }
  counts.set('HELM_MAX_HISTORY histories', 3);
  assert.deepEqual(results['rudder'], results['helm']);
  assert.deepEqual(
    (results['helm'] as { afterUpgrades: unknown[][] }).afterUpgrades.map((h) => h[0]),
    [3, 4, 5],
  );
  const help = compare(
    'HELM_MAX_HISTORY flag defaults',
    [
      ['upgrade', '--help'],
      ['rollback', '--help'],
    ],
    { HELM_MAX_HISTORY: '7' },
  );
  assert.deepEqual(help, [], help.join('\n\n'));
});

test('unreadable records through the commands: what helm prints, plus a warning naming each', async () => {
  const ns = await cluster.namespace('badcli');
  const env = { KUBECONFIG: cluster.kubeconfig };
  helmOk(['install', 'good', writeTestChart(), '-n', ns], env);
  const admin = cluster.client();
  const put = async (name: string, release: string): Promise<void> => {
    await admin.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: `sh.helm.release.v1.${name}.v1`,
        namespace: ns,
        labels: { name, owner: 'helm', status: 'deployed', version: '1' },
      },
      type: 'helm.sh/release.v1',
      data: { release: Buffer.from(release).toString('base64') },
    });
  };
  await put('truncated', stored(JSON.stringify(fullRecord({ name: 'truncated', version: 1 }))).slice(0, 100));
  await put('notjson', stored('hello, I am not a release'));
  const cases = [
    ['list', '-n', ns],
    ['list', '-n', ns, '-o', 'json'],
    ['history', 'truncated', '-n', ns],
    ['status', 'notjson', '-n', ns],
    ['get', 'values', 'truncated', '-n', ns, '--revision', '1'],
    ['get', 'all', 'notjson', '-n', ns, '--revision', '1'],
    ['status', 'good', '-n', ns, '-o', 'json'],
  ];
  const diffs: string[] = [];
  for (const args of cases) {
    const h = run('helm', args, env);
    const r = run('rudder', args, env);
    counts.set('unreadable records', (counts.get('unreadable records') ?? 0) + 1);
    // Helm logs a skipped record at debug level only; rudder warns, naming the object.
    const warnings = r.stderr.split('\n').filter((l) => /^level=WARN /.test(l));
    if (args[0] === 'list') assert.equal(warnings.length, 2, r.stderr);
    for (const w of warnings)
      assert.match(w, new RegExp(`${ns}/sh\\.helm\\.release\\.v1\\.(truncated|notjson)\\.v1`), w);
    const rest = r.stderr
      .split('\n')
      .filter((l) => !/^level=WARN /.test(l))
      .join('\n');
    if (h.stdout !== r.stdout || h.stderr !== rest || h.code !== r.code)
      diffs.push(
        `${args.join(' ')}\n--- helm (${h.code})\n${h.stdout}${h.stderr}\n--- rudder (${r.code})\n${r.stdout}${r.stderr}`,
      );
  }
  assert.deepEqual(diffs, [], diffs.join('\n\n'));
  assert.notEqual(helm(['get', 'values', 'truncated', '-n', ns, '--revision', '1'], env).code, 0);
});

test('comparison counts', () => {
  for (const [k, n] of [...counts].sort()) console.log(`# ${k}: ${n} comparisons`);
});
