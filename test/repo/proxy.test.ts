// HTTP_PROXY/HTTPS_PROXY/REQUEST_METHOD with chart repositories, chart URLs, `-f` URLs and Artifact
// Hub, helm v4.3.2 against rudder through a real forwarding proxy (forward-proxy.ts): the same
// output, exit code and the same requests seen by the proxy (absolute URIs for http, CONNECT for
// https, Proxy-Authorization from the proxy URL). Targets are named `charts.test`, which only the
// proxy resolves (to 127.0.0.1): Go never proxies loopback addresses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, packageChart, rudder, startTlsChartRepo, type RunResult } from './support.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { freePort } from '../support/registry.js';
import { startForwardProxy, type ForwardProxy } from './forward-proxy.js';

let proxy: ForwardProxy;
let plain: ChartRepoServer;
let tlsRepo: Awaited<ReturnType<typeof startTlsChartRepo>>;
let chartDir: string;
let http: string;
let https: string;

before(async () => {
  proxy = await startForwardProxy();
  const dir = mkdtempSync(join(tmpdir(), 'rudder-proxy-repo-'));
  await packageChart(dir, 'alpha', '1.0.0');
  const r = await helm(['repo', 'index', dir], cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(dir, 'values.yaml'), 'greeting: from a values URL\n');
  plain = await startChartRepoServer({ dir });
  // A stand-in Artifact Hub search answer on the same server.
  plain.overrides.push((req, res) => {
    if (!(req.url ?? '').includes('/api/chartsvc/v1/charts/search')) return false;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"data":[]}');
    return true;
  });
  tlsRepo = await startTlsChartRepo('rudder-proxy-tls-');
  const work = mkdtempSync(join(tmpdir(), 'rudder-proxy-chart-'));
  execFileSync('tar', ['xzf', await packageChart(join(work, 'pkg'), 'local', '0.1.0'), '-C', work]);
  chartDir = join(work, 'local');
  http = `http://charts.test:${plain.port}`;
  https = `https://charts.test:${tlsRepo.server.port}`;
});

after(async () => {
  await proxy.close();
  await plain.close();
  await tlsRepo.server.close();
});

interface Step {
  args: string[];
  env?: Record<string, string>;
  /** Files the step needs in the tool's working directory. */
  prepare?: (cwd: string) => void;
}

interface Seen {
  out: RunResult;
  requests: string[];
}

/** The proxy's log of one run, each distinct request once, sorted. */
const requestsSeen = (): string[] =>
  [
    ...new Set(
      proxy.log.map((e) => `${e.method} ${e.target} host=${e.host ?? ''} auth=${e.proxyAuthorization ?? ''}`),
    ),
  ].sort();

/** Runs the steps with one tool in a fresh HOME (and cwd), each step's output and proxy requests. */
async function session(tool: typeof helm, steps: Step[], env: Record<string, string>): Promise<Seen[]> {
  const base = cleanEnv(env);
  const cwd = mkdtempSync(join(tmpdir(), 'rudder-proxy-cwd-'));
  const out: Seen[] = [];
  for (const s of steps) {
    s.prepare?.(cwd);
    proxy.log.length = 0;
    const r = await tool(s.args, { ...base, ...(s.env ?? {}) }, cwd);
    out.push({ out: r, requests: requestsSeen() });
  }
  return out;
}

let comparisons = 0;

/** helm's session, then rudder's: the same output, exit code and requests through the proxy. */
async function compare(what: string, steps: Step[], env: Record<string, string>): Promise<Seen[]> {
  const h = await session(helm, steps, env);
  const r = await session(rudder, steps, env);
  steps.forEach((s, i) => {
    const label = `${what}: ${s.args.join(' ')}`;
    assert.equal(r[i]!.out.stderr, h[i]!.out.stderr, `${label}: stderr`);
    assert.equal(r[i]!.out.stdout, h[i]!.out.stdout, `${label}: stdout`);
    assert.equal(r[i]!.out.code, h[i]!.out.code, `${label}: exit code`);
    assert.deepEqual(r[i]!.requests, h[i]!.requests, `${label}: requests through the proxy`);
    comparisons++;
  });
  return h;
}

test('http repository through HTTP_PROXY: index, charts, --repo, chart URLs, -f URLs, search hub', async () => {
  const env = { HTTP_PROXY: proxy.url };
  const seen = await compare(
    'http',
    [
      { args: ['repo', 'add', 'r', http] },
      { args: ['repo', 'update'] },
      { args: ['pull', 'r/alpha'] },
      { args: ['template', 'x', 'alpha', '--repo', http] },
      { args: ['show', 'chart', `${http}/alpha-1.0.0.tgz`] },
      { args: ['template', 'y', chartDir, '-f', `${http}/values.yaml`] },
      { args: ['search', 'hub', '--endpoint', http, 'nginx'] },
      { args: ['pull', `${http}/missing-1.0.0.tgz`] },
      // A loopback address is never proxied.
      { args: ['show', 'chart', `http://127.0.0.1:${plain.port}/alpha-1.0.0.tgz`] },
    ],
    env,
  );
  // The proxy did see helm's requests: it was used, with absolute URIs.
  assert.ok(
    seen[0]!.requests.some((l) => l.startsWith(`GET ${http}/index.yaml `)),
    seen[0]!.requests.join('\n'),
  );
  assert.equal(seen[0]!.out.code, 0);
  assert.deepEqual(seen[8]!.requests, []);
});

test('dependency update from an http repository through HTTP_PROXY', async () => {
  // A session of its own: the chart is not in the content cache yet, so both tools download it.
  const seen = await compare(
    'dependency',
    [
      { args: ['repo', 'add', 'r', http] },
      {
        args: ['dependency', 'update', 'dep'],
        prepare: (cwd) => {
          mkdirSync(join(cwd, 'dep'));
          writeFileSync(
            join(cwd, 'dep', 'Chart.yaml'),
            `apiVersion: v2\nname: dep\nversion: 0.1.0\ndependencies:\n- name: alpha\n  version: 1.0.0\n  repository: ${http}\n`,
          );
        },
      },
    ],
    { HTTP_PROXY: proxy.url },
  );
  assert.equal(seen[1]!.out.code, 0, seen[1]!.out.stderr);
  assert.ok(
    seen[1]!.requests.some((l) => l.startsWith(`GET ${http}/alpha-1.0.0.tgz `)),
    seen[1]!.requests.join('\n'),
  );
});

test('https repository through HTTPS_PROXY: CONNECT tunnels, TLS to the target over them', async () => {
  const env = { HTTPS_PROXY: proxy.url, HTTP_PROXY: 'http://127.0.0.1:1' };
  const seen = await compare(
    'https',
    [
      { args: ['repo', 'add', 's', https, '--insecure-skip-tls-verify'] },
      { args: ['pull', 's/alpha', '--insecure-skip-tls-verify'] },
      { args: ['template', 'x', 'alpha', '--repo', https, '--insecure-skip-tls-verify'] },
      // Verified against the CA: the certificate names 127.0.0.1 and localhost, not charts.test.
      { args: ['repo', 'add', 't', https, '--ca-file', tlsRepo.tls.ca] },
    ],
    env,
  );
  assert.ok(seen[0]!.requests.some((l) => l.startsWith(`CONNECT charts.test:${tlsRepo.server.port} `)));
  assert.equal(seen[1]!.out.code, 0, seen[1]!.out.stderr);
});

test("an https proxy (TLS to the proxy with the client's TLS settings) for http and https targets", async () => {
  const secure = await startForwardProxy({ cert: tlsRepo.tls.cert, key: tlsRepo.tls.key });
  const saved = proxy;
  proxy = secure;
  try {
    const env = { HTTPS_PROXY: secure.url, HTTP_PROXY: secure.url };
    const seen = await compare(
      'https proxy',
      [
        { args: ['repo', 'add', 's', https, '--insecure-skip-tls-verify'] },
        { args: ['repo', 'add', 'r', http, '--insecure-skip-tls-verify'] },
        // The proxy's certificate is checked against the CA file (it names 127.0.0.1), then the target's.
        { args: ['repo', 'add', 't', https, '--ca-file', tlsRepo.tls.ca] },
        // Without the CA file, the proxy's certificate is not trusted.
        { args: ['repo', 'add', 'u', https] },
        { args: ['repo', 'add', 'v', http] },
      ],
      env,
    );
    assert.equal(seen[0]!.out.code, 0, seen[0]!.out.stderr);
    assert.equal(seen[1]!.out.code, 0, seen[1]!.out.stderr);
    assert.ok(seen[1]!.requests.some((l) => l.startsWith(`GET ${http}/index.yaml `)));
  } finally {
    proxy = saved;
    await secure.close();
  }
});

test('proxy credentials from the proxy URL; 407 without them; proxy down; CGI rule', async () => {
  proxy.auth = { username: 'pu', password: 'p w' };
  try {
    const withAuth = `http://pu:p%20w@127.0.0.1:${proxy.port}`;
    const seen = await compare(
      'auth',
      [
        { args: ['repo', 'add', 'r', http], env: { HTTP_PROXY: withAuth } },
        { args: ['repo', 'add', 's', https, '--insecure-skip-tls-verify'], env: { HTTPS_PROXY: withAuth } },
        { args: ['repo', 'add', 'r2', http], env: { HTTP_PROXY: proxy.url } },
        { args: ['repo', 'add', 's2', https, '--insecure-skip-tls-verify'], env: { HTTPS_PROXY: proxy.url } },
        { args: ['template', 'x', chartDir, '-f', `${https}/index.yaml`], env: { https_proxy: proxy.url } },
        { args: ['search', 'hub', '--endpoint', http], env: { http_proxy: proxy.url } },
      ],
      {},
    );
    // What helm printed is what was compared: the scenarios did happen.
    assert.equal(seen[0]!.out.code, 0, seen[0]!.out.stderr);
    assert.ok(
      seen[0]!.requests.every((l) => l.endsWith(`auth=Basic ${Buffer.from('pu:p w').toString('base64')}`)),
    );
    assert.match(seen[2]!.out.stderr, /index\.yaml : 407 Proxy Authentication Required\n$/);
    assert.match(seen[3]!.out.stderr, /index\.yaml": Proxy Authentication Required\n$/);
  } finally {
    delete proxy.auth;
  }
  const down = `http://127.0.0.1:${await freePort()}`;
  const failed = await compare(
    'down',
    [
      { args: ['repo', 'add', 'r', http], env: { HTTP_PROXY: down } },
      { args: ['repo', 'add', 's', https], env: { HTTPS_PROXY: down } },
      { args: ['search', 'hub', '--endpoint', https], env: { HTTPS_PROXY: down } },
      { args: ['template', 'x', chartDir, '-f', `${http}/values.yaml`], env: { HTTP_PROXY: down } },
      { args: ['repo', 'add', 'r', http], env: { HTTP_PROXY: proxy.url, REQUEST_METHOD: 'GET' } },
      // The CGI rule is for http URLs only.
      {
        args: ['repo', 'add', 's', https, '--insecure-skip-tls-verify'],
        env: { HTTPS_PROXY: proxy.url, REQUEST_METHOD: 'GET' },
      },
      {
        args: ['repo', 'add', 'n', http],
        env: { HTTP_PROXY: proxy.url, NO_PROXY: `charts.test:1,other.test,*.charts.test` },
      },
    ],
    {},
  );
  assert.match(
    failed[0]!.out.stderr,
    /: proxyconnect tcp: dial tcp 127\.0\.0\.1:\d+: connect: connection refused\n$/,
  );
  assert.match(failed[4]!.out.stderr, /refusing to use HTTP_PROXY value in CGI environment/);
  assert.equal(failed[5]!.out.code, 0, failed[5]!.out.stderr);
  assert.equal(failed[6]!.out.code, 0, failed[6]!.out.stderr);
  assert.ok(comparisons >= 25, `${comparisons} comparisons`);
});
