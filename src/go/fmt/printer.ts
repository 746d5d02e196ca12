// Printing one operand the way Go's fmt does (print.go printArg/printValue) over the Go value
// model: verb dispatch by dynamic type, String()/Error() methods, containers element by
// element, maps in fmtsort order, and the `%!verb(type=value)` marker for a verb that misfits.
//
// Where the model or JS cannot say what Go would:
// - pointers nested below the top level and func values print a stable made-up address
//   derived from the type (0xc000……), not a real one;
// - a nil inside a container or struct is a nil interface (`<nil>`, `interface {}(nil)` with
//   %#v) unless the container's element type says otherwise; typed nil pointers in struct
//   fields are not modelled;
// - output is a JS string: bytes that are not UTF-8 (%s of a []byte) are kept as escaped
//   bytes (value.ts utf8Decode); a Uint8Array is never a nil slice;
// - a GoObject of a basic kind (time.Duration) prints through its String() method; verbs that
//   bypass methods (%d) use its underlying() value, or print `?type?` when it has none.

import { formatFloatShortestG, type FloatFormat } from '../strconv/format-float.js';
import { crashCycleGuard } from '../cycle.js';
import { GoComplex, GoFunc, GoInt, GoList, GoMap, GoObject, typeOf, type Value, kindOf } from '../value.js';
import { Formatter, UDIGITS } from './flags.js';
import { sortedMapKeys } from './sort.js';

export const NIL_ANGLE = '<nil>';
const NIL_PAREN = '(nil)';

/** A nil pointer in the model: a pointer-kind object that `if` sees as false. */
export const isNilPointer = (v: Value): boolean => v instanceof GoObject && v.goKind === 'ptr' && !v.truth();

/** A stable pseudo address for a reference value (Go would print a heap address). */
function fakeAddress(v: Value): bigint {
  if ((v instanceof GoMap || v instanceof GoList) && v.nil) return 0n;
  if (isNilPointer(v)) return 0n;
  const t = typeOf(v) + (v instanceof GoFunc ? v.name : '');
  let h = 0x811c9dc5;
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193) >>> 0;
  return 0xc000000000n + BigInt((h & 0xffffff) * 8);
}

/** One Sprintf/Sprint call: the formatter plus the reentrancy state of print.go's pp. */
export class Printer extends Formatter {
  private readonly cycles = crashCycleGuard('fmt');
  /** set while printing a bad verb's operand: String() methods are not called then */
  erroring = false;

  // ---- top level ------------------------------------------------------------------------

  printArg(arg: Value, verb: string): void {
    if (arg === null) {
      if (verb === 'T' || verb === 'v') this.padString(NIL_ANGLE);
      else this.badVerb(verb, null);
      return;
    }
    if (verb === 'T') {
      this.fmtS(typeOf(arg));
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, 'p');
      return;
    }
    switch (typeof arg) {
      case 'string':
        this.fmtString(arg, verb, arg);
        return;
      case 'number':
        this.fmtFloatVerb(arg, 64, verb, arg);
        return;
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
    }
    if (arg instanceof GoInt) this.fmtIntegerVerb(arg, verb);
    else if (arg instanceof Uint8Array) this.fmtBytes(arg, verb, '[]byte');
    else if (arg instanceof GoComplex) this.fmtComplex(arg, verb);
    else if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, 0);
  }

  /** String() / Error() take over %v %s %x %X %q (not %#v, not while reporting a bad verb). */
  handleMethods(v: Value, verb: string): boolean {
    if (this.erroring || this.sharpV || !(v instanceof GoObject)) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    let s: string | undefined;
    try {
      s = v.stringer();
    } catch (e) {
      // Go recovers a method's panic on a nil pointer receiver and prints <nil>.
      if (!isNilPointer(v)) throw e;
      this.buf += NIL_ANGLE;
      return true;
    }
    if (s === undefined) return false;
    this.fmtString(s, verb, s);
    return true;
  }

  /** `%!verb(type=value)`, or `%!verb(<nil>)`. */
  badVerb(verb: string, v: Value): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (v === null) this.buf += NIL_ANGLE;
    else {
      this.buf += typeOf(v) + '=';
      this.printArg(v, 'v');
    }
    this.buf += ')';
    this.erroring = false;
  }

  // ---- basic kinds ----------------------------------------------------------------------

  fmtBool(v: boolean, verb: string, orig: Value = v): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb, orig);
  }

  /** `orig` is what a bad verb reports: the named value (time.Duration) the integer came from. */
  fmtIntegerVerb(n: GoInt, verb: string, orig: Value = n): void {
    const v = n.v;
    // No flags, width or precision: plain decimal (the common {{ int }} case).
    if (
      (verb === 'v' || verb === 'd') &&
      !this.widPresent &&
      !this.precPresent &&
      !this.plus &&
      !this.space &&
      !this.sharp &&
      !this.sharpV
    ) {
      this.buf += v.toString();
      return;
    }
    switch (verb) {
      case 'v':
        if (this.sharpV && !n.signed) this.fmt0x64(v, true);
        else this.fmtInteger(v, 10, verb);
        return;
      case 'd':
        this.fmtInteger(v, 10, verb);
        return;
      case 'b':
        this.fmtInteger(v, 2, verb);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, verb);
        return;
      case 'x':
        this.fmtInteger(v, 16, verb);
        return;
      case 'X':
        this.fmtInteger(v, 16, verb, UDIGITS);
        return;
      case 'c':
        this.fmtC(v);
        return;
      case 'q':
        this.fmtQc(v);
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  fmtFloatVerb(v: number, size: 32 | 64, verb: string, orig: Value): void {
    switch (verb) {
      case 'v':
        if (!this.widPresent && !this.precPresent && !this.plus && !this.space && !this.sharp) {
          this.buf += formatFloatShortestG(v);
          return;
        }
        this.fmtFloat(v, size, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloat(v, size, verb as FloatFormat, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloat(v, size, verb as FloatFormat, 6);
        return;
      case 'F':
        this.fmtFloat(v, size, 'f', 6);
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  fmtComplex(c: GoComplex, verb: string, orig: Value = c): void {
    switch (verb) {
      case 'v':
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
      case 'f':
      case 'F':
      case 'e':
      case 'E': {
        const oldPlus = this.plus;
        this.buf += '(';
        this.fmtFloatVerb(c.re, 64, verb, orig);
        this.plus = true; // the imaginary part always has a sign
        this.fmtFloatVerb(c.im, 64, verb, orig);
        this.buf += 'i)';
        this.plus = oldPlus;
        return;
      }
      default:
        this.badVerb(verb, orig);
    }
  }

  fmtString(s: string, verb: string, orig: Value): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
        this.fmtSx(s, false);
        return;
      case 'X':
        this.fmtSx(s, true);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  fmtBytes(b: Uint8Array, verb: string, typeString: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.buf += typeString + '{';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(BigInt(b[i]!), true);
          }
          this.buf += '}';
        } else {
          this.buf += '[';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.buf += ' ';
            this.fmtInteger(BigInt(b[i]!), 10, verb);
          }
          this.buf += ']';
        }
        return;
      case 's':
        this.fmtBs(b);
        return;
      case 'x':
        this.fmtBx(b, false);
        return;
      case 'X':
        this.fmtBx(b, true);
        return;
      case 'q':
        this.fmtQBytes(b);
        return;
      default:
        this.printByteElems(b, verb);
    }
  }

  /** A []uint8 printed as a generic slice of integers (verbs other than v d s x X q). */
  printByteElems(b: Uint8Array, verb: string): void {
    const sep = this.sharpV ? ', ' : ' ';
    if (this.sharpV) this.buf += '[]uint8{';
    else this.buf += '[';
    for (let i = 0; i < b.length; i++) {
      if (i > 0) this.buf += sep;
      this.fmtIntegerVerb(new GoInt('uint8', BigInt(b[i]!)), verb);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  fmtPointer(v: Value, verb: string): void {
    if (
      !(v instanceof GoMap || v instanceof GoList || v instanceof Uint8Array || v instanceof GoFunc) &&
      !(
        v instanceof GoObject &&
        (v.goKind === 'ptr' ||
          v.goKind === 'map' ||
          v.goKind === 'func' ||
          v.goKind === 'slice' ||
          v.goKind === 'chan')
      )
    ) {
      this.badVerb(verb, v);
      return;
    }
    const u = fakeAddress(v);
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += '(' + typeOf(v) + ')(';
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) this.padString(NIL_ANGLE);
        else this.fmt0x64(u, !this.sharp);
        return;
      case 'p':
        this.fmt0x64(u, !this.sharp);
        return;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtIntegerVerb(new GoInt('uintptr', u), verb);
        return;
      default:
        this.badVerb(verb, v);
    }
  }

  // ---- composite values (reflection in Go) ----------------------------------------------

  printValue(v: Value, verb: string, depth: number): void {
    if (depth > 0 && v !== null && this.handleMethods(v, verb)) return;
    if (v === null) {
      // A nil interface inside a container.
      this.buf += this.sharpV ? 'interface {}' + NIL_PAREN : NIL_ANGLE;
      return;
    }
    switch (typeof v) {
      case 'string':
        this.fmtString(v, verb, v);
        return;
      case 'number':
        this.fmtFloatVerb(v, 64, verb, v);
        return;
      case 'boolean':
        this.fmtBool(v, verb);
        return;
    }
    if (v instanceof GoInt) this.fmtIntegerVerb(v, verb);
    else if (v instanceof GoComplex) this.fmtComplex(v, verb);
    else if (v instanceof Uint8Array) {
      if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') this.fmtBytes(v, verb, '[]uint8');
      else this.printByteElems(v, verb);
    } else if (v instanceof GoList || v instanceof GoMap) {
      // Go's fmt has no cycle check; Rudder stops a value that contains itself (../cycle.ts).
      this.cycles.enter(v);
      if (v instanceof GoList) this.printList(v, verb, depth);
      else this.printMap(v.type, v.elem, v.nil, v.entries, verb, depth);
      this.cycles.leave(v);
    } else if (v instanceof GoObject) this.printObject(v, verb, depth);
    else this.fmtPointer(v, verb);
  }

  printList(l: GoList, verb: string, depth: number): void {
    if (
      (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') &&
      (l.elem === 'uint8' || l.elem === 'byte')
    ) {
      const b = Uint8Array.from(l.items, (x) => (x instanceof GoInt ? Number(x.v & 0xffn) : 0));
      this.fmtBytes(b, verb, l.type);
      return;
    }
    if (this.sharpV) {
      this.buf += l.type;
      if (l.nil) {
        this.buf += NIL_PAREN;
        return;
      }
      this.buf += '{';
    } else this.buf += '[';
    const sep = this.sharpV ? ', ' : ' ';
    const nilElem = l.elem === 'interface {}' ? undefined : l.elem;
    for (let i = 0; i < l.items.length; i++) {
      if (i > 0) this.buf += sep;
      this.printElem(l.items[i]!, nilElem, verb, depth + 1);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  /** An element of a container; a nil of a non-interface element type prints as that type's nil. */
  printElem(v: Value, nilType: string | undefined, verb: string, depth: number): void {
    if (v === null && nilType !== undefined) this.buf += this.sharpV ? `(${nilType})${NIL_PAREN}` : NIL_ANGLE;
    else this.printValue(v, verb, depth);
  }

  printMap(
    type: string,
    elem: string,
    isNil: boolean,
    entries: ReadonlyMap<string, Value>,
    verb: string,
    depth: number,
  ): void {
    if (this.sharpV) {
      this.buf += type;
      if (isNil) {
        this.buf += NIL_PAREN;
        return;
      }
      this.buf += '{';
    } else this.buf += 'map[';
    const sep = this.sharpV ? ', ' : ' ';
    const nilElem = elem === 'interface {}' ? undefined : elem;
    const keys = sortedMapKeys(entries);
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) this.buf += sep;
      const k = keys[i]!;
      this.printValue(k, verb, depth + 1);
      this.buf += ':';
      this.printElem(entries.get(k) ?? null, nilElem, verb, depth + 1);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  printObject(o: GoObject, verb: string, depth: number): void {
    switch (o.goKind) {
      case 'struct':
        this.printStruct(o.goType, o, verb, depth);
        return;
      case 'ptr':
        // Only a top-level pointer to a struct is followed; deeper ones print as addresses.
        if (depth === 0 && !isNilPointer(o)) {
          this.buf += '&';
          this.printStruct(o.goType.startsWith('*') ? o.goType.slice(1) : o.goType, o, verb, depth + 1);
        } else this.fmtPointer(o, verb);
        return;
      case 'map':
        this.printMap(o.goType, 'interface {}', false, new Map(o.fields()), verb, depth);
        return;
      case 'func':
      case 'chan':
        this.fmtPointer(o, verb);
        return;
    }
    // A named basic type (time.Duration) printed with a verb its String() does not serve.
    const u = o.underlying();
    if (u === undefined || u === null) this.buf += '?' + o.goType + '?';
    else this.printBasic(u, verb, o);
  }

  /** A value of a basic kind; `orig` is the named value it belongs to, for bad-verb reports. */
  printBasic(u: Value, verb: string, orig: GoObject): void {
    switch (typeof u) {
      case 'string':
        this.fmtString(u, verb, orig);
        return;
      case 'number':
        this.fmtFloatVerb(u, 64, verb, orig);
        return;
      case 'boolean':
        this.fmtBool(u, verb, orig);
        return;
    }
    if (u instanceof GoInt) this.fmtIntegerVerb(u, verb, orig);
    else if (u instanceof GoComplex) this.fmtComplex(u, verb, orig);
    else this.printValue(u, verb, 1);
  }

  printStruct(type: string, o: GoObject, verb: string, depth: number): void {
    if (this.sharpV) this.buf += type;
    this.buf += '{';
    const fields = o.fields();
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      const [name, val] = fields[i]!;
      if ((this.plusV || this.sharpV) && name !== '') this.buf += name + ':';
      this.printValue(val, verb, depth + 1);
    }
    this.buf += '}';
  }

  // ---- entry points ---------------------------------------------------------------------

  doPrint(args: readonly Value[]): void {
    let prevString = false;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const isString = arg !== null && (typeof arg === 'string' || kindOf(arg) === 'string');
      // Operands are separated by a space when neither side is a string.
      if (i > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 'v');
      prevString = isString;
    }
  }

  doPrintln(args: readonly Value[]): void {
    for (let i = 0; i < args.length; i++) {
      if (i > 0) this.buf += ' ';
      this.printArg(args[i]!, 'v');
    }
    this.buf += '\n';
  }
}
