// Go regexps that V8's linear-time engine (RegExp flag 'l', bin/rudder's
// --enable-experimental-regexp-engine) runs with exactly Go's results, so most charts never load
// re2js. The translator accepts a subset of Go's syntax only; anything else, any doubt, and every
// compile error are left to re2js (regex.ts). Why each rule holds:
// - Both engines are leftmost-first (Perl priority), Go's `^`/`$` are the text's ends (no (?m)),
//   and `\b \d \w` are ASCII in both; `.` is Go's [^\n], `\s` Go's [\t\n\f\r ] (JS's are wider).
// - No 'u' flag (the linear engine has none): the JS path only runs on subjects without
//   surrogates (regex.ts), where UTF-16 units are code points; astral pattern runes cannot match.
// - A loop whose body can match empty is declined: JS and RE2 treat empty iterations differently.
// - Inside a loop that can iterate twice, JS forgets a group's text at each iteration while RE2
//   keeps the last one set; the group texts are trusted only when every such group is set by
//   every iteration (`groups`), the overall match always.
// - The linear engine itself refuses what it cannot run in linear time (large counts): declined.

import { KNOWN_TRANSLATIONS } from './regex-js-known.js';

/** A translation: the JS source and Go's SubexpNames. */
export interface JsTranslation {
  source: string;
  /** Group names by index ("" when unnamed), as Go's SubexpNames. */
  names: string[];
  /** Group texts equal Go's (see above); else only the overall match does. */
  groups: boolean;
}

/** A parsed piece: its JS source and what the rules above need to know of it. */
interface Frag {
  src: string;
  /** Can match the empty string (assertions count as empty). */
  nullable: boolean;
  /** Capture groups inside. */
  caps: number[];
  /** Capture groups every match of the piece sets. */
  sure: number[];
  /** Largest product of nested counted repetitions (Go's limit is 1000). */
  reps: number;
  /** A single atom (character, class, group): a quantifier needs no (?:…) around it. */
  atomic?: boolean;
}

/** Thrown inside the parser to decline a pattern. */
class Decline extends Error {}
const no = (): never => {
  throw new Decline();
};

const MAX_PATTERN = 4096;
const MAX_DEPTH = 100;
const MAX_COUNT = 1000;
/** Copies written out at most, nested counts multiplied (expandCount): a DNS name's 253. */
const MAX_WRITTEN_OUT = 255;

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const hex4 = (c: number): string => '\\u' + c.toString(16).padStart(4, '0');
/** A UTF-16 unit in a class: letters and digits as they are, the rest escaped. */
const unit = (c: number): string => (isAlnum(c) ? String.fromCharCode(c) : hex4(c));

/** One code point as a JS (non-'u') atom; astral ones match nothing here. */
function litSrc(c: number): string {
  if (c > 0xffff) return '[]';
  return isAlnum(c) || c === 95 ? String.fromCharCode(c) : hex4(c);
}

/** Ranges of UTF-16 units, sorted, disjoint. */
type Ranges = [number, number][];

function normalize(rs: Ranges): Ranges {
  const out: Ranges = [];
  for (const [lo, hi] of [...rs].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function negate(rs: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(rs)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

/**
 * A class as a plain list of ranges: V8's linear engine mis-matches some negated classes (a
 * negated class that covers every unit matches anything), so negations are resolved here.
 */
function classSrc(rs: Ranges): string {
  return `[${normalize(rs)
    .map(([lo, hi]) => (lo === hi ? unit(lo) : `${unit(lo)}-${unit(hi)}`))
    .join('')}]`;
}

const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
/** Go's \s: [\t\n\f\r ] (JS's is wider). */
const SPACE: Ranges = [
  [9, 10],
  [12, 13],
  [32, 32],
];
/** Go's Perl classes. */
const PERL: Record<string, Ranges> = {
  d: DIGIT,
  D: negate(DIGIT),
  w: WORD,
  W: negate(WORD),
  s: SPACE,
  S: negate(SPACE),
};
const NOT_NL = classSrc(negate([[10, 10]]));

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

class Parser {
  private i = 0;
  private ncap = 0;
  readonly names: string[] = [''];
  groups = true;

  /** `expand`: counted repeats written out (expandCount). */
  constructor(
    private readonly s: string,
    private readonly expand = false,
  ) {}

  parse(): Frag {
    const f = this.alt(0);
    if (this.i < this.s.length) no(); // an unmatched ')'
    return f;
  }

  private alt(depth: number): Frag {
    if (depth > MAX_DEPTH) no();
    const alts = [this.concat(depth)];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.concat(depth));
    }
    if (alts.length === 1) return alts[0]!;
    const sure = alts.slice(1).reduce((a, f) => a.filter((g) => f.sure.includes(g)), alts[0]!.sure);
    return {
      src: alts.map((f) => f.src).join('|'),
      nullable: alts.some((f) => f.nullable),
      caps: alts.flatMap((f) => f.caps),
      sure,
      reps: Math.max(...alts.map((f) => f.reps)),
    };
  }

  private concat(depth: number): Frag {
    const items: Frag[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom(depth);
      items.push(this.quantified(atom));
    }
    return {
      src: items.map((f) => f.src).join(''),
      nullable: items.every((f) => f.nullable),
      caps: items.flatMap((f) => f.caps),
      sure: items.flatMap((f) => f.sure),
      reps: Math.max(1, ...items.map((f) => f.reps)),
    };
  }

  /** `{n}`, `{n,}`, `{n,m}` at i, as Go reads a repeat (else `{` is a literal). */
  private repeatAt(i: number): { min: number; max: number; end: number } | undefined {
    const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(this.s.slice(i, i + 24));
    if (!m) return undefined;
    // Leading zeros make Go read a literal `{`, counts over 1000 an error: leave both to re2js.
    const bad = (d: string | undefined): boolean =>
      d !== undefined && d !== '' && ((d.length > 1 && d[0] === '0') || Number(d) > MAX_COUNT);
    if (bad(m[1]) || bad(m[3])) no();
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
    if (max >= 0 && min > max) no();
    return { min, max, end: i + m[0].length };
  }

  private quantified(atom: Frag): Frag {
    const c = this.s[this.i];
    let min: number;
    let max: number;
    let counted = false;
    if (c === '*' || c === '+' || c === '?') {
      [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
      this.i++;
    } else if (c === '{' && this.repeatAt(this.i)) {
      const r = this.repeatAt(this.i)!;
      [min, max] = [r.min, r.max];
      counted = true;
      this.i = r.end;
    } else return atom;
    let lazy = '';
    if (this.s[this.i] === '?') {
      lazy = '?';
      this.i++;
    }
    // Go rejects a repetition of a repetition (`a**`, `a{2}*`).
    const n = this.s[this.i];
    if (n === '*' || n === '+' || n === '?' || (n === '{' && this.repeatAt(this.i))) no();
    if (atom.nullable) no();
    if (max !== 1 && atom.caps.some((g) => !atom.sure.includes(g))) this.groups = false;
    const reps = counted && (min >= 2 || max >= 2) ? Math.max(min, max) * atom.reps : atom.reps;
    if (reps > MAX_COUNT) no();
    const q = counted ? `{${min}${max === min ? '' : `,${max < 0 ? '' : max}`}}` : c!;
    const a = atom.atomic ? atom.src : `(?:${atom.src})`;
    // Written out, every count or none (a capture's copy would be a new JS group).
    if (counted && this.expand && (atom.caps.length > 0 || reps > MAX_WRITTEN_OUT)) no();
    return {
      src: counted && this.expand ? expandCount(a, min, max, lazy) : `${a}${q}${lazy}`,
      nullable: min === 0,
      caps: atom.caps,
      sure: min === 0 ? [] : atom.sure,
      reps,
    };
  }

  private atom(depth: number): Frag {
    const s = this.s;
    const c = s[this.i]!;
    const one = (src: string, nullable = false): Frag => ({
      src,
      nullable,
      caps: [],
      sure: [],
      reps: 1,
      atomic: true,
    });
    switch (c) {
      case '(':
        return this.group(depth);
      case '[':
        return one(this.charClass());
      case '.':
        this.i++;
        return one(NOT_NL);
      case '^':
      case '$':
        this.i++;
        return one(c, true);
      case '\\':
        return this.escape(one);
      case '*':
      case '+':
      case '?':
        return no(); // missing argument to repetition operator
      case '{':
        if (this.repeatAt(this.i)) no();
        this.i++;
        return one(litSrc(123));
      default: {
        const cp = s.codePointAt(this.i)!;
        this.i += cp > 0xffff ? 2 : 1;
        return one(litSrc(cp));
      }
    }
  }

  private group(depth: number): Frag {
    const s = this.s;
    this.i++;
    let index = 0;
    if (s[this.i] === '?') {
      if (s[this.i + 1] === ':') this.i += 2;
      else {
        const m = /^\?P?<([A-Za-z0-9_]+)>/.exec(s.slice(this.i, this.i + 260));
        // Flags, look-arounds, bad or repeated names: re2js (with its errors).
        if (!m || this.names.includes(m[1]!)) no();
        index = ++this.ncap;
        this.names.push(m![1]!);
        this.i += m![0].length;
      }
    } else {
      index = ++this.ncap;
      this.names.push('');
    }
    const body = this.alt(depth + 1);
    if (s[this.i] !== ')') no();
    this.i++;
    if (index === 0) return { ...body, src: `(?:${body.src})`, atomic: true };
    return {
      src: `(${body.src})`,
      nullable: body.nullable,
      caps: [index, ...body.caps],
      sure: [index, ...body.sure],
      reps: body.reps,
      atomic: true,
    };
  }

  /** An escape outside a class. */
  private escape(one: (src: string, nullable?: boolean) => Frag): Frag {
    const e = this.s[this.i + 1];
    if (e === undefined) no();
    if (e === 'b' || e === 'B') {
      this.i += 2;
      return one('\\' + e, true);
    }
    if (e === 'A' || e === 'z') {
      this.i += 2;
      return one(e === 'A' ? '^' : '$', true);
    }
    if (PERL[e!] !== undefined) {
      this.i += 2;
      return one(classSrc(PERL[e!]!));
    }
    return one(litSrc(this.escapedChar()));
  }

  /** A literal escape (`\n`, `\x41`, `\x{263a}`, `\.`) at i; others are declined. */
  private escapedChar(): number {
    const s = this.s;
    const e = s[this.i + 1];
    if (e === undefined) return no();
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      this.i += 2;
      return simple;
    }
    if (e === 'x') {
      const m = /^\\x(?:\{([0-9A-Fa-f]{1,8})\}|([0-9A-Fa-f]{2}))/.exec(s.slice(this.i, this.i + 13));
      if (!m) return no();
      const v = parseInt(m[1] ?? m[2]!, 16);
      if (v > 0x10ffff) no();
      this.i += m[0].length;
      return v;
    }
    const c = e.charCodeAt(0);
    // Go: any ASCII punctuation escapes itself; letters, digits (octal) and the rest: re2js.
    if (c < 0x80 && !isAlnum(c)) {
      this.i += 2;
      return c;
    }
    return no();
  }

  /** A bracketed class at i, as Go parses it with Perl flags. */
  private charClass(): string {
    const s = this.s;
    this.i++;
    let neg = false;
    if (s[this.i] === '^') {
      neg = true;
      this.i++;
    }
    const items: Ranges = [];
    let first = true;
    while (this.i < s.length && (s[this.i] !== ']' || first)) {
      first = false;
      if (s[this.i] === '[' && s[this.i + 1] === ':') no(); // POSIX classes
      if (s[this.i] === '\\') {
        const e = s[this.i + 1];
        if (e !== undefined && PERL[e] !== undefined) {
          items.push(...PERL[e]!);
          this.i += 2;
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (s[this.i] === '-' && this.i + 1 < s.length && s[this.i + 1] !== ']') {
        this.i++;
        hi = this.classChar();
        if (hi < lo) no();
      }
      if (lo <= 0xffff) items.push([lo, Math.min(hi, 0xffff)]);
    }
    if (this.i >= s.length) no(); // missing closing ]
    this.i++;
    return classSrc(neg ? negate(items) : items);
  }

  private classChar(): number {
    const s = this.s;
    if (this.i >= s.length) return no();
    if (s[this.i] === '\\') {
      // \p, \Q, \b, octal and the like: re2js.
      return this.escapedChar();
    }
    const cp = s.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

/**
 * `a{min,max}` written out as Go's parser simplifies it, `min` copies then nested optionals
 * (`a{1,3}` is `a(?:a(?:a)?)?`): the same alternatives in the same priority order in both
 * engines, so the same matches, for V8's linear engine, which refuses counts over 16 (or their
 * product when nested).
 */
function expandCount(a: string, min: number, max: number, lazy: string): string {
  let rest = '';
  if (max < 0) rest = `${a}*${lazy}`;
  else for (let i = max - min; i > 0; i--) rest = `(?:${a}${rest})?${lazy}`;
  return a.repeat(min) + rest;
}

/**
 * The JS translation of a Go pattern (valid UTF-8), or undefined to leave it to re2js.
 * `expand`: counted repeats written out (expandCount), for when the engine refused the counts.
 */
export function translateGoRegexp(expr: string, expand = false): JsTranslation | undefined {
  if (expr.length > MAX_PATTERN) return undefined;
  const p = new Parser(expr, expand);
  try {
    const f = p.parse();
    // Go's program size limit, far off: a long pattern repeated many times is left to re2js.
    if (f.reps * expr.length > 100_000) return undefined;
    return { source: f.src, names: p.names, groups: p.groups };
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}

let known: Map<string, readonly [string, string, number, boolean]> | undefined;

/** A translation made ahead (regex-js-known.ts). */
export function knownTranslation(expr: string): JsTranslation | undefined {
  known ??= new Map(KNOWN_TRANSLATIONS.map((k) => [k[0], k]));
  const k = known.get(expr);
  return k && { source: k[1], names: new Array<string>(k[2] + 1).fill(''), groups: k[3] };
}

let linear: boolean | undefined;
// V8's linear-time engine (eslint knows no flag 'l').
const LINEAR = 'l';
const LINEAR_GLOBAL = 'gl';

/** A linear-time JS RegExp for the pattern, or undefined (unsupported, or not in the subset). */
export function linearRegexp(expr: string): { re: RegExp; t: JsTranslation } | undefined {
  if (linear === false) return undefined;
  const t = knownTranslation(expr) ?? translateGoRegexp(expr);
  if (!t) return undefined;
  try {
    return { re: new RegExp(t.source, LINEAR_GLOBAL), t };
  } catch {
    // Without --enable-experimental-regexp-engine the flag is unknown (then never tried again);
    // else the engine refused this pattern: counts over its limit (`[a-z0-9]{1,63}`, in
    // schemas) may pass written out.
    if (!linearRegexpSupported() || !/\{[0-9]/.test(expr)) return undefined;
  }
  const x = translateGoRegexp(expr, true);
  if (!x || x.source === t.source) return undefined;
  try {
    return { re: new RegExp(x.source, LINEAR_GLOBAL), t: x };
  } catch {
    return undefined;
  }
}

/** Whether this process can run linear-time RegExps at all. */
export function linearRegexpSupported(): boolean {
  if (linear === undefined) {
    try {
      new RegExp('', LINEAR);
      linear = true;
    } catch {
      linear = false;
    }
  }
  return linear;
}
