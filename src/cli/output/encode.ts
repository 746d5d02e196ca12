// Helm's output encoders (pkg/cli/output): EncodeJSON is json.Encoder (compact, HTML-escaped, one
// line), EncodeYAML is sigs.k8s.io/yaml (the JSON read back and written by go-yaml v2, keys sorted).
// Go structs keep their field order in JSON while maps are sorted, so a tree says which is which:
// a `Struct` keeps its order, a plain object is a map.
import { formatJsonFloat, quoteJsonString } from '../../yaml/json.js';
import { parseJson } from '../../yaml/json-parse.js';
import { marshalYaml } from '../../yaml/encode.js';
import { compareUtf8 } from '../../yaml/utf8.js';

export type JsonNode =
  | null
  | boolean
  | number
  | string
  | readonly JsonNode[]
  | Struct
  | { readonly [key: string]: JsonNode | undefined };

/** A Go struct's JSON form: fields in declaration order; undefined fields are left out (omitempty). */
export class Struct {
  constructor(readonly fields: Readonly<Record<string, JsonNode | undefined>>) {}
}

export const struct = (fields: Record<string, JsonNode | undefined>): Struct => new Struct(fields);

function write(v: JsonNode | undefined, out: string[]): void {
  if (v === null || v === undefined) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number':
      out.push(formatJsonFloat(v));
      return;
    case 'string':
      out.push(quoteJsonString(v, true));
      return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    (v as readonly JsonNode[]).forEach((x, i) => {
      if (i > 0) out.push(',');
      write(x, out);
    });
    out.push(']');
    return;
  }
  const isStruct = v instanceof Struct;
  const rec = (isStruct ? v.fields : v) as Readonly<Record<string, JsonNode | undefined>>;
  let keys = Object.keys(rec).filter((k) => rec[k] !== undefined);
  if (!isStruct) keys = keys.sort(compareUtf8);
  out.push('{');
  keys.forEach((k, i) => {
    if (i > 0) out.push(',');
    out.push(quoteJsonString(k, true), ':');
    write(rec[k], out);
  });
  out.push('}');
}

/** json.Marshal of the tree. */
export function marshalJsonNode(v: JsonNode): string {
  const out: string[] = [];
  write(v, out);
  return out.join('');
}

/** output.EncodeJSON: json.Encoder.Encode, with its final newline. */
export function encodeJson(v: JsonNode): string {
  return marshalJsonNode(v) + '\n';
}

/** output.EncodeYAML: sigs.k8s.io/yaml.Marshal of the tree. */
export function encodeYaml(v: JsonNode): string {
  return marshalYaml(parseJson(marshalJsonNode(v)));
}
