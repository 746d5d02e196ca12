// Helm's EnvSettings (pkg/cli/environment.go): global flags, their HELM_* environment
// defaults, and the XDG-based cache/config/data paths (pkg/helmpath).
import { statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import type { FlagSet } from './command/flagset.js';
import {
  BoolValue,
  Float32Value,
  IntValue,
  StringArrayValue,
  StringValue,
  Uint64Value,
  CustomValue,
  parseGoBool,
} from './command/values.js';
import { formatFloat, quote as goQuote } from '../go/strconv/format.js';
import { kubeconfigPaths, loadKubeconfig } from '../kube/kubeconfig.js';
import type { KubeOptions } from '../kube/options.js';

export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_MAX_HISTORY = 10;
const DEFAULT_BURST_LIMIT = 100;
const DEFAULT_QPS = 0;

/** filepath.Join: skips empty elements, cleans, no trailing separator. */
function goJoin(platform: NodeJS.Platform, ...elems: string[]): string {
  const p = platform === 'win32' ? win32 : posix;
  const parts = elems.filter((e) => e !== '');
  if (parts.length === 0) return '';
  let out = p.normalize(p.join(...parts));
  if (
    out.length > 1 &&
    (out.endsWith(p.sep) || out.endsWith('/')) &&
    !(platform === 'win32' && /^[A-Za-z]:\\$/.test(out))
  ) {
    out = out.slice(0, -1);
  }
  return out;
}

/** pkg/helmpath: Helm's cache, config and data directories. */
export class HelmPaths {
  constructor(
    private readonly env: Env,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}
  private home(): string {
    if (this.platform === 'win32') return this.env.HOME || this.env.USERPROFILE || '';
    return this.env.HOME ?? '';
  }
  private path(helmVar: string, xdgVar: string, def: () => string, elem: string[]): string {
    const base = this.env[helmVar] ?? '';
    if (base !== '') return goJoin(this.platform, base, goJoin(this.platform, ...elem));
    let xdg = this.env[xdgVar] ?? '';
    if (xdg === '') xdg = def();
    return goJoin(this.platform, xdg, 'helm', goJoin(this.platform, ...elem));
  }
  cachePath(...elem: string[]): string {
    const def = (): string =>
      this.platform === 'win32'
        ? (this.env.TEMP ?? '')
        : this.platform === 'darwin'
          ? goJoin(this.platform, this.home(), 'Library', 'Caches')
          : goJoin(this.platform, this.home(), '.cache');
    return this.path('HELM_CACHE_HOME', 'XDG_CACHE_HOME', def, elem);
  }
  configPath(...elem: string[]): string {
    const def = (): string =>
      this.platform === 'win32'
        ? (this.env.APPDATA ?? '')
        : this.platform === 'darwin'
          ? goJoin(this.platform, this.home(), 'Library', 'Preferences')
          : goJoin(this.platform, this.home(), '.config');
    return this.path('HELM_CONFIG_HOME', 'XDG_CONFIG_HOME', def, elem);
  }
  dataPath(...elem: string[]): string {
    const def = (): string =>
      this.platform === 'win32'
        ? (this.env.APPDATA ?? '')
        : this.platform === 'darwin'
          ? goJoin(this.platform, this.home(), 'Library')
          : goJoin(this.platform, this.home(), '.local', 'share');
    return this.path('HELM_DATA_HOME', 'XDG_DATA_HOME', def, elem);
  }
  /**
   * defaultKeyring (Helm 4.3): in $GNUPGHOME, else ~/.gnupg, pubring.gpg unless it is absent, then
   * pubring.kbx unless that is absent too, then pubring.gpg again. Only "does not exist" counts
   * as absent; any other stat error keeps the candidate so opening it reports the real error.
   * Found once: ~20 commands' --keyring flags ask while the command tree is built, and each
   * missing file's stat throws (~0.4 ms of every run's start-up in all).
   */
  defaultKeyring(): string {
    return (this.keyring ??= this.findKeyring());
  }
  private keyring: string | undefined;
  private findKeyring(): string {
    const g = this.env.GNUPGHOME;
    const dir = g !== undefined ? g : goJoin(this.platform, this.home(), '.gnupg');
    const legacy = goJoin(this.platform, dir, 'pubring.gpg');
    if (!notExist(legacy)) return legacy;
    const keybox = goJoin(this.platform, dir, 'pubring.kbx');
    if (!notExist(keybox)) return keybox;
    return legacy;
  }
}

/** errors.Is(os.Stat(p), fs.ErrNotExist): only ENOENT (and an empty path) count as absent. */
function notExist(p: string): boolean {
  if (p === '') return true;
  try {
    statSync(p);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function envOr(env: Env, name: string, def: string): string {
  const v = env[name];
  return v !== undefined ? v : def;
}

function envInt(env: Env, name: string, def: number): number {
  const v = envOr(env, name, String(def));
  // strconv.Atoi: optional sign, decimal digits, fits in int64
  if (!/^[+-]?\d+$/.test(v)) return def;
  const n = BigInt(v);
  if (n > 0x7fffffffffffffffn || n < -0x8000000000000000n) return def;
  return Number(n);
}

function envFloat32(env: Env, name: string, def: number): number {
  const v = env[name];
  if (v === undefined) return def;
  const f = new Float32Value();
  try {
    f.set(v);
    return f.value;
  } catch {
    return def;
  }
}

function envBool(env: Env, name: string, def: boolean): boolean {
  const v = env[name];
  if (v === undefined) return def;
  try {
    return parseGoBool(v);
  } catch {
    return def;
  }
}

function envCsv(env: Env, name: string): string[] {
  const trimmed = (env[name] ?? '').replace(/^[, ]+|[, ]+$/g, '');
  return trimmed === '' ? [] : trimmed.split(',');
}

function envColorMode(env: Env): string {
  const no = env.NO_COLOR;
  if (no !== undefined && no !== '') return 'never';
  const v = env.HELM_COLOR;
  if (v !== undefined) {
    const l = v.toLowerCase();
    if (l === 'never' || l === 'auto' || l === 'always') return l;
  }
  return 'auto';
}

/** The settings every command sees; flag values live in the flag objects, bound at AddFlags. */
export class EnvSettings {
  readonly paths: HelmPaths;
  readonly namespaceFlag: StringValue;
  readonly kubeConfig: StringValue;
  readonly kubeContext: StringValue;
  readonly kubeToken: StringValue;
  readonly kubeAsUser: StringValue;
  readonly kubeAsGroups: StringArrayValue;
  readonly kubeAPIServer: StringValue;
  readonly kubeCaFile: StringValue;
  readonly kubeTLSServerName: StringValue;
  readonly kubeInsecureSkipTLSVerify: BoolValue;
  readonly debugFlag: BoolValue;
  readonly registryConfig: StringValue;
  readonly repositoryConfig: StringValue;
  readonly repositoryCache: StringValue;
  readonly contentCache: StringValue;
  readonly burstLimit: IntValue;
  readonly qps: Float32Value;
  readonly colorMode: StringValue;
  readonly pluginsDirectory: string;
  readonly maxHistory: number;

  constructor(
    readonly env: Env,
    platform: NodeJS.Platform = process.platform,
  ) {
    const p = (this.paths = new HelmPaths(env, platform));
    this.namespaceFlag = new StringValue(env.HELM_NAMESPACE ?? '');
    this.maxHistory = envInt(env, 'HELM_MAX_HISTORY', DEFAULT_MAX_HISTORY);
    // Helm binds --kubeconfig with an empty default, so $KUBECONFIG is read by the kube layer only.
    this.kubeConfig = new StringValue('');
    this.kubeContext = new StringValue(env.HELM_KUBECONTEXT ?? '');
    this.kubeToken = new StringValue(env.HELM_KUBETOKEN ?? '');
    this.kubeAsUser = new StringValue(env.HELM_KUBEASUSER ?? '');
    this.kubeAsGroups = new StringArrayValue(envCsv(env, 'HELM_KUBEASGROUPS'));
    this.kubeAPIServer = new StringValue(env.HELM_KUBEAPISERVER ?? '');
    this.kubeCaFile = new StringValue(env.HELM_KUBECAFILE ?? '');
    this.kubeTLSServerName = new StringValue(env.HELM_KUBETLS_SERVER_NAME ?? '');
    this.kubeInsecureSkipTLSVerify = new BoolValue(envBool(env, 'HELM_KUBEINSECURE_SKIP_TLS_VERIFY', false));
    this.pluginsDirectory = envOr(env, 'HELM_PLUGINS', p.dataPath('plugins'));
    this.registryConfig = new StringValue(
      envOr(env, 'HELM_REGISTRY_CONFIG', p.configPath('registry/config.json')),
    );
    this.repositoryConfig = new StringValue(
      envOr(env, 'HELM_REPOSITORY_CONFIG', p.configPath('repositories.yaml')),
    );
    this.repositoryCache = new StringValue(envOr(env, 'HELM_REPOSITORY_CACHE', p.cachePath('repository')));
    this.contentCache = new StringValue(envOr(env, 'HELM_CONTENT_CACHE', p.cachePath('content')));
    this.burstLimit = new IntValue(envInt(env, 'HELM_BURST_LIMIT', DEFAULT_BURST_LIMIT));
    this.qps = new Float32Value(envFloat32(env, 'HELM_QPS', DEFAULT_QPS));
    this.colorMode = new StringValue(envColorMode(env));
    this.debugFlag = new BoolValue(envBool(env, 'HELM_DEBUG', false));
  }

  /** AddFlags: binds the global flags (and klog's hidden ones) to `fs`. */
  addFlags(fs: FlagSet): void {
    const add = (
      name: string,
      shorthand: string,
      value: StringValue | StringArrayValue | BoolValue | IntValue | Float32Value,
      usage: string,
    ): void => {
      fs.add({ name, shorthand, usage, value, noOptDefVal: value.type === 'bool' ? 'true' : '' });
    };
    add('namespace', 'n', this.namespaceFlag, 'namespace scope for this request');
    add('kubeconfig', '', this.kubeConfig, 'path to the kubeconfig file');
    add('kube-context', '', this.kubeContext, 'name of the kubeconfig context to use');
    add('kube-token', '', this.kubeToken, 'bearer token used for authentication');
    add('kube-as-user', '', this.kubeAsUser, 'username to impersonate for the operation');
    add(
      'kube-as-group',
      '',
      this.kubeAsGroups,
      'group to impersonate for the operation, this flag can be repeated to specify multiple groups.',
    );
    add('kube-apiserver', '', this.kubeAPIServer, 'the address and the port for the Kubernetes API server');
    add(
      'kube-ca-file',
      '',
      this.kubeCaFile,
      'the certificate authority file for the Kubernetes API server connection',
    );
    add(
      'kube-tls-server-name',
      '',
      this.kubeTLSServerName,
      'server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used',
    );
    add(
      'kube-insecure-skip-tls-verify',
      '',
      this.kubeInsecureSkipTLSVerify,
      "if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
    );
    add('debug', '', this.debugFlag, 'enable verbose output');
    add('registry-config', '', this.registryConfig, 'path to the registry config file');
    add(
      'repository-config',
      '',
      this.repositoryConfig,
      'path to the file containing repository names and URLs',
    );
    add(
      'repository-cache',
      '',
      this.repositoryCache,
      'path to the directory containing cached repository indexes',
    );
    add(
      'content-cache',
      '',
      this.contentCache,
      'path to the directory containing cached content (e.g. charts)',
    );
    add('burst-limit', '', this.burstLimit, 'client-side default throttling limit');
    add(
      'qps',
      '',
      this.qps,
      'queries per second used when communicating with the Kubernetes API, not including bursting',
    );
    add('color', '', this.colorMode, 'use colored output (never, auto, always)');
    add('colour', '', this.colorMode, 'use colored output (never, auto, always)');
    addKlogFlags(fs);
  }

  get debug(): boolean {
    return this.debugFlag.value;
  }

  /** Namespace(): --namespace/$HELM_NAMESPACE, else the kubeconfig context's, else `default`. */
  namespace(): string {
    if (this.namespaceFlag.value !== '') return this.namespaceFlag.value;
    try {
      const { paths, explicit } = kubeconfigPaths(this.kubeConfig.value || undefined, this.env);
      const kc = loadKubeconfig(paths, explicit);
      const ctx = kc.contexts.get(this.kubeContext.value || kc.currentContext);
      const ns = ctx?.value['namespace'];
      if (typeof ns === 'string' && ns !== '') return ns;
    } catch {
      /* unreadable kubeconfig: Helm falls back too */
    }
    return 'default';
  }

  /** The connection options the kube layer takes. */
  kubeOptions(): KubeOptions {
    const o: KubeOptions = { burst: this.burstLimit.value, qps: this.qps.value, namespace: this.namespace() };
    const s = (v: string): string | undefined => (v === '' ? undefined : v);
    o.kubeconfig = s(this.kubeConfig.value);
    o.context = s(this.kubeContext.value);
    o.token = s(this.kubeToken.value);
    o.asUser = s(this.kubeAsUser.value);
    if (this.kubeAsGroups.value.length > 0) o.asGroups = [...this.kubeAsGroups.value];
    o.apiServer = s(this.kubeAPIServer.value);
    o.caFile = s(this.kubeCaFile.value);
    o.tlsServerName = s(this.kubeTLSServerName.value);
    if (this.kubeInsecureSkipTLSVerify.value) o.insecureSkipTlsVerify = true;
    for (const k of Object.keys(o) as (keyof KubeOptions)[]) if (o[k] === undefined) delete o[k];
    return o;
  }

  /** EnvVars: what `helm env` prints. */
  envVars(bin: string): Map<string, string> {
    const m = new Map<string, string>([
      ['HELM_BIN', bin],
      ['HELM_CACHE_HOME', this.paths.cachePath('')],
      ['HELM_CONFIG_HOME', this.paths.configPath('')],
      ['HELM_DATA_HOME', this.paths.dataPath('')],
      ['HELM_DEBUG', String(this.debug)],
      ['HELM_PLUGINS', this.pluginsDirectory],
      ['HELM_REGISTRY_CONFIG', this.registryConfig.value],
      ['HELM_REPOSITORY_CACHE', this.repositoryCache.value],
      ['HELM_CONTENT_CACHE', this.contentCache.value],
      ['HELM_REPOSITORY_CONFIG', this.repositoryConfig.value],
      ['HELM_NAMESPACE', this.namespace()],
      ['HELM_MAX_HISTORY', String(this.maxHistory)],
      ['HELM_BURST_LIMIT', String(this.burstLimit.value)],
      ['HELM_QPS', formatFloat(this.qps.value, 'f', 2, 32)],
      ['HELM_KUBECONTEXT', this.kubeContext.value],
      ['HELM_KUBETOKEN', this.kubeToken.value],
      ['HELM_KUBEASUSER', this.kubeAsUser.value],
      ['HELM_KUBEASGROUPS', this.kubeAsGroups.value.join(',')],
      ['HELM_KUBEAPISERVER', this.kubeAPIServer.value],
      ['HELM_KUBECAFILE', this.kubeCaFile.value],
      ['HELM_KUBEINSECURE_SKIP_TLS_VERIFY', String(this.kubeInsecureSkipTLSVerify.value)],
      ['HELM_KUBETLS_SERVER_NAME', this.kubeTLSServerName.value],
    ]);
    if (this.kubeConfig.value !== '') m.set('KUBECONFIG', this.kubeConfig.value);
    return m;
  }

  /** The color mode check Helm makes before running any command. */
  colorError(): string | undefined {
    const m = this.colorMode.value;
    if (m === 'never' || m === 'auto' || m === 'always') return undefined;
    return `invalid color mode ${goQuote(m)}: must be one of: never, auto, always`;
  }
}

/** klog's flags, hidden, `_` turned into `-` (Helm's addKlogFlags). */
function addKlogFlags(fs: FlagSet): void {
  const hidden = (
    name: string,
    value: StringValue | BoolValue | Uint64Value | CustomValue<string>,
    usage: string,
    shorthand = '',
  ): void => {
    fs.add({ name, shorthand, usage, value, noOptDefVal: value.type === 'bool' ? 'true' : '' });
    fs.markHidden(name);
  };
  const level = (): CustomValue<string> =>
    new CustomValue<string>('Level', '0', (t) => {
      const u = new Uint64Value();
      u.set(t);
      if (u.value > 0xffffffffn)
        throw new Error(`strconv.ParseUint: parsing ${goQuote(t)}: value out of range`);
      return String(u.value);
    });
  hidden(
    'add-dir-header',
    new BoolValue(false),
    'If true, adds the file directory to the header of the log messages',
  );
  hidden(
    'alsologtostderr',
    new BoolValue(false),
    'log to standard error as well as files (no effect when -logtostderr=true)',
  );
  hidden(
    'log-backtrace-at',
    new CustomValue<string>('traceLocation', ':0', (t) => t),
    'when logging hits line file:N, emit a stack trace',
  );
  hidden(
    'log-dir',
    new StringValue(''),
    'If non-empty, write log files in this directory (no effect when -logtostderr=true)',
  );
  hidden(
    'log-file',
    new StringValue(''),
    'If non-empty, use this log file (no effect when -logtostderr=true)',
  );
  hidden(
    'log-file-max-size',
    new Uint64Value(1800n),
    'Defines the maximum size a log file can grow to (no effect when -logtostderr=true). Unit is megabytes. If the value is 0, the maximum file size is unlimited.',
  );
  hidden('logtostderr', new BoolValue(true), 'log to standard error instead of files');
  hidden(
    'one-output',
    new BoolValue(false),
    'If true, only write logs to their native severity level (vs also writing to each lower severity level; no effect when -logtostderr=true)',
  );
  hidden('skip-headers', new BoolValue(false), 'If true, avoid header prefixes in the log messages');
  hidden(
    'skip-log-headers',
    new BoolValue(false),
    'If true, avoid headers when opening log files (no effect when -logtostderr=true)',
  );
  hidden(
    'stderrthreshold',
    new CustomValue<string>('severity', '2', (t) => t),
    'logs at or above this threshold go to stderr when writing to files and stderr (no effect when -logtostderr=true or -alsologtostderr=true)',
  );
  hidden('v', level(), 'number for the log level verbosity', 'v');
  hidden(
    'vmodule',
    new CustomValue<string>('moduleSpec', '', (t) => t),
    'comma-separated list of pattern=N settings for file-filtered logging',
  );
}
