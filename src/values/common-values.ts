// Helm's common.Values (pkg/chart/common/values.go): the named map type of `.Values`, of the
// top-level data, of `.Template` and of every table Values.Table returns. Its methods all
// have value receivers, so any common.Values has them, and in a template a method wins over
// a map key of the same name: `.Values.Table` calls Table even when values hold a "Table" key.
// Nested maps (`.Values.sub`) are plain map[string]interface {} without methods.
import { GoError, GoFunc, GoList, GoMap, MethodSet, type GoSignature, type Value } from '../go/value.js';
import { quote } from '../go/strconv/format-quote.js';
import { marshalYaml } from '../yaml/index.js';

export const VALUES_TYPE = 'common.Values';
const MAP_TYPE = 'map[string]interface {}';

const sig = (params: string[], results: string[], returnsError = false): GoSignature => ({
  params,
  results,
  returnsError,
});

/** A common.Values over these entries (shared, not copied: Helm hands the same map around). */
export function commonValues(entries: Map<string, Value>, nil = false): GoMap {
  return new GoMap(entries, VALUES_TYPE, 'interface {}', nil, VALUES_METHODS);
}

const isTable = (v: Value | undefined): v is GoMap =>
  v instanceof GoMap && (v.type === MAP_TYPE || v.type === VALUES_TYPE);

/** Values.Table: the sub-table at a dotted path, as a common.Values; ErrNoTable otherwise. */
export function valuesTable(v: GoMap, name: string): GoMap {
  let t = v;
  for (const part of name.split('.')) {
    const next = t.entries.get(part);
    if (!isTable(next)) throw new GoError(`${quote(part)} is not a table`);
    t = next;
  }
  return t.type === VALUES_TYPE ? t : commonValues(t.entries, t.nil);
}

/** Values.PathValue: the non-table value at a dotted path; ErrNoValue otherwise. */
export function valuesPathValue(v: GoMap, path: string): Value {
  if (path === '') throw new GoError('YAML path cannot be empty');
  const parts = path.split('.');
  const key = parts.pop()!;
  let t = v;
  if (parts.length > 0) {
    try {
      t = valuesTable(v, parts.join('.'));
    } catch {
      throw new GoError(`${quote(key)} is not a value`);
    }
  }
  // Go's istable: only a plain map[string]interface{} counts as a table here.
  const found = t.entries.get(key);
  if (found !== undefined && !(found instanceof GoMap && found.type === MAP_TYPE)) return found;
  throw new GoError(`${quote(key)} is not a value`);
}

/**
 * The method set of common.Values, all value receivers. `method` runs for every field lookup on
 * a Values (`.Values.x`, `.Release`), so it holds no closure itself: one would make it allocate
 * a context per call, method or not.
 */
class ValuesMethods extends MethodSet {
  override method(name: string, self: GoMap | GoList): GoFunc | undefined {
    if (!(self instanceof GoMap)) return undefined;
    switch (name) {
      case 'YAML':
      case 'Table':
      case 'AsMap':
      case 'Encode':
      case 'PathValue':
        return valuesMethod(name, self);
    }
    return undefined;
  }
}

function valuesMethod(name: string, self: GoMap): GoFunc | undefined {
  switch (name) {
    case 'YAML':
      return new GoFunc('YAML', sig([], ['string'], true), () => marshalYaml(self));
    case 'Table':
      return new GoFunc('Table', sig(['string'], [VALUES_TYPE], true), (n) => valuesTable(self, n as string));
    case 'AsMap':
      // An empty Values gives a fresh empty map; otherwise the same map, retyped.
      return new GoFunc('AsMap', sig([], [MAP_TYPE]), () =>
        self.size === 0 ? new GoMap(new Map()) : new GoMap(self.entries),
      );
    case 'Encode':
      // A template can only pass nil as the io.Writer, and writing to it panics.
      return new GoFunc('Encode', sig(['io.Writer'], ['error']), () => {
        marshalYaml(self);
        throw new GoError('runtime error: invalid memory address or nil pointer dereference');
      });
    case 'PathValue':
      return new GoFunc('PathValue', sig(['string'], ['interface {}'], true), (p) =>
        valuesPathValue(self, p as string),
      );
  }
  return undefined;
}

const VALUES_METHODS = new ValuesMethods();
