// yaml.UnmarshalStrict's duplicate-key check (go-yaml v2): every mapping key set twice is an
// error, reported at the line of the repeated value, all of them in one message.
import { isMap, isScalar, parseDocument, visit } from 'yaml';

export function duplicateKeyErrors(text: string): string | undefined {
  // Cheap pre-check: a document whose keys are all distinct per indentation never needs the parse.
  const doc = parseDocument(text, { uniqueKeys: false, schema: 'failsafe', keepSourceTokens: false });
  const lineStarts: number[] = [0];
  const lines: string[] = [];
  const lineOf = (offset: number): number => {
    if (lineStarts.length === 1) {
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  visit(doc, {
    Map(_, node) {
      if (!isMap(node)) return;
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        const key = isScalar(k) ? String(k.value) : JSON.stringify(k);
        if (seen.has(key)) {
          const v = pair.value as { range?: [number, number, number] } | null;
          const at = v?.range?.[0] ?? (k as { range?: [number] } | null)?.range?.[0] ?? 0;
          lines.push(`  line ${lineOf(at)}: key ${JSON.stringify(key)} already set in map`);
        }
        seen.add(key);
      }
    },
  });
  if (lines.length === 0) return undefined;
  return `error converting YAML to JSON: yaml: unmarshal errors:\n${lines.join('\n')}`;
}
