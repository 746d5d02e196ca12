// `search hub` compared with helm v4.3.2 pointed with --endpoint at a loopback Artifact Hub stand-in
// of our own: the request each tool sends (method, path and query, Host, User-Agent,
// Accept-Encoding, Referer, no Authorization), stdout, stderr and exit code, for well-formed
// responses in every output format and for the odd ones helm's lenient decoding lets through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { cleanEnv, helm, rudder, type RunResult } from './support.js';

interface Reply {
  status?: number;
  reason?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

let server: Server;
let base = '';
let reply: Reply = {};
let seen: string[] = [];

const record = (req: IncomingMessage): string =>
  JSON.stringify({
    method: req.method,
    url: req.url,
    host: req.headers.host,
    ua: req.headers['user-agent'],
    enc: req.headers['accept-encoding'],
    referer: req.headers.referer,
    auth: req.headers.authorization,
  });

before(async () => {
  server = createServer((req, res) => {
    seen.push(record(req));
    const url = req.url ?? '';
    if (url.startsWith('/hop/')) {
      // /hop/N/… redirects N times, then lands on /landed/….
      const m = /^\/hop\/(\d+)(\/.*)$/.exec(url)!;
      const n = Number(m[1]);
      res.writeHead(302, { Location: n > 1 ? `/hop/${n - 1}${m[2]}` : `/landed${m[2]}` });
      res.end();
      return;
    }
    const r = reply;
    if (r.reason !== undefined) res.writeHead(r.status ?? 200, r.reason, r.headers ?? {});
    else res.writeHead(r.status ?? 200, r.headers ?? {});
    res.end(r.body ?? '');
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

const env = cleanEnv();
let comparisons = 0;

/** Runs helm then rudder against the same reply; outputs and the requests they sent must match. */
async function compare(args: string[], r: Reply, what: string): Promise<RunResult> {
  reply = r;
  seen = [];
  const h = await helm(['search', 'hub', ...args], env);
  const hSeen = seen;
  seen = [];
  const x = await rudder(['search', 'hub', ...args], env);
  const xSeen = seen;
  assert.deepEqual(xSeen, hSeen, `${what}: requests`);
  assert.equal(x.stdout, h.stdout, `${what}: stdout`);
  assert.equal(x.stderr, h.stderr, `${what}: stderr`);
  assert.equal(x.code, h.code, `${what}: exit code`);
  comparisons++;
  return h;
}

const result = (o: Record<string, unknown>): Record<string, unknown> => ({
  id: 'stable/x',
  type: 'chart',
  attributes: {
    name: 'x',
    repo: { name: 'stable', url: 'https://charts.example.com/stable' },
    description: 'd',
  },
  links: { self: '/v1/charts/stable/x' },
  relationships: {
    latestChartVersion: {
      data: {
        version: '1.0.0',
        app_version: '2.0',
        created: '2024-05-01T10:00:00Z',
        digest: 'abc',
        urls: ['u'],
      },
      links: { self: '/v1/charts/stable/x/versions/1.0.0' },
    },
  },
  ...o,
});

const HUB = JSON.stringify({
  data: [
    result({
      id: 'bitnami/nginx',
      artifactHub: { packageUrl: 'https://artifacthub.io/packages/helm/bitnami/nginx' },
      attributes: {
        name: 'nginx',
        repo: { name: 'bitnami', url: 'https://charts.bitnami.com/bitnami' },
        description:
          'NGINX Open Source is a web server that can be also used as a reverse proxy, load balancer, and HTTP cache.',
        keywords: ['nginx', 'http'],
        maintainers: [{ name: 'Broadcom', email: 'x@example.com' }],
      },
      relationships: {
        latestChartVersion: {
          data: { version: '18.2.4', app_version: '1.27.1', created: '2024-09-01T12:00:00.123Z' },
        },
      },
    }),
    result({ id: 'stable/nginx-ingress' }),
    result({
      id: 'ünïcode/日本',
      attributes: {
        description: 'Ünïcödé 日本語の説明 <b>&amp;</b>',
        repo: { name: 'u', url: 'https://u.example/ü' },
      },
    }),
  ],
});

test('search hub: request, table, --max-col-width, --list-repo-url, -o json|yaml', async () => {
  const ok: Reply = { headers: { 'Content-Type': 'application/json' }, body: HUB };
  for (const args of [
    ['nginx'],
    ['--max-col-width', '20', 'nginx'],
    ['--max-col-width', '0', 'nginx'],
    ['--list-repo-url', 'nginx'],
    ['--list-repo-url', '-o', 'json', 'nginx'],
    ['-o', 'yaml', 'nginx'],
    ['-o', 'json'],
    ['nginx', 'ingress controller', 'a&b=c/d?é+%'],
    ['--max-col-width', '-1', 'x'],
    ['-o', 'xml', 'x'],
    ['-o', 'table', '--list-repo-url', '--max-col-width', '10', 'ünï', '日本'],
  ]) {
    await compare(['--endpoint', base, ...args], ok, args.join(' '));
  }
  // The endpoint's own path, query and fragment; a trailing slash; dot segments.
  for (const ep of [
    `${base}/sub/`,
    `${base}/a/../b/./c`,
    `${base}/q?x=1`,
    `${base}/f#frag`,
    `${base}//double`,
  ]) {
    await compare(['--endpoint', ep, 'nginx'], ok, ep);
  }
  // gzip-encoded bodies are inflated as Go's transport does.
  await compare(
    ['--endpoint', base, 'nginx'],
    { headers: { 'Content-Encoding': 'gzip' }, body: gzipSync(HUB) },
    'gzip',
  );
  // Redirects: followed with a Referer; the tenth is refused.
  await compare(['--endpoint', `${base}/hop/3`, 'nginx'], ok, 'redirects');
  await compare(['--endpoint', `${base}/hop/12`, '--debug', 'nginx'], ok, 'too many redirects');
});

test('search hub: no results, --fail-on-no-result, status and connection errors, endpoint errors', async () => {
  const empty: Reply = { body: '{"data":[]}' };
  for (const args of [
    [],
    ['-o', 'json'],
    ['-o', 'yaml'],
    ['--fail-on-no-result'],
    ['--fail-on-no-result', '-o', 'json'],
    ['--fail-on-no-result', '-o', 'yaml'],
  ]) {
    await compare(['--endpoint', base, 'none', ...args], empty, `empty ${args.join(' ')}`);
  }
  for (const r of [
    { status: 404 },
    { status: 500, reason: 'Hub Exploded' },
    { status: 201, body: HUB },
    { status: 304 },
    { status: 302 },
  ]) {
    await compare(['--endpoint', base, 'x', '--debug'], r, `status ${r.status}`);
    await compare(['--endpoint', base, 'x'], r, `status ${r.status} without --debug`);
  }
  await compare(['--endpoint', 'http://127.0.0.1:1', 'x', '--debug'], {}, 'connection refused');
  await compare(
    ['--endpoint', base.replace('//', '//u:secret@'), 'x', '--debug'],
    { status: 401 },
    'user info',
  );
  await compare(
    ['--endpoint', `${base.replace('//', '//u:secret@')}/hop/11`, 'x', '--debug'],
    {},
    'user info redirects',
  );
  for (const ep of [
    'localhost',
    '127.0.0.1:8080',
    'http://[::1',
    'http://%zz/',
    'ftp://127.0.0.1:1/',
    'http:///path',
    '',
  ]) {
    await compare(['--endpoint', ep, 'x', '--debug'], {}, `endpoint ${ep}`);
  }
});

test('search hub: odd responses decoded as helm decodes them', async () => {
  const bodies: [string, string | Buffer][] = [
    ['syntax error', '{"data":[{"id":"a"}'],
    ['trailing garbage', '{"data":[{"id":"a"}]} garbage'],
    ['empty body', ''],
    ['top-level array', '[{"id":"a"}]'],
    ['data null', '{"data":null}'],
    ['null element', '{"data":[null,{"id":"b"}]}'],
    [
      'wrong types skipped',
      JSON.stringify({
        data: [
          result({ id: 5, attributes: 'x' }),
          result({ relationships: { latestChartVersion: { data: { version: 1.5, app_version: true } } } }),
        ],
      }),
    ],
    ['data an object', '{"data":{"id":"a"}}'],
    [
      'created not a time stops the decode',
      JSON.stringify({
        data: [
          result({ id: 'one' }),
          result({
            id: 'two',
            relationships: {
              latestChartVersion: { data: { version: '9', created: 'yesterday', app_version: 'late' } },
            },
          }),
          result({ id: 'three' }),
        ],
      }),
    ],
    [
      'created a number',
      JSON.stringify({
        data: [
          result({ relationships: { latestChartVersion: { data: { created: 5 } } } }),
          result({ id: 'after' }),
        ],
      }),
    ],
    [
      'created null and odd forms',
      JSON.stringify({
        data: [
          result({ id: 'n', relationships: { latestChartVersion: { data: { created: null } } } }),
          result({
            id: 'o',
            relationships: { latestChartVersion: { data: { created: '2024-05-01T10:00:00+02:00' } } },
          }),
          result({
            id: 'p',
            relationships: { latestChartVersion: { data: { created: '2024-02-30T10:00:00Z' } } },
          }),
        ],
      }),
    ],
    [
      'case-insensitive keys',
      '{"DATA":[{"ID":"upper","ArtifactHub":{"PACKAGEURL":""},"Attributes":{"Description":"folded","repo":{"URL":"r"}},"relationShips":{"latestchartversion":{"DATA":{"Version":"1","APP_VERSION":"2"}}}},{"\u212Ad":"kelvin","id":"plain"}]}',
    ],
    [
      'duplicate keys merge',
      '{"data":[{"id":"a","attributes":{"description":"first","repo":{"url":"u1"}}}],"data":[{"attributes":{"description":"second"}},{"id":"new"}]}',
    ],
    [
      'escapes and surrogates',
      '{"data":[{"id":"\\u00e9\\ud83d\\ude00\\ud800x\\n\\t\\"q\\"","attributes":{"description":"\\udc00 lone"}}]}',
    ],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from('{"data":[{"id":"bad'),
        Buffer.from([0xe2, 0x82, 0x61, 0xff, 0xed, 0xa0, 0x80, 0xc3]),
        Buffer.from('end"}]}'),
      ]),
    ],
    ['deep nesting elsewhere', `{"other":${'['.repeat(5000)}${']'.repeat(5000)},"data":[{"id":"deep"}]}`],
  ];
  for (const [what, body] of bodies) {
    await compare(['--endpoint', base, 'x'], { body }, what);
    await compare(['--endpoint', base, 'x', '-o', 'json'], { body }, `${what} (json)`);
  }
});

test('search hub comparisons counted', () => {
  assert.ok(comparisons >= 77, `only ${comparisons} comparisons`);
});
