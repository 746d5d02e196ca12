// Sprig's regex functions on RE2 (re2js), with Go's regexp semantics layered on top: the
// FindAll/ReplaceAll/Split iteration rules (empty matches, "no empty match right after a
// match"), Expand's `$name` templates (`$1x` is the group named "1x"), and Go's error texts.
// JS RegExp only through regex-js.ts: its dialect and matching rules differ, and it runs only the
// patterns it translates to the same results, on V8's linear-time engine (re2js, in its own chunk,
// then never loads).
import { RE2JS } from 're2js';
import { linearRegexp } from './regex-js.js';
import { canBackquote, quote as goQuote } from '../go/strconv/format.js';
import { GoError, GoFunc, GoList, hasInvalidUtf8, utf8Normalize, type Value } from '../go/value.js';
import { goFunc } from './reflect.js';

/** A lone surrogate: an escaped byte of invalid UTF-8 (value.ts). */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const LONE_SURROGATES = /[\ud800-\udfff]/gu;

/** A compiled Go regexp. Positions are UTF-16 offsets into the JS string. */
interface Regexp {
  expr: string;
  /** re2js; with a JS twin, compiled when first needed. */
  re: RE2JS | undefined;
  /** The linear-time JS twin (regex-js.ts), for subjects without surrogates. */
  js: RegExp | undefined;
  /** Whether the twin's group texts are Go's (else only its overall match is). */
  jsGroups: boolean;
  /** Group names by index ("" when unnamed), as Go's SubexpNames. */
  names: string[];
}

/** A match: the whole match's span, and each group's span (`at`) or text (`texts`). */
interface Match {
  start: number;
  end: number;
  /** `[start, end]` per group, -1 when unmatched (re2js). */
  at?: number[];
  /** Text per group, undefined when unmatched (the JS twin). */
  texts?: RegExpExecArray;
}

/** Group g's text in the match of s, or undefined when the group took no part. */
function groupText(s: string, m: Match, g: number): string | undefined {
  if (m.texts) return m.texts[g];
  const at = m.at!;
  return at[2 * g]! >= 0 ? s.slice(at[2 * g], at[2 * g + 1]) : undefined;
}

/** regexp.Compile's error text (re2js reports Go's own wording). */
function compile(expr: string, jsTwin = true): Regexp | GoError {
  // A byte of invalid UTF-8 (an escaped byte, value.ts): Go's parser stops there and quotes
  // the rest of the pattern, raw.
  if (hasInvalidUtf8(expr)) {
    const i = expr.search(LONE_SURROGATE);
    // An error Go finds before reaching the byte wins; errors of a cut pattern do not count.
    const before = compile(expr.slice(0, i));
    if (before instanceof GoError && !/missing closing|trailing backslash/.test(before.message))
      return before;
    return new GoError(`error parsing regexp: invalid UTF-8: \`${expr.slice(i)}\``);
  }
  const lin = jsTwin ? linearRegexp(expr) : undefined;
  if (lin) return { expr, re: undefined, js: lin.re, jsGroups: lin.t.groups, names: lin.t.names };
  try {
    return compileNamed(expr, new Map());
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // Go 1.26 accepts a group name used twice; re2js does not. Compile with the repeats
    // renamed, and keep the original names for `$name` expansion (first group wins, as Go).
    if (msg.startsWith('error parsing regexp: duplicate capture group name')) {
      const renamed = renameDuplicateGroups(expr);
      if (renamed) {
        try {
          return compileNamed(renamed.expr, renamed.original);
        } catch {
          /* report the original error */
        }
      }
    }
    return new GoError(msg);
  }
}

function compileNamed(expr: string, original: Map<string, string>): Regexp {
  const re = RE2JS.compile(expr);
  const names: string[] = new Array<string>(re.groupCount() + 1).fill('');
  for (const [n, i] of Object.entries(re.namedGroups())) names[i] = original.get(n) ?? n;
  return { expr, re, js: undefined, jsGroups: false, names };
}

/** Renames the second and later uses of a group name (outside classes and escapes). */
function renameDuplicateGroups(expr: string): { expr: string; original: Map<string, string> } | undefined {
  const seen = new Set<string>();
  const original = new Map<string, string>();
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '\\') {
      if (expr[i + 1] === 'Q') {
        const end = expr.indexOf('\\E', i + 2);
        const stop = end < 0 ? expr.length : end + 2;
        out += expr.slice(i, stop);
        i = stop;
        continue;
      }
      out += expr.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '[') {
      // A class: a leading ']' is literal, `[:name:]` and escapes may contain ']'.
      let j = i + 1;
      if (expr[j] === '^') j++;
      if (expr[j] === ']') j++;
      while (j < expr.length && expr[j] !== ']') {
        if (expr[j] === '\\') j += 2;
        else if (expr.startsWith('[:', j) && expr.indexOf(':]', j + 2) > 0) j = expr.indexOf(':]', j + 2) + 2;
        else j++;
      }
      out += expr.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(expr.slice(i, i + 64));
    if (m) {
      let name = m[1]!;
      if (seen.has(name)) {
        const alias = `rudderdup${original.size}x${name}`;
        original.set(alias, name);
        name = alias;
      }
      seen.add(m[1]!);
      out += `(?P<${name}>`;
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return original.size > 0 ? { expr: out, original } : undefined;
}

/** strconv.CanBackquote-based quoting regexp uses in MustCompile's panic. */
function regexpQuote(s: string): string {
  return canBackquote(s) ? '`' + s + '`' : goQuote(s);
}

let lastSubject = '';
let lastText = '';
/**
 * The text the matcher sees: Go's regexp reads each byte of invalid UTF-8 as a U+FFFD rune of
 * width 1, so escaped bytes (one UTF-16 unit each) become U+FFFD and offsets stay the same;
 * matched text is then sliced from the original, keeping its bytes.
 */
function matchText(s: string): string {
  if (!hasInvalidUtf8(s)) return s;
  if (s !== lastSubject) {
    lastSubject = s;
    lastText = s.replace(LONE_SURROGATES, '\ufffd');
  }
  return lastText;
}

let lastChecked = '';
let lastHasSurrogates = false;
/** Surrogates: astral characters or escaped bytes, which the JS twin does not see as Go does. */
function hasSurrogates(s: string): boolean {
  if (s !== lastChecked) {
    lastChecked = s;
    lastHasSurrogates = SURROGATE.test(s);
  }
  return lastHasSurrogates;
}
const SURROGATE = /[\ud800-\udfff]/;

/** The leftmost match at or after pos; `groups`: the caller reads group texts. */
function execAt(r: Regexp, s: string, pos: number, groups = false): Match | undefined {
  const js = r.js;
  if (js !== undefined && (!groups || r.jsGroups) && !hasSurrogates(s)) {
    js.lastIndex = pos;
    const m = js.exec(s);
    if (m === null) return undefined;
    return { start: m.index, end: m.index + m[0].length, texts: groups ? m : undefined };
  }
  // A pattern with a JS twin has no repeated group names (regex-js.ts): compiled as written.
  const re = (r.re ??= RE2JS.compile(r.expr));
  const m = re.matcher(matchText(s));
  if (!m.find(pos)) return undefined;
  if (!groups) return { start: m.start(0), end: m.end(0) };
  const at: number[] = [];
  for (let g = 0; g < r.names.length; g++) at.push(m.start(g), m.end(g));
  return { start: at[0]!, end: at[1]!, at };
}

/** Width of the rune at pos in UTF-16 units (0 at the end). */
const runeWidth = (s: string, pos: number): number => {
  if (pos >= s.length) return 0;
  const c = s.charCodeAt(pos);
  return c >= 0xd800 && c <= 0xdbff && pos + 1 < s.length ? 2 : 1;
};

/** Go's allMatches: successive matches; an empty match right after a match is skipped. */
function allMatches(r: Regexp, s: string, n: number, groups = false): Match[] {
  if (n < 0) n = s.length + 1;
  const out: Match[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (out.length < n && pos <= s.length) {
    const m = execAt(r, s, pos, groups);
    if (!m) break;
    let accept = true;
    if (m.end === pos) {
      if (m.start === prevEnd) accept = false;
      const w = runeWidth(s, pos);
      pos = w > 0 ? pos + w : s.length + 1;
    } else pos = m.end;
    prevEnd = m.end;
    if (accept) out.push(m);
  }
  return out;
}

/** Go's extract: a `$name` / `${name}` reference at the start of t. */
function extract(t: string): { name: string; num: number; rest: string } | undefined {
  let str = t;
  let brace = false;
  if (str.startsWith('{')) {
    brace = true;
    str = str.slice(1);
  }
  const m = /^[\p{L}\p{Nd}_]+/u.exec(str);
  if (!m) return undefined;
  const name = m[0];
  let i = name.length;
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 9 ? Number(name) : -1;
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

/** Regexp.Expand for ReplaceAllString templates. */
function expand(r: Regexp, template: string, s: string, match: Match): string {
  let out = '';
  let t = template;
  for (;;) {
    const i = t.indexOf('$');
    if (i < 0) break;
    out += t.slice(0, i);
    t = t.slice(i + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = extract(t);
    if (!ref) {
      out += '$';
      continue;
    }
    t = ref.rest;
    let g = ref.num;
    // By name: the first group of that name that took part in the match.
    if (g < 0)
      g = r.names.findIndex((n, k) => k > 0 && n === ref.name && groupText(s, match, k) !== undefined);
    if (g >= 0 && g < r.names.length) out += groupText(s, match, g) ?? '';
  }
  return out + t;
}

/** Go's replaceAll loop; `repl` builds each replacement from the match. */
function replaceAll(r: Regexp, s: string, repl: (m: Match) => string, groups: boolean): string {
  let out = '';
  let lastEnd = 0;
  let search = 0;
  while (search <= s.length) {
    const a = execAt(r, s, search, groups);
    if (!a) break;
    out += s.slice(lastEnd, a.start);
    if (a.end > lastEnd || a.start === 0) out += repl(a);
    lastEnd = a.end;
    const w = runeWidth(s, search);
    if (search + w > a.end) search += w;
    else if (search + 1 > a.end) search++;
    else search = a.end;
  }
  // Kept bytes and replacements may join into valid UTF-8, as Go's byte output does.
  return utf8Normalize(out + s.slice(lastEnd));
}

/** Regexp.Split */
function split(r: Regexp, expr: string, s: string, n: number): GoList {
  if (n === 0) return new GoList([], 'string', true);
  if (expr.length > 0 && s.length === 0) return new GoList([''], 'string');
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(r, s, n)) {
    if (n > 0 && parts.length === n - 1) break;
    end = m.start;
    if (m.end !== 0) parts.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return new GoList(parts, 'string');
}

const SPECIAL = /[\\.+*?()|[\]{}^$]/g;

/**
 * Patterns compiled once per process (a render builds new function sets, and a prepared chart
 * renders the same patterns again and again). A compiled pattern is never changed (each match
 * makes its own matcher); a failure keeps only its text, for a fresh error at each use.
 */
const COMPILED = new Map<string, Regexp | string>();
const COMPILED_MAX = 512;
/** Bounds the patterns' text too: templates can build long patterns. */
const COMPILED_CHARS_MAX = 1 << 20;
let compiledChars = 0;

function compiled(expr: string): Regexp | GoError {
  let r = COMPILED.get(expr);
  if (r === undefined) {
    const c = compile(expr);
    r = c instanceof GoError ? c.message : c;
    // Oldest first out: a map keeps insertion order.
    while (
      COMPILED.size > 0 &&
      (COMPILED.size >= COMPILED_MAX || compiledChars + expr.length > COMPILED_CHARS_MAX)
    ) {
      const oldest = COMPILED.keys().next().value!;
      compiledChars -= oldest.length;
      COMPILED.delete(oldest);
    }
    COMPILED.set(expr, r);
    compiledChars += expr.length;
  }
  return typeof r === 'string' ? new GoError(r) : r;
}

/** The Sprig regex functions; `re2Only` (tests): never the JS twins. */
export function regexFuncs(opts: { re2Only?: boolean } = {}): Map<string, GoFunc> {
  const own = new Map<string, Regexp | GoError>();
  const get = opts.re2Only
    ? (expr: string): Regexp | GoError => {
        let r = own.get(expr);
        if (r === undefined) own.set(expr, (r = compile(expr, false)));
        return r;
      }
    : compiled;
  /** regexp.Compile: the error is returned to the caller (must* variants). */
  const must = (expr: Value): Regexp => {
    const r = get(expr as string);
    if (r instanceof GoError) throw r;
    return r;
  };
  /** regexp.MustCompile: the error panics with the pattern quoted. */
  const mustCompile = (expr: Value): Regexp => {
    const r = get(expr as string);
    if (r instanceof GoError)
      throw new GoError(`regexp: Compile(${regexpQuote(expr as string)}): ${r.message}`);
    return r;
  };

  const findAll = (r: Regexp, s: string, n: number): GoList => {
    if (n === 0) return new GoList([], 'string', true);
    const ms = allMatches(r, s, n);
    if (ms.length === 0) return new GoList([], 'string', true);
    return new GoList(
      ms.map((m) => s.slice(m.start, m.end)),
      'string',
    );
  };
  const find = (r: Regexp, s: string): string => {
    const m = execAt(r, s, 0);
    return m ? s.slice(m.start, m.end) : '';
  };
  /** Go's ReplaceAllString: a template without `$` is the replacement as it is. */
  const replaceExpand = (r: Regexp, str: string, repl: string): string =>
    repl.includes('$')
      ? replaceAll(r, str, (m) => expand(r, repl, str, m), true)
      : replaceAll(r, str, () => repl, false);
  const num = (v: Value): number => Number((v as { v: bigint }).v);
  const s = (v: Value): string => v as string;

  const fs = [
    goFunc('regexMatch', 'func(string, string) bool', (re, str) => {
      const r = get(s(re));
      return r instanceof GoError ? false : execAt(r, s(str), 0) !== undefined;
    }),
    goFunc(
      'mustRegexMatch',
      'func(string, string) (bool, error)',
      (re, str) => execAt(must(re), s(str), 0) !== undefined,
    ),
    goFunc('regexFindAll', 'func(string, string, int) []string', (re, str, n) =>
      findAll(mustCompile(re), s(str), num(n)),
    ),
    goFunc('mustRegexFindAll', 'func(string, string, int) ([]string, error)', (re, str, n) =>
      findAll(must(re), s(str), num(n)),
    ),
    goFunc('regexFind', 'func(string, string) string', (re, str) => find(mustCompile(re), s(str))),
    goFunc('mustRegexFind', 'func(string, string) (string, error)', (re, str) => find(must(re), s(str))),
    goFunc('regexReplaceAll', 'func(string, string, string) string', (re, str, repl) =>
      replaceExpand(mustCompile(re), s(str), s(repl)),
    ),
    goFunc('mustRegexReplaceAll', 'func(string, string, string) (string, error)', (re, str, repl) =>
      replaceExpand(must(re), s(str), s(repl)),
    ),
    goFunc('regexReplaceAllLiteral', 'func(string, string, string) string', (re, str, repl) =>
      replaceAll(mustCompile(re), s(str), () => s(repl), false),
    ),
    goFunc('mustRegexReplaceAllLiteral', 'func(string, string, string) (string, error)', (re, str, repl) =>
      replaceAll(must(re), s(str), () => s(repl), false),
    ),
    goFunc('regexSplit', 'func(string, string, int) []string', (re, str, n) =>
      split(mustCompile(re), s(re), s(str), num(n)),
    ),
    goFunc('mustRegexSplit', 'func(string, string, int) ([]string, error)', (re, str, n) =>
      split(must(re), s(re), s(str), num(n)),
    ),
    goFunc('regexQuoteMeta', 'func(string) string', (str) => s(str).replace(SPECIAL, '\\$&')),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}

/** A Go regexp for other modules (semver's grammar): MustCompile semantics, Go's Find* rules. */
export class GoRegexp {
  private readonly r: Regexp;
  /** `r`: already compiled (compile below). */
  constructor(expr: string, r: Regexp | GoError = compile(expr)) {
    if (r instanceof GoError) throw new Error(`regexp: Compile(${regexpQuote(expr)}): ${r.message}`);
    this.r = r;
  }
  /** regexp.Compile (the values schema's patterns): Go's error instead of a throw. */
  static compile(expr: string): GoRegexp | GoError {
    const r = compiled(expr);
    return r instanceof GoError ? r : new GoRegexp(expr, r);
  }
  matchString(s: string): boolean {
    return execAt(this.r, s, 0) !== undefined;
  }
  /** FindStringSubmatch: unmatched groups are "". */
  findStringSubmatch(s: string): string[] | undefined {
    const m = execAt(this.r, s, 0, true);
    return m ? this.groups(s, m) : undefined;
  }
  findAllString(s: string, n: number): string[] {
    return allMatches(this.r, s, n).map((m) => s.slice(m.start, m.end));
  }
  findAllStringSubmatch(s: string, n: number): string[][] {
    return allMatches(this.r, s, n, true).map((m) => this.groups(s, m));
  }
  private groups(s: string, m: Match): string[] {
    const out: string[] = [];
    for (let g = 0; g < this.r.names.length; g++) out.push(groupText(s, m, g) ?? '');
    return out;
  }
}
