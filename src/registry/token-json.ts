// oras-go's token responses read as json.NewDecoder(io.LimitReader(body, 128 KiB)).Decode(&result)
// into an anonymous struct of string fields: one JSON value from the start (what follows it is
// never read), keys matched to the tags exactly or case-insensitively (last one wins), null left
// alone, any other kind a type error reported after the whole value decoded, with Go's texts.
import { GoError, GoList, GoMap, type Value } from '../go/value.js';
import { parseJsonPrefix } from '../yaml/json-parse.js';

/** oras-go's maxResponseBytes. */
export const MAX_TOKEN_RESPONSE = 128 * 1024;

/** A struct field: its Go name and json tag. */
export interface TokenField {
  goName: string;
  tag: string;
}

export const DISTRIBUTION_TOKEN: readonly TokenField[] = [
  { goName: 'Token', tag: 'token' },
  { goName: 'AccessToken', tag: 'access_token' },
];
export const OAUTH2_TOKEN: readonly TokenField[] = [{ goName: 'AccessToken', tag: 'access_token' }];

/** reflect's String of the anonymous struct type. */
const structType = (fields: readonly TokenField[]): string =>
  `struct { ${fields.map((f) => `${f.goName} string ${JSON.stringify(`json:"${f.tag}"`)}`).join('; ')} }`;

/** The JSON kind Go names in an UnmarshalTypeError. */
function kind(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoMap) return 'object';
  if (v instanceof GoList) return 'array';
  return 'number';
}

/** The fields' values by tag ('' when absent), or a GoError with json's text. */
export function decodeTokenResponse(body: Uint8Array, fields: readonly TokenField[]): Record<string, string> {
  const text = Buffer.from(body.subarray(0, MAX_TOKEN_RESPONSE)).toString('utf8');
  const [doc] = parseJsonPrefix(text);
  const out: Record<string, string> = {};
  for (const f of fields) out[f.tag] = '';
  if (doc === null) return out;
  if (!(doc instanceof GoMap)) {
    throw new GoError(`json: cannot unmarshal ${kind(doc)} into Go value of type ${structType(fields)}`);
  }
  let first: GoError | undefined;
  for (const [key, v] of doc.entries) {
    const f = fields.find((x) => x.tag === key) ?? fields.find((x) => x.tag === key.toLowerCase());
    if (f === undefined || v === null) continue;
    if (typeof v === 'string') out[f.tag] = v;
    else
      first ??= new GoError(
        `json: cannot unmarshal ${kind(v)} into Go struct field .${f.tag} of type string`,
      );
  }
  if (first) throw first;
  return out;
}
