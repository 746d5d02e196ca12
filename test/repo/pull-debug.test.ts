// `helm pull --debug` as helm v4.3.2 logs it: DownloadTo's "set up default downloader cache" first
// (after FindChartInRepoURL with --repo), then the fetches. A plain HTTP chart repository on
// loopback; helm and rudder compared on stdout, stderr, exit code and the files written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, packageChart, rudder, type RunResult } from './support.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';

let server: ChartRepoServer;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-pulldebug-repo-'));
  await packageChart(dir, 'alpha', '1.0.0');
  const r = await helm(['repo', 'index', dir], cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  server = await startChartRepoServer({ dir });
});

after(async () => {
  await server?.close();
});

// slog's text handler stamps each line; the rest must match.
const noTime = (s: string): string => s.replace(/^time=\S+ /gm, '');

async function session(
  tool: typeof helm,
  steps: string[][],
): Promise<{ outs: RunResult[]; files: string[] }> {
  const home = mkdtempSync(join(tmpdir(), 'rudder-pulldebug-home-'));
  const cwd = mkdtempSync(join(tmpdir(), 'rudder-pulldebug-cwd-'));
  const env = cleanEnv({ HOME: home });
  const outs: RunResult[] = [];
  for (const args of steps) {
    const r = await tool(args, env, cwd);
    outs.push({ ...r, stderr: noTime(r.stderr) });
  }
  return { outs, files: readdirSync(cwd).sort() };
}

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
  const h = await session(helm, steps);
  const r = await session(rudder, steps);
  for (const [i, args] of steps.entries()) {
    assert.equal(r.outs[i]!.stdout, h.outs[i]!.stdout, `${args.join(' ')}: stdout`);
    assert.equal(r.outs[i]!.stderr, h.outs[i]!.stderr, `${args.join(' ')}: stderr`);
    assert.equal(r.outs[i]!.code, h.outs[i]!.code, `${args.join(' ')}: exit code`);
  }
  assert.match(h.outs[1]!.stderr, /^level=DEBUG msg="set up default downloader cache"\n/);
  assert.deepEqual(r.files, h.files);
});
