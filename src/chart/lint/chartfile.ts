// Lint rules for Chart.yaml (Helm's rules/chartfile.go).
import { readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Metadata } from '../chart.js';
import { decodeMetadata, metadataStringField } from '../metadata.js';
import { GoList, GoMap, type Value } from '../../go/value.js';
import { parseYaml } from '../../yaml/index.js';
import { Severity, type Linter } from './support.js';
import { isEmail, isRequestURL, isURL } from './urls.js';
import { parseLooseSemver, isStrictSemver } from './semver.js';
import { goReadFile } from '../../go/fs-error.js';
import { DEPENDENCY_FIELD_NAMES, MAINTAINER_FIELD_NAMES, METADATA_FIELD_NAMES } from '../metadata.js';

const CHART_FILE = 'Chart.yaml';

/** Chartfile: the Chart.yaml rules, in Helm's order. */
export function lintChartfile(linter: Linter): void {
  const path = join(linter.chartDir, CHART_FILE);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    isDir = false;
  }
  linter.rule(Severity.Error, CHART_FILE, isDir ? 'should be a file, not a directory' : undefined);

  let doc: Value = null;
  let md: Metadata | undefined;
  let loadErr: string | undefined;
  try {
    const text = new TextDecoder().decode(goReadFile(path));
    doc = parseYaml(text, 'any', { stringFields: metadataStringField });
    md = decodeMetadata(doc);
  } catch (err) {
    loadErr = (err as Error).message;
  }
  if (
    !linter.rule(
      Severity.Error,
      CHART_FILE,
      loadErr === undefined ? undefined : `unable to parse YAML\n\t${loadErr}`,
    )
  )
    return;
  const cf = md!;

  const unknown = unknownField(doc);
  linter.rule(
    Severity.Warning,
    CHART_FILE,
    unknown === undefined
      ? undefined
      : `failed to strictly parse chart metadata file\n\terror unmarshaling JSON: while decoding JSON: json: unknown field ${JSON.stringify(unknown)}`,
  );

  let raw: Value = null;
  try {
    raw = parseYaml(new TextDecoder().decode(readFileSync(path)), 'any');
  } catch {
    raw = null;
  }
  linter.rule(Severity.Error, CHART_FILE, validateName(cf));
  linter.rule(Severity.Error, CHART_FILE, validateApiVersion(cf));
  linter.rule(Severity.Error, CHART_FILE, isStringValue(raw, 'version'));
  linter.rule(Severity.Error, CHART_FILE, validateVersion(cf));
  linter.rule(Severity.Error, CHART_FILE, isStringValue(raw, 'appVersion'));
  linter.rule(Severity.Error, CHART_FILE, validateMaintainers(cf));
  linter.rule(Severity.Error, CHART_FILE, validateSources(cf));
  linter.rule(Severity.Info, CHART_FILE, cf.icon ? undefined : 'icon is recommended');
  linter.rule(
    Severity.Error,
    CHART_FILE,
    cf.icon && !isRequestURL(cf.icon) ? `invalid icon URL '${cf.icon}'` : undefined,
  );
  linter.rule(Severity.Error, CHART_FILE, validateType(cf));
  linter.rule(Severity.Error, CHART_FILE, validateDependencies(cf));
  linter.rule(
    Severity.Warning,
    CHART_FILE,
    isStrictSemver(cf.version ?? '') ? undefined : `version '${cf.version ?? ''}' is not a valid SemVerV2`,
  );
}

/** The first key (in sorted order, as the JSON round trip sees them) that Metadata has no field for. */
function unknownField(doc: Value): string | undefined {
  if (!(doc instanceof GoMap)) return undefined;
  const check = (
    m: GoMap,
    keys: readonly string[],
    nested: (key: string, v: Value) => string | undefined,
  ): string | undefined => {
    for (const k of [...m.entries.keys()].sort()) {
      const field = keys.find((f) => f.toLowerCase() === k.toLowerCase());
      if (field === undefined) return k;
      const inner = nested(field, m.entries.get(k) ?? null);
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  const items = (v: Value, keys: readonly string[]): string | undefined => {
    if (!(v instanceof GoList)) return undefined;
    for (const item of v.items) {
      if (item instanceof GoMap) {
        const u = check(item, keys, () => undefined);
        if (u !== undefined) return u;
      }
    }
    return undefined;
  };
  return check(doc, METADATA_FIELD_NAMES, (field, v) => {
    if (field === 'maintainers') return items(v, MAINTAINER_FIELD_NAMES);
    if (field === 'dependencies') return items(v, DEPENDENCY_FIELD_NAMES);
    return undefined;
  });
}

/** Go's %T of a value decoded by sigs.k8s.io/yaml into map[string]any. */
function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoList) return '[]interface {}';
  if (v instanceof GoMap) return 'map[string]interface {}';
  return 'float64';
}

function isStringValue(raw: Value, key: string): string | undefined {
  if (!(raw instanceof GoMap) || !raw.entries.has(key)) return undefined;
  const t = goTypeName(raw.entries.get(key) ?? null);
  return t === 'string' ? undefined : `${key} should be of type string but it's of type ${t}`;
}

function validateName(cf: Metadata): string | undefined {
  if (!cf.name) return 'name is required';
  if (posix.basename(cf.name) !== cf.name) return `chart name ${JSON.stringify(cf.name)} is invalid`;
  return undefined;
}

function validateApiVersion(cf: Metadata): string | undefined {
  if (!cf.apiVersion) return 'apiVersion is required. The value must be either "v1" or "v2"';
  if (cf.apiVersion !== 'v1' && cf.apiVersion !== 'v2') {
    return `apiVersion '${cf.apiVersion}' is not valid. The value must be either "v1" or "v2"`;
  }
  return undefined;
}

function validateVersion(cf: Metadata): string | undefined {
  if (!cf.version) return 'version is required';
  const v = parseLooseSemver(cf.version);
  if (!v) return `version '${cf.version}' is not a valid SemVer`;
  // The only versions not greater than 0.0.0-0.
  if (v.major === 0n && v.minor === 0n && v.patch === 0n && v.prerelease === '0') {
    return `version ${v.text} is less than or equal to 0.0.0-0`;
  }
  return undefined;
}

function validateMaintainers(cf: Metadata): string | undefined {
  for (const m of (cf.maintainers ?? []) as (Metadata['maintainers'] & object)[number][]) {
    if (m === null || m === undefined) return 'a maintainer entry is empty';
    if (!m.name) return 'each maintainer requires a name';
    if (m.email && !isEmail(m.email)) return `invalid email '${m.email}' for maintainer '${m.name}'`;
    if (m.url && !isURL(m.url)) return `invalid url '${m.url}' for maintainer '${m.name}'`;
  }
  return undefined;
}

function validateSources(cf: Metadata): string | undefined {
  for (const s of cf.sources ?? []) {
    if (s === '' || !isRequestURL(s)) return `invalid source URL '${s}'`;
  }
  return undefined;
}

function validateType(cf: Metadata): string | undefined {
  if (cf.type && cf.apiVersion !== 'v2') {
    return `chart type is not valid in apiVersion '${cf.apiVersion ?? ''}'. It is valid in apiVersion 'v2'`;
  }
  return undefined;
}

function validateDependencies(cf: Metadata): string | undefined {
  if ((cf.dependencies ?? []).length > 0 && cf.apiVersion !== 'v2') {
    return `dependencies are not valid in the Chart file with apiVersion '${cf.apiVersion ?? ''}'. They are valid in apiVersion 'v2'`;
  }
  return undefined;
}
