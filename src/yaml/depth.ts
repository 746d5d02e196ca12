// Nesting limits on the way from YAML text to a Go value: go-yaml's flow levels (in the text)
// and encoding/json's depth (on the decoded value, aliases expanded); both walks use no recursion.
import { GoList, GoMap, type Value } from '../go/value.js';

/** go-yaml's max_flow_level and max_indents; encoding/json's maxNestingDepth. */
export const MAX_DEPTH = 10000;

/** The 0-based line where flow nesting passes go-yaml's limit, or -1 (quotes are skipped roughly). */
export function flowTooDeep(text: string): number {
  if (text.length <= MAX_DEPTH) return -1;
  let depth = 0;
  let line = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (quote !== '') {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = depth > 0 ? c : '';
    else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return line;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return -1;
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * encoding/json's depth rule on the decoded value (aliases expanded): the first `[` or `{`, in
 * json.Marshal's order (map keys sorted by bytes), that opens a 10001st level; walked on an array.
 */
export function jsonTooDeep(root: Value): '[' | '{' | undefined {
  const todo: [Value, number][] = [[root, 1]];
  while (todo.length > 0) {
    const [v, d] = todo.pop() as [Value, number];
    if (!(v instanceof GoList || v instanceof GoMap)) continue;
    if (d > MAX_DEPTH) return v instanceof GoList ? '[' : '{';
    const kids =
      v instanceof GoList
        ? v.items
        : [...v.entries.keys()].sort(byteOrder).map((k) => v.entries.get(k) as Value);
    for (let i = kids.length - 1; i >= 0; i--) todo.push([kids[i] as Value, d + 1]);
  }
  return undefined;
}
