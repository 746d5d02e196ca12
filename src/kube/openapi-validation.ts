// Helm's Build(manifest, validate): kubectl's client-side schema validation. It runs only where the
// server cannot validate fields itself; every kind a current API server serves (CRDs included)
// supports server-side field validation, but a `v1 List` document never does, so its items are
// checked against the server's OpenAPI v2 definitions, with kube-openapi's error texts. Unknown
// kinds are skipped (the builder's mapping reports them).
import type { KubeClient } from './client.js';
import { marshalJson, parseYaml, splitYamlDocuments } from '../yaml/index.js';

interface V2Schema {
  $ref?: string;
  type?: string[] | string;
  properties?: Record<string, V2Schema>;
  additionalProperties?: V2Schema | boolean;
  items?: V2Schema | V2Schema[];
  required?: string[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

interface V2Document {
  definitions?: Record<string, V2Schema>;
}

export class OpenApiValidationError extends Error {
  override name = 'OpenApiValidationError';
}

const documents = new WeakMap<KubeClient, Promise<V2Document>>();

function openApiV2(client: KubeClient): Promise<V2Document> {
  let d = documents.get(client);
  if (!d) {
    d = client.requestJson<V2Document>({ method: 'GET', path: '/openapi/v2' });
    documents.set(client, d);
  }
  return d;
}

/** Validates the `kind: List` documents of a manifest as helm's Build does with validate=true. */
export async function validateManifestLists(client: KubeClient, manifest: string): Promise<void> {
  let doc: V2Document | undefined;
  for (const text of splitYamlDocuments(manifest)) {
    if (text.trim() === '') continue;
    let obj: unknown;
    try {
      const v = parseYaml(text);
      if (v === null) continue;
      obj = JSON.parse(marshalJson(v));
    } catch {
      continue; // the builder reports what does not parse
    }
    if (!isMap(obj) || obj['apiVersion'] !== 'v1' || obj['kind'] !== 'List') continue;
    doc ??= await openApiV2(client);
    const errs = validateList(obj, doc.definitions ?? {});
    if (errs.length > 0)
      throw new OpenApiValidationError(`error validating "": error validating data: ${aggregate(errs)}`);
  }
}

/** k8s.io/apimachinery's aggregate error text: one message bare, several deduplicated in brackets. */
function aggregate(errs: string[]): string {
  if (errs.length === 1) return errs[0]!;
  const seen = [...new Set(errs)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function validateList(list: Record<string, unknown>, defs: Record<string, V2Schema>): string[] {
  const items = list['items'];
  if (!Array.isArray(items)) return ['invalid object to validate'];
  const errs: string[] = [];
  for (const item of items) {
    if (!isMap(item)) {
      errs.push('invalid object to validate');
      continue;
    }
    const kindErrs: string[] = [];
    const av = item['apiVersion'];
    if (av === undefined || av === null) kindErrs.push('apiVersion not set');
    else if (typeof av !== 'string') kindErrs.push("apiVersion isn't string type");
    const kind = item['kind'];
    if (kind === undefined || kind === null) kindErrs.push('kind not set');
    else if (typeof kind !== 'string') kindErrs.push("kind isn't string type");
    if (kindErrs.length > 0) {
      errs.push(...kindErrs);
      continue;
    }
    const [group, version] = (av as string).includes('/') ? (av as string).split('/', 2) : ['', av as string];
    const name = Object.keys(defs).find((n) =>
      (defs[n]!['x-kubernetes-group-version-kind'] ?? []).some(
        (g) => g.group === group && g.version === version && g.kind === kind,
      ),
    );
    if (name === undefined) continue; // not in the schema: not validated
    errs.push(...new Validator(defs).visit(item, defs[name]!, name, kind as string));
  }
  return errs;
}

type Shape = 'primitive' | 'map' | 'array' | 'kind' | 'arbitrary';

function types(s: V2Schema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

/** kube-openapi's reading of a schema: Kind (properties), Map, Array, Primitive or Arbitrary. */
function shapeOf(s: V2Schema): Shape {
  const t = types(s);
  if (t.length === 0) return s.properties ? 'kind' : 'arbitrary';
  if (t[0] === 'object') return s.properties ? 'kind' : 'map';
  if (t[0] === 'array') return 'array';
  return 'primitive';
}

function valueKind(v: unknown): string {
  if (typeof v === 'boolean') return 'boolean';
  // apimachinery's JSON decoding: integral numbers become int64, the others float64.
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'map';
}

class Validator {
  constructor(private readonly defs: Record<string, V2Schema>) {}

  /** Errors of `value` at item path `path` against schema `s` whose own path is `sPath`. */
  visit(value: unknown, s: V2Schema, sPath: string, path: string): string[] {
    if (s.$ref) {
      const ref = s.$ref.replace(/^#\/definitions\//, '');
      const sub = this.defs[ref];
      return sub ? this.visit(value, sub, ref, path) : [];
    }
    const shape = shapeOf(s);
    if (shape === 'arbitrary') return [];
    const actual = valueKind(value);
    const bad = (expected: string) => [
      `ValidationError(${path}): invalid type for ${sPath}: got "${actual}", expected "${expected}"`,
    ];
    if (shape === 'primitive') {
      const want = types(s)[0]!;
      if (actual === 'map' || actual === 'array') return bad(want);
      if (want === 'string') return [];
      if ((want === 'integer' || want === 'number') && (actual === 'integer' || actual === 'number'))
        return [];
      if (want === 'boolean' && actual === 'boolean') return [];
      return bad(want);
    }
    if (shape === 'array') {
      if (actual !== 'array') return bad('array');
      const sub = Array.isArray(s.items) ? s.items[0] : s.items;
      const errs: string[] = [];
      (value as unknown[]).forEach((v, i) => {
        const p = `${path}[${i}]`;
        if (v === null) errs.push(`ValidationError(${p}): unknown object type "nil" in ${p}`);
        else if (sub) errs.push(...this.visit(v, sub, sPath, p));
      });
      return errs;
    }
    if (actual !== 'map') return bad('map');
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    const errs: string[] = [];
    if (shape === 'map') {
      const sub = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      for (const k of keys) {
        const p = `${path}.${k}`;
        if (obj[k] === null) errs.push(`unknown object type "nil" in ${p}`);
        else if (sub) errs.push(...this.visit(obj[k], sub, sPath, p));
      }
      return errs;
    }
    const props = s.properties ?? {};
    for (const k of keys) {
      if (obj[k] === null) continue;
      const field = props[k];
      if (!field) {
        errs.push(`ValidationError(${path}): unknown field "${k}" in ${sPath}`);
        continue;
      }
      errs.push(...this.visit(obj[k], field, `${sPath}.${k}`, `${path}.${k}`));
    }
    for (const r of s.required ?? [])
      if (obj[r] === undefined || obj[r] === null)
        errs.push(`ValidationError(${path}): missing required field "${r}" in ${sPath}`);
    return errs;
  }
}
