// The registry credential store as helm and docker write it: `{"auths": {"host": {"auth": base64(user:pass)}}}`
// (HELM_REGISTRY_CONFIG), indented with tabs as Go's json.MarshalIndent writes it, mode 0600, and
// oras-go's credential helpers: `credHelpers` per host, `credsStore`, or the platform's default
// helper when nothing is configured, run as docker-credential-NAME get|store|erase.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { homedir } from 'node:os';

export interface Credential {
  username: string;
  password: string;
  /** An identity (refresh) token. */
  identityToken?: string;
  /** A bearer access token used as is. */
  registryToken?: string;
}

type ConfigFile = Record<string, unknown> & {
  auths?: Record<string, Record<string, unknown>>;
  credsStore?: unknown;
  credHelpers?: unknown;
};

type Env = Record<string, string | undefined>;

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

const HELPER_PREFIX = 'docker-credential-';
const NOT_FOUND = 'credentials not found in native keychain';
const TOKEN_USER = '<token>';

/** exec.LookPath: an executable file of that name in PATH. */
function inPath(name: string, env: Env): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir === '' ? '.' : dir, name), constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

/** oras-go's platform default on Linux: `pass` when that tool exists, else secretservice, if its helper does. */
function detectedHelper(env: Env): string {
  const suffix = inPath('pass', env) ? 'pass' : 'secretservice';
  return inPath(HELPER_PREFIX + suffix, env) ? suffix : '';
}

/** config.IsAuthConfigured: a credsStore, a credHelpers entry or an auths entry. */
const authConfigured = (cfg: ConfigFile): boolean =>
  (typeof cfg.credsStore === 'string' && cfg.credsStore !== '') ||
  (isObject(cfg.credHelpers) && Object.keys(cfg.credHelpers).length > 0) ||
  (isObject(cfg.auths) && Object.keys(cfg.auths).length > 0);

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * DynamicStore.getHelperSuffix: the host's credHelpers entry, else credsStore, else (nothing
 * configured at all) the detected platform helper; '' for the plain file store.
 */
function helperFor(cfg: ConfigFile, key: string, env: Env): { suffix: string; detected: boolean } {
  const h = isObject(cfg.credHelpers) ? cfg.credHelpers[key] : undefined;
  if (typeof h === 'string' && h !== '') return { suffix: h, detected: false };
  if (typeof cfg.credsStore === 'string' && cfg.credsStore !== '')
    return { suffix: cfg.credsStore, detected: false };
  if (authConfigured(cfg)) return { suffix: '', detected: false };
  const d = detectedHelper(env);
  return { suffix: d, detected: d !== '' };
}

/** One call of a docker-credential-* helper (its stderr passes through; a failure's stdout is the error). */
function runHelper(suffix: string, action: string, input: string, env: Env): string {
  const name = HELPER_PREFIX + suffix;
  const r = spawnSync(name, [action], {
    input,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`exec: ${JSON.stringify(name)}: executable file not found in $PATH`);
    throw r.error;
  }
  if (r.status !== 0) {
    const msg = (r.stdout ?? '').trim();
    if (msg !== '') throw new Error(msg);
    throw new Error(r.signal ? `signal: ${signalName(r.signal)}` : `exit status ${r.status}`);
  }
  return r.stdout ?? '';
}

const signalName = (s: NodeJS.Signals): string =>
  ({ SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault' })[
    s as string
  ] ?? s;

function helperGet(suffix: string, key: string, env: Env): Credential | undefined {
  let out: string;
  try {
    out = runHelper(suffix, 'get', key, env);
  } catch (err) {
    if ((err as Error).message === NOT_FOUND) return undefined;
    throw err;
  }
  const v = JSON.parse(out) as { Username?: unknown; Secret?: unknown };
  const user = typeof v.Username === 'string' ? v.Username : '';
  const secret = typeof v.Secret === 'string' ? v.Secret : '';
  if (user === TOKEN_USER) return { username: '', password: '', identityToken: secret };
  if (user === '' && secret === '') return undefined;
  return { username: user, password: secret };
}

/** One store (helm's registry config, or docker's): its helper or its auths. */
function storeGet(path: string, key: string, env: Env, cfg = readConfig(path)): Credential | undefined {
  const { suffix } = helperFor(cfg, key, env);
  if (suffix !== '') return helperGet(suffix, key, env);
  return fromEntry(isObject(cfg.auths) ? (cfg.auths[key] as Record<string, unknown>) : undefined);
}

const dockerConfigPath = (env: Env): string =>
  join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');

/** Credentials for a host: Helm's registry config first, then Docker's config.json (NewStoreWithFallbacks). */
export function lookupCredential(
  registryConfig: string,
  host: string,
  env: Env = process.env,
): Credential | undefined {
  const key = serverAddress(host);
  const helm = storeGet(registryConfig, key, env);
  if (helm) return helm;
  // Docker's config is left out when it does not load (helm then keeps its own store only), but
  // its helper's errors count as helm's do (storeWithFallbacks.Get).
  let docker: ConfigFile;
  try {
    docker = readConfig(dockerConfigPath(env));
  } catch {
    return undefined;
  }
  return storeGet(dockerConfigPath(env), key, env, docker);
}

/** json.MarshalIndent of oras-go's config content: top-level keys and auths sorted as Go's maps are. */
function writeConfig(path: string, cfg: ConfigFile): void {
  const sorted = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  // oras-go writes its auths map always, an empty one too.
  const out = sorted({ auths: {}, ...cfg });
  if (isObject(out.auths)) out.auths = sorted(out.auths);
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(out, null, '\t'), { mode: 0o600 });
  renameSync(tmp, path);
}

export function storeCredential(
  registryConfig: string,
  host: string,
  c: Credential,
  env: Env = process.env,
): void {
  const cfg = readConfig(registryConfig);
  const key = serverAddress(host);
  const { suffix, detected } = helperFor(cfg, key, env);
  if (suffix !== '') {
    const body = c.identityToken
      ? { ServerURL: key, Username: TOKEN_USER, Secret: c.identityToken }
      : { ServerURL: key, Username: c.username, Secret: c.password };
    runHelper(suffix, 'store', JSON.stringify(body), env);
    // The detected helper is written into the config on the first login (DynamicStore.Put).
    if (detected) writeConfig(registryConfig, { ...cfg, credsStore: suffix });
    return;
  }
  const auths = (cfg.auths ??= {});
  const entry: Record<string, unknown> = { ...(auths[key] ?? {}) };
  delete entry.username;
  delete entry.password;
  entry.auth = Buffer.from(`${c.username}:${c.password}`).toString('base64');
  auths[key] = entry;
  writeConfig(registryConfig, cfg);
}

/** Removes a login; false when the file store had none. A helper's own error (not found too) is thrown. */
export function eraseCredential(registryConfig: string, host: string, env: Env = process.env): boolean {
  const cfg = readConfig(registryConfig);
  const key = serverAddress(host);
  const { suffix } = helperFor(cfg, key, env);
  if (suffix !== '') {
    runHelper(suffix, 'erase', key, env);
    return true;
  }
  if (!cfg.auths || !(key in cfg.auths)) return false;
  delete cfg.auths[key];
  writeConfig(registryConfig, cfg);
  return true;
}
