// plugin.yaml as Helm 4 reads it (internal/plugin/metadata*.go, loader.go): the legacy Helm 3
// format (no apiVersion) converted to v1, and apiVersion v1 decoded strictly; errors worded as
// Helm's (yaml.v3's "unmarshal errors" for unknown fields, errors.Join for validation).
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  Scalar,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import { quote as goQuote } from '../go/strconv/format.js';
import { readFirstDocument } from '../yaml/syntax.js';

export interface PlatformCommand {
  os: string;
  arch: string;
  command: string;
  args: string[];
}

export type PlatformHooks = Record<string, PlatformCommand[]>;

export interface ProtocolCommand {
  protocols: string[];
  platformCommand: PlatformCommand[];
}

export interface RuntimeConfigSubprocess {
  kind: 'subprocess';
  platformCommand: PlatformCommand[];
  platformHooks: PlatformHooks;
  protocolCommands: ProtocolCommand[];
  /** True only for a legacy plugin without `hooks:` (Helm expands those hooks' args; v1 never). */
  expandHookArgs: boolean;
}

export interface RuntimeConfigExtism {
  kind: 'extism/v1';
  raw: Record<string, unknown>;
}

export type RuntimeConfig = RuntimeConfigSubprocess | RuntimeConfigExtism;

export interface ConfigCLI {
  kind: 'cli/v1';
  usage: string;
  shortHelp: string;
  longHelp: string;
  ignoreFlags: boolean;
}
export interface ConfigGetter {
  kind: 'getter/v1';
  protocols: string[];
}
export interface ConfigEmpty {
  kind: 'postrenderer/v1' | 'test/v1';
}
export type Config = ConfigCLI | ConfigGetter | ConfigEmpty;

export interface Metadata {
  apiVersion: string;
  name: string;
  type: string;
  runtime: string;
  version: string;
  sourceURL: string;
  config: Config | undefined;
  runtimeConfig: RuntimeConfig | undefined;
}

export const PLUGIN_FILE = 'plugin.yaml';
export const PLUGIN_TYPES = ['test/v1', 'cli/v1', 'getter/v1', 'postrenderer/v1'] as const;
const validPluginName = /^[A-Za-z0-9_-]+$/;

/** A plugin.yaml that cannot be loaded; the message is Helm's. */
export class PluginMetadataError extends Error {
  override name = 'PluginMetadataError';
}

// Masterminds semver StrictNewVersion: three numbers, optional pre-release and build, no "v".
const strictSemver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
export const isValidSemver = (v: string): boolean => strictSemver.test(v);

// --- reading YAML nodes the way yaml.v3 decodes into Go structs ---

/** A scalar as a Go string field receives it (its text); null for `~`/empty. */
function str(n: unknown): string {
  if (n === null || n === undefined) return '';
  if (isScalar(n)) {
    if (n.value === null) return '';
    return typeof n.value === 'string' ? n.value : (n.source ?? String(n.value));
  }
  return '';
}

function bool(n: unknown): boolean {
  if (isScalar(n))
    return n.value === true || (typeof n.value === 'string' && /^(true|yes|on)$/i.test(n.value));
  return false;
}

function strList(n: unknown): string[] {
  if (isSeq(n)) return n.items.map((i) => str(i));
  return [];
}

function entries(n: unknown): [string, unknown][] {
  if (!isMap(n)) return [];
  return n.items.map((p) => [str(p.key), p.value]);
}

function field(n: unknown, key: string): unknown {
  for (const [k, v] of entries(n)) if (k === key) return v;
  return undefined;
}

function platformCommands(n: unknown): PlatformCommand[] {
  if (!isSeq(n)) return [];
  return n.items.map((i) => ({
    os: str(field(i, 'os')),
    arch: str(field(i, 'arch')),
    command: str(field(i, 'command')),
    args: strList(field(i, 'args')),
  }));
}

function platformHooks(n: unknown): PlatformHooks {
  const out: PlatformHooks = {};
  for (const [k, v] of entries(n)) out[k] = platformCommands(v);
  return out;
}

function toJS(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  return (n as Node).toJSON();
}

// YAML 1.2 core schema resolution of a plain scalar, as yaml.v3 (Helm's v1 decoder) does:
// `n`, `yes`, `on` stay strings where the YAML 1.1 reading of this file makes them booleans.
const CORE_NULL = /^(?:~|null|Null|NULL|)$/;
const CORE_BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const CORE_INT = /^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const CORE_FLOAT =
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;

function coreScalar(n: Scalar): unknown {
  const src = n.source;
  if ((n.type !== Scalar.PLAIN && n.type !== undefined) || typeof src !== 'string' || n.tag)
    return n.toJSON();
  if (CORE_NULL.test(src)) return null;
  if (CORE_BOOL.test(src)) return src.toLowerCase() === 'true';
  if (CORE_INT.test(src)) return Number(src);
  if (CORE_FLOAT.test(src))
    return Number(src.replace(/\.(inf|Inf|INF)$/, 'Infinity').replace(/^\.(nan|NaN|NAN)$/, 'NaN'));
  return src;
}

/** A node as yaml.v3 decodes it into map[string]any (the extism/v1 runtimeConfig). */
function coreJS(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  if (isScalar(n)) return coreScalar(n);
  if (isSeq(n)) return n.items.map(coreJS);
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const p of n.items) {
      const k = coreJS(p.key);
      out[k === null ? '' : String(k)] = coreJS(p.value);
    }
    return out;
  }
  return toJS(n);
}

// --- Helm's structures ---

/** yaml.v3's `!!tag `value`` for a scalar it cannot decode (long values cut to 7 characters). */
function v3Scalar(n: Scalar): string {
  const quoted = n.type !== Scalar.PLAIN && n.type !== undefined;
  const src = quoted || typeof n.source !== 'string' ? String(n.value) : n.source;
  let tag = '!!str';
  if (!quoted && !n.tag) {
    if (CORE_BOOL.test(src)) tag = '!!bool';
    else if (CORE_INT.test(src)) tag = '!!int';
    else if (CORE_FLOAT.test(src)) tag = '!!float';
  }
  return `${tag} \`${src.length > 10 ? `${src.slice(0, 7)}...` : src}\``;
}

/** peekAPIVersion: yaml.v3 decoding the first document into `struct{ APIVersion string }`. */
function peekAPIVersion(doc: Document, lc: LineCounter): string {
  const root = doc.contents;
  const line = (n: Node): number => lc.linePos(n.range?.[0] ?? 0).line;
  const fail = (n: Node, what: string): PluginMetadataError =>
    new PluginMetadataError(
      `failed to peek ${PLUGIN_FILE} API version: yaml: unmarshal errors:\n  line ${line(n)}: cannot unmarshal ${what}`,
    );
  if (isSeq(root)) throw fail(root, '!!seq into plugin.apiVersion');
  if (isScalar(root) && !(root.value === null && (root.source ?? '').match(CORE_NULL)))
    throw fail(root, `${v3Scalar(root)} into plugin.apiVersion`);
  const v = field(root, 'apiVersion');
  if (isSeq(v)) throw fail(v, '!!seq into string');
  if (isMap(v)) throw fail(v, '!!map into string');
  return str(v);
}

function yamlUnmarshalErrors(lines: string[]): PluginMetadataError {
  return new PluginMetadataError(`yaml: unmarshal errors:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}

function loadLegacy(root: unknown): Metadata {
  const name = str(field(root, 'name'));
  const version = str(field(root, 'version'));
  const usage = sanitize(str(field(root, 'usage')));
  const description = str(field(root, 'description'));
  const platformCommand = platformCommands(field(root, 'platformCommand'));
  const command = str(field(root, 'command'));
  const ignoreFlags = bool(field(root, 'ignoreFlags'));
  const pHooks = platformHooks(field(root, 'platformHooks'));
  const hooks = entries(field(root, 'hooks')).map(([k, v]) => [k, str(v)] as const);
  const downloaders = isSeq(field(root, 'downloaders'))
    ? (field(root, 'downloaders') as { items: unknown[] }).items.map((d) => ({
        protocols: strList(field(d, 'protocols')),
        command: str(field(d, 'command')),
      }))
    : [];

  if (!validPluginName.test(name))
    throw new PluginMetadataError(
      `invalid plugin name ${goQuote(name)}: must contain only a-z, A-Z, 0-9, _ and -`,
    );
  if (version !== '' && !isValidSemver(version))
    throw new PluginMetadataError(`invalid plugin version ${goQuote(version)}: must be valid semver`);
  if (platformCommand.length > 0 && command !== '')
    throw new PluginMetadataError('both platformCommand and command are set');
  if (Object.keys(pHooks).length > 0 && hooks.length > 0)
    throw new PluginMetadataError('both platformHooks and hooks are set');
  downloaders.forEach((d, i) => {
    if (d.command === '') throw new PluginMetadataError(`downloader ${i} has empty command`);
    if (d.protocols.length === 0) throw new PluginMetadataError(`downloader ${i} has no protocols`);
    d.protocols.forEach((p, j) => {
      if (p === '') throw new PluginMetadataError(`downloader ${i} has empty protocol at index ${j}`);
    });
  });

  const type = downloaders.length > 0 ? 'getter/v1' : 'cli/v1';
  const config: Config =
    type === 'getter/v1'
      ? { kind: 'getter/v1', protocols: downloaders.flatMap((d) => d.protocols) }
      : { kind: 'cli/v1', usage: '', shortHelp: usage, longHelp: description, ignoreFlags };
  let hooksOut = pHooks;
  let expandHookArgs = true;
  if (Object.keys(pHooks).length === 0 && hooks.length > 0) {
    hooksOut = {};
    for (const [k, v] of hooks) hooksOut[k] = [{ os: '', arch: '', command: 'sh', args: ['-c', v] }];
    expandHookArgs = false;
  }
  const m: Metadata = {
    apiVersion: 'legacy',
    name,
    version,
    type,
    runtime: 'subprocess',
    sourceURL: '',
    config,
    runtimeConfig: {
      kind: 'subprocess',
      platformCommand:
        platformCommand.length === 0 && command !== ''
          ? [{ os: '', arch: '', command, args: [] }]
          : platformCommand,
      platformHooks: hooksOut,
      protocolCommands: downloaders.map((d) => ({
        protocols: d.protocols,
        platformCommand: [{ os: '', arch: '', command: d.command, args: [] }],
      })),
      expandHookArgs,
    },
  };
  validate(m);
  return m;
}

const V1_FIELDS = [
  'apiVersion',
  'name',
  'type',
  'runtime',
  'version',
  'sourceURL',
  'config',
  'runtimeConfig',
];
const CONFIG_FIELDS: Record<string, { goType: string; fields: string[] }> = {
  'test/v1': { goType: 'schema.ConfigTestV1', fields: [] },
  'cli/v1': { goType: 'schema.ConfigCLIV1', fields: ['usage', 'shortHelp', 'longHelp', 'ignoreFlags'] },
  'getter/v1': { goType: 'schema.ConfigGetterV1', fields: ['protocols'] },
  'postrenderer/v1': { goType: 'schema.ConfigPostRendererV1', fields: [] },
};

/** Lines a value takes when yaml.v3 marshals it under a key (keys sorted, block style). */
function marshalledLines(v: unknown): number {
  if (Array.isArray(v)) return v.length === 0 ? 1 : 1 + v.reduce((a: number, x) => a + marshalledLines(x), 0);
  if (v !== null && typeof v === 'object') {
    const ks = Object.keys(v);
    return ks.length === 0
      ? 1
      : 1 + ks.reduce((a, k) => a + marshalledLines((v as Record<string, unknown>)[k]), 0);
  }
  if (typeof v === 'string' && v.includes('\n')) return 1 + v.split('\n').length;
  return 1;
}

function loadV1(root: unknown, lc: LineCounter): Metadata {
  const unknown: string[] = [];
  if (isMap(root)) {
    for (const p of (root as YAMLMap).items) {
      const k = str(p.key);
      if (!V1_FIELDS.includes(k)) {
        const line = lc.linePos((p.key as Node).range?.[0] ?? 0).line;
        unknown.push(`line ${line}: field ${k} not found in type plugin.MetadataV1`);
      }
    }
  }
  if (unknown.length > 0) throw yamlUnmarshalErrors(unknown);
  const apiVersion = str(field(root, 'apiVersion'));
  const name = str(field(root, 'name'));
  const type = str(field(root, 'type'));
  const runtime = str(field(root, 'runtime'));
  const version = str(field(root, 'version'));
  const sourceURL = str(field(root, 'sourceURL'));
  if (!validPluginName.test(name)) throw new PluginMetadataError('invalid plugin `name`');
  if (version === '') throw new PluginMetadataError('plugin `version` is required');
  if (!isValidSemver(version))
    throw new PluginMetadataError(`invalid plugin \`version\` ${goQuote(version)}: must be valid semver`);
  if (apiVersion !== 'v1') throw new PluginMetadataError(`invalid \`apiVersion\`: ${goQuote(apiVersion)}`);
  if (type === '') throw new PluginMetadataError('`type` missing');
  if (runtime === '') throw new PluginMetadataError('`runtime` missing');

  const conv = (msg: string): PluginMetadataError =>
    new PluginMetadataError(`failed to convert MetadataV1 to Metadata: ${msg}`);
  // config: decoded strictly into the type's struct
  const spec = CONFIG_FIELDS[type];
  if (!spec) throw conv(`unknown plugin type ${goQuote(type)}`);
  const cfgNode = field(root, 'config');
  const cfgJS = (toJS(cfgNode) ?? {}) as Record<string, unknown>;
  const keys = Object.keys(cfgJS).sort();
  const bad: string[] = [];
  let line = 1;
  for (const k of keys) {
    if (!spec.fields.includes(k)) bad.push(`line ${line}: field ${k} not found in type ${spec.goType}`);
    line += marshalledLines(cfgJS[k]);
  }
  if (bad.length > 0) throw conv(yamlUnmarshalErrors(bad).message);
  let config: Config;
  if (type === 'cli/v1')
    config = {
      kind: 'cli/v1',
      usage: str(field(cfgNode, 'usage')),
      shortHelp: str(field(cfgNode, 'shortHelp')),
      longHelp: str(field(cfgNode, 'longHelp')),
      ignoreFlags: bool(field(cfgNode, 'ignoreFlags')),
    };
  else if (type === 'getter/v1')
    config = { kind: 'getter/v1', protocols: strList(field(cfgNode, 'protocols')) };
  else config = { kind: type as 'postrenderer/v1' | 'test/v1' };

  const rcNode = field(root, 'runtimeConfig');
  let runtimeConfig: RuntimeConfig;
  if (runtime === 'subprocess') {
    runtimeConfig = {
      kind: 'subprocess',
      platformCommand: platformCommands(field(rcNode, 'platformCommand')),
      platformHooks: platformHooks(field(rcNode, 'platformHooks')),
      protocolCommands: isSeq(field(rcNode, 'protocolCommands'))
        ? (field(rcNode, 'protocolCommands') as { items: unknown[] }).items.map((c) => ({
            protocols: strList(field(c, 'protocols')),
            platformCommand: platformCommands(field(c, 'platformCommand')),
          }))
        : [],
      // An unexported field yaml never sets: v1 hooks run with their args as written.
      expandHookArgs: false,
    };
  } else if (runtime === 'extism/v1') {
    runtimeConfig = { kind: 'extism/v1', raw: (coreJS(rcNode) ?? {}) as Record<string, unknown> };
  } else {
    throw conv(`unsupported plugin runtime type: ${goQuote(runtime)}`);
  }
  const m: Metadata = { apiVersion, name, type, runtime, version, sourceURL, config, runtimeConfig };
  validate(m);
  return m;
}

/** Metadata.Validate: every problem, joined as errors.Join does. */
function validate(m: Metadata): void {
  const errs: string[] = [];
  if (!validPluginName.test(m.name))
    errs.push(`invalid plugin name ${goQuote(m.name)}: must contain only a-z, A-Z, 0-9, _ and -`);
  if (m.version !== '' && !isValidSemver(m.version))
    errs.push(`invalid plugin version ${goQuote(m.version)}: must be valid semver`);
  if (m.apiVersion === '') errs.push('empty APIVersion');
  if (m.type === '') errs.push('empty type field');
  if (m.runtime === '') errs.push('empty runtime field');
  if (!m.config) errs.push('missing config field');
  if (!m.runtimeConfig) errs.push('missing runtimeConfig field');
  if (m.config?.kind === 'getter/v1') {
    if (m.config.protocols.length === 0) errs.push('config validation failed: getter has no protocols');
    else {
      const i = m.config.protocols.indexOf('');
      if (i >= 0) errs.push(`config validation failed: getter has empty protocol at index ${i}`);
    }
  }
  if (errs.length > 0) throw new PluginMetadataError(errs.join('\n'));
}

/** sanitizeString: whitespace becomes a space, unprintable characters are dropped. */
function sanitize(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/\s/u.test(ch)) out += ' ';
    else if (!/\p{C}/u.test(ch)) out += ch;
  }
  return out;
}

/** loadMetadata: the bytes of a plugin.yaml to its metadata, or Helm's error. */
export function loadMetadata(text: string): Metadata {
  const lc = new LineCounter();
  // peekAPIVersion decodes the first document with yaml.v3: its syntax errors, in its words.
  const syntax = readFirstDocument(text, 'v3').error;
  if (syntax !== undefined)
    throw new PluginMetadataError(`failed to peek ${PLUGIN_FILE} API version: yaml: ${syntax}`);
  // Only the first document is decoded; the rest of the file is never read.
  const doc = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false, version: '1.1' })[0];
  if (doc === undefined) throw new PluginMetadataError(`failed to peek ${PLUGIN_FILE} API version: EOF`);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? 1;
    throw new PluginMetadataError(
      `failed to peek ${PLUGIN_FILE} API version: yaml: line ${line}: ${e.message.split('\n')[0]}`,
    );
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && text.trim() === ''))
    throw new PluginMetadataError(`failed to peek ${PLUGIN_FILE} API version: EOF`);
  const apiVersion = peekAPIVersion(doc, lc);
  if (apiVersion === '') return loadLegacy(doc.contents);
  if (apiVersion === 'v1') return loadV1(doc.contents, lc);
  throw new PluginMetadataError(`invalid plugin apiVersion: ${goQuote(apiVersion)}`);
}
