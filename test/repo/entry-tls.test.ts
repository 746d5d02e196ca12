// A repository entry's TLS settings as helm v4.3.2 uses them for chart downloads: its CA, client
// certificate and key go with `repo/name` downloads, its insecure_skip_tls_verify only with the
// index (the download takes the command's --insecure-skip-tls-verify). helm and rudder, each in
// its own HOME, compared on stdout, stderr and exit code step by step against a TLS repository.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTlsChartRepo } from './support.js';
import { compareSessions } from '../support/sessions.js';
import type { ChartRepoServer, TlsFiles } from '../support/chart-repo-server.js';

let server: ChartRepoServer;
let tls: TlsFiles;

before(async () => {
  ({ server, tls } = await startTlsChartRepo('rudder-entrytls-'));
});

after(async () => {
  await server?.close();
});

test('insecure_skip_tls_verify of the entry is not used for the chart download, its CA is', async () => {
  const steps = [
    ['repo', 'add', 's', server.url, '--insecure-skip-tls-verify'],
    ['pull', 's/alpha'],
    ['template', 's/alpha'],
    ['show', 'chart', 's/alpha'],
    ['install', 'x', 's/alpha', '--dry-run=client'],
    ['pull', 's/alpha', '--insecure-skip-tls-verify'],
    ['repo', 'add', 'c', server.url, '--ca-file', tls.ca],
    ['show', 'values', 'c/alpha'],
    ['pull', `${server.url}/alpha-1.0.0.tgz`],
  ];
  // Separate sessions: each tool fills its own content cache (a cached chart is not downloaded).
  const h = (await compareSessions(steps, { prefix: 'entrytls' })).helm.outs;
  assert.match(h[1]!.stderr, /x509: certificate signed by unknown authority/);
  assert.equal(h[5]!.code, 0);
  assert.equal(h[7]!.code, 0);
});
