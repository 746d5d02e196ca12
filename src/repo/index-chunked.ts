// index.yaml one chart at a time. A Bitnami-sized index read as one document keeps a tree of
// hundreds of MB alive and spends most of its time in the garbage collector; read chart by chart,
// only one chart's tree lives at a time. Only the layout helm and `repo index` write is split
// here (top-level keys at column 0, `entries:` holding plain chart-name keys at column 2, each
// with a block sequence); any other shape, and any chunk that fails to read, returns undefined
// or throws, and the caller reads the whole document as before, which gives Helm's exact
// errors. Each chunk is a complete YAML node: a chunk cut inside a quoted scalar, a flow
// collection or a block scalar fails to read (an unterminated scalar or flow) rather than read
// differently, and an alias to an anchor in another chunk is an unknown anchor.
import { parseYaml } from '../yaml/index.js';
import type { Value } from '../go/value.js';
import { duplicateKeyErrors } from './duplicates.js';
import { readSimpleChart, SIMPLE_TEXT } from './index-simple.js';

export interface SplitIndex {
  /** The document without the charts (`entries:` left null). */
  top: Value;
  /** Each chart's version list in document order, read when reached; throws on anything odd. */
  charts(): Generator<[string, Value]>;
}

const SP = 0x20;
const NL = 0x0a;
const DASH = 0x2d;
const HASH = 0x23;
const TOP_KEY = /^([A-Za-z]+):(?:[ \t]|$)/;
const ENTRIES = /^entries:[ ]*$/;
// Plain keys that resolve to strings (no YAML 1.1 booleans or nulls, no numbers).
const NAME = /^ {2}([A-Za-z][A-Za-z0-9_.-]*):[ ]*$/;
const NOT_STRING = /^(y|yes|n|no|true|false|on|off|null)$/i;

class Bail extends Error {}

interface Range {
  name: string;
  start: number;
  end: number;
}

export function splitIndex(
  text: string,
  stringFields: (path: readonly string[]) => boolean,
): SplitIndex | undefined {
  if (text.includes('\r')) return undefined;
  const charts: Range[] = [];
  const names = new Set<string>();
  const seen = new Set<string>();
  let skeleton = '';
  let state: 'start' | 'top' | 'entries' = 'start';
  let cur: Range | undefined;
  let seqIndent = -1;
  const close = (at: number): void => {
    if (cur !== undefined) {
      cur.end = at;
      charts.push(cur);
      cur = undefined;
    }
  };
  const n = text.length;
  let ls = 0;
  while (ls < n) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = n;
    let i = ls;
    while (i < le && text.charCodeAt(i) === SP) i++;
    const indent = i - ls;
    const c = i < le ? text.charCodeAt(i) : NL;
    if (c === NL || c === HASH) {
      // Blank or comment: never a boundary (inside a quoted scalar it is text, and stays in its chunk).
      if (state === 'top') skeleton += text.slice(ls, le) + '\n';
    } else if (c === 0x09) {
      return undefined;
    } else if (indent === 0) {
      close(ls);
      const line = text.slice(ls, le);
      const m = TOP_KEY.exec(line);
      if (m === null || seen.has(m[1]!)) return undefined;
      seen.add(m[1]!);
      if (m[1] === 'entries') {
        if (!ENTRIES.test(line)) return undefined;
        skeleton += 'entries:\n';
        state = 'entries';
      } else {
        skeleton += line + '\n';
        state = 'top';
      }
    } else if (state === 'top') {
      skeleton += text.slice(ls, le) + '\n';
    } else if (state === 'start') {
      return undefined;
    } else {
      const item = c === DASH && (i + 1 === le || text.charCodeAt(i + 1) === SP);
      if (indent === 2 && !item) {
        const m = NAME.exec(text.slice(ls, le));
        if (m === null || NOT_STRING.test(m[1]!) || names.has(m[1]!)) return undefined;
        close(ls);
        names.add(m[1]!);
        cur = { name: m[1]!, start: le + 1, end: n };
        seqIndent = -1;
      } else if (cur === undefined) {
        return undefined;
      } else if (seqIndent === -1) {
        if (!item || (indent !== 2 && indent !== 4)) return undefined;
        seqIndent = indent;
      } else if (indent < seqIndent || (indent === seqIndent && !item) || indent === seqIndent + 1) {
        return undefined;
      }
    }
    ls = le + 1;
  }
  close(n);
  let top: Value;
  try {
    if (duplicateKeyErrors(skeleton) !== undefined) return undefined;
    top = parseYaml(skeleton, 'any', { stringFields });
  } catch {
    return undefined;
  }
  return {
    top,
    *charts() {
      // The common shape is read straight from the text (index-simple.ts); other chunks, and
      // every chunk of a text with characters that reader never sees, go to the YAML reader.
      const simple = SIMPLE_TEXT.test(text);
      for (const r of charts) yield [r.name, readChunk(text, r.start, r.end, r.name, stringFields, simple)];
    },
  };
}

/**
 * One chart's chunk (text between start and end, the lines after `  name:`) read as splitIndex's
 * charts() reads it; throws on anything the whole-document reader must report. simple: the text
 * holds only characters index-simple.ts reads.
 */
export function readChunk(
  text: string,
  start: number,
  end: number,
  name: string,
  stringFields: (path: readonly string[]) => boolean,
  simple = SIMPLE_TEXT.test(text),
): Value {
  const at = ['entries', name];
  const fast = simple ? readSimpleChart(text, start, end, at, stringFields) : undefined;
  if (fast !== undefined) return fast;
  const chunk = text.slice(start, end);
  if (duplicateKeyErrors(chunk) !== undefined) throw new Bail();
  return parseYaml(chunk, 'any', { stringFields: (p) => stringFields([...at, ...p]) });
}
