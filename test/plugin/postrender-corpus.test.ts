// Large corpus charts through a `cat` post-renderer: rudder's kyaml emulation (annotate, merge,
// split, de-annotate) must give helm v4.3.2's bytes. Lines that differ between helm's own runs
// (random passwords, generated certificates) are masked, as in the corpus comparison.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { rudderBundle } from '../cli/support.js';
import { compare, HELM_BIN, requireHelm, templateArgs, type RunResult } from '../support/corpus.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-corpus-'));
after(() => rmSync(root, { recursive: true, force: true }));
const plugins = join(root, 'plugins');
mkdirSync(join(plugins, 'cat'), { recursive: true });
writeFileSync(
  join(plugins, 'cat', 'plugin.yaml'),
  'apiVersion: v1\nname: cat\ntype: postrenderer/v1\nruntime: subprocess\nversion: 1.0.0\n' +
    'runtimeConfig:\n  platformCommand:\n    - command: sh\n      args: ["-c", "cat"]\n',
);
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, HELM_PLUGINS: plugins };

const CHARTS = [
  'prometheus-community/helm-charts/kube-prometheus-stack',
  'argoproj/argo-helm/argo-cd',
  'bitnami/charts/kube-prometheus',
  'cert-manager/cert-manager/cert-manager',
  'kubernetes/ingress-nginx/ingress-nginx',
  'bitnami/charts/keycloak',
];

function run(cmd: string, pre: string[], chart: string): RunResult {
  const args = [...pre, ...templateArgs(chart), '--post-renderer', 'cat'];
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const norm = (s: string): string => (cmd === HELM_BIN ? s : s.replaceAll('rudder', 'helm'));
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), status: r.status ?? -1 };
}

for (const chart of CHARTS) {
  test(`template --post-renderer cat equals helm: ${chart}`, () => {
    requireHelm();
    const helm = (): RunResult => run(HELM_BIN, [], chart);
    const first = helm();
    assert.equal(first.status, 0, `helm failed: ${first.stderr}`);
    assert.ok(first.stdout.includes('\n---\n'), 'helm rendered several documents');
    const v = compare([first, helm()], run(process.execPath, [rudderBundle()], chart), helm);
    if (v.kind === 'differs') assert.fail(`line ${v.line}\n  helm:   ${v.helm}\n  rudder: ${v.rudder}`);
    if (v.kind === 'error') assert.fail(`rudder failed where helm succeeded:\n${v.message}`);
    assert.equal(v.kind, 'equal');
  });
}
