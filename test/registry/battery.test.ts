// A battery of distribution commands with odd inputs, helm v4.3.2 and rudder side by side on
// loopback servers (a chart repository, one with basic auth, a registry and one with htpasswd):
// repo add/list/update/remove, search repo, pull, show, template, install --dry-run=client, push,
// registry login/logout and dependency update/build, each tool in its own HOME across the steps.
// Compared on stdout, stderr and exit code (slog times and random temporary names masked).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, helm, type RunResult } from '../repo/support.js';
import { chartRepoDir, compareSessions, noTime } from '../support/sessions.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { startRegistry, type Registry } from '../support/registry.js';

let plain: ChartRepoServer;
let auth: ChartRepoServer;
let reg: Registry;
let areg: Registry;
let dir: string;

before(async () => {
  dir = await chartRepoDir('battery-repo', [
    ['alpha', '1.0.0'],
    ['alpha', '1.1.0-rc.1'],
    ['beta', '0.1.0'],
  ]);
  plain = await startChartRepoServer({ dir });
  auth = await startChartRepoServer({ dir, auth: { username: 'alice', password: 's3cret' } });
  reg = await startRegistry();
  areg = await startRegistry({ auth: true });
  for (const v of ['1.0.0', '1.1.0-rc.1']) {
    const p = await helm(
      ['push', join(dir, `alpha-${v}.tgz`), `oci://${reg.host}`, '--plain-http'],
      cleanEnv(),
    );
    assert.equal(p.code, 0, p.stderr);
  }
});

after(async () => {
  await plain?.close();
  await auth?.close();
  await reg?.stop();
  await areg?.stop();
});

/** A chart in cwd depending on beta from the plain repository and alpha from the registry. */
function umbrella(cwd: string, deps: string): void {
  const d = join(cwd, 'umb');
  mkdirSync(join(d, 'templates'), { recursive: true });
  writeFileSync(join(d, 'Chart.yaml'), `apiVersion: v2\nname: umb\nversion: 0.1.0\ndependencies:\n${deps}`);
}

async function compare(steps: string[][], deps = ''): Promise<RunResult[]> {
  const mask = (s: string, home: string): string =>
    noTime(s)
      .replaceAll(home, 'HOME')
      .replace(/(\.tgz)\d+: no such file/g, '$1N: no such file');
  const setup = (cwd: string): void => umbrella(cwd, deps);
  return (await compareSessions(steps, { prefix: 'battery', mask, maskStdout: true, setup })).helm.outs;
}

test('chart repositories: repo, search, pull, show, template and install with odd inputs', async () => {
  const p = plain.url;
  const a = auth.url;
  const h = await compare([
    ['repo', 'add', 'p', p],
    ['repo', 'add', 'p', p],
    ['repo', 'add', 'p', a],
    ['repo', 'add', 'a', a],
    ['repo', 'add', 'a', a, '--username', 'alice', '--password', 'bad'],
    ['repo', 'add', 'a', a, '--username', 'alice', '--password', 's3cret'],
    ['repo', 'add', 'dead', 'http://127.0.0.1:1'],
    ['repo', 'list', '-o', 'json'],
    ['repo', 'update', 'p', 'nope'],
    ['search', 'repo', 'alpha', '--devel'],
    ['search', 'repo', 'alpha', '--version', '>=1.1.0-0'],
    ['search', 'repo', 'nothing'],
    ['pull', 'p/alpha', '--version', '2.0.0'],
    ['pull', 'p/alpha', '--version', '<0.1'],
    ['pull', 'p/nope'],
    ['pull', 'nope/alpha'],
    ['pull', 'a/alpha'],
    ['pull', 'p/alpha', '--untar'],
    ['pull', 'p/alpha', '--untar'],
    ['pull', 'p/alpha', '-d', 'nodir'],
    ['pull', 'p/alpha', '--devel', '--debug', '-d', 'umb'],
    ['pull', 'p/alpha', '--prov'],
    ['pull', 'p/alpha', '--verify'],
    ['pull', `${p}/missing-1.0.0.tgz`],
    ['show', 'chart', 'p/beta', '--version', '9'],
    ['template', 'p/alpha', '--devel'],
    ['install', 'x', 'p/nope', '--dry-run=client'],
    ['repo', 'remove', 'p', 'nope'],
    ['repo', 'remove', 'a'],
  ]);
  assert.match(h[19]!.stderr, /^Error: open nodir\/alpha-1\.0\.0\.tgzN: no such file or directory\n/);
});

test('registries: login, logout, pull, show, template and push with odd inputs', async () => {
  const r = reg.host;
  const ar = areg.host;
  const tgz = join(dir, 'alpha-1.0.0.tgz');
  await compare([
    ['registry', 'login', ar, '--plain-http', '-u', 'testuser', '-p', 'wrong'],
    ['registry', 'login', ar, '--plain-http', '-u', 'testuser', '-p', 'testpass'],
    ['push', tgz, `oci://${ar}/ns`, '--plain-http'],
    ['pull', `oci://${ar}/ns/alpha`, '--version', '1.0.0', '--plain-http'],
    ['registry', 'logout', ar],
    ['registry', 'logout', ar],
    ['pull', `oci://${ar}/ns/alpha`, '--version', '1.0.0', '--plain-http'],
    ['pull', `oci://${ar}/ns/alpha`, '--plain-http', '--username', 'x', '--password', 'y'],
    ['registry', 'login', '127.0.0.1:1', '-u', 'a', '-p', 'b'],
    ['registry', 'login', r, '-u', 'a', '-p', 'b'],
    ['push', join(dir, 'nope.tgz'), `oci://${r}`, '--plain-http'],
    ['push', `${tgz}/x`, `oci://${r}`, '--plain-http'],
    ['push', tgz, `http://${r}`],
    ['push', tgz, r],
    ['push', tgz, '%zz'],
    ['push', dir, `oci://${r}`, '--plain-http'],
    ['show', 'chart', `oci://${r}/alpha`, '--version', '7.0.0', '--plain-http'],
    ['show', 'chart', `oci://${r}/alpha`, '--version', '>5', '--plain-http'],
    ['show', 'readme', `oci://${r}/alpha:1.0.0`, '--plain-http', '--version', '1.1.0'],
    ['template', `oci://${r}/alpha`, '--plain-http', '--devel'],
    ['pull', `oci://${r}/alpha`, '--plain-http', '--version', '~1.1.0-0', '-d', 'nodir'],
  ]);
});

test('dependency update and build from a repository and a registry', async () => {
  const deps =
    `- name: beta\n  version: ">=0.1.0"\n  repository: ${plain.url}\n` +
    `- name: alpha\n  alias: fromoci\n  version: 1.0.0\n  repository: oci://${reg.host}\n`;
  await compare(
    [
      ['dependency', 'build', 'umb', '--plain-http'],
      ['dependency', 'update', 'umb', '--plain-http'],
      ['dependency', 'list', 'umb'],
      ['dependency', 'build', 'umb', '--plain-http'],
      ['dependency', 'update', 'umb', '--skip-refresh', '--plain-http'],
      ['dependency', 'update', 'nodir'],
    ],
    deps,
  );
});

test('dependency update: two dependencies of one name from a repository and a registry', async () => {
  // helm keys repositories by dependency name: the registry's URL is read as a repository name.
  const deps =
    `- name: alpha\n  version: ">=1.0.0"\n  repository: ${plain.url}\n` +
    `- name: alpha\n  alias: fromoci\n  version: 1.0.0\n  repository: oci://${reg.host}\n`;
  const h = await compare(
    [
      ['dependency', 'update', 'umb', '--plain-http'],
      ['dependency', 'build', 'umb', '--plain-http'],
    ],
    deps,
  );
  assert.match(h[0]!.stderr, /^Error: no cached repository for oci:\/\/127\.0\.0\.1:\d+ found/);
});

test('--repo with an unparsable URL, and with an oci:// name', async () => {
  const p = plain.url;
  const ref = `oci://${reg.host}/alpha`;
  await compare([
    ['repo', 'add', 'x', '127.0.0.1:1'],
    ['repo', 'add', 'x', '%zz'],
    ['repo', 'add', 'x', 'ftp://a'],
    ['pull', 'alpha', '--repo', '127.0.0.1:1'],
    ['show', 'chart', ref, '--repo', p, '--plain-http'],
    ['template', ref, '--repo', p, '--plain-http'],
    ['pull', ref, '--repo', p, '--plain-http'],
    ['install', 'x', ref, '--repo', p, '--dry-run=client'],
  ]);
});
