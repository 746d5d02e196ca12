// A static chart repository server on 127.0.0.1 over a directory (for repo tests): plain HTTP or
// TLS (certificates made with openssl), optional basic auth, request log, and per-path overrides
// (redirects, wrong bodies) to exercise hostile servers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';

export interface LoggedRequest {
  path: string;
  authorization?: string;
  userAgent?: string;
}

export interface ServerOptions {
  dir: string;
  tls?: TlsFiles;
  /** Require this user:password (basic auth). */
  auth?: { username: string; password: string };
  /** Require a client certificate signed by the CA (mutual TLS). */
  requireClientCert?: boolean;
}

export interface TlsFiles {
  dir: string;
  ca: string;
  cert: string;
  key: string;
  clientCert: string;
  clientKey: string;
}

export type Override = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ChartRepoServer {
  url: string;
  port: number;
  log: LoggedRequest[];
  /** Handlers tried before the static files; one that returns true has answered. */
  overrides: Override[];
  close(): Promise<void>;
}

/** A CA, a server certificate for 127.0.0.1/localhost, and a client certificate, all from openssl. */
export function makeTlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-tls-'));
  const p = (n: string): string => join(dir, n);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=rudder-test-ca',
  );
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('server.key'),
    '-out',
    p('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  ssl(
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    p('server.crt'),
    '-days',
    '2',
    '-extfile',
    p('server.ext'),
  );
  writeFileSync(p('client.ext'), 'extendedKeyUsage=clientAuth\n');
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('client.key'),
    '-out',
    p('client.csr'),
    '-subj',
    '/CN=rudder-client',
  );
  ssl(
    'x509',
    '-req',
    '-in',
    p('client.csr'),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    p('client.crt'),
    '-days',
    '2',
    '-extfile',
    p('client.ext'),
  );
  return {
    dir,
    ca: p('ca.crt'),
    cert: p('server.crt'),
    key: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
  };
}

export async function startChartRepoServer(o: ServerOptions): Promise<ChartRepoServer> {
  const log: LoggedRequest[] = [];
  const overrides: Override[] = [];
  const root = normalize(o.dir);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    log.push({ path, authorization: req.headers.authorization, userAgent: req.headers['user-agent'] });
    for (const ov of overrides) if (ov(req, res)) return;
    if (o.auth) {
      const want = `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password}`).toString('base64')}`;
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' });
        res.end('unauthorized\n');
        return;
      }
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(404);
      res.end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found\n');
    }
  };
  let server: Server;
  if (o.tls) {
    server = createHttps(
      {
        cert: readFileSync(o.tls.cert),
        key: readFileSync(o.tls.key),
        ca: readFileSync(o.tls.ca),
        requestCert: o.requireClientCert === true,
        rejectUnauthorized: o.requireClientCert === true,
      },
      handler,
    );
  } else {
    server = createHttp(handler);
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    log,
    overrides,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
