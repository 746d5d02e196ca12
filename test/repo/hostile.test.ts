// Bad and hostile repositories: malformed index.yaml (same errors as helm v4.3.2), archives whose
// digest differs from the index entry (refused, unlike helm), credentials kept to their own host
// (also across redirects and with --repo), failed downloads leaving the caches as they were, and
// archives that try to escape on --untar.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { both, cleanEnv, helm, packageChart, rudder, sha256, snapshot } from './support.js';

let dir: string;
let server: ChartRepoServer;
let other: ChartRepoServer;
let alpha: Buffer;
let beta: Buffer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rudder-hostile-'));
  alpha = readFileSync(await packageChart(dir, 'alpha', '0.1.0'));
  beta = readFileSync(await packageChart(join(dir, 'x'), 'beta', '0.1.0'));
  server = await startChartRepoServer({ dir });
  other = await startChartRepoServer({ dir });
});

after(async () => {
  await Promise.all([server?.close(), other?.close()]);
});

const repoCache = (env: Record<string, string>): string => join(env.HOME!, '.cache', 'helm', 'repository');
const contentCache = (env: Record<string, string>): string => join(env.HOME!, '.cache', 'helm', 'content');

/** Serves `body` for one path, before the static files. */
function serve(s: ChartRepoServer, path: string, body: string | Buffer, status = 200): void {
  s.overrides.unshift((req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== path) return false;
    res.writeHead(status);
    res.end(body);
    return true;
  });
}

/** A ustar archive of regular files, names taken as given (no checks: that is the point). */
function tarOf(files: [string, string][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of files) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const entry = (name: string, version: string, url: string, digest: string): string =>
  `  ${name}:\n  - apiVersion: v2\n    name: ${name}\n    version: ${version}\n    digest: ${digest}\n    urls:\n    - ${url}\n`;

test('malformed index.yaml: the same errors and warnings as helm, nothing cached', async () => {
  const deep = '['.repeat(12000) + ']'.repeat(12000);
  const laughs = ['a: &a [x,x,x,x,x,x,x,x,x]']
    .concat(
      'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
    )
    .join('\n');
  const cases: [string, string][] = [
    ['wrong types', 'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: [1]\n'],
    ['entries not a map', 'apiVersion: v1\nentries: 5\n'],
    ['urls not a list', 'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    urls: 5\n'],
    ['unknown top-level field', 'apiVersion: v1\nfoo: 1\nentries: {}\n'],
    [
      'unknown entry field',
      'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    bogus: 1\n',
    ],
    [
      'duplicate keys',
      'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n  a:\n  - name: a\n    version: 2.0.0\n  b: {x: 1, x: 2}\n',
    ],
    ['duplicate null key', 'apiVersion: v1\nentries:\nentries:\nannotations: {}\n'],
    ['duplicate block scalar', 'apiVersion: v1\nentries: {}\nannotations:\n  a:\n  a: |\n    x\n'],
    ['no apiVersion', 'entries: {}\n'],
    ['empty', ''],
    ['not a map', '- 1\n- 2\n'],
    [
      'deep nesting',
      `apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    annotations:\n      x: ${deep}\n`,
    ],
    ['alias expansion', `${laughs}\napiVersion: v1\n`],
    [
      'JSON with unknown fields',
      '{"apiVersion":"v1","entries":{"a":[{"name":"a","version":"1.0.0","zzz":1}]}}',
    ],
    [
      'invalid entries skipped',
      'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: notsemver\n    urls: [x]\n  - null\n  - name: b\n  - name: a\n    version: 1.0.0\n    urls: [a-1.0.0.tgz]\n',
    ],
  ];
  for (const [what, text] of cases) {
    const path = `/bad-${cases.findIndex((c) => c[0] === what)}`;
    serve(server, `${path}/index.yaml`, text);
    const envs = { h: cleanEnv(), r: cleanEnv() };
    const [h, r] = await both(['repo', 'add', 'bad', `${server.url}${path}`], envs);
    assert.deepEqual(r, h, what);
    if (h.code !== 0) assert.equal(existsSync(repoCache(envs.r)), false, `${what}: nothing cached`);
  }
});

test('an archive whose digest differs from its index entry is refused (helm accepts it)', async () => {
  const d = mkdtempSync(join(tmpdir(), 'rudder-digest-'));
  writeFileSync(
    join(d, 'index.yaml'),
    `apiVersion: v1\nentries:\n${entry('alpha', '0.1.0', 'alpha-0.1.0.tgz', sha256(alpha))}${entry('beta', '0.1.0', 'beta-0.1.0.tgz', sha256(alpha))}`,
  );
  copyFileSync(join(dir, 'alpha-0.1.0.tgz'), join(d, 'alpha-0.1.0.tgz'));
  writeFileSync(join(d, 'beta-0.1.0.tgz'), beta); // not the archive the digest names
  const s = await startChartRepoServer({ dir: d });
  try {
    const env = cleanEnv();
    const wd = mkdtempSync(join(tmpdir(), 'rudder-digest-wd-'));
    assert.equal((await rudder(['repo', 'add', 'd', s.url], env)).code, 0);
    const bad = await rudder(['pull', 'd/beta'], env, wd);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      `Error: digest mismatch for ${s.url}/beta-0.1.0.tgz (repository "d", entry beta-0.1.0): the index lists sha256:${sha256(alpha)}, the download is sha256:${sha256(beta)}\n`,
    );
    assert.deepEqual(readdirSync(wd), []);
    const tpl = await rudder(['template', 'x', 'd/beta'], env, wd);
    assert.equal(tpl.code, 1);
    assert.match(tpl.stderr, /digest mismatch .*entry beta-0\.1\.0/);
    assert.equal(existsSync(contentCache(env)), false, 'nothing enters the content cache');
    // The good chart still works, and is cached by its digest.
    assert.equal((await rudder(['template', 'x', 'd/alpha'], env, wd)).code, 0);
    assert.deepEqual(Object.keys(snapshot(contentCache(env))), [
      join(sha256(alpha).slice(0, 2), `${sha256(alpha)}.chart`),
    ]);
    // helm v4.3.2 takes the wrong archive.
    const henv = cleanEnv();
    assert.equal((await helm(['repo', 'add', 'd', s.url], henv)).code, 0);
    assert.equal((await helm(['pull', 'd/beta'], henv, wd)).code, 0);
  } finally {
    await s.close();
  }
});

test('credentials stay with their host: other ports, redirects and --repo', async () => {
  const d = mkdtempSync(join(tmpdir(), 'rudder-creds-'));
  const locked = await startChartRepoServer({ dir: d, auth: { username: 'bob', password: 'pw' } });
  const elsewhere = await startChartRepoServer({ dir });
  try {
    writeFileSync(
      join(d, 'index.yaml'),
      `apiVersion: v1\nentries:\n${entry('alpha', '0.1.0', `${elsewhere.url}/alpha-0.1.0.tgz`, sha256(alpha))}${entry(
        'beta',
        '0.1.0',
        'redirected/beta-0.1.0.tgz',
        sha256(beta),
      )}`,
    );
    // The locked server sends beta's download to the other port.
    locked.overrides.push((req, res) => {
      if (!req.url?.startsWith('/redirected/')) return false;
      res.writeHead(302, { Location: `${elsewhere.url}/x/beta-0.1.0.tgz` });
      res.end();
      return true;
    });
    const env = cleanEnv();
    const wd = mkdtempSync(join(tmpdir(), 'rudder-creds-wd-'));
    const add = await rudder(
      ['repo', 'add', 'locked', locked.url, '--username', 'bob', '--password', 'pw'],
      env,
    );
    assert.equal(add.code, 0, add.stderr);
    for (const args of [
      ['pull', 'locked/alpha'],
      ['pull', 'locked/beta'],
      ['pull', 'alpha', '--repo', locked.url, '--username', 'bob', '--password', 'pw', '-d', 'out'],
    ]) {
      if (args.includes('out')) mkdirSync(join(wd, 'out'));
      const r = await rudder(args, env, wd);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.ok(elsewhere.log.length >= 3, 'the other server was asked');
    assert.deepEqual(
      elsewhere.log.map((l) => l.authorization),
      elsewhere.log.map(() => undefined),
      'no credentials reached the other port',
    );
    assert.ok(
      locked.log.some((l) => l.authorization === `Basic ${Buffer.from('bob:pw').toString('base64')}`),
    );
    assert.equal(readFileSync(join(wd, 'beta-0.1.0.tgz')).equals(beta), true);
    // With --pass-credentials the user asked for them to go everywhere.
    const before = elsewhere.log.length;
    const all = await rudder(
      [
        'pull',
        'alpha',
        '--repo',
        locked.url,
        '--username',
        'bob',
        '--password',
        'pw',
        '--pass-credentials',
        '-d',
        'out2',
      ],
      cleanEnv(), // no configured repository lists the URL, so the flags decide
      (mkdirSync(join(wd, 'out2')), wd),
    );
    assert.equal(all.code, 0, all.stderr);
    assert.ok(elsewhere.log.slice(before).some((l) => l.authorization !== undefined));
  } finally {
    await Promise.all([locked.close(), elsewhere.close()]);
  }
});

test('a failed update or download leaves the caches as they were', async () => {
  const env = cleanEnv();
  const add = await rudder(['repo', 'add', 'r', `${server.url}/flaky`], env);
  assert.equal(add.code, 1, 'no index yet');
  serve(
    server,
    '/flaky/index.yaml',
    `apiVersion: v1\nentries:\n${entry('alpha', '0.1.0', 'alpha-0.1.0.tgz', sha256(alpha))}`,
  );
  assert.equal((await rudder(['repo', 'add', 'r', `${server.url}/flaky`], env)).code, 0);
  const cached = snapshot(repoCache(env));
  // The server now answers 500, then garbage: both updates fail, the cache is untouched.
  serve(server, '/flaky/index.yaml', 'oops', 500);
  const u1 = await rudder(['repo', 'update'], env);
  assert.equal(u1.code, 1);
  assert.match(
    u1.stdout,
    /Unable to get an update from the "r" chart repository .*\n\tfailed to fetch .*\/flaky\/index.yaml : 500 Internal Server Error\n/,
  );
  assert.equal(u1.stderr, `Error: failed to update the following repositories: [${server.url}/flaky]\n`);
  serve(server, '/flaky/index.yaml', 'apiVersion: v1\nentries: [\n');
  assert.equal((await rudder(['repo', 'update'], env)).code, 1);
  assert.deepEqual(snapshot(repoCache(env)), cached);
  // A chart download that fails writes nothing anywhere.
  serve(server, '/flaky/alpha-0.1.0.tgz', 'gone', 503);
  const wd = mkdtempSync(join(tmpdir(), 'rudder-flaky-wd-'));
  const pull = await rudder(['pull', 'r/alpha'], env, wd);
  assert.equal(
    pull.stderr,
    `Error: failed to fetch ${server.url}/flaky/alpha-0.1.0.tgz : 503 Service Unavailable\n`,
  );
  const tpl = await rudder(['template', 'x', 'r/alpha'], env, wd);
  assert.equal(tpl.code, 1);
  assert.deepEqual(readdirSync(wd), []);
  assert.equal(existsSync(contentCache(env)), false);
});

test('an archive with entries outside the chart is refused on --untar, as helm does', async () => {
  const d = mkdtempSync(join(tmpdir(), 'rudder-evil-'));
  writeFileSync(
    join(d, 'evil-0.1.0.tgz'),
    gzipSync(
      tarOf([
        ['evil/Chart.yaml', 'apiVersion: v2\nname: evil\nversion: 0.1.0\n'],
        ['evil/../../escaped.txt', 'boo\n'],
      ]),
    ),
  );
  const evil = readFileSync(join(d, 'evil-0.1.0.tgz'));
  writeFileSync(
    join(d, 'index.yaml'),
    `apiVersion: v1\nentries:\n${entry('evil', '0.1.0', 'evil-0.1.0.tgz', sha256(evil))}`,
  );
  const s = await startChartRepoServer({ dir: d });
  try {
    const envs = { h: cleanEnv(), r: cleanEnv() };
    const wd = {
      h: mkdtempSync(join(tmpdir(), 'rudder-evil-h-')),
      r: mkdtempSync(join(tmpdir(), 'rudder-evil-r-')),
    };
    for (const d2 of [wd.h, wd.r]) mkdirSync(join(d2, 'deep', 'er'), { recursive: true });
    const [h, r] = await both(['pull', 'evil', '--repo', s.url, '--untar', '-d', 'deep/er'], envs, wd);
    assert.deepEqual(r, h);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error: chart illegally references parent directory\n');
    assert.equal(existsSync(join(wd.r, 'escaped.txt')), false);
    assert.deepEqual(snapshot(wd.r), {});
  } finally {
    await s.close();
  }
});
