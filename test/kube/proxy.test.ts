// The Kubernetes client through proxies, as client-go picks them, against the real API server and
// compared with helm v4.3.2: HTTPS_PROXY (Go's ProxyFromEnvironment; loopback servers never
// proxied), the cluster's proxy-url (http, socks5; used whatever the host), unreachable proxies and
// a refused proxy-url scheme; a CA that is the server's own certificate. The kubeconfig names the server kube.test, which only the test
// proxies resolve (to 127.0.0.1), with tls-server-name localhost for the server's certificate.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { useCluster } from '../support/cluster.js';
import { both, cleanEnv, type RunResult } from '../repo/support.js';
import { startForwardProxy, type ForwardProxy } from '../repo/forward-proxy.js';
import { startSocksServer, type SocksServer } from '../repo/socks-server.js';

const cluster = useCluster('api');
const work = mkdtempSync(join(tmpdir(), 'rudder-kube-proxy-'));
let proxy: ForwardProxy;
let socks: SocksServer;
let port = '';
let ns = '';

before(async () => {
  proxy = await startForwardProxy();
  socks = await startSocksServer();
  ns = await cluster.namespace('proxy');
});
after(async () => {
  await proxy?.close();
  await socks?.close();
  rmSync(work, { recursive: true, force: true });
});

interface KubeconfigFile {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  contexts: { context: { cluster: string } }[];
}

/** The test kubeconfig with its server named kube.test and the cluster fields given; returns its path. */
function kubeconfig(name: string, fields: Record<string, string> = {}, host = 'kube.test'): string {
  const kc = parseYaml(readFileSync(cluster.kubeconfig, 'utf8')) as KubeconfigFile;
  // Renamed: the comparison turns the word rudder into helm.
  for (const c of kc.contexts) c.context.cluster = `${c.context.cluster}-cluster`.replace('rudder', 'test');
  for (const c of kc.clusters) {
    c.name = `${c.name}-cluster`.replace('rudder', 'test');
    const u = new URL(String(c.cluster['server']));
    port = u.port;
    c.cluster['server'] = `https://${host}:${u.port}`;
    if (host !== '127.0.0.1') c.cluster['tls-server-name'] = 'localhost';
    Object.assign(c.cluster, fields);
  }
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(kc));
  return file;
}

/** `list` in the test namespace with both tools, each with its own home; returns helm's result. */
async function same(file: string, extra: Record<string, string> = {}): Promise<RunResult> {
  const env = (): Record<string, string> => cleanEnv({ KUBECONFIG: file, ...extra });
  const [h, r] = await both(['list', '-n', ns], { h: env(), r: env() });
  assert.deepEqual(r, h, `${file} ${JSON.stringify(extra)}`);
  return h;
}

const HEADER = 'NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\n';

test('HTTPS_PROXY: the API server is reached through a CONNECT tunnel, as helm reaches it', async () => {
  const file = kubeconfig('env');
  const before = proxy.log.length;
  const ok = await same(file, { HTTPS_PROXY: proxy.url });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, HEADER);
  const tunnels = proxy.log.slice(before);
  assert.ok(tunnels.length >= 2, JSON.stringify(tunnels)); // helm's and rudder's
  for (const e of tunnels) assert.deepEqual([e.method, e.target], ['CONNECT', `kube.test:${port}`]);
  // Lower case and proxy credentials; NO_PROXY for another name changes nothing.
  proxy.auth = { username: 'u', password: 'p w' };
  try {
    const url = proxy.url.replace('//', '//u:p%20w@');
    assert.equal((await same(file, { https_proxy: url, NO_PROXY: 'other.test' })).code, 0);
    assert.ok(proxy.log.slice(-2).every((e) => e.proxyAuthorization === 'Basic dTpwIHc='));
    // Wrong credentials: the proxy's 407 status text, as Go reports it.
    const bad = await same(file, { HTTPS_PROXY: proxy.url });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /: Proxy Authentication Required\n$/);
  } finally {
    delete proxy.auth;
  }
});

test('a loopback server is never proxied; an unreachable proxy fails with Go’s text', async () => {
  const before = proxy.log.length;
  const direct = await same(kubeconfig('loopback', {}, '127.0.0.1'), { HTTPS_PROXY: proxy.url });
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal(proxy.log.length, before);
  const dead = await same(kubeconfig('env'), { HTTPS_PROXY: 'http://127.0.0.1:1' });
  assert.equal(dead.code, 1);
  assert.equal(
    dead.stderr,
    `Error: kubernetes cluster unreachable: Get "https://kube.test:${port}/version": proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused\n`,
  );
});

test("the cluster's proxy-url: http and socks5 proxies, unreachable ones, refused schemes", async () => {
  const viaHttp = proxy.log.length;
  const h = await same(kubeconfig('url-http', { 'proxy-url': proxy.url }), {
    HTTPS_PROXY: 'http://127.0.0.1:1',
  });
  assert.equal(h.code, 0, h.stderr);
  assert.ok(proxy.log.length >= viaHttp + 2);
  const viaSocks = socks.log.length;
  const s = await same(kubeconfig('url-socks', { 'proxy-url': `socks5://127.0.0.1:${socks.port}` }));
  assert.equal(s.code, 0, s.stderr);
  assert.ok(
    socks.log.slice(viaSocks).length >= 2 &&
      socks.log.slice(viaSocks).every((t) => t === `kube.test:${port}`),
  );
  // proxy-url applies to loopback servers too (http.ProxyURL has no exceptions).
  const loop = await same(kubeconfig('url-loop', { 'proxy-url': 'socks5://127.0.0.1:1' }, '127.0.0.1'));
  assert.match(loop.stderr, /proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused\n$/);
  const dead = await same(kubeconfig('url-dead', { 'proxy-url': 'http://127.0.0.1:1' }));
  assert.match(dead.stderr, /proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused\n$/);
  const ftp = await same(kubeconfig('url-ftp', { 'proxy-url': 'ftp://127.0.0.1:1' }));
  assert.equal(
    ftp.stderr,
    `Error: kubernetes cluster unreachable: invalid configuration: invalid 'proxy-url' "ftp://127.0.0.1:1" for cluster "test-cluster": unsupported scheme "ftp", must be http, https, or socks5\n`,
  );
});

test('certificate-authority-data holding the server’s own certificate is trusted, as Go trusts any root', async () => {
  // Go accepts a chain ending at any certificate of RootCAs (the leaf itself here), not only at a
  // self-signed one; without a partial-chain trust store Node would fail the handshake.
  kubeconfig('leaf-probe', {}, '127.0.0.1'); // sets `port`
  const leaf = await new Promise<Buffer>((resolve, reject) => {
    const s = tlsConnect(
      { host: '127.0.0.1', port: Number(port), servername: 'localhost', rejectUnauthorized: false },
      () => {
        resolve(s.getPeerCertificate().raw);
        s.end();
      },
    );
    s.on('error', reject);
  });
  const pem = `-----BEGIN CERTIFICATE-----\n${leaf.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  const fields = { 'certificate-authority-data': Buffer.from(pem).toString('base64') };
  const ok = await same(kubeconfig('leaf-root', fields, '127.0.0.1'));
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, HEADER);
  // The same through the cluster's proxy-url (the tunnel's TLS uses the same settings).
  const via = await same(kubeconfig('leaf-root-proxy', { ...fields, 'proxy-url': proxy.url }));
  assert.equal(via.code, 0, via.stderr);
});
