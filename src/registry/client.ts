// A thin OCI distribution client (what oras-go does for Helm): HTTPS by default (`--plain-http` for
// HTTP), TLS from --ca-file/--cert-file/--key-file or --insecure, auth from a 401 challenge (Basic, or
// Bearer with a token fetched from the realm with the credential), manifests and blobs checked
// against their digests, monolithic blob upload (POST then PUT).
import {
  clientTls,
  hostnameError,
  peerNames,
  httpsOptions,
  TlsFileError,
  type ClientTls,
} from '../repo/tls.js';
import { proxyForURL, ProxyError, targetOf, viaProxy } from '../repo/proxy.js';
import { createHash } from 'node:crypto';
import { request as httpRequest, STATUS_CODES, type IncomingMessage } from 'node:http';
import { UNKNOWN_AUTHORITY, unknownAuthority } from '../repo/x509-hint.js';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { formatValue } from '../go/fmt/print.js';
import { GoList, GoMap, type Value } from '../go/value.js';
import { parseJson } from '../yaml/json-parse.js';
import type { Credential } from './credentials.js';
import { logHeader, logResponse, nextRequestId, responseMsg } from './transport-log.js';
import { decodeTokenResponse, DISTRIBUTION_TOKEN, OAUTH2_TOKEN, type TokenField } from './token-json.js';

export interface ClientOptions {
  plainHttp?: boolean;
  insecure?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /**
   * The credential, or how to find it: oras-go asks its store only when a 401 challenge comes, so
   * an anonymous registry works with a broken credential helper configured. Asked once per client.
   */
  credential?: Credential | (() => Credential | undefined);
  userAgent?: string;
  /** helm's LoggingTransport (--debug): each request and response as a slog debug record. */
  debug?: (msg: string, attrs: Record<string, string>) => void;
}

export interface Response {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  MANIFEST_MEDIA_TYPE,
  INDEX_MEDIA_TYPE,
  'application/vnd.oci.artifact.manifest.v1+json',
].join(', ');
const MAX_BODY = 256 * 1024 * 1024;

export const sha256Digest = (b: Uint8Array): string =>
  `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Parses `WWW-Authenticate: Scheme k="v", k2=v2` (quoted values may hold commas). */
export function parseChallenge(h: string): { scheme: string; params: Record<string, string> } {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(h);
  if (!m) return { scheme: '', params: {} };
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/gy;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!)) !== null && p[0] !== '') {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

export class RegistryError extends Error {}

/**
 * oras-go's CleanScopes: the actions of one type:name merged (sorted, `*` alone), scopes without an
 * action dropped, unrecognised ones kept, all sorted.
 */
export function cleanScopes(scopes: string[]): string[] {
  const out = new Set<string>();
  const merged = new Map<string, Set<string>>();
  for (const scope of scopes) {
    const i = scope.indexOf(':');
    const j = scope.lastIndexOf(':');
    if (i < 0 || j === i) {
      out.add(scope);
      continue;
    }
    const actions = scope
      .slice(j + 1)
      .split(',')
      .filter((a) => a !== '');
    if (actions.length === 0) continue;
    const key = scope.slice(0, j);
    const set = merged.get(key) ?? new Set<string>();
    for (const a of actions) set.add(a);
    merged.set(key, set);
  }
  for (const [key, set] of merged) out.add(`${key}:${set.has('*') ? '*' : [...set].sort().join(',')}`);
  return [...out].sort();
}

/** oras-go's errutil text: `response status code N: code: message[; …]`. */
function errorDetail(status: number, body: Buffer): string {
  let detail = STATUS_CODES[status] ?? '';
  const errs = registryErrors(body);
  if (errs.length > 0) detail = errs.join('; ');
  return `response status code ${status}: ${detail}`;
}

/** oras-go's errcode.Error texts of a response body, none when it does not decode as Errors. */
function registryErrors(body: Buffer): string[] {
  let doc: Value;
  try {
    doc = parseJson(body.toString('utf8'));
  } catch {
    return [];
  }
  const list = doc instanceof GoMap ? doc.get('errors') : undefined;
  if (!(list instanceof GoList)) return [];
  const out: string[] = [];
  for (const e of list.items) {
    if (!(e instanceof GoMap)) return [];
    const code = e.get('code') ?? '';
    const message = e.get('message') ?? '';
    if (typeof code !== 'string' || typeof message !== 'string') return [];
    const name = code.replaceAll('_', ' ').toLowerCase();
    const d = e.get('detail');
    // Detail is an `any` printed with %v: map[name:repo] for distribution's NAME_UNKNOWN.
    if (message === '') out.push(name);
    else if (d === undefined || d === null) out.push(`${name}: ${message}`);
    else out.push(`${name}: ${message}: ${formatValue(d)}`);
  }
  return out;
}

/** Go's net/http error texts for what the transport reports. */
function goNetError(method: string, href: string, err: NodeJS.ErrnoException): string {
  const u = new URL(href);
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  const host = u.port ? u.host : `${u.hostname}:${u.protocol === 'https:' ? 443 : 80}`;
  let why = err.message;
  if (err instanceof ProxyError) why = err.message;
  else if (err.code === 'ECONNREFUSED') why = `dial tcp ${host}: connect: connection refused`;
  else if (err.code === 'ENOTFOUND') why = `dial tcp: lookup ${u.hostname}: no such host`;
  else if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    why = `tls: failed to verify certificate: ${hostnameError(u.hostname, peerNames(err))}`;
  else if (err.code === 'EPROTO' && /wrong version number/.test(err.message))
    why = 'http: server gave HTTP response to HTTPS client';
  else if (
    err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    err.code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    err.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    err.code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  )
    why = 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  return `${verb} ${JSON.stringify(href)}: ${why}`;
}

/** A token endpoint's answer decoded as oras-go does; its JSON errors wrapped as oras-go wraps them. */
function decodeToken(
  method: string,
  href: string,
  body: Buffer,
  fields: readonly TokenField[],
): Record<string, string> {
  try {
    return decodeTokenResponse(body, fields);
  } catch (err) {
    throw new RegistryError(
      `${method} ${JSON.stringify(href)}: failed to decode response: ${(err as Error).message}`,
    );
  }
}

export class RegistryClient {
  private tlsSettings: ClientTls | undefined;
  private authHeader: string | undefined;
  private resolved: { credential: Credential | undefined } | { error: Error } | undefined;

  constructor(
    readonly host: string,
    readonly opts: ClientOptions = {},
  ) {
    // Read now, as before: a missing file fails when the client is made.
    if (opts.caFile || (opts.certFile && opts.keyFile)) this.tlsOptions();
  }

  /** TLS settings (repo/tls.ts: the CA file, else the system roots Go trusts); a file error as fs gives it. */
  private tlsOptions(): ClientTls {
    if (this.tlsSettings === undefined) {
      try {
        this.tlsSettings = clientTls({
          caFile: this.opts.caFile,
          certFile: this.opts.certFile,
          keyFile: this.opts.keyFile,
          insecure: this.opts.insecure,
        });
      } catch (err) {
        throw err instanceof TlsFileError ? err.reason : err;
      }
    }
    return this.tlsSettings;
  }

  /** The credential for this host, looked up on the first challenge; a lookup error is kept too. */
  private credential(): Credential | undefined {
    if (!this.resolved) {
      const c = this.opts.credential;
      try {
        this.resolved = { credential: typeof c === 'function' ? c() : c };
      } catch (err) {
        this.resolved = { error: err as Error };
      }
    }
    if ('error' in this.resolved) throw this.resolved.error;
    return this.resolved.credential;
  }

  get baseURL(): string {
    return `${this.opts.plainHttp ? 'http' : 'https'}://${this.host}`;
  }

  private raw(
    method: string,
    href: string,
    headers: Record<string, string>,
    body?: Uint8Array,
  ): Promise<Response> {
    const u = new URL(href);
    const https = u.protocol === 'https:';
    let req = https ? httpsRequest : httpRequest;
    const h: Record<string, string> = { 'User-Agent': this.opts.userAgent ?? 'Helm/4.3.2', ...headers };
    if (body) h['Content-Length'] = String(body.length);
    let opts: RequestOptions = { method, headers: h };
    if (https) {
      const t = this.tlsOptions();
      opts = { ...opts, ...httpsOptions(t) };
    }
    let proxy;
    try {
      proxy = proxyForURL(href);
    } catch (err) {
      return Promise.reject(new RegistryError(goNetError(method, href, err as NodeJS.ErrnoException)));
    }
    if (proxy) {
      // The default transport's ProxyFromEnvironment, as oras-go's client inherits it from helm.
      const via = viaProxy(targetOf(u), proxy, () => this.tlsOptions());
      req = httpRequest;
      opts = { method, ...via, headers: { ...h, ...via.headers } };
    }
    const log = this.opts.debug;
    const id = log ? nextRequestId() : 0;
    // Content-Length is a field of Go's request, not one of its headers.
    const logged = Object.entries(h).filter(([k]) => k !== 'Content-Length');
    log?.(method, { id: String(id), url: href, header: logHeader(logged) });
    return new Promise((resolve, reject) => {
      const r = req(u, opts, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            res.destroy(new Error(`response body of ${method} ${href} exceeds the limit`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          if (log) log(responseMsg(method), { id: String(id), ...logResponse(method, res, body) });
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      });
      r.on('error', (err) => {
        const msg = goNetError(method, href, err as NodeJS.ErrnoException);
        // The transport's error, before http.Client names the method and URL.
        log?.(responseMsg(method), { id: String(id), error: msg.slice(msg.indexOf('": ') + 3) });
        // The hint needs the server's chain, fetched directly: not for a proxied request.
        if (!msg.endsWith(UNKNOWN_AUTHORITY) || proxy) {
          reject(new RegistryError(msg));
          return;
        }
        // Go names the CA-file candidate that did not sign the certificate (repo/x509-hint.ts).
        void unknownAuthority(href, this.opts.caFile).then((why) =>
          reject(new RegistryError(msg.slice(0, -UNKNOWN_AUTHORITY.length) + why)),
        );
      });
      r.end(body);
    });
  }

  private async fetchToken(
    c: Credential | undefined,
    params: Record<string, string>,
    scopes: string[],
  ): Promise<string> {
    // A registry token from the store is the bearer token itself (oras-go's AccessToken).
    if (c?.registryToken) return c.registryToken;
    const realm = params.realm;
    if (!realm) throw new RegistryError('bearer challenge without a realm');
    const u = new URL(realm);
    if (params.service) u.searchParams.set('service', params.service);
    const all = cleanScopes([...scopes, ...(params.scope ?? '').split(' ').filter((s) => s !== '')]);
    for (const s of all) u.searchParams.append('scope', s);
    // url.Values.Encode: keys sorted (stable, so the scopes keep their order).
    u.searchParams.sort();
    if (c?.identityToken) return this.refreshToken(realm, params.service ?? '', all, c);
    const headers: Record<string, string> = {};
    if (c && (c.username || c.password)) {
      headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    }
    const res = await this.raw('GET', u.toString(), headers);
    if (res.status !== 200) {
      throw new RegistryError(`GET "${u.toString()}": ${errorDetail(res.status, res.body)}`);
    }
    const j = decodeToken('GET', u.toString(), res.body, DISTRIBUTION_TOKEN);
    const tok = j.access_token || j.token;
    if (!tok) throw new RegistryError(`GET "${u.toString()}": empty token returned`);
    return tok;
  }

  /**
   * oras-go's OAuth2 refresh: an identity token from the store is POSTed to the realm as a form
   * (keys sorted as Go's url.Values encodes them) for an access token.
   */
  private async refreshToken(
    realm: string,
    service: string,
    scopes: string[],
    c: Credential,
  ): Promise<string> {
    const form = new URLSearchParams();
    form.set('client_id', 'oras-go');
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', c.identityToken ?? '');
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    form.set('service', service);
    const body = Buffer.from(form.toString());
    const res = await this.raw('POST', realm, { 'Content-Type': 'application/x-www-form-urlencoded' }, body);
    if (res.status !== 200) throw new RegistryError(`POST "${realm}": ${errorDetail(res.status, res.body)}`);
    const j = decodeToken('POST', realm, res.body, OAUTH2_TOKEN);
    if (!j.access_token) throw new RegistryError(`POST "${realm}": empty token returned`);
    return j.access_token;
  }

  /** A request with auth: a 401 is answered once with the challenged scheme. */
  async request(
    method: string,
    pathOrURL: string,
    o: { headers?: Record<string, string>; body?: Uint8Array; scopes?: string[] } = {},
  ): Promise<Response> {
    const href = /^https?:\/\//.test(pathOrURL) ? pathOrURL : `${this.baseURL}${pathOrURL}`;
    const headers = { ...(o.headers ?? {}) };
    if (this.authHeader) headers.Authorization = this.authHeader;
    let res = await this.raw(method, href, headers, o.body);
    if (res.status !== 401) return res;
    const ch = parseChallenge(String(res.headers['www-authenticate'] ?? ''));
    const where = `${method} ${JSON.stringify(href)}`;
    // The store's errors as oras-go wraps them: basic auth says it failed to resolve, bearer does not.
    const lookup = (prefix: string): Credential | undefined => {
      try {
        return this.credential();
      } catch (err) {
        throw new RegistryError(`${where}: ${prefix}${(err as Error).message}`);
      }
    };
    if (ch.scheme === 'basic') {
      const c = lookup('failed to resolve credential: ');
      if (!c) throw new RegistryError(`${where}: basic credential not found`);
      if (!c.username || !c.password)
        throw new RegistryError(`${where}: missing username or password for basic auth`);
      this.authHeader = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    } else if (ch.scheme === 'bearer') {
      const c = lookup('');
      // The token endpoint's failures are wrapped with the request challenged (oras-go's Client.Do).
      let token: string;
      try {
        token = await this.fetchToken(c, ch.params, o.scopes ?? []);
      } catch (err) {
        throw new RegistryError(`${where}: ${(err as Error).message}`);
      }
      this.authHeader = `Bearer ${token}`;
    } else {
      return res;
    }
    res = await this.raw(method, href, { ...headers, Authorization: this.authHeader }, o.body);
    return res;
  }

  fail(what: string, href: string, res: Response): never {
    throw new RegistryError(`${what} "${href}": ${errorDetail(res.status, res.body)}`);
  }

  async ping(): Promise<void> {
    const res = await this.request('GET', '/v2/');
    if (res.status !== 200) this.fail('GET', `${this.baseURL}/v2/`, res);
  }

  /** GET a manifest by tag or digest; its digest is computed from the bytes and checked. */
  async getManifest(repo: string, ref: string): Promise<{ body: Buffer; digest: string; mediaType: string }> {
    const path = `/v2/${repo}/manifests/${ref}`;
    const res = await this.request('GET', path, {
      headers: { Accept: MANIFEST_ACCEPT },
      scopes: [`repository:${repo}:pull`],
    });
    // oras names the reference as Reference.String does: `@` before a digest (tags hold no `:`).
    if (res.status === 404)
      throw new RegistryError(`${this.host}/${repo}${ref.includes(':') ? '@' : ':'}${ref}: not found`);
    if (res.status !== 200) this.fail('GET', `${this.baseURL}${path}`, res);
    const digest = sha256Digest(res.body);
    if (ref.startsWith('sha256:') && digest !== ref) {
      throw new RegistryError(`${this.host}/${repo}@${ref}: manifest digest mismatch: got ${digest}`);
    }
    const header = res.headers['docker-content-digest'];
    if (typeof header === 'string' && header.startsWith('sha256:') && header !== digest) {
      throw new RegistryError(
        `${this.host}/${repo}:${ref}: Docker-Content-Digest ${header} does not match the manifest ${digest}`,
      );
    }
    return {
      body: res.body,
      digest,
      mediaType: String(res.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim(),
    };
  }

  /** oras Repository.Resolve: HEAD the manifest; its digest from Docker-Content-Digest. */
  async resolveManifest(repo: string, ref: string): Promise<string> {
    const path = `/v2/${repo}/manifests/${ref}`;
    const res = await this.request('HEAD', path, {
      headers: { Accept: MANIFEST_ACCEPT },
      scopes: [`repository:${repo}:pull`],
    });
    if (res.status !== 200) this.fail('HEAD', `${this.baseURL}${path}`, res);
    const header = res.headers['docker-content-digest'];
    if (typeof header === 'string' && /^sha256:[0-9a-f]{64}$/.test(header)) return header;
    return (await this.getManifest(repo, ref)).digest;
  }

  async getBlob(repo: string, digest: string, size?: number): Promise<Buffer> {
    let href = `${this.baseURL}/v2/${repo}/blobs/${digest}`;
    let res = await this.request('GET', href, { scopes: [`repository:${repo}:pull`] });
    for (let hop = 0; res.status >= 300 && res.status < 400 && res.headers.location; hop++) {
      if (hop >= 10) throw new RegistryError(`GET "${href}": stopped after 10 redirects`);
      const next = new URL(res.headers.location, href).toString();
      // Credentials stay with the registry's own origin.
      res =
        new URL(next).origin === new URL(this.baseURL).origin
          ? await this.request('GET', next, { scopes: [`repository:${repo}:pull`] })
          : await this.raw('GET', next, {});
      href = next;
    }
    if (res.status !== 200) this.fail('GET', href, res);
    const got = sha256Digest(res.body);
    if (got !== digest)
      throw new RegistryError(`${this.host}/${repo}@${digest}: blob digest mismatch: got ${got}`);
    if (size !== undefined && res.body.length !== size) {
      throw new RegistryError(`${this.host}/${repo}@${digest}: blob size ${res.body.length} is not ${size}`);
    }
    return res.body;
  }

  async pushBlob(repo: string, data: Uint8Array): Promise<string> {
    const digest = sha256Digest(data);
    const scopes = [`repository:${repo}:pull,push`];
    const head = await this.request('HEAD', `/v2/${repo}/blobs/${digest}`, { scopes });
    if (head.status === 200) return digest;
    const post = await this.request('POST', `/v2/${repo}/blobs/uploads/`, { scopes });
    if (post.status !== 202 || !post.headers.location)
      this.fail('POST', `${this.baseURL}/v2/${repo}/blobs/uploads/`, post);
    const loc = new URL(post.headers.location, `${this.baseURL}/v2/${repo}/blobs/uploads/`);
    loc.searchParams.set('digest', digest);
    const put = await this.request('PUT', loc.toString(), {
      headers: { 'Content-Type': 'application/octet-stream' },
      body: data,
      scopes,
    });
    if (put.status !== 201) this.fail('PUT', loc.toString(), put);
    return digest;
  }

  async pushManifest(
    repo: string,
    tag: string,
    body: Uint8Array,
    mediaType = MANIFEST_MEDIA_TYPE,
  ): Promise<void> {
    const path = `/v2/${repo}/manifests/${tag}`;
    const res = await this.request('PUT', path, {
      headers: { 'Content-Type': mediaType },
      body,
      scopes: [`repository:${repo}:pull,push`],
    });
    if (res.status !== 201) this.fail('PUT', `${this.baseURL}${path}`, res);
  }

  /** All tags, following `Link: <…>; rel="next"`. */
  async tags(repo: string): Promise<string[]> {
    const out: string[] = [];
    let next: string | undefined = `/v2/${repo}/tags/list`;
    while (next) {
      const res = await this.request('GET', next, { scopes: [`repository:${repo}:pull`] });
      if (res.status !== 200) this.fail('GET', /^https?:/.test(next) ? next : `${this.baseURL}${next}`, res);
      const j = JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null };
      out.push(...(j.tags ?? []));
      const link = String(res.headers.link ?? '');
      const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
      next = m ? new URL(m[1]!, `${this.baseURL}${next.startsWith('/') ? next : ''}`).toString() : undefined;
    }
    return out;
  }
}
