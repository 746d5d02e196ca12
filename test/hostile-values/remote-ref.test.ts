// Beyond Helm (issue 14): a `$ref` to an http(s) URL in values.schema.json. Helm downloads it;
// Rudder refuses, says why, and sends nothing. A loopback server counts any attempt.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { rudder, scratch } from '../hostile/support.js';

test('remote $ref in values.schema.json: refused with the reason, no request sent', async () => {
  let requests = 0;
  let connections = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('{"type":"string"}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  try {
    for (const url of [`http://127.0.0.1:${port}/s.json`, `HTTPS://127.0.0.1:${port}/s.json#/defs/x`]) {
      const dir = scratch();
      mkdirSync(join(dir, 'templates'));
      writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      writeFileSync(join(dir, 'templates', 'a.yaml'), 'x: 1\n');
      writeFileSync(join(dir, 'values.yaml'), 'a: 1\n');
      writeFileSync(
        join(dir, 'values.schema.json'),
        JSON.stringify({ type: 'object', properties: { a: { $ref: url } } }),
      );
      const r = rudder(['template', 'x', '.'], dir, { timeoutMs: 60_000 });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      const base = url.split('#')[0]!;
      assert.match(r.stderr, /values don't meet the specifications of the schema/);
      assert.ok(
        r.stderr.includes(`failing loading "${base}": remote $ref not fetched`),
        `unexpected error: ${r.stderr}`,
      );
    }
    // Connections made while rudder ran are accepted once the event loop runs again.
    await new Promise((ok) => setTimeout(ok, 200));
    assert.equal(connections, 0);
    assert.equal(requests, 0);
  } finally {
    server.close();
  }
});
