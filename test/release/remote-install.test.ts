// install / upgrade of charts that are not on disk, against the real helm v4.3.2 on the test
// cluster: `repo/name` from repositories.yaml, `--repo URL` (basic auth), archive URLs, `oci://`
// references (tags, constraints, digests), `--devel`, `--dependency-update` and `--post-renderer`.
// Each case runs both tools (own HOME, own namespace), then compares their output, the decoded
// release records and the live objects; releases made by one tool are upgraded by the other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../support/cluster.js';
import {
  makeTlsFiles,
  startChartRepoServer,
  type ChartRepoServer,
  type TlsFiles,
} from '../support/chart-repo-server.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { cleanEnv, helm } from '../repo/support.js';
import { Comparer, postRendererPlugin, writeAppChart, type Pair } from './remote-support.js';

const cluster = useCluster('full');
const cmp = new Comparer();
let work = '';
let plugins = '';
let repo: ChartRepoServer;
let authRepo: ChartRepoServer;
let tlsRepo: ChartRepoServer;
let mtlsRepo: ChartRepoServer;
let tls: TlsFiles;
let reg: Registry;
let digest100 = '';

async function must(args: string[], env: Record<string, string>, cwd?: string): Promise<string> {
  const r = await helm(args, env, cwd);
  assert.equal(r.code, 0, `helm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'remote-charts-'));
  const src = join(work, 'src');
  const repoDir = join(work, 'repo');
  mkdirSync(repoDir);
  plugins = join(work, 'plugins');
  const env = cleanEnv();
  for (const v of ['1.0.0', '1.1.0-rc.1']) {
    const dir = writeAppChart(join(src, v), 'app', v);
    await must(['package', dir, '-d', repoDir], env);
  }
  await must(['repo', 'index', repoDir], env);
  repo = await startChartRepoServer({ dir: repoDir });
  authRepo = await startChartRepoServer({ dir: repoDir, auth: { username: 'u', password: 'p' } });
  tls = makeTlsFiles();
  tlsRepo = await startChartRepoServer({ dir: repoDir, tls });
  mtlsRepo = await startChartRepoServer({ dir: repoDir, tls, requireClientCert: true });
  reg = await startRegistry();
  for (const v of ['1.0.0', '1.1.0-rc.1']) {
    const out = await must(
      ['push', join(repoDir, `app-${v}.tgz`), `oci://${reg.host}/charts`, '--plain-http'],
      env,
    );
    if (v === '1.0.0') digest100 = /Digest: (sha256:[0-9a-f]{64})/.exec(out)![1]!;
  }
  // Post-renderers: one adding a data key to every ConfigMap (hooks included), one failing.
  postRendererPlugin(plugins, 'stamp', 'sed "s/^data:/data:\\n  stamped: \\"$1\\"/"');
  postRendererPlugin(plugins, 'counted', 'echo run >> "$PR_COUNT"; cat');
  postRendererPlugin(plugins, 'broken', 'cat >/dev/null; echo broken >&2; exit 3');
});

after(async () => {
  process.stdout.write(`# remote install/upgrade comparisons with helm: ${cmp.count}\n`);
  await repo?.close();
  await authRepo?.close();
  await tlsRepo?.close();
  await mtlsRepo?.close();
  await reg?.stop();
});

async function pair(): Promise<Pair> {
  const h = await cluster.namespace('remh');
  const r = await cluster.namespace('remr');
  const extra = { KUBECONFIG: cluster.kubeconfig, HELM_PLUGINS: plugins };
  const p: Pair = {
    helm: h,
    rudder: r,
    names: { [h]: 'NS', [r]: 'NS' },
    env: { helm: cleanEnv(extra), rudder: cleanEnv(extra) },
  };
  for (const e of [p.env.helm, p.env.rudder]) await must(['repo', 'add', 'local', repo.url], e);
  return p;
}

const objects = (release: string, chart = 'app') => [
  { apiVersion: 'v1', kind: 'ConfigMap', name: `${release}-${chart}` },
  { apiVersion: 'v1', kind: 'ConfigMap', name: `${release}-${chart}-hook` },
];

test('repo/name: install the latest stable, upgrade with --devel by the other tool', async () => {
  const c = cluster.client();
  const p = await pair();
  assert.equal((await cmp.both(p, ['install', 'web', 'local/app'])).code, 0);
  await cmp.records(p, c);
  await cmp.objects(p, c, objects('web'));
  const up = await cmp.both(p, ['upgrade', 'web', 'local/app', '--devel', '--set', 'greeting=hi'], {
    swap: true,
  });
  assert.equal(up.code, 0);
  assert.match(up.stdout, /app 1\.1\.0-rc\.1 installed/);
  await cmp.records(p, c);
  await cmp.objects(p, c, objects('web'));
  // Back to a pinned version through upgrade --install on an existing release.
  assert.equal(
    (await cmp.both(p, ['upgrade', '--install', 'web', 'local/app', '--version', '~1.0.0'])).code,
    0,
  );
  await cmp.records(p, c);
  await cmp.objects(p, c, objects('web'));
});

test('--repo URL with basic auth, and an archive URL', async () => {
  const c = cluster.client();
  const p = await pair();
  const auth = ['--username', 'u', '--password', 'p'];
  assert.equal((await cmp.both(p, ['install', 'a', 'app', '--repo', authRepo.url, ...auth])).code, 0);
  assert.equal(
    (await cmp.both(p, ['install', 'b', 'app', '--repo', repo.url, '--version', '>=1.1.0-0'])).code,
    0,
  );
  assert.equal((await cmp.both(p, ['install', 'u', `${repo.url}/app-1.0.0.tgz`])).code, 0);
  await cmp.records(p, c);
  await cmp.objects(p, c, [...objects('a'), ...objects('b'), ...objects('u')]);
  // Wrong credentials, and a chart the repository does not have.
  assert.equal(
    (await cmp.both(p, ['install', 'x', 'app', '--repo', authRepo.url, '--username', 'u'])).code,
    1,
  );
  assert.equal(
    (await cmp.both(p, ['upgrade', 'a', 'nosuch', '--repo', authRepo.url, ...auth], { swap: true })).code,
    1,
  );
  await cmp.records(p, c);
});

test('oci://: install by tag, upgrade by digest and --devel, upgrade --install by constraint', async () => {
  const c = cluster.client();
  const p = await pair();
  const ref = `oci://${reg.host}/charts/app`;
  const i = await cmp.both(p, ['install', 'o', ref, '--version', '1.0.0', '--plain-http']);
  assert.equal(i.code, 0);
  // newRegistryClient writes to stdout for install and upgrade.
  assert.match(i.stdout, /^Pulled: 127\.0\.0\.1:\d+\/charts\/app:1\.0\.0\nDigest: sha256:/);
  await cmp.records(p, c);
  await cmp.objects(p, c, objects('o'));
  assert.equal(
    (await cmp.both(p, ['upgrade', 'o', `${ref}@${digest100}`, '--plain-http'], { swap: true })).code,
    0,
  );
  assert.equal((await cmp.both(p, ['upgrade', 'o', ref, '--devel', '--plain-http'])).code, 0);
  assert.equal(
    (await cmp.both(p, ['upgrade', '-i', 'o2', ref, '--version', '<1.1.0-0', '--plain-http'], { swap: true }))
      .code,
    0,
  );
  await cmp.records(p, c);
  await cmp.objects(p, c, [...objects('o'), ...objects('o2')]);
});

test('errors: missing chart, bad version, unknown repository, missing tag', async () => {
  const c = cluster.client();
  const p = await pair();
  const cases = [
    ['install', 'e', 'local/nosuch'],
    ['install', 'e', 'local/app', '--version', '9.9.9'],
    ['install', 'e', 'local/app', '--version', 'not a version'],
    ['install', 'e', 'nosuchrepo/app'],
    ['install', 'e', 'app', '--repo', repo.url, '--version', '>5'],
    ['install', 'e', `${repo.url}/missing-1.0.0.tgz`],
    ['install', 'e', `oci://${reg.host}/charts/app`, '--version', '7.0.0', '--plain-http'],
    ['upgrade', 'e', 'local/nosuch'],
    ['upgrade', '--install', 'e', 'local/app', '--version', '3'],
    ['upgrade', '--install', 'e', 'nosuchrepo/app'],
    ['upgrade', '--install', 'Bad_Name', 'local/app'],
    ['upgrade', '--install', 'e', 'local/app', '--debug', '--version', '1.0.0', '--dry-run=bogus'],
  ];
  for (const args of cases) assert.equal((await cmp.both(p, args)).code, 1, args.join(' '));
  await cmp.records(p, c);
});

/** A chart depending on `app` from the test repository, with nothing in charts/: one copy per tool. */
function parentChart(): { helm: string; rudder: string } {
  const root = mkdtempSync(join(work, 'parent-'));
  const dir = writeAppChart(
    root,
    'parent',
    '0.1.0',
    `dependencies:\n  - name: app\n    version: 1.0.0\n    repository: ${repo.url}\n`,
  );
  const copy = (who: string): string => {
    const d = join(root, who, 'parent');
    cpSync(dir, d, { recursive: true });
    return d;
  };
  return { helm: copy('h'), rudder: copy('r') };
}

// Chart.lock's generated time differs by nature.
const lockTime = (r: Record<string, unknown>): unknown =>
  JSON.parse(JSON.stringify(r).replace(/"generated":"[^"]*"/g, '"generated":"<time>"'));

test("--dependency-update: helm's error without it; fetched, locked and installed with it", async () => {
  const c = cluster.client();
  const p = await pair();
  const chart = parentChart();
  const cwd = { helm: join(chart.helm, '..'), rudder: join(chart.rudder, '..') };
  // Without the flag: Helm's error, for install, upgrade --install and upgrade.
  assert.equal((await cmp.both(p, ['install', 'd', './parent'], { cwd })).code, 1);
  assert.equal((await cmp.both(p, ['upgrade', '-i', 'd', './parent'], { cwd })).code, 1);
  const ok = await cmp.both(p, ['install', 'd', './parent', '--dependency-update'], { cwd });
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /Saving 1 charts/);
  assert.equal(
    readFileSync(join(chart.rudder, 'Chart.lock'), 'utf8').replace(/generated: .*/, ''),
    readFileSync(join(chart.helm, 'Chart.lock'), 'utf8').replace(/generated: .*/, ''),
  );
  await cmp.records(p, c, lockTime);
  await cmp.objects(p, c, [...objects('d', 'parent'), ...objects('d')]);
  // upgrade on a fresh copy (charts/ empty again), by the other tool.
  const again = parentChart();
  const cwd2 = { helm: join(again.rudder, '..'), rudder: join(again.helm, '..') };
  assert.equal((await cmp.both(p, ['upgrade', 'd', './parent'], { cwd: cwd2, swap: true })).code, 1);
  assert.equal(
    (await cmp.both(p, ['upgrade', 'd', './parent', '--dependency-update'], { cwd: cwd2, swap: true })).code,
    0,
  );
  await cmp.records(p, c, lockTime);
  await cmp.objects(p, c, [...objects('d', 'parent'), ...objects('d')]);
});

test('--post-renderer: the post-rendered manifest and hooks are recorded and applied', async () => {
  const c = cluster.client();
  const p = await pair();
  const pr = ['--post-renderer', 'stamp', '--post-renderer-args', 'one'];
  assert.equal((await cmp.both(p, ['install', 'pr', 'local/app', ...pr])).code, 0);
  const recs = await cmp.records(p, c);
  const rec = [...recs.values()][0]!.release;
  assert.match(String(rec['manifest']), /stamped: "one"/);
  assert.match(JSON.stringify(rec['hooks']), /stamped: \\"one\\"/);
  await cmp.objects(p, c, objects('pr'));
  const upArgs = ['--post-renderer', 'stamp', '--post-renderer-args', 'two', '--devel'];
  assert.equal((await cmp.both(p, ['upgrade', 'pr', 'local/app', ...upArgs], { swap: true })).code, 0);
  assert.equal((await cmp.both(p, ['upgrade', '-i', 'pr2', 'local/app', ...upArgs])).code, 0);
  // Rollback does not post-render: it re-applies the recorded manifest.
  assert.equal((await cmp.both(p, ['rollback', 'pr', '1'])).code, 0);
  await cmp.records(p, c);
  await cmp.objects(p, c, [...objects('pr'), ...objects('pr2')]);
  // A failing plugin, a plugin that does not exist, a dry run.
  assert.equal((await cmp.both(p, ['upgrade', 'pr', 'local/app', '--post-renderer', 'broken'])).code, 1);
  assert.equal((await cmp.both(p, ['install', 'pr3', 'local/app', '--post-renderer', 'nothere'])).code, 1);
  assert.equal((await cmp.both(p, ['install', 'pr3', 'local/app', ...pr, '--dry-run=client'])).code, 0);
  await cmp.records(p, c);
});

test('--repo over TLS: --ca-file, --insecure-skip-tls-verify, client certificates, TLS errors', async () => {
  const c = cluster.client();
  const p = await pair();
  const ca = ['--ca-file', tls.ca];
  const ok = [
    ['install', 't1', 'app', '--repo', tlsRepo.url, ...ca],
    ['install', 't2', 'app', '--repo', tlsRepo.url, '--insecure-skip-tls-verify'],
    [
      'install',
      't3',
      'app',
      '--repo',
      mtlsRepo.url,
      ...ca,
      '--cert-file',
      tls.clientCert,
      '--key-file',
      tls.clientKey,
    ],
    ['upgrade', 't1', 'app', '--repo', tlsRepo.url, ...ca, '--devel'],
  ];
  for (const args of ok) assert.equal((await cmp.both(p, args)).code, 0, args.join(' '));
  await cmp.records(p, c);
  await cmp.objects(p, c, [...objects('t1'), ...objects('t2'), ...objects('t3')]);
  const bad = [
    // Unknown authority; newRegistryClient's TLS errors come before anything else.
    ['install', 't4', 'app', '--repo', tlsRepo.url],
    ['upgrade', 't1', 'app', '--repo', tlsRepo.url, '--ca-file', join(work, 'nope')],
    [
      'install',
      't4',
      'app',
      '--repo',
      tlsRepo.url,
      '--cert-file',
      tls.clientCert,
      '--key-file',
      join(work, 'no'),
    ],
    ['install', 't4', 'app', '--repo', tlsRepo.url, '--ca-file', tls.key],
    [
      'install',
      't4',
      'app',
      '--repo',
      tlsRepo.url,
      '--cert-file',
      tls.clientKey,
      '--key-file',
      tls.clientCert,
    ],
    ['install', 't4', 'app', '--repo', tlsRepo.url, '--cert-file', tls.ca, '--key-file', tls.clientKey],
    ['upgrade', '-i', 't4', 'app', '--repo', tlsRepo.url, '--cert-file', tls.ca, '--key-file', tls.ca, ...ca],
  ];
  for (const args of bad) assert.equal((await cmp.both(p, args)).code, 1, args.join(' '));
  await cmp.records(p, c);
});

test('template --dependency-update fetches repository dependencies as install does', async () => {
  const p = await pair();
  const chart = parentChart();
  const cwd = { helm: join(chart.helm, '..'), rudder: join(chart.rudder, '..') };
  assert.equal((await cmp.both(p, ['template', 'd', './parent'], { cwd })).code, 1);
  const r = await cmp.both(p, ['template', 'd', './parent', '--dependency-update'], { cwd });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /name: d-app/);
});

test('--post-renderer runs once even when lookup makes rudder render twice', async () => {
  const c = cluster.client();
  const p = await pair();
  const root = mkdtempSync(join(work, 'lookup-'));
  const chart = writeAppChart(root, 'look', '0.1.0');
  // A lookup of an object that does not exist yet: rudder renders again once it knows the answer.
  writeFileSync(
    join(chart, 'templates', 'lookup.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-seen\ndata:\n  found: {{ (lookup "v1" "ConfigMap" .Release.Namespace "absent") | len | quote }}\n',
  );
  const count = { helm: join(root, 'helm-count'), rudder: join(root, 'rudder-count') };
  p.env.helm['PR_COUNT'] = count.helm;
  p.env.rudder['PR_COUNT'] = count.rudder;
  const args = ['--post-renderer', 'counted'];
  assert.equal((await cmp.both(p, ['install', 'lk', chart, ...args])).code, 0);
  assert.equal((await cmp.both(p, ['upgrade', 'lk', chart, ...args])).code, 0);
  await cmp.records(p, c);
  const runs = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  cmp.same('post-renderer runs', runs(count.helm), runs(count.rudder));
  assert.equal(runs(count.rudder), 'run\nrun\n');
});
