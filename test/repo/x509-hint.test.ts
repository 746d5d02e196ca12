// Go's unknown-authority text with its hint — `(possibly because of "crypto/rsa: verification
// error" while trying to verify candidate authority certificate "…")` when the --ca-file holds a
// CA of the issuer's name that did not sign the server's certificate — compared with helm v4.3.2
// on the loopback TLS repository: another CA of the same name, a non-CA certificate, the server's
// own certificate, and a file with both the wrong and the right CA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartRepoServer, TlsFiles } from '../support/chart-repo-server.js';
import { cleanEnv, helm, rudder, startTlsChartRepo } from './support.js';

let server: ChartRepoServer;
let tls: TlsFiles;
let other: TlsFiles;
let dir: string;

before(async () => {
  ({ dir, tls, other, server } = await startTlsChartRepo('rudder-x509-'));
});

after(async () => {
  await server?.close();
});

test("unknown authority: Go's hint about the candidate CA, as helm prints it", async () => {
  const both = join(dir, 'both.crt');
  writeFileSync(both, readFileSync(other.ca, 'utf8') + readFileSync(tls.ca, 'utf8'));
  const envs = { h: cleanEnv(), r: cleanEnv() };
  const cases: [string, string[]][] = [
    ['same-name CA', ['repo', 'add', 'a', server.url, '--ca-file', other.ca]],
    ['a client certificate', ['repo', 'add', 'b', server.url, '--ca-file', tls.clientCert]],
    ['the server certificate', ['repo', 'add', 'c', server.url, '--ca-file', tls.cert]],
    ['wrong and right CA', ['repo', 'add', 'd', server.url, '--ca-file', both]],
    ['pull --repo', ['pull', 'alpha', '--repo', server.url, '--ca-file', other.ca, '-d', dir]],
  ];
  for (const [what, args] of cases) {
    const h = await helm(args, envs.h);
    const r = await rudder(args, envs.r);
    // rudder()'s output has its own name turned into helm's, the CA's name (rudder-test-ca) too.
    assert.equal(r.stderr, h.stderr.replaceAll('rudder', 'helm'), `${what}: stderr`);
    assert.equal(r.stdout, h.stdout, `${what}: stdout`);
    assert.equal(r.code, h.code, `${what}: exit code`);
  }
  const h = await helm(cases[0]![1], envs.h);
  assert.match(h.stderr, /possibly because of "crypto\/rsa: verification error"/);
});
