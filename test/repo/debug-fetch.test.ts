// The HTTP getter's --debug lines (`fetching`, `fetch complete` with the server's own status line
// and Content-Length) and its status errors, compared with helm v4.3.2 on a loopback repository
// that answers with reason phrases of its own, redirects, and chunked bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, packageChart, rudder } from './support.js';

let server: Server;
let base = '';
const dir = mkdtempSync(join(tmpdir(), 'rudder-debug-fetch-'));

before(async () => {
  await packageChart(dir, 'alpha', '1.0.0');
  const r = await helm(['repo', 'index', dir], cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  server = createServer((req, res) => {
    const url = req.url ?? '';
    const file = (name: string): Buffer => readFileSync(join(dir, name));
    if (url === '/plain/index.yaml') res.writeHead(200, 'Fine Thanks').end(file('index.yaml'));
    else if (url === '/plain/alpha-1.0.0.tgz') res.end(file('alpha-1.0.0.tgz'));
    else if (url === '/chunked/index.yaml') {
      res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
      res.write(file('index.yaml'));
      res.end();
    } else if (url === '/moved/index.yaml') res.writeHead(302, { Location: '/plain/index.yaml' }).end();
    else if (url === '/teapot/index.yaml') res.writeHead(418, "I'm a teapot").end('short and stout');
    else if (url === '/gone/index.yaml') res.writeHead(404, 'File not found').end('nothing here');
    else res.writeHead(500, 'Server Broke').end();
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

test('--debug fetch lines and status errors as helm prints them', async () => {
  const envs = { h: cleanEnv(), r: cleanEnv() };
  let n = 0;
  // helm updates repositories in parallel: their lines interleave in any order (sorted: true).
  const lines = (s: string, sorted: boolean): string => (sorted ? s.split('\n').sort().join('\n') : s);
  const same = async (args: string[], what: string, sorted = false): Promise<void> => {
    const h = await helm(args, envs.h);
    const r = await rudder(args, envs.r);
    assert.equal(lines(r.stderr, sorted), lines(h.stderr, sorted), `${what}: stderr`);
    assert.equal(lines(r.stdout, sorted), lines(h.stdout, sorted), `${what}: stdout`);
    assert.equal(r.code, h.code, `${what}: exit code`);
    n++;
  };
  for (const path of ['plain', 'chunked', 'moved', 'teapot', 'gone', 'broken']) {
    await same(['repo', 'add', path, `${base}/${path}`, '--debug'], `repo add ${path}`);
  }
  await same(['repo', 'update', '--debug'], 'repo update', true);
  await same(['repo', 'update', 'plain', '--debug'], 'repo update plain');
  await same(['repo', 'add', 'quiet', `${base}/gone`], 'repo add without --debug');
  assert.equal(n, 9);
});
