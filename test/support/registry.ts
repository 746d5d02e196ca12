// A real OCI registry for tests: Debian's docker-registry (Distribution 2.8) on 127.0.0.1 with its own
// config, htpasswd (bcrypt) auth, and optionally TLS with an openssl-made certificate. Started and
// stopped by the caller; its data lives in a temp directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
// @ts-expect-error bcryptjs 2.4 ships no type declarations
import bcryptModule from 'bcryptjs';

const bcrypt = bcryptModule as { hashSync(s: string, rounds: number): string };

export const REGISTRY_BIN = '/usr/bin/docker-registry';

export interface Registry {
  /** host:port */
  host: string;
  dir: string;
  tls: boolean;
  /** CA file (the self-signed certificate) for TLS registries. */
  caFile?: string;
  username?: string;
  password?: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function probe(host: string, tls: boolean, ca?: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = (tls ? httpsRequest : httpRequest)(
      `${tls ? 'https' : 'http'}://${host}/v2/`,
      { method: 'GET', ...(tls ? { ca } : {}) },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });
}

export interface RegistryOptions {
  auth?: boolean;
  tls?: boolean;
  username?: string;
  password?: string;
  /** Bearer token auth: docker-registry's `silly` provider challenging with this realm. */
  tokenRealm?: string;
}

export interface TokenServer {
  realm: string;
  /** One JSON line per token request: {authorization, service, scope[]}. */
  log(): { authorization: string; service: string; scope: string[] }[];
  stop(): Promise<void>;
}

const TOKEN_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const [logFile, user, pass] = process.argv.slice(1);
const s = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const authorization = req.headers.authorization || '';
  fs.appendFileSync(logFile, JSON.stringify({ authorization, service: u.searchParams.get('service') || '', scope: u.searchParams.getAll('scope') }) + '\\n');
  if (authorization !== 'Basic ' + Buffer.from(user + ':' + pass).toString('base64')) {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ token: 'tok-' + Date.now() }));
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

/** A token endpoint (its own process, so synchronous helm/rudder runs can reach it). */
export async function startTokenServer(username = 'testuser', password = 'testpass'): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-token-'));
  const logFile = join(dir, 'log');
  writeFileSync(logFile, '');
  const child = spawn(process.execPath, ['-e', TOKEN_SERVER, logFile, username, password], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim()));
    child.once('exit', () => reject(new Error('token server exited')));
  });
  return {
    realm: `http://127.0.0.1:${port}/token`,
    log: () =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { authorization: string; service: string; scope: string[] }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export async function startRegistry(o: RegistryOptions = {}): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    `  secret: secret-${process.pid}-${port}`,
  ];
  let caFile: string | undefined;
  if (o.tls) {
    caFile = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        key,
        '-out',
        caFile,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    lines.push('  tls:', `    certificate: ${caFile}`, `    key: ${key}`);
  }
  const username = o.username ?? 'testuser';
  const password = o.password ?? 'testpass';
  if (o.tokenRealm) {
    lines.push('auth:', '  silly:', `    realm: ${o.tokenRealm}`, '    service: rudder-test-registry');
  } else if (o.auth) {
    const htpasswd = join(dir, 'htpasswd');
    writeFileSync(htpasswd, `${username}:${bcrypt.hashSync(password, 5)}\n`);
    lines.push('auth:', '  htpasswd:', '    realm: rudder-test', `    path: ${htpasswd}`);
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, lines.join('\n') + '\n');
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const ca = caFile ? readFileSync(caFile) : undefined;
  const deadline = Date.now() + 15000;
  for (;;) {
    const code = await probe(host, !!o.tls, ca);
    if (code === 200 || code === 401) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not start on ${host}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    dir,
    tls: !!o.tls,
    caFile,
    ...(o.auth ? { username, password } : {}),
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
