// Multi-document YAML as Helm 4 reads values files: k8s.io/apimachinery's YAMLReader splits
// the stream on `---` lines, each document goes through sigs.k8s.io/yaml.Unmarshal on its own
// (so error lines count from the document's first line), and LoadValues merges the maps,
// later documents winning.
import { GoError, GoMap, type Value } from '../go/value.js';
import { parseYaml, type YamlTarget } from './decode.js';

/**
 * YAMLReader.Read until EOF: the documents' texts (lines end in `\n`, CRLF normalised).
 * A `---` line may be followed only by spaces or a comment; anything else is an error.
 */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let buf = '';
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let line = text.slice(start, end);
    if (nl >= 0 && line.endsWith('\r')) line = line.slice(0, -1);
    start = nl < 0 ? text.length : nl + 1;
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && rest[0] !== '#') throw new GoError(`invalid Yaml document separator: ${rest}`);
      if (buf.length > 0) docs.push(buf);
      buf = '';
      continue;
    }
    buf += line + '\n';
  }
  if (buf.length > 0) docs.push(buf);
  return docs;
}

/** Every document of a stream, each read as sigs.k8s.io/yaml.Unmarshal reads one. */
export function parseYamlDocuments(text: string, target: YamlTarget = 'any'): Value[] {
  return splitYamlDocuments(text).map((d) => parseYaml(d, target));
}

/** Helm 4's MergeMaps: nested maps merge, anything else from `b` replaces. Inputs are not changed. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out = new Map(a.entries);
  for (const [k, v] of b.entries) {
    const prev = out.get(k);
    out.set(k, v instanceof GoMap && prev instanceof GoMap ? mergeMaps(prev, v) : v);
  }
  return new GoMap(out);
}

/** Helm 4's loader.LoadValues: all documents merged into one map. Throws GoError with Helm's text. */
export function loadValues(text: string): GoMap {
  let docs: string[];
  try {
    docs = splitYamlDocuments(text);
  } catch (e) {
    if (e instanceof GoError) throw new GoError(`error reading yaml document: ${e.message}`);
    throw e;
  }
  let values = new GoMap();
  for (const d of docs) {
    let v: Value;
    try {
      v = parseYaml(d, 'map');
    } catch (e) {
      if (e instanceof GoError) throw new GoError(`cannot unmarshal yaml document: ${e.message}`);
      throw e;
    }
    if (v instanceof GoMap) values = mergeMaps(values, v);
  }
  return values;
}
