// --debug lines of chart downloads as helm v4.3.2 writes them: show's "original chart version",
// DownloadToCache's "attempting to download chart" / "put downloaded chart in cache", IndexFile.Get's
// "selected version matching constraint", and the registry client's LoggingTransport records
// (GET/Res with id, url, headers, status and printable bodies). Go prints headers in map order and
// fetches blobs concurrently, so registry records are compared as a sorted set with each header
// list sorted and Date masked; every other line in order. helm and rudder on stdout, stderr, exit code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cleanEnv, helm, type RunResult } from '../repo/support.js';
import { chartRepoDir, compareSessions } from '../support/sessions.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { startRegistry, type Registry } from '../support/registry.js';

let server: ChartRepoServer;
let reg: Registry;
let manifestDigest = '';

before(async () => {
  const dir = await chartRepoDir('debuglines-repo', [
    ['alpha', '1.0.0'],
    ['alpha', '1.1.0-rc.1'],
    ['beta', '0.1.0'],
  ]);
  server = await startChartRepoServer({ dir });
  reg = await startRegistry();
  for (const v of ['1.0.0', '1.1.0-rc.1']) {
    const p = await helm(
      ['push', join(dir, `alpha-${v}.tgz`), `oci://${reg.host}`, '--plain-http'],
      cleanEnv(),
    );
    assert.equal(p.code, 0, p.stderr);
    if (v === '1.0.0') manifestDigest = /Digest: (sha256:[0-9a-f]{64})/.exec(p.stdout + p.stderr)![1]!;
  }
});

after(async () => {
  await server?.close();
  await reg?.stop();
});

const REGISTRY_RECORD = /^level=DEBUG msg=(GET|HEAD|POST|PUT|Res|Resp) id=\d+ (.*)$/;

/** Times stripped; registry records made order-free (sorted, headers sorted, Date masked). */
export function normalize(stderr: string): string {
  const other: string[] = [];
  const records: string[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/^time=\S+ /, '');
    const m = REGISTRY_RECORD.exec(line);
    if (!m) {
      other.push(line);
      continue;
    }
    const rest = m[2]!.replace(/header="((?:[^"\\]|\\.)*)"/, (_all, h: string) => {
      const parts = h.split('\\n').map((p) => p.replace(/(\\"Date\\": \\")[^\\]*/, '$1D'));
      return `header="${parts.sort().join('\\n')}"`;
    });
    records.push(`${m[1]} ${rest}`);
  }
  return [...other, '--- registry', ...records.sort()].join('\n');
}

async function compare(steps: string[][]): Promise<RunResult[]> {
  const mask = (s: string, home: string): string => normalize(s.replaceAll(home, 'HOME'));
  return (await compareSessions(steps, { prefix: 'dbglines', mask })).helm.outs;
}

test('show, template and pull from a chart repository with --debug', async () => {
  const h = await compare([
    ['repo', 'add', 'p', server.url],
    ['show', 'chart', 'p/alpha', '--debug'],
    ['show', 'values', 'p/alpha', '--debug', '--devel'],
    ['show', 'readme', 'p/beta', '--debug', '--version', '0.1.0'],
    ['show', 'all', 'p/alpha', '--debug', '--version', '^1.0.0-0'],
    ['template', 'p/alpha', '--debug', '--version', '~1.0'],
    ['show', 'chart', 'alpha', '--repo', server.url, '--debug', '--version', '>=1.0.0'],
    ['pull', 'p/alpha', '--debug', '--version', '<2'],
    ['show', 'chart', 'p/missing', '--debug'],
  ]);
  assert.match(h[1]!.stderr, /^level=DEBUG msg="original chart version" version=""\n/);
  assert.match(h[2]!.stderr, /msg="selected version matching constraint" chart=alpha constraint=>0\.0\.0-0/);
  assert.match(h[1]!.stderr, /msg="put downloaded chart in cache" id=[0-9a-f]{64}\n/);
});

test('registry requests and responses of oci:// charts with --debug', async () => {
  const ref = `oci://${reg.host}/alpha`;
  const h = await compare([
    ['show', 'chart', ref, '--debug', '--plain-http'],
    ['template', ref, '--debug', '--plain-http', '--version', '1.0.0'],
    ['show', 'chart', ref, '--debug', '--plain-http'],
    ['pull', ref, '--debug', '--plain-http', '--version', '^1'],
    ['pull', `${ref}@${manifestDigest}`, '--debug', '--plain-http', '--version', '1.0.0'],
    ['template', `${ref}@${manifestDigest}`, '--debug', '--plain-http', '--version', '9.9.9'],
    ['pull', `oci://${reg.host}/nope`, '--debug', '--plain-http'],
    ['pull', `oci://${reg.host}/nope`, '--debug', '--plain-http', '--version', '1.0.0'],
    ['pull', 'oci://127.0.0.1:1/nope', '--debug', '--plain-http'],
    // Client.Login pings a second time after a failure.
    ['registry', 'login', reg.host, '--plain-http', '-u', 'a', '-p', 'b', '--debug'],
    ['registry', 'login', '127.0.0.1:1', '-u', 'a', '-p', 'b', '--debug'],
  ]);
  assert.match(h[0]!.stderr, /\nGET url=http:\/\/127\.0\.0\.1:\d+\/v2\/alpha\/tags\/list header=/);
  assert.match(h[4]!.stderr, /\nHEAD url=.*\/manifests\/1\.0\.0 /);
  assert.match(h[8]!.stderr, /\nRes error="dial tcp 127\.0\.0\.1:1: connect: connection refused"/);
  assert.equal(h[10]!.stderr.match(/\nRes error=/g)?.length, 2);
});
