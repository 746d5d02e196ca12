// A block-style YAML emitter that reproduces libyaml's emitter as ported in go-yaml
// (emitterc.go, v2 and v3): scalar analysis, style choice, indentation, 80-column folding and
// escapes. It writes straight to a string from a recursive walk instead of an event queue;
// the lookahead libyaml does on its queue (empty collections, simple keys) is answered by the
// caller, which knows the whole value.

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export interface EmitterOptions {
  /** Fold plain and quoted scalars past this column; -1 never folds (yaml.v3's default). */
  width: number;
  /** Indentation step (2–9). */
  indent: number;
  /** yaml.v3 rules: TABs allowed in literal blocks, sequences under keys indented. */
  v3: boolean;
}

/** What libyaml's analyze_scalar learns about a value. */
interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isBreak = (c: number): boolean =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
/** The breaks isBreak names (each one code unit), for searches from lastIndex. */
const LINE_BREAK = /[\n\r\x85\u2028\u2029]/g;
const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** libyaml's is_printable on a code point (astral characters are never printable). */
const isPrintable = (c: number): boolean =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

/** The code point at i, reading a surrogate pair as one character. */
function cp(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}
const cpWidth = (c: number): number => (c > 0xffff ? 2 : 1);

/** libyaml's is_blankz at i (space, tab, break, NUL or the end). */
function blankzAt(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const c = s.charCodeAt(i);
  return c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
}

export function analyzeScalar(s: string, v3: boolean): Analysis {
  if (s.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  return PRINTABLE_ASCII.test(s) ? analyzeAscii(s) : analyzeByCodePoint(s, v3);
}

/** Printable ASCII and line feeds: no TABs, no other breaks, nothing special. */
const PRINTABLE_ASCII = /^[\x20-\x7e\n]*$/;

/**
 * analyze_scalar on printable ASCII and line feeds, by string searches (native code) rather than
 * a loop per character, which runs interpreted in a short process (a large config file given
 * to toYaml cost milliseconds). Each flag is what the loop below computes for such text.
 */
function analyzeAscii(s: string): Analysis {
  const n = s.length;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  const lineBreaks = s.includes('\n');
  const blockIndicators =
    s.startsWith('---') ||
    s.startsWith('...') ||
    FIRST_INDICATOR.test(s) ||
    s.indexOf(': ', 1) >= 0 ||
    (n > 1 && last === 0x3a) ||
    s.includes(' #') ||
    s.includes('\n#');
  const leadingSpace = first === 0x20;
  const trailingSpace = last === 0x20;
  const breakSpace = lineBreaks && s.includes('\n ');
  const spaceBreak = lineBreaks && s.includes(' \n');
  const a: Analysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || first === 0x0a || trailingSpace || last === 0x0a) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace || spaceBreak) a.blockPlain = a.singleQuoted = false;
  if (spaceBreak) a.block = false;
  if (lineBreaks || blockIndicators) a.blockPlain = false;
  return a;
}

/** A first character that is an indicator (`-`, `?`, `:` only before a space or the end). */
const FIRST_INDICATOR = /^(?:[#,[\]{}&*!|>'"%@`]|[-?:](?: |$))/;

/** libyaml's analyze_scalar, code point by code point (exported for its test). */
export function analyzeByCodePoint(s: string, v3: boolean): Analysis {
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  const n = s.length;
  for (let i = 0; i < n;) {
    const c = cp(s, i);
    const w = cpWidth(c);
    const followedByWhitespace = i + w >= n || s.charCodeAt(i + w) === 0x20 || s.charCodeAt(i + w) === 0x09;
    if (i === 0) {
      switch (c) {
        case 0x23: // # , [ ] { } & * ! | > ' " % @ `
        case 0x2c:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
        case 0x26:
        case 0x2a:
        case 0x21:
        case 0x7c:
        case 0x3e:
        case 0x27:
        case 0x22:
        case 0x25:
        case 0x40:
        case 0x60:
          blockIndicators = true;
          break;
        case 0x3f: // ? :
        case 0x3a:
        case 0x2d: // -
          if (followedByWhitespace) blockIndicators = true;
          break;
      }
    } else if ((c === 0x3a && followedByWhitespace) || (c === 0x23 && precededByWhitespace)) {
      blockIndicators = true;
    }
    if (v3 && c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i + w === n) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i + w === n) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = blankzAt(s, i);
    i += w;
  }
  const a: Analysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || tabs || special) a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.block = false;
  if (lineBreaks || blockIndicators) a.blockPlain = false;
  return a;
}

/** Scalar text and style chosen for a key, computed once so the simple-key check can reuse it. */
export interface PreparedScalar {
  readonly value: string;
  readonly requested: ScalarStyle;
  readonly analysis: Readonly<Analysis>;
  /** An explicit tag written before the value (`!!binary`), or none. */
  readonly tag?: string;
}

export const prepareScalar = (value: string, requested: ScalarStyle, v3: boolean): PreparedScalar => ({
  value,
  requested,
  analysis: analyzeScalar(value, v3),
});

/** libyaml's check_simple_key for a scalar key: single line and at most 128 bytes. */
export function isSimpleKey(k: PreparedScalar): boolean {
  if (k.analysis.multiline) return false;
  const s = k.tag === undefined ? k.value : k.tag + k.value;
  if (s.length > 128) {
    // Byte length can only exceed the code-unit count; count bytes only when it matters.
    return false;
  }
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes +=
      c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : c >= 0xdc00 && c <= 0xdfff ? 2 : 3;
  }
  return bytes <= 128;
}

const HEX = '0123456789ABCDEF';

/** Context libyaml passes to emit_node. */
interface NodeContext {
  root: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

export class Emitter {
  out = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  /** The mapping_context flag of the node being emitted (drives indentless sequences). */
  private mappingContext = false;
  private rootContext = true;
  private simpleKeyContext = false;
  private readonly width: number;
  private readonly step: number;

  constructor(private readonly opts: EmitterOptions) {
    this.step = opts.indent < 2 || opts.indent > 9 ? 2 : opts.indent;
    let width = opts.width;
    if (width >= 0 && width <= this.step * 2) width = 80;
    if (width < 0) width = 2 ** 31 - 1;
    this.width = width;
  }

  // ---- node context, set before each node as emit_node does ----------------------------

  setContext(ctx: NodeContext): void {
    this.rootContext = ctx.root;
    this.mappingContext = ctx.mapping;
    this.simpleKeyContext = ctx.simpleKey;
  }

  // ---- low-level writing ---------------------------------------------------------------

  private put(ch: string): void {
    this.out += ch;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) {
      this.indent = flow ? this.step : 0;
    } else if (!indentless) {
      this.indent += this.step;
    }
  }

  private popIndent(): void {
    this.indent = this.indents.pop() as number;
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    // One piece, not a character at a time: deep values indent thousands of columns.
    if (this.column < indent) {
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    ind: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out += ind;
    this.column += ind.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // ---- collections ---------------------------------------------------------------------

  /** An empty sequence or mapping: always flow style, `[]` / `{}`. */
  emptyCollection(open: '[' | '{'): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(open === '[' ? ']' : '}', false, false, false);
  }

  beginBlockSequence(): void {
    // v2 writes a sequence under a mapping key without indenting it; v3 (without
    // CompactSeqIndent, as Helm uses it) indents it.
    this.increaseIndent(false, !this.opts.v3 && this.mappingContext && !this.indention);
  }

  /** Writes `- ` for the next item; the caller then emits the item in sequence context. */
  blockSequenceItem(): void {
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
  }

  beginBlockMapping(): void {
    this.increaseIndent(false, false);
  }

  endBlock(): void {
    this.popIndent();
  }

  /** Starts a key; returns whether it is written as a simple key (else `? key`). */
  blockMappingKey(simple: boolean): void {
    this.writeIndent();
    if (!simple) this.writeIndicator('?', true, false, true);
  }

  blockMappingValue(simple: boolean): void {
    if (simple) {
      this.writeIndicator(':', false, false, false);
    } else {
      this.writeIndent();
      this.writeIndicator(':', true, false, true);
    }
  }

  /** The final break of a document (document end's write_indent). */
  endDocument(): void {
    this.writeIndent();
  }

  // ---- scalars -------------------------------------------------------------------------

  scalar(p: PreparedScalar): void {
    const a = p.analysis;
    let style = p.requested;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if (this.flowLevel > 0 || !a.blockPlain) style = 'single';
      if (p.value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    if (p.tag !== undefined) this.writeIndicator(p.tag, true, false, false);
    this.increaseIndent(true, false);
    const breaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(p.value, breaks);
        break;
      case 'single':
        this.writeSingle(p.value, breaks);
        break;
      case 'double':
        this.writeDouble(p.value, breaks);
        break;
      case 'literal':
        this.writeLiteral(p.value);
        break;
    }
    this.popIndent();
  }

  /** write_break: `\n` as a line break, other breaks copied, column reset either way. */
  private writeBreakAt(s: string, i: number): number {
    const c = s.charCodeAt(i);
    if (c === 0x0a) this.putBreak();
    else {
      this.out += s[i];
      this.column = 0;
    }
    return i + 1;
  }

  private writeChar(s: string, i: number): number {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.out += s.slice(i, i + 2);
        this.column++;
        return i + 2;
      }
    }
    this.out += s[i];
    this.column++;
    return i + 1;
  }

  private writePlain(s: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    const n = s.length;
    for (let i = 0; i < n;) {
      const c = s.charCodeAt(i);
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.width && s.charCodeAt(i + 1) !== 0x20) {
          this.writeIndent();
          i++;
        } else {
          i = this.writeChar(s, i);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        i = this.writeBreakAt(s, i);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        // Fast path: copy a run of ordinary ASCII characters at once.
        let j = i + 1;
        if (c < 0x80) {
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === 0x20 || d >= 0x80 || d === 0x0a || d === 0x0d) break;
            j++;
          }
          this.out += s.slice(i, j);
          this.column += j - i;
          i = j;
        } else {
          i = this.writeChar(s, i);
        }
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(s: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const n = s.length;
    for (let i = 0; i < n;) {
      const c = s.charCodeAt(i);
      if (c === 0x20) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > this.width &&
          i > 0 &&
          i < n - 1 &&
          s.charCodeAt(i + 1) !== 0x20
        ) {
          this.writeIndent();
          i++;
        } else {
          i = this.writeChar(s, i);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        i = this.writeBreakAt(s, i);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        i = this.writeChar(s, i);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(s: string, allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const n = s.length;
    // libyaml's is_bom check looks at the start of the value, not at i: a BOM-led value has
    // every character escaped.
    const bomLed = s.charCodeAt(0) === 0xfeff;
    for (let i = 0; i < n;) {
      const c = cp(s, i);
      if (bomLed || !isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
        i += cpWidth(c);
        const esc = escapeFor(c);
        this.out += '\\' + esc;
        this.column += esc.length + 1;
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < n - 1) {
          this.writeIndent();
          if (s.charCodeAt(i + 1) === 0x20) this.put('\\');
          i++;
        } else {
          i = this.writeChar(s, i);
        }
        spaces = true;
      } else {
        i = this.writeChar(s, i);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockHints(s: string): void {
    const c0 = s.length > 0 ? s.charCodeAt(0) : -1;
    if (c0 === 0x20 || (c0 >= 0 && isBreak(c0))) this.writeIndicator(String(this.step), false, false, false);
    let chomp = '';
    if (s.length === 0) chomp = '-';
    else {
      const i = s.length - 1;
      if (!isBreak(s.charCodeAt(i))) chomp = '-';
      else if (i === 0) chomp = '+';
      else if (isBreak(s.charCodeAt(i - 1))) chomp = '+';
    }
    if (chomp !== '') this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(s: string): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockHints(s);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    const n = s.length;
    // Without a high surrogate every code unit is a character: each line's end is found by a
    // native search instead of a loop per character, which runs interpreted in a short process
    // (a chart's config files given to toYaml again and again: bitnami/jupyterhub ~7 ms).
    const units = !HIGH_SURROGATE.test(s);
    for (let i = 0; i < n;) {
      const c = s.charCodeAt(i);
      if (isBreak(c)) {
        i = this.writeBreakAt(s, i);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        // Copy the rest of the line at once; columns count characters, not code units.
        let j = i;
        let chars = 0;
        if (units) {
          LINE_BREAK.lastIndex = i;
          j = LINE_BREAK.test(s) ? LINE_BREAK.lastIndex - 1 : n;
          chars = j - i;
        } else
          while (j < n && !isBreak(s.charCodeAt(j))) {
            const d = s.charCodeAt(j);
            j += d >= 0xd800 && d <= 0xdbff && j + 1 < n ? 2 : 1;
            chars++;
          }
        this.out += s.slice(i, j);
        this.column += chars;
        i = j;
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** The text after `\` for a character a double-quoted scalar must escape. */
function escapeFor(v: number): string {
  switch (v) {
    case 0x00:
      return '0';
    case 0x07:
      return 'a';
    case 0x08:
      return 'b';
    case 0x09:
      return 't';
    case 0x0a:
      return 'n';
    case 0x0b:
      return 'v';
    case 0x0c:
      return 'f';
    case 0x0d:
      return 'r';
    case 0x1b:
      return 'e';
    case 0x22:
      return '"';
    case 0x5c:
      return '\\';
    case 0x85:
      return 'N';
    case 0xa0:
      return '_';
    case 0x2028:
      return 'L';
    case 0x2029:
      return 'P';
  }
  const [prefix, digits] = v <= 0xff ? ['x', 2] : v <= 0xffff ? ['u', 4] : ['U', 8];
  let out = prefix;
  for (let k = (digits - 1) * 4; k >= 0; k -= 4) out += HEX[(v >> k) & 15];
  return out;
}
