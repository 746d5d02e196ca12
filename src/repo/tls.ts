// The TLS client settings every HTTPS client of Rudder uses (chart repositories, OCI registries,
// Artifact Hub), as Helm's tlsutil builds them: a client certificate when both --cert-file and
// --key-file are given, the --ca-file bundle or else the system roots Go trusts (system-roots.ts),
// and --insecure-skip-tls-verify. One secure context (and keep-alive agent) per settings in a
// process: parsing the system bundle once per connection costs more than the request.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import { systemRootPems } from './system-roots.js';

export interface TlsFlags {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** --insecure-skip-tls-verify / --insecure. */
  insecure?: boolean;
}

/** A file named by a TLS flag could not be read; `what` is tlsutil's wording. */
export class TlsFileError extends Error {
  constructor(
    readonly what: string,
    readonly file: string,
    readonly reason: NodeJS.ErrnoException,
  ) {
    const why = reason.code === 'ENOENT' ? 'no such file or directory' : reason.message;
    super(`${what}: "${file}": open ${file}: ${why}`);
  }
}

export interface ClientTls {
  secureContext: SecureContext;
  rejectUnauthorized: boolean;
  /** A keep-alive agent bound to this context (Node's global agent does not key on it). */
  agent: HttpsAgent;
}

/** Node 20.18's allowPartialTrustChain is missing from its type declarations. */
type ContextOptions = SecureContextOptions & { allowPartialTrustChain?: boolean };

const cache = new Map<string, ClientTls>();

function read(what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new TlsFileError(what, file, err as NodeJS.ErrnoException);
  }
}

/** What a client TLS context holds, as Go's tls.Config: a certificate pair and the RootCAs. */
export interface ContextParts {
  cert?: Buffer | string;
  key?: Buffer | string;
  /** 'system': the roots Go finds on this system; none: a connection that verifies nothing. */
  roots?: readonly (Buffer | string)[] | 'system';
}

/**
 * A secure context for Go's client TLS settings (Helm's tlsutil and client-go alike). Go trusts
 * every certificate of RootCAs as a chain's end, not only self-signed ones; and the system roots
 * are the system's, not Node's bundled list (used only when the system has none).
 */
export function secureContextOf(p: ContextParts, env: NodeJS.ProcessEnv = process.env): SecureContext {
  const o: ContextOptions = {};
  if (p.cert) o.cert = p.cert;
  if (p.key) o.key = p.key;
  const ca = p.roots === 'system' ? systemRootPems(env) : (p.roots ?? []);
  if (ca.length > 0) {
    o.ca = [...ca];
    o.allowPartialTrustChain = true;
  }
  return createSecureContext(o);
}

/** The TLS settings for these flags, built once per process (files read on first use). */
export function clientTls(f: TlsFlags, env: NodeJS.ProcessEnv = process.env): ClientTls {
  const pair = f.certFile && f.keyFile ? [f.certFile, f.keyFile] : [];
  // The system roots depend on SSL_CERT_FILE/SSL_CERT_DIR; a CA file replaces them.
  const roots = f.caFile ? ['ca', f.caFile] : ['sys', env.SSL_CERT_FILE ?? '\0', env.SSL_CERT_DIR ?? '\0'];
  const key = JSON.stringify([pair, roots, f.insecure === true]);
  const known = cache.get(key);
  if (known !== undefined) return known;
  const parts: ContextParts = {};
  if (pair.length === 2) {
    parts.cert = read('unable to read cert file', pair[0]!);
    parts.key = read('unable to read key file', pair[1]!);
  }
  parts.roots = f.caFile ? [read("can't read CA file", f.caFile)] : 'system';
  const secureContext = secureContextOf(parts, env);
  const rejectUnauthorized = f.insecure !== true;
  const agent = new HttpsAgent({
    // As Node's global agent, which these requests used before.
    keepAlive: true,
    scheduling: 'lifo',
    timeout: 5000,
    secureContext,
    rejectUnauthorized,
  });
  const made = { secureContext, rejectUnauthorized, agent };
  cache.set(key, made);
  return made;
}

/** node:https request options for these settings (the agent carries the secure context). */
export function httpsOptions(t: ClientTls): RequestOptions {
  return { agent: t.agent, rejectUnauthorized: t.rejectUnauthorized };
}

/** x509.HostnameError's text from the names of the certificate Node rejected. */
export function hostnameError(host: string, subjectAltName: string | undefined): string {
  const h = host.replace(/^\[(.*)\]$/, '$1');
  const sans = (subjectAltName ?? '').split(', ');
  const of = (kind: string): string[] =>
    sans.filter((s) => s.startsWith(kind)).map((s) => s.slice(kind.length));
  const ip = isIP(h) !== 0;
  if (ip && of('IP Address:').length === 0)
    return `x509: cannot validate certificate for ${h} because it doesn't contain any IP SANs`;
  const valid = (ip ? of('IP Address:') : of('DNS:')).join(', ');
  if (valid === '') return `x509: certificate is not valid for any names, but wanted to match ${h}`;
  return `x509: certificate is valid for ${valid}, not ${h}`;
}

/** The subject alternative names of the certificate Node's ERR_TLS_CERT_ALTNAME_INVALID names. */
export const peerNames = (err: Error): string | undefined =>
  (err as Error & { cert?: { subjectaltname?: string } }).cert?.subjectaltname;
