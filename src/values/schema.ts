// values.schema.json validation per chart and subchart (Helm's ValidateAgainstSchema), with
// errors worded as santhosh-tekuri/jsonschema v6 prints them (`- at '/path': message`).
import { createRequire } from 'node:module';
import type { Chart } from '../chart/chart.js';
import { GoInt, GoList, GoMap, typeOf, type Value } from '../template/value.js';

const require = createRequire(import.meta.url);

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
interface AjvValidate {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
interface AjvInstance {
  compile(schema: unknown): AjvValidate;
}
type AjvCtor = new (opts: Record<string, unknown>) => AjvInstance;

function loadAjv(draft: string): AjvInstance {
  const opts = { allErrors: true, strict: false, validateFormats: true };
  let Ctor: AjvCtor;
  if (draft.includes('draft-04')) Ctor = (require('ajv-draft-04') as { default: AjvCtor }).default;
  else if (draft.includes('draft-06') || draft.includes('draft-07')) Ctor = (require('ajv') as { default: AjvCtor }).default;
  else if (draft.includes('2019-09')) Ctor = (require('ajv/dist/2019') as { default: AjvCtor }).default;
  else Ctor = (require('ajv/dist/2020') as { default: AjvCtor }).default;
  const ajv = new Ctor(opts);
  const addFormats = (require('ajv-formats') as { default: (a: AjvInstance) => void }).default;
  addFormats(ajv);
  return ajv;
}

/** Values as plain JSON for the validator (numbers stay numbers; ints as numbers). */
function toJson(v: Value): unknown {
  if (v instanceof GoMap) {
    const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, x] of v.entries) o[k] = toJson(x);
    return o;
  }
  if (v instanceof GoList) return v.items.map(toJson);
  if (v instanceof GoInt) return Number(v.v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

const jsonType = (x: unknown): string => {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'number') return Number.isInteger(x) ? 'integer' : 'number';
  if (typeof x === 'object') return 'object';
  return typeof x;
};

const quoteList = (xs: unknown[]): string => xs.map((x) => (typeof x === 'string' ? `'${x}'` : JSON.stringify(x))).join(', ');

function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function describe(e: AjvError, data: unknown): string | undefined {
  const p = e.params;
  const found = valueAt(data, e.instancePath);
  switch (e.keyword) {
    case 'type': {
      const want = Array.isArray(p.type) ? (p.type as string[]).join(' or ') : String(p.type);
      return `got ${jsonType(found)}, want ${want}`;
    }
    case 'required':
      return `missing property '${String(p.missingProperty)}'`;
    case 'enum':
      return `value must be one of ${quoteList((p.allowedValues as unknown[]) ?? [])}`;
    case 'const':
      return `value must be ${quoteList([p.allowedValue])}`;
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)} but found ${JSON.stringify(found)}`;
    case 'minLength':
      return `minLength: got ${[...String(found)].length}, want ${String(p.limit)}`;
    case 'maxLength':
      return `maxLength: got ${[...String(found)].length}, want ${String(p.limit)}`;
    case 'minItems':
      return `minItems: got ${(found as unknown[]).length}, want ${String(p.limit)}`;
    case 'maxItems':
      return `maxItems: got ${(found as unknown[]).length}, want ${String(p.limit)}`;
    case 'pattern':
      return `'${String(found)}' does not match pattern '${String(p.pattern)}'`;
    case 'additionalProperties':
      return `additional properties '${String(p.additionalProperty)}' not allowed`;
    case 'format':
      return `'${String(found)}' is not valid ${String(p.format)}`;
    case 'multipleOf':
      return `${JSON.stringify(found)} not multipleOf ${String(p.multipleOf)}`;
    case 'uniqueItems':
      return `items at ${String(p.j)} and ${String(p.i)} are equal`;
    case 'if':
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
      return undefined;
    default:
      return e.message;
  }
}

/** ValidateAgainstSingleSchema: the problem text, or undefined when the values conform. */
export function validateAgainstSingleSchema(values: GoMap, schemaJson: Uint8Array): string | undefined {
  let schema: unknown;
  try {
    schema = JSON.parse(new TextDecoder().decode(schemaJson));
  } catch (err) {
    return `${(err as Error).message}\n`;
  }
  const draft =
    schema !== null && typeof schema === 'object' && typeof (schema as { $schema?: unknown }).$schema === 'string'
      ? (schema as { $schema: string }).$schema
      : '2020-12';
  // Unknown meta-schema URLs (e.g. https://json-schema.org/schema#) mean the latest draft.
  if (schema !== null && typeof schema === 'object' && '$schema' in schema) {
    schema = { ...(schema as Record<string, unknown>) };
    delete (schema as Record<string, unknown>).$schema;
  }
  let validate: AjvValidate;
  try {
    validate = loadAjv(draft).compile(schema);
  } catch (err) {
    return `unable to validate schema: ${(err as Error).message}\n`;
  }
  const data = toJson(values);
  if (validate(data)) return undefined;
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const msg = describe(e, data);
    if (msg === undefined) continue;
    const line = `- at '${e.instancePath}': ${msg}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** ValidateAgainstSchema: this chart's schema, then each subchart's on its own values. */
export function validateValuesAgainstSchema(chart: Chart, values: GoMap): string | undefined {
  let sb = '';
  if (chart.schema) {
    const err = validateAgainstSingleSchema(values, chart.schema);
    if (err) sb += `${chart.name}:\n${err}`;
  }
  for (const sub of chart.dependencies) {
    const raw = values.entries.get(sub.name);
    if (raw === undefined || raw === null) continue;
    if (!(raw instanceof GoMap && raw.type === 'map[string]interface {}')) {
      sb += `${sub.name}:\ninvalid type for values: expected object (map), got ${typeOf(raw)}\n`;
      continue;
    }
    const err = validateValuesAgainstSchema(sub, raw);
    if (err) sb += err;
  }
  return sb.length > 0 ? sb : undefined;
}

