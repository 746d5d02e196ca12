// HTTP(S) chart repositories, compared with the real helm v4.3.2: `repo index` output byte for byte
// (times masked), `repo add|list|remove|update`, `search repo`, `pull`, and `template`/`show` of
// repository charts, each tool reading the repositories.yaml and cache the other wrote. Servers are
// our own static server on 127.0.0.1 (plain, basic auth, TLS, mutual TLS).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  makeTlsFiles,
  startChartRepoServer,
  type ChartRepoServer,
  type TlsFiles,
} from '../support/chart-repo-server.js';
import {
  both,
  cleanEnv,
  helm,
  maskTimes,
  packageChart,
  rudder,
  snapshot,
  type RunResult,
} from './support.js';

let repoDir: string;
let tls: TlsFiles;
let plain: ChartRepoServer;
let auth: ChartRepoServer;
let secure: ChartRepoServer;
let mutual: ChartRepoServer;
let compared = 0;

before(async () => {
  repoDir = mkdtempSync(join(tmpdir(), 'rudder-repo-'));
  await packageChart(repoDir, 'alpha', '0.1.0', { description: 'first alpha', keywords: '[web, frontend]' });
  await packageChart(repoDir, 'alpha', '0.2.0-rc.1', { description: 'alpha candidate' });
  await packageChart(repoDir, 'alpha', '1.0.0', { description: 'stable alpha', appVersion: '"2.0"' });
  await packageChart(join(repoDir, 'db'), 'beta', '0.3.0', {
    description: 'a database thing with a rather long description that the table cuts short',
    keywords: '[db, sql]',
  });
  const r = await helm(['repo', 'index', repoDir], cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  tls = makeTlsFiles();
  plain = await startChartRepoServer({ dir: repoDir });
  auth = await startChartRepoServer({ dir: repoDir, auth: { username: 'alice', password: 's3cret' } });
  secure = await startChartRepoServer({ dir: repoDir, tls });
  mutual = await startChartRepoServer({ dir: repoDir, tls, requireClientCert: true });
});

after(async () => {
  await Promise.all([plain, auth, secure, mutual].map((s) => s?.close()));
  console.log(`# helm interop comparisons: ${compared}`);
});

function same(h: RunResult, r: RunResult, what: string): void {
  compared++;
  assert.deepEqual(r, h, what);
}

function pairEnvs(): { h: Record<string, string>; r: Record<string, string> } {
  return { h: cleanEnv(), r: cleanEnv() };
}

const repoFile = (env: Record<string, string>): string =>
  join(env.HOME!, '.config', 'helm', 'repositories.yaml');
const repoCache = (env: Record<string, string>): string => join(env.HOME!, '.cache', 'helm', 'repository');
/** The repository cache: index files byte for byte, chart lists as sets (helm writes them in map order). */
function cacheFiles(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(repoCache(env)).sort()) {
    const text = readFileSync(join(repoCache(env), n), 'utf8');
    out[n] = n.endsWith('-charts.txt') ? text.split('\n').sort().join('\n') : text;
  }
  return out;
}
const contentCache = (env: Record<string, string>): string => join(env.HOME!, '.cache', 'helm', 'content');

test('repo index writes index.yaml and JSON as helm does (--url, --merge)', async () => {
  const cases: string[][] = [[], ['--url', 'https://charts.example.com/x'], ['--json'], ['--merge', 'MERGE']];
  for (const extra of cases) {
    const h = mkdtempSync(join(tmpdir(), 'rudder-idx-h-'));
    const r = mkdtempSync(join(tmpdir(), 'rudder-idx-r-'));
    for (const d of [h, r]) {
      cpSync(repoDir, d, { recursive: true });
      // The merged index: an older entry and a newer alpha from elsewhere.
      copyFileSync(join(repoDir, 'index.yaml'), join(d, 'old.yaml'));
    }
    const args = (d: string): string[] => [
      'repo',
      'index',
      d,
      ...extra.map((a) => (a === 'MERGE' ? join(d, 'old.yaml') : a)),
    ];
    const [hr, rr] = await Promise.all([helm(args(h), cleanEnv()), rudder(args(r), cleanEnv())]);
    same(hr, { ...rr, stderr: rr.stderr.replaceAll(r, h) }, `repo index ${extra.join(' ')}`);
    const a = maskTimes(readFileSync(join(h, 'index.yaml'), 'utf8'));
    const b = maskTimes(readFileSync(join(r, 'index.yaml'), 'utf8'));
    compared++;
    assert.equal(b, a.replaceAll(h, r), `index.yaml for ${extra.join(' ')}`);
  }
});

test('repo add, list, remove: output, errors and repositories.yaml as helm', async () => {
  const envs = pairEnvs();
  const steps: string[][] = [
    ['repo', 'list'],
    ['repo', 'remove', 'nope'],
    ['repo', 'update'],
    ['repo', 'add', 'plain', plain.url],
    ['repo', 'add', 'plain', plain.url],
    ['repo', 'add', 'plain', `${plain.url}/other`],
    ['repo', 'add', 'a/b', plain.url],
    ['repo', 'add', 'missing', `${plain.url}/nothing-here`],
    ['repo', 'add', 'old', 'https://kubernetes-charts.storage.googleapis.com'],
    ['repo', 'add', 'second', plain.url],
    ['repo', 'add', 'plain', `${plain.url}/`, '--force-update'],
    ['repo', 'list'],
    ['repo', 'ls', '-o', 'json'],
    ['repo', 'list', '-o', 'yaml'],
    ['repo', 'list', '--no-headers'],
    ['repo', 'update', 'nope'],
    ['repo', 'update', 'second'],
    ['repo', 'remove', 'second', 'nope'],
    ['repo', 'list'],
    ['repo', 'add', 'ftp', 'ftp://127.0.0.1/charts'],
    ['repo', 'add', 'closed', 'http://127.0.0.1:1'],
    ['repo', 'add', 'slow', plain.url, '--timeout', '1ns'],
    ['repo', 'index', '/nonexistent/chart-dir'],
  ];
  // Go's temporary file name carries a random number: the one masked detail.
  const tmpName = (x: RunResult): RunResult => ({
    ...x,
    stderr: x.stderr.replace(/index\.yaml\d+:/, 'index.yaml:'),
  });
  for (const args of steps) {
    const [h, r] = await both(args, envs);
    same(tmpName(h), r, args.join(' '));
  }
  compared++;
  assert.equal(
    maskTimes(readFileSync(repoFile(envs.r), 'utf8')),
    maskTimes(readFileSync(repoFile(envs.h), 'utf8')),
  );
  compared++;
  assert.deepEqual(cacheFiles(envs.r), cacheFiles(envs.h));
  const [h, r] = await both(['repo', 'remove', 'plain'], envs);
  same(h, r, 'repo remove plain');
  compared++;
  assert.equal(readFileSync(repoFile(envs.r), 'utf8'), readFileSync(repoFile(envs.h), 'utf8'));
  assert.deepEqual(readdirSync(repoCache(envs.r)), []);
  const [h2, r2] = await both(['repo', 'remove', 'plain'], envs);
  same(h2, r2, 'repo remove on an empty file');
});

test('each tool reads the repositories and cache the other wrote', async () => {
  const env = cleanEnv();
  assert.equal((await helm(['repo', 'add', 'hr', plain.url], env)).code, 0);
  const added = await rudder(['repo', 'add', 'rr', plain.url], env);
  assert.equal(added.stdout, '"rr" has been added to your repositories\n');
  for (const args of [
    ['repo', 'list'],
    ['repo', 'list', '-o', 'json'],
    ['search', 'repo', 'alpha'],
    ['search', 'repo', 'beta', '-o', 'json'],
    ['show', 'chart', 'hr/alpha'],
    ['show', 'values', 'rr/beta'],
    ['template', 'x', 'rr/alpha', '--version', '0.1.0'],
    ['template', 'x', 'hr/alpha', '--devel'],
  ]) {
    const [h, r] = await Promise.all([helm(args, env), rudder(args, env)]);
    same(h, r, args.join(' '));
  }
  // A second render of a cached digest asks the server for nothing but nothing else.
  const asked = plain.log.filter((l) => l.path.endsWith('.tgz')).length;
  assert.equal((await rudder(['template', 'x', 'hr/alpha', '--version', '0.1.0'], env)).code, 0);
  assert.equal((await rudder(['show', 'chart', 'rr/alpha', '--devel'], env)).code, 0);
  assert.equal(
    plain.log.filter((l) => l.path.endsWith('.tgz')).length,
    asked,
    'served from the content cache',
  );
  // Both read the content cache the other filled: same files, one per digest.
  const files = snapshot(contentCache(env));
  for (const [name, digest] of Object.entries(files)) assert.ok(name.endsWith(`${digest}.chart`), name);
  // helm removes the repository rudder added, and the reverse.
  same(
    await helm(['repo', 'remove', 'rr'], env),
    { stdout: '"rr" has been removed from your repositories\n', stderr: '', code: 0 },
    "helm removes rudder's",
  );
  same(
    await rudder(['repo', 'remove', 'hr'], env),
    { stdout: '"hr" has been removed from your repositories\n', stderr: '', code: 0 },
    "rudder removes helm's",
  );
  assert.deepEqual(readdirSync(repoCache(env)), []);
});

test('search repo: terms, --regexp, --versions, --version constraints, --devel, -o, errors', async () => {
  const env = cleanEnv();
  assert.equal((await helm(['repo', 'add', 'one', plain.url], env)).code, 0);
  assert.equal((await rudder(['repo', 'add', 'two', plain.url], env)).code, 0);
  const cases: string[][] = [
    [],
    ['alpha'],
    ['ALPHA'],
    ['sql'],
    ['database'],
    ['two/'],
    ['nothing-matches'],
    ['nothing-matches', '--fail-on-no-result'],
    ['nothing-matches', '-o', 'json'],
    ['-r', 'a.p'],
    ['-r', '^two/b'],
    ['-r', '[bad'],
    ['alpha', '--versions'],
    ['-l'],
    ['alpha', '--devel'],
    ['alpha', '--devel', '-l'],
    ['alpha', '--version', '^0.1'],
    ['alpha', '--version', '>=0.1.0 <1.0.0', '-l'],
    ['alpha', '--version', '>=0.1.0-0', '-l'],
    ['alpha', '--version', 'not a constraint'],
    ['--max-col-width', '10'],
    ['-o', 'yaml'],
    ['alpha', '-l', '-o', 'json'],
  ];
  for (const c of cases) {
    const args = ['search', 'repo', ...c];
    const [h, r] = await Promise.all([helm(args, env), rudder(args, env)]);
    same(h, r, args.join(' '));
  }
  const none = cleanEnv();
  const [h, r] = await both(['search', 'repo', 'x'], { h: none, r: none });
  same(h, r, 'search with no repositories');
});

test('pull: repo/name, --version, --devel, --repo, URLs, --untar, --untardir, -d; errors as helm', async () => {
  const envs = pairEnvs();
  for (const e of [envs.h, envs.r]) assert.equal((await helm(['repo', 'add', 'rp', plain.url], e)).code, 0);
  const wd = {
    h: mkdtempSync(join(tmpdir(), 'rudder-pull-h-')),
    r: mkdtempSync(join(tmpdir(), 'rudder-pull-r-')),
  };
  for (const d of [wd.h, wd.r]) mkdirSync(join(d, 'out'));
  const cases: string[][] = [
    ['pull', 'rp/alpha'],
    ['pull', 'rp/alpha', '--version', '0.1.0', '-d', 'out'],
    ['pull', 'rp/alpha', '--devel', '--untar', '-d', 'out'],
    ['pull', 'rp/alpha', '--untar', '-d', 'out'],
    ['pull', 'rp/beta', '--untar', '--untardir', 'unpacked'],
    ['pull', 'beta', '--repo', plain.url, '-d', 'out'],
    ['pull', 'alpha', '--repo', plain.url, '--version', '~0.1', '--untar', '--untardir', 'viarepo'],
    ['pull', `${plain.url}/db/beta-0.3.0.tgz`, '-d', 'out/..'],
    ['fetch', 'rp/alpha', '--version', '0.2.0-rc.1'],
    ['pull', 'rp/nope'],
    ['pull', 'nope/alpha'],
    ['pull', 'alpha'],
    ['pull', 'rp/alpha', '--version', '9.9.9'],
    ['pull', 'alpha', '--repo', plain.url, '--version', '5'],
    ['pull', 'alpha', '--repo', `${plain.url}/nothing`],
    ['pull', `${plain.url}/missing-1.0.0.tgz`],
  ];
  for (const args of cases) {
    const [h, r] = await both(args, envs, wd);
    same(h, r, args.join(' '));
  }
  compared++;
  assert.deepEqual(snapshot(wd.r), snapshot(wd.h));
  assert.ok(existsSync(join(wd.r, 'out', 'alpha', 'Chart.yaml')));
  assert.ok(existsSync(join(wd.r, 'unpacked', 'beta', 'values.yaml')));
});

test('basic auth: --username/--password, --password-stdin, wrong password, pass-credentials', async () => {
  const envs = pairEnvs();
  const steps: [string[], string?][] = [
    [['repo', 'add', 'locked', auth.url]],
    [['repo', 'add', 'locked', auth.url, '--username', 'alice']],
    [['repo', 'add', 'locked', auth.url, '--username', 'alice', '--password', 'wrong']],
    [['repo', 'add', 'locked', auth.url, '--username', 'alice', '--password-stdin'], 's3cret\n'],
    [
      [
        'repo',
        'add',
        'locked2',
        auth.url,
        '--username',
        'alice',
        '--password',
        's3cret',
        '--pass-credentials',
      ],
    ],
    [['repo', 'list']],
    [['search', 'repo', 'locked/']],
    [['pull', 'locked/alpha', '--version', '0.1.0']],
    [['show', 'chart', 'alpha', '--repo', auth.url, '--username', 'alice', '--password', 's3cret']],
  ];
  const wd = {
    h: mkdtempSync(join(tmpdir(), 'rudder-auth-h-')),
    r: mkdtempSync(join(tmpdir(), 'rudder-auth-r-')),
  };
  for (const [args, input] of steps) {
    const [h, r] = await both(args, envs, wd, input);
    same(h, r, args.join(' '));
  }
  compared++;
  assert.equal(
    maskTimes(readFileSync(repoFile(envs.r), 'utf8')),
    maskTimes(readFileSync(repoFile(envs.h), 'utf8')),
  );
  assert.match(readFileSync(repoFile(envs.r), 'utf8'), /password: s3cret/);
  compared++;
  assert.deepEqual(snapshot(wd.r), snapshot(wd.h));
});

test('TLS: --ca-file, --insecure-skip-tls-verify, client certificates', async () => {
  const envs = pairEnvs();
  const ok: string[][] = [
    ['repo', 'add', 'ca', secure.url, '--ca-file', tls.ca],
    ['repo', 'add', 'skip', secure.url, '--insecure-skip-tls-verify'],
    [
      'repo',
      'add',
      'mtls',
      mutual.url,
      '--ca-file',
      tls.ca,
      '--cert-file',
      tls.clientCert,
      '--key-file',
      tls.clientKey,
    ],
    ['search', 'repo', 'beta'],
    ['show', 'chart', 'mtls/beta'],
    ['show', 'chart', 'ca/alpha', '--version', '0.1.0'],
    ['template', 'x', 'skip/beta'],
  ];
  for (const args of ok) {
    const [h, r] = await both(args, envs);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    same(h, r, args.join(' '));
  }
  compared++;
  assert.equal(
    maskTimes(readFileSync(repoFile(envs.r), 'utf8')),
    maskTimes(readFileSync(repoFile(envs.h), 'utf8')),
  );
  // Without the CA the certificate is refused; the text is Go's.
  const [h, r] = await both(['repo', 'add', 'noca', secure.url], envs);
  same(h, r, 'repo add without the CA');
  const [h2, r2] = await both(['repo', 'add', 'nocert', mutual.url, '--ca-file', tls.ca], envs);
  assert.equal(r2.code, 1);
  assert.equal(h2.code, 1);
  assert.match(
    r2.stderr,
    /^Error: looks like "https:\/\/127\.0\.0\.1:\d+" is not a valid chart repository or cannot be reached: /,
  );
});
