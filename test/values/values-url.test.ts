// `-f`/`--values` and `--set-file` with a URL (pkg/cli/values readFile): http(s) sources are
// downloaded through the getters (a loopback server of ours), schemes a getter/v1 plugin serves go
// to the plugin, unknown schemes are local paths. template, install --dry-run=client, upgrade and
// lint are compared with helm v4.3.2: output, errors, exit codes, and what reached the server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  makeTlsFiles,
  startChartRepoServer,
  type ChartRepoServer,
  type TlsFiles,
} from '../support/chart-repo-server.js';
import { both, cleanEnv, type RunResult } from '../repo/support.js';

const root = mkdtempSync(join(tmpdir(), 'values-url-'));
const chart = join(root, 'ch');
const served = join(root, 'served');
const plugins = join(root, 'plugins');
let server: ChartRepoServer;
let tlsServer: ChartRepoServer;
let tls: TlsFiles;

before(async () => {
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: ch\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'x: 1\nlocal: chart\n');
  writeFileSync(
    join(chart, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  v: {{ toJson .Values | quote }}\n',
  );
  mkdirSync(served);
  writeFileSync(join(served, 'vals.yaml'), 'a: fromurl\nx: 2\nlist: [1, 2]\n');
  writeFileSync(join(served, 'more.yaml'), 'x: 3\nb: second\n');
  writeFileSync(join(served, 'bad.yaml'), 'a: [unclosed\n');
  writeFileSync(join(root, 'local.yaml'), 'x: 10\nc: local\n');
  server = await startChartRepoServer({ dir: served });
  server.overrides.push((req, res) => {
    if (req.url === '/moved.yaml') {
      res.writeHead(302, { Location: '/more.yaml' });
      res.end();
      return true;
    }
    if (req.url === '/reason.yaml') {
      // Go prints the server's own status line.
      res.statusMessage = 'Values Gone Fishing';
      res.writeHead(410);
      res.end('gone\n');
      return true;
    }
    return false;
  });
  tls = makeTlsFiles();
  tlsServer = await startChartRepoServer({ dir: served, tls });
  // A getter/v1 plugin for `vals://`: prints its arguments to stderr and a values file on stdout.
  const p = join(plugins, 'valget');
  mkdirSync(p, { recursive: true });
  writeFileSync(
    join(p, 'plugin.yaml'),
    'apiVersion: v1\nname: valget\ntype: getter/v1\nruntime: subprocess\nversion: 0.1.0\nconfig:\n  protocols: [vals]\n' +
      'runtimeConfig:\n  protocolCommands:\n    - protocols: [vals]\n      platformCommand:\n        - command: get.sh\n',
  );
  writeFileSync(
    join(p, 'get.sh'),
    '#!/bin/sh\necho "args: $*" >&2\ncase "$*" in *missing*) echo nope >&2; exit 3;; esac\nprintf "plugin: yes\\nx: 7\\n"\n',
    { mode: 0o755 },
  );
});

after(async () => {
  await server.close();
  await tlsServer.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(tls.dir, { recursive: true, force: true });
});

const envs = (): { h: Record<string, string>; r: Record<string, string> } => ({
  h: cleanEnv({ HELM_PLUGINS: plugins }),
  r: cleanEnv({ HELM_PLUGINS: plugins }),
});

/** Runs both tools; requires the same stdout, stderr and exit code; returns helm's result. */
async function same(args: string[]): Promise<RunResult> {
  // A failing plugin is printed whole, as Go's %q prints it, by both (src/plugin/go-format.ts).
  const [h, r] = await both(args, envs(), { h: root, r: root });
  const t = (x: RunResult): RunResult => ({
    ...x,
    stdout: x.stdout.replace(/^LAST DEPLOYED: .*$/m, 'LAST DEPLOYED: <now>'),
  });
  assert.deepEqual(t(r), t(h), args.join(' '));
  return h;
}

/** Requests the server saw while `run` ran, as path and authorization. */
async function requests(run: () => Promise<unknown>): Promise<string[]> {
  const start = server.log.length;
  await run();
  return server.log.slice(start).map((l) => `${l.path} ${l.authorization ?? '-'} ${l.userAgent ?? '-'}`);
}

test('template -f with an http URL: downloaded and merged in order, as helm', async () => {
  const u = server.url;
  let r = await same(['template', 'r', chart, '-f', `${u}/vals.yaml`]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /fromurl/);
  r = await same([
    'template',
    'r',
    chart,
    '-f',
    'local.yaml',
    '-f',
    `${u}/vals.yaml`,
    '-f',
    `${u}/more.yaml`,
  ]);
  assert.match(r.stdout, /\\"x\\":3/);
  r = await same(['template', 'r', chart, '--values', `${u}/more.yaml`, '-f', 'local.yaml', '--set', 'y=1']);
  assert.match(r.stdout, /\\"x\\":10/);
  // A redirect is followed; a scheme in upper case is still http.
  assert.equal((await same(['template', 'r', chart, '-f', `${u}/moved.yaml`])).code, 0);
  assert.equal(
    (await same(['template', 'r', chart, '-f', u.replace('http', 'HTTP') + '/vals.yaml'])).code,
    0,
  );
});

test('--set-file with an http URL reads the body as a string, as helm', async () => {
  const u = server.url;
  const r = await same([
    'template',
    'r',
    chart,
    '--set-file',
    `a=${u}/vals.yaml,b=${join(root, 'local.yaml')}`,
  ]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /a: fromurl/);
  await same(['template', 'r', chart, '--set-file', `a=${u}/vals.yaml`, '--set-file', `l={${u}/more.yaml}`]);
  assert.equal((await same(['template', 'r', chart, '--set-file', `a=${u}/nope.yaml`])).code, 1);
});

test('values URL errors: 404, the server status line, bad YAML, refused, no host, as helm', async () => {
  const u = server.url;
  const cases: [string[], RegExp][] = [
    [
      ['-f', `${u}/nope.yaml`],
      /^Error: failed to fetch http:\/\/127\.0\.0\.1:\d+\/nope\.yaml : 404 Not Found\n$/,
    ],
    [['-f', `${u}/reason.yaml`], /: 410 Values Gone Fishing\n$/],
    [['-f', `${u}/bad.yaml`], /^Error: failed to parse http:.*\/bad\.yaml: /],
    [['-f', 'http://127.0.0.1:1/x.yaml'], /connect: connection refused\n$/],
    [['-f', 'http:///x.yaml'], /^Error: Get "http:\/\/\/x\.yaml": http: no Host in request URL\n$/],
    [['-f', `${u}/vals.yaml`, '-f', `${u}/nope.yaml`], /404 Not Found\n$/],
  ];
  for (const [args, want] of cases) {
    const r = await same(['template', 'r', chart, ...args]);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, want);
  }
});

test('unknown schemes and unparsable URLs are local paths or url.Parse errors, as helm', async () => {
  const cases: [string, RegExp][] = [
    ['foo://x/y.yaml', /^Error: open foo:\/\/x\/y\.yaml: no such file or directory\n$/],
    [`file://${join(root, 'local.yaml')}`, /^Error: open file:\/\/.*: no such file or directory\n$/],
    ['a%.yaml', /^Error: parse "a%\.yaml": invalid URL escape "%\.y"\n$/],
    ['http://[::1', /^Error: parse "http:\/\/\[::1": missing '\]' in host\n$/],
    ['1a:b.yaml', /^Error: parse "1a:b\.yaml": first path segment in URL cannot contain colon\n$/],
    ['a:b/c.yaml', /^Error: open a:b\/c\.yaml: no such file or directory\n$/],
  ];
  for (const [f, want] of cases) {
    const r = await same(['template', 'r', chart, '-f', f]);
    assert.equal(r.code, 1, f);
    assert.match(r.stderr, want);
  }
});

test('the chart credentials and TLS flags do not apply to values URLs, as helm', async () => {
  const got = await requests(() =>
    same(['template', 'r', chart, '-f', `${server.url}/vals.yaml`, '--username', 'u', '--password', 'p']),
  );
  // Each tool fetched once, without credentials, with Helm's user agent.
  assert.deepEqual(got, ['/vals.yaml - Helm/4.3.2', '/vals.yaml - Helm/4.3.2']);
  for (const extra of [[], ['--ca-file', tls.ca], ['--insecure-skip-tls-verify']]) {
    const r = await same(['template', 'r', chart, '-f', `${tlsServer.url}/vals.yaml`, ...extra]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /x509: certificate signed by unknown authority\n$/);
  }
});

test('a getter/v1 plugin serves its scheme for -f and --set-file, as helm', async () => {
  let r = await same(['template', 'r', chart, '-f', 'vals://host/v.yaml']);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /^args: {4}vals:\/\/host\/v\.yaml\n$/);
  assert.match(r.stdout, /plugin/);
  r = await same(['template', 'r', chart, '--set-file', 'p=vals://host/v.yaml']);
  assert.match(r.stdout, /plugin: yes/);
  r = await same(['template', 'r', chart, '-f', 'vals://host/missing.yaml']);
  assert.equal(r.code, 1);
});

test('install --dry-run=client, upgrade and lint take values URLs, as helm', async () => {
  const u = server.url;
  const kube = join(root, 'missing-kubeconfig');
  const withKube = (a: string[]): string[] => [...a, '--kubeconfig', kube];
  let r = await same(withKube(['install', 'r', chart, '--dry-run=client', '-f', `${u}/vals.yaml`]));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /fromurl/);
  r = await same(withKube(['install', 'r', chart, '--dry-run=client', '-f', `${u}/nope.yaml`]));
  assert.match(r.stderr, /404 Not Found/);
  // upgrade reads the values before it needs a cluster.
  for (const f of ['nope.yaml', 'bad.yaml']) {
    r = await same(withKube(['upgrade', 'r', chart, '-f', `${u}/${f}`]));
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`/${f.replace('.', '\\.')}`));
  }
  r = await same(['lint', chart, '-f', `${u}/vals.yaml`]);
  assert.equal(r.code, 0);
  r = await same(['lint', chart, '-f', `${u}/nope.yaml`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /404 Not Found/);
});
