// Lint rules for values.yaml (Helm's rules/values.go): it must parse, and the values (with the
// user's overrides coalesced in) must satisfy values.schema.json when there is one.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GoList, GoMap, type Value } from '../../go/value.js';
import { coalesceTables, deepCopy, type Warn } from '../../values/coalesce.js';
import { validateAgainstSingleSchema } from '../../values/schema.js';
import { parseYaml } from '../../yaml/index.js';
import { Severity, type Linter } from './support.js';
import { goReadFile } from '../../go/fs-error.js';

const FILE = 'values.yaml';

export function lintValues(
  linter: Linter,
  overrides: GoMap,
  skipSchemaValidation: boolean,
  warn: Warn,
): void {
  const path = join(linter.chartDir, FILE);
  let exists = true;
  try {
    statSync(path);
  } catch {
    exists = false;
  }
  if (!linter.rule(Severity.Info, FILE, exists ? undefined : 'file does not exist')) return;
  linter.rule(
    Severity.Error,
    FILE,
    validateValuesFile(linter.chartDir, path, overrides, skipSchemaValidation, warn),
  );
}

function kindOf(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoList) return 'array';
  return 'number';
}

function validateValuesFile(
  dir: string,
  path: string,
  overrides: GoMap,
  skip: boolean,
  warn: Warn,
): string | undefined {
  let values: GoMap;
  try {
    const doc = parseYaml(new TextDecoder().decode(goReadFile(path)), 'any');
    if (doc === null) values = new GoMap();
    else if (doc instanceof GoMap) values = doc;
    else {
      throw new Error(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kindOf(doc)} into Go value of type common.Values`,
      );
    }
  } catch (err) {
    return `unable to parse YAML: ${(err as Error).message}`;
  }
  const coalesced = coalesceTables(
    warn,
    coalesceTables(warn, new GoMap(), deepCopy(overrides) as GoMap),
    values,
  );
  let schema: Uint8Array;
  try {
    schema = readFileSync(join(dir, 'values.schema.json'));
  } catch {
    return undefined;
  }
  if (schema.length === 0 || skip) return undefined;
  const problem = validateAgainstSingleSchema(coalesced, schema);
  return problem;
}
