// What Helm's lint reads from each document of a rendered template or CRD file: apimachinery's
// YAMLOrJSONDecoder (documents split on `---` lines) decoding into a stub with apiVersion, kind,
// metadata.name and metadata.namespace, through sigs.k8s.io/yaml (scalars bound for strings
// become text; other type mismatches are encoding/json errors).
import { GoList, GoMap, type Value } from '../../go/value.js';
import { parseJsonPrefix, parseYaml } from '../../yaml/index.js';

export interface K8sStub {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

/** One decoded document: a stub, null for an empty document, or the error text. */
export type DecodedDoc = { stub: K8sStub | null } | { error: string };

const STRUCT = 'rules.k8sYamlStruct';

function jsonKind(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoList) return 'array';
  if (v instanceof GoMap) return 'object';
  return 'number';
}

const unmarshalError = (what: string): string =>
  `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${what}`;

function field(m: GoMap, name: string): Value | undefined {
  if (m.entries.has(name)) return m.entries.get(name);
  for (const [k, v] of m.entries) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

const stringFields = (path: readonly string[]): boolean => {
  const p = path.map((s) => s.toLowerCase());
  if (p.length === 1) return p[0] === 'apiversion' || p[0] === 'kind';
  return p.length === 2 && p[0] === 'metadata' && (p[1] === 'name' || p[1] === 'namespace');
};

/** Decodes one parsed document into the stub, with encoding/json's first type error. */
export function toStub(doc: Value): DecodedDoc {
  if (doc === null) return { stub: null };
  if (!(doc instanceof GoMap))
    return { error: unmarshalError(`${jsonKind(doc)} into Go value of type ${STRUCT}`) };
  const stub: K8sStub = { apiVersion: '', kind: '', name: '', namespace: '' };
  let first: string | undefined;
  const str = (v: Value | undefined, goField: string): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    first ??= unmarshalError(`${jsonKind(v)} into Go struct field ${goField} of type string`);
    return '';
  };
  // encoding/json walks the object's keys in order; sigs.k8s.io/yaml emits them sorted.
  const keys = [...doc.entries.keys()].sort();
  for (const k of keys) {
    const lk = k.toLowerCase();
    const v = doc.entries.get(k) ?? null;
    if (lk === 'apiversion') stub.apiVersion = str(v, 'k8sYamlStruct.apiVersion');
    else if (lk === 'kind') stub.kind = str(v, 'k8sYamlStruct.Kind');
    else if (lk === 'metadata') {
      if (v === null) continue;
      if (!(v instanceof GoMap)) {
        first ??= unmarshalError(
          `${jsonKind(v)} into Go struct field k8sYamlStruct.Metadata of type rules.k8sYamlMetadata`,
        );
        continue;
      }
      for (const mk of [...v.entries.keys()].sort()) {
        const mv = v.entries.get(mk) ?? null;
        if (mk.toLowerCase() === 'name') stub.name = str(mv, 'k8sYamlStruct.Metadata.Name');
        else if (mk.toLowerCase() === 'namespace')
          stub.namespace = str(mv, 'k8sYamlStruct.Metadata.Namespace');
      }
    }
  }
  return first !== undefined ? { error: first } : { stub };
}

/** Splits like apimachinery's YAMLReader; a bad separator line ends the stream with an error. */
function* yamlChunks(content: string): Generator<{ chunk: string } | { error: string }> {
  const lines = content.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let buffer = '';
  for (const line of lines) {
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && !trimmed.startsWith('#')) {
        yield { error: `invalid Yaml document separator: ${trimmed}` };
        return;
      }
      if (buffer.length > 0) {
        yield { chunk: buffer };
        buffer = '';
      }
      continue;
    }
    buffer += line;
  }
  if (buffer.length > 0) yield { chunk: buffer };
}

/** Every document of a rendered file (or CRD file), decoded as Helm's lint decodes it. */
export function* decodeK8sDocuments(content: string): Generator<DecodedDoc> {
  if (/^\s*\{/.test(content)) {
    let rest = content;
    while (rest.trim() !== '') {
      try {
        const [v, n] = parseJsonPrefix(rest);
        rest = rest.slice(n);
        yield toStub(v);
      } catch (err) {
        yield { error: (err as Error).message };
        return;
      }
    }
    return;
  }
  for (const c of yamlChunks(content)) {
    if ('error' in c) {
      yield { error: c.error };
      return;
    }
    let doc: Value;
    try {
      doc = parseYaml(c.chunk, 'any', { stringFields });
    } catch (err) {
      yield { error: (err as Error).message };
      return;
    }
    yield toStub(doc);
  }
}

/** validateListAnnotations: a List whose items carry helm.sh/resource-policy. */
export function listAnnotationsProblem(manifest: string): string | undefined {
  let doc: Value;
  try {
    doc = parseYaml(manifest, 'any');
  } catch (err) {
    const first = manifest.split(/^---[^\n]*\n/m).find((d) => d.trim() !== '') ?? '';
    try {
      doc = parseYaml(first, 'any');
    } catch {
      return `unable to parse YAML: ${(err as Error).message}`;
    }
  }
  if (!(doc instanceof GoMap)) return undefined;
  const items = field(doc, 'items');
  if (!(items instanceof GoList)) return undefined;
  for (const item of items.items) {
    if (!(item instanceof GoMap)) continue;
    const md = field(item, 'metadata');
    if (!(md instanceof GoMap)) continue;
    const ann = field(md, 'annotations');
    if (ann instanceof GoMap && ann.entries.has('helm.sh/resource-policy')) {
      return "annotation 'helm.sh/resource-policy' within List objects are ignored";
    }
  }
  return undefined;
}
