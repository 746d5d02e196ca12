// HELM_DRIVER_SQL_CONNECTION_STRING as lib/pq reads it — `key=value` pairs (values optionally
// single-quoted, backslash escapes) or a postgres:// URL — turned into a node-postgres config.
// sslmode defaults to `require`, lib/pq's default (libpq's is `prefer`).
import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import { quote } from '../../go/strconv/format-quote.js';
import { DriverConfigError } from '../errors.js';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly string[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** lib/pq's parseOpts: whitespace-separated key=value, values bare or in single quotes. */
export function parseKeyValues(s: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const ws = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < s.length) {
    while (ws(s[i])) i++;
    if (i >= s.length) break;
    let key = '';
    while (i < s.length && s[i] !== '=' && !ws(s[i])) key += s[i++];
    while (ws(s[i])) i++;
    if (s[i] !== '=')
      throw new DriverConfigError(`missing "=" after ${quote(key)} in connection info string`);
    i++;
    while (ws(s[i])) i++;
    let value = '';
    if (s[i] === "'") {
      i++;
      for (;;) {
        if (i >= s.length)
          throw new DriverConfigError('unterminated quoted string literal in connection string');
        const c = s[i++]!;
        if (c === "'") break;
        if (c === '\\') {
          if (i >= s.length) throw new DriverConfigError('missing character after backslash');
          value += s[i++];
        } else value += c;
      }
    } else {
      while (i < s.length && !ws(s[i])) {
        const c = s[i++]!;
        if (c === '\\') {
          if (i >= s.length) throw new DriverConfigError('missing character after backslash');
          value += s[i++];
        } else value += c;
      }
    }
    out.set(key, value);
  }
  return out;
}

/** lib/pq's convertURL: postgres:// and postgresql:// URLs as key/values. */
export function parseUrl(s: string): Map<string, string> {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new DriverConfigError(`invalid connection URL`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new DriverConfigError(`invalid connection protocol: ${u.protocol.slice(0, -1)}`);
  }
  const out = new Map<string, string>();
  if (u.username) out.set('user', decodeURIComponent(u.username));
  if (u.password) out.set('password', decodeURIComponent(u.password));
  if (u.hostname) out.set('host', u.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (u.port) out.set('port', u.port);
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (db) out.set('dbname', db);
  for (const [k, v] of u.searchParams) out.set(k, v);
  return out;
}

export interface SqlConnection {
  /** node-postgres settings (ssl may need a fallback, see `fallbackWithoutSsl`). */
  config: ClientConfig;
  sslmode: SslMode;
  /** sslmode allow/prefer: retry without TLS when the server has none. */
  fallbackWithoutSsl: boolean;
}

/** Builds the node-postgres config; PG* environment variables fill what the string leaves out. */
export function sqlConnection(connStr: string, env: NodeJS.ProcessEnv = process.env): SqlConnection {
  const trimmed = connStr.trim();
  const kv = /^postgres(ql)?:\/\//.test(trimmed) ? parseUrl(trimmed) : parseKeyValues(trimmed);
  const get = (k: string, envName: string): string | undefined => kv.get(k) ?? env[envName];
  const config: ClientConfig = {};
  const host = get('host', 'PGHOST') ?? 'localhost';
  config.host = host;
  const port = get('port', 'PGPORT');
  config.port = port ? Number(port) : 5432;
  if (!Number.isInteger(config.port)) throw new DriverConfigError(`invalid port: ${JSON.stringify(port)}`);
  const user = get('user', 'PGUSER');
  if (user !== undefined) config.user = user;
  const password = get('password', 'PGPASSWORD');
  if (password !== undefined) config.password = password;
  const db = get('dbname', 'PGDATABASE');
  if (db !== undefined) config.database = db;
  const timeout = get('connect_timeout', 'PGCONNECT_TIMEOUT');
  if (timeout) config.connectionTimeoutMillis = Number(timeout) * 1000;
  const app = get('application_name', 'PGAPPNAME');
  if (app !== undefined) config.application_name = app;

  const mode = get('sslmode', 'PGSSLMODE') ?? 'require';
  if (!SSL_MODES.includes(mode)) {
    throw new DriverConfigError(
      `pq: wrong value for "sslmode": ${quote(mode)} is not supported; supported values are disable, allow, prefer, require, verify-full, or verify-ca`,
    );
  }
  const sslmode = mode as SslMode;
  const read = (k: string, envName: string): Buffer | undefined => {
    const f = get(k, envName);
    return f ? readFileSync(f) : undefined;
  };
  if (sslmode === 'disable') config.ssl = false;
  else {
    const ca = read('sslrootcert', 'PGSSLROOTCERT');
    const cert = read('sslcert', 'PGSSLCERT');
    const key = read('sslkey', 'PGSSLKEY');
    // lib/pq: require with a root certificate verifies it like verify-ca.
    const verify =
      sslmode === 'verify-ca' || sslmode === 'verify-full' || (sslmode === 'require' && ca !== undefined);
    config.ssl = {
      rejectUnauthorized: verify,
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...(verify && sslmode !== 'verify-full' ? { checkServerIdentity: () => undefined } : {}),
    };
  }
  return { config, sslmode, fallbackWithoutSsl: sslmode === 'allow' || sslmode === 'prefer' };
}
