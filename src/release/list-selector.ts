// Kubernetes label selectors as `helm list -l` parses them (apimachinery labels.Parse): the lexer,
// the recursive-descent parser, key/value validation and matching, with apimachinery's error texts.
import { quote as goQuote } from '../go/strconv/format.js';

type Op = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

/** A parsed selector; an empty one matches everything. */
export interface LabelSelector {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

export class SelectorParseError extends Error {
  override name = 'SelectorParseError';
}

// ---- lexer -------------------------------------------------------------------------------------

type Tok = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const LITERALS: Record<string, Tok> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};
const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c) && c !== '';

function lex(s: string): Array<[Tok, string]> {
  // Go works on bytes; the selector's characters are compared one by one, which is the same here.
  let pos = 0;
  const read = (): string => (pos < s.length ? s[pos++]! : '');
  const items: Array<[Tok, string]> = [];
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    let item: [Tok, string];
    if (ch === '') item = ['end', ''];
    else if (isSpecial(ch)) {
      pos--;
      let buf = '';
      let last: [Tok, string] | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c)) {
          buf += c;
          const t = LITERALS[buf];
          if (t) last = [t, buf];
          else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      item = last ?? ['error', `error expected: keyword found '${buf}'`];
    } else {
      pos--;
      let buf = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buf += c;
      }
      item = [LITERALS[buf] ?? 'id', buf];
    }
    items.push(item);
    if (item[0] === 'end') return items;
  }
}

// ---- validation (apimachinery content.IsLabelKey / IsLabelValue, field.Invalid) -------------------

const KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const KEY_RE = new RegExp(`^${KEY_FMT}$`);
const VALUE_FMT = `(${KEY_FMT})?`;
const VALUE_RE = new RegExp(`^${VALUE_FMT}$`);
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const KEY_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${re}')`;
}
const maxLenError = (n: number): string => `must be no more than ${n} bytes`;
const byteLen = (s: string): number => Buffer.byteLength(s);

function labelKeyErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else {
      if (byteLen(prefix) > 253) errs.push('prefix part ' + maxLenError(253));
      if (!DNS1123_SUBDOMAIN_RE.test(prefix))
        errs.push(
          'prefix part ' +
            regexError(
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
              DNS1123_SUBDOMAIN_FMT,
              'example.com',
            ),
        );
    }
  } else {
    return [
      'a valid label key ' +
        regexError(KEY_MSG, KEY_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLen(name) > 63) errs.push('name part ' + maxLenError(63));
  if (!KEY_RE.test(name))
    errs.push('name part ' + regexError(KEY_MSG, KEY_FMT, 'MyName', 'my.name', '123-abc'));
  return errs;
}

function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenError(63));
  if (!VALUE_RE.test(value))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errs;
}

/** field.Invalid(path, value, detail).Error() */
const invalid = (path: string, bad: string, detail: string): string =>
  `${path}: Invalid value: ${bad}${detail ? `: ${detail}` : ''}`;

const jsonList = (vals: string[]): string => JSON.stringify(vals);

/** utilerrors aggregate text: one error alone, else `[a, b]` (duplicates dropped). */
function aggregate(errs: string[]): string {
  const uniq = [...new Set(errs)];
  return uniq.length === 1 ? uniq[0]! : `[${uniq.join(', ')}]`;
}

const INT64 = /^[+-]?\d+$/;
function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const n = BigInt(s);
  return n > 0x7fffffffffffffffn || n < -0x8000000000000000n ? undefined : n;
}

function newRequirement(key: string, op: Op, vals: string[]): Requirement {
  const errs: string[] = [];
  const ke = labelKeyErrors(key);
  if (ke.length) errs.push(invalid('key', goQuote(key), ke.join('; ')));
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0)
        errs.push(
          invalid('values', jsonList(vals), "for 'in', 'notin' operators, values set can't be empty"),
        );
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1)
        errs.push(invalid('values', jsonList(vals), 'exact-match compatibility requires one single value'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1)
        errs.push(
          invalid('values', jsonList(vals), "for 'Gt', 'Lt' operators, exactly one value is required"),
        );
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push(
            invalid(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
      });
      break;
  }
  vals.forEach((v, i) => {
    const ve = labelValueErrors(v);
    if (ve.length) errs.push(invalid(`values[${i}][${key}]`, goQuote(v), ve.join('; ')));
  });
  if (errs.length) throw new SelectorParseError(aggregate(errs));
  return { key, op, values: vals };
}

// ---- parser ------------------------------------------------------------------------------------

const BINARY_OPS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

class Parser {
  private pos = 0;
  constructor(private readonly items: Array<[Tok, string]>) {}

  private look(values: boolean): [Tok, string] {
    const [t, l] = this.items[this.pos]!;
    return values && (t === 'in' || t === 'notin') ? ['id', l] : [t, l];
  }
  private take(values: boolean): [Tok, string] {
    const r = this.look(values);
    this.pos++;
    return r;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const [tok, lit] = this.look(true);
      if (tok === 'id' || tok === '!') {
        try {
          reqs.push(this.requirement());
        } catch (e) {
          throw new SelectorParseError(`unable to parse requirement: ${(e as Error).message}`);
        }
        const [t, l] = this.take(true);
        if (t === 'end') return reqs;
        if (t === ',') {
          const [t2, l2] = this.look(true);
          if (t2 !== 'id' && t2 !== '!')
            throw new SelectorParseError(`found '${l2}', expected: identifier after ','`);
        } else throw new SelectorParseError(`found '${l}', expected: ',' or 'end of string'`);
      } else if (tok === 'end') return reqs;
      else throw new SelectorParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private requirement(): Requirement {
    let op: Op | undefined;
    let [tok, lit] = this.take(true);
    if (tok === '!') {
      op = '!';
      [tok, lit] = this.take(true);
    }
    if (tok !== 'id') throw new Error(`found '${lit}', expected: identifier`);
    const ke = labelKeyErrors(lit);
    // The parser's own path is nil, which field.Error prints as <nil>.
    if (ke.length) throw new Error(invalid('<nil>', goQuote(lit), ke.join('; ')));
    const key = lit;
    const [next] = this.look(true);
    if ((next === 'end' || next === ',') && op !== '!') op = 'exists';
    if (op === 'exists' || op === '!') return newRequirement(key, op, []);
    const binary = this.operator();
    const values = binary === 'in' || binary === 'notin' ? this.setValues() : this.exactValue();
    // sets.String.List(): sorted, unique
    return newRequirement(key, binary, [...new Set(values)].sort());
  }

  private operator(): Op {
    const [tok, lit] = this.take(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPS.join(', ')}`);
    }
  }

  private setValues(): string[] {
    const [tok, lit] = this.take(true);
    if (tok !== '(') throw new Error(`found '${lit}' expected: '('`);
    const [t2, l2] = this.look(true);
    if (t2 === 'id' || t2 === ',') {
      const s = this.identifiers();
      if (this.take(true)[0] !== ')') throw new Error(`found '${l2}', expected: ')'`);
      return s;
    }
    if (t2 === ')') {
      this.take(true);
      return [''];
    }
    throw new Error(`found '${l2}', expected: ',', ')' or identifier`);
  }

  private identifiers(): string[] {
    const s: string[] = [];
    for (;;) {
      const [tok, lit] = this.take(true);
      if (tok === 'id') {
        s.push(lit);
        const [t2, l2] = this.look(true);
        if (t2 === ',') continue;
        if (t2 === ')') return s;
        throw new Error(`found '${l2}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (s.length === 0) s.push('');
        const [t2] = this.look(true);
        if (t2 === ')') {
          s.push('');
          return s;
        }
        if (t2 === ',') s.push('');
      } else throw new Error(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const [t] = this.look(true);
    if (t === 'end' || t === ',') return [''];
    const [tok, lit] = this.take(true);
    if (tok === 'id') return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

function matches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels[r.key]! : '';
  switch (r.op) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(val);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(val);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const a = parseInt64(val);
      const b = parseInt64(r.values[0]!);
      if (a === undefined || b === undefined) return false;
      return r.op === 'gt' ? a > b : a < b;
    }
  }
}

/** labels.Parse. Throws SelectorParseError with apimachinery's text. */
export function parseLabelSelector(selector: string): LabelSelector {
  const reqs = new Parser(lex(selector)).parse();
  return { matches: (labels) => reqs.every((r) => matches(r, labels)) };
}
