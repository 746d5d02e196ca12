// Flag groups shared by several commands, named and described as Helm's (pkg/cmd/flags.go,
// install.go addInstallFlags, helpers.go).
import type { Command } from './command/command.js';
import type { FlagSet } from './command/flagset.js';
import {
  CustomValue,
  parseGoBool,
  type BoolValue,
  type DurationValue,
  type StringArrayValue,
  type StringSliceValue,
  type StringToStringValue,
  type StringValue,
} from './command/values.js';
import type { ValueOptions } from '../values/options.js';
import type { EnvSettings } from './settings.js';
import { slogLine } from './slog.js';
import { quote as goQuote } from '../go/strconv/format.js';

export interface ValueFlags {
  values: StringSliceValue;
  set: StringArrayValue;
  setString: StringArrayValue;
  setFile: StringArrayValue;
  setJson: StringArrayValue;
  setLiteral: StringArrayValue;
}

export function addValueOptionsFlags(f: FlagSet): ValueFlags {
  return {
    values: f.stringSlice('values', 'f', [], 'specify values in a YAML file or a URL (can specify multiple)'),
    set: f.stringArray(
      'set',
      '',
      [],
      'set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)',
    ),
    setString: f.stringArray(
      'set-string',
      '',
      [],
      'set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)',
    ),
    setFile: f.stringArray(
      'set-file',
      '',
      [],
      'set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)',
    ),
    setJson: f.stringArray(
      'set-json',
      '',
      [],
      'set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2 or using json format: {"key1": jsonval1, "key2": "jsonval2"})',
    ),
    setLiteral: f.stringArray('set-literal', '', [], 'set a literal STRING value on the command line'),
  };
}

export function valueOptionsFrom(v: ValueFlags): ValueOptions {
  return {
    valueFiles: v.values.value,
    values: v.set.value,
    stringValues: v.setString.value,
    fileValues: v.setFile.value,
    jsonValues: v.setJson.value,
    literalValues: v.setLiteral.value,
  };
}

/** How to reach a chart repository: credentials and TLS (shared by install, package, dependency…). */
export interface RepoClientFlags {
  username: StringValue;
  password: StringValue;
  certFile: StringValue;
  keyFile: StringValue;
  insecureSkipTLSVerify: BoolValue;
  plainHttp: BoolValue;
  caFile: StringValue;
}

export function addRepoClientFlags(f: FlagSet): RepoClientFlags {
  return {
    username: f.string('username', '', '', 'chart repository username where to locate the requested chart'),
    password: f.string('password', '', '', 'chart repository password where to locate the requested chart'),
    ...addTlsFlags(f, 'HTTPS client', 'the chart download'),
    plainHttp: f.bool('plain-http', '', false, 'use insecure HTTP connections for the chart download'),
  };
}

export interface TlsFileFlags {
  certFile: StringValue;
  keyFile: StringValue;
  caFile: StringValue;
}

/**
 * --cert-file, --key-file and --ca-file. Helm words the first two per command: `client` is
 * "registry client" or "HTTPS client".
 */
export function addTlsFileFlags(f: FlagSet, client: string): TlsFileFlags {
  return {
    certFile: f.string('cert-file', '', '', `identify ${client} using this SSL certificate file`),
    keyFile: f.string('key-file', '', '', `identify ${client} using this SSL key file`),
    caFile: f.string('ca-file', '', '', 'verify certificates of HTTPS-enabled servers using this CA bundle'),
  };
}

/** addTlsFileFlags plus --insecure-skip-tls-verify, whose help names what is fetched (`what`). */
export function addTlsFlags(
  f: FlagSet,
  client: string,
  what: string,
): TlsFileFlags & { insecureSkipTLSVerify: BoolValue } {
  return {
    ...addTlsFileFlags(f, client),
    insecureSkipTLSVerify: f.bool(
      'insecure-skip-tls-verify',
      '',
      false,
      `skip tls certificate checks for ${what}`,
    ),
  };
}

export interface ChartPathFlags extends RepoClientFlags {
  version: StringValue;
  verify: BoolValue;
  keyring: StringValue;
  repo: StringValue;
  passCredentials: BoolValue;
}

export function addChartPathOptionsFlags(f: FlagSet, settings: EnvSettings): ChartPathFlags {
  return {
    version: f.string(
      'version',
      '',
      '',
      'specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used',
    ),
    verify: f.bool('verify', '', false, 'verify the package before using it'),
    keyring: f.string(
      'keyring',
      '',
      settings.paths.defaultKeyring(),
      'location of public keys used for verification',
    ),
    repo: f.string('repo', '', '', 'chart repository url where to locate the requested chart'),
    ...addRepoClientFlags(f),
    passCredentials: f.bool('pass-credentials', '', false, 'pass credentials to all domains'),
  };
}

export type WaitStrategy = 'watcher' | 'legacy' | 'hookOnly';

/** AddWaitFlag: `--wait[=watcher|hookOnly|legacy]`, booleans accepted with a warning. */
export function addWaitFlag(cmd: Command, warn: (s: string) => void): CustomValue<WaitStrategy> {
  const value = new CustomValue<WaitStrategy>('WaitStrategy', 'hookOnly', (s) => {
    switch (s) {
      case 'watcher':
      case 'legacy':
      case 'hookOnly':
        return s;
      case 'true':
        warn(
          slogLine(
            'WARN',
            '--wait=true is deprecated (boolean value) and can be replaced with --wait=watcher',
          ),
        );
        return 'watcher';
      case 'false':
        warn(
          slogLine(
            'WARN',
            '--wait=false is deprecated (boolean value) and can be replaced with --wait=hookOnly',
          ),
        );
        return 'hookOnly';
      default:
        throw new Error(`invalid wait input ${goQuote(s)}. Valid inputs are watcher, hookOnly, and legacy`);
    }
  });
  cmd.localOnlyFlags.add({
    name: 'wait',
    usage:
      "wait until resources are ready (up to --timeout). Use '--wait' alone for 'watcher' strategy, or specify one of: 'watcher', 'hookOnly', 'legacy'. Default when flag is omitted: 'hookOnly'.",
    value,
    noOptDefVal: 'watcher',
  });
  return value;
}

export interface PostRenderFlags {
  pluginName: CustomValue<string>;
  args: CustomValue<string[]>;
}

/**
 * bindPostRenderFlag: `--post-renderer <plugin>` and `--post-renderer-args`. Rudder has no
 * plugin manager yet, so every plugin name is reported as not found, as Helm does for a
 * name it cannot find.
 */
export function bindPostRenderFlag(
  cmd: Command,
  /** Finds the plugin (throws Helm's error when there is none); plugin/postrenderer.ts. */
  lookup: (name: string, args: string[]) => void = (s) => {
    throw new Error(`plugin: {Name:${s} Type:postrenderer/v1} not found`);
  },
): PostRenderFlags {
  const pluginName = new CustomValue<string>('postRendererString', '', (s, cur) => {
    if (s === '') return cur;
    if (cur !== '') throw new Error('cannot specify --post-renderer flag more than once');
    lookup(s, args.value);
    return s;
  });
  const args: CustomValue<string[]> = new CustomValue<string[]>(
    'postRendererArgsSlice',
    [],
    (s, cur) => {
      if (pluginName.value !== '') lookup(pluginName.value, [...cur, s]);
      return [...cur, s];
    },
    (v) => `[${v.join(',')}]`,
  );
  cmd.localOnlyFlags.add({
    name: 'post-renderer',
    usage:
      'the name of a postrenderer type plugin to be used for post rendering. If it exists, the plugin will be used',
    value: pluginName,
  });
  cmd.localOnlyFlags.add({
    name: 'post-renderer-args',
    usage: 'an argument to the post-renderer (can specify multiple)',
    value: args,
  });
  return { pluginName, args };
}

export interface InstallFlags {
  createNamespace: BoolValue;
  forceReplace: BoolValue;
  forceConflicts: BoolValue;
  serverSide: BoolValue;
  noHooks: BoolValue;
  replace: BoolValue;
  timeout: DurationValue;
  waitForJobs: BoolValue;
  generateName: BoolValue;
  nameTemplate: StringValue;
  description: StringValue;
  devel: BoolValue;
  dependencyUpdate: BoolValue;
  disableOpenAPIValidation: BoolValue;
  rollbackOnFailure: BoolValue;
  skipCrds: BoolValue;
  renderSubchartNotes: BoolValue;
  skipSchemaValidation: BoolValue;
  labels: StringToStringValue;
  enableDns: BoolValue;
  hideNotes: BoolValue;
  takeOwnership: BoolValue;
  values: ValueFlags;
  chart: ChartPathFlags;
  wait: CustomValue<WaitStrategy>;
}

/** addInstallFlags (install and template). */
/** --force-replace (with its deprecated alias --force) and --force-conflicts: install, upgrade, rollback. */
export function addForceFlags(f: FlagSet): { forceReplace: BoolValue; forceConflicts: BoolValue } {
  const forceReplace = f.bool('force-replace', '', false, 'force resource updates by replacement');
  f.alias('force', '', forceReplace, 'deprecated');
  f.markDeprecated('force', 'use --force-replace instead');
  const forceConflicts = f.bool(
    'force-conflicts',
    '',
    false,
    'if set server-side apply will force changes against conflicts',
  );
  return { forceReplace, forceConflicts };
}

/** upgrade's and rollback's --server-side: "auto" follows the method the previous release used. */
export function addServerSideAutoFlag(f: FlagSet): StringValue {
  return f.string(
    'server-side',
    '',
    'auto',
    `must be "true", "false" or "auto". Object updates run in the server instead of the client ("auto" defaults the value from the previous chart release's method)`,
  );
}

export function addInstallFlags(
  cmd: Command,
  settings: EnvSettings,
  warn: (s: string) => void,
): InstallFlags {
  const f = cmd.localOnlyFlags;
  const createNamespace = f.bool(
    'create-namespace',
    '',
    false,
    'create the release namespace if not present',
  );
  const { forceReplace, forceConflicts } = addForceFlags(f);
  const serverSide = f.bool(
    'server-side',
    '',
    true,
    'object updates run in the server instead of the client',
  );
  const noHooks = f.bool('no-hooks', '', false, 'prevent hooks from running during install');
  const replace = f.bool(
    'replace',
    '',
    false,
    'reuse the given name, only if that name is a deleted release which remains in the history. This is unsafe in production',
  );
  const timeout = f.duration(
    'timeout',
    '',
    300n * 1_000_000_000n,
    'time to wait for any individual Kubernetes operation (like Jobs for hooks)',
  );
  const waitForJobs = f.bool(
    'wait-for-jobs',
    '',
    false,
    'if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout',
  );
  const generateName = f.bool('generate-name', 'g', false, 'generate the name (and omit the NAME parameter)');
  const nameTemplate = f.string('name-template', '', '', 'specify template used to name the release');
  const description = f.string('description', '', '', 'add a custom description');
  const devel = f.bool(
    'devel',
    '',
    false,
    "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored",
  );
  const dependencyUpdate = f.bool(
    'dependency-update',
    '',
    false,
    'update dependencies if they are missing before installing the chart',
  );
  const disableOpenAPIValidation = f.bool(
    'disable-openapi-validation',
    '',
    false,
    'if set, the installation process will not validate rendered templates against the Kubernetes OpenAPI Schema',
  );
  const rollbackOnFailure = f.bool(
    'rollback-on-failure',
    '',
    false,
    'if set, Helm will rollback (uninstall) the installation upon failure. The --wait flag will be default to "watcher" if --rollback-on-failure is set',
  );
  f.alias('atomic', '', rollbackOnFailure, 'deprecated');
  f.markDeprecated('atomic', 'use --rollback-on-failure instead');
  const skipCrds = f.bool(
    'skip-crds',
    '',
    false,
    'if set, no CRDs will be installed. By default, CRDs are installed if not already present',
  );
  const renderSubchartNotes = f.bool(
    'render-subchart-notes',
    '',
    false,
    'if set, render subchart notes along with the parent',
  );
  const skipSchemaValidation = f.bool(
    'skip-schema-validation',
    '',
    false,
    'if set, disables JSON schema validation',
  );
  const labels = f.stringToString(
    'labels',
    'l',
    'Labels that would be added to release metadata. Should be divided by comma.',
  );
  const enableDns = f.bool('enable-dns', '', false, 'enable DNS lookups when rendering templates');
  const hideNotes = f.bool(
    'hide-notes',
    '',
    false,
    'if set, do not show notes in install output. Does not affect presence in chart metadata',
  );
  const takeOwnership = f.bool(
    'take-ownership',
    '',
    false,
    'if set, install will ignore the check for helm annotations and take ownership of the existing resources',
  );
  if (cmd.name() === 'template') {
    f.markDeprecated(
      'hide-notes',
      "this flag has no effect for 'helm template' and will be removed in Helm 5",
    );
    f.markDeprecated(
      'render-subchart-notes',
      "this flag has no effect for 'helm template' and will be removed in Helm 5",
    );
  }
  const values = addValueOptionsFlags(f);
  const chart = addChartPathOptionsFlags(f, settings);
  const wait = addWaitFlag(cmd, warn);
  cmd.markFlagsMutuallyExclusive('force-replace', 'force-conflicts');
  cmd.markFlagsMutuallyExclusive('force', 'force-conflicts');
  return {
    createNamespace,
    forceReplace,
    forceConflicts,
    serverSide,
    noHooks,
    replace,
    timeout,
    waitForJobs,
    generateName,
    nameTemplate,
    description,
    devel,
    dependencyUpdate,
    disableOpenAPIValidation,
    rollbackOnFailure,
    skipCrds,
    renderSubchartNotes,
    skipSchemaValidation,
    labels,
    enableDns,
    hideNotes,
    takeOwnership,
    values,
    chart,
    wait,
  };
}

export type DryRunStrategy = 'none' | 'client' | 'server';

/** cmdGetDryRunFlagStrategy: reads `--dry-run` (string flag, NoOptDefVal `unset`). */
export function dryRunStrategy(
  value: string,
  noOptDefVal: string,
  isTemplate: boolean,
  warn: (s: string) => void,
): DryRunStrategy {
  switch (value) {
    case noOptDefVal:
      warn(slogLine('WARN', "--dry-run is deprecated and should be replaced with '--dry-run=client'"));
      return 'client';
    case 'client':
    case 'server':
      return value;
    case 'none':
      if (isTemplate)
        throw new Error(`invalid dry-run value (${goQuote(value)}). Must be "server" or "client"`);
      return 'none';
  }
  let b: boolean;
  try {
    b = parseGoBool(value);
  } catch {
    throw new Error(`invalid dry-run value (${goQuote(value)}). Must be "none", "server", or "client"`);
  }
  if (isTemplate && !b)
    throw new Error(`invalid dry-run value (${goQuote(value)}). Must be "server" or "client"`);
  const result: DryRunStrategy = b ? 'client' : 'none';
  warn(
    slogLine(
      'WARN',
      `boolean '--dry-run=${value}' flag is deprecated and must be replaced with '--dry-run=${result}'`,
    ),
  );
  return result;
}
