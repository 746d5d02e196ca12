// A JSON-schema validator following santhosh-tekuri/jsonschema v6 (the library Helm 4 uses):
// the same drafts and keyword semantics, the same error tree (`- at '/path': message`, groups,
// allOf/anyOf/oneOf nesting, $ref hoisting) and the same English message texts, numbers
// formatted as golang.org/x/text/message prints them (1,000 and 1.2×10⁰⁶).
import { quote as goQuote } from '../go/strconv/format-quote.js';
import { run } from '../yaml/steps.js';
import { isObj, parseSchemaJson, parseSchemaFast } from './jsonschema-parse.js';
import { sq, type IVal, typeOf, type VError, K, displayError } from './jsonschema-common.js';
import { SchemaCompileError, draftFromURL, ROOT_URL, Compiler } from './jsonschema-compile.js';
import { Validator } from './jsonschema-validate.js';

export {
  JNum,
  JsonSyntaxError,
  parseSchemaFast,
  parseSchemaJson,
  type JObj,
  type JVal,
} from './jsonschema-parse.js';
export {
  displayError,
  engFloat,
  engInt,
  sq,
  type ErrorKind,
  type IVal,
  type VError,
} from './jsonschema-common.js';
export { SchemaCompileError } from './jsonschema-compile.js';

// ---------------------------------------------------------------- entry point

/** Compiles schemaText and validates the instance: undefined when valid, else Helm's text. */
export function validateJsonSchema(schemaText: string, instance: IVal): string | undefined {
  const doc = parseSchemaFast(schemaText) ?? parseSchemaJson(schemaText);
  // The metaschema's first rule: a schema is an object or a boolean.
  if (!isObj(doc) && typeof doc !== 'boolean')
    throw new SchemaCompileError(
      `${goQuote(`${ROOT_URL}#`)} is not valid against metaschema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': got ${typeOf(doc)}, want boolean or object`,
    );
  let draft = 2020;
  if (isObj(doc)) {
    const sch = doc.get('$schema');
    if (typeof sch === 'string') {
      const d = draftFromURL(sch);
      if (d === undefined) {
        const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(sch);
        const scheme = hasScheme ? sch.slice(0, sch.indexOf(':')) : '';
        if (scheme === 'http' || scheme === 'https')
          throw new SchemaCompileError(`failing loading ${goQuote(sch)}: HTTP request failed for ${sch}`);
        throw new SchemaCompileError(
          `failing loading ${goQuote(sch)}: no URLLoader registered for ${goQuote(sch)}`,
        );
      }
      draft = d;
    }
  }
  const schema = new Compiler(doc, draft).compile(doc);
  const err = run(new Validator(instance, undefined, schema, false, 0).validate());
  if (!err) return undefined;
  const root: VError = {
    instance: undefined,
    kind: K(`jsonschema validation failed with ${sq(`${ROOT_URL}#`)}`, 'schema'),
    causes: err.kind.tag === 'group' ? err.causes : [err],
  };
  return displayError(root);
}
