// `helm show values --jsonpath`: client-go's JSONPath (src/jsonpath) over the chart's values.
// A parse error is helm's `error parsing jsonpath <template>: …`; an evaluation error is
// dropped by helm (Show.Run ignores Execute's error), so the output is then empty.
import type { GoMap } from '../go/value.js';
import { executeJsonPath } from '../jsonpath/eval.js';
import { JsonPathParseError, parseTemplate, type ListNode } from '../jsonpath/parser.js';

/** Parses the template; errors as `error parsing jsonpath <template>: …`. */
export function parseJsonPath(template: string): ListNode {
  try {
    return parseTemplate(template);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new Error(`error parsing jsonpath ${template}: ${e.message}`);
    throw e;
  }
}

/** The text helm prints for the values, or '' when evaluation fails. */
export function runJsonPath(template: ListNode, values: GoMap): string {
  return executeJsonPath(template, values) ?? '';
}
