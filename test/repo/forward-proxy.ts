// A real forwarding HTTP proxy on 127.0.0.1 for the proxy tests: absolute-URI requests are
// forwarded, CONNECT opens a tunnel. Only names under `.test` are served, each resolved to
// 127.0.0.1 (the clients cannot resolve them, and Go never proxies loopback addresses), so no
// traffic leaves the machine. Every request is logged; proxy credentials can be required.
import { readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyLogEntry {
  method: string;
  /** The absolute URI, or host:port of a CONNECT. */
  target: string;
  proxyAuthorization?: string;
  host?: string;
  userAgent?: string;
}

export interface ForwardProxy {
  url: string;
  port: number;
  log: ProxyLogEntry[];
  /** Require `Proxy-Authorization: Basic user:password` (407 otherwise). */
  auth?: { username: string; password: string };
  close(): Promise<void>;
}

/** host:port → 127.0.0.1:port for names under .test; undefined for anything else. */
function loopbackFor(hostport: string): { host: string; port: number } | undefined {
  const m = /^([a-z0-9.-]+\.test):(\d+)$/i.exec(hostport);
  return m ? { host: '127.0.0.1', port: Number(m[2]) } : undefined;
}

/** The proxy; with `tls` (certificate and key files) it is an https proxy (TLS to the proxy itself). */
export async function startForwardProxy(tls?: { cert: string; key: string }): Promise<ForwardProxy> {
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const self: ForwardProxy = {
    url: '',
    port: 0,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const authorized = (req: IncomingMessage): boolean => {
    if (!self.auth) return true;
    const want = `Basic ${Buffer.from(`${self.auth.username}:${self.auth.password}`).toString('base64')}`;
    return req.headers['proxy-authorization'] === want;
  };
  const record = (req: IncomingMessage): void => {
    log.push({
      method: req.method ?? '',
      target: req.url ?? '',
      proxyAuthorization: req.headers['proxy-authorization'],
      host: req.headers.host,
      userAgent: req.headers['user-agent'],
    });
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    record(req);
    if (!authorized(req)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"', 'Content-Type': 'text/plain' });
      res.end('proxy authentication required\n');
      return;
    }
    let u: URL;
    try {
      u = new URL(req.url ?? '');
    } catch {
      res.writeHead(400);
      res.end('absolute URI expected\n');
      return;
    }
    const to = loopbackFor(`${u.hostname}:${u.port || '80'}`);
    if (u.protocol !== 'http:' || !to) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end('this proxy serves only http://*.test\n');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = httpRequest(
      {
        host: to.host,
        port: to.port,
        method: req.method,
        path: `${u.pathname}${u.search}`,
        headers,
        agent: false,
      },
      (upres) => {
        res.writeHead(upres.statusCode ?? 502, upres.statusMessage, upres.headers);
        upres.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  };
  const server: Server = tls
    ? createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, handler)
    : createServer(handler);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    record(req);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!authorized(req)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n',
      );
      return;
    }
    const to = loopbackFor(req.url ?? '');
    if (!to) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const up = netConnect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (head.length > 0) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  self.port = (server.address() as AddressInfo).port;
  self.url = `${tls ? 'https' : 'http'}://127.0.0.1:${self.port}`;
  return self;
}
