// API errors: the server's Status object made into a readable Error, plus helpers to classify them.

export interface StatusCause {
  /** The cause's reason (JSON field "reason"), e.g. FieldManagerConflict, FieldValueInvalid. */
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status as sent by the API server on failures. */
export interface Status {
  kind?: string;
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

// client-go's texts for responses without a Status body (apimachinery errors.NewGenericServerResponse).
function genericMessage(code: number, method: string): { reason: string; message: string } {
  switch (code) {
    case 409:
      return { reason: 'Conflict', message: 'the server reported a conflict' };
    case 404:
      return { reason: 'NotFound', message: 'the server could not find the requested resource' };
    case 400:
      return { reason: 'BadRequest', message: 'the server rejected our request for an unknown reason' };
    case 401:
      return {
        reason: 'Unauthorized',
        message: 'the server has asked for the client to provide credentials',
      };
    case 403:
      return { reason: 'Forbidden', message: 'the server does not allow access to the requested resource' };
    case 405:
      return {
        reason: 'MethodNotAllowed',
        message: 'the server does not allow this method on the requested resource',
      };
    case 406:
      return {
        reason: 'NotAcceptable',
        message: 'the server was unable to respond with a content type that the client supports',
      };
    case 415:
      return {
        reason: 'UnsupportedMediaType',
        message: 'the server was unable to handle the media type requested',
      };
    case 422:
      return { reason: 'Invalid', message: 'the server rejected our request due to an error in our request' };
    case 429:
      return {
        reason: 'TooManyRequests',
        message: 'the server has received too many requests and has asked us to try again later',
      };
    case 504:
      return {
        reason: 'Timeout',
        message: `the server was unable to return a response in the time allotted, but may still be processing the request`,
      };
    case 503:
      return {
        reason: 'ServiceUnavailable',
        message: 'the server is currently unable to handle the request',
      };
    default:
      if (code >= 500)
        return {
          reason: 'InternalError',
          message: `an error on the server ("unknown") has prevented the request from succeeding`,
        };
      return {
        reason: 'Unknown',
        message:
          `the server responded with the status code ${code} but did not return more information` +
          (method ? ` (${method})` : ''),
      };
  }
}

/** An HTTP error answer from the API server. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  readonly code: number;
  readonly reason: string;
  readonly status: Status;
  readonly method: string;
  readonly url: string;

  constructor(code: number, status: Status | undefined, method: string, url: string) {
    const generic = genericMessage(code, '');
    const reason = status?.reason || generic.reason;
    const message = status?.message || generic.message;
    super(message);
    this.code = status?.code ?? code;
    this.reason = reason;
    this.status = status ?? { kind: 'Status', status: 'Failure', reason, message, code };
    this.method = method;
    this.url = url;
  }

  /** For a server-side apply conflict: the managers and fields in the way. */
  get conflicts(): { manager: string; field: string; message: string }[] {
    const out: { manager: string; field: string; message: string }[] = [];
    for (const c of this.status.details?.causes ?? []) {
      if (c.reason !== 'FieldManagerConflict') continue;
      const m = /conflict with "([^"]*)"/.exec(c.message ?? '');
      out.push({ manager: m?.[1] ?? '', field: c.field ?? '', message: c.message ?? '' });
    }
    return out;
  }
}

/** A failure to reach the server at all (DNS, refused connection, TLS, timeout). */
export class KubeConnectionError extends Error {
  override name = 'KubeConnectionError';
  readonly url: string;
  readonly method: string;
  constructor(method: string, url: string, cause: Error) {
    // The shape Go's net/http uses: Get "https://host/path": dial tcp …: connect: connection refused
    const m = method.charAt(0) + method.slice(1).toLowerCase();
    super(`${m} "${url}": ${describeNetError(cause)}`, { cause });
    this.url = url;
    this.method = method;
  }
}

function describeNetError(e: Error): string {
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${err.address ?? ''}${err.port !== undefined ? ':' + err.port : ''}: connect: connection refused`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${(err as { hostname?: string }).hostname ?? ''}: no such host`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'ETIMEDOUT':
      return 'dial tcp: i/o timeout';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `tls: failed to verify certificate: x509: certificate signed by unknown authority (${err.message})`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: ${err.message}`;
    default:
      return err.message;
  }
}

export const isNotFound = (e: unknown): boolean =>
  e instanceof KubeApiError && e.code === 404 && e.reason === 'NotFound';
export const isAlreadyExists = (e: unknown): boolean =>
  e instanceof KubeApiError && e.reason === 'AlreadyExists';
export const isConflict = (e: unknown): boolean => e instanceof KubeApiError && e.code === 409;
export const isForbidden = (e: unknown): boolean => e instanceof KubeApiError && e.code === 403;
export const isUnauthorized = (e: unknown): boolean => e instanceof KubeApiError && e.code === 401;
export const isInvalid = (e: unknown): boolean => e instanceof KubeApiError && e.code === 422;
export const isApplyConflict = (e: unknown): boolean =>
  e instanceof KubeApiError &&
  e.code === 409 &&
  (e.status.details?.causes ?? []).some((c) => c.reason === 'FieldManagerConflict');
