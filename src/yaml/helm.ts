// The template functions Helm 4 and Sprig define on top of YAML and JSON, with their error
// handling: toYaml/toJson swallow errors into "", the must* forms raise them, fromYaml/fromJson
// report errors inside the returned value.
import { GoError, GoList, GoMap, type Value } from '../go/value.js';
import { marshalJson } from './json.js';
import { JsonRangeError, parseJson } from './json-parse.js';

export { toYaml, mustToYaml } from './encode.js';

const swallow = (f: () => string): string => {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
};

/** Helm's toJson: json.Marshal, "" on error. */
export const toJson = (v: Value): string => swallow(() => marshalJson(v));

/** Helm 4's mustToJson: json.Marshal, raising its error. */
export const mustToJson = (v: Value): string => marshalJson(v);

/** Sprig's toRawJson: no HTML escaping; its error is raised (Sprig panics). */
export const toRawJson = (v: Value): string => marshalJson(v, { escapeHTML: false, viaPointer: true });

/** Sprig's toPrettyJson: MarshalIndent with two spaces, "" on error. */
export const toPrettyJson = (v: Value): string => swallow(() => marshalJson(v, { indent: '  ' }));

/** Helm's fromJson: a map; a failure is reported as its `Error` key. */
export function fromJson(text: string): GoMap {
  try {
    const v = parseJson(text, 'map[string]interface {}');
    return v instanceof GoMap ? v : new GoMap();
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    // Go fills what it could decode and then sets Error on the same map.
    const m =
      e instanceof JsonRangeError && e.partial instanceof GoMap
        ? new Map(e.partial.entries)
        : new Map<string, Value>();
    m.set('Error', e.message);
    return new GoMap(m);
  }
}

/** Helm's fromJsonArray: a list; a failure becomes its only item. */
export function fromJsonArray(text: string): GoList {
  try {
    const v = parseJson(text, '[]interface {}');
    return v instanceof GoList ? v : new GoList([]);
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    return new GoList([e.message]);
  }
}
