// Number literals as Go's parse.newNumber reads them: one literal stored under every type that
// represents it exactly (ideal constants), with Go's errors ("integer overflow: …").

import type { NumberNode, Pos } from './node.js';
import { goQuote } from './quote.js';
import { NumError, parseFloat, parseInt, parseUint, atoi, unquoteChar } from '../../go/strconv/parse.js';
import { GoError } from '../../go/value.js';

export type NumberKind = 'number' | 'charConstant' | 'complex';

const TWO63 = 2 ** 63;
const TWO64 = 2 ** 64;
/** Decimal integers well inside float64's exact range. */
const SMALL_DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})$/;

/** Builds a NumberNode; throws GoError with Go's message on a bad literal. */
export function newNumber(pos: Pos, text: string, kind: NumberKind): NumberNode {
  const n: NumberNode = {
    type: 'number',
    pos,
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    complex: { re: 0, im: 0 },
    text,
  };
  if (kind === 'charConstant') {
    const r = unquoteChar(text.slice(1), text[0]);
    if (r.tail !== "'") throw new GoError(`malformed character constant: ${text}`);
    n.int64 = BigInt(r.value);
    n.uint64 = BigInt(r.value);
    n.float64 = r.value; // odd, but Go's rules
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (kind === 'complex') {
    const [re, im] = scanComplex(text);
    n.isComplex = true;
    n.complex = { re, im };
    simplifyComplex(n);
    return n;
  }
  // Plain decimal integers (nearly every literal in charts) without strconv's BigInt work and
  // exceptions: what the general path below gives them. "-0" is unsigned too, as Go has it.
  if (SMALL_DECIMAL.test(text)) {
    const v = Number(text);
    n.isInt = n.isFloat = true;
    n.int64 = BigInt(v);
    n.float64 = v === 0 ? 0 : v;
    if (v >= 0) {
      n.isUint = true;
      n.uint64 = n.int64;
    }
    return n;
  }
  // Imaginary constants are complex (and simplified if zero).
  if (text.endsWith('i')) {
    const f = tryFloat(text.slice(0, -1));
    if (f !== undefined) {
      n.isComplex = true;
      n.complex = { re: 0, im: f };
      simplifyComplex(n);
      return n;
    }
  }
  // Integers first, so 0x123 etc. keep their exact value.
  let u = 0n;
  try {
    u = parseUint(text, 0, 64);
    n.isUint = true;
    n.uint64 = u;
  } catch {
    // not an unsigned integer
  }
  try {
    const i = parseInt(text, 0, 64);
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true; // -0
      n.uint64 = u;
    }
  } catch {
    // not a signed integer
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = tryFloat(text);
    if (f !== undefined) {
      // Parsed as a float but written as an integer: too large for any integer type.
      if (!/[.eEpP]/.test(text)) throw new GoError(`integer overflow: ${goQuote(text)}`);
      n.isFloat = true;
      n.float64 = f;
      setIntegerViews(n, f);
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new GoError(`illegal number syntax: ${goQuote(text)}`);
  return n;
}

function tryFloat(s: string): number | undefined {
  try {
    return parseFloat(s, 64);
  } catch {
    return undefined;
  }
}

/** Go's float64(int64(f)) == f and float64(uint64(f)) == f tests (amd64 conversions). */
function setIntegerViews(n: NumberNode, f: number): void {
  if (Number.isInteger(f) && f >= -TWO63 && f < TWO63) {
    n.isInt = true;
    n.int64 = BigInt(f);
  }
  if (Number.isInteger(f) && f >= 0 && f < TWO64) {
    n.isUint = true;
    n.uint64 = BigInt(f);
  }
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complex.im === 0;
  if (n.isFloat) {
    n.float64 = n.complex.re;
    setIntegerViews(n, n.float64);
  }
}

// ---- fmt.Sscan of a complex128, which Go's parser uses for `1+2i` ----

const ERR_COMPLEX = 'syntax error scanning complex number';

function scanComplex(text: string): [number, number] {
  let i = 0;
  const accept = (set: string): boolean => {
    if (i < text.length && set.includes(text[i])) {
      i++;
      return true;
    }
    return false;
  };
  const floatToken = (): string => {
    const start = i;
    if (accept('nN') && accept('aA') && accept('nN')) return text.slice(start, i);
    accept('+-');
    if (accept('iI') && accept('nN') && accept('fF')) return text.slice(start, i);
    let digits = '0123456789_';
    let exp = 'eEpP';
    if (accept('0') && accept('xX')) {
      digits = '0123456789aAbBcCdDeEfF_';
      exp = 'pP';
    }
    while (accept(digits));
    if (accept('.')) while (accept(digits));
    if (accept(exp)) {
      accept('+-');
      while (accept('0123456789_'));
    }
    return text.slice(start, i);
  };
  const parens = accept('(');
  const re = floatToken();
  const signAt = i;
  if (!accept('+-')) throw new GoError(ERR_COMPLEX);
  const im = text[signAt] + floatToken();
  if (!accept('i')) throw new GoError(ERR_COMPLEX);
  if (parens && !accept(')')) throw new GoError(ERR_COMPLEX);
  return [convertFloat(re), convertFloat(im)];
}

/** fmt's convertFloat: ParseFloat, plus its own decimal-mantissa `p` exponent form. */
function convertFloat(s: string): number {
  const p = s.indexOf('p');
  if (p >= 0 && !/[xX]/.test(s)) {
    const f = renum(() => parseFloat(s.slice(0, p), 64), s);
    const m = renum(() => Number(atoi(s.slice(p + 1))), s);
    return f * 2 ** m;
  }
  return parseFloat(s, 64);
}

/** Reports a NumError with the full string, as fmt does. */
function renum<T>(f: () => T, full: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NumError) throw new NumError(e.func, full, e.err, e.value);
    throw e;
  }
}
