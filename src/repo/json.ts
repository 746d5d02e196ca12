// json.MarshalIndent for trees whose GoMaps are already in the order Go writes them (struct
// fields in declaration order, map keys sorted by the builder).
import { GoList, GoMap, type Value } from '../go/value.js';
import { marshalJson, quoteJsonString } from '../yaml/json.js';

export function marshalOrderedJson(v: Value, indent = '  '): string {
  const out: string[] = [];
  const write = (x: Value, depth: number): void => {
    if (x instanceof GoList) {
      if (x.items.length === 0) {
        out.push('[]');
        return;
      }
      out.push('[');
      x.items.forEach((item, i) => {
        out.push(i > 0 ? ',\n' : '\n', indent.repeat(depth + 1));
        write(item, depth + 1);
      });
      out.push('\n', indent.repeat(depth), ']');
      return;
    }
    if (x instanceof GoMap) {
      if (x.entries.size === 0) {
        out.push('{}');
        return;
      }
      out.push('{');
      let i = 0;
      for (const [k, item] of x.entries) {
        out.push(i++ > 0 ? ',\n' : '\n', indent.repeat(depth + 1), quoteJsonString(k, true), ': ');
        write(item, depth + 1);
      }
      out.push('\n', indent.repeat(depth), '}');
      return;
    }
    out.push(marshalJson(x));
  };
  write(v, 0);
  return out.join('');
}
