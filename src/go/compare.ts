// Go's ordering and equality of basic kinds, as text/template's lt and eq compute them and as
// client-go's jsonpath filters do (its third_party fork of those functions). Both refuse the
// same cases; each words its own error (the template names the types, the fork does not).
import { compareGoStrings, GoComplex, GoInt, utf8Normalize } from './value.js';

export type BasicKind = 'invalid' | 'bool' | 'complex' | 'int' | 'uint' | 'float' | 'string';

/** text/template's basicKind over our values (float64 is a JS number). */
export function basicKind(v: unknown): BasicKind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float';
  }
  if (v instanceof GoInt) return v.signed ? 'int' : 'uint';
  if (v instanceof GoComplex) return 'complex';
  return 'invalid';
}

/** Why Go refuses a comparison: no order (or no basic kind at all), or two kinds that differ. */
export type Refusal = 'invalid' | 'incompatible';

/** Signed and unsigned integers compare by value (the big integers here cannot overflow). */
const mixedInts = (ka: BasicKind, kb: BasicKind): boolean =>
  (ka === 'int' && kb === 'uint') || (ka === 'uint' && kb === 'int');

/** lt on two values of these kinds. */
export function basicLess(a: unknown, ka: BasicKind, b: unknown, kb: BasicKind): boolean | Refusal {
  if (ka === 'invalid' || kb === 'invalid') return 'invalid';
  if (ka !== kb) return mixedInts(ka, kb) ? (a as GoInt).v < (b as GoInt).v : 'incompatible';
  switch (ka) {
    case 'bool':
    case 'complex':
      return 'invalid';
    case 'float':
      return (a as number) < (b as number);
    case 'string':
      return compareGoStrings(a as string, b as string) < 0;
    default:
      return (a as GoInt).v < (b as GoInt).v;
  }
}

/** eq on two values of these basic kinds (neither 'invalid': the callers treat those apart). */
export function basicEqual(a: unknown, ka: BasicKind, b: unknown, kb: BasicKind): boolean | 'incompatible' {
  if (ka !== kb) return mixedInts(ka, kb) ? (a as GoInt).v === (b as GoInt).v : 'incompatible';
  switch (ka) {
    case 'string':
      // Equal bytes may be spelled differently when escaped bytes were joined (see utf8Normalize).
      return a === b || utf8Normalize(a as string) === utf8Normalize(b as string);
    case 'int':
    case 'uint':
      return (a as GoInt).v === (b as GoInt).v;
    case 'complex':
      return (a as GoComplex).re === (b as GoComplex).re && (a as GoComplex).im === (b as GoComplex).im;
    default:
      return a === b;
  }
}
