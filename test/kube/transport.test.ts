// Transport behaviour that needs no cluster: the token bucket, retries, headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket, type Clock } from '../../src/kube/ratelimit.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transport } from '../../src/kube/transport.js';
import { startForwardProxy } from '../repo/forward-proxy.js';

test('the token bucket lets a burst through, then paces requests at qps', async () => {
  let now = 0;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  const b = new TokenBucket(10, 3, clock);
  for (let i = 0; i < 3; i++) await b.acquire();
  assert.deepEqual(slept, []);
  await b.acquire();
  await b.acquire();
  assert.equal(slept.length, 2);
  assert.ok(Math.abs(slept[0]! - 100) < 1e-6 && Math.abs(slept[1]! - 100) < 1e-6, String(slept));
  assert.equal(now, 200);
});

// The retry rules are transport behaviour, exercised here against a tiny local HTTP server on
// 127.0.0.1 (the API server cannot be made to lose its etcd leader on demand).

async function withServer(
  handler: (req: IncomingMessage, res: ServerResponse, n: number) => void,
  f: (t: Transport) => Promise<void>,
): Promise<void> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const t = new Transport(
    {
      server: `http://127.0.0.1:${port}`,
      insecureSkipTlsVerify: false,
      namespace: 'default',
      contextName: '',
    },
    { clock: { now: () => 0, sleep: async () => undefined } },
  );
  try {
    await f(t);
  } finally {
    t.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const status = (code: number, message: string) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });

test("Helm's retry: a 5xx Status ending in 'etcdserver: leader changed' is retried once", async () => {
  await withServer(
    (_req, res, n) => {
      res.writeHead(n <= 1 ? 500 : 200, { 'content-type': 'application/json' });
      res.end(n <= 1 ? status(500, 'rpc error: etcdserver: leader changed') : '{"ok":true}');
    },
    async (t) => {
      const r = await t.request({ method: 'GET', path: '/x' });
      assert.equal(r.status, 200);
      assert.equal(t.requestCount, 2);
    },
  );
  await withServer(
    (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(status(500, 'rpc error: code = Unknown desc = raft proposal dropped'));
    },
    async (t) => {
      const r = await t.request({ method: 'GET', path: '/x' });
      assert.equal(r.status, 500);
      assert.equal(t.requestCount, 2); // one retry only
    },
  );
  await withServer(
    (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(status(500, 'something else'));
    },
    async (t) => {
      assert.equal((await t.request({ method: 'GET', path: '/x' })).status, 500);
      assert.equal(t.requestCount, 1);
    },
  );
});

test('429 with Retry-After is retried; Warning headers reach the callback; headers carry auth and impersonation', async () => {
  const warnings: string[] = [];
  let seen: IncomingMessage['headers'] = {};
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    seen = req.headers;
    if (n === 1) {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end(status(429, 'slow down'));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', warning: '299 - "deprecated API"' });
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const t = new Transport(
    {
      server: `http://127.0.0.1:${port}/prefix`,
      insecureSkipTlsVerify: false,
      namespace: 'default',
      contextName: '',
      token: 'tok',
      impersonate: { user: 'alice', groups: ['a', 'b'], extra: { scopes: ['x'] } },
    },
    {
      clock: { now: () => 0, sleep: async () => undefined },
      onWarning: (w) => warnings.push(w),
      userAgent: 'Helm/4.3.2',
    },
  );
  try {
    const r = await t.request({ method: 'GET', path: '/api' });
    assert.equal(r.status, 200);
    assert.equal(n, 2);
    assert.deepEqual(warnings, ['deprecated API']);
    assert.equal(seen['authorization'], 'Bearer tok');
    assert.equal(seen['impersonate-user'], 'alice');
    assert.equal(seen['impersonate-group'], 'a, b');
    assert.equal(seen['impersonate-extra-scopes'], 'x');
    assert.equal(seen['user-agent'], 'Helm/4.3.2');
    assert.equal(
      t.url('/api', { a: ['1', '2'], b: undefined }),
      `http://127.0.0.1:${port}/prefix/api?a=1&a=2`,
    );
  } finally {
    t.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('keep-alive: sequential requests reuse one connection', async () => {
  let connections = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const t = new Transport({
    server: `http://127.0.0.1:${port}`,
    insecureSkipTlsVerify: false,
    namespace: 'default',
    contextName: '',
  });
  try {
    for (let i = 0; i < 20; i++) assert.equal((await t.request({ method: 'GET', path: '/x' })).status, 200);
    assert.equal(connections, 1);
    assert.equal(t.requestCount, 20);
  } finally {
    t.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('an http server behind the cluster proxy-url: each request forwarded with its absolute URL', async () => {
  // The proxy route is worked out once per transport; every request must still name its own path
  // and query to the proxy (an http forward), and reach the server with them.
  const proxy = await startForwardProxy();
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(`${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const t = new Transport(
    {
      server: `http://kube.test:${port}/prefix`,
      insecureSkipTlsVerify: false,
      namespace: 'default',
      contextName: '',
      proxyUrl: proxy.url,
    },
    { clock: { now: () => 0, sleep: async () => undefined } },
  );
  try {
    assert.equal((await t.request({ method: 'GET', path: '/api' })).status, 200);
    assert.equal((await t.request({ method: 'GET', path: '/apis/x', query: { a: ['1', '2'] } })).status, 200);
    assert.deepEqual(
      proxy.log.map((e) => `${e.method} ${e.target}`),
      [`GET http://kube.test:${port}/prefix/api`, `GET http://kube.test:${port}/prefix/apis/x?a=1&a=2`],
    );
    assert.deepEqual(paths, [`kube.test:${port} /prefix/api`, `kube.test:${port} /prefix/apis/x?a=1&a=2`]);
  } finally {
    t.close();
    await proxy.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
