// Sprig's urlParse and urlJoin on a port of Go 1.26's net/url Parse and URL.String: the same
// splitting (scheme, opaque, authority, path, query, fragment), percent-decoding rules,
// escaping per component, and error texts (which Sprig panics with).
import { quote as goQuote, quoteBytes } from '../go/strconv/format.js';
import { GoError, GoFunc, GoMap, kindOf, utf8Decode, utf8Encode, type Value } from '../go/value.js';
import { goFunc, nilDeref } from './reflect.js';

type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

/** net/url shouldEscape, per byte. */
function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'pathSegment':
        return ch === '/' || ch === ';' || ch === ',' || ch === '?';
      case 'userPassword':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'queryComponent':
        return true;
      case 'fragment':
        return false;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

const HEX = '0123456789ABCDEF';
const isHex = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
const unhex = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

// Go strings are bytes: invalid UTF-8 travels as escaped bytes (template/value.ts).
const toBytes = (s: string): Uint8Array => utf8Encode(s);
const fromBytes = (b: Uint8Array | number[]): string =>
  utf8Decode(b instanceof Uint8Array ? b : Uint8Array.from(b));

/** net/url escape */
export function urlEscape(s: string, mode: Mode): string {
  const b = toBytes(s);
  let out = '';
  let changed = false;
  for (const c of b) {
    if (c === 0x20 && mode === 'queryComponent') {
      out += '+';
      changed = true;
    } else if (shouldEscape(c, mode)) {
      out += '%' + HEX[c >> 4] + HEX[c & 15];
      changed = true;
    } else out += String.fromCharCode(c);
  }
  return changed ? out : s;
}

/** net/url unescape; throws GoError with Go's EscapeError / InvalidHostError text. */
function urlUnescape(s: string, mode: Mode): string {
  const b = toBytes(s);
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c === 0x25) {
      n++;
      if (i + 2 >= b.length || !isHex(b[i + 1]) || !isHex(b[i + 2])) {
        throw new GoError(`invalid URL escape ${quoteBytes(b.subarray(i, i + 3))}`);
      }
      const esc = fromBytes(b.subarray(i, i + 3));
      if (mode === 'host' && unhex(b[i + 1]!) < 8 && esc !== '%25')
        throw new GoError(`invalid URL escape ${goQuote(esc)}`);
      if (mode === 'zone') {
        const v = (unhex(b[i + 1]!) << 4) | unhex(b[i + 2]!);
        if (esc !== '%25' && v !== 0x20 && shouldEscape(v, 'host'))
          throw new GoError(`invalid URL escape ${goQuote(esc)}`);
      }
      i += 3;
    } else if (c === 0x2b) {
      hasPlus = mode === 'queryComponent';
      i++;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
        throw new GoError(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
      }
      i++;
    }
  }
  if (n === 0 && !hasPlus) return s;
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x25) {
      out.push((unhex(b[i + 1]!) << 4) | unhex(b[i + 2]!));
      i += 2;
    } else if (c === 0x2b) out.push(mode === 'queryComponent' ? 0x20 : 0x2b);
    else out.push(c);
  }
  return fromBytes(out);
}

interface Userinfo {
  username: string;
  password: string;
  passwordSet: boolean;
}

const userinfoString = (u: Userinfo): string =>
  urlEscape(u.username, 'userPassword') + (u.passwordSet ? ':' + urlEscape(u.password, 'userPassword') : '');

/** The parts of a Go url.URL that Sprig reads or writes. */
export interface GoURL {
  scheme: string;
  opaque: string;
  user: Userinfo | null;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
  forceQuery: boolean;
  omitHost: boolean;
}

const emptyURL = (): GoURL => ({
  scheme: '',
  opaque: '',
  user: null,
  host: '',
  path: '',
  rawPath: '',
  rawQuery: '',
  fragment: '',
  rawFragment: '',
  forceQuery: false,
  omitHost: false,
});

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new GoError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

const validOptionalPort = (port: string): boolean => port === '' || /^:[0-9]*$/.test(port);

// ---- netip.ParseAddr (validation only, for bracketed hosts) ------------------------------

class AddrError extends Error {
  constructor(input: string, msg: string, at = '') {
    super(`ParseAddr(${goQuote(input)}): ${msg}` + (at !== '' ? ` (at ${goQuote(at)})` : ''));
  }
}

const isDec = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function parseIPv4Fields(input: string, off: number, end: number): void {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (isDec(c)) {
      if (digits === 1 && val === 0) throw new AddrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) throw new AddrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        throw new AddrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      }
      if (pos === 3) throw new AddrError(input, 'IPv4 address too long');
      pos++;
      val = 0;
      digits = 0;
    } else throw new AddrError(input, 'unexpected character', s.slice(i));
  }
  if (pos < 3) throw new AddrError(input, 'IPv4 address too short');
}

function parseIPv6(input: string): void {
  let s = input;
  let zone = '';
  const zi = s.indexOf('%');
  if (zi !== -1) {
    [s, zone] = [s.slice(0, zi), s.slice(zi + 1)];
    if (zone === '') throw new AddrError(input, 'zone must be a non-empty string');
  }
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const d = parseInt(s[off]!, 16);
      if (Number.isNaN(d) || !/[0-9a-fA-F]/.test(s[off]!)) break;
      acc = acc * 16 + d;
      if (off > 3) throw new AddrError(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) throw new AddrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) throw new AddrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) {
        throw new AddrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      }
      if (i + 4 > 16)
        throw new AddrError(
          input,
          'too many hex fields to fit an embedded IPv4 at the end of the address',
          s,
        );
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      parseIPv4Fields(input, end - s.length, end);
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') throw new AddrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) throw new AddrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw new AddrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') throw new AddrError(input, 'trailing garbage after address', s);
  if (i < 16 && ellipsis < 0) throw new AddrError(input, 'address string too short');
  if (i >= 16 && ellipsis >= 0)
    throw new AddrError(input, 'the :: must expand to at least one field of zeros');
}

/** netip.ParseAddr: 'v4' or 'v6', or Go's error text. */
function parseAddr(s: string): 'v4' | 'v6' | AddrError {
  try {
    for (const c of s) {
      if (c === '.') {
        parseIPv4Fields(s, 0, s.length);
        return 'v4';
      }
      if (c === ':') {
        parseIPv6(s);
        return 'v6';
      }
      if (c === '%') return new AddrError(s, 'missing IPv6 address');
    }
    return new AddrError(s, 'unable to parse IP');
  } catch (e) {
    if (e instanceof AddrError) return e;
    throw e;
  }
}

function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[');
  if (open > 0) throw new GoError('invalid IP-literal');
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new GoError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${goQuote(colonPort)} after host`);
    const port = urlUnescape(colonPort, 'host');
    const hostname = host.slice(1, close);
    const zi = hostname.indexOf('%25');
    const unescaped =
      zi >= 0
        ? urlUnescape(hostname.slice(0, zi), 'host') + urlUnescape(hostname.slice(zi), 'zone')
        : urlUnescape(hostname, 'host');
    const kind = parseAddr(unescaped);
    if (kind instanceof AddrError) throw new GoError(`invalid host: ${kind.message}`);
    if (kind === 'v4') throw new GoError('invalid IP-literal');
    return `[${unescaped}]${port}`;
  }
  const i = host.indexOf(':');
  if (i !== -1) {
    // Go 1.26 (urlstrictcolons=1): only non-http(s) schemes take the last colon as the port.
    const last = host.lastIndexOf(':');
    const at = last !== i && scheme !== 'http' && scheme !== 'https' ? last : i;
    const colonPort = host.slice(at);
    if (!validOptionalPort(colonPort)) throw new GoError(`invalid port ${goQuote(colonPort)} after host`);
  }
  return urlUnescape(host, 'host');
}

const validUserinfo = (s: string): boolean => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);

function parseAuthority(scheme: string, authority: string): [Userinfo | null, string] {
  const i = authority.lastIndexOf('@');
  const host = parseHost(scheme, i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return [null, host];
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new GoError('net/url: invalid userinfo');
  const c = userinfo.indexOf(':');
  if (c < 0)
    return [{ username: urlUnescape(userinfo, 'userPassword'), password: '', passwordSet: false }, host];
  return [
    {
      username: urlUnescape(userinfo.slice(0, c), 'userPassword'),
      password: urlUnescape(userinfo.slice(c + 1), 'userPassword'),
      passwordSet: true,
    },
    host,
  ];
}

function hasControlByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function parseNoFragment(raw: string): GoURL {
  if (hasControlByte(raw)) throw new GoError('net/url: invalid control character in URL');
  const u = emptyURL();
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  const [scheme, afterScheme] = getScheme(raw);
  let rest = afterScheme;
  u.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, u.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    if (rest.split('/')[0]!.includes(':'))
      throw new GoError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) [authority, rest] = [authority.slice(0, i), authority.slice(i)];
    [u.user, u.host] = parseAuthority(u.scheme, authority);
  } else if (u.scheme !== '' && rest.startsWith('/')) u.omitHost = true;
  u.path = urlUnescape(rest, 'path');
  u.rawPath = urlEscape(u.path, 'path') === rest ? '' : rest;
  return u;
}

/** url.Parse; the error is Go's *url.Error text: `parse "URL": reason`. */
export function parseURL(raw: string): GoURL {
  const h = raw.indexOf('#');
  const [u, frag] = h >= 0 ? [raw.slice(0, h), raw.slice(h + 1)] : [raw, ''];
  let url: GoURL;
  try {
    url = parseNoFragment(u);
  } catch (e) {
    throw new GoError(`parse ${goQuote(u)}: ${(e as Error).message}`);
  }
  if (frag === '') return url;
  try {
    url.fragment = urlUnescape(frag, 'fragment');
  } catch (e) {
    throw new GoError(`parse ${goQuote(raw)}: ${(e as Error).message}`);
  }
  url.rawFragment = urlEscape(url.fragment, 'fragment') === frag ? '' : frag;
  return url;
}

// validEncoded: RawPath/RawFragment are trusted only when they hold no byte needing escape.
function validEncoded(s: string, mode: Mode): boolean {
  for (const c of toBytes(s)) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(c))) continue;
    if (shouldEscape(c, mode)) return false;
  }
  return true;
}

function escapedPath(u: GoURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (urlUnescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch {
      /* fall through to escaping Path */
    }
  }
  if (u.path === '*') return '*';
  return urlEscape(u.path, 'path');
}

function escapedFragment(u: GoURL): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (urlUnescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment;
    } catch {
      /* fall through */
    }
  }
  return urlEscape(u.fragment, 'fragment');
}

/** URL.String */
export function urlString(u: GoURL): string {
  let out = '';
  if (u.scheme !== '') out += u.scheme + ':';
  if (u.opaque !== '') out += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user !== null) {
      if (!(u.omitHost && u.host === '' && u.user === null)) {
        if (u.host !== '' || u.path !== '' || u.user !== null) out += '//';
        if (u.user !== null) out += userinfoString(u.user) + '@';
        if (u.host !== '') out += urlEscape(u.host, 'host');
      }
    }
    const path = escapedPath(u);
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
    if (out === '' && path.split('/')[0]!.includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
  if (u.fragment !== '') out += '#' + escapedFragment(u);
  return out;
}

/** URL.Hostname: the host without a valid port, brackets removed. */
function hostname(hostPort: string): string {
  let host = hostPort;
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) host = host.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host;
}

function urlParse(v: string): GoMap {
  let u: GoURL;
  try {
    u = parseURL(v);
  } catch (e) {
    throw new GoError(`unable to parse url: ${(e as Error).message}`);
  }
  const entries = new Map<string, Value>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user ? userinfoString(u.user) : ''],
  ]);
  return new GoMap(entries);
}

function dictGetOrEmpty(d: GoMap, key: string): string {
  if (!d.entries.has(key)) return '';
  const v = d.entries.get(key)!;
  if (v === null) throw nilDeref();
  if (typeof v !== 'string') {
    throw new GoError(`unable to parse ${key} key, must be of type string, but ${kindOf(v)} found`);
  }
  return v;
}

function urlJoin(d: GoMap): string {
  const u = emptyURL();
  u.scheme = dictGetOrEmpty(d, 'scheme');
  u.host = dictGetOrEmpty(d, 'host');
  u.path = dictGetOrEmpty(d, 'path');
  u.rawQuery = dictGetOrEmpty(d, 'query');
  u.opaque = dictGetOrEmpty(d, 'opaque');
  u.fragment = dictGetOrEmpty(d, 'fragment');
  const userinfo = dictGetOrEmpty(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseURL(`proto://${userinfo}@host`).user;
    } catch (e) {
      throw new GoError(`unable to parse userinfo in dict: ${(e as Error).message}`);
    }
  }
  return urlString(u);
}

/** urlParse urlJoin */
export function urlsFuncs(): Map<string, GoFunc> {
  const fs = [
    goFunc('urlParse', 'func(string) map[string]interface {}', (v) => urlParse(v as string)),
    goFunc('urlJoin', 'func(map[string]interface {}) string', (d) => urlJoin(d as GoMap)),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
