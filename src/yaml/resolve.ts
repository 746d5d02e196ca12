// YAML 1.1 implicit scalar resolution as go-yaml v2 does it (resolve.go): which plain scalars
// are booleans, nulls, ints, floats, timestamps or merge keys. Used both when reading values
// and when the encoder decides whether a string needs quotes.
import {
  parseFloat as goParseFloat,
  parseInt as goParseInt,
  parseUint as goParseUint,
} from '../go/strconv/parse.js';

export type Resolved =
  | { tag: 'str'; value: string }
  | { tag: 'bool'; value: boolean }
  | { tag: 'null'; value: null }
  | { tag: 'merge'; value: string }
  | { tag: 'timestamp'; value: string }
  /** Go int/int64 (fits int64). */
  | { tag: 'int'; value: bigint; unsigned: false }
  /** Go uint64 (beyond int64). */
  | { tag: 'int'; value: bigint; unsigned: true }
  | { tag: 'float'; value: number };

const MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
  MAP.set(s, { tag: 'bool', value: true });
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  MAP.set(s, { tag: 'bool', value: false });
for (const s of ['', '~', 'null', 'Null', 'NULL']) MAP.set(s, { tag: 'null', value: null });
for (const s of ['.nan', '.NaN', '.NAN']) MAP.set(s, { tag: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'])
  MAP.set(s, { tag: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) MAP.set(s, { tag: 'float', value: -Infinity });
MAP.set('<<', { tag: 'merge', value: '<<' });

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** The resolve table's hint for a first character. */
function hint(c: number): 'S' | 'D' | 'M' | '.' | null {
  if (c === 0x2b || c === 0x2d) return 'S';
  if (c >= 0x30 && c <= 0x39) return 'D';
  if (c === 0x2e) return '.';
  // y Y n N t T f F o O ~
  if (
    c === 0x79 ||
    c === 0x59 ||
    c === 0x6e ||
    c === 0x4e ||
    c === 0x74 ||
    c === 0x54 ||
    c === 0x66 ||
    c === 0x46 ||
    c === 0x6f ||
    c === 0x4f ||
    c === 0x7e
  )
    return 'M';
  return null;
}

const STR = (value: string): Resolved => ({ tag: 'str', value });

/** A superset of what Go's ParseInt/ParseUint accept, checked first: exceptions are slow. */
const INT_CHARS = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$/;
const DOT_FLOAT = /^\.[0-9_]+(?:[eE][-+]?[0-9_]+)?$/;

function tryInt(plain: string, base: number): Resolved | undefined {
  if (!INT_CHARS.test(plain)) return undefined;
  try {
    return { tag: 'int', value: goParseInt(plain, base, 64), unsigned: false };
  } catch {
    // not an int64; try uint64
  }
  try {
    return { tag: 'int', value: goParseUint(plain, base, 64), unsigned: true };
  } catch {
    return undefined;
  }
}

/** go-yaml v2's resolve("", s) for an untagged plain scalar. */
export function resolvePlain(s: string): Resolved {
  const h = s === '' ? 'M' : hint(s.charCodeAt(0));
  if (h === null) return STR(s);
  const m = MAP.get(s);
  if (m !== undefined) return m;
  if (h === '.') {
    if (!DOT_FLOAT.test(s)) return STR(s);
    try {
      return { tag: 'float', value: goParseFloat(s, 64) };
    } catch {
      return STR(s);
    }
  }
  if (h === 'M') return STR(s);
  if (isTimestamp(s)) return { tag: 'timestamp', value: s };
  const plain = s.includes('_') ? s.replaceAll('_', '') : s;
  const i = tryInt(plain, 0);
  if (i !== undefined) return i;
  if (YAML_STYLE_FLOAT.test(plain)) {
    try {
      return { tag: 'float', value: goParseFloat(plain, 64) };
    } catch {
      // fall through to the binary forms
    }
  }
  if (plain.startsWith('0b')) {
    const b = tryInt(plain.slice(2), 2);
    if (b !== undefined) return b;
  } else if (plain.startsWith('-0b')) {
    if (!INT_CHARS.test(plain)) return STR(s);
    try {
      return { tag: 'int', value: goParseInt('-' + plain.slice(3), 2, 64), unsigned: false };
    } catch {
      // a string after all
    }
  }
  return STR(s);
}

/** Whether the encoder must quote s: it would read back as something other than a string. */
export function needsQuotes(s: string): boolean {
  return resolvePlain(s).tag !== 'str' || isBase60Float(s);
}

/** Base-60 numbers are strings on reading but still quoted on writing (encode.go). */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s.charCodeAt(0);
  if (!(c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39)) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

// ---- timestamps ------------------------------------------------------------------------

// The layouts go-yaml tries with time.Parse: RFC3339Nano with short fields (T or t), a
// space-separated form without zone, and a bare date. Go's parser accepts 1–2 digit fields
// for the unpadded layout elements and validates ranges, which these checks mirror.
const TS = /^(\d{4})-(\d\d?)-(\d\d?)(?:([Tt ])(\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?(Z|[+-]\d\d:\d\d)?)?$/;

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isTimestamp(s: string): boolean {
  // Quick check from parseTimestamp: four digits then '-'.
  if (s.length < 5 || s.charCodeAt(4) !== 0x2d) return false;
  const m = TS.exec(s);
  if (m === null) return false;
  const [, y, mo, d, sep, hh, mi, ss, , zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, Number(y))) return false;
  if (sep === undefined) return true;
  // With a T the zone is required; with a space no zone is allowed.
  if ((sep === ' ') !== (zone === undefined)) return false;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return false;
  if (zone !== undefined && zone !== 'Z') {
    if (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4, 6)) > 60) return false;
  }
  return true;
}
