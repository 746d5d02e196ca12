// values.schema.json validation per chart and subchart (Helm's ValidateAgainstSchema), with
// errors worded as santhosh-tekuri/jsonschema v6 prints them (`- at '/path': message`).
import type { Chart } from '../chart/chart.js';
import { GoInt, GoList, GoMap, typeOf, utf8DecodeText, type Value } from '../go/value.js';
import { parseJson } from '../yaml/index.js';
import { JNum, JsonSyntaxError, SchemaCompileError, validateJsonSchema, type IVal } from './jsonschema.js';

/**
 * Values as the validator sees them: float64 stay numbers, int64 keep their digits. Built on an
 * explicit stack: `--set a[0][0]…` nests lists far deeper than the JS stack goes.
 */
function toInstance(root: Value): IVal {
  const pending: [GoMap | GoList, Map<string, IVal> | IVal[]][] = [];
  const shell = (v: Value): IVal => {
    if (v instanceof GoMap) {
      const m = new Map<string, IVal>();
      pending.push([v, m]);
      return m;
    }
    if (v instanceof GoList) {
      const a: IVal[] = [];
      pending.push([v, a]);
      return a;
    }
    if (v instanceof GoInt) return new JNum(v.v.toString());
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    return String(v);
  };
  const out = shell(root);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [src, dst] = next;
    if (src instanceof GoMap) for (const [k, x] of src.entries) (dst as Map<string, IVal>).set(k, shell(x));
    else for (const x of src.items) (dst as IVal[]).push(shell(x));
  }
  return out;
}

/** jsonschema.UnmarshalJSON's errors: json.Decoder texts for a stream. */
function jsonError(text: string): string {
  if (text.trim() === '') return 'EOF';
  try {
    parseJson(text);
  } catch (err) {
    const msg = (err as Error).message;
    if (msg === 'unexpected end of JSON input') return 'unexpected EOF';
    if (msg.endsWith('after top-level value')) return 'invalid character after top-level value';
    return msg;
  }
  return 'invalid character after top-level value';
}

/** ValidateAgainstSingleSchema: the problem text, or undefined when the values conform. */
export function validateAgainstSingleSchema(
  values: GoMap,
  schemaJson: Uint8Array,
  text = utf8DecodeText(schemaJson),
): string | undefined {
  try {
    const out = validateJsonSchema(text, toInstance(values));
    if (out === undefined) return undefined;
    return `${out.replace(/^jsonschema validation failed with 'file:\/\/\/values\.schema\.json#'\n/, '')}\n`;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return jsonError(text);
    if (err instanceof SchemaCompileError) return err.message;
    // Reading, compiling and validating keep nesting on arrays; should any other walk run out of
    // JS stack, say so in words, not V8's text.
    if (err instanceof RangeError && /call stack/i.test(err.message))
      return `unable to validate schema: the schema or values nest deeper than this process's JavaScript stack allows (run node with --stack-size=6000, as bin/rudder does)`;
    return `unable to validate schema: ${(err as Error).message}`;
  }
}

/** ValidateAgainstSchema: this chart's schema, then each subchart's on its own values. */
export function validateValuesAgainstSchema(
  chart: Chart,
  values: GoMap,
  debug: (msg: string, attrs: Record<string, string>) => void = () => {},
): string | undefined {
  let sb = '';
  if (chart.schema) {
    debug('chart name', { 'chart-name': chart.name });
    // decoded once, for the debug line and the validator
    const text = utf8DecodeText(chart.schema);
    debug('unmarshalled JSON schema', { schema: text });
    const err = validateAgainstSingleSchema(values, chart.schema, text);
    if (err) sb += `${chart.name}:\n${err}`;
  }
  debug('number of dependencies in the chart', {
    chart: chart.name,
    dependencies: String(chart.dependencies.length),
  });
  for (const sub of chart.dependencies) {
    const raw = values.entries.get(sub.name);
    if (raw === undefined || raw === null) continue;
    if (!(raw instanceof GoMap && raw.type === 'map[string]interface {}')) {
      sb += `${sub.name}:\ninvalid type for values: expected object (map), got ${typeOf(raw)}\n`;
      continue;
    }
    const err = validateValuesAgainstSchema(sub, raw, debug);
    if (err) sb += err;
  }
  return sb.length > 0 ? sb : undefined;
}
