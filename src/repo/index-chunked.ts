// index.yaml one chart at a time. A Bitnami-sized index read as one document keeps a tree of
// hundreds of MB alive and spends most of its time in the garbage collector; read chart by chart,
// only one chart's tree lives at a time. Only the layout helm and `repo index` write is split
// here, on the bytes (top-level keys at column 0, `entries:` holding plain chart-name keys at
// column 2, each with a block sequence); any other shape, and any chunk that fails to read,
// returns undefined or throws, and the caller reads the whole document as before, which gives
// Helm's exact errors. Both index readers split here: parseIndex (index-file.ts, whole entries)
// and the byte scanner (index-scan.ts, search columns). Each chunk is a complete YAML node: a chunk cut inside a quoted scalar, a flow
// collection or a block scalar fails to read (an unterminated scalar or flow) rather than read
// differently, and an alias to an anchor in another chunk is an unknown anchor.
import { parseYaml } from '../yaml/index.js';
import type { Value } from '../go/value.js';
import { duplicateKeyErrors } from './duplicates.js';
import { readSimpleChart, SIMPLE_TEXT } from './index-simple.js';

export interface Split {
  /** The document without the charts (`entries:` left out): top-level keys, blank and comment lines. */
  skeleton: string;
  /** Each chart's chunk: the byte range of the lines after its `  name:` line. */
  charts: { name: string; start: number; end: number }[];
}

/**
 * Called at each chart's first line (start): where the chart's block sequence ends (the start of
 * the first line, neither blank nor a comment, below indentation 4 that is not an item at 2; or
 * the end of the bytes) when the hook has read every line before it as the chart's versions, each
 * at indentation 4 or more but the items at 2; else -1, and the splitter reads the lines itself.
 */
export type ChartHook = (name: string, start: number) => number;

const SP = 0x20;
const NL = 0x0a;
const DASH = 0x2d;
const HASH = 0x23;
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
// Chart-name characters after the first letter.
const NAME_C = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-')
  NAME_C[c.charCodeAt(0)] = 1;
// Plain keys that resolve to strings (no YAML 1.1 booleans or nulls, no numbers).
const NOT_STRING = /^(y|yes|n|no|true|false|on|off|null)$/i;

class Bail extends Error {}

/**
 * index.yaml's bytes split into the skeleton and one chunk per chart, or undefined for any other
 * shape: top-level keys at column 0 (`key:` then a space, a tab or the line's end, each once),
 * `entries:` alone on its line holding plain chart-name keys at column 2, each with a block
 * sequence at indentation 2 or 4 and nothing at its items' column but items, nor one column
 * deeper. Blank and comment lines are never a boundary (inside a quoted scalar they are text).
 * hook: a reader of each chart's lines in the same pass (index-scan.ts), so that the splitter
 * does not walk them again.
 */
export function splitBytes(b: Buffer, hook?: ChartHook): Split | undefined {
  if (b.indexOf(13) >= 0) return undefined;
  const charts: Split['charts'] = [];
  const names = new Set<string>();
  const seen = new Set<string>();
  let skeleton = '';
  let state: 'start' | 'top' | 'entries' = 'start';
  let cur: Split['charts'][number] | undefined;
  let seqIndent = -1;
  const close = (at: number): void => {
    if (cur !== undefined) {
      cur.end = at;
      charts.push(cur);
      cur = undefined;
    }
  };
  const n = b.length;
  let ls = 0;
  while (ls < n) {
    let i = ls;
    while (i < n && b[i] === SP) i++;
    // Only a line's start decides here: its end is found in a plain loop (lines are short).
    let le = i;
    while (le < n && b[le] !== NL) le++;
    const indent = i - ls;
    const c = i < le ? b[i]! : NL;
    if (c === NL || c === HASH) {
      if (state === 'top') skeleton += b.toString('utf8', ls, le) + '\n';
    } else if (c === 0x09) {
      return undefined;
    } else if (indent === 0) {
      close(ls);
      let k = ls;
      while (k < le && isLetter(b[k]!)) k++;
      if (k === ls || b[k] !== 0x3a || !(k + 1 === le || b[k + 1] === SP || b[k + 1] === 0x09))
        return undefined;
      const key = b.toString('latin1', ls, k);
      if (seen.has(key)) return undefined;
      seen.add(key);
      if (key === 'entries') {
        for (let j = k + 1; j < le; j++) if (b[j] !== SP) return undefined;
        skeleton += 'entries:\n';
        state = 'entries';
      } else {
        skeleton += b.toString('utf8', ls, le) + '\n';
        state = 'top';
      }
    } else if (state === 'top') {
      skeleton += b.toString('utf8', ls, le) + '\n';
    } else if (state === 'start') {
      return undefined;
    } else {
      const item = c === DASH && (i + 1 === le || b[i + 1] === SP);
      if (indent === 2 && !item) {
        // `  name:` and spaces: a plain key that resolves to a string.
        if (!isLetter(c)) return undefined;
        let k = i + 1;
        while (k < le && b[k]! < 128 && NAME_C[b[k]!] === 1) k++;
        if (b[k] !== 0x3a) return undefined;
        for (let j = k + 1; j < le; j++) if (b[j] !== SP) return undefined;
        const name = b.toString('latin1', i, k);
        if (NOT_STRING.test(name) || names.has(name)) return undefined;
        close(ls);
        names.add(name);
        cur = { name, start: le + 1, end: n };
        seqIndent = -1;
        const stop = hook === undefined || le >= n ? -1 : hook(name, le + 1);
        if (stop >= 0) {
          // The hook read the chart: its lines keep to the rules below, with the items at column 2.
          seqIndent = 2;
          ls = stop;
          continue;
        }
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
  return { skeleton, charts };
}

/**
 * One chart's chunk (text between start and end, the lines after `  name:`) read as the general
 * YAML reader would read it in the whole document; throws on anything the whole-document reader must report. simple: the text
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
