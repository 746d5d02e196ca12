// Helm's Values.Table and Values.PathValue: dotted lookups into a values tree.
import { GoMap, type Value } from '../go/value.js';

export class NoTableError extends Error {
  constructor(readonly key: string) {
    super(`${JSON.stringify(key)} is not a table`);
  }
}

export class NoValueError extends Error {
  constructor(readonly key: string) {
    super(`${JSON.stringify(key)} is not a value`);
  }
}

const isPlainTable = (v: Value | undefined): v is GoMap =>
  v instanceof GoMap && v.type === 'map[string]interface {}';

/** Values.Table: walks `a.b.c` through nested maps; the last reached table and an error when a step fails. */
export function table(values: GoMap, name: string): GoMap {
  let t = values;
  for (const part of name.split('.')) {
    const v = t.entries.get(part);
    if (v === undefined) throw new NoTableError(part);
    if (v instanceof GoMap && (v.type === 'map[string]interface {}' || v.type === 'common.Values')) t = v;
    else throw new NoTableError(part);
  }
  return t;
}

/** Values.PathValue: the non-table value at a dotted path. */
export function pathValue(values: GoMap, path: string): Value {
  if (path === '') throw new Error('YAML path cannot be empty');
  const parts = path.split('.');
  const key = parts.pop()!;
  let t: GoMap = values;
  if (parts.length > 0) {
    try {
      t = table(values, parts.join('.'));
    } catch {
      throw new NoValueError(key);
    }
  }
  if (t.entries.has(key)) {
    const v = t.entries.get(key)!;
    if (!isPlainTable(v)) return v;
  }
  throw new NoValueError(key);
}
