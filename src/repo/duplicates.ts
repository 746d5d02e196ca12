// yaml.UnmarshalStrict's duplicate-key check (go-yaml v2): every mapping key set twice is an
// error, reported at the line of the repeated value, all of them in one message.
import { isMap, isScalar, parseDocument, visit } from 'yaml';

export function duplicateKeyErrors(text: string): string | undefined {
  const fast = scanBlockYaml(text);
  if (fast !== BAIL) return fast.length === 0 ? undefined : format(fast);
  return fullCheck(text);
}

const format = (lines: string[]): string =>
  `error converting YAML to JSON: yaml: unmarshal errors:\n${lines.join('\n')}`;

const BAIL = Symbol('bail');

const PLAIN_KEY = /^([^\s'"{}[\],#&*!|>%@`?:-][^:#]*?|-[^\s:][^:#]*?)[ \t]*:(?:[ \t]+(.*))?$/;
const DQ_KEY = /^"((?:[^"\\]|\\.)*)"[ \t]*:(?:[ \t]+(.*))?$/;
const SQ_KEY = /^'((?:[^']|'')*)'[ \t]*:(?:[ \t]+(.*))?$/;

/**
 * The common case without a full parse: block mappings and sequences with plain or quoted keys
 * and one-line values. Anything else (flow collections, anchors, merges, tags, multi-line quoted
 * scalars, several documents) gives up so the full check runs.
 */
function scanBlockYaml(text: string): string[] | typeof BAIL {
  const lines = text.split('\n');
  const out: string[] = [];
  const stack: { indent: number; keys: Set<string> }[] = [];
  let blockScalarIndent = -1;
  // A repeated key whose value starts on a later line (or is null: then the key's own line).
  let pending: { key: string; line: number; col: number }[] = [];
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (blockScalarIndent >= 0) {
      if (trimmed === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (line.slice(0, indent).includes('\t')) return BAIL;
    // The value node of a pending duplicate starts here when it is nested; else it was null.
    for (const p of pending) {
      const nested = indent > p.col || (indent === p.col && (trimmed === '-' || trimmed.startsWith('- ')));
      out.push(`  line ${nested ? n + 1 : p.line}: key ${p.key} already set in map`);
    }
    pending = [];
    if (n === 0 && trimmed === '---') continue;
    if (trimmed.startsWith('---') || trimmed.startsWith('...') || trimmed.startsWith('%')) return BAIL;
    let col = indent;
    let content = trimmed;
    if (content === '-' || content.startsWith('- ')) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent > col) stack.pop();
      content = content.slice(1).trimStart();
      if (content === '') continue;
      col = line.length - content.length;
      if (content.startsWith('- ') || content === '-') return BAIL;
      // A new mapping starts at the item's content column.
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= col) stack.pop();
      stack.push({ indent: col, keys: new Set() });
    }
    const m = PLAIN_KEY.exec(content) ?? DQ_KEY.exec(content) ?? SQ_KEY.exec(content);
    if (!m) {
      // A scalar item or a plain scalar's continuation line.
      if (/^[{[&*!|>"']/.test(content) && !/^("([^"\\]|\\.)*"|'([^']|'')*')\s*(#.*)?$/.test(content)) {
        if (!/^(\{\}|\[\])\s*(#.*)?$/.test(content)) return BAIL;
      }
      continue;
    }
    let key = m[1]!;
    if (content.startsWith('"')) {
      try {
        key = JSON.parse(`"${key}"`) as string;
      } catch {
        return BAIL;
      }
    } else if (content.startsWith("'")) key = key.replaceAll("''", "'");
    else key = key.trimEnd();
    if (key === '<<') return BAIL;
    const value = (m[2] ?? '').trim();
    while (stack.length > 0 && stack[stack.length - 1]!.indent > col) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.indent < col) {
      top = { indent: col, keys: new Set() };
      stack.push(top);
    }
    const dup = top.keys.has(key);
    top.keys.add(key);
    if (value === '' || value.startsWith('#')) {
      if (dup) pending.push({ key: JSON.stringify(key), line: n + 1, col });
      continue;
    }
    if (/^[|>]/.test(value)) {
      if (dup) out.push(`  line ${n + 1}: key ${JSON.stringify(key)} already set in map`);
      blockScalarIndent = col;
      continue;
    }
    if (/^[&*!]/.test(value)) return BAIL;
    if (/^[{[]/.test(value) && !/^(\{\}|\[\])\s*(#.*)?$/.test(value)) {
      // One-line flow sequences of plain scalars are safe; anything else is checked fully.
      if (!/^\[[^\]{}[:]*\]\s*(#.*)?$/.test(value)) return BAIL;
    }
    if (
      (value.startsWith('"') && !/^"([^"\\]|\\.)*"\s*(#.*)?$/.test(value)) ||
      (value.startsWith("'") && !/^'([^']|'')*'\s*(#.*)?$/.test(value))
    ) {
      return BAIL;
    }
    if (dup) out.push(`  line ${n + 1}: key ${JSON.stringify(key)} already set in map`);
  }
  for (const p of pending) out.push(`  line ${p.line}: key ${p.key} already set in map`);
  return out;
}

export function fullCheck(text: string): string | undefined {
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
  return format(lines);
}
