// One chart's version list of an index.yaml checked straight from its bytes, keeping only what
// `search repo` and `repo update` need: each version's name, version, appVersion, description and
// keywords (as byte ranges), and nothing else. It takes a subset of what index-simple.ts takes —
// the shape helm writes, printable ASCII only, the known field names with values of their type,
// entries Metadata.Validate accepts unchanged (so no warning, no sanitising) — and follows the
// same block rules, so what it accepts reads the same through the general reader. Anything else
// returns undefined and the chart is read by index-simple.ts or the YAML reader. No string is
// made for a field nobody reads: a Bitnami-sized index stays a Buffer, not a JS object tree.
import { plainScalar } from './index-simple.js';

const NL = 0x0a;
const SP = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQ = 0x22;
const SQ = 0x27;
const BAR = 0x7c;

/**
 * A chart's versions in document order: per version REC numbers, the byte ranges [start, end)
 * of name, version, appVersion, description (-1 when absent) and of the keywords block (its
 * lines, for reuse by identical blocks); texts of values folded over lines and the joined
 * keywords by `version * REC + slot * 2`.
 */
export interface ScannedVersions {
  n: number;
  /** Shared by every scan: valid until the next scanChart. */
  r: Int32Array;
  t: Map<number, string>;
}

// The records of the chart being scanned, reused from chart to chart (no garbage per version).
let records = new Int32Array(10 * 512);

export const REC = 10;

export const S_NAME = 0;
export const S_VERSION = 1;
export const S_APP = 2;
export const S_DESC = 3;
export const S_KEYWORDS = 4;

type Kind = 'str' | 'bool' | 'strs' | 'maint' | 'deps' | 'ann' | 'time' | 'type';

interface Field {
  id: number;
  bytes: Uint8Array;
  kind: Kind;
  /** The slot kept for search, or -1. */
  slot: number;
}

function table(names: [string, Kind, number?][]): Map<number, Field[]> {
  const m = new Map<number, Field[]>();
  names.forEach(([n, kind, slot], id) => {
    const k = (n.length << 8) | n.charCodeAt(0);
    const f: Field = { id, bytes: Buffer.from(n, 'latin1'), kind, slot: slot ?? -1 };
    m.set(k, [...(m.get(k) ?? []), f]);
  });
  return m;
}

// ChartVersion's JSON field names (Metadata's inlined) with the kind of value each takes.
const ENTRY = table([
  ['name', 'str', S_NAME],
  ['home', 'str'],
  ['sources', 'strs'],
  ['version', 'str', S_VERSION],
  ['description', 'str', S_DESC],
  ['keywords', 'strs', S_KEYWORDS],
  ['maintainers', 'maint'],
  ['icon', 'str'],
  ['apiVersion', 'str'],
  ['condition', 'str'],
  ['tags', 'str'],
  ['appVersion', 'str', S_APP],
  ['deprecated', 'bool'],
  ['annotations', 'ann'],
  ['kubeVersion', 'str'],
  ['dependencies', 'deps'],
  ['type', 'type'],
  ['urls', 'strs'],
  ['created', 'time'],
  ['removed', 'bool'],
  ['digest', 'str'],
  ['checksum', 'str'],
  ['engine', 'str'],
  ['tillerVersion', 'str'],
  ['url', 'str'],
]);
const MAINTAINER = table([
  ['name', 'str'],
  ['email', 'str'],
  ['url', 'str'],
]);
// `alias` is checked against Helm's alias format; `import-values` is left to the general reader.
const DEPENDENCY = table([
  ['name', 'str'],
  ['version', 'str'],
  ['repository', 'str'],
  ['condition', 'str'],
  ['tags', 'strs'],
  ['enabled', 'bool'],
  ['alias', 'str'],
]);
const ALIAS_ID = 6;

class Bail extends Error {}
const BAIL = new Bail();
const bail = (): never => {
  throw BAIL;
};

// Characters a plain scalar may not start with (index-simple.ts's NOT_FIRST).
const NOT_FIRST = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@` ') NOT_FIRST[c.charCodeAt(0)] = 1;
// First characters for which go-yaml's resolve looks further (index-simple.ts's MAYBE).
const MAYBE = new Uint8Array(128);
for (const c of '+-0123456789.yYnNtTfFoO~') MAYBE[c.charCodeAt(0)] = 1;
// Key characters: [A-Za-z0-9_./-], the first not `.`, `/` or `-`.
const KEYC = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_./-]/.test(ch)) KEYC[c] = /[A-Za-z0-9_]/.test(ch) ? 2 : 1;
}
// Letters no int, float or timestamp holds (a hex int only after `0x`): a plain scalar starting
// with a digit, sign or dot that holds one of these is a string without asking resolve.
const WORDY = new Uint8Array(128);
for (const c of 'acdfghijklmnpqrsuvwyACDFGHIJKLMNPQRSUVWY/') WORDY[c.charCodeAt(0)] = 1;

const ALIAS = /^[a-zA-Z0-9_-]+$/;

export class ChartScan {
  ls = 0;
  le = 0;
  ind = 0;
  private readonly latin1: (s: number, e: number) => string;
  private r = records;
  private readonly t = new Map<number, string>();
  /** Where the current version's record starts in r. */
  private base = 0;
  /** The last scalar: its range, and its text when folded. */
  private vs = 0;
  private ve = 0;
  private vt: string | undefined = undefined;
  /** The current keywords' item ranges (or texts). */
  private readonly parts: (number | string)[] = [];
  private nParts = 0;
  /** The current annotations' key ranges. */
  private readonly keys: number[] = [];
  private nKeys = 0;
  /** The previous keywords block's range: the same bytes need no text. */
  private kwFrom = -1;
  private kwTo = -1;

  constructor(
    private readonly b: Buffer,
    start: number,
    /** The chunk's end, before its final newline; or the end of the bytes when open. */
    private readonly end: number,
    /**
     * The chunk's end is not known (index-chunked.ts's hook): the chart ends before the first
     * line, neither blank nor a comment, below indentation 4 that is not an item at 2.
     */
    private readonly open = false,
  ) {
    this.latin1 = (s, e) => b.toString('latin1', s, e);
    this.at(start);
  }

  /** Moves to the line at ls: printable ASCII only, no blank, comment-only or trailing-space line. */
  private at(ls: number): void {
    const b = this.b;
    this.ls = ls;
    if (ls >= this.end) {
      this.ls = this.le = this.end;
      this.ind = -1;
      return;
    }
    let i = ls;
    while (i < this.end && b[i] === SP) i++;
    const first = i;
    if (this.open && first - ls < 4 && first < this.end) {
      // The line that ends the chart is the splitter's to judge, whatever it holds.
      const c = b[first]!;
      const item = c === DASH && (first + 1 === this.end || b[first + 1] === SP || b[first + 1] === NL);
      if (c !== NL && c !== HASH && !(first - ls === 2 && item)) {
        this.le = ls;
        this.ind = -1;
        return;
      }
    }
    // Every byte of the index passes here once: one range test each, the line's end found in
    // the rare branch.
    const end = this.end;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c < SP || c > 0x7e) {
        if (c === NL) break;
        bail();
      }
    }
    this.le = i;
    if (first === i || b[first] === HASH || b[i - 1] === SP) bail();
    this.ind = first - ls;
  }

  private nextLine(): void {
    this.at(this.le + 1);
  }

  get done(): boolean {
    return this.ind < 0;
  }

  private isItem(): boolean {
    const c = this.ls + this.ind;
    return this.b[c] === DASH && (c + 1 === this.le || this.b[c + 1] === SP);
  }

  /** The chart's versions: a block sequence at indentation 2, read to the chunk's end. */
  versions(): ScannedVersions {
    if (this.done || this.ind !== 2) bail();
    let n = 0;
    while (!this.done && this.ind === 2 && this.isItem()) {
      const col = this.ls + 4;
      if (col >= this.le) bail();
      this.base = n * REC;
      if (this.base + REC > this.r.length) {
        const more = new Int32Array(this.r.length * 2);
        more.set(this.r);
        this.r = records = more;
      }
      this.r.fill(-1, this.base, this.base + REC);
      this.map(4, col, ENTRY);
      this.checkEntry();
      n++;
    }
    if (!this.done) bail();
    return { n, r: this.r, t: this.t };
  }

  /** Metadata.Validate's checks that reject an entry (then helm warns: the general reader does). */
  private checkEntry(): void {
    const r = this.r;
    const at = this.base;
    const b = this.b;
    const ns = r[at]!;
    const ne = r[at + 1]!;
    if (ns < 0 || r[at + 2]! < 0) bail();
    if (this.t.has(at) || ne === ns) bail();
    if (b[ns] === 0x2e && (ne - ns === 1 || (ne - ns === 2 && b[ns + 1] === 0x2e))) bail();
    for (let i = ns; i < ne; i++) if (b[i] === 0x2f) bail();
    if (r[at + 3] === r[at + 2] || this.t.has(at + 2)) bail();
  }

  /** The `:` ending a key at col (printable key characters only), else bail. */
  private keyEnd(col: number): number {
    const b = this.b;
    if (KEYC[b[col]!] !== 2) bail();
    let i = col + 1;
    while (i < this.le && KEYC[b[i]!] !== 0) i++;
    if (i >= this.le || b[i] !== COLON || i - col > 200) bail();
    if (i + 1 < this.le && b[i + 1] !== SP) bail();
    return i;
  }

  private field(fields: Map<number, Field[]>, s: number, e: number): Field {
    const b = this.b;
    const list = fields.get(((e - s) << 8) | b[s]!);
    if (list !== undefined) {
      // Indexed loops: an iterator would be allocated per key until the optimiser removes it.
      outer: for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        for (let i = 1; i < f.bytes.length; i++) if (f.bytes[i] !== b[s + i]) continue outer;
        return f;
      }
    }
    return bail();
  }

  /** A block mapping of known fields at indentation ind, the first key at col. */
  private map(ind: number, col: number, fields: Map<number, Field[]>): void {
    let seen = 0;
    for (;;) {
      const colon = this.keyEnd(col);
      const f = this.field(fields, col, colon);
      if ((seen & (1 << f.id)) !== 0) bail();
      seen |= 1 << f.id;
      if (colon + 1 >= this.le) this.block(ind, f);
      else this.inline(colon + 2, ind, f, fields);
      if (this.done || this.ind < ind) break;
      if (this.ind > ind || this.isItem()) bail();
      col = this.ls + ind;
    }
  }

  /** A value on the following lines: a list (also at the key's indentation) or a mapping. */
  private block(ind: number, f: Field): void {
    this.nextLine();
    let at: number;
    if (!this.done && this.ind > ind) at = this.ind;
    else if (!this.done && this.ind === ind && this.isItem()) at = ind;
    else return bail();
    const item = this.isItem();
    switch (f.kind) {
      case 'strs':
        if (!item) bail();
        this.strings(at, f.slot);
        return;
      case 'maint':
      case 'deps':
        if (!item) bail();
        this.structs(at, f.kind === 'maint' ? MAINTAINER : DEPENDENCY);
        return;
      case 'ann':
        if (item || at === ind) bail();
        this.annotations(at);
        return;
      default:
        bail();
    }
  }

  /** A value on the key's line. */
  private inline(col: number, owner: number, f: Field, fields: Map<number, Field[]>): void {
    const b = this.b;
    switch (f.kind) {
      case 'str':
      case 'time':
      case 'type': {
        this.scalar(col, owner);
        const s = this.vs;
        const e = this.ve;
        const text = this.vt;
        if (f.kind === 'time' && !rfc3339(b, s, e)) bail();
        if (f.kind === 'type' && fields === ENTRY && !chartType(b, s, e, text)) bail();
        if (fields === DEPENDENCY && f.id === ALIAS_ID && e > s) {
          if (!ALIAS.test(text ?? this.latin1(s, e))) bail();
        }
        if (fields === ENTRY && f.slot >= 0) this.keep(f.slot, s, e, text);
        return;
      }
      case 'bool': {
        const n = this.le - col;
        const isTrue =
          n === 4 && b[col] === 0x74 && b[col + 1] === 0x72 && b[col + 2] === 0x75 && b[col + 3] === 0x65;
        const isFalse =
          n === 5 &&
          b[col] === 0x66 &&
          b[col + 1] === 0x61 &&
          b[col + 2] === 0x6c &&
          b[col + 3] === 0x73 &&
          b[col + 4] === 0x65;
        if (!isTrue && !isFalse) bail();
        this.nextLine();
        if (!this.done && this.ind > owner) bail();
        return;
      }
      default:
        bail(); // a list, mapping or struct written on one line: flow style, or a type error
    }
  }

  private keep(slot: number, s: number, e: number, text: string | undefined): void {
    this.r[this.base + slot * 2] = s;
    this.r[this.base + slot * 2 + 1] = e;
    if (text !== undefined) this.t.set(this.base + slot * 2, text);
  }

  /** A block sequence of strings at indentation ind (keywords are joined with spaces). */
  private strings(ind: number, slot: number): void {
    const from = this.ls;
    const b = this.b;
    const keywords = slot === S_KEYWORDS;
    // Items as ranges, or texts when folded; made into a string only when the block is new.
    // Counted, not emptied: `length = 0` gives up the backing store, and each push makes another.
    const parts = this.parts;
    this.nParts = 0;
    while (!this.done && this.ind === ind && this.isItem()) {
      const col = this.ls + ind + 2;
      if (col >= this.le) bail();
      const c = b[col];
      if (c === DQ || c === SQ) bail(); // index-simple.ts leaves quoted items to the YAML reader
      this.scalar(col, ind);
      if (keywords) {
        parts[this.nParts++] = this.vt ?? this.vs;
        parts[this.nParts++] = this.ve;
      }
    }
    if (!this.done && this.ind > ind) bail();
    if (keywords) {
      const to = this.ls;
      const same =
        this.kwFrom >= 0 &&
        to - from === this.kwTo - this.kwFrom &&
        b.compare(b, this.kwFrom, this.kwTo, from, to) === 0;
      if (!same) {
        const words: string[] = [];
        for (let i = 0; i < this.nParts; i += 2) {
          const p = parts[i]!;
          words.push(typeof p === 'string' ? p : this.latin1(p, parts[i + 1] as number));
        }
        this.t.set(this.base + S_KEYWORDS * 2, words.join(' '));
      }
      this.kwFrom = from;
      this.kwTo = to;
      this.r[this.base + S_KEYWORDS * 2] = from;
      this.r[this.base + S_KEYWORDS * 2 + 1] = to;
    }
  }

  /** A block sequence of maintainers or dependencies, each a block mapping. */
  private structs(ind: number, fields: Map<number, Field[]>): void {
    while (!this.done && this.ind === ind && this.isItem()) {
      const col = this.ls + ind + 2;
      if (col >= this.le) bail();
      this.map(ind + 2, col, fields);
    }
    if (!this.done && this.ind > ind) bail();
  }

  /** annotations: a block mapping of strings (literal blocks included) at indentation ind. */
  private annotations(ind: number): void {
    const b = this.b;
    const keys = this.keys;
    this.nKeys = 0;
    let col = this.ls + ind;
    for (;;) {
      const colon = this.keyEnd(col);
      // A repeated key, or one that resolves to something else than its text: the other readers.
      for (let k = 0; k < this.nKeys; k += 2) {
        if (keys[k + 1]! - keys[k]! === colon - col && b.compare(b, keys[k]!, keys[k + 1]!, col, colon) === 0)
          bail();
      }
      keys[this.nKeys++] = col;
      keys[this.nKeys++] = colon;
      if (!this.surelyString(col, colon) && !resolvesToItself(b, col, colon)) bail();
      if (colon + 1 >= this.le) bail(); // null, or a nested node: not a string
      if (b[colon + 2] === BAR) this.literal(colon + 2, ind);
      else this.scalar(colon + 2, ind);
      if (this.done || this.ind < ind) break;
      if (this.ind > ind || this.isItem()) bail();
      col = this.ls + ind;
    }
  }

  /** `|` or `|-` and its more-indented lines (their text is not needed). */
  private literal(col: number, owner: number): void {
    const n = this.le - col;
    if (!(n === 1 || (n === 2 && this.b[col + 1] === DASH))) bail();
    this.nextLine();
    const ind = this.ind;
    if (this.done || ind <= owner) bail();
    while (!this.done && this.ind >= ind) this.nextLine();
    if (!this.done && this.ind > owner) bail();
  }

  /**
   * A one-line quoted scalar without escapes, or a plain scalar (maybe folded over more-indented
   * lines) that resolves to a string: its range, and its text when folded.
   */
  private scalar(col: number, owner: number): void {
    const b = this.b;
    const c = b[col]!;
    const le = this.le;
    if (c === DQ || c === SQ) {
      if (le - col < 2 || b[le - 1] !== c) bail();
      for (let i = col + 1; i < le - 1; i++) {
        const x = b[i]!;
        if (x === c || (c === DQ && x === 0x5c)) bail();
      }
      this.nextLine();
      if (!this.done && this.ind > owner) bail();
      this.vs = col + 1;
      this.ve = le - 1;
      this.vt = undefined;
      return;
    }
    this.plainLine(col, le);
    this.nextLine();
    let text: string | undefined;
    // A folded scalar's range covers all its lines: equal ranges are equal values.
    let to = le;
    while (!this.done && this.ind > owner) {
      // A more-indented line continues a plain scalar: folded with one space.
      this.plainLine(this.ls + this.ind, this.le);
      text = (text ?? this.latin1(col, le)) + ' ' + this.latin1(this.ls + this.ind, this.le);
      to = this.le;
      this.nextLine();
    }
    if (text !== undefined) {
      if (plainScalar(text) !== text) bail();
    } else if (!this.surelyString(col, le) && !resolvesToItself(b, col, le)) bail();
    this.vs = col;
    this.ve = to;
    this.vt = text;
  }

  /** Whether go-yaml surely resolves the plain scalar to a string without asking resolve. */
  private surelyString(s: number, e: number): boolean {
    const b = this.b;
    const c = b[s]!;
    if (MAYBE[c] === 0) return true;
    if (c >= 0x41) return e - s > 5; // y Y n N t T f F o O: only short words are booleans
    if (c === 0x7e) return false;
    let i = s;
    if (b[i] === 0x2b || b[i] === DASH) i++;
    if (b[i] === 0x30 && (b[i + 1] === 0x78 || b[i + 1] === 0x58)) return false;
    let wordy = false;
    // Digits with two dots or more (`1.2.3`, most versions): no int, float or timestamp.
    let dots = 0;
    let digitsAndDots = c >= 0x30 && c <= 0x39;
    for (; i < e; i++) {
      const x = b[i]!;
      if (x === 0x5f) return false; // resolve drops underscores first: `0_x1f` is an int
      if (WORDY[x] === 1) wordy = true;
      if (x === 0x2e) dots++;
      else if (x < 0x30 || x > 0x39) digitsAndDots = false;
    }
    return wordy || (digitsAndDots && dots >= 2);
  }

  /** A plain line: no indicator first, no `: ` or ` #` inside, no `:` last. */
  private plainLine(from: number, to: number): void {
    const b = this.b;
    if (NOT_FIRST[b[from]!] === 1 || b[to - 1] === COLON) bail();
    for (let i = from; i < to - 1; i++) {
      const c = b[i]!;
      if (c === COLON ? b[i + 1] === SP : c === SP && b[i + 1] === HASH) bail();
    }
  }
}

// Plain scalars seen to resolve to their own text, by a hash of their bytes: versions repeat
// across a big index, and need no string to be looked up again.
const selfResolving = new Map<number, string[]>();

function resolvesToItself(b: Buffer, s: number, e: number): boolean {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  const seen = selfResolving.get(h);
  if (seen !== undefined) {
    outer: for (let k = 0; k < seen.length; k++) {
      const t = seen[k]!;
      if (t.length !== e - s) continue;
      for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) !== b[s + i]) continue outer;
      return true;
    }
  }
  const text = b.toString('latin1', s, e);
  if (plainScalar(text) !== text) return false;
  if (selfResolving.size < 100_000) {
    if (seen === undefined) selfResolving.set(h, [text]);
    else seen.push(text);
  }
  return true;
}

function digits(b: Uint8Array, s: number, n: number): boolean {
  for (let i = s; i < s + n; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return false;
  return true;
}

/** RFC 3339 as index-file.ts's check (an empty text is the zero time). */
function rfc3339(b: Uint8Array, s: number, e: number): boolean {
  if (s === e) return true;
  if (e - s < 20) return false;
  if (!(
    digits(b, s, 4) &&
    b[s + 4] === DASH &&
    digits(b, s + 5, 2) &&
    b[s + 7] === DASH &&
    digits(b, s + 8, 2)
  ))
    return false;
  if (b[s + 10] !== 0x54 && b[s + 10] !== 0x74) return false;
  if (!(digits(b, s + 11, 2) && b[s + 13] === COLON && digits(b, s + 14, 2) && b[s + 16] === COLON))
    return false;
  if (!digits(b, s + 17, 2)) return false;
  let i = s + 19;
  if (b[i] === 0x2e) {
    const d = i + 1;
    i++;
    while (i < e && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    if (i === d) return false;
  }
  if (i === e - 1) return b[i] === 0x5a || b[i] === 0x7a;
  return (
    i === e - 6 &&
    (b[i] === 0x2b || b[i] === DASH) &&
    digits(b, i + 1, 2) &&
    b[i + 3] === COLON &&
    digits(b, i + 4, 2)
  );
}

/** isValidChartType: "", application or library. */
function chartType(b: Buffer, s: number, e: number, text: string | undefined): boolean {
  const t = text ?? b.toString('latin1', s, e);
  return t === '' || t === 'application' || t === 'library';
}

/** The chart's versions read straight from the bytes, or undefined for the other readers. */
export function scanChart(b: Buffer, start: number, end: number): ScannedVersions | undefined {
  let e = end;
  if (e > start && b[e - 1] === NL) e--;
  if (e <= start) return undefined;
  try {
    return new ChartScan(b, start, e).versions();
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}

/**
 * The versions of a chart whose end is not known yet (index-chunked.ts's hook), read straight from
 * the bytes from start, and where the chart ends (the start of the line after its last version's
 * lines, or the end of the bytes); undefined for the other readers.
 */
export function scanChartFrom(
  b: Buffer,
  start: number,
): { versions: ScannedVersions; stop: number } | undefined {
  try {
    const scan = new ChartScan(b, start, b.length, true);
    const versions = scan.versions();
    return { versions, stop: scan.ls };
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}
