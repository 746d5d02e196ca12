// ASCII armor (RFC 4880 §6.2) and the cleartext signature framework (§7), read and written as
// go-crypto's armor and clearsign packages do: armor bodies are read line by line (lines over 96
// characters are corrupt), the CRC line is ignored, and signatures are written without one.

export interface ArmorBlock {
  type: string;
  headers: Map<string, string>;
  body: Uint8Array;
  /** A base64 error after `body` (reported when a reader gets that far, as Go's stream does). */
  bodyError?: Error;
  /** Offset just after the block in the input. */
  end: number;
}

const ARMOR_START = '-----BEGIN ';
const ARMOR_END = '-----END ';
const EOL = '-----';

class ArmorCorrupt extends Error {
  constructor() {
    super('openpgp: invalid data: armor invalid');
  }
}

/**
 * Go's bufio.Reader (size 100) over the input, as armor.Decode wraps it: the underlying offset it
 * has consumed decides where the next Decode of a concatenated keyring starts (bytes read ahead
 * into a dropped buffer are lost, as in helm).
 */
class GoBufio {
  private buf = Buffer.alloc(100);
  private r = 0;
  private w = 0;
  private eof = false;
  constructor(
    private readonly data: Buffer,
    public offset: number,
  ) {}

  private fill(): void {
    if (this.r > 0) {
      this.buf.copy(this.buf, 0, this.r, this.w);
      this.w -= this.r;
      this.r = 0;
    }
    const n = Math.min(this.data.length - this.offset, this.buf.length - this.w);
    if (n <= 0) {
      this.eof = true;
      return;
    }
    this.data.copy(this.buf, this.w, this.offset, this.offset + n);
    this.offset += n;
    this.w += n;
  }

  /** ReadLine: a line without its ending, isPrefix for a line longer than the buffer; undefined at EOF. */
  readLine(): { line: string; isPrefix: boolean } | undefined {
    let s = 0;
    for (;;) {
      const i = this.buf.subarray(this.r + s, this.w).indexOf(10);
      if (i >= 0) {
        let line = this.buf.subarray(this.r, this.r + s + i + 1);
        this.r += s + i + 1;
        line = line.subarray(0, line.length - (line.length > 1 && line[line.length - 2] === 13 ? 2 : 1));
        return { line: line.toString('latin1'), isPrefix: false };
      }
      if (this.eof) {
        const line = this.buf.subarray(this.r, this.w);
        this.r = this.w;
        return line.length === 0 ? undefined : { line: line.toString('latin1'), isPrefix: false };
      }
      if (this.w - this.r >= this.buf.length) {
        let line = this.buf.subarray(this.r, this.w);
        this.r = this.w;
        if (line[line.length - 1] === 13) {
          this.r--;
          line = line.subarray(0, line.length - 1);
        }
        return { line: line.toString('latin1'), isPrefix: true };
      }
      s = this.w - this.r;
      this.fill();
    }
  }
}

interface Line {
  text: string;
  next: number;
}

/** clearsign's getLine: the line at `pos` without LF or CRLF, and where the next one starts. */
function readLine(s: string, pos: number): Line | undefined {
  if (pos >= s.length) return undefined;
  let i = s.indexOf('\n', pos);
  const next = i < 0 ? s.length : i + 1;
  if (i < 0) i = s.length;
  if (i > pos && s.charCodeAt(i - 1) === 13) i--;
  return { text: s.slice(pos, i), next };
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 as Go's StdEncoding: the decodable prefix, and an error naming the bad offset. */
function decodeBase64(s: string): { data: Uint8Array; error?: Error } {
  let bad = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!/[A-Za-z0-9+/=]/.test(c)) {
      bad = i;
      break;
    }
    if (c === '=') {
      const rest = s.slice(i);
      if (
        !/^={1,2}$/.test(rest) ||
        s.length % 4 !== 0 ||
        (rest.length === 2 && i % 4 !== 2) ||
        (rest.length === 1 && i % 4 !== 3)
      )
        bad = i;
      break;
    }
  }
  if (bad < 0 && s.length % 4 !== 0) bad = s.length - (s.length % 4);
  if (bad < 0 && B64.test(s)) return { data: Buffer.from(s, 'base64') };
  const good = s.slice(0, bad - (bad % 4));
  return {
    data: Buffer.from(good, 'base64'),
    // Go's streaming decoder counts from the start of its current small read: a 4-octet quantum.
    error: new Error(bad >= s.length ? 'unexpected EOF' : `illegal base64 data at input byte ${bad % 4}`),
  };
}

/** armor.Decode: the next armored block at or after `from`, or undefined (io.EOF). */
export function decodeArmor(input: string | Buffer, from = 0): ArmorBlock | undefined {
  const data = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const r = new GoBufio(data, from);
  let ignoreNext = false;
  outer: for (;;) {
    let type = '';
    for (;;) {
      const ignoreThis = ignoreNext;
      const l = r.readLine();
      if (!l) return undefined;
      ignoreNext = l.isPrefix;
      if (ignoreNext || ignoreThis) continue;
      const t = l.line.trim();
      if (t.length > ARMOR_START.length + EOL.length && t.startsWith(ARMOR_START)) {
        type = t.slice(ARMOR_START.length, t.length - EOL.length);
        break;
      }
    }
    const headers = new Map<string, string>();
    let nextIsContinuation = false;
    let lastKey = '';
    for (;;) {
      const isContinuation = nextIsContinuation;
      const l = r.readLine();
      if (!l) return undefined;
      nextIsContinuation = l.isPrefix;
      if (isContinuation) {
        headers.set(lastKey, (headers.get(lastKey) ?? '') + l.line);
        continue;
      }
      const t = l.line.trim();
      if (t.length === 0) break;
      const i = t.indexOf(':');
      if (i < 0) continue outer;
      lastKey = t.slice(0, i);
      headers.set(lastKey, t.length > i + 2 ? t.slice(i + 2) : '');
    }
    let b64 = '';
    let corrupt = false;
    for (;;) {
      const l = r.readLine();
      if (!l) break;
      if (l.isPrefix) {
        corrupt = true;
        break;
      }
      const t = l.line.trim();
      if (t.startsWith(ARMOR_END)) break;
      if (t.length === 5 && t[0] === '=') break;
      if (t.length > 96) {
        corrupt = true;
        break;
      }
      b64 += t;
    }
    const { data: body, error } = decodeBase64(b64);
    return { type, headers, body, bodyError: corrupt ? new ArmorCorrupt() : error, end: r.offset };
  }
}

/** armor.Encode without a checksum line, as clearsign writes signatures: 64-column base64. */
export function encodeArmor(type: string, body: Uint8Array): string {
  const b64 = Buffer.from(body).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n\n${lines.join('\n')}\n-----END ${type}-----`;
}

// --- cleartext signatures ---

export interface ClearsignBlock {
  headers: Map<string, string[]>;
  /** The message as written, lines joined with LF. */
  plaintext: Uint8Array;
  /** The signed octets: dash-unescaped lines, trailing blanks removed, joined with CRLF. */
  bytes: Uint8Array;
  signature: ArmorBlock;
}

const ALLOWED_HASHES = [
  'MD5',
  'SHA1',
  'RIPEMD160',
  'SHA224',
  'SHA256',
  'SHA384',
  'SHA512',
  'SHA3-256',
  'SHA3-512',
];

/** clearsign.Decode: the first cleartext-signed message in `data`, or undefined. */
export function decodeClearsign(data: Uint8Array): ClearsignBlock | undefined {
  const text = Buffer.from(data).toString('latin1');
  const START = '-----BEGIN PGP SIGNED MESSAGE-----';
  let pos: number;
  if (text.startsWith(START)) pos = START.length;
  else {
    const i = text.indexOf(`\n${START}`);
    if (i < 0) return undefined;
    pos = i + 1 + START.length;
  }
  let l = readLine(text, pos) ?? { text: '', next: text.length };
  if (l.text.length !== 0) return undefined;
  pos = l.next;
  const headers = new Map<string, string[]>();
  for (;;) {
    if (pos >= text.length) return undefined;
    l = readLine(text, pos)!;
    pos = l.next;
    if (l.text.trim().length === 0) break;
    if (/[^\x20-\x7e]/.test(l.text)) return undefined;
    const i = l.text.indexOf(':');
    if (i < 0) return undefined;
    const key = l.text.slice(0, i).trim();
    if (key !== 'Hash') return undefined;
    for (const v of l.text.slice(i + 1).split(',')) {
      const h = v.trim().toUpperCase();
      if (!ALLOWED_HASHES.includes(h)) return undefined;
      headers.set(key, [...(headers.get(key) ?? []), h]);
    }
  }
  const signed: string[] = [];
  for (;;) {
    const start = pos;
    const ln = readLine(text, pos);
    if (!ln) return undefined;
    pos = ln.next;
    if (ln.text === '-----BEGIN PGP SIGNATURE-----') {
      pos = start;
      break;
    }
    let t = ln.text.startsWith('- ') ? ln.text.slice(2) : ln.text;
    t = t.replace(/[ \t]+$/, '');
    signed.push(t);
  }
  const END = '\n-----END PGP SIGNATURE-----';
  let i = text.indexOf(END, pos);
  if (i < 0) return undefined;
  i += END.length;
  while (i < text.length && (text[i] === '\r' || text[i] === '\n')) i++;
  const sig = decodeArmor(text.slice(pos, i));
  if (!sig) return undefined;
  return {
    headers,
    plaintext: Buffer.from(signed.join('\n'), 'latin1'),
    bytes: Buffer.from(signed.join('\r\n'), 'latin1'),
    signature: sig,
  };
}

/**
 * The dash-escaper of clearsign.Encode: what it writes and what it hashes. Lines starting with
 * '-' are escaped; trailing spaces, tabs and CRs are kept in the text but not hashed; a final LF
 * is appended to the text.
 */
export function clearsignText(message: Uint8Array): { text: Uint8Array; hashed: Uint8Array } {
  const out: number[] = [];
  const hashed: number[] = [];
  let atBOL = true;
  let first = true;
  let ws: number[] = [];
  for (const b of message) {
    if (atBOL) {
      if (!first) hashed.push(13, 10);
      first = false;
    }
    if (b === 32 || b === 9 || b === 13) {
      ws.push(b);
      atBOL = false;
      continue;
    }
    if (atBOL) {
      if (b === 45) {
        out.push(45, 32);
        hashed.push(b);
        atBOL = false;
      } else if (b !== 10) {
        hashed.push(b);
        atBOL = false;
      }
      out.push(b);
    } else if (b === 10) {
      ws = [];
      out.push(b);
      atBOL = true;
    } else {
      if (ws.length > 0) {
        hashed.push(...ws);
        out.push(...ws);
        ws = [];
      }
      hashed.push(b);
      out.push(b);
    }
  }
  if (atBOL && !first) hashed.push(13, 10);
  out.push(10);
  return { text: Uint8Array.from(out), hashed: Uint8Array.from(hashed) };
}
