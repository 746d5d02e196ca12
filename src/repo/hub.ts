// `search hub`: helm 4.3.2's internal/monocular client. GET <endpoint>/api/chartsvc/v1/charts/search?q=…
// through Go's default client: the URL built with net/url (path.Join onto the endpoint's path, the
// term QueryEscape'd), User-Agent Helm/4.3.2, Accept-Encoding gzip (the body inflated as Go's
// transport does), redirects as http.Client follows them (Referer added, at most 10); any status
// but 200 fails with the status line's text.
import { clientTls, httpsOptions } from './tls.js';
import { proxyFor, ProxyError, viaProxy } from './proxy.js';
import { pathJoin } from '../go/path.js';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { parseURL, urlEscape, urlString, type GoURL } from '../funcs/urls.js';
import { decodeHubResponse, type GoStruct } from './hub-json.js';
import { DEFAULT_MAX_BYTES } from './http.js';

export const SEARCH_PATH = 'api/chartsvc/v1/charts/search';
const USER_AGENT = 'Helm/4.3.2';

/** URL.Hostname. */
function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && /^:\d*$/.test(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** URL.Port. */
function port(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon !== -1 && /^:\d*$/.test(host.slice(colon)) ? host.slice(colon + 1) : '';
}

/** monocular.New's check: `no hostname provided`, or url.Parse's error. */
export function validateEndpoint(endpoint: string): void {
  const p = parseURL(endpoint);
  if (hostname(p.host) === '') throw new Error('no hostname provided');
}

/** The search URL as SearchWithContext builds it. */
export function searchURL(endpoint: string, term: string): string {
  const p = parseURL(endpoint);
  p.path = pathJoin(p.path, SEARCH_PATH);
  p.rawQuery = 'q=' + urlEscape(term, 'queryComponent');
  return urlString(p);
}

const requestURI = (u: GoURL): string => {
  const path = urlString({
    ...u,
    scheme: '',
    host: '',
    user: null,
    fragment: '',
    rawFragment: '',
    rawQuery: '',
  });
  return (path === '' ? '/' : path) + (u.forceQuery || u.rawQuery !== '' ? '?' + u.rawQuery : '');
};

/** url.Error's text for a request: `Get "URL": reason` (the URL without its password). */
const urlError = (u: GoURL, why: string): Error =>
  new Error(
    `Get ${JSON.stringify(urlString(u.user?.passwordSet ? { ...u, user: { ...u.user, password: '***' } } : u))}: ${why}`,
  );

function netReason(u: GoURL, err: NodeJS.ErrnoException): string {
  if (err instanceof ProxyError) return err.message;
  const host = hostname(u.host);
  const addr = `${host.includes(':') ? `[${host}]` : host}:${port(u.host) || (u.scheme === 'https' ? '443' : '80')}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${host}: no such host`;
    case 'ECONNRESET':
      return 'EOF';
    default:
      return err.message;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function once(u: GoURL, referer: string): Promise<IncomingMessage> {
  const scheme = u.scheme.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return Promise.reject(urlError(u, `unsupported protocol scheme ${JSON.stringify(u.scheme)}`));
  }
  const headers: Record<string, string> = {
    Host: u.host,
    'User-Agent': USER_AGENT,
    ...(referer !== '' ? { Referer: referer } : {}),
    'Accept-Encoding': 'gzip',
  };
  // Client.send: user info in the URL becomes basic auth.
  if (u.user !== null) {
    headers.Authorization = `Basic ${Buffer.from(`${u.user.username}:${u.user.password}`).toString('base64')}`;
  }
  let proxy;
  try {
    proxy = proxyFor(scheme, hostname(u.host), port(u.host));
  } catch (err) {
    return Promise.reject(urlError(u, (err as Error).message));
  }
  let req = scheme === 'https' ? httpsRequest : httpRequest;
  let opts: RequestOptions = {
    method: 'GET',
    hostname: hostname(u.host),
    port: port(u.host) || (scheme === 'https' ? 443 : 80),
    path: requestURI(u),
    headers,
    agent: false,
    // Go's default client trusts the system roots (tls.ts), not Node's bundled list.
    ...(scheme === 'https' ? { servername: hostname(u.host), ...httpsOptions(clientTls({})) } : {}),
  };
  if (proxy) {
    const target = {
      https: scheme === 'https',
      host: u.host,
      hostname: hostname(u.host),
      port: port(u.host),
    };
    const via = viaProxy({ ...target, requestURI: requestURI(u) }, proxy, () => clientTls({}));
    req = httpRequest;
    opts = { method: 'GET', ...via, headers: { ...headers, ...via.headers } };
  }
  return new Promise((resolve, reject) => {
    const r = req(opts, resolve);
    r.on('error', (err) => reject(urlError(u, netReason(u, err as NodeJS.ErrnoException))));
    r.end();
  });
}

async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res) {
    size += (c as Buffer).length;
    if (size > DEFAULT_MAX_BYTES) {
      res.destroy();
      break;
    }
    chunks.push(c as Buffer);
  }
  const body = Buffer.concat(chunks);
  if ((res.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return body;
  try {
    return gunzipSync(body);
  } catch {
    return Buffer.alloc(0); // a broken gzip stream is a read error: nothing decodes
  }
}

/** http.Client's refererForURL: no Referer from https to http, no user info. */
function referer(last: GoURL, next: GoURL): string {
  if (last.scheme === 'https' && next.scheme === 'http') return '';
  return urlString({ ...last, user: null, fragment: '', rawFragment: '' });
}

/** SearchWithContext: the results as helm's decoder leaves them. */
export async function searchHub(endpoint: string, term: string): Promise<GoStruct[]> {
  const href = searchURL(endpoint, term);
  let u = parseURL(href);
  let ref = '';
  for (let hops = 0; ; hops++) {
    const res = await once(u, ref);
    const code = res.statusCode ?? 0;
    const loc = res.headers.location;
    if (REDIRECTS.has(code) && loc !== undefined && loc !== '') {
      res.resume();
      let next: GoURL;
      try {
        next = resolveGo(u, loc);
      } catch (err) {
        throw urlError(
          u,
          `failed to parse Location header ${JSON.stringify(loc)}: ${(err as Error).message}`,
        );
      }
      // CheckRedirect's error names the Location as sent.
      if (hops + 1 >= 10) throw new Error(`Get ${JSON.stringify(loc)}: stopped after 10 redirects`);
      ref = referer(u, next);
      u = next;
      continue;
    }
    if (code !== 200) {
      res.resume();
      const text = res.statusMessage ? `${code} ${res.statusMessage}` : String(code);
      throw new Error(`failed to fetch ${href} : ${text}`);
    }
    return decodeHubResponse(await readBody(res));
  }
}

/** URL.ResolveReference through WHATWG resolution, read back with Go's parser. */
function resolveGo(base: GoURL, loc: string): GoURL {
  const ref = parseURL(loc);
  if (ref.scheme !== '') return ref;
  return parseURL(new URL(loc, urlString(base)).toString());
}

export interface HubElement {
  url: string;
  version: string;
  appVersion: string;
  description: string;
  repository: { url: string; name: string };
}

const text = (s: GoStruct | undefined, ...path: string[]): string => {
  let v: unknown = s;
  for (const p of path) v = v && typeof v === 'object' ? (v as GoStruct)[p] : undefined;
  return typeof v === 'string' ? v : '';
};

/** newHubSearchWriter's elements: the Artifact Hub package URL, else Monocular's <endpoint>/charts/<id>. */
export function hubElements(results: GoStruct[], endpoint: string): HubElement[] {
  return results.map((r) => {
    const pkg = text(r, 'artifactHub', 'packageUrl');
    return {
      url: pkg !== '' ? pkg : `${endpoint}/charts/${text(r, 'id')}`,
      version: text(r, 'relationships', 'latestChartVersion', 'data', 'version'),
      appVersion: text(r, 'relationships', 'latestChartVersion', 'data', 'app_version'),
      description: text(r, 'attributes', 'description'),
      repository: { url: text(r, 'attributes', 'repo', 'url'), name: text(r, 'attributes', 'repo', 'name') },
    };
  });
}
