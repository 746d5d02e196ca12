// YAML and JSON with Helm's semantics: the one import for the rest of Rudder.
export { toYaml, mustToYaml, marshalYaml, formatYamlFloat } from './encode.js';
export { toYamlPretty } from './pretty.js';
export { toJson, mustToJson, toRawJson, toPrettyJson, fromJson, fromJsonArray } from './helm.js';
export {
  marshalJson,
  quoteJsonString,
  formatJsonFloat,
  type JsonMarshaler,
  type MarshalOptions,
} from './json.js';
export { parseJson, parseJsonPrefix, JsonSyntaxError, type JsonTarget } from './json-parse.js';
export { parseYaml, fromYaml, fromYamlArray, type YamlTarget, type ParseYamlOptions } from './decode.js';
export { splitYamlDocuments, parseYamlDocuments, loadValues, mergeMaps } from './documents.js';
export { resolvePlain, needsQuotes, type Resolved } from './resolve.js';
export { naturalLess, sortKeysNatural } from './sort.js';
