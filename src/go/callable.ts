// One calling convention for everything a template can call: FuncMap functions and methods
// (GoFunc, which see plain Values) and the builtins (which, like Go's reflect.Value
// parameters, see the executor's values as they are: INVALID, nil interface or concrete).

import { NIL_IFACE, iface, type RValue } from './reflect.js';
import { GoFunc, type GoType, type Value } from './value.js';

/** The parameter type of Go's builtins that take reflect.Value: no conversion, no checks. */
export const REFLECT_VALUE: GoType = 'reflect.Value';

export interface Callable {
  readonly name: string;
  /** Fixed parameter types. */
  readonly params: readonly GoType[];
  /** Element type of a final `...T` parameter, if variadic. */
  readonly variadic: GoType | undefined;
  /** Go's goodFunc verdict: an error text when the signature cannot be called from a template. */
  readonly badSignature: string | undefined;
  /** Runs the function; throws for an error result or a panic. */
  readonly call: (args: RValue[]) => RValue;
  /** The GoFunc behind it, which the executor calls directly (one JS frame less per call). */
  readonly goFunc?: GoFunc;
}

/** Go's goodFunc: one result, or two with an error second. */
export function signatureProblem(name: string, f: GoFunc): string | undefined {
  const n = f.sig.results.length + (f.sig.returnsError ? 1 : 0);
  if (n === 1) return undefined;
  if (n === 2) {
    if (f.sig.returnsError) return undefined;
    return `invalid function signature for ${name}: second return value should be error; is ${f.sig.results[1]}`;
  }
  return `function ${name} has ${n} return values; should be 1 or 2`;
}

/** A GoFunc's result as the executor holds it: interface{} results (and nils) as interfaces. */
export function goResult(f: GoFunc, r: Value | undefined): RValue {
  if (r === undefined || r === null) return NIL_IFACE;
  return f.sig.results[0] === 'interface {}' || f.sig.results[0] === undefined ? iface(r) : r;
}

/** Adapts a GoFunc: arguments arrive already converted to its parameter types. */
export function fromGoFunc(f: GoFunc, name: string = f.name): Callable {
  return {
    name,
    params: f.sig.params,
    variadic: f.sig.variadic,
    badSignature: signatureProblem(name, f),
    goFunc: f,
    // A declared interface{} result is an interface value (nil stays a nil interface); a
    // concrete nil (a nil map or slice returned as null) behaves as a nil interface too.
    call: (args: RValue[]): RValue => goResult(f, f.fn(...(args as Value[]))),
  };
}
