// OCI registries over the network as helm v4.3.2 reaches them: through HTTP_PROXY/HTTPS_PROXY (a real
// forwarding proxy, the real docker-registry behind it, named `registry.test` which only the proxy
// resolves), and token endpoints whose answers do not decode (oras-go's "failed to decode response"
// with encoding/json's texts). helm and rudder compared on output, exit code and proxied requests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, packageChart, rudder, type RunResult } from '../repo/support.js';
import { startForwardProxy, type ForwardProxy } from '../repo/forward-proxy.js';
import { startRegistry, type Registry } from '../support/registry.js';

const stripWarn = (s: string): string =>
  s
    .split('\n')
    .filter((l) => !l.startsWith('level=WARN msg="using --password'))
    .join('\n');

let proxy: ForwardProxy;
let chart: string;
const stops: (() => Promise<void>)[] = [];

before(async () => {
  proxy = await startForwardProxy();
  stops.push(() => proxy.close());
  chart = await packageChart(mkdtempSync(join(tmpdir(), 'rudder-net-chart-')), 'alpha', '1.0.0');
});

after(async () => {
  for (const stop of stops) await stop();
});

async function registry(o: Parameters<typeof startRegistry>[0]): Promise<Registry & { port: string }> {
  const r = await startRegistry(o);
  stops.push(() => r.stop());
  return { ...r, port: r.host.slice(r.host.lastIndexOf(':') + 1) };
}

type Tool = typeof helm;

interface Seen {
  out: RunResult;
  requests: string[];
}

/** One tool's session against its own registry port; the port is written PORT in what is kept. */
async function session(
  tool: Tool,
  port: string,
  steps: string[][],
  env: Record<string, string>,
): Promise<Seen[]> {
  const base = cleanEnv(env);
  const cwd = mkdtempSync(join(tmpdir(), 'rudder-net-cwd-'));
  const norm = (s: string): string =>
    stripWarn(s)
      .replaceAll(`:${port}`, ':PORT')
      // rudder's output has its name written helm: the registry's service name too.
      .replaceAll('rudder-test-registry', 'helm-test-registry')
      // Upload sessions are named by the registry at random.
      .replace(/\/blobs\/uploads\/[^ ?"]+(\?[^ "]*)?/g, '/blobs/uploads/ID');
  const out: Seen[] = [];
  for (const args of steps) {
    proxy.log.length = 0;
    const r = await tool(
      args.map((a) => a.replaceAll('PORT', port)),
      base,
      cwd,
    );
    const requests = [
      ...new Set(proxy.log.map((e) => norm(`${e.method} ${e.target} auth=${e.proxyAuthorization ?? ''}`))),
    ];
    out.push({
      out: { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.code },
      requests: requests.sort(),
    });
  }
  return out;
}

let comparisons = 0;

async function compare(
  what: string,
  ports: [string, string],
  steps: string[][],
  env: Record<string, string>,
): Promise<Seen[]> {
  const h = await session(helm, ports[0], steps, env);
  const r = await session(rudder, ports[1], steps, env);
  steps.forEach((args, i) => {
    const label = `${what}: ${args.join(' ')}`;
    assert.equal(r[i]!.out.stderr, h[i]!.out.stderr, `${label}: stderr`);
    assert.equal(r[i]!.out.stdout, h[i]!.out.stdout, `${label}: stdout`);
    assert.equal(r[i]!.out.code, h[i]!.out.code, `${label}: exit code`);
    if (args[0] === 'push') {
      // helm's push also puts and gets the manifest by digest before tagging: rudder tags directly.
      const extra = r[i]!.requests.filter((l) => !h[i]!.requests.includes(l));
      assert.deepEqual(extra, [], `${label}: requests through the proxy`);
      assert.ok(r[i]!.requests.length > 0 || h[i]!.requests.length === 0, `${label}: proxied`);
    } else {
      assert.deepEqual(r[i]!.requests, h[i]!.requests, `${label}: requests through the proxy`);
    }
    comparisons++;
  });
  return h;
}

test('registry through HTTP_PROXY (plain http) and HTTPS_PROXY (CONNECT): login, push, pull, show, template', async () => {
  const [a, b] = await Promise.all([registry({ auth: true }), registry({ auth: true })]);
  const ref = 'oci://registry.test:PORT/charts/alpha';
  const seen = await compare(
    'plain',
    [a.port, b.port],
    [
      ['registry', 'login', 'registry.test:PORT', '--plain-http', '-u', 'testuser', '-p', 'testpass'],
      ['push', chart, 'oci://registry.test:PORT/charts', '--plain-http'],
      ['pull', ref, '--version', '1.0.0', '--plain-http'],
      ['show', 'chart', ref, '--version', '1.0.0', '--plain-http'],
      ['template', 'x', ref, '--plain-http'],
      ['registry', 'login', 'registry.test:PORT', '--plain-http', '-u', 'testuser', '-p', 'wrong'],
    ],
    { HTTP_PROXY: proxy.url },
  );
  assert.equal(seen[1]!.out.code, 0, seen[1]!.out.stderr);
  assert.ok(
    seen[1]!.requests.some((l) =>
      l.startsWith('PUT http://registry.test:PORT/v2/charts/alpha/manifests/1.0.0'),
    ),
  );

  const [c, d] = await Promise.all([registry({ tls: true }), registry({ tls: true })]);
  const tls = await compare(
    'tls',
    [c.port, d.port],
    [
      ['push', chart, 'oci://registry.test:PORT/charts', '--insecure-skip-tls-verify'],
      ['pull', ref, '--version', '1.0.0', '--insecure-skip-tls-verify'],
      // Verified: the certificate names 127.0.0.1 and localhost.
      ['pull', ref, '--version', '1.0.0'],
    ],
    { HTTPS_PROXY: proxy.url, HTTP_PROXY: 'http://127.0.0.1:1' },
  );
  assert.equal(tls[1]!.out.code, 0, tls[1]!.out.stderr);
  assert.ok(tls[1]!.requests.includes('CONNECT registry.test:PORT auth='), tls[1]!.requests.join('\n'));

  const down = await compare(
    'down',
    [a.port, b.port],
    [['pull', ref, '--version', '1.0.0', '--plain-http']],
    { HTTP_PROXY: 'http://u:p@127.0.0.1:1' },
  );
  assert.match(down[0]!.out.stderr, /proxyconnect tcp: dial tcp 127\.0\.0\.1:1: connect: connection refused/);
});

test('token endpoints whose answers do not decode: failed to decode response, as oras-go says it', async () => {
  let answer = '';
  const tokens: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(answer);
  });
  await new Promise<void>((r) => tokens.listen(0, '127.0.0.1', r));
  stops.push(() => new Promise<void>((r) => tokens.close(() => r())));
  const realm = `http://127.0.0.1:${(tokens.address() as AddressInfo).port}/token`;
  const [a, b] = await Promise.all([registry({ tokenRealm: realm }), registry({ tokenRealm: realm })]);
  const ref = 'oci://127.0.0.1:PORT/charts/alpha';
  const bodies = [
    '<html><body>login here</body></html>',
    '',
    '   ',
    '{"token": "abc"',
    '{"token": 5}',
    '{"access_token": {"x": 1}, "token": "t"}',
    '[1, 2]',
    '"just a string"',
    'null',
    '{"TOKEN": true}',
    '{"expires_in": 3}',
    '{"token": "t"} trailing garbage',
  ];
  let failed = 0;
  const before = comparisons;
  for (const body of bodies) {
    answer = body;
    const seen = await compare(
      JSON.stringify(body),
      [a.port, b.port],
      [
        ['registry', 'login', '127.0.0.1:PORT', '--plain-http', '-u', 'u', '-p', 'p'],
        ['push', chart, 'oci://127.0.0.1:PORT/charts', '--plain-http'],
        ['pull', ref, '--version', '1.0.0', '--plain-http'],
      ],
      {},
    );
    if (seen.some((s) => s.out.stderr.includes('failed to decode response'))) failed++;
  }
  // Most of those answers do fail to decode in helm: the texts compared are oras-go's.
  assert.ok(failed >= 8, `${failed} bodies failed to decode`);
  assert.equal(comparisons - before, bodies.length * 3);
});
