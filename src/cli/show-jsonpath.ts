// `helm show values --jsonpath`: client-go's JSONPath over the chart's values, for templates of
// text and field paths (`{.a.b}`, `{.list[0]}`, `{.list[-1]}`, `{}`); ranges, filters, wildcards,
// slices and unions are refused. As in helm, a path that finds nothing makes the whole output empty
// (Execute's error is dropped), maps and lists print as JSON, scalars as fmt's %v.
import { formatValue } from '../go/fmt/print.js';
import { GoList, GoMap, type Value } from '../go/value.js';
import { marshalJson } from '../yaml/json.js';

type Step = { field: string } | { index: number };
type Part = { text: string } | { path: Step[] };

class Missing extends Error {}

function parsePath(action: string, bin: string): Step[] {
  let s = action.trim();
  if (s.startsWith('$')) s = s.slice(1);
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(-?\d+)\]/y;
  let at = 0;
  while (at < s.length) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) throw new Error(`${bin} show values does not support this --jsonpath yet: {${action}}`);
    steps.push(m[1] !== undefined ? { field: m[1] } : { index: Number(m[2]) });
    at = re.lastIndex;
  }
  return steps;
}

/** Parses the template; errors as `error parsing jsonpath <template>: …`. */
export function parseJsonPath(template: string, bin: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      parts.push({ text: template.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: template.slice(i, open) });
    const close = template.indexOf('}', open);
    if (close < 0) throw new Error(`error parsing jsonpath ${template}: unclosed action`);
    parts.push({ path: parsePath(template.slice(open + 1, close), bin) });
    i = close + 1;
  }
  return parts;
}

function walk(v: Value, steps: Step[]): Value {
  let cur = v;
  for (const s of steps) {
    if ('field' in s) {
      if (!(cur instanceof GoMap) || !cur.entries.has(s.field)) throw new Missing();
      cur = cur.get(s.field) as Value;
    } else {
      if (!(cur instanceof GoList)) throw new Missing();
      const n = s.index < 0 ? cur.items.length + s.index : s.index;
      if (n < 0 || n >= cur.items.length) throw new Missing();
      cur = cur.items[n] as Value;
    }
  }
  return cur;
}

function print(v: Value): string {
  if (v instanceof GoMap || v instanceof GoList) return marshalJson(v);
  if (v === null) return 'null';
  return formatValue(v, 'v');
}

/** The text helm prints for the values, or '' when a path finds nothing. */
export function runJsonPath(parts: Part[], values: GoMap): string {
  let out = '';
  try {
    for (const p of parts) out += 'text' in p ? p.text : print(walk(values, p.path));
  } catch (err) {
    if (err instanceof Missing) return '';
    throw err;
  }
  return out;
}
