// Registry credentials as helm v4.3.2 keeps them through oras-go: docker credential helpers of our
// own (a real executable speaking get/store/erase) named by `credsStore`, by `credHelpers` per host,
// or found as the platform default when nothing is configured; `registry login` asking on the
// terminal (a real pty from script(1)) or failing without one; all against helm and a real
// docker-registry with htpasswd auth on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helmBinary, rudderBundle, type RunResult } from '../cli/support.js';
import { startRegistry, type Registry } from '../support/registry.js';

let reg: Registry;
let work: string;
let tgz: string;

/** docker-credential-NAME: secrets as files in $RTEST_STORE, each call logged. */
const HELPER = `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path');
const dir = process.env.RTEST_STORE;
const action = process.argv[2];
const input = fs.readFileSync(0, 'utf8');
fs.appendFileSync(path.join(dir, 'log'), action + ' ' + (action === 'store' ? JSON.parse(input).ServerURL : input) + '\\n');
const file = (u) => path.join(dir, encodeURIComponent(u) + '.json');
if (action === 'store') {
  const c = JSON.parse(input);
  fs.writeFileSync(file(c.ServerURL), JSON.stringify(c));
} else if (action === 'get' || action === 'erase') {
  if (!fs.existsSync(file(input))) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
  if (action === 'get') process.stdout.write(fs.readFileSync(file(input)));
  else fs.rmSync(file(input));
} else { process.stdout.write('unknown action'); process.exit(1); }
`;

function helperEnv(names: string[]): Record<string, string> {
  const bin = mkdtempSync(join(work, 'bin-'));
  const store = mkdtempSync(join(work, 'store-'));
  for (const n of names) {
    writeFileSync(join(bin, n), n.startsWith('docker-credential-') ? HELPER : '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, n), 0o755);
  }
  const env = cleanEnv();
  env.PATH = `${bin}:${env.PATH}`;
  env.RTEST_STORE = store;
  return env;
}

const storeDir = (env: Record<string, string>): string => env.RTEST_STORE!;
const configPath = (env: Record<string, string>): string =>
  join(env.HOME!, '.config', 'helm', 'registry', 'config.json');

function run(tool: 'h' | 'r', args: string[], env: Record<string, string>, input = ''): RunResult {
  const [cmd, pre] = tool === 'h' ? [helmBinary(), []] : [process.execPath, [rudderBundle()]];
  const r = spawnSync(cmd, [...pre, ...args], { env, cwd: work, encoding: 'utf8', input });
  const norm = (s: string): string => (tool === 'r' ? s.replaceAll('rudder', 'helm') : s);
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.status ?? -1 };
}

const stripWarn = (s: string): string =>
  s
    .split('\n')
    .filter((l) => !l.includes('using --password via the CLI is insecure'))
    .join('\n');

function same(
  args: string[],
  envs: { h: Record<string, string>; r: Record<string, string> },
  input = '',
): RunResult {
  const h = run('h', args, envs.h, input);
  const r = run('r', args, envs.r, input);
  assert.equal(r.stdout, h.stdout, `${args.join(' ')}: stdout`);
  assert.equal(stripWarn(r.stderr), stripWarn(h.stderr), `${args.join(' ')}: stderr`);
  assert.equal(r.code, h.code, `${args.join(' ')}: code`);
  return h;
}

before(async () => {
  reg = await startRegistry({ auth: true });
  work = mkdtempSync(join(tmpdir(), 'rudder-creds-'));
  const env = cleanEnv();
  assert.equal(spawnSync(helmBinary(), ['create', 'credchart'], { cwd: work, env }).status, 0);
  assert.equal(spawnSync(helmBinary(), ['package', 'credchart'], { cwd: work, env }).status, 0);
  tgz = join(work, 'credchart-0.1.0.tgz');
});

after(async () => {
  await reg?.stop();
});

const login = (host: string): string[] => [
  'registry',
  'login',
  host,
  '-u',
  'testuser',
  '-p',
  'testpass',
  '--plain-http',
];

for (const kind of ['credsStore', 'credHelpers'] as const) {
  test(`${kind}: login stores through the helper, the other tool pushes and pulls with it, logout erases`, () => {
    const envs = { h: helperEnv(['docker-credential-rtest']), r: helperEnv(['docker-credential-rtest']) };
    const cfg =
      kind === 'credsStore'
        ? { credsStore: 'rtest' }
        : { credHelpers: { [reg.host]: 'rtest', 'other.example:1': 'missing' } };
    for (const e of [envs.h, envs.r]) {
      mkdirSync(join(e.HOME!, '.config', 'helm', 'registry'), { recursive: true });
      writeFileSync(configPath(e), JSON.stringify(cfg));
    }
    same(login(reg.host), envs);
    // Nothing in the file: the helper holds the secret.
    assert.equal(readFileSync(configPath(envs.r), 'utf8'), readFileSync(configPath(envs.h), 'utf8'));
    assert.equal(readFileSync(configPath(envs.r), 'utf8'), JSON.stringify(cfg));
    const stored = (e: Record<string, string>): string =>
      readFileSync(join(storeDir(e), `${encodeURIComponent(reg.host)}.json`), 'utf8');
    assert.equal(stored(envs.r), stored(envs.h));
    // Each tool uses the login the other made (swap the stores).
    const swapped = {
      h: { ...envs.h, RTEST_STORE: storeDir(envs.r) },
      r: { ...envs.r, RTEST_STORE: storeDir(envs.h) },
    };
    const h = run('h', ['push', tgz, `oci://${reg.host}/${kind.toLowerCase()}-h`, '--plain-http'], swapped.h);
    const r = run('r', ['push', tgz, `oci://${reg.host}/${kind.toLowerCase()}-r`, '--plain-http'], swapped.r);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[1], h.stdout.split('\n')[1], 'same digest');
    for (const [tool, e, repo] of [
      ['h', swapped.h, 'r'],
      ['r', swapped.r, 'h'],
    ] as const) {
      const d = mkdtempSync(join(work, 'pull-'));
      const p = run(
        tool,
        [
          'pull',
          `oci://${reg.host}/${kind.toLowerCase()}-${repo}/credchart`,
          '--version',
          '0.1.0',
          '--plain-http',
          '-d',
          d,
        ],
        e,
      );
      assert.equal(p.code, 0, `${tool} pulls: ${p.stderr}`);
      assert.deepEqual(readdirSync(d), ['credchart-0.1.0.tgz']);
    }
    assert.match(
      readFileSync(join(storeDir(envs.h), 'log'), 'utf8'),
      /^store 127\.0\.0\.1:\d+\n(get 127\.0\.0\.1:\d+\n)+$/,
    );
    same(['registry', 'logout', reg.host], envs);
    assert.equal(existsSync(join(storeDir(envs.r), `${encodeURIComponent(reg.host)}.json`)), false);
    // A second logout: the helper's own error, as helm words it.
    const again = same(['registry', 'logout', reg.host], envs);
    assert.match(again.stderr, /credentials not found in native keychain/);
    if (kind === 'credHelpers') {
      // A host whose helper is not installed.
      same(['registry', 'logout', 'other.example:1'], envs);
    }
  });
}

test('a credsStore whose helper is missing: the same login error as helm', () => {
  const envs = { h: cleanEnv(), r: cleanEnv() };
  for (const e of [envs.h, envs.r]) {
    mkdirSync(join(e.HOME!, '.config', 'helm', 'registry'), { recursive: true });
    writeFileSync(configPath(e), '{"credsStore":"nosuchhelper","auths":{}}');
  }
  const h = same(login(reg.host), envs);
  assert.match(h.stderr, /docker-credential-nosuchhelper/);
});

test('nothing configured and the platform helper installed: helm and rudder both use it and record it', () => {
  const envs = {
    h: helperEnv(['pass', 'docker-credential-pass']),
    r: helperEnv(['pass', 'docker-credential-pass']),
  };
  same(login(reg.host), envs);
  assert.equal(readFileSync(configPath(envs.r), 'utf8'), readFileSync(configPath(envs.h), 'utf8'));
  assert.match(readFileSync(configPath(envs.r), 'utf8'), /"credsStore": "pass"/);
  assert.ok(existsSync(join(storeDir(envs.r), `${encodeURIComponent(reg.host)}.json`)));
});

test('login without a password: prompts, and helm errors without a terminal', () => {
  const envs = { h: cleanEnv(), r: cleanEnv() };
  for (const input of ['testuser\ntestpass\n', '', 'testuser', '\n']) {
    same(['registry', 'login', reg.host, '--plain-http'], envs, input);
  }
  same(['registry', 'login', reg.host, '-u', 'testuser', '--plain-http'], envs, 'testpass\n');
  // --password-stdin: the last line end dropped.
  same(
    ['registry', 'login', reg.host, '-u', 'testuser', '--password-stdin', '--plain-http'],
    envs,
    'testpass\r\n',
  );
  assert.equal(readFileSync(configPath(envs.r), 'utf8'), readFileSync(configPath(envs.h), 'utf8'));
});

/** The command on a real terminal (script(1)); each prompt answered when it appears. */
function onTerminal(
  tool: 'h' | 'r',
  args: string[],
  env: Record<string, string>,
  answers: [string, string][],
): Promise<string> {
  const argv = tool === 'h' ? [helmBinary(), ...args] : [process.execPath, rudderBundle(), ...args];
  const cmd = argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const p = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const pending = [...answers];
    // helm prints "Password: " before it turns echo off: an answer sent at once may be echoed by
    // the terminal, so each answer waits a moment after its prompt shows.
    let waiting = false;
    const answer = (): void => {
      if (waiting || pending.length === 0 || !out.includes(pending[0]![0])) return;
      waiting = true;
      setTimeout(() => {
        p.stdin.write(pending.shift()![1]);
        waiting = false;
        answer();
      }, 400);
    };
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      answer();
    });
    p.on('error', reject);
    p.on('close', () => resolve(out.replaceAll('\r\n', '\n').replaceAll('rudder', 'helm')));
  });
}

test('login on a terminal: Username echoed, Password not, as helm', async () => {
  const envs = { h: cleanEnv(), r: cleanEnv() };
  const answers: [string, string][] = [
    ['Username: ', 'testuser\r'],
    ['Password: ', 'testpass\r'],
  ];
  const args = ['registry', 'login', reg.host, '--plain-http'];
  const h = await onTerminal('h', args, envs.h, answers);
  const r = await onTerminal('r', args, envs.r, answers);
  assert.equal(r, h);
  assert.match(h, /^Username: testuser\nPassword: \nLogin Succeeded\n$/);
  assert.equal(readFileSync(configPath(envs.r), 'utf8'), readFileSync(configPath(envs.h), 'utf8'));
});
