// Chart.yaml decoding and validation with Helm's messages (pkg/chart/v2/metadata.go).
import { GoList, GoMap, type Value } from '../go/value.js';
import type { Dependency, Maintainer, Metadata } from './chart.js';

export class ChartValidationError extends Error {
  override name = 'ValidationError';
  constructor(message: string) {
    super(`validation: ${message}`);
  }
}

/** Go's json decoding of a YAML-decoded map into a struct with the given string/list/bool fields. */
type FieldKind = 'string' | 'bool' | 'strings' | 'stringMap' | 'maintainers' | 'dependencies' | 'any[]';

const METADATA_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  home: 'string',
  sources: 'strings',
  version: 'string',
  description: 'string',
  keywords: 'strings',
  maintainers: 'maintainers',
  icon: 'string',
  apiVersion: 'string',
  condition: 'string',
  tags: 'string',
  appVersion: 'string',
  deprecated: 'bool',
  annotations: 'stringMap',
  kubeVersion: 'string',
  dependencies: 'dependencies',
  type: 'string',
};

const DEPENDENCY_FIELDS: Record<string, FieldKind> = {
  name: 'string',
  version: 'string',
  repository: 'string',
  condition: 'string',
  tags: 'strings',
  enabled: 'bool',
  'import-values': 'any[]',
  alias: 'string',
};

const MAINTAINER_FIELDS: Record<string, FieldKind> = { name: 'string', email: 'string', url: 'string' };

/** The JSON field names of Helm's chart.Metadata, Maintainer and Dependency, in struct order. */
export const METADATA_FIELD_NAMES: readonly string[] = Object.keys(METADATA_FIELDS);
export const MAINTAINER_FIELD_NAMES: readonly string[] = Object.keys(MAINTAINER_FIELDS);
export const DEPENDENCY_FIELD_NAMES: readonly string[] = Object.keys(DEPENDENCY_FIELDS);

/** JSON type names as encoding/json reports them in UnmarshalTypeError. */
function jsonKind(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoList) return 'array';
  if (v instanceof GoMap) return 'object';
  return 'number';
}

function goTypeOf(kind: FieldKind): string {
  switch (kind) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'strings':
      return '[]string';
    case 'stringMap':
      return 'map[string]string';
    case 'maintainers':
      return '[]*v2.Maintainer';
    case 'dependencies':
      return '[]*v2.Dependency';
    case 'any[]':
      return '[]interface {}';
  }
}

class DecodeError extends Error {}

function typeError(v: Value, struct: string, path: string, goType: string): DecodeError {
  return new DecodeError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${path} of type ${goType}`,
  );
}

function decodeStruct(
  m: GoMap,
  fields: Record<string, FieldKind>,
  struct: string,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of m.entries) {
    // encoding/json matches field names case-insensitively.
    const field =
      Object.keys(fields).find((f) => f === key) ??
      Object.keys(fields).find((f) => f.toLowerCase() === key.toLowerCase());
    if (field === undefined) continue;
    const kind = fields[field]!;
    const path = prefix + field;
    if (v === null) continue;
    out[field] = decodeField(v, kind, struct, path);
  }
  return out;
}

function decodeField(v: Value, kind: FieldKind, struct: string, path: string): unknown {
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') throw typeError(v, struct, path, 'string');
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(v, struct, path, 'bool');
      return v;
    case 'strings': {
      if (!(v instanceof GoList)) throw typeError(v, struct, path, '[]string');
      return v.items.map((item) => {
        if (item === null) return '';
        if (typeof item !== 'string') throw typeError(item, struct, path, 'string');
        return item;
      });
    }
    case 'stringMap': {
      if (!(v instanceof GoMap)) throw typeError(v, struct, path, 'map[string]string');
      // No prototype: a `__proto__` key is an ordinary own key, as in Go's map.
      const rec = Object.create(null) as Record<string, string>;
      for (const [k, item] of v.entries) {
        if (item === null) {
          rec[k] = '';
          continue;
        }
        if (typeof item !== 'string') throw typeError(item, struct, `${path}.${k}`, 'string');
        rec[k] = item;
      }
      return rec;
    }
    case 'maintainers':
    case 'dependencies': {
      if (!(v instanceof GoList)) throw typeError(v, struct, path, goTypeOf(kind));
      const sub = kind === 'maintainers' ? MAINTAINER_FIELDS : DEPENDENCY_FIELDS;
      return v.items.map((item) => {
        if (item === null) return null;
        if (!(item instanceof GoMap))
          throw typeError(item, struct, path, kind === 'maintainers' ? 'v2.Maintainer' : 'v2.Dependency');
        return decodeStruct(item, sub, struct, `${path}.`);
      });
    }
    case 'any[]':
      if (!(v instanceof GoList)) throw typeError(v, struct, path, '[]interface {}');
      return v.items;
  }
}

const TOP_STRING_FIELDS = new Set([
  'name',
  'home',
  'version',
  'description',
  'icon',
  'apiversion',
  'condition',
  'tags',
  'appversion',
  'kubeversion',
  'type',
  'digest',
]);
const DEPENDENCY_STRING_FIELDS = new Set(['name', 'version', 'repository', 'condition', 'alias']);

/**
 * Which YAML paths of Chart.yaml (and requirements.yaml / Chart.lock) land in Go string fields:
 * sigs.k8s.io/yaml turns numbers and booleans bound for them into text (`appVersion: 1.10` → "1.1").
 */
export function metadataStringField(path: readonly string[]): boolean {
  const p = path.map((k) => k.toLowerCase());
  switch (p.length) {
    case 1:
      return TOP_STRING_FIELDS.has(p[0]!);
    case 2:
      return ((p[0] === 'sources' || p[0] === 'keywords') && p[1] === '[]') || p[0] === 'annotations';
    case 3:
      if (p[0] === 'maintainers' && p[1] === '[]')
        return p[2] === 'name' || p[2] === 'email' || p[2] === 'url';
      return p[0] === 'dependencies' && p[1] === '[]' && DEPENDENCY_STRING_FIELDS.has(p[2]!);
    case 4:
      return p[0] === 'dependencies' && p[1] === '[]' && p[2] === 'tags' && p[3] === '[]';
  }
  return false;
}

/** Decodes a parsed Chart.yaml document into Metadata, with encoding/json's type errors. */
export function decodeMetadata(doc: Value, into?: Partial<Metadata>): Metadata {
  if (doc === null) return { ...(into ?? {}) } as Metadata;
  if (!(doc instanceof GoMap)) {
    throw new DecodeError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(doc)} into Go value of type v2.Metadata`,
    );
  }
  const fields = decodeStruct(doc, METADATA_FIELDS, 'Metadata', '');
  return { ...(into ?? {}), ...fields } as Metadata;
}

// ---- validation ------------------------------------------------------------------------

const ALIAS_FORMAT = /^[a-zA-Z0-9_-]+$/;
// Masterminds/semver's loose version syntax (NewVersion).
const LOOSE_SEMVER =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

export function isValidSemver(v: string): boolean {
  const m = LOOSE_SEMVER.exec(v);
  if (!m) return false;
  // Major, minor and patch are parsed as Go uint64s: larger numbers are errors.
  for (const part of [m[1], m[2]?.slice(1), m[3]?.slice(1)])
    if (part !== undefined && BigInt(part) > 0xffffffffffffffffn) return false;
  // Masterminds rejects numeric prerelease parts with leading zeros.
  const pre = m[5];
  if (pre) {
    for (const part of pre.split('.')) {
      if (/^[0-9]+$/.test(part) && part.length > 1 && part.startsWith('0')) return false;
    }
  }
  return true;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Go's sanitizeString: whitespace becomes a space, non-printable runes are dropped. */
export function sanitizeString(s: string): string {
  // Printable ASCII is kept as is (and not rebuilt one character at a time: big indexes).
  if (PRINTABLE_ASCII.test(s)) return s;
  let out = '';
  for (const ch of s) {
    if (/^\s$/u.test(ch)) out += ' ';
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch) || ch === ' ') out += ch;
  }
  return out;
}

function sanitizeMaintainer(m: Maintainer | null): Maintainer {
  if (m === null) throw new ChartValidationError('maintainers must not contain empty or null nodes');
  if (m.name !== undefined) m.name = sanitizeString(m.name);
  if (m.email !== undefined) m.email = sanitizeString(m.email);
  if (m.url !== undefined) m.url = sanitizeString(m.url);
  return m;
}

function validateDependency(d: Dependency | null): Dependency {
  if (d === null) throw new ChartValidationError('dependencies must not contain empty or null nodes');
  d.name = sanitizeString(d.name ?? '');
  if (d.version !== undefined) d.version = sanitizeString(d.version);
  d.repository = sanitizeString(d.repository ?? '');
  if (d.condition !== undefined) d.condition = sanitizeString(d.condition);
  if (d.tags) d.tags = d.tags.map(sanitizeString);
  if (d.alias && !ALIAS_FORMAT.test(d.alias)) {
    throw new ChartValidationError(`dependency "${d.name}" has disallowed characters in the alias`);
  }
  return d;
}

const goQuote = (s: string): string => JSON.stringify(s);

/** Metadata.Validate from Helm, including its in-place sanitising. */
export function validateMetadata(md: Metadata | undefined): void {
  if (!md) throw new ChartValidationError('chart.metadata is required');
  for (const k of [
    'name',
    'description',
    'home',
    'icon',
    'condition',
    'tags',
    'appVersion',
    'kubeVersion',
  ] as const) {
    const v = md[k];
    if (typeof v === 'string') md[k] = sanitizeString(v);
  }
  if (md.sources) md.sources = md.sources.map(sanitizeString);
  if (md.keywords) md.keywords = md.keywords.map(sanitizeString);
  if (!md.apiVersion) throw new ChartValidationError('chart.metadata.apiVersion is required');
  if (!md.name) throw new ChartValidationError('chart.metadata.name is required');
  if (md.name === '.' || md.name === '..')
    throw new ChartValidationError(`chart.metadata.name ${goQuote(md.name)} is not allowed`);
  if (md.name.includes('/'))
    throw new ChartValidationError(`chart.metadata.name ${goQuote(md.name)} is invalid`);
  if (!md.version) throw new ChartValidationError('chart.metadata.version is required');
  if (!isValidSemver(md.version))
    throw new ChartValidationError(`chart.metadata.version ${goQuote(md.version)} is invalid`);
  if (md.type !== undefined && md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    throw new ChartValidationError('chart.metadata.type must be application or library');
  }
  if (md.maintainers) md.maintainers = md.maintainers.map((m) => sanitizeMaintainer(m as Maintainer | null));
  const seen = new Set<string>();
  if (md.dependencies) {
    md.dependencies = md.dependencies.map((d) => validateDependency(d as Dependency | null));
    for (const d of md.dependencies) {
      const key = d.alias || d.name;
      if (seen.has(key))
        throw new ChartValidationError(`more than one dependency with name or alias ${goQuote(key)}`);
      seen.add(key);
    }
  }
}
