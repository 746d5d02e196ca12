// What the executor holds while it runs: Go's reflect.Value as far as text/template can see it.
// Three states show in Go's output and errors and must stay apart:
//   INVALID      the zero reflect.Value (a missing key under missingkey=invalid, nil data):
//                prints `<no value>`, fails `invalid value; expected string`;
//   Iface(v)     a value whose static type is `interface {}` (map[string]interface{} elements,
//                []interface{} items, funcs returning interface{}): Iface(null) is a nil
//                interface (`<nil>` as an argument, `wrong type for value; … got interface {}`),
//                and field errors name `interface {}` rather than the dynamic type;
//   a Value      a concrete value of its own type.
//   Addr(o)      an addressable struct (reached through a pointer, or a field of one): its
//                method set includes the methods declared on *T, and the template prints it
//                through a pointer-receiver String(). Only objects that declare such methods
//                are wrapped. A copy (any function argument) drops the wrapper, as Go copies.
// A pipeline result is unwrapped (Go's evalPipeline), so Iface appears only in dot, range
// variables, chain steps and arguments; Addr survives pipelines, variables, with and template.

import { GoObject, type Value, typeOf, type GoType } from './value.js';

/** The zero reflect.Value. */
export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

/** A value held in an `interface {}`; `v === null` is a nil interface. */
export class Iface {
  constructor(readonly v: Value) {}
}

/** An addressable struct value (Go's flagAddr). */
export class Addr {
  constructor(readonly v: GoObject) {}
}

export type RValue = Value | Iface | Invalid | Addr;

/**
 * A struct field (or pointed-to value) as the executor holds it: addressable when its holder
 * is, which matters only for objects with pointer-receiver methods.
 */
export function addressable(v: Value, holderAddressable: boolean): Value | Addr {
  return holderAddressable && v instanceof GoObject && v.goKind === 'struct' && v.hasPtrMethods
    ? new Addr(v)
    : v;
}

/** The nil interface, shared (it carries no state). */
export const NIL_IFACE = new Iface(null);

/** Wraps a value as an `interface {}` element (no-op sharing for nil). */
export const iface = (v: Value): Iface => (v === null ? NIL_IFACE : new Iface(v));

/**
 * Go's indirectInterface: the concrete value inside an interface; INVALID for a nil interface.
 * A bare null (a Value used where a reflect.Value is expected) counts as a nil interface.
 */
export function concrete(rv: RValue): Value | Invalid {
  if (rv instanceof Iface) return rv.v === null ? INVALID : rv.v;
  if (rv instanceof Addr) return rv.v;
  if (rv === null) return INVALID;
  return rv;
}

/** Whether a value is a nil interface or a nil pointer (Go's indirect reporting isNil). */
export function isNilRef(rv: RValue): boolean {
  if (rv === null) return true;
  if (rv instanceof Iface) return rv.v === null || isNilPointer(rv.v);
  if (rv instanceof Addr) return false;
  return rv !== INVALID && isNilPointer(rv);
}

/** A nil pointer: a pointer-kind object that is false (GoObject.truth). */
export function isNilPointer(v: Value): boolean {
  return v instanceof GoObject && v.goKind === 'ptr' && !v.truth();
}

/** The static Go type of a held value, as reflect.Value.Type prints it. */
export function staticType(rv: RValue): GoType {
  if (rv instanceof Iface || rv === null) return 'interface {}';
  if (rv === INVALID) return '<invalid reflect.Value>';
  if (rv instanceof Addr) return rv.v.goType;
  return typeOf(rv);
}

/** The Value a function parameter of type interface{} receives: nil for INVALID. */
export function toValue(rv: RValue): Value {
  if (rv === INVALID) return null;
  if (rv instanceof Iface || rv instanceof Addr) return rv.v;
  return rv;
}

/**
 * Go's indirect for printing and builtins: follows non-nil pointers (GoObject.deref) to the
 * value they point to; a nil pointer, or one whose target is not modelled, stays as it is.
 */
export function derefPointers(v: Value): Value {
  while (v instanceof GoObject && v.goKind === 'ptr') {
    const d = v.deref();
    if (d === undefined || d === null) return v;
    v = d;
  }
  return v;
}
