// The format-string half of Go's fmt.Sprintf (print.go doPrintf): flags, width and precision
// (also from `*` operands), explicit argument indexes `%[n]`, and the markers for what does
// not fit (`%!(NOVERB)`, `%!d(MISSING)`, `%!d(BADINDEX)`, `%!(BADWIDTH)`, `%!(EXTRA …)`).

import { GoInt, typeOf, type Value } from '../value.js';
import { NIL_ANGLE, type Printer } from './printer.js';

const TOO_LARGE = 1e6;
const tooLarge = (x: number): boolean => x > TOO_LARGE || x < -TOO_LARGE;

/** The parsing state of one Sprintf: format position, argument number, index reordering. */
export class PrintfRun {
  argNum = 0;
  reordered = false;
  goodArgNum = true;
  constructor(
    readonly p: Printer,
    readonly format: string,
    readonly args: readonly Value[],
  ) {}

  /** Decimal number at [start, end): [num, isnum, newi]. Absurd lengths give up at end. */
  parseNum(start: number, end: number): [number, boolean, number] {
    const f = this.format;
    if (start >= end) return [0, false, end];
    let num = 0;
    let isnum = false;
    let i = start;
    for (; i < end; i++) {
      const c = f.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (tooLarge(num)) return [0, false, end];
      num = num * 10 + (c - 48);
      isnum = true;
    }
    return [num, isnum, i];
  }

  /**
   * The operand for a `*` width or precision: [num, isInt]. Only integer kinds count (a float
   * gives BADWIDTH); the operand is consumed either way.
   */
  intFromArg(): [number, boolean] {
    const a = this.args;
    if (this.argNum >= a.length) return [0, false];
    const v = a[this.argNum++]!;
    if (!(v instanceof GoInt) || (!v.signed && v.v >= 1n << 63n)) return [0, false];
    const num = Number(v.v);
    return tooLarge(num) ? [0, false] : [num, true];
  }

  /** Parses `[n]` at i; returns the new index and whether one was found (afterIndex). */
  argNumber(i: number): [number, boolean] {
    const f = this.format;
    if (i >= f.length || f.charCodeAt(i) !== 91 /* [ */) return [i, false];
    this.reordered = true;
    // parseArgNumber on f[i:]
    let index = 0;
    let wid = 1;
    let ok = false;
    if (f.length - i >= 3) {
      for (let j = 1; j < f.length - i; j++) {
        if (f.charCodeAt(i + j) === 93 /* ] */) {
          const [n, isnum, newi] = this.parseNum(i + 1, i + j);
          if (!isnum || newi !== i + j) {
            index = 0;
            wid = j + 1;
            ok = false;
          } else {
            index = n - 1;
            wid = j + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < this.args.length) {
      this.argNum = index;
      return [i + wid, true];
    }
    this.goodArgNum = false;
    return [i + wid, ok];
  }

  run(): void {
    const p = this.p;
    const f = this.format;
    const end = f.length;
    const args = this.args;
    let afterIndex = false;
    for (let i = 0; i < end;) {
      this.goodArgNum = true;
      const pct = f.indexOf('%', i);
      if (pct < 0) {
        p.buf += i === 0 ? f : f.slice(i);
        break;
      }
      if (pct > i) p.buf += f.slice(i, pct);
      i = pct + 1;
      p.clearFlags();
      // Flags.
      flags: for (; i < end; i++) {
        switch (f.charCodeAt(i)) {
          case 35: // #
            p.sharp = true;
            break;
          case 48: // 0
            p.zero = true;
            break;
          case 43: // +
            p.plus = true;
            break;
          case 45: // -
            p.minus = true;
            break;
          case 32: // space
            p.space = true;
            break;
          default:
            break flags;
        }
      }
      // Fast path: a lower-case verb straight after the flags, with an operand left.
      if (i < end) {
        const c = f.charCodeAt(i);
        if (c >= 97 && c <= 122 && this.argNum < args.length) {
          if (c === 118 /* v */) {
            p.sharpV = p.sharp;
            p.sharp = false;
            p.plusV = p.plus;
            p.plus = false;
          }
          p.printArg(args[this.argNum++]!, f[i]!);
          i++;
          continue;
        }
      }
      // Argument index, then width.
      [i, afterIndex] = this.argNumber(i);
      if (i < end && f.charCodeAt(i) === 42 /* * */) {
        i++;
        [p.wid, p.widPresent] = this.intFromArg();
        if (!p.widPresent) p.buf += '%!(BADWIDTH)';
        if (p.wid < 0) {
          p.wid = -p.wid;
          p.minus = true;
          p.zero = false; // no zero padding on the right
        }
        afterIndex = false;
      } else {
        [p.wid, p.widPresent, i] = this.parseNum(i, end);
        if (afterIndex && p.widPresent) this.goodArgNum = false; // "%[3]2d"
      }
      // Precision.
      if (i + 1 < end && f.charCodeAt(i) === 46 /* . */) {
        i++;
        if (afterIndex) this.goodArgNum = false; // "%[3].2d"
        [i, afterIndex] = this.argNumber(i);
        if (i < end && f.charCodeAt(i) === 42) {
          i++;
          [p.prec, p.precPresent] = this.intFromArg();
          if (p.prec < 0) {
            p.prec = 0;
            p.precPresent = false;
          }
          if (!p.precPresent) p.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          [p.prec, p.precPresent, i] = this.parseNum(i, end);
          if (!p.precPresent) {
            p.prec = 0;
            p.precPresent = true;
          }
        }
      }
      if (!afterIndex) [i, afterIndex] = this.argNumber(i);
      if (i >= end) {
        p.buf += '%!(NOVERB)';
        break;
      }
      const cp = f.codePointAt(i)!;
      const size = cp > 0xffff ? 2 : 1;
      const verb = cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : String.fromCodePoint(cp);
      i += size;
      if (verb === '%') {
        p.buf += '%'; // takes no operand, ignores width and precision
        continue;
      }
      if (!this.goodArgNum) {
        p.buf += '%!' + verb + '(BADINDEX)';
        continue;
      }
      if (this.argNum >= args.length) {
        p.buf += '%!' + verb + '(MISSING)';
        continue;
      }
      if (verb === 'v') {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      p.printArg(args[this.argNum]!, verb);
      this.argNum++;
    }
    if (!this.reordered && this.argNum < args.length) {
      p.clearFlags();
      p.buf += '%!(EXTRA ';
      for (let j = this.argNum; j < args.length; j++) {
        if (j > this.argNum) p.buf += ', ';
        const arg = args[j]!;
        if (arg === null) p.buf += NIL_ANGLE;
        else {
          p.buf += typeOf(arg) + '=';
          p.printArg(arg, 'v');
        }
      }
      p.buf += ')';
    }
  }
}
