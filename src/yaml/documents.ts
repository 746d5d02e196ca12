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
  // Line ends are `\n` once CRLFs are gone (a CR before EOF without `\n` stays, as YAMLReader
  // keeps it); each document is then one slice of the text, never rebuilt line by line.
  if (text.includes('\r\n')) text = text.replaceAll('\r\n', '\n');
  const docs: string[] = [];
  let docStart = 0;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl < 0 ? text.length : nl + 1;
    if (text.startsWith('---', start)) {
      const rest = text.slice(start + 3, nl < 0 ? text.length : nl).trim();
      if (rest.length > 0 && rest[0] !== '#') throw new GoError(`invalid Yaml document separator: ${rest}`);
      if (start > docStart) docs.push(text.slice(docStart, start));
      docStart = next;
    }
    start = next;
  }
  if (text.length > docStart)
    docs.push(text.endsWith('\n') ? text.slice(docStart) : `${text.slice(docStart)}\n`);
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
