// The registry credential store as helm and docker write it: `{"auths": {"host": {"auth": base64(user:pass)}}}`
// (HELM_REGISTRY_CONFIG), indented with tabs as Go's json.MarshalIndent writes it, mode 0600.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';

export interface Credential {
  username: string;
  password: string;
  /** An identity (refresh) token. */
  identityToken?: string;
  /** A bearer access token used as is. */
  registryToken?: string;
}

type ConfigFile = Record<string, unknown> & { auths?: Record<string, Record<string, unknown>> };

function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return {};
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`invalid config format in ${path}`);
  return v as ConfigFile;
}

/** The key helm stores a login under: docker.io becomes Docker Hub's legacy address. */
export function serverAddress(host: string): string {
  if (host === 'docker.io' || host === 'registry-1.docker.io') return 'https://index.docker.io/v1/';
  return host;
}

function fromEntry(e: Record<string, unknown> | undefined): Credential | undefined {
  if (!e) return undefined;
  const c: Credential = { username: '', password: '' };
  if (typeof e.auth === 'string' && e.auth !== '') {
    const dec = Buffer.from(e.auth, 'base64').toString('utf8');
    const i = dec.indexOf(':');
    if (i < 0) throw new Error('invalid auth configuration file');
    c.username = dec.slice(0, i);
    c.password = dec.slice(i + 1);
  } else {
    if (typeof e.username === 'string') c.username = e.username;
    if (typeof e.password === 'string') c.password = e.password;
  }
  if (typeof e.identitytoken === 'string' && e.identitytoken !== '') c.identityToken = e.identitytoken;
  if (typeof e.registrytoken === 'string' && e.registrytoken !== '') c.registryToken = e.registrytoken;
  if (!c.username && !c.password && !c.identityToken && !c.registryToken) return undefined;
  return c;
}

/** Credentials for a host: Helm's registry config first, then Docker's config.json. */
export function lookupCredential(
  registryConfig: string,
  host: string,
  env: Record<string, string | undefined> = process.env,
): Credential | undefined {
  const key = serverAddress(host);
  const helm = fromEntry(readConfig(registryConfig).auths?.[key]);
  if (helm) return helm;
  const dockerDir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  try {
    return fromEntry(readConfig(join(dockerDir, 'config.json')).auths?.[key]);
  } catch {
    return undefined;
  }
}

function writeConfig(path: string, cfg: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(cfg, null, '\t'), { mode: 0o600 });
  renameSync(tmp, path);
}

export function storeCredential(registryConfig: string, host: string, c: Credential): void {
  const cfg = readConfig(registryConfig);
  const auths = (cfg.auths ??= {});
  const key = serverAddress(host);
  const entry: Record<string, unknown> = { ...(auths[key] ?? {}) };
  delete entry.username;
  delete entry.password;
  entry.auth = Buffer.from(`${c.username}:${c.password}`).toString('base64');
  auths[key] = entry;
  writeConfig(registryConfig, cfg);
}

/** Removes a login; false when there was none (credentials.ErrCredentialsNotFound). */
export function eraseCredential(registryConfig: string, host: string): boolean {
  const cfg = readConfig(registryConfig);
  const key = serverAddress(host);
  if (!cfg.auths || !(key in cfg.auths)) return false;
  delete cfg.auths[key];
  writeConfig(registryConfig, cfg);
  return true;
}
