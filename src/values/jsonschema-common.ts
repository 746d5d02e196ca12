// What the jsonschema.ts compiler and validator share: exact rationals, the English number
// printer, instance values and the error tree.
import { formatFloat } from '../go/strconv/format-float.js';
import { quote as goQuote } from '../go/strconv/format-quote.js';
import { JNum, type JVal, isObj } from './jsonschema-parse.js';

// ---------------------------------------------------------------- rationals

export interface Rat {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};
export function ratFromText(s: string): Rat | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  let n = BigInt((m[2] || '0') + (m[3] ?? ''));
  let d = 10n ** BigInt((m[3] ?? '').length);
  const e = BigInt(m[4] ?? '0');
  if (e > 0n) n *= 10n ** e;
  else if (e < 0n) d *= 10n ** -e;
  if (m[1] === '-') n = -n;
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}
export const ratCmp = (a: Rat, b: Rat): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const ratIsInt = (r: Rat): boolean => r.d === 1n;
export function ratToFloat(r: Rat): number {
  // Exact enough: scale to 20 significant digits then let the JS parser round.
  const neg = r.n < 0n;
  let n = neg ? -r.n : r.n;
  const d = r.d;
  const ip = n / d;
  n = n % d;
  let frac = '';
  for (let k = 0; k < 40 && n !== 0n; k++) {
    n *= 10n;
    frac += (n / d).toString();
    n %= d;
  }
  return Number(`${neg ? '-' : ''}${ip}${frac ? `.${frac}` : ''}`);
}
const DIGITS = /^-?[0-9]+$/;
/** ratIsInt(numRat(v)) without the rational where the answer shows (a finite float, digits). */
export function isIntegral(v: JNum | number): boolean {
  if (typeof v === 'number' ? Number.isFinite(v) : DIGITS.test(v.text))
    return typeof v === 'number' ? Number.isInteger(v) : true;
  return ratIsInt(numRat(v));
}
export function numRat(v: JNum | number): Rat {
  return ratFromText(v instanceof JNum ? v.text : formatFloat(v, 'g', -1, 64))!;
}

// ---------------------------------------------------------------- English printer

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};
const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** message.Printer(English) %d. */
export const engInt = (n: number | bigint): string => {
  const s = n.toString();
  return s.startsWith('-') ? `-${group(s.slice(1))}` : group(s);
};

/** message.Printer(English) %v of a float64. */
export function engFloat(f: number): string {
  const s = formatFloat(f, 'g', -1, 64);
  if (!/^-?[0-9]/.test(s)) return s;
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [mant, exp] = body.split('e') as [string, string | undefined];
  let out: string;
  if (exp !== undefined) {
    const e = Number(exp);
    const digits = String(Math.abs(e)).padStart(2, '0');
    out = `${mant}×10${[...(e < 0 ? `-${digits}` : digits)].map((c) => SUP[c]).join('')}`;
  } else {
    const [ip, fp] = mant.split('.') as [string, string | undefined];
    out = group(ip) + (fp !== undefined ? `.${fp}` : '');
  }
  return neg ? `-${out}` : out;
}

/** The library's single-quoted form of a string. */
export function sq(s: string): string {
  const q = goQuote(s).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${q.slice(1, -1)}'`;
}

/** fmt %v of a JSON value as the library holds it (json.Number text, <nil>, maps). */
function goV(v: JVal): string {
  if (v === null) return '<nil>';
  if (v instanceof JNum) return v.text;
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  return `map[${[...v.keys()]
    .sort()
    .map((k) => `${k}:${goV(v.get(k)!)}`)
    .join(' ')}]`;
}
export const display = (v: JVal): string =>
  typeof v === 'string' ? sq(v) : Array.isArray(v) || isObj(v) ? 'value' : goV(v);

// ---------------------------------------------------------------- instance values

/** Instance values: JSON values whose numbers are float64 (number) or int64 (JNum). */
export type IVal = null | boolean | string | number | JNum | IVal[] | Map<string, IVal>;

export type JType = 'null' | 'boolean' | 'number' | 'integer' | 'string' | 'array' | 'object';
export const TYPE_ORDER: JType[] = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

export function typeOf(v: IVal | JVal): JType {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || v instanceof JNum) return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}
export const isNum = (v: IVal | JVal): v is number | JNum => typeof v === 'number' || v instanceof JNum;

export function equals(a: IVal | JVal, b: IVal | JVal): boolean {
  if (isNum(a)) return isNum(b) && ratCmp(numRat(a), numRat(b)) === 0;
  if (a === null || typeof a === 'boolean' || typeof a === 'string') return a === b;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equals(x, b[i]!));
  if (!(b instanceof Map) || a.size !== b.size) return false;
  for (const [k, x] of a) {
    if (!b.has(k)) return false;
    if (!equals(x, (b as Map<string, IVal | JVal>).get(k)!)) return false;
  }
  return true;
}

/**
 * A text equal for exactly the values `equals` finds equal: numbers by their reduced fraction,
 * object keys sorted.
 */
function canonical(v: IVal): string {
  if (isNum(v)) {
    const r = numRat(v);
    return `n${r.n}/${r.d}`;
  }
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = [...v.keys()].sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v.get(k)!)}`).join(',')}}`;
}

/**
 * uniqueItems: the first item equal to an earlier one, with the first such earlier index (what
 * the validator's pairwise and hashed searches both find), in linear time.
 */
export function firstDuplicate(arr: readonly IVal[]): [number, number] | undefined {
  const first = new Map<string, number>();
  for (let i = 0; i < arr.length; i++) {
    const key = canonical(arr[i]!);
    const j = first.get(key);
    if (j !== undefined) return [j, i];
    first.set(key, i);
  }
  return undefined;
}

// ---------------------------------------------------------------- errors

export interface ErrorKind {
  message(): string;
  /** Reference, Group and Schema kinds shape the tree. */
  tag?: 'ref' | 'group' | 'schema';
}
export interface VError {
  /** Where in the instance: shared with the validators below (never copied per level). */
  instance: Loc | undefined;
  kind: ErrorKind;
  causes: VError[];
}
export const K = (message: string, tag?: ErrorKind['tag']): ErrorKind => ({
  message: () => message,
  ...(tag ? { tag } : {}),
});

/** An instance location as a list to the root: a child's costs one cell, however deep. */
export interface Loc {
  readonly up: Loc | undefined;
  readonly tok: string;
}

function jsonPtr(loc: Loc | undefined): string {
  const toks: string[] = [];
  for (let l = loc; l !== undefined; l = l.up)
    toks.push(`/${l.tok.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  return toks.reverse().join('');
}

/** ValidationError.Error(): the tree, one `- at '…': …` line per node, indented per level. */
export function displayError(root: VError): string {
  const out: string[] = [];
  const skip = (e: VError): boolean => e.causes.length === 1 && e.kind.tag === 'ref';
  // Depth first, on an array: a failure deep in the values nests as deep.
  const todo: [VError, number][] = [[root, 0]];
  while (todo.length > 0) {
    const [e, at] = todo.pop() as [VError, number];
    let indent = at;
    if (!skip(e)) {
      if (indent > 0) out.push(`\n${'  '.repeat(indent - 1)}- `);
      indent++;
      if (e.kind.tag === 'schema') out.push(e.kind.message());
      else out.push(`at ${sq(jsonPtr(e.instance))}: ${e.kind.message()}`);
    }
    for (let i = e.causes.length - 1; i >= 0; i--) todo.push([e.causes[i] as VError, indent]);
  }
  return out.join('');
}
