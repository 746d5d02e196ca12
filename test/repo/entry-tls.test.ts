// A repository entry's TLS settings as helm v4.3.2 uses them for chart downloads: its CA, client
// certificate and key go with `repo/name` downloads, its insecure_skip_tls_verify only with the
// index (the download takes the command's --insecure-skip-tls-verify). helm and rudder, each in
// its own HOME, compared on stdout, stderr and exit code step by step against a TLS repository.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, rudder, startTlsChartRepo, type RunResult } from './support.js';
import type { ChartRepoServer, TlsFiles } from '../support/chart-repo-server.js';

let server: ChartRepoServer;
let tls: TlsFiles;

before(async () => {
  ({ server, tls } = await startTlsChartRepo('rudder-entrytls-'));
});

after(async () => {
  await server?.close();
});

async function session(tool: typeof helm, steps: string[][]): Promise<RunResult[]> {
  const home = mkdtempSync(join(tmpdir(), 'rudder-entrytls-home-'));
  const cwd = mkdtempSync(join(tmpdir(), 'rudder-entrytls-cwd-'));
  const env = cleanEnv({ HOME: home });
  const outs: RunResult[] = [];
  for (const args of steps) outs.push(await tool(args, env, cwd));
  return outs;
}

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
  const h = await session(helm, steps);
  const r = await session(rudder, steps);
  for (const [i, args] of steps.entries()) {
    assert.equal(r[i]!.stdout, h[i]!.stdout, `${args.join(' ')}: stdout`);
    assert.equal(r[i]!.stderr, h[i]!.stderr, `${args.join(' ')}: stderr`);
    assert.equal(r[i]!.code, h[i]!.code, `${args.join(' ')}: exit code`);
  }
  assert.match(h[1]!.stderr, /x509: certificate signed by unknown authority/);
  assert.equal(h[5]!.code, 0);
  assert.equal(h[7]!.code, 0);
});
