// Helm's HTTP getter (pkg/getter/httpgetter.go) on node:http(s): basic auth only for the host the
// credentials belong to (also across redirects), TLS from --ca-file/--cert-file/--key-file or
// --insecure-skip-tls-verify, Go's error texts.
import { clientTls, hostnameError, peerNames, httpsOptions, TlsFileError, type ClientTls } from './tls.js';
import { proxyForURL, ProxyError, targetOf, viaProxy } from './proxy.js';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { UNKNOWN_AUTHORITY, unknownAuthority } from './x509-hint.js';

export interface GetOptions {
  /** The URL the credentials belong to (the repository's URL, or the chart URL itself). */
  url?: string;
  username?: string;
  password?: string;
  passCredentialsAll?: boolean;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  insecureSkipTLSVerify?: boolean;
  /** Milliseconds for the whole request; 0 = none. Helm's default is 120 s. */
  timeout?: number;
  accept?: string;
  /** Largest body accepted. */
  maxBytes?: number;
  userAgent?: string;
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

type DebugSink = (msg: string, attrs: Record<string, string>) => void;
let debugSink: DebugSink | undefined;

/** Helm's getter logs every fetch at debug level: the CLI says where (with --debug only). */
export function setHttpDebug(sink: DebugSink | undefined): void {
  debugSink = sink;
}
const MAX_REDIRECTS = 10;

/** Whether two URLs have the same scheme and host (with port): where credentials may go. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.protocol === y.protocol && x.host === y.host;
  } catch {
    return false;
  }
}

/** The client's TLS settings (tls.ts), with the file errors in tlsutil's wording. */
function tlsFor(o: GetOptions): ClientTls {
  try {
    return clientTls({
      caFile: o.caFile,
      certFile: o.certFile,
      keyFile: o.keyFile,
      insecure: o.insecureSkipTLSVerify,
    });
  } catch (err) {
    if (err instanceof TlsFileError) throw new Error(`can't create TLS config for client: ${err.message}`);
    throw err;
  }
}

function goNetError(href: string, err: NodeJS.ErrnoException): Error {
  const u = new URL(href);
  const host = u.host.includes(':') ? u.host : `${u.hostname}:${u.protocol === 'https:' ? 443 : 80}`;
  let why: string;
  if (err instanceof ProxyError) return new Error(`Get ${JSON.stringify(href)}: ${err.message}`);
  switch (err.code) {
    case 'ECONNREFUSED':
      why = `dial tcp ${host}: connect: connection refused`;
      break;
    case 'ENOTFOUND':
      why = `dial tcp: lookup ${u.hostname}: no such host`;
      break;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      why = 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
      break;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      why = `tls: failed to verify certificate: ${hostnameError(u.hostname, peerNames(err))}`;
      break;
    case 'ETIMEDOUT':
      why = 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
      break;
    default:
      why = err.message;
  }
  return new Error(`Get ${JSON.stringify(href)}: ${why}`);
}

function once(href: string, o: GetOptions, withAuth: boolean): Promise<IncomingMessage> {
  const u = new URL(href);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return Promise.reject(
      new Error(`Get ${JSON.stringify(href)}: unsupported protocol scheme "${u.protocol.slice(0, -1)}"`),
    );
  }
  const headers: Record<string, string> = { 'User-Agent': o.userAgent ?? 'Helm/4.3.2' };
  if (o.accept) headers.Accept = o.accept;
  if (withAuth && o.username && o.password) {
    headers.Authorization = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;
  }
  let proxy;
  try {
    proxy = proxyForURL(href);
  } catch (err) {
    return Promise.reject(goNetError(href, err as NodeJS.ErrnoException));
  }
  const https = u.protocol === 'https:';
  const tls = https ? tlsFor(o) : undefined;
  let req = https ? httpsRequest : httpRequest;
  let opts: RequestOptions = {
    method: 'GET',
    headers,
    ...(tls ? httpsOptions(tls) : {}),
  };
  if (proxy) {
    // Go's transport through the environment's proxy: TLS (to the target) is made over the tunnel.
    const via = viaProxy(targetOf(u), proxy, () => tls ?? tlsFor(o));
    req = httpRequest;
    opts = { method: 'GET', ...via, headers: { ...headers, ...via.headers } };
  }
  const started = process.hrtime.bigint();
  const attempt = (retry: boolean): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const r = req(u, opts, (res) => {
        // A deadline shorter than the round trip has passed by the time headers arrive.
        if (o.timeout && Number(process.hrtime.bigint() - started) / 1e6 > o.timeout) {
          res.destroy();
          reject(goNetError(href, Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
          return;
        }
        resolve(res);
      });
      if (o.timeout) {
        r.setTimeout(Math.max(1, o.timeout), () =>
          r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
        );
      }
      r.on('error', (err) => {
        // A kept-alive connection the server closed meanwhile: one new try, as Go's transport does.
        if (retry && r.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
          resolve(attempt(false));
          return;
        }
        const e = goNetError(href, err as NodeJS.ErrnoException);
        // The hint needs the server's chain, fetched directly: not for a proxied request.
        if (!e.message.endsWith(UNKNOWN_AUTHORITY) || proxy) {
          reject(e);
          return;
        }
        // Go names the CA-file candidate that did not sign the certificate (x509-hint.ts).
        void unknownAuthority(href, o.caFile).then((why) =>
          reject(new Error(`Get ${JSON.stringify(href)}: tls: failed to verify certificate: ${why}`)),
        );
      });
      r.end();
    });
  return attempt(true);
}

/** HTTPGetter.Get: the body of a 200 response. */
/**
 * Getters.ByScheme's plugin providers: URL schemes other than http(s) served by getter/v1
 * plugins (registered by the command line; src/plugin/getter.ts).
 */
export interface SchemeGetter {
  serves(scheme: string): boolean;
  get(href: string, o: GetOptions): Buffer;
}
let schemeGetter: SchemeGetter | undefined;
export function setSchemeGetter(g: SchemeGetter | undefined): void {
  schemeGetter = g;
}
/** The scheme of a URL when a getter plugin serves it (never http or https: helm's own come first). */
export function pluginScheme(href: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'http' || scheme === 'https') return undefined;
  return schemeGetter?.serves(scheme) ? scheme : undefined;
}

export async function httpGet(href: string, o: GetOptions = {}): Promise<Buffer> {
  if (schemeGetter && pluginScheme(href) !== undefined) return schemeGetter.get(href, o);
  const credURL = o.url ?? href;
  let current = href;
  debugSink?.('fetching', { url: href });
  for (let hop = 0; ; hop++) {
    const withAuth = o.passCredentialsAll === true || sameOrigin(credURL, current);
    const res = await once(current, o, withAuth);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new Error(`Get ${JSON.stringify(current)}: stopped after 10 redirects`);
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (debugSink) {
      const reason = res.statusMessage ?? '';
      const length = res.headers['content-length'];
      debugSink('fetch complete', {
        url: href,
        status: reason === '' ? String(status) : `${status} ${reason}`,
        'content-length': length !== undefined && /^\d+$/.test(length) ? length : '-1',
      });
    }
    if (status !== 200) {
      res.resume();
      // Go's resp.Status is the server's own status line ("404 File not found"), not a table's.
      const reason = res.statusMessage ?? '';
      throw new Error(`failed to fetch ${href} : ${reason === '' ? status : `${status} ${reason}`}`);
    }
    return readBody(res, href, o.maxBytes ?? DEFAULT_MAX_BYTES);
  }
}

/**
 * A response body as one Buffer. With a Content-Length it is read into one buffer of that size, so
 * a large index is not held twice (chunks and their concatenation); a server that sends more
 * falls back to chunks. 'data' events hand over each chunk as the socket gave it (the async
 * iterator's read() concatenates whatever was buffered first: one more copy of most of a big body).
 */
function readBody(res: IncomingMessage, href: string, max: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  let whole = Number.isSafeInteger(declared) && declared <= max ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    res.on('data', (piece: Buffer) => {
      if (size + piece.length > max) {
        res.destroy();
        reject(new Error(`failed to fetch ${href} : response is larger than the maximum size ${max}`));
        return;
      }
      if (whole && size + piece.length <= whole.length) piece.copy(whole, size);
      else {
        if (whole) chunks.push(whole.subarray(0, size));
        whole = undefined;
        chunks.push(piece);
      }
      size += piece.length;
    });
    res.on('error', reject);
    res.on('end', () => {
      if (whole) resolve(size === whole.length ? whole : whole.subarray(0, size));
      else resolve(Buffer.concat(chunks));
    });
  });
}
