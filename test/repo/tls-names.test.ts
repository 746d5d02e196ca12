// A server whose certificate names neither the host asked for nor a trusted CA: Go checks the host
// name first (crypto/x509), OpenSSL the chain first; rudder reports what helm v4.3.2 reports, for
// chart repositories and chart URLs, with and without --ca-file. The server listens on ::1 with a
// certificate for 127.0.0.1 and localhost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { cleanEnv, helm, rudder } from './support.js';
import { makeTlsFiles, type TlsFiles } from '../support/chart-repo-server.js';

let server: Server;
let tls: TlsFiles;
let base: string;

before(async () => {
  tls = makeTlsFiles();
  server = createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (_req, res) => {
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '::1', r));
  base = `https://[::1]:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test('host name errors before chain errors, as crypto/x509', async () => {
  const cases = [
    ['repo', 'add', 'r', base],
    ['repo', 'add', 'r', base, '--ca-file', tls.ca],
    ['show', 'chart', `${base}/alpha-1.0.0.tgz`],
    ['pull', `${base}/alpha-1.0.0.tgz`, '--ca-file', tls.ca],
  ];
  for (const args of cases) {
    const env = cleanEnv();
    const [h, r] = await Promise.all([helm(args, env), rudder(args, env)]);
    assert.match(h.stderr, /x509: certificate is valid for 127\.0\.0\.1, not ::1\n$/, args.join(' '));
    assert.equal(r.stderr, h.stderr, args.join(' '));
    assert.equal(r.stdout, h.stdout, args.join(' '));
    assert.equal(r.code, h.code, args.join(' '));
  }
});
