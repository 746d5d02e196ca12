// Go's http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy) and how net/http's transport
// talks to the proxy it picks, for every HTTP client of Rudder (chart repositories, `-f` URLs, OCI
// registries, Artifact Hub): HTTP_PROXY/HTTPS_PROXY/NO_PROXY (upper case first, then lower case),
// REQUEST_METHOD's CGI rule, localhost and loopback IPs never proxied, NO_PROXY's `*`, CIDRs, IPs,
// domains (and their subdomains) with optional ports. http targets go as absolute-URI requests to
// the proxy, https targets through a CONNECT tunnel; the proxy URL's user info becomes
// Proxy-Authorization Basic. Errors carry Go's texts ("proxyconnect tcp: …").
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect } from 'node:tls';
import { domainToASCII } from 'node:url';
import type { ClientRequestArgs } from 'node:http';
import { parseURL, type GoURL } from '../funcs/urls.js';
import { socksConnect } from './socks.js';
import { hostnameError, peerNames, type ClientTls } from './tls.js';

/** A failure Go reports in place of the transport's own: its message is Go's text after `Get "URL": `. */
export class ProxyError extends Error {}

export interface ProxyURL {
  scheme: string;
  hostname: string;
  /** The port to dial (the scheme's default when the URL has none). */
  port: string;
  /** `Basic …` from the URL's user info. */
  authorization?: string;
  /** The URL's user info itself (SOCKS5 username/password authentication). */
  user?: { username: string; password: string };
}

type Bytes = Uint8Array;

/** net.ParseIP as 16 bytes (IPv4 mapped) and whether it is IPv4 (To4 != nil). */
function parseIP(s: string): { ip: Bytes; v4: boolean } | undefined {
  const family = s.includes('%') ? 0 : isIP(s);
  if (family === 4)
    return {
      ip: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...s.split('.').map(Number)]),
      v4: true,
    };
  if (family !== 6) return undefined;
  let text = s;
  const dot = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dot) {
    // A trailing dotted IPv4 part is two 16-bit groups.
    const [a, b, c, d] = dot.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dot.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = (g: string): number[] => (g === '' ? [] : g.split(':').map((x) => parseInt(x, 16)));
  const gap = text.indexOf('::');
  const h = groups(gap < 0 ? text : text.slice(0, gap));
  const r = gap < 0 ? [] : groups(text.slice(gap + 2));
  const words = [...h, ...Array<number>(8 - h.length - r.length).fill(0), ...r];
  const ip = new Uint8Array(16);
  words.forEach((w, i) => {
    ip[2 * i] = w >> 8;
    ip[2 * i + 1] = w & 255;
  });
  const v4 = ip.slice(0, 12).every((b, i) => b === (i < 10 ? 0 : 255));
  return { ip, v4 };
}

const sameIP = (a: Bytes, b: Bytes): boolean => a.every((x, i) => x === b[i]);

interface Matcher {
  match(host: string, port: string, ip: { ip: Bytes; v4: boolean } | undefined): boolean;
}

const allMatch: Matcher = { match: () => true };

function cidrMatch(ip: { ip: Bytes; v4: boolean }, bits: number): Matcher {
  const prefix = ip.v4 ? 96 + bits : bits;
  return {
    match(_h, _p, t) {
      if (t === undefined || t.v4 !== ip.v4) return false;
      for (let i = 0; i < prefix; i++) {
        const m = 0x80 >> (i % 8);
        if ((t.ip[i >> 3]! & m) !== (ip.ip[i >> 3]! & m)) return false;
      }
      return true;
    },
  };
}

/** net.ParseCIDR's accepted forms: an IP, `/`, a decimal prefix within the address size. */
function parseCIDR(s: string): Matcher | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const n = s.slice(slash + 1);
  if (ip === undefined || !/^\d{1,3}$/.test(n) || (n.length > 1 && n.startsWith('0'))) return undefined;
  const bits = Number(n);
  const v4literal = !s.slice(0, slash).includes(':');
  if (bits > (v4literal ? 32 : 128)) return undefined;
  return cidrMatch({ ip: ip.ip, v4: v4literal }, bits);
}

/** net.SplitHostPort, or undefined when it fails. */
function splitHostPort(s: string): [string, string] | undefined {
  const colon = s.lastIndexOf(':');
  if (colon < 0) return undefined;
  let host = s.slice(0, colon);
  const port = s.slice(colon + 1);
  if (host.startsWith('[')) {
    if (!host.endsWith(']') || host.indexOf(']') !== host.length - 1) return undefined;
    host = host.slice(1, -1);
  } else if (host.includes(':') || host.includes('[') || host.includes(']')) {
    return undefined;
  }
  if (port.includes('[') || port.includes(']')) return undefined;
  return [host, port];
}

const idnaASCII = (s: string): string => {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  const a = domainToASCII(s);
  return a === '' ? s : a;
};

interface Config {
  http?: ProxyURL;
  https?: ProxyURL;
  cgi: boolean;
  ipMatchers: Matcher[];
  domainMatchers: Matcher[];
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', socks5: '1080', socks5h: '1080' };

/** The TLS settings viaProxy uses; `servername` names the target's certificate (kubeconfig tls-server-name). */
export type ProxyTls = Pick<ClientTls, 'secureContext' | 'rejectUnauthorized'> & { servername?: string };

/**
 * parseProxy: the URL, or with `http://` put in front when it has no scheme or host; bad ones
 * ignored. Also what a fixed proxy (http.ProxyURL, kubeconfig `proxy-url`) dials.
 */
export function parseProxy(raw: string): ProxyURL | undefined {
  if (raw === '') return undefined;
  let u: GoURL | undefined;
  try {
    u = parseURL(raw);
  } catch {
    u = undefined;
  }
  if (u === undefined || u.scheme === '' || u.host === '') {
    try {
      u = parseURL('http://' + raw);
    } catch {
      /* the first parse stands */
    }
  }
  if (u === undefined) return undefined;
  const hp = splitHostPort(u.host);
  const hostname = hp ? hp[0] : u.host.replace(/^\[(.*)\]$/, '$1');
  const port = hp && hp[1] !== '' ? hp[1] : (DEFAULT_PORTS[u.scheme] ?? '');
  const out: ProxyURL = { scheme: u.scheme, hostname, port };
  if (u.user !== null) {
    out.authorization = `Basic ${Buffer.from(`${u.user.username}:${u.user.password}`).toString('base64')}`;
    out.user = { username: u.user.username, password: u.user.password };
  }
  return out;
}

/** FromEnvironment + config.init. */
function configFrom(env: NodeJS.ProcessEnv): Config {
  const any = (...names: string[]): string => {
    for (const n of names) if (env[n]) return env[n];
    return '';
  };
  const c: Config = {
    http: parseProxy(any('HTTP_PROXY', 'http_proxy')),
    https: parseProxy(any('HTTPS_PROXY', 'https_proxy')),
    cgi: (env.REQUEST_METHOD ?? '') !== '',
    ipMatchers: [],
    domainMatchers: [],
  };
  for (const entry of any('NO_PROXY', 'no_proxy').split(',')) {
    const p = entry.trim().toLowerCase();
    if (p === '') continue;
    if (p === '*') {
      c.ipMatchers = [allMatch];
      c.domainMatchers = [allMatch];
      break;
    }
    const cidr = parseCIDR(p);
    if (cidr) {
      c.ipMatchers.push(cidr);
      continue;
    }
    let phost = p;
    let pport = '';
    const hp = splitHostPort(p);
    if (hp) {
      if (hp[0] === '') continue;
      [phost, pport] = hp;
      if (phost.startsWith('[') && phost.endsWith(']')) phost = phost.slice(1, -1);
    }
    const pip = phost.includes('%') ? undefined : parseIP(phost);
    if (pip) {
      c.ipMatchers.push({
        match: (_h, port, t) => t !== undefined && sameIP(t.ip, pip.ip) && (pport === '' || pport === port),
      });
      continue;
    }
    if (phost === '') continue;
    if (phost.startsWith('*.')) phost = phost.slice(1);
    const matchHost = !phost.startsWith('.');
    if (matchHost) phost = '.' + phost;
    const suffix = idnaASCII(phost);
    c.domainMatchers.push({
      match: (host, port, t) =>
        t === undefined &&
        (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) &&
        (pport === '' || pport === port),
    });
  }
  return c;
}

let cached: { key: string; config: Config } | undefined;
const ENV_NAMES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
  'REQUEST_METHOD',
];

function config(env: NodeJS.ProcessEnv): Config {
  const key = JSON.stringify(ENV_NAMES.map((n) => env[n] ?? ''));
  if (cached?.key !== key) cached = { key, config: configFrom(env) };
  return cached.config;
}

/** config.useProxy for a host (no brackets) and port. */
function useProxy(c: Config, hostname: string, port: string): boolean {
  if (hostname === 'localhost') return false;
  const zone = hostname.indexOf('%');
  const ip = parseIP(zone >= 0 && hostname.includes(':') ? hostname.slice(0, zone) : hostname);
  // IsLoopback: 127/8 (also IPv4-mapped) or ::1.
  if (ip && ((ip.v4 && ip.ip[12] === 127) || sameIP(ip.ip, parseIP('::1')!.ip))) return false;
  const host = hostname.trim().toLowerCase();
  if (ip && c.ipMatchers.some((m) => m.match(host, port, ip))) return false;
  return !c.domainMatchers.some((m) => m.match(host, port, ip));
}

/**
 * The proxy Go's ProxyFromEnvironment picks for a request URL's scheme (`http`/`https`), host name
 * (no brackets, as URL.Hostname) and port ('' for the scheme's default); undefined when direct.
 * Throws a ProxyError for an http URL with HTTP_PROXY set in a CGI environment.
 */
export function proxyFor(
  scheme: string,
  hostname: string,
  port: string,
  env: NodeJS.ProcessEnv = process.env,
): ProxyURL | undefined {
  const c = config(env);
  let proxy: ProxyURL | undefined;
  if (scheme === 'https') proxy = c.https;
  else if (scheme === 'http') {
    proxy = c.http;
    if (proxy && c.cgi) {
      throw new ProxyError(
        'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy',
      );
    }
  }
  if (proxy === undefined) return undefined;
  return useProxy(c, idnaASCII(hostname), port || DEFAULT_PORTS[scheme]!) ? proxy : undefined;
}

/** proxyFor for a URL as Go's url.Parse reads it (Hostname and Port keep their case); direct when it does not parse. */
export function proxyForURL(href: string, env: NodeJS.ProcessEnv = process.env): ProxyURL | undefined {
  let u: GoURL;
  try {
    u = parseURL(href);
  } catch {
    return undefined;
  }
  let host = u.host;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && /^:\d*$/.test(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return proxyFor(u.scheme, host, port, env);
}

const bracket = (h: string): string => (h.includes(':') ? `[${h}]` : h);

/** net.Dial's error text for a failed dial of host:port. */
function dialText(
  err: NodeJS.ErrnoException & { address?: string; port?: number },
  host: string,
  port: string,
): string {
  const addr =
    err.address !== undefined ? `${bracket(err.address)}:${err.port ?? port}` : `${bracket(host)}:${port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${host}: no such host`;
    case 'ECONNRESET':
      return `read tcp ${addr}: read: connection reset by peer`;
    default:
      return err.message;
  }
}

const UNKNOWN_AUTHORITY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** crypto/tls's text for a failed handshake with host. */
function tlsText(err: NodeJS.ErrnoException, host: string): string {
  if (err.code && UNKNOWN_AUTHORITY_CODES.has(err.code))
    return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `tls: failed to verify certificate: ${hostnameError(host, peerNames(err))}`;
  return err.message;
}

/**
 * TLS over a connected socket with the client's settings, verified as crypto/x509 does: the host
 * name first, then the chain (Node checks the chain first). A failure carries Node's error code.
 */
function secureOver(
  socket: Socket,
  host: string,
  t: ProxyTls,
  done: (err: NodeJS.ErrnoException | null, s?: Socket) => void,
): void {
  const secure = tlsConnect({
    socket,
    servername: isIP(host) ? undefined : host,
    secureContext: t.secureContext,
    rejectUnauthorized: false,
  });
  const failed = (err: Error): void => done(err);
  secure.once('error', failed);
  secure.once('secureConnect', () => {
    secure.off('error', failed);
    if (t.rejectUnauthorized) {
      const why: NodeJS.ErrnoException | string | undefined =
        checkServerIdentity(host, secure.getPeerCertificate()) ??
        (secure.authorizationError as unknown as string | undefined);
      if (why) {
        secure.destroy();
        done(typeof why === 'string' ? Object.assign(new Error(why), { code: why }) : why);
        return;
      }
    }
    done(null, secure);
  });
}

/** Dials the proxy (TLS for an https proxy); a failure is `proxyconnect tcp: …`. */
function dialProxy(
  proxy: ProxyURL,
  tls: () => ProxyTls,
  done: (err: Error | null, s?: Socket) => void,
): void {
  if (!['http', 'https', 'socks5', 'socks5h'].includes(proxy.scheme)) {
    done(
      new ProxyError(
        `proxyconnect tcp: proxy scheme ${JSON.stringify(proxy.scheme)} is not supported by Rudder`,
      ),
    );
    return;
  }
  const s = netConnect({ host: proxy.hostname, port: Number(proxy.port) });
  const fail = (err: Error): void =>
    done(new ProxyError(`proxyconnect tcp: ${dialText(err, proxy.hostname, proxy.port)}`));
  s.once('error', fail);
  s.once('connect', () => {
    s.off('error', fail);
    if (proxy.scheme !== 'https') return done(null, s);
    secureOver(s, proxy.hostname, tls(), (err, secure) =>
      err ? done(new ProxyError(`proxyconnect tcp: ${tlsText(err, proxy.hostname)}`)) : done(null, secure),
    );
  });
}

/** Sends CONNECT host:port as Go's transport writes it and waits for the proxy's answer. */
function tunnel(s: Socket, proxy: ProxyURL, target: string, done: (err: Error | null) => void): void {
  const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`, 'User-Agent: Go-http-client/1.1'];
  if (proxy.authorization) lines.push(`Proxy-Authorization: ${proxy.authorization}`);
  let buf = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buf = Buffer.concat([buf, chunk]);
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) {
      if (buf.length > 1 << 20)
        finish(new ProxyError('net/http: server response headers exceeded 1048576 bytes; aborted'));
      return;
    }
    const line = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1');
    const rest = buf.subarray(end + 4);
    if (rest.length > 0) s.unshift(rest);
    const m = /^HTTP\/\d\.\d (.*)$/.exec(line);
    if (!m) {
      finish(new ProxyError(`malformed HTTP response ${JSON.stringify(line)}`));
      return;
    }
    const status = m[1]!.replace(/^ +/, '');
    if (status.slice(0, 3) === '200') {
      finish(null);
      return;
    }
    const space = status.indexOf(' ');
    finish(new ProxyError(space < 0 ? 'unknown status code' : status.slice(space + 1)));
  };
  const onEnd = (): void => finish(new ProxyError(buf.length === 0 ? 'EOF' : 'unexpected EOF'));
  const onError = (err: Error): void => finish(err);
  const finish = (err: Error | null): void => {
    s.off('data', onData);
    s.off('end', onEnd);
    s.off('error', onError);
    if (err) s.destroy();
    done(err);
  };
  s.on('data', onData);
  s.once('end', onEnd);
  s.once('error', onError);
  s.write(lines.join('\r\n') + '\r\n\r\n');
}

/** What viaProxy needs of the request URL. */
export interface ProxyTarget {
  https: boolean;
  /** URL.Host as written (the Host header). */
  host: string;
  /** URL.Hostname (no brackets). */
  hostname: string;
  /** URL.Port ('' for the scheme's default). */
  port: string;
  /** The path and query sent. */
  requestURI: string;
}

export const targetOf = (u: URL): ProxyTarget => ({
  https: u.protocol === 'https:',
  host: u.host,
  hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
  port: u.port,
  requestURI: `${u.pathname}${u.search}`,
});

/**
 * What turns a node:http request for `target` into one through `proxy`: use these options with
 * node:http's `request` (TLS to an https target is made here, over the tunnel). `tls` gives the
 * client's TLS settings (for an https target, and for an https proxy as Go's transport uses them).
 */
export function viaProxy(
  target: ProxyTarget,
  proxy: ProxyURL,
  tls: () => ProxyTls,
): Pick<ClientRequestArgs, 'createConnection' | 'path' | 'agent' | 'protocol'> & {
  headers: Record<string, string>;
} {
  const { https, hostname } = target;
  const port = target.port || (https ? '443' : '80');
  const headers: Record<string, string> = { Host: target.host };
  // An http request names the whole URL to the proxy; an https one goes through the tunnel as usual.
  const socks = proxy.scheme === 'socks5' || proxy.scheme === 'socks5h';
  const forward = !https && !socks;
  const path = forward ? `http://${target.host}${target.requestURI}` : target.requestURI;
  if (forward && proxy.authorization) headers['Proxy-Authorization'] = proxy.authorization;
  return {
    // node:http speaks to the connection made here (plain, or TLS over the tunnel).
    protocol: 'http:',
    agent: undefined,
    path,
    headers,
    createConnection: (_opts, oncreate) => {
      const cb = oncreate as (err: Error | null, s?: Socket) => void;
      dialProxy(proxy, tls, (err, s) => {
        if (err || !s) return cb(err);
        const secure = (): void => {
          if (!https) return cb(null, s);
          const t = tls();
          secureOver(s, t.servername ?? hostname, t, (terr, tlsSocket) => cb(terr, tlsSocket));
        };
        if (socks) {
          // A failed SOCKS handshake is not wrapped as proxyconnect (dialConn returns it as is).
          socksConnect(s, idnaASCII(hostname), Number(port), proxy.user).then(secure, (serr: Error) =>
            cb(new ProxyError(serr.message)),
          );
          return;
        }
        if (!https) return cb(null, s);
        tunnel(s, proxy, `${bracket(idnaASCII(hostname))}:${port}`, (terr) => {
          if (terr) return cb(terr);
          secure();
        });
      });
      return undefined;
    },
  };
}
