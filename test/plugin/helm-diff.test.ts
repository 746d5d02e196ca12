// The real helm-diff plugin (v3.13.2, built by tools/helm-diff/build.sh) installed with
// `rudder plugin install <dir>` and run as `rudder diff upgrade …` against a loopback cluster,
// next to `helm diff upgrade …` on helm v4.3.2: the diff text and exit codes (--detailed-exitcode)
// must be the same. The comparisons run with --disable-validation: helm-diff passes `template
// --validate --dry-run=client`, which helm 4 refuses (mutually exclusive flags). Rudder's template
// takes that pair as a server dry run, so without --disable-validation `rudder diff` works and prints
// what helm prints with it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { writeChart } from '../release/actions-support.js';

const cluster = useCluster('full');
const root = mkdtempSync(join(tmpdir(), 'rplug-diff-'));
let env: Record<string, string> = {};
let comparisons = 0;
let ns = '';
let c1 = '';

const chart = (replicas: string): string =>
  writeChart({
    'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'app/values.yaml': `greeting: hello\nreplicas: ${replicas}\n`,
    'app/templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  replicas: {{ .Values.replicas | quote }}\n',
    'app/templates/secret.yaml':
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-s\nstringData:\n  token: {{ .Values.greeting | b64enc }}\n',
  });

after(() => {
  rmSync(root, { recursive: true, force: true });
  process.stdout.write(`# helm-diff comparisons with helm: ${comparisons}\n`);
});

function same(args: string[]): RunResult {
  const h = runHelm([...args, '--disable-validation'], env);
  const r = runRudder([...args, '--disable-validation'], env);
  comparisons++;
  assert.deepEqual(r, h, args.join(' '));
  return h;
}

test('helm-diff: listed by both tools, diff upgrade output and exit codes as helm', async () => {
  // Set up here: the cluster's kubeconfig is known once its before hook has run.
  const b = spawnSync('bash', [join(repoRoot, 'tools', 'helm-diff', 'build.sh')], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  const dir = b.stdout.trim();
  env = cleanEnv({
    KUBECONFIG: cluster.kubeconfig,
    HELM_PLUGINS: join(root, 'data', 'plugins'),
    HELM_DATA_HOME: join(root, 'data'),
    HELM_CACHE_HOME: join(root, 'cache'),
    HELM_CONFIG_HOME: join(root, 'config'),
  });
  const added = runRudder(['plugin', 'install', dir], env);
  assert.equal(added.code, 0, added.stderr);
  assert.equal(
    added.stdout,
    'Installing plugin from local directory (development mode)\nInstalled plugin: diff\n',
  );
  assert.deepEqual(runRudder(['plugin', 'list'], env), runHelm(['plugin', 'list'], env));
  assert.deepEqual(runRudder(['diff', 'version'], env), runHelm(['diff', 'version'], env));
  ns = await cluster.namespace('diff');
  c1 = chart('1');
  const inst = runHelm(['install', 'rel', c1, '-n', ns], env);
  assert.equal(inst.code, 0, inst.stderr);
  // No change: empty diff, exit 0 (and 0 with --detailed-exitcode).
  let r = same(['diff', 'upgrade', 'rel', c1, '-n', ns]);
  assert.equal(r.code, 0, r.stderr);
  same(['diff', 'upgrade', 'rel', c1, '-n', ns, '--detailed-exitcode']);
  // A change: the diff, exit 2 with --detailed-exitcode.
  r = same(['diff', 'upgrade', 'rel', chart('3'), '-n', ns, '--set', 'greeting=hi']);
  assert.match(r.stdout, /has changed/);
  r = same(['diff', 'upgrade', 'rel', c1, '-n', ns, '--set', 'greeting=hi', '--detailed-exitcode']);
  assert.equal(r.code, 2);
  same(['diff', 'upgrade', 'rel', c1, '-n', ns, '--set', 'greeting=hi', '--show-secrets', '--no-color']);
  same(['diff', 'upgrade', 'rel', c1, '-n', ns, '--set', 'greeting=hi', '--output', 'simple']);
  // A release that does not exist: refused, or a whole new install with --allow-unreleased.
  same(['diff', 'upgrade', 'nope', c1, '-n', ns]);
  r = same(['diff', 'upgrade', 'nope', c1, '-n', ns, '--allow-unreleased']);
  assert.match(r.stdout, /nope-cm/);
  // The release as rudder upgrades it: helm-diff (under helm) sees rudder's revision as unchanged.
  const up = runRudder(['upgrade', 'rel', c1, '-n', ns, '--set', 'greeting=hi'], env);
  assert.equal(up.code, 0, up.stderr);
  same(['diff', 'upgrade', 'rel', c1, '-n', ns, '--set', 'greeting=hi', '--detailed-exitcode']);
  same(['diff', 'revision', 'rel', '1', '2', '-n', ns]);
  same(['diff', 'rollback', 'rel', '1', '-n', ns]);
});

test('helm-diff without --disable-validation: helm 4 refuses, rudder diffs as helm does with it', () => {
  assert.notEqual(ns, '', 'the first test installs the release');
  const refused = /if any flags in the group \[validate dry-run\] are set none of the others can be/;
  for (const args of [
    ['diff', 'upgrade', 'rel', c1, '-n', ns, '--set', 'greeting=hi', '--detailed-exitcode'],
    ['diff', 'upgrade', 'rel', c1, '-n', ns, '--set', 'greeting=bye'],
    ['diff', 'upgrade', 'nope', c1, '-n', ns, '--allow-unreleased'],
  ]) {
    const h = runHelm(args, env);
    assert.equal(h.code, 1, args.join(' '));
    assert.match(h.stderr, refused);
    const want = runHelm([...args, '--disable-validation'], env);
    const r = runRudder(args, env);
    comparisons++;
    assert.deepEqual(r, want, args.join(' '));
  }
});
