// `lint` compared with the real helm v4.3.2 on every chart of the corpus (read in place), with and
// without --with-subcharts and --strict, in one invocation each; plus the rule helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, repoRoot, runHelm, runRudder } from '../cli/support.js';
import { validateMetadataName } from '../../src/chart/lint/k8s-names.js';
import { deprecationWarning } from '../../src/chart/lint/deprecations.js';
import { isEmail, isRequestURL, isURL } from '../../src/chart/lint/urls.js';
import { isStrictSemver, parseLooseSemver } from '../../src/chart/lint/semver.js';

const CORPUS = join(repoRoot, '..', 'shared', 'corpus');

function corpusCharts(): string[] {
  assert.ok(existsSync(CORPUS), `corpus not found at ${CORPUS}`);
  const out: string[] = [];
  for (const owner of readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    if (owner.name.startsWith('_')) continue;
    const o = join(CORPUS, owner.name);
    for (const repo of readdirSync(o, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const c of readdirSync(join(o, repo.name), { withFileTypes: true }).filter((e) =>
        e.isDirectory(),
      )) {
        if (existsSync(join(o, repo.name, c.name, 'Chart.yaml')))
          out.push(join(owner.name, repo.name, c.name));
      }
    }
  }
  return out.sort();
}

// (--with-subcharts covers the plain run: the top-level charts come first.)
for (const flags of [['--with-subcharts'], ['--strict', '--quiet']]) {
  test(`corpus: helm lint ${flags.join(' ')} output is identical`, () => {
    const charts = corpusCharts();
    assert.ok(charts.length > 100, `expected the corpus charts, found ${charts.length}`);
    const env = cleanEnv();
    const args = ['lint', ...flags, ...charts];
    const h = runHelm(args, env, CORPUS);
    const r = runRudder(args, env, CORPUS);
    assert.ok(h.stdout.includes('==> Linting'), 'helm printed lint results');
    const hs = h.stdout.split('\n==> ');
    const rs = r.stdout.split('\n==> ');
    for (let i = 0; i < Math.max(hs.length, rs.length); i++) assert.equal(rs[i], hs[i], `lint section ${i}`);
    assert.equal(r.stderr, h.stderr);
    assert.equal(r.code, h.code);
  });
}

test('object names are checked per kind with apimachinery messages', () => {
  assert.equal(validateMetadataName('ConfigMap', 'ok-name.x'), undefined);
  assert.match(validateMetadataName('Service', 'a.b') ?? '', /DNS-1035 label/);
  assert.equal(validateMetadataName('Role', 'Any:Thing'), undefined);
  assert.match(validateMetadataName('ClusterRole', '..') ?? '', /may not be '\.\.'/);
  assert.equal(validateMetadataName('CertificateSigningRequest', 'A_B'), undefined);
  assert.match(
    validateMetadataName('Namespace', 'A'.repeat(64)) ?? '',
    /\[metadata\.name: Invalid value: "A+": must be no more than 63 characters, metadata\.name: Invalid value: "A+": a lowercase RFC 1123 label/,
  );
  assert.match(
    validateMetadataName('Namespace', 'a'.repeat(64)) ?? '',
    /: metadata\.name: Invalid value: "a+": must be no more than 63 characters$/,
  );
});

test('deprecated APIs depend on the Kubernetes version', () => {
  const w = deprecationWarning('batch/v1beta1', 'CronJob', { major: '1', minor: '36' });
  assert.equal(
    w,
    'batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob',
  );
  assert.equal(deprecationWarning('batch/v1beta1', 'CronJob', { major: '1', minor: '20' }), undefined);
  assert.equal(deprecationWarning('batch/v1', 'CronJob', { major: '1', minor: '36' }), undefined);
  assert.equal(deprecationWarning('example.com/v1', 'Thing', { major: '1', minor: '36' }), undefined);
});

test('URL, e-mail and version checks follow govalidator and Masterminds/semver', () => {
  assert.equal(isRequestURL('https://example.com/x.png'), true);
  assert.equal(isRequestURL('nope'), false);
  assert.equal(isRequestURL('/abs/path'), false);
  assert.equal(isURL('https://github.com/helm/helm'), true);
  assert.equal(isURL('not a url'), false);
  assert.equal(isEmail('someone@example.com'), true);
  assert.equal(isEmail('bad'), false);
  assert.equal(isStrictSemver('1.2.3-rc.1+b.5'), true);
  assert.equal(isStrictSemver('v1.2.3'), false);
  assert.equal(isStrictSemver('1.2'), false);
  assert.equal(parseLooseSemver('v1.2')?.text, '1.2.0');
  assert.equal(parseLooseSemver('1.2.3-01'), undefined);
});
