// `helm pull --debug` as helm v4.3.2 logs it: DownloadTo's "set up default downloader cache" first
// (after FindChartInRepoURL with --repo), then the fetches. A plain HTTP chart repository on
// loopback; helm and rudder compared on stdout, stderr, exit code and the files written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chartRepoDir, compareSessions, noTime } from '../support/sessions.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';

let server: ChartRepoServer;

before(async () => {
  server = await startChartRepoServer({ dir: await chartRepoDir('pulldebug-repo', [['alpha', '1.0.0']]) });
});

after(async () => {
  await server?.close();
});

test('pull --debug: by repo/chart, by URL, with --repo, and failing names, as helm', async () => {
  const steps = [
    ['repo', 'add', 'loop', server.url],
    ['pull', 'loop/alpha', '--debug'],
    ['pull', `${server.url}/alpha-1.0.0.tgz`, '--debug'],
    ['pull', 'alpha', '--repo', server.url, '--debug', '--untar'],
    ['pull', 'loop/missing', '--debug'],
    ['pull', 'nothing://x', '--debug'],
    ['pull', 'oci://', '--debug'],
  ];
  const { helm: h, rudder: r } = await compareSessions(steps, { prefix: 'pulldebug', mask: noTime });
  assert.match(h.outs[1]!.stderr, /^level=DEBUG msg="set up default downloader cache"\n/);
  assert.deepEqual(r.files, h.files);
});
