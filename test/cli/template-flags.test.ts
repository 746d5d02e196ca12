// `rudder template` with Helm's flags gives what `helm template` gives: stdout, stderr and exit
// code, for CRDs, hooks and tests, --show-only, --output-dir, naming, capabilities and errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, repoRoot, runHelm, runRudder } from './support.js';

const corpus = join(repoRoot, '..', 'shared', 'corpus');
const hello = join(repoRoot, 'examples', 'hello');
const sealed = join(corpus, 'bitnami', 'charts', 'sealed-secrets');
const statsd = join(corpus, 'prometheus-community', 'helm-charts', 'prometheus-statsd-exporter');

const cases: [string, string[]][] = [
  ['defaults', ['template', hello]],
  ['release name and namespace', ['template', 'web', hello, '-n', 'prod']],
  ['is-upgrade', ['template', hello, '--is-upgrade']],
  ['show-only one file', ['template', hello, '--show-only', 'templates/service.yaml']],
  ['show-only glob', ['template', hello, '-s', 'templates/*.yaml']],
  ['show-only missing', ['template', hello, '-s', 'templates/nope.yaml']],
  ['include-crds', ['template', 'x', sealed, '--include-crds']],
  ['skip-crds', ['template', 'x', sealed, '--skip-crds']],
  ['hooks and tests', ['template', 'x', statsd]],
  ['skip-tests', ['template', 'x', statsd, '--skip-tests']],
  ['no-hooks', ['template', 'x', statsd, '--no-hooks']],
  ['kube-version', ['template', hello, '--kube-version', '1.30.2']],
  ['bad kube-version', ['template', hello, '--kube-version', 'banana']],
  ['api-versions', ['template', hello, '--api-versions', 'example.com/v1,other.io/v2', '-a', 'third/v1']],
  ['generate-name ignored for template', ['template', hello, '-g']],
  ['name-template', ['template', hello, '--name-template', '{{ "abc" | upper | lower }}-x']],
  ['name and generate-name', ['template', 'a', hello, '-g']],
  ['invalid release name', ['template', 'Bad_Name', hello]],
  ['too many args', ['template', 'a', hello, 'c']],
  ['missing chart', ['template', 'a', '/nonexistent/chart']],
  [
    'set and values',
    ['template', hello, '--set', 'replicaCount=5,service.port=8080', '--set-string', 'greeting=007'],
  ],
  ['debug', ['template', hello, '--debug']],
];

for (const [name, args] of cases) {
  test(`template: ${name}`, () => {
    const env = cleanEnv();
    const h = runHelm(args, env);
    const r = runRudder(args, env);
    assert.equal(r.stdout, h.stdout, 'stdout');
    assert.equal(r.stderr, h.stderr, 'stderr');
    assert.equal(r.code, h.code, 'exit code');
  });
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

for (const [name, chart, extra] of [
  ['output-dir', statsd, []],
  ['output-dir with release-name and crds', sealed, ['--release-name', '--include-crds']],
] as [string, string, string[]][]) {
  test(`template: ${name}`, () => {
    const env = cleanEnv();
    const hd = mkdtempSync(join(tmpdir(), 'tpl-one-'));
    const rd = mkdtempSync(join(tmpdir(), 'tpl-two-'));
    const h = runHelm(['template', 'x', chart, '--output-dir', hd, ...extra], env);
    const r = runRudder(['template', 'x', chart, '--output-dir', rd, ...extra], env);
    assert.equal(r.code, h.code);
    assert.equal(r.stdout.replaceAll(rd, 'DIR'), h.stdout.replaceAll(hd, 'DIR'));
    assert.deepEqual(tree(rd), tree(hd));
  });
}
