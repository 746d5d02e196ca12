// socks5:// and socks5h:// in HTTP_PROXY/HTTPS_PROXY, helm v4.3.2 against rudder through a real
// SOCKS5 server (socks-server.ts): the same output, exit code and the same CONNECT targets, with and
// without username/password, and the SOCKS failures in Go's words.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, packageChart, rudder, startTlsChartRepo, type RunResult } from './support.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { freePort } from '../support/registry.js';
import { startSocksServer, type SocksServer } from './socks-server.js';

let socks: SocksServer;
let plain: ChartRepoServer;
let tlsRepo: Awaited<ReturnType<typeof startTlsChartRepo>>;

before(async () => {
  socks = await startSocksServer();
  const dir = mkdtempSync(join(tmpdir(), 'rudder-socks-repo-'));
  await packageChart(dir, 'alpha', '1.0.0');
  const r = await helm(['repo', 'index', dir], cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  plain = await startChartRepoServer({ dir });
  tlsRepo = await startTlsChartRepo('rudder-socks-tls-');
});

after(async () => {
  await socks.close();
  await plain.close();
  await tlsRepo.server.close();
});

async function run(
  tool: typeof helm,
  args: string[],
  env: Record<string, string>,
): Promise<[RunResult, string[]]> {
  socks.log.length = 0;
  const r = await tool(args, cleanEnv(env));
  return [r, [...new Set(socks.log)].sort()];
}

test('repositories through a SOCKS5 proxy: names sent to the proxy, TLS over it, authentication, failures', async () => {
  const http = `http://charts.test:${plain.port}`;
  const https = `https://charts.test:${tlsRepo.server.port}`;
  const url = `socks5://127.0.0.1:${socks.port}`;
  const withAuth = `socks5h://su:s%20p@127.0.0.1:${socks.port}`;
  const closed = await freePort();
  const cases: {
    args: string[];
    env: Record<string, string>;
    auth?: boolean;
    ok?: boolean;
    want?: RegExp;
  }[] = [
    { args: ['repo', 'add', 'r', http], env: { HTTP_PROXY: url }, ok: true },
    { args: ['repo', 'add', 's', https, '--insecure-skip-tls-verify'], env: { HTTPS_PROXY: url }, ok: true },
    { args: ['repo', 'add', 't', https, '--ca-file', tlsRepo.tls.ca], env: { HTTPS_PROXY: url } },
    { args: ['repo', 'add', 'r', http], env: { HTTP_PROXY: withAuth }, auth: true, ok: true },
    {
      args: ['repo', 'add', 's', https, '--insecure-skip-tls-verify'],
      env: { https_proxy: withAuth },
      auth: true,
      ok: true,
    },
    {
      args: ['repo', 'add', 'r', http],
      env: { HTTP_PROXY: `socks5://su:wrong@127.0.0.1:${socks.port}` },
      auth: true,
      want: /: socks connect tcp 127\.0\.0\.1:\d+->charts\.test:\d+: username\/password authentication failed\n$/,
    },
    {
      args: ['repo', 'add', 'r', http],
      env: { HTTP_PROXY: url },
      auth: true,
      want: /no acceptable authentication methods\n$/,
    },
    {
      args: ['repo', 'add', 'r', 'http://charts.example:8080'],
      env: { HTTP_PROXY: url },
      want: /unknown error connection not allowed by ruleset\n$/,
    },
    {
      args: ['repo', 'add', 'r', `http://charts.test:${closed}`],
      env: { HTTP_PROXY: url },
      want: /unknown error connection refused\n$/,
    },
    {
      args: ['repo', 'add', 'r', http],
      env: { HTTP_PROXY: `socks5://127.0.0.1:${closed}` },
      want: /proxyconnect tcp: dial tcp 127\.0\.0\.1:\d+: connect: connection refused\n$/,
    },
  ];
  for (const c of cases) {
    socks.auth = c.auth ? { username: 'su', password: 's p' } : undefined;
    const [h, hSeen] = await run(helm, c.args, c.env);
    const [r, rSeen] = await run(rudder, c.args, c.env);
    const what = `${JSON.stringify(c.env)} ${c.args.join(' ')}`;
    assert.equal(r.stderr, h.stderr, `${what}: stderr`);
    assert.equal(r.stdout, h.stdout, `${what}: stdout`);
    assert.equal(r.code, h.code, `${what}: exit code`);
    assert.deepEqual(rSeen, hSeen, `${what}: SOCKS CONNECT targets`);
    if (c.ok !== undefined) assert.equal(h.code, 0, `${what}: ${h.stderr}`);
    if (c.want) assert.match(h.stderr, c.want, what);
  }
});
