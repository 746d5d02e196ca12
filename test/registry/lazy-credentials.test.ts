// Credential stores are asked only when a registry challenges (oras-go's auth client): with a
// credsStore or a credHelpers entry naming a helper that is not installed, anonymous pull, show and
// template from a registry without auth work in helm v4.3.2 and must in rudder; from an htpasswd
// registry both fail with the same text. Real docker-registry instances on 127.0.0.1, real helm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helmBinary, rudderBundle, type RunResult } from '../cli/support.js';
import { startRegistry, startTokenServer, type Registry, type TokenServer } from '../support/registry.js';

let open: Registry;
let locked: Registry;
let tokens: TokenServer;
let bearer: Registry;
let work: string;

function run(tool: 'h' | 'r', args: string[], env: Record<string, string>): RunResult {
  const [cmd, pre] = tool === 'h' ? [helmBinary(), []] : [process.execPath, [rudderBundle()]];
  const r = spawnSync(cmd, [...pre, ...args], { env, cwd: work, encoding: 'utf8' });
  const norm = (s: string): string => (tool === 'r' ? s.replaceAll('rudder', 'helm') : s);
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.status ?? -1 };
}

/**
 * Runs both tools in their own HOME with the same registry config (helm's, or docker's); stdout,
 * stderr and code must agree.
 */
function same(
  args: (dir: string) => string[],
  config: object,
  docker = false,
  afterEach?: () => void,
): RunResult {
  const out: RunResult[] = [];
  for (const tool of ['h', 'r'] as const) {
    const env = cleanEnv();
    const dir = docker ? join(env.HOME!, '.docker') : join(env.HOME!, '.config', 'helm', 'registry');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const dest = mkdtempSync(join(work, `out-${tool}-`));
    out.push(run(tool, args(dest), env));
    afterEach?.();
  }
  const [h, r] = out as [RunResult, RunResult];
  const what = args('DEST').join(' ');
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.code, h.code, `${what}: code`);
  return h;
}

before(async () => {
  tokens = await startTokenServer();
  [open, locked, bearer] = await Promise.all([
    startRegistry(),
    startRegistry({ auth: true }),
    startRegistry({ tokenRealm: tokens.realm }),
  ]);
  work = mkdtempSync(join(tmpdir(), 'rudder-lazycreds-'));
  const env = cleanEnv();
  const helm = (args: string[]): void => {
    const r = spawnSync(helmBinary(), args, { cwd: work, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `helm ${args.join(' ')}: ${r.stderr}`);
  };
  helm(['create', 'lazychart']);
  helm(['package', 'lazychart']);
  helm(['push', 'lazychart-0.1.0.tgz', `oci://${open.host}/charts`, '--plain-http']);
  helm(['registry', 'login', locked.host, '-u', 'testuser', '-p', 'testpass', '--plain-http']);
  helm(['push', 'lazychart-0.1.0.tgz', `oci://${locked.host}/charts`, '--plain-http']);
  helm(['registry', 'login', bearer.host, '-u', 'testuser', '-p', 'testpass', '--plain-http']);
  helm(['push', 'lazychart-0.1.0.tgz', `oci://${bearer.host}/charts`, '--plain-http']);
});

after(async () => {
  await Promise.all([open?.stop(), locked?.stop(), bearer?.stop()]);
  await tokens?.stop();
});

const commands = (host: string): ((dest: string) => string[])[] => {
  const ref = `oci://${host}/charts/lazychart`;
  return [
    (d) => ['pull', ref, '--version', '0.1.0', '--plain-http', '-d', d],
    () => ['show', 'chart', ref, '--version', '0.1.0', '--plain-http'],
    () => ['template', 'lazy', ref, '--version', '0.1.0', '--plain-http'],
    () => ['push', join(work, 'lazychart-0.1.0.tgz'), `oci://${host}/pushed`, '--plain-http'],
  ];
};

const configs = (host: string): [string, object][] => [
  ['credsStore', { credsStore: 'nonexistent' }],
  ['credHelpers', { credHelpers: { [host]: 'nonexistent' } }],
];

test('a registry without auth: a broken credential helper is never run, as in helm', () => {
  for (const [kind, config] of configs(open.host)) {
    for (const args of commands(open.host)) {
      for (const docker of [false, true]) {
        const h = same(args, config, docker);
        assert.equal(h.code, 0, `${kind} ${args('D').join(' ')}: ${h.stderr}`);
      }
    }
  }
  // The pull wrote its archive.
  const dest = mkdtempSync(join(work, 'check-'));
  const r = run('r', commands(open.host)[0]!(dest), {
    ...cleanEnv(),
    DOCKER_CONFIG: mkdtempSync(join(work, 'docker-')),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(dest), ['lazychart-0.1.0.tgz']);
});

test('htpasswd and token registries: the helper is run on the challenge and fails as in helm', () => {
  for (const [kind, config, host] of [
    ...configs(locked.host).map(([k, c]) => [k, c, locked.host] as const),
    ...configs(bearer.host).map(([k, c]) => [k, c, bearer.host] as const),
  ]) {
    for (const args of commands(host)) {
      // Docker's config is the fallback store: its helper fails the same way.
      for (const docker of [false, true]) {
        const h = same(args, config, docker);
        assert.notEqual(h.code, 0, `${kind}: helm fails`);
        assert.match(h.stderr, /docker-credential-nonexistent/);
      }
    }
  }
});

/** A token endpoint taking oras-go's OAuth2 refresh form; each request logged as a JSON line. */
const OAUTH_SERVER = `
const http = require('node:http'), fs = require('node:fs');
const logFile = process.argv[1];
http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    fs.appendFileSync(logFile, JSON.stringify({ method: req.method, type: req.headers['content-type'] || '', body }) + '\\n');
    const form = new URLSearchParams(body);
    if (req.method !== 'POST' || form.get('refresh_token') !== 'idtok-good') {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"bad refresh token"}]}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'access-' + Date.now() }));
  });
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;

test('an identity token in the store: refreshed at the realm as helm does', async () => {
  const dir = mkdtempSync(join(work, 'oauth-'));
  const logFile = join(dir, 'log');
  writeFileSync(logFile, '');
  const child = spawn(process.execPath, ['-e', OAUTH_SERVER, logFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (b: Buffer) => resolve(b.toString().trim())),
  );
  const reg = await startRegistry({ tokenRealm: `http://127.0.0.1:${port}/token` });
  try {
    // The chart is pushed with the good identity token by helm itself.
    const good = { auths: { [reg.host]: { identitytoken: 'idtok-good' } } };
    const env = cleanEnv();
    mkdirSync(join(env.HOME!, '.config', 'helm', 'registry'), { recursive: true });
    writeFileSync(join(env.HOME!, '.config', 'helm', 'registry', 'config.json'), JSON.stringify(good));
    const p = spawnSync(
      helmBinary(),
      ['push', join(work, 'lazychart-0.1.0.tgz'), `oci://${reg.host}/charts`, '--plain-http'],
      { env, encoding: 'utf8' },
    );
    assert.equal(p.status, 0, p.stderr);
    const bad = { auths: { [reg.host]: { identitytoken: 'idtok-bad' } } };
    for (const config of [good, bad]) {
      for (const args of commands(reg.host)) {
        const lines = (): string[] =>
          readFileSync(logFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '');
        const before = lines().length;
        // Requests of helm, then of rudder, from the log: the same forms in the same order.
        const seen: string[][] = [];
        const h = same(args, config, false, () => seen.push(lines().slice(before)));
        assert.equal(h.code === 0, config === good, h.stderr);
        assert.ok(seen[0]!.length > 0);
        assert.deepEqual(seen[1]!.slice(seen[0]!.length), seen[0]);
      }
    }
  } finally {
    await reg.stop();
    child.kill('SIGTERM');
  }
});

test('a lone --username or --password: the stored login is used, as in helm', () => {
  const auth = Buffer.from('testuser:testpass').toString('base64');
  const config = { auths: { [locked.host]: { auth } } };
  for (const args of commands(locked.host)) {
    for (const flag of [
      ['--username', 'someone'],
      ['--password', 'wrong'],
    ]) {
      const h = same((d) => [...args(d), ...flag], config);
      assert.equal(h.code, 0, h.stderr);
    }
  }
  // Both given: they win over the store, and are refused.
  const h = same(
    (d) => [...commands(locked.host)[0]!(d), '--username', 'testuser', '--password', 'wrong'],
    config,
  );
  assert.notEqual(h.code, 0);
});
