// helm's registry LoggingTransport (pkg/registry/transport.go) under --debug: a record per request
// (method, id, url, headers with Authorization scrubbed) and per response (status, headers, the
// body when it is printable JSON or text of at most 16 KiB and holds no token).
import type { IncomingMessage } from 'node:http';
import { quote as goQuote } from '../go/strconv/format.js';

// Process-wide, as helm's atomic counter: ids run on across clients.
let requestCount = 0;
export const nextRequestId = (): number => requestCount++;

const PAYLOAD_LIMIT = 16 * 1024;
const SCRUB = ['authorization', 'set-cookie'];

/** "Response" cut to the method's length: Res for GET and PUT, Resp for HEAD and POST. */
export const responseMsg = (method: string): string => 'Response'.slice(0, method.length);

/** textproto.CanonicalMIMEHeaderKey for the token characters headers use. */
function canonicalKey(k: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(k)) return k;
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}

/** logHeader: `   "Key": "v1, v2"` lines (Go's map order is random; ours is the wire order). */
export function logHeader(entries: [string, string | string[]][]): string {
  if (entries.length === 0) return '   Empty header';
  return entries
    .map(([k, v]) => {
      const value = SCRUB.includes(k.toLowerCase()) ? '*****' : Array.isArray(v) ? v.join(', ') : v;
      return `   ${goQuote(k)}: ${goQuote(value)}`;
    })
    .join('\n');
}

/** The response's header as net/http keeps it: canonical keys, repeated ones in one list. */
function responseHeader(res: IncomingMessage): [string, string[]][] {
  const m = new Map<string, string[]>();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = canonicalKey(raw[i]!);
    // net/http moves Transfer-Encoding out of the header map.
    if (k === 'Transfer-Encoding') continue;
    const list = m.get(k);
    if (list) list.push(raw[i + 1]!);
    else m.set(k, [raw[i + 1]!]);
  }
  return [...m];
}

/** mime.ParseMediaType's media type, or undefined when it does not parse. */
function mediaType(contentType: string): string | undefined {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(t) ? t : undefined;
}

function logBody(method: string, res: IncomingMessage, body: Buffer): string {
  const status = res.statusCode ?? 0;
  // net/http answers with NoBody for HEAD, 1xx/204/304 and a zero Content-Length.
  if (
    method === 'HEAD' ||
    status === 204 ||
    status === 304 ||
    (status >= 100 && status < 200) ||
    res.headers['content-length'] === '0'
  )
    return '   No response body to print';
  const ct = res.headers['content-type'] ?? '';
  if (ct === '') return '   Response body without a content type is not printed';
  const mt = mediaType(ct);
  const printable =
    mt !== undefined &&
    (mt === 'application/json' || mt === 'text/plain' || mt === 'text/html' || mt.endsWith('+json'));
  if (!printable) return `   Response body of content type ${goQuote(ct)} is not printed`;
  const text = body.subarray(0, PAYLOAD_LIMIT + 1).toString('latin1');
  if (text === '') return '   Response body is empty';
  if (text.includes('"token"') || text.includes('"access_token"'))
    return '   Response body redacted due to potential credentials';
  // Go slices bytes: the text is kept as bytes until printed.
  const bytes = body.subarray(0, Math.min(body.length, PAYLOAD_LIMIT + 1));
  if (bytes.length > PAYLOAD_LIMIT)
    return `${bytes.subarray(0, PAYLOAD_LIMIT).toString('utf8')}\n...(truncated)`;
  return bytes.toString('utf8');
}

/** The response record's attributes: status, header, body. */
export function logResponse(method: string, res: IncomingMessage, body: Buffer): Record<string, string> {
  return {
    status: `${res.statusCode ?? 0} ${res.statusMessage ?? ''}`,
    header: logHeader(responseHeader(res)),
    body: logBody(method, res, body),
  };
}
