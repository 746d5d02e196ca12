// HTTP(S) transport to one API server: keep-alive connections, TLS with the kubeconfig's CA and
// client certificate, bearer tokens (static, file, exec plugin), impersonation headers, client-side
// rate limiting, and the retries client-go and Helm do (Retry-After, Helm's etcd leader-change retry,
// a stale keep-alive connection, one re-authentication after 401 with an exec plugin). Proxies as
// client-go picks them: the cluster's proxy-url for every request, else Go's ProxyFromEnvironment
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY; never for loopback servers), chosen and dialled by the code
// every other HTTP client of Rudder uses (src/repo/proxy.ts).
import * as http from 'node:http';
import * as https from 'node:https';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { RestConfig } from './kubeconfig.js';
import { ExecAuthenticator } from './exec.js';
import { KubeConnectionError } from './errors.js';
import { TokenBucket, type Clock, realClock } from './ratelimit.js';
import type { Env } from './options.js';
import {
  parseProxy,
  proxyFor,
  ProxyError,
  targetOf,
  viaProxy,
  type ProxyTls,
  type ProxyURL,
} from '../repo/proxy.js';
import { secureContextOf } from '../repo/tls.js';

export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface HttpRequest {
  method: string;
  /** Path below the server URL, starting with "/". */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  body?: string | Buffer;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Per-request timeout in ms (0 or undefined: none). */
  timeoutMs?: number;
  /** Leave Warning headers to the caller (in the response) instead of reporting them. */
  quiet?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface StreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  stream: IncomingMessage;
}

export interface TransportOptions {
  /** Requests per second with `burst`; 0 or negative = no client-side limit (see KubeOptions.qps). */
  qps?: number;
  /** Bucket size (default 100, Helm's --burst-limit). */
  burst?: number;
  userAgent?: string;
  /** Environment passed to exec credential plugins (default: process.env). */
  env?: Env;
  /** Called with each Warning header the server sends (deprecations, fieldValidation=Warn). */
  onWarning?: (message: string) => void;
  clock?: Clock;
  /** Maximum parallel connections (default 64). */
  maxSockets?: number;
}

const TOKEN_FILE_TTL_MS = 60_000;

export class Transport {
  readonly server: URL;
  private readonly basePath: string;
  private readonly limiter: TokenBucket | undefined;
  private readonly exec: ExecAuthenticator | undefined;
  private agent: http.Agent;
  private agentCertKey = '';
  private tokenFileCache: { token: string; at: number } | undefined;
  private readonly clock: Clock;
  private count = 0;
  /** The proxy every request goes through, or the error Go's proxy choice gives for each. */
  private readonly proxy: ProxyURL | ProxyError | undefined;
  /** How requests go through the proxy (set with the proxy agent): what viaProxy chose for the server. */
  private route:
    { headers: Record<string, string>; absolute: boolean; host: string; port: string | number } | undefined;

  constructor(
    private readonly cfg: RestConfig,
    private readonly opts: TransportOptions = {},
  ) {
    let url: URL;
    try {
      url = new URL(cfg.server.includes('://') ? cfg.server : `https://${cfg.server}`);
    } catch {
      throw new Error(`invalid server URL "${cfg.server}"`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error(`invalid server URL "${cfg.server}": unsupported scheme`);
    this.server = url;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.clock = opts.clock ?? realClock;
    const qps = opts.qps ?? 0;
    if (qps > 0)
      this.limiter = new TokenBucket(qps, opts.burst && opts.burst > 0 ? opts.burst : 10, this.clock);
    if (cfg.exec) {
      const ea: ConstructorParameters<typeof ExecAuthenticator>[1] = { env: opts.env ?? process.env };
      if (cfg.clusterInfo) ea.clusterInfo = cfg.clusterInfo;
      this.exec = new ExecAuthenticator(cfg.exec, ea);
    }
    this.proxy = chooseProxy(cfg, url);
    this.agent = this.makeAgent(cfg.clientCertData, cfg.clientKeyData);
  }

  /** Number of HTTP requests sent so far (retries included). */
  get requestCount(): number {
    return this.count;
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private makeAgent(cert?: Buffer | string, key?: Buffer | string): http.Agent {
    const maxSockets = this.opts.maxSockets ?? 64;
    const proxy = this.proxy instanceof ProxyError ? undefined : this.proxy;
    if (this.server.protocol === 'http:' && proxy === undefined)
      return new http.Agent({ keepAlive: true, maxSockets });
    const insecure = this.cfg.insecureSkipTlsVerify;
    // One TLS context for every connection: built per connection otherwise (CA and key parsing,
    // milliseconds each, times the connections of a concurrent apply). client-go's RootCAs are
    // the kubeconfig's CA, else the system's; an https proxy is dialled with the same settings.
    const t: ProxyTls = {
      secureContext: secureContextOf({
        cert,
        key,
        roots: insecure ? undefined : this.cfg.caData ? [this.cfg.caData] : 'system',
      }),
      rejectUnauthorized: !insecure,
    };
    if (this.cfg.tlsServerName) t.servername = this.cfg.tlsServerName;
    if (proxy === undefined) return new https.Agent({ keepAlive: true, maxSockets, ...t });
    // A keep-alive agent whose connections are made through the proxy (CONNECT tunnel or SOCKS5,
    // then TLS to the server; a plain forward for http servers). The route is the server's, so
    // it is worked out once here, not per request.
    const target = targetOf(this.server);
    const via = viaProxy(target, proxy, () => t);
    this.route = {
      headers: via.headers,
      // viaProxy names the whole URL to the proxy for an http forward, else the path only.
      absolute: via.path !== target.requestURI,
      host: this.server.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: this.server.port || (this.server.protocol === 'https:' ? 443 : 80),
    };
    const agent = new http.Agent({ keepAlive: true, maxSockets });
    // node:http's Agent accepts a connection handed over later through the callback.
    (agent as unknown as { createConnection: unknown }).createConnection = via.createConnection;
    return agent;
  }

  private bearerFromFile(): string | undefined {
    const f = this.cfg.tokenFile;
    if (!f) return undefined;
    const now = Date.now();
    if (this.tokenFileCache && now - this.tokenFileCache.at < TOKEN_FILE_TTL_MS)
      return this.tokenFileCache.token;
    const token = readFileSync(f, 'utf8').trim();
    this.tokenFileCache = { token, at: now };
    return token;
  }

  private async headers(req: HttpRequest): Promise<http.OutgoingHttpHeaders> {
    const h: http.OutgoingHttpHeaders = {
      'User-Agent': this.opts.userAgent ?? 'rudder',
      Accept: req.accept ?? 'application/json',
    };
    if (req.body !== undefined) {
      h['Content-Type'] = req.contentType ?? 'application/json';
      h['Content-Length'] = Buffer.byteLength(req.body);
    }
    let token = this.cfg.token ?? this.bearerFromFile();
    if (this.exec) {
      const c = await this.exec.credentials();
      if (c.token) token = c.token;
      if (c.clientCertData && c.clientKeyData) {
        const k = c.clientCertData + '\0' + c.clientKeyData;
        if (k !== this.agentCertKey) {
          this.agent.destroy();
          this.agent = this.makeAgent(c.clientCertData, c.clientKeyData);
          this.agentCertKey = k;
        }
      }
    }
    if (token) h['Authorization'] = `Bearer ${token}`;
    else if (this.cfg.username !== undefined) {
      h['Authorization'] =
        'Basic ' + Buffer.from(`${this.cfg.username}:${this.cfg.password ?? ''}`).toString('base64');
    }
    const imp = this.cfg.impersonate;
    if (imp) {
      if (imp.user) h['Impersonate-User'] = imp.user;
      if (imp.uid) h['Impersonate-Uid'] = imp.uid;
      if (imp.groups.length) h['Impersonate-Group'] = [...imp.groups];
      for (const [k, v] of Object.entries(imp.extra))
        h[`Impersonate-Extra-${encodeURIComponent(k)}`] = [...v];
    }
    return h;
  }

  /** The full URL of a request, for messages. */
  url(path: string, query?: Readonly<Record<string, QueryValue>>): string {
    const u = new URL(this.server.origin);
    u.pathname = this.basePath + path;
    if (query) {
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const x of v as readonly string[]) u.searchParams.append(k, x);
        else u.searchParams.set(k, String(v));
      }
    }
    return u.toString();
  }

  private send(req: HttpRequest, stream: boolean): Promise<{ res: IncomingMessage; reused: boolean }> {
    return (async () => {
      if (this.limiter) await this.limiter.acquire();
      const headers = await this.headers(req);
      const url = this.url(req.path, req.query);
      const mod = this.server.protocol === 'https:' ? https : http;
      this.count++;
      if (this.proxy instanceof ProxyError) throw this.proxy;
      return new Promise<{ res: IncomingMessage; reused: boolean }>((resolve, reject) => {
        const done = (res: IncomingMessage): void => resolve({ res, reused: r.reusedSocket });
        const opts = { method: req.method, headers, agent: this.agent, signal: req.signal };
        const r =
          this.proxy === undefined
            ? mod.request(url, opts, done)
            : http.request(this.proxied(url, opts), done);
        if (req.timeoutMs && !stream) {
          r.setTimeout(req.timeoutMs, () =>
            r.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
          );
        }
        r.on('error', (e: Error) => reject(Object.assign(e, { reusedSocket: r.reusedSocket })));
        if (req.body !== undefined) r.end(req.body);
        else r.end();
      });
    })();
  }

  /** A request's options through the proxy agent: the path (absolute for an http forward) and headers. */
  private proxied(url: string, opts: http.RequestOptions): http.RequestOptions {
    const r = this.route!;
    return {
      ...opts,
      protocol: 'http:',
      host: r.host,
      port: r.port,
      path: r.absolute ? url : url.slice(this.server.origin.length),
      headers: { ...opts.headers, ...r.headers },
    };
  }

  private emitWarnings(headers: IncomingHttpHeaders): void {
    const w = headers['warning'];
    if (!w || !this.opts.onWarning) return;
    for (const line of (Array.isArray(w) ? w : [w]).flatMap(splitWarnings)) this.opts.onWarning(line);
  }

  /** Sends a request and reads the whole answer. Never throws for HTTP error statuses. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    let authRetried = false;
    let staleRetried = false;
    let etcdRetries = 1;
    let throttleRetries = 10;
    for (;;) {
      let res: IncomingMessage;
      let body: Buffer;
      try {
        ({ res } = await this.send(req, false));
        body = await readAll(res);
      } catch (e) {
        const err = e as NodeJS.ErrnoException & { reusedSocket?: boolean };
        if (err.name === 'AbortError' || req.signal?.aborted) throw e;
        if (err.reusedSocket && err.code === 'ECONNRESET' && !staleRetried) {
          staleRetried = true;
          continue;
        }
        if (e instanceof Error && e.name === 'ExecPluginError') throw e;
        throw new KubeConnectionError(req.method, this.url(req.path, req.query), err);
      }
      if (!req.quiet) this.emitWarnings(res.headers);
      const status = res.statusCode ?? 0;
      if (status === 401 && this.exec && !authRetried) {
        authRetried = true;
        this.exec.invalidate();
        continue;
      }
      const retryAfter = Number(res.headers['retry-after']);
      if (
        (status === 429 || (status >= 500 && status < 600)) &&
        res.headers['retry-after'] !== undefined &&
        Number.isFinite(retryAfter) &&
        throttleRetries > 0
      ) {
        throttleRetries--;
        await this.clock.sleep(Math.min(Math.max(retryAfter, 1), 10) * 1000);
        continue;
      }
      if (status >= 500 && etcdRetries > 0 && isEtcdTransient(res.headers, body)) {
        etcdRetries--;
        continue;
      }
      return { status, headers: res.headers, body };
    }
  }

  /** Sends a request and returns the body as a stream (for watches). */
  async stream(req: HttpRequest): Promise<StreamResponse> {
    try {
      const { res } = await this.send(req, true);
      this.emitWarnings(res.headers);
      return { status: res.statusCode ?? 0, headers: res.headers, stream: res };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.name === 'AbortError' || req.signal?.aborted || err.name === 'ExecPluginError') throw e;
      throw new KubeConnectionError(req.method, this.url(req.path, req.query), err);
    }
  }
}

/**
 * client-go's choice: the cluster's proxy-url (http.ProxyURL: every request, loopback included),
 * else http.ProxyFromEnvironment for the server URL. An environment Go refuses (HTTP_PROXY under
 * CGI) fails each request with Go's text.
 */
function chooseProxy(cfg: RestConfig, server: URL): ProxyURL | ProxyError | undefined {
  if (cfg.proxyUrl) return parseProxy(cfg.proxyUrl);
  try {
    return proxyFor(server.protocol.slice(0, -1), server.hostname.replace(/^\[(.*)\]$/, '$1'), server.port);
  } catch (e) {
    if (e instanceof ProxyError) return e;
    throw e;
  }
}

function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
  });
}

// Helm's RetryingRoundTripper: a JSON Status with code >= 500 whose message ends with one of these.
function isEtcdTransient(headers: IncomingHttpHeaders, body: Buffer): boolean {
  if (headers['content-type'] !== 'application/json') return false;
  try {
    const s = JSON.parse(body.toString('utf8')) as { message?: unknown; code?: unknown };
    if (typeof s.code !== 'number' || s.code < 500 || typeof s.message !== 'string') return false;
    return s.message.endsWith('etcdserver: leader changed') || s.message.endsWith('raft proposal dropped');
  } catch {
    return false;
  }
}

// Warning headers: `299 - "text"` (several may be comma-joined in one header).
export function splitWarnings(h: string): string[] {
  const out: string[] = [];
  const re = /\s*(\d{3})\s+(\S+)\s+"((?:[^"\\]|\\.)*)"(?:\s+"[^"]*")?\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  let matched = false;
  while ((m = re.exec(h)) !== null) {
    matched = true;
    out.push(m[3]!.replace(/\\(.)/g, '$1'));
    if (re.lastIndex >= h.length) break;
  }
  return matched ? out : [h];
}
