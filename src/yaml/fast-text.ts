// The fast YAML reader's (fast.ts) character classes, line indents and scalar values: what its
// stages share.
import { formatFloat } from '../go/strconv/format.js';
import { type Value } from '../go/value.js';
import { resolvePlain } from './resolve.js';

/** Nesting beyond this goes to the full reader (it has the depth rules). */
export const MAX_NEST = 200;
/** Keys longer than this go to the full reader (libyaml's simple keys end at 1024 bytes). */
export const MAX_KEY = 200;

export const SP = 0x20;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DASH = 0x2d;
export const DQ = 0x22;
export const SQ = 0x27;

export class Bail {}
export const BAIL = new Bail();

export const bail = (): never => {
  throw BAIL;
};

// Character classes, one table lookup instead of a switch per character (read cold).
export const BAD_START = 1; // cannot start a plain scalar or key here
export const BAD_CONT = 2; // may not start a plain continuation line (relax.ts may take it for a token)
export const BAD_KEY = 4; // not allowed inside a plain key here
export const BAD_FLOW = 8; // not allowed inside a plain scalar in a flow sequence here
export const HINT = 16; // a first character go-yaml's resolve table has a hint for: maybe no string
export const CLASS = new Uint8Array(0x10000);
for (const [chars, cls] of [
  ['-?:,[]{}#&*!|>\'"%@` ', BAD_START],
  ['-?:[{|>"\'#', BAD_CONT],
  [' #,[]{}"\'', BAD_KEY],
  [':#[{}"\'', BAD_FLOW],
  ['+-0123456789.yYnNtTfFoO~', HINT],
] as const)
  for (let i = 0; i < chars.length; i++) CLASS[chars.charCodeAt(i)]! |= cls;

/** Characters that cannot start a plain scalar or key here (false past the end, NaN). */
export const badStart = (c: number): boolean => (CLASS[c]! & BAD_START) !== 0;

export const TOKEN_LEAD = new Set([':', '-', '[', '{', ',', '?']);

/**
 * A plain continuation line starting with a quote: relax.ts reads it as a quoted scalar. True
 * when relax.ts's scan of the line (copied from there) ends outside quotes, flows and block
 * scalars — so relax.ts leaves the following lines alone, as it does for the rest of a text
 * read here.
 */
export function relaxLineClean(line: string, lineIndent: number): boolean {
  let quote = '';
  let flow = 0;
  let prev = '';
  for (let i = lineIndent; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== '') {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else quote = '';
      }
      prev = c;
      continue;
    }
    if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
    if (c === ' ') continue;
    const atTokenStart =
      prev === '' ||
      (TOKEN_LEAD.has(prev) && (line[i - 1] === ' ' || prev === '[' || prev === '{' || prev === ','));
    if (
      (c === '-' || c === '?' || c === ':') &&
      atTokenStart &&
      (i + 1 === line.length || line[i + 1] === ' ')
    ) {
      prev = c;
      continue;
    }
    if ((c === '"' || c === "'") && atTokenStart) quote = c;
    else if ((c === '[' || c === '{') && (atTokenStart || flow > 0)) flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    else if (
      (c === '|' || c === '>') &&
      flow === 0 &&
      atTokenStart &&
      /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))
    )
      return false;
    else if (flow === 0 && atTokenStart) {
      const m = /:(\s|$)| #/.exec(line.slice(i));
      if (m === null || m[0] === ' #') break;
      i += m.index;
      prev = ':';
      continue;
    }
    prev = c;
  }
  return quote === '' && flow === 0;
}

/** Decimal ints of up to 15 digits, no sign but `-`, no leading zero, no `_`. */
const SMALL_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;

/**
 * A plain scalar's value as the full reader gives it (decode.ts scalarValue, untagged);
 * `asString`: it is bound for a Go string field, where numbers and booleans become text.
 */
export function plainValue(s: string, asString: boolean): Value {
  // Most scalars start with a letter no resolve rule looks at: a string, no object made.
  if (s !== '' && (CLASS[s.charCodeAt(0)]! & HINT) === 0) return s;
  // A decimal int written as Go prints it, exact as a float64: no bigint parse.
  if (SMALL_INT.test(s)) return asString ? s : Number(s);
  const r = resolvePlain(s);
  switch (r.tag) {
    case 'str':
    case 'timestamp':
      return r.value;
    case 'bool':
      return asString ? (r.value ? 'true' : 'false') : r.value;
    case 'null':
      return null;
    case 'int':
      return asString ? r.value.toString() : Number(r.value);
    case 'float':
      if (asString) return formatFloat(r.value, 'g', -1, 32);
      if (!Number.isFinite(r.value)) return bail();
      return r.value;
    default:
      return bail();
  }
}

export const isDash = (line: string, k: number): boolean =>
  line.charCodeAt(k) === DASH && (k + 1 === line.length || line.charCodeAt(k + 1) === SP);

// Lines are searched with indexOf and sticky regexps rather than a loop per character: most of
// a values file or manifest is read once, before the JIT has compiled this reader.

/** The first `:` at or after `from` that ends a key (before a space or the line's end), or -1. */
export function keyColon(line: string, from: number): number {
  let j = line.indexOf(':', from);
  while (j >= 0 && j + 1 < line.length && line.charCodeAt(j + 1) !== SP) j = line.indexOf(':', j + 1);
  return j;
}

/** A plain key's characters after its first, then the `:` that ends it (see map()). */
export const PLAIN_KEY = /[^ #,[\]{}"':]*:(?= |$)/y;
/** An anchor's or alias's name (go-yaml v2 is_alpha). */
export const ANCHOR = /[0-9A-Za-z_-]+/y;
/** More aliases go to the full reader: go-yaml's excessive-aliasing rule starts counting at 100. */
export const MAX_ALIASES = 100;
/** A document marker at a line's start. */
export const MARKER = /^(?:---|\.\.\.)/m;

export const NOT_SPACE = /[^ ]/;

/**
 * Each line's leading spaces, negative (-1 - spaces) for a blank line or a comment: found once per
 * line by a regexp (no loop per character in the interpreter), not each time the line is met.
 */
export function indents(lines: readonly string[], n: number): Int32Array {
  const ind = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = lines[i]!;
    const k = s.search(NOT_SPACE);
    ind[i] = k < 0 ? -1 - s.length : s.charCodeAt(k) !== HASH ? k : -1 - k;
  }
  return ind;
}
