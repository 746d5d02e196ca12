// Which proxy each request URL gets from HTTP_PROXY/HTTPS_PROXY/NO_PROXY/REQUEST_METHOD (and their
// lower-case forms): src/repo/proxy.ts against Go's own http.ProxyFromEnvironment (tools/proxyoracle,
// one Go process per environment since net/http reads it once). No network traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { proxyForURL, ProxyError, type ProxyURL } from '../../src/repo/proxy.js';

const buildScript = fileURLToPath(new URL('../../tools/proxyoracle/build.sh', import.meta.url));
const oracle = execFileSync('bash', [buildScript], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
}).trim();

const URLS = [
  'http://charts.test/index.yaml',
  'https://charts.test/index.yaml',
  'http://charts.test:8080/x',
  'https://charts.test:8443/x',
  'http://sub.charts.test/x',
  'http://notcharts.test/x',
  'https://example.com/x',
  'https://a.b.example.com:443/x',
  'http://EXAMPLE.com/x',
  'http://localhost/x',
  'http://LOCALHOST:80/x',
  'http://localhost.localdomain/x',
  'http://127.0.0.1:8080/x',
  'http://127.200.1.1/x',
  'http://[::1]:80/x',
  'http://[::ffff:127.0.0.1]/x',
  'http://10.1.2.3/x',
  'http://10.1.2.3:8080/x',
  'https://192.168.7.9/x',
  'http://[2001:db8::5]/x',
  'http://[2001:db8::5]:8080/x',
  'http://[fe80::1%25eth0]/x',
  'https://registry.test:5000/v2/',
  'http://bücher.example/x',
  'http://xn--bcher-kva.example/x',
  'ftp://charts.test/x',
];

const ENVS: Record<string, string>[] = [
  {},
  { HTTP_PROXY: 'http://127.0.0.1:3128' },
  { HTTPS_PROXY: 'http://127.0.0.1:3128' },
  { http_proxy: 'http://127.0.0.1:1', https_proxy: '127.0.0.1:2' },
  {
    HTTP_PROXY: 'http://127.0.0.1:1',
    http_proxy: 'http://127.0.0.1:2',
    HTTPS_PROXY: '',
    https_proxy: 'p.test:3',
  },
  { HTTP_PROXY: 'user:pa%20ss@127.0.0.1:3128', HTTPS_PROXY: 'https://u@proxy.test' },
  { HTTP_PROXY: 'localhost:3128', HTTPS_PROXY: 'socks5://127.0.0.1:1080' },
  { HTTP_PROXY: 'http://127.0.0.1:3128', REQUEST_METHOD: 'GET' },
  { HTTPS_PROXY: 'http://127.0.0.1:3128', REQUEST_METHOD: 'GET' },
  { HTTP_PROXY: 'http://[::1]:3128', HTTPS_PROXY: 'http://[::1]:3128', NO_PROXY: '*' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: 'charts.test' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: '.charts.test' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: '*.charts.test, example.com:443' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', no_proxy: 'charts.test:8080,EXAMPLE.COM' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: '10.0.0.0/8,2001:db8::/32' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: '10.1.2.3:8080,[2001:db8::5]:80,192.168.7.9' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: ':80, ,test,*,x' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: 'example.com,*' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: 'bücher.example,::ffff:10.1.2.3,10.1.2.3/33' },
  { HTTP_PROXY: 'p:1', HTTPS_PROXY: 'p:2', NO_PROXY: '192.168.0.0/16:443,registry.test:5000' },
  { HTTP_PROXY: '://bad', HTTPS_PROXY: 'http://[::1', NO_PROXY: '' },
];

function describe(p: ProxyURL | undefined): string {
  if (p === undefined) return 'DIRECT';
  return `${p.scheme} ${p.hostname} ${p.port} ${p.authorization ?? ''}`;
}

/** The oracle's line (scheme, host name, port, user:password) as describe() prints ours. */
function goDescribe(line: string): string {
  if (line === 'DIRECT' || line.startsWith('ERROR: ')) return line;
  const [scheme, host, port, auth] = line.split('\t') as [string, string, string, string];
  const defaults: Record<string, string> = { http: '80', https: '443', socks5: '1080' };
  const basic = auth !== '' ? `Basic ${Buffer.from(auth).toString('base64')}` : '';
  return `${scheme} ${host} ${port || defaults[scheme]} ${basic}`;
}

test('proxy choice per URL and environment as Go http.ProxyFromEnvironment', () => {
  let compared = 0;
  for (const env of ENVS) {
    const goLines = execFileSync(oracle, URLS, { env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8' })
      .trimEnd()
      .split('\n');
    URLS.forEach((href, i) => {
      let ours: string;
      try {
        ours = describe(proxyForURL(href, env));
      } catch (err) {
        assert.ok(err instanceof ProxyError);
        ours = `ERROR: ${err.message}`;
      }
      assert.equal(ours, goDescribe(goLines[i]!), `${JSON.stringify(env)} ${href}`);
      compared++;
    });
  }
  assert.equal(compared, ENVS.length * URLS.length);
});
