// The URL and e-mail checks of github.com/asaskevich/govalidator that Chart.yaml linting uses
// (IsRequestURL, IsURL, IsEmail), reproduced with the same RE2 patterns.
import { RE2JS } from 're2js';

const UCS = '\\x{00A0}-\\x{D7FF}\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFEF}';
const LOCAL_CHAR = `[a-zA-Z]|\\d|[!#\\$%&'\\*\\+\\-\\/=\\?\\^_\`{\\|}~]|[${UCS}]`;
const QUOTED = `(\\x22)((((\\x20|\\x09)*(\\x0d\\x0a))?(\\x20|\\x09)+)?(([\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]|\\x21|[\\x23-\\x5b]|[\\x5d-\\x7e]|[${UCS}])|(\\([\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f]|[${UCS}]))))*(((\\x20|\\x09)*(\\x0d\\x0a))?(\\x20|\\x09)+)?(\\x22)`;
const DOMAIN_LABEL = `(([a-zA-Z]|\\d|[${UCS}])|(([a-zA-Z]|\\d|[${UCS}])([a-zA-Z]|\\d|-|\\.|_|~|[${UCS}])*([a-zA-Z]|\\d|[${UCS}])))\\.`;
const TLD = `(([a-zA-Z]|[${UCS}])|(([a-zA-Z]|[${UCS}])([a-zA-Z]|\\d|-|_|~|[${UCS}])*([a-zA-Z]|[${UCS}])))`;
const EMAIL = `^((((${LOCAL_CHAR})+(\\.(${LOCAL_CHAR})+)*)|(${QUOTED}))@(${DOMAIN_LABEL})+${TLD}\\.?$`;

const IP =
  '(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))';
const URL_SCHEMA = '((ftp|tcp|udp|wss?|https?):\\/\\/)';
const URL_USERNAME = '(\\S+(:\\S*)?@)';
const URL_PATH = '((\\/|\\?|#)[^\\s]*)';
const URL_PORT = '(:(\\d{1,5}))';
const URL_IP =
  '([1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3]|24\\d|25[0-5])(\\.(\\d{1,2}|1\\d\\d|2[0-4]\\d|25[0-5])){2}(?:\\.([0-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-5]))';
const URL_SUBDOMAIN = '((www\\.)|([a-zA-Z0-9]+([-_\\.]?[a-zA-Z0-9])*[a-zA-Z0-9]\\.[a-zA-Z0-9]+))';
const URL = `^${URL_SCHEMA}?${URL_USERNAME}?((${URL_IP}|(\\[${IP}\\])|(([a-zA-Z0-9]([a-zA-Z0-9-_]+)?[a-zA-Z0-9]([-\\.][a-zA-Z0-9]+)*)|(${URL_SUBDOMAIN}?))?(([a-zA-Z\\x{00a1}-\\x{ffff}0-9]+-?-?)*[a-zA-Z\\x{00a1}-\\x{ffff}0-9]+)(?:\\.([a-zA-Z\\x{00a1}-\\x{ffff}]{1,}))?))\\.?${URL_PORT}?${URL_PATH}?$`;

// Compiled on first use: compiling them takes tens of milliseconds, which every command would
// pay at start-up otherwise.
let rxEmail: RE2JS | undefined;
let rxURL: RE2JS | undefined;

export const isEmail = (s: string): boolean => (rxEmail ??= RE2JS.compile(EMAIL)).matcher(s).find();

interface ParsedURL {
  scheme: string;
  host: string;
  path: string;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** A small net/url.Parse: enough to tell what govalidator looks at. undefined = parse error. */
function parseURL(raw: string, requestURI: boolean): ParsedURL | undefined {
  // net/url refuses ASCII control characters anywhere.
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return undefined;
  }
  let rest = raw;
  let scheme = '';
  if (requestURI) {
    // ParseRequestURI: no fragment handling; must be absolute URI or absolute path.
  } else {
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
  }
  const m = SCHEME.exec(rest);
  if (m) {
    scheme = m[1]!;
    rest = rest.slice(m[0].length);
  } else if (rest.startsWith(':')) return undefined;
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  let host = '';
  if (scheme !== '' || !requestURI) {
    if (rest.startsWith('//') && (scheme !== '' || !rest.startsWith('///'))) {
      const authEnd = rest.slice(2).search(/\//);
      const auth = authEnd < 0 ? rest.slice(2) : rest.slice(2, 2 + authEnd);
      rest = authEnd < 0 ? '' : rest.slice(2 + authEnd);
      host = auth.slice(auth.lastIndexOf('@') + 1);
      if (/[ <>"{}|\\^`]/.test(host)) return undefined;
      const colon = host.lastIndexOf(':');
      if (colon >= 0 && !host.endsWith(']') && !/^[0-9]*$/.test(host.slice(colon + 1))) return undefined;
    } else if (scheme === '') {
      // a relative path whose first segment has a colon is an error
      const seg = rest.split('/', 1)[0]!;
      if (seg.includes(':')) return undefined;
    }
  }
  if (requestURI && scheme === '' && !rest.startsWith('/')) return undefined;
  return { scheme, host, path: rest };
}

/** govalidator.IsRequestURL. */
export function isRequestURL(s: string): boolean {
  const u = parseURL(s, true);
  return u !== undefined && u.scheme !== '';
}

/** govalidator.IsURL. */
export function isURL(s: string): boolean {
  const runes = [...s].length;
  if (s === '' || runes >= 2083 || s.length <= 3 || s.startsWith('.')) return false;
  let tmp = s;
  if (s.includes(':') && !s.includes('://')) tmp = `http://${s}`;
  const u = parseURL(tmp, false);
  if (!u) return false;
  if (u.host.startsWith('.')) return false;
  if (u.host === '' && u.path !== '' && !u.path.includes('.')) return false;
  return (rxURL ??= RE2JS.compile(URL)).matcher(s).find();
}
