// Go's fmt.Sprint, Sprintln and Sprintf: the public entry points. The work is done by
// printer.ts (values, verbs, String() methods) and printf.ts (format strings).

import { formatFloatShortestG } from '../strconv/format-float.js';
import { GoInt, GoObject, utf8Normalize, type Value } from '../value.js';
import { NIL_ANGLE, Printer, isNilPointer } from './printer.js';
import { PrintfRun } from './printf.js';

/** `%v` (or another verb, no flags) of one value, as fmt.Sprintf("%v", v) prints it. */
export function formatValue(v: Value, verb = 'v'): string {
  if (verb === 'v') {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return formatFloatShortestG(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v instanceof GoInt) return v.v.toString();
    if (v === null) return NIL_ANGLE;
  }
  const p = new Printer();
  p.printArg(v, verb);
  return p.buf;
}

/**
 * What text/template prints for `{{ v }}` (printableValue, then fmt.Fprint): a non-nil pointer
 * without String()/Error() prints as the struct it points to, `{a b}` rather than `&{a b}`.
 */
export function formatIndirect(v: Value): string {
  if (!(v instanceof GoObject) || v.goKind !== 'ptr' || isNilPointer(v)) return formatValue(v, 'v');
  const p = new Printer();
  if (!p.handleMethods(v, 'v')) {
    const elemType = v.goType.startsWith('*') ? v.goType.slice(1) : v.goType;
    p.printStruct(elemType, v, 'v', 0);
  }
  return p.buf;
}

/** fmt.Sprint(v) of one value (Sprig's toString, text/template's printing of `{{ v }}`). */
export const toStringGo = (v: Value): string => formatValue(v, 'v');

/** fmt.Sprint: operands in their default format, a space between two that are not strings. */
export function sprint(args: readonly Value[]): string {
  if (args.length === 1) return formatValue(args[0]!, 'v');
  const p = new Printer();
  p.doPrint(args);
  // Escaped bytes of adjacent operands may join into valid UTF-8 (value.ts).
  return utf8Normalize(p.buf);
}

/** fmt.Sprintln: operands separated by spaces, then a newline. */
export function sprintln(args: readonly Value[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/** fmt.Sprintf, with Go's error markers (`%!d(string=x)`, `%!(EXTRA …)`) in the output. */
export function sprintf(format: string, args: readonly Value[]): string {
  const p = new Printer();
  new PrintfRun(p, format, args).run();
  // Escaped bytes of adjacent pieces may join into valid UTF-8 (value.ts).
  return utf8Normalize(p.buf);
}
