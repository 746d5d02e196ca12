// Without --ca-file helm trusts the machine's roots as Go reads them (SSL_CERT_FILE or the bundle
// file, SSL_CERT_DIR or the usual folders), not Node's bundled list: a CA added there is trusted
// by both tools. Compared with helm v4.3.2 on the loopback TLS chart repository and a TLS
// docker-registry: repo add, pull --repo, pull oci://, each with the CA in SSL_CERT_FILE, in
// SSL_CERT_DIR, with another CA, and with the system's own roots only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartRepoServer, TlsFiles } from '../support/chart-repo-server.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { cleanEnv, helm, rudder, startTlsChartRepo } from './support.js';

let server: ChartRepoServer;
let registry: Registry;
let tls: TlsFiles;
let other: TlsFiles;
let dir: string;

before(async () => {
  ({ dir, tls, other, server } = await startTlsChartRepo('rudder-sysroots-'));
  registry = await startRegistry({ tls: true });
});

after(async () => {
  await server?.close();
  await registry?.stop();
});

test('system roots from SSL_CERT_FILE and SSL_CERT_DIR, as helm trusts them', async () => {
  const certDir = join(dir, 'certs');
  mkdirSync(certDir);
  copyFileSync(tls.ca, join(certDir, 'repo-ca.pem'));
  copyFileSync(registry.caFile!, join(certDir, 'registry-ca.pem'));
  const settings: [string, Record<string, string>][] = [
    ['the CA in SSL_CERT_FILE', { SSL_CERT_FILE: tls.ca }],
    ['the CAs in SSL_CERT_DIR', { SSL_CERT_FILE: join(dir, 'none.pem'), SSL_CERT_DIR: certDir }],
    ['another CA in SSL_CERT_FILE', { SSL_CERT_FILE: other.ca, SSL_CERT_DIR: join(dir, 'none') }],
    ["the system's roots", {}],
  ];
  let succeeded = 0;
  for (const [what, extra] of settings) {
    const envs = { h: cleanEnv(extra), r: cleanEnv(extra) };
    const out = mkdtempSync(join(dir, 'out-'));
    const cases: [string, string[]][] = [
      ['repo add', ['repo', 'add', 'r', server.url]],
      ['pull --repo', ['pull', 'alpha', '--repo', server.url, '-d', out]],
      ['pull oci://', ['pull', `oci://${registry.host}/charts/none`, '--version', '1.0.0', '-d', out]],
    ];
    for (const [cmd, args] of cases) {
      const h = await helm(args, envs.h);
      const r = await rudder(args, envs.r);
      assert.equal(r.stderr, h.stderr.replaceAll('rudder', 'helm'), `${what}, ${cmd}: stderr`);
      assert.equal(r.stdout, h.stdout, `${what}, ${cmd}: stdout`);
      assert.equal(r.code, h.code, `${what}, ${cmd}: exit code`);
      if (cmd === 'repo add' && h.code === 0) succeeded++;
    }
  }
  // The repository is trusted through SSL_CERT_FILE and SSL_CERT_DIR, and only there.
  assert.equal(succeeded, 2);
});
