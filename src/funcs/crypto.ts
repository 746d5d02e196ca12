// Sprig's crypto functions (crypto.go): bcrypt htpasswd randBytes uuidv4 derivePassword
// genPrivateKey buildCustomCert genCA* genSelfSignedCert* genSignedCert* encryptAES decryptAES.
// Certificates are assembled in DER here, field by field as Go's x509.CreateCertificate
// writes them (extension order, criticality, string types, time types), and signed with
// node:crypto, so only the random parts (key, serial, signature, clock) differ from Go's.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  scryptSync,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';
// @ts-expect-error bcryptjs 2.4 ships no type declarations
import bcryptjsModule from 'bcryptjs';
import {
  GoError,
  GoList,
  GoObject,
  NO_FIELD,
  hasInvalidUtf8,
  utf8Decode,
  utf8Encode,
  type GoInt,
  type Value,
} from '../go/value.js';
import { formatValue } from '../go/fmt/print.js';
import { quote } from '../go/strconv/format-quote.js';
import type { FuncEnv } from './env.js';
import { goFunc } from './reflect.js';
import { b64url, randomPrime } from './rsa-prime.js';
import type { GoFunc } from '../go/value.js';

interface Bcryptjs {
  hashSync(s: string, salt: string): string;
  encodeBase64(b: number[] | Uint8Array, len: number): string;
}
const bcryptjs = bcryptjsModule as Bcryptjs;

// ---- bytes helpers -----------------------------------------------------------------------

const concat = (parts: Uint8Array[]): Uint8Array => {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const toB64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');
/** Bytes as a one-char-per-byte string, so byte-wise searches read naturally. */
const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
const fromLatin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

// ---- Go's base64.StdEncoding.DecodeString (its exact error offsets) ----------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_DECODE = (() => {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) m[B64.charCodeAt(i)] = i;
  return m;
})();

/** Decodes like Go (padding required, CR/LF skipped); throws Go's CorruptInputError text. */
export function goBase64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  const corrupt = (at: number): GoError => new GoError(`illegal base64 data at input byte ${at}`);
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing = -1;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return new Uint8Array(out);
        throw corrupt(si - j);
      }
      const ch = src[si]!;
      si++;
      const d = B64_DECODE[ch]!;
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) {
        j--;
        continue;
      }
      if (ch !== 0x3d) throw corrupt(si - 1);
      if (j === 0 || j === 1) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]!);
    if (trailing >= 0) throw corrupt(trailing);
  }
  return new Uint8Array(out);
}

// ---- DER writing ---------------------------------------------------------------------------

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let hdr: number[];
  if (n < 0x80) hdr = [tag, n];
  else {
    const lb: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) lb.unshift(v & 0xff);
    hdr = [tag, 0x80 | lb.length, ...lb];
  }
  return concat([new Uint8Array(hdr), content]);
}
const seq = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, concat(parts));
const derNull = new Uint8Array([0x05, 0x00]);
const derTrue = new Uint8Array([0x01, 0x01, 0xff]);
const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
const bitString = (b: Uint8Array, unused = 0): Uint8Array => tlv(0x03, concat([new Uint8Array([unused]), b]));

/** INTEGER in minimal two's complement. */
function derInt(v: bigint): Uint8Array {
  const bytes: number[] = [];
  if (v >= 0n) {
    let x = v;
    do {
      bytes.unshift(Number(x & 0xffn));
      x >>= 8n;
    } while (x > 0n);
    if (bytes[0]! & 0x80) bytes.unshift(0);
  } else {
    let x = v;
    for (;;) {
      bytes.unshift(Number(x & 0xffn));
      x >>= 8n;
      if (x === -1n && bytes[0]! & 0x80) break;
    }
  }
  return tlv(0x02, new Uint8Array(bytes));
}

function derOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const a of arcs.slice(2)) {
    const b: number[] = [a & 0x7f];
    for (let v = Math.floor(a / 128); v > 0; v = Math.floor(v / 128)) b.unshift(0x80 | (v & 0x7f));
    out.push(...b);
  }
  return tlv(0x06, new Uint8Array(out));
}

// encoding/asn1 picks PrintableString when every byte is in its set, else UTF8String.
const isPrintableByte = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x27 && c <= 0x29) ||
  (c >= 0x2b && c <= 0x2f) ||
  c === 0x20 ||
  c === 0x3a ||
  c === 0x3d ||
  c === 0x3f;
function derString(s: string): Uint8Array {
  const b = utf8Encode(s);
  return tlv(b.every(isPrintableByte) ? 0x13 : 0x0c, b);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
/** UTCTime for 1950 <= year < 2050, GeneralizedTime otherwise, seconds precision, Z. */
function derTime(ms: number): Uint8Array {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const y = d.getUTCFullYear();
  const rest = `${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, fromLatin1(pad2(y % 100) + rest));
  if (y < 0 || y > 9999) throw new GoError('asn1: structure error: cannot represent time as GeneralizedTime');
  return tlv(0x18, fromLatin1(String(y).padStart(4, '0') + rest));
}

// ---- DER reading (just enough to take certificates and keys apart) -----------------------

interface Tlv {
  tag: number;
  /** start of the header */
  start: number;
  /** start of the content */
  body: number;
  end: number;
}

class DerError extends Error {}

function readTlv(b: Uint8Array, pos: number, limit = b.length): Tlv {
  if (pos + 2 > limit) throw new DerError('asn1: syntax error: data truncated');
  const tag = b[pos]!;
  let len = b[pos + 1]!;
  let body = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || body + n > limit) throw new DerError('asn1: syntax error: data truncated');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i]!;
    body += n;
  }
  if (body + len > limit) throw new DerError('asn1: syntax error: data truncated');
  return { tag, start: pos, body, end: body + len };
}

/** The children of a constructed TLV. */
function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.body; p < t.end;) {
    const c = readTlv(b, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

const readUint = (b: Uint8Array, t: Tlv): bigint => {
  let v = 0n;
  for (let i = t.body; i < t.end; i++) v = (v << 8n) | BigInt(b[i]!);
  return v;
};

/**
 * Go's asn1 error when the outermost element is not a SEQUENCE (the usual failure for a
 * PEM block holding garbage), with the struct name Go reports; otherwise a syntax error.
 */
function outerSequence(b: Uint8Array, structName: string): Tlv {
  if (b.length < 2) throw new DerError('asn1: syntax error: sequence truncated');
  const tag = b[0]! & 0x1f;
  const cls = b[0]! >> 6;
  const compound = (b[0]! & 0x20) !== 0;
  if (tag !== 0x10 || cls !== 0 || !compound) {
    let len = b[1]!;
    let off = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n && off < b.length; i++, off++) len = len * 256 + b[off]!;
    }
    throw new DerError(
      `asn1: structure error: tags don't match (16 vs {class:${cls} tag:${tag} length:${len} isCompound:${compound}}) ` +
        `{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} ${structName} @${off}`,
    );
  }
  return readTlv(b, 0);
}

// ---- PEM -------------------------------------------------------------------------------------

interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

/** pem.EncodeToMemory: 64-column base64 body. */
function pemEncode(type: string, der: Uint8Array): string {
  const b64 = toB64(der);
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

const getLine = (data: string): [string, string, number] => {
  let i = data.indexOf('\n');
  let j: number;
  if (i < 0) {
    i = data.length;
    j = i;
  } else {
    j = i + 1;
    if (i > 0 && data[i - 1] === '\r') i--;
  }
  return [data.slice(0, i).replace(/[ \t]+$/, ''), data.slice(j), j];
};

/** Go 1.26's pem.Decode: the first well-formed block, or undefined. Works on bytes-as-latin1. */
function pemDecode(text: string): PemBlock | undefined {
  const PEM_START = '\n-----BEGIN ';
  const PEM_END = '\n-----END ';
  let rest = latin1(utf8Encode(text));
  let endTrailerIndex = 0;
  for (;;) {
    if (endTrailerIndex < 0 || endTrailerIndex > rest.length) return undefined;
    rest = rest.slice(endTrailerIndex);
    let endIndex = rest.indexOf(PEM_END);
    if (endIndex < 0) return undefined;
    endTrailerIndex = endIndex + PEM_END.length;
    const beginIndex = rest.slice(0, endIndex).lastIndexOf(PEM_START.slice(1));
    if (beginIndex < 0 || (beginIndex > 0 && rest[beginIndex - 1] !== '\n')) continue;
    const skip = beginIndex + PEM_START.length - 1;
    rest = rest.slice(skip);
    endIndex -= skip;
    endTrailerIndex -= skip;
    const [firstLine, after, consumed] = getLine(rest);
    let typeLine = firstLine;
    rest = after;
    endIndex -= consumed;
    endTrailerIndex -= consumed;
    if (!typeLine.endsWith('-----')) continue;
    typeLine = typeLine.slice(0, -5);
    let headers = 0;
    let truncated = false;
    for (;;) {
      if (rest.length === 0) {
        truncated = true;
        break;
      }
      const [line, next, used] = getLine(rest);
      if (!line.includes(':')) break;
      headers++;
      rest = next;
      endIndex -= used;
      endTrailerIndex -= used;
    }
    if (truncated) return undefined;
    if (headers > 0 && endIndex < 0) continue;
    let endTrailer = rest.slice(endTrailerIndex);
    const endTrailerLen = typeLine.length + 5;
    if (endTrailer.length < endTrailerLen) continue;
    const restOfEndLine = endTrailer.slice(endTrailerLen);
    endTrailer = endTrailer.slice(0, endTrailerLen);
    if (!endTrailer.startsWith(typeLine) || !endTrailer.endsWith('-----')) continue;
    if (getLine(restOfEndLine)[0].length !== 0) continue;
    let bytes: Uint8Array = new Uint8Array(0);
    if (endIndex > 0) {
      try {
        bytes = goBase64Decode(fromLatin1(rest.slice(0, endIndex).replace(/[ \t]/g, '')));
      } catch {
        continue;
      }
    }
    return { type: utf8Decode(fromLatin1(typeLine)), bytes };
  }
}

// ---- private keys --------------------------------------------------------------------------

type KeyKind = 'rsa' | 'ec' | 'ed25519' | 'dsa' | 'other';

/** A parsed or generated private key and the Go type it would have. */
interface PrivKey {
  kind: KeyKind;
  /** node key (absent for DSA keys read from PEM, which Go cannot sign with anyway) */
  key?: KeyObject;
  /** DSA parameters for re-encoding */
  dsa?: { p: bigint; q: bigint; g: bigint; y: bigint; x: bigint };
  /** Go's %T, for error texts */
  goType: string;
}

const EC_CURVES: Record<string, { oid: string; hash: string }> = {
  prime256v1: { oid: '1.2.840.10045.3.1.7', hash: 'sha256' },
  secp384r1: { oid: '1.3.132.0.34', hash: 'sha384' },
  secp521r1: { oid: '1.3.132.0.35', hash: 'sha512' },
  secp224r1: { oid: '1.3.132.0.33', hash: 'sha256' },
};

function wrapKey(key: KeyObject): PrivKey {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { kind: 'rsa', key, goType: '*rsa.PrivateKey' };
    case 'ec':
      return { kind: 'ec', key, goType: '*ecdsa.PrivateKey' };
    case 'ed25519':
      return { kind: 'ed25519', key, goType: 'ed25519.PrivateKey' };
    case 'x25519':
      return { kind: 'other', key, goType: '*ecdh.PrivateKey' };
    default:
      return { kind: 'other', key, goType: `*${key.asymmetricKeyType ?? 'unknown'}.PrivateKey` };
  }
}

/** Sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, its own ASN.1 for DSA, PKCS#8 otherwise. */
function keyToPem(k: PrivKey): string {
  switch (k.kind) {
    case 'rsa':
      return pemEncode('RSA PRIVATE KEY', new Uint8Array(k.key!.export({ type: 'pkcs1', format: 'der' })));
    case 'ec':
      return pemEncode('EC PRIVATE KEY', new Uint8Array(k.key!.export({ type: 'sec1', format: 'der' })));
    case 'dsa': {
      const d = k.dsa!;
      return pemEncode(
        'DSA PRIVATE KEY',
        seq(derInt(0n), derInt(d.p), derInt(d.q), derInt(d.g), derInt(d.y), derInt(d.x)),
      );
    }
    default:
      return pemEncode('PRIVATE KEY', new Uint8Array(k.key!.export({ type: 'pkcs8', format: 'der' })));
  }
}

const modPow = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
};

/** DSA L2048N256 through node, then the parameters read back from its PKCS#8 form. */
function generateDsa(): PrivKey {
  const { privateKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  const der = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
  const top = children(der, readTlv(der, 0));
  const params = children(der, children(der, top[1]!)[1]!);
  const [p, q, g] = params.map((t) => readUint(der, t)) as [bigint, bigint, bigint];
  const x = readUint(der, readTlv(der, top[2]!.body));
  return { kind: 'dsa', dsa: { p, q, g, x, y: modPow(g, x, p) }, goType: '*dsa.PrivateKey' };
}

const RSA_E = 65537n;

/** x⁻¹ mod m (x and m coprime), by the extended Euclidean algorithm. */
function modInverse(x: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, x % m, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return s0 < 0n ? s0 + m : s0;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/**
 * An RSA key as Go's rsa.GenerateKey makes one: two random primes of half the size, e = 65537,
 * d = e⁻¹ mod λ(N). The primes are tested as Go tests them (rsa-prime.ts): OpenSSL's own RSA key
 * generation takes about three times as long as two primes of node's generatePrimeSync, which in
 * turn take about twice as long as randomPrime, and Helm's TLS helpers make a key per certificate.
 */
function generateRsa(bits: number): PrivKey {
  for (;;) {
    const p = randomPrime(bits >> 1, RSA_E);
    const q = randomPrime(bits - (bits >> 1), RSA_E);
    const n = p * q;
    if (p === q || n.toString(2).length !== bits) continue;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(RSA_E, lambda);
    const key = createPrivateKey({
      format: 'jwk',
      key: {
        kty: 'RSA',
        n: b64url(n),
        e: b64url(RSA_E),
        d: b64url(d),
        p: b64url(p),
        q: b64url(q),
        dp: b64url(d % (p - 1n)),
        dq: b64url(d % (q - 1n)),
        qi: b64url(modInverse(q, p)),
      },
    });
    return wrapKey(key);
  }
}

function generatePrivateKey(typ: string): string {
  switch (typ) {
    case '':
    case 'rsa':
      return keyToPem(generateRsa(4096));
    case 'dsa':
      return keyToPem(generateDsa());
    case 'ecdsa':
      return keyToPem(wrapKey(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey));
    case 'ed25519':
      return keyToPem(wrapKey(generateKeyPairSync('ed25519').privateKey));
    default:
      return 'Unknown type ' + typ;
  }
}

const derMsg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function nodeKey(der: Uint8Array, type: 'pkcs1' | 'pkcs8' | 'sec1'): KeyObject | undefined {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type });
  } catch {
    return undefined;
  }
}

/** Sprig's parsePrivateKeyPEM with the x509 parser error texts Go gives for common cases. */
function parsePrivateKeyPEM(pemText: string): PrivKey {
  const block = pemDecode(pemText);
  if (!block) throw new GoError('no PEM data in input');
  const der = block.bytes;
  if (block.type === 'PRIVATE KEY') {
    try {
      outerSequence(der, 'pkcs8');
    } catch (e) {
      throw new GoError(`decoding PEM as PKCS#8: ${derMsg(e)}`);
    }
    const k = nodeKey(der, 'pkcs8');
    if (k) {
      const w = wrapKey(k);
      if (w.kind === 'ec' && !(String(k.asymmetricKeyDetails?.namedCurve) in EC_CURVES))
        throw new GoError(
          'decoding PEM as PKCS#8: x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve',
        );
      return w;
    }
    if (nodeKey(der, 'pkcs1'))
      throw new GoError(
        'decoding PEM as PKCS#8: x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)',
      );
    if (nodeKey(der, 'sec1'))
      throw new GoError(
        'decoding PEM as PKCS#8: x509: failed to parse private key (use ParseECPrivateKey instead for this key format)',
      );
    throw new GoError('decoding PEM as PKCS#8: asn1: syntax error: data truncated');
  }
  if (!block.type.endsWith(' PRIVATE KEY'))
    throw new GoError(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case 'RSA': {
      const fail = (m: string): GoError => new GoError(`parsing RSA private key from PEM: ${m}`);
      try {
        outerSequence(der, 'pkcs1PrivateKey');
      } catch (e) {
        throw fail(derMsg(e));
      }
      const k = nodeKey(der, 'pkcs1');
      if (k) return wrapKey(k);
      if (nodeKey(der, 'pkcs8'))
        throw fail(
          'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
        );
      if (nodeKey(der, 'sec1'))
        throw fail('x509: failed to parse private key (use ParseECPrivateKey instead for this key format)');
      throw fail('asn1: syntax error: data truncated');
    }
    case 'EC': {
      const fail = (m: string): GoError => new GoError(`parsing EC private key from PEM: ${m}`);
      try {
        outerSequence(der, 'ecPrivateKey');
      } catch (e) {
        throw fail(`x509: failed to parse EC private key: ${derMsg(e)}`);
      }
      const k = nodeKey(der, 'sec1');
      if (k) {
        if (!(String(k.asymmetricKeyDetails?.namedCurve) in EC_CURVES))
          throw fail('x509: unknown elliptic curve');
        return wrapKey(k);
      }
      if (nodeKey(der, 'pkcs8'))
        throw fail(
          'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
        );
      if (nodeKey(der, 'pkcs1'))
        throw fail(
          'x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)',
        );
      throw fail('x509: failed to parse EC private key: asn1: syntax error: data truncated');
    }
    case 'DSA': {
      try {
        const top = children(der, outerSequence(der, 'sprig.DSAKeyFormat'));
        const [, p, q, g, y, x] = top.map((t) => readUint(der, t));
        if (top.length < 6) throw new DerError('asn1: syntax error: sequence truncated');
        return { kind: 'dsa', dsa: { p: p!, q: q!, g: g!, y: y!, x: x! }, goType: '*dsa.PrivateKey' };
      } catch (e) {
        throw new GoError(`parsing DSA private key from PEM: ${derMsg(e)}`);
      }
    }
    default:
      throw new GoError(`invalid private key type ${block.type}`);
  }
}

// ---- certificates --------------------------------------------------------------------------

/** Sprig's `certificate` struct: what genCA and friends return, and genSignedCert takes. */
export class Certificate extends GoObject {
  readonly goType = 'sprig.certificate';
  readonly goKind = 'struct' as const;
  constructor(
    readonly Cert: string,
    readonly Key: string,
  ) {
    super();
  }
  override field(name: string): Value | typeof NO_FIELD {
    if (name === 'Cert') return this.Cert;
    if (name === 'Key') return this.Key;
    return NO_FIELD;
  }
  override fields(): [string, Value][] {
    return [
      ['Cert', this.Cert],
      ['Key', this.Key],
    ];
  }
}

const OID = {
  rsaSha256: '1.2.840.113549.1.1.11',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
  cn: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  skid: '2.5.29.14',
  akid: '2.5.29.35',
  san: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** The public half of a key as Go marshals it (SubjectPublicKeyInfo DER). */
function spkiOf(k: PrivKey): Uint8Array {
  return new Uint8Array(createPublicKey(k.key!).export({ type: 'spki', format: 'der' }));
}

interface Signer {
  algId: Uint8Array;
  sign(tbs: Uint8Array): Uint8Array;
}

/** x509.CreateCertificate's key checks and signingParamsForKey. */
function signerFor(k: PrivKey): Signer {
  const key = k.key;
  if (!key || k.kind === 'dsa' || k.kind === 'other')
    throw new GoError('x509: certificate private key does not implement crypto.Signer');
  if (k.kind === 'rsa')
    return {
      algId: seq(derOid(OID.rsaSha256), derNull),
      sign: (t) => new Uint8Array(cryptoSign('sha256', t, key)),
    };
  if (k.kind === 'ed25519')
    return { algId: seq(derOid(OID.ed25519)), sign: (t) => new Uint8Array(cryptoSign(null, t, key)) };
  const hash = EC_CURVES[String(key.asymmetricKeyDetails?.namedCurve)]?.hash ?? 'sha256';
  const oid = hash === 'sha384' ? OID.ecdsaSha384 : hash === 'sha512' ? OID.ecdsaSha512 : OID.ecdsaSha256;
  return {
    algId: seq(derOid(oid)),
    sign: (t) => new Uint8Array(cryptoSign(hash, t, { key, dsaEncoding: 'der' })),
  };
}

interface CertTemplate {
  cn: string;
  ips: Uint8Array[];
  dns: string[];
  daysValid: bigint;
  isCA: boolean;
}

/** What CreateCertificate needs of the parent: its raw subject, SKID and public key. */
interface Parent {
  rawSubject: Uint8Array;
  skid?: Uint8Array;
  spki?: Uint8Array;
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(derOid(oid), derTrue, octets(value)) : seq(derOid(oid), octets(value));
}

const EMPTY_SUBJECT = seq();

function subjectOf(cn: string): Uint8Array {
  // pkix.Name leaves out an empty CommonName entirely.
  return cn === '' ? EMPTY_SUBJECT : seq(tlv(0x31, seq(derOid(OID.cn), derString(cn))));
}

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Builds, signs and PEM-encodes a certificate as Sprig's getCertAndKey does. */
function createCertificate(
  env: FuncEnv,
  tpl: CertTemplate,
  signee: PrivKey,
  parent: Parent | 'self',
  signingKey: PrivKey,
): Certificate {
  const fail = (m: string): GoError => new GoError(`error creating certificate: ${m}`);
  // getPublicKey in Sprig runs first; every key type we model has a public half.
  let signer: Signer;
  try {
    signer = signerFor(signingKey);
  } catch (e) {
    throw fail(derMsg(e));
  }
  if (!signee.key) throw fail('x509: unsupported public key type: *dsa.PublicKey');
  const spki = spkiOf(signee);
  const spkiFields = children(spki, readTlv(spki, 0));
  const pubBits = spki.subarray(spkiFields[1]!.body + 1, spkiFields[1]!.end);

  const subject = subjectOf(tpl.cn);
  const issuer = parent === 'self' ? subject : parent.rawSubject;
  let akid: Uint8Array | undefined;
  if (parent !== 'self' && !bytesEqual(issuer, subject) && parent.skid && parent.skid.length > 0)
    akid = parent.skid;
  // Go ≥1.25 default (x509sha256skid=1): leftmost 160 bits of SHA-256 of the key bits, CAs only.
  const skid = tpl.isCA
    ? new Uint8Array(createHash('sha256').update(pubBits).digest()).subarray(0, 20)
    : undefined;
  if (parent !== 'self' && parent.spki) {
    if (!bytesEqual(spkiOf(signingKey), parent.spki))
      throw fail("x509: provided PrivateKey doesn't match parent's PublicKey");
  }

  for (const name of tpl.dns) {
    if ([...name].some((c) => c.codePointAt(0)! > 0x7f))
      throw fail(`x509: ${quote(name)} cannot be encoded as an IA5String`);
  }

  const exts: Uint8Array[] = [];
  // KeyUsage bits, reversed into a minimal BIT STRING: digitalSignature|keyEncipherment(|certSign).
  exts.push(
    extension(
      OID.keyUsage,
      true,
      tpl.isCA ? bitString(new Uint8Array([0xa4]), 2) : bitString(new Uint8Array([0xa0]), 5),
    ),
  );
  exts.push(extension(OID.extKeyUsage, false, seq(derOid(OID.serverAuth), derOid(OID.clientAuth))));
  exts.push(extension(OID.basicConstraints, true, tpl.isCA ? seq(derTrue) : seq()));
  if (skid) exts.push(extension(OID.skid, false, octets(skid)));
  if (akid) exts.push(extension(OID.akid, false, seq(tlv(0x80, akid))));
  if (tpl.dns.length > 0 || tpl.ips.length > 0) {
    const names = [...tpl.dns.map((d) => tlv(0x82, fromLatin1(d))), ...tpl.ips.map((ip) => tlv(0x87, ip))];
    exts.push(extension(OID.san, bytesEqual(subject, EMPTY_SUBJECT), seq(...names)));
  }

  // Serial: crypto/rand.Int below 2^128 reads 16 bytes and takes them whole.
  let serial = 0n;
  for (const b of env.randomBytes(16)) serial = (serial << 8n) | BigInt(b);
  const now = env.now().getTime();
  // time.Hour * 24 * time.Duration(days) wraps like Go's int64 nanoseconds.
  const validNs = BigInt.asIntN(64, 86_400_000_000_000n * tpl.daysValid);
  const notAfter = now + Number(validNs / 1_000_000n);

  const tbs = seq(
    tlv(0xa0, derInt(2n)),
    derInt(serial),
    signer.algId,
    issuer,
    seq(derTime(now), derTime(notAfter)),
    subject,
    spki,
    tlv(0xa3, seq(...exts)),
  );
  const sig = signer.sign(tbs);
  const der = seq(tbs, signer.algId, bitString(sig));
  return new Certificate(pemEncode('CERTIFICATE', der), keyToPem(signee));
}

/** The few parts of a parsed certificate that signing needs; throws Go 1.26's x509 parse errors. */
function parseCertificate(der: Uint8Array): Parent {
  const fail = (what: string): GoError => new GoError(`x509: malformed ${what}`);
  let top: Tlv[];
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30) throw fail('certificate');
    top = children(der, outer);
  } catch {
    throw fail('certificate');
  }
  let tbs: Tlv[];
  try {
    if (top[0]?.tag !== 0x30) throw fail('tbs certificate');
    tbs = children(der, top[0]);
  } catch {
    throw fail('tbs certificate');
  }
  try {
    let i = tbs[0]!.tag === 0xa0 ? 1 : 0;
    i += 4; // serial, signature algorithm, issuer, validity
    const rawSubject = der.slice(tbs[i]!.start, tbs[i]!.end);
    const spki = der.slice(tbs[i + 1]!.start, tbs[i + 1]!.end);
    let skid: Uint8Array | undefined;
    for (const t of tbs.slice(i + 2)) {
      if (t.tag !== 0xa3) continue;
      for (const ext of children(der, readTlv(der, t.body))) {
        const parts = children(der, ext);
        const oid = der.slice(parts[0]!.start, parts[0]!.end);
        if (bytesEqual(oid, derOid(OID.skid))) {
          const val = parts[parts.length - 1]!;
          const inner = readTlv(der, val.body, val.end);
          skid = der.slice(inner.body, inner.end);
        }
      }
    }
    createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    return { rawSubject, spki, skid };
  } catch {
    throw fail('certificate');
  }
}

// ---- net.ParseIP ---------------------------------------------------------------------------

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return undefined;
        out.push(...v4);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        const n = parseInt(p, 16);
        out.push(n >> 8, n & 0xff);
      }
    }
    return out;
  };
  const a = groups(halves[0]!);
  const b = halves.length === 2 ? groups(halves[1]!) : [];
  if (!a || !b) return undefined;
  if (halves.length === 1) return a.length === 16 ? a : undefined;
  if (a.length + b.length > 14) return undefined;
  return [...a, ...new Array<number>(16 - a.length - b.length).fill(0), ...b];
}

/** net.ParseIP, then To4() as marshalSANs does: IPv4 (and v4-mapped v6) as 4 bytes. */
export function parseIP(s: string): Uint8Array | undefined {
  const v4 = parseIPv4(s);
  if (v4) return new Uint8Array(v4);
  if (!s.includes(':')) return undefined;
  const v6 = parseIPv6(s);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((x) => x === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return new Uint8Array(mapped ? v6.slice(12) : v6);
}

function listItems(v: Value): Value[] {
  return v instanceof GoList ? v.items : [];
}

function certTemplate(cn: string, ips: Value, dns: Value, days: Value, isCA: boolean): CertTemplate {
  const ipBytes = listItems(ips).map((ip) => {
    if (typeof ip !== 'string') throw new GoError(`error parsing ip: ${formatValue(ip)} is not a string`);
    const b = parseIP(ip);
    if (!b) throw new GoError(`error parsing ip: ${ip}`);
    return b;
  });
  const names = listItems(dns).map((d) => {
    if (typeof d !== 'string')
      throw new GoError(`error processing alternate dns name: ${formatValue(d)} is not a string`);
    return d;
  });
  return { cn, ips: ipBytes, dns: names, daysValid: (days as GoInt).v, isCA };
}

function parseKeyArg(pemText: string): PrivKey {
  try {
    return parsePrivateKeyPEM(pemText);
  } catch (e) {
    throw new GoError(`parsing private key: ${derMsg(e)}`);
  }
}

function signedCert(env: FuncEnv, template: () => CertTemplate, ca: Value, priv: () => PrivKey): Certificate {
  const c = ca as Certificate;
  const block = pemDecode(c.Cert);
  if (!block) throw new GoError('unable to decode certificate');
  let parent: Parent;
  try {
    parent = parseCertificate(block.bytes);
  } catch (e) {
    throw new GoError(`error parsing certificate: decodedSignerCert.Bytes: ${derMsg(e)}`);
  }
  let signerKey: PrivKey;
  try {
    signerKey = parsePrivateKeyPEM(c.Key);
  } catch (e) {
    throw new GoError(`error parsing private key: ${derMsg(e)}`);
  }
  const tpl = template();
  return createCertificate(env, tpl, priv(), parent, signerKey);
}

// ---- AES ------------------------------------------------------------------------------------

/** The key: the password's bytes zero-padded or cut to 32 (AES-256). */
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8Encode(password)).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(env: FuncEnv, password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = utf8Encode(plaintext);
  const padding = 16 - (content.length % 16);
  const padded = concat([content, new Uint8Array(padding).fill(padding)]);
  const iv = env.randomBytes(16);
  const c = createCipheriv('aes-256-cbc', aesKey(password), iv);
  c.setAutoPadding(false);
  return toB64(concat([iv, c.update(padded), c.final()]));
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = goBase64Decode(utf8Encode(crypt64));
  if (crypt.length < 16)
    throw new GoError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new GoError('crypto/cipher: input not full blocks');
  if (body.length === 0) throw new GoError('runtime error: index out of range [-1]');
  const d = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16));
  d.setAutoPadding(false);
  const dec = concat([d.update(body), d.final()]);
  const end = dec.length - dec[dec.length - 1]!;
  if (end < 0) throw new GoError(`runtime error: slice bounds out of range [:${end}]`);
  return utf8Decode(dec.subarray(0, end));
}

// ---- bcrypt, derivePassword, uuid ---------------------------------------------------------

function bcrypt(env: FuncEnv, input: string): string {
  if (utf8Encode(input).length > 72)
    return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  // The salt comes from env so tests can fix it; cost 10 is bcrypt.DefaultCost.
  const salt = '$2a$10$' + bcryptjs.encodeBase64(env.randomBytes(16), 16);
  // bcryptjs takes text only, and loops forever on a lone surrogate followed by another unit:
  // escaped bytes (invalid UTF-8, value.ts) go in as U+FFFD, so such a hash differs from Go's.
  return bcryptjs.hashSync(
    hasInvalidUtf8(input) ? input.replace(/[\ud800-\udfff]/gu, '\ufffd') : input,
    salt,
  );
}

const MASTER_SEED = 'com.lyndir.masterpassword';
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const be32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
};

/** The Master Password algorithm as Sprig implements it (scrypt, then HMAC-SHA256 over the site). */
function derivePassword(
  counter: number,
  passwordType: string,
  password: string,
  user: string,
  site: string,
): string {
  const templates = Object.hasOwn(PASSWORD_TEMPLATES, passwordType)
    ? PASSWORD_TEMPLATES[passwordType]!
    : undefined;
  if (!templates) return `cannot find password template ${passwordType}`;
  const seed = utf8Encode(MASTER_SEED);
  const userB = utf8Encode(user);
  const siteB = utf8Encode(site);
  const salt = concat([seed, be32(userB.length), userB]);
  const key = scryptSync(utf8Encode(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 128 * 1024 * 1024 });
  const mac = new Uint8Array(
    createHmac('sha256', key)
      .update(concat([seed, be32(siteB.length), siteB, be32(counter)]))
      .digest(),
  );
  const temp = templates[mac[0]! % templates.length]!;
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = TEMPLATE_CHARS[temp[i]!]!;
    out += chars[mac[i + 1]! % chars.length];
  }
  return out;
}

/** google/uuid's New(): random bytes, version 4, RFC 4122 variant. */
function uuidv4(env: FuncEnv): string {
  const b = env.randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function randBytes(env: FuncEnv, count: bigint): string {
  if (count < 0n) throw new GoError('runtime error: makeslice: len out of range');
  return toB64(env.randomBytes(Number(count)));
}

// ---- the FuncMap -----------------------------------------------------------------------------

const str = (v: Value): string => v as string;
const intArg = (v: Value): bigint => (v as GoInt).v;

export function cryptoFuncs(env: FuncEnv): Map<string, GoFunc> {
  const selfSigned = (
    cn: Value,
    ips: Value,
    dns: Value,
    days: Value,
    key: PrivKey | (() => PrivKey),
  ): Certificate => {
    const tpl = certTemplate(str(cn), ips, dns, days, false);
    const k = typeof key === 'function' ? key() : key;
    return createCertificate(env, tpl, k, 'self', k);
  };
  const ca = (cn: Value, days: Value, key: () => PrivKey): Certificate => {
    const tpl = certTemplate(str(cn), null, null, days, true);
    const k = key();
    return createCertificate(env, tpl, k, 'self', k);
  };
  const fns: GoFunc[] = [
    goFunc('bcrypt', 'func(string) string', (s) => bcrypt(env, str(s))),
    goFunc('htpasswd', 'func(string, string) string', (u, p) =>
      str(u).includes(':') ? `invalid username: ${str(u)}` : `${str(u)}:${bcrypt(env, str(p))}`,
    ),
    goFunc('genPrivateKey', 'func(string) string', (t) => generatePrivateKey(str(t))),
    goFunc('derivePassword', 'func(uint32, string, string, string, string) string', (c, t, p, u, s) =>
      derivePassword(Number(intArg(c)), str(t), str(p), str(u), str(s)),
    ),
    goFunc('buildCustomCert', 'func(string, string) (sprig.certificate, error)', (c, k) => {
      let cert: Uint8Array;
      let key: Uint8Array;
      try {
        cert = goBase64Decode(utf8Encode(str(c)));
      } catch {
        throw new GoError('unable to decode base64 certificate');
      }
      try {
        key = goBase64Decode(utf8Encode(str(k)));
      } catch {
        throw new GoError('unable to decode base64 private key');
      }
      const block = pemDecode(utf8Decode(cert));
      if (!block) throw new GoError('unable to decode certificate');
      try {
        parseCertificate(block.bytes);
      } catch (e) {
        throw new GoError(`error parsing certificate: decodedCert.Bytes: ${derMsg(e)}`);
      }
      try {
        parsePrivateKeyPEM(utf8Decode(key));
      } catch (e) {
        throw new GoError(`error parsing private key: ${derMsg(e)}`);
      }
      return new Certificate(utf8Decode(cert), utf8Decode(key));
    }),
    goFunc('genCA', 'func(string, int) (sprig.certificate, error)', (cn, days) =>
      ca(cn, days, () => generateRsa(2048)),
    ),
    goFunc('genCAWithKey', 'func(string, int, string) (sprig.certificate, error)', (cn, days, pemKey) =>
      ca(cn, days, () => parseKeyArg(str(pemKey))),
    ),
    goFunc(
      'genSelfSignedCert',
      'func(string, []interface {}, []interface {}, int) (sprig.certificate, error)',
      (cn, ips, dns, days) => selfSigned(cn, ips, dns, days, () => generateRsa(2048)),
    ),
    goFunc(
      'genSelfSignedCertWithKey',
      'func(string, []interface {}, []interface {}, int, string) (sprig.certificate, error)',
      (cn, ips, dns, days, pemKey) => selfSigned(cn, ips, dns, days, parseKeyArg(str(pemKey))),
    ),
    goFunc(
      'genSignedCert',
      'func(string, []interface {}, []interface {}, int, sprig.certificate) (sprig.certificate, error)',
      (cn, ips, dns, days, caCert) =>
        signedCert(
          env,
          () => certTemplate(str(cn), ips, dns, days, false),
          caCert,
          () => generateRsa(2048),
        ),
    ),
    goFunc(
      'genSignedCertWithKey',
      'func(string, []interface {}, []interface {}, int, sprig.certificate, string) (sprig.certificate, error)',
      (cn, ips, dns, days, caCert, pemKey) => {
        const k = parseKeyArg(str(pemKey));
        return signedCert(
          env,
          () => certTemplate(str(cn), ips, dns, days, false),
          caCert,
          () => k,
        );
      },
    ),
    goFunc('encryptAES', 'func(string, string) (string, error)', (p, t) => encryptAES(env, str(p), str(t))),
    goFunc('decryptAES', 'func(string, string) (string, error)', (p, c) => decryptAES(str(p), str(c))),
    goFunc('randBytes', 'func(int) (string, error)', (n) => randBytes(env, intArg(n))),
    goFunc('uuidv4', 'func() string', () => uuidv4(env)),
  ];
  return new Map(fns.map((f) => [f.name, f]));
}
