// kubeconfig loading with client-go's merge rules, and resolution of one context (plus Helm's
// overrides) into the connection settings the transport needs.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, delimiter } from 'node:path';
import { homedir } from 'node:os';
import { parse as parseYaml } from 'yaml';
import type { KubeOptions, Env } from './options.js';
import { parseURL } from '../funcs/urls.js';
import { quote as goQuote } from '../go/strconv/format.js';

export interface ExecEnvVar {
  name: string;
  value: string;
}

export interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: ExecEnvVar[];
  installHint?: string;
  provideClusterInfo: boolean;
  interactiveMode?: string;
  /** Directory of the kubeconfig file that defined the plugin (relative commands resolve against it). */
  baseDir: string;
}

export interface Impersonation {
  user?: string;
  uid?: string;
  groups: string[];
  extra: Record<string, string[]>;
}

/** Everything needed to talk to one API server as one user. */
export interface RestConfig {
  /** API server URL, e.g. https://127.0.0.1:6443 (may carry a path prefix). */
  server: string;
  /** PEM CA bundle; undefined means the system roots. */
  caData?: Buffer;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  /** The cluster's `proxy-url` (http, https or socks5): every request goes through it. */
  proxyUrl?: string;
  clientCertData?: Buffer;
  clientKeyData?: Buffer;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  impersonate?: Impersonation;
  /** Default namespace: options, else the context's, else "default". */
  namespace: string;
  /** Name of the context used ("" when none). */
  contextName: string;
  /** The cluster entry, for exec plugins with provideClusterInfo. */
  clusterInfo?: Record<string, unknown>;
}

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

type Obj = Record<string, unknown>;

interface Named {
  value: Obj;
  baseDir: string;
}

/** A merged view of one or more kubeconfig files. */
export interface Kubeconfig {
  currentContext: string;
  clusters: Map<string, Named>;
  users: Map<string, Named>;
  contexts: Map<string, Named>;
  /** The files that were read, in order. */
  files: string[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function parseFile(path: string, text: string): Obj {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new KubeconfigError(`error loading config file "${path}": ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isObj(doc)) throw new KubeconfigError(`error loading config file "${path}": not a mapping`);
  return doc;
}

/** The list of files: an explicit path, else $KUBECONFIG (path list), else ~/.kube/config. */
export function kubeconfigPaths(
  explicit: string | undefined,
  env: Env,
): { paths: string[]; explicit: boolean } {
  if (explicit) return { paths: [explicit], explicit: true };
  const list = env['KUBECONFIG'];
  if (list) {
    const seen = new Set<string>();
    const paths = list.split(delimiter).filter((p) => p !== '' && !seen.has(p) && (seen.add(p), true));
    return { paths, explicit: false };
  }
  const home = env['HOME'] || homedir();
  return { paths: [join(home, '.kube', 'config')], explicit: false };
}

/**
 * Loads and merges kubeconfig files as client-go does: for clusters, users and contexts the first
 * file that defines a name wins; the first non-empty current-context wins. Missing files in a
 * $KUBECONFIG list are skipped; a missing explicit file is an error.
 */
export function loadKubeconfig(
  paths: string[],
  explicit: boolean,
  read = (p: string) => readFileSync(p, 'utf8'),
): Kubeconfig {
  const kc: Kubeconfig = {
    currentContext: '',
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    files: [],
  };
  for (const p of paths) {
    const abs = resolve(p);
    let text: string;
    try {
      text = read(abs);
    } catch (e) {
      if (explicit) throw new KubeconfigError(`stat ${p}: no such file or directory`);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new KubeconfigError(`error loading config file "${p}": ${(e as Error).message}`);
    }
    kc.files.push(abs);
    const doc = parseFile(p, text);
    const baseDir = dirname(abs);
    const merge = (key: string, inner: string, into: Map<string, Named>) => {
      const list = doc[key];
      if (list === undefined || list === null) return;
      if (!Array.isArray(list))
        throw new KubeconfigError(`error loading config file "${p}": ${key} is not a list`);
      for (const item of list) {
        if (!isObj(item)) continue;
        const name = typeof item['name'] === 'string' ? item['name'] : '';
        if (into.has(name)) continue;
        const value = item[inner];
        into.set(name, { value: isObj(value) ? value : {}, baseDir });
      }
    };
    merge('clusters', 'cluster', kc.clusters);
    merge('users', 'user', kc.users);
    merge('contexts', 'context', kc.contexts);
    if (!kc.currentContext && str(doc['current-context']))
      kc.currentContext = doc['current-context'] as string;
  }
  return kc;
}

function fileIn(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : join(baseDir, p);
}

function readPem(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new KubeconfigError(`unable to read ${what} "${path}": ${(e as Error).message}`);
  }
}

function b64(what: string, v: unknown): Buffer | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const buf = Buffer.from(s, 'base64');
  if (buf.length === 0) throw new KubeconfigError(`invalid ${what}: not base64`);
  return buf;
}

function parseExec(v: Obj, baseDir: string): ExecConfig {
  const command = str(v['command']);
  if (!command) throw new KubeconfigError('exec plugin: invalid apiVersion or command: command is required');
  const apiVersion = str(v['apiVersion']) ?? '';
  const args = Array.isArray(v['args']) ? v['args'].map((a) => String(a)) : [];
  const env: ExecEnvVar[] = [];
  if (Array.isArray(v['env'])) {
    for (const e of v['env'])
      if (isObj(e)) env.push({ name: String(e['name'] ?? ''), value: String(e['value'] ?? '') });
  }
  const out: ExecConfig = {
    apiVersion,
    command,
    args,
    env,
    provideClusterInfo: v['provideClusterInfo'] === true,
    baseDir,
  };
  const hint = str(v['installHint']);
  if (hint) out.installHint = hint;
  const mode = str(v['interactiveMode']);
  if (mode) out.interactiveMode = mode;
  return out;
}

const IN_CLUSTER_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Resolves the connection settings: loads the kubeconfig files named by the options/environment,
 * picks the context and applies Helm's overrides. Falls back to the in-cluster service account
 * when no kubeconfig file exists and the process runs in a pod.
 */
export function resolveRestConfig(opts: KubeOptions, env: Env, read?: (p: string) => string): RestConfig {
  const { paths, explicit } = kubeconfigPaths(opts.kubeconfig, env);
  const kc = loadKubeconfig(paths, explicit, read);
  if (
    kc.files.length === 0 &&
    !opts.apiServer &&
    env['KUBERNETES_SERVICE_HOST'] &&
    existsSync(join(IN_CLUSTER_DIR, 'token'))
  ) {
    return inClusterConfig(opts, env);
  }
  return restConfigFrom(kc, opts);
}

function inClusterConfig(opts: KubeOptions, env: Env): RestConfig {
  const host = env['KUBERNETES_SERVICE_HOST'] ?? '';
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
  const h = host.includes(':') ? `[${host}]` : host;
  const cfg: RestConfig = {
    server: `https://${h}:${port}`,
    insecureSkipTlsVerify: false,
    tokenFile: join(IN_CLUSTER_DIR, 'token'),
    caData: readPem('certificate authority', join(IN_CLUSTER_DIR, 'ca.crt')),
    namespace: 'default',
    contextName: '',
  };
  let ns = '';
  try {
    ns = readFileSync(join(IN_CLUSTER_DIR, 'namespace'), 'utf8').trim();
  } catch {
    /* no namespace file */
  }
  applyOverrides(cfg, opts, ns);
  return cfg;
}

/** clientcmd's parseProxyURL: why a cluster's proxy-url is refused, or undefined. */
function proxyUrlError(raw: string): string | undefined {
  let scheme: string;
  try {
    scheme = parseURL(raw).scheme;
  } catch {
    return `could not parse: ${raw}`;
  }
  if (scheme === 'http' || scheme === 'https' || scheme === 'socks5') return undefined;
  return `unsupported scheme ${goQuote(scheme)}, must be http, https, or socks5`;
}

/** Builds the settings for one context of a loaded kubeconfig. */
export function restConfigFrom(kc: Kubeconfig, opts: KubeOptions): RestConfig {
  const contextName = opts.context ?? kc.currentContext;
  let ctx: Named | undefined;
  if (contextName) {
    ctx = kc.contexts.get(contextName);
    if (!ctx) throw new KubeconfigError(`context "${contextName}" does not exist`);
  }
  const clusterName = str(ctx?.value['cluster']);
  const userName = str(ctx?.value['user']);
  const cluster = clusterName !== undefined ? kc.clusters.get(clusterName) : undefined;
  if (clusterName !== undefined && !cluster && !opts.apiServer) {
    throw new KubeconfigError(`cluster "${clusterName}" does not exist`);
  }
  const user = userName !== undefined ? kc.users.get(userName) : undefined;
  if (userName !== undefined && !user) throw new KubeconfigError(`user "${userName}" does not exist`);

  const c = cluster?.value ?? {};
  // helm 4.3.2 (client-go v0.37) talks to client-go's default server when no kubeconfig names one.
  const server = opts.apiServer ?? str(c['server']) ?? 'http://localhost:8080';
  const cfg: RestConfig = {
    server,
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    namespace: 'default',
    contextName: contextName ?? '',
  };
  const caData = b64('certificate-authority-data', c['certificate-authority-data']);
  if (caData) cfg.caData = caData;
  else if (str(c['certificate-authority']) && cluster) {
    cfg.caData = readPem(
      'certificate authority',
      fileIn(cluster.baseDir, c['certificate-authority'] as string),
    );
  }
  const tsn = str(c['tls-server-name']);
  if (tsn) cfg.tlsServerName = tsn;
  const proxyUrl = str(c['proxy-url']);
  if (proxyUrl) {
    const why = proxyUrlError(proxyUrl);
    if (why !== undefined)
      throw new KubeconfigError(
        `invalid configuration: invalid 'proxy-url' ${goQuote(proxyUrl)} for cluster ${goQuote(clusterName ?? '')}: ${why}`,
      );
    cfg.proxyUrl = proxyUrl;
  }
  cfg.clusterInfo = c;

  if (user) {
    const u = user.value;
    const cert = b64('client-certificate-data', u['client-certificate-data']);
    if (cert) cfg.clientCertData = cert;
    else if (str(u['client-certificate']))
      cfg.clientCertData = readPem(
        'client certificate',
        fileIn(user.baseDir, u['client-certificate'] as string),
      );
    const key = b64('client-key-data', u['client-key-data']);
    if (key) cfg.clientKeyData = key;
    else if (str(u['client-key']))
      cfg.clientKeyData = readPem('client key', fileIn(user.baseDir, u['client-key'] as string));
    const token = str(u['token']);
    if (token) cfg.token = token;
    else if (str(u['tokenFile'])) cfg.tokenFile = fileIn(user.baseDir, u['tokenFile'] as string);
    if (str(u['username'])) cfg.username = u['username'] as string;
    if (str(u['password'])) cfg.password = u['password'] as string;
    if (isObj(u['exec'])) cfg.exec = parseExec(u['exec'], user.baseDir);
    if (isObj(u['auth-provider'])) {
      const name = str(u['auth-provider']['name']) ?? '';
      throw new KubeconfigError(`no Auth Provider found for name "${name}"`);
    }
    const as = str(u['as']);
    const asGroups = Array.isArray(u['as-groups']) ? u['as-groups'].map(String) : [];
    const asUid = str(u['as-uid']);
    const asExtra: Record<string, string[]> = {};
    if (isObj(u['as-user-extra'])) {
      for (const [k, v] of Object.entries(u['as-user-extra']))
        asExtra[k] = Array.isArray(v) ? v.map(String) : [String(v)];
    }
    if (as || asGroups.length || asUid || Object.keys(asExtra).length) {
      cfg.impersonate = { groups: asGroups, extra: asExtra };
      if (as) cfg.impersonate.user = as;
      if (asUid) cfg.impersonate.uid = asUid;
    }
    if ((cfg.clientCertData === undefined) !== (cfg.clientKeyData === undefined)) {
      throw new KubeconfigError(
        cfg.clientCertData
          ? 'client-key-data or client-key must be specified to use the clientCert authentication method'
          : 'client-cert-data or client-cert must be specified to use the clientCert authentication method',
      );
    }
  }
  applyOverrides(cfg, opts, str(ctx?.value['namespace']) ?? '');
  return cfg;
}

function applyOverrides(cfg: RestConfig, opts: KubeOptions, contextNamespace: string): void {
  if (opts.caFile) {
    cfg.caData = readPem('certificate authority', opts.caFile);
  }
  if (opts.insecureSkipTlsVerify) {
    cfg.insecureSkipTlsVerify = true;
    delete cfg.caData;
  }
  if (opts.tlsServerName) cfg.tlsServerName = opts.tlsServerName;
  if (opts.token) {
    cfg.token = opts.token;
    delete cfg.tokenFile;
    delete cfg.exec;
  }
  if (opts.asUser || (opts.asGroups && opts.asGroups.length)) {
    const imp: Impersonation = cfg.impersonate ?? { groups: [], extra: {} };
    if (opts.asUser) imp.user = opts.asUser;
    if (opts.asGroups && opts.asGroups.length) imp.groups = [...opts.asGroups];
    cfg.impersonate = imp;
  }
  cfg.namespace = opts.namespace || contextNamespace || 'default';
}
