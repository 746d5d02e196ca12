// OpenPGP errors worded as ProtonMail/go-crypto (the library helm v4.3.2 links) words them, so
// `verify` and `package --sign` fail with helm's exact texts.

export type OpenPGPErrorKind =
  | 'structural'
  | 'unsupported'
  | 'invalid-argument'
  | 'signature'
  | 'unknown-issuer'
  | 'key-expired'
  | 'signature-expired'
  | 'key-revoked'
  | 'critical-unknown-packet'
  | 'io';

export class OpenPGPError extends Error {
  constructor(
    readonly kind: OpenPGPErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'OpenPGPError';
  }
}

export const structural = (s: string): OpenPGPError =>
  new OpenPGPError('structural', `openpgp: invalid data: ${s}`);
export const unsupported = (s: string): OpenPGPError =>
  new OpenPGPError('unsupported', `openpgp: unsupported feature: ${s}`);
export const invalidArgument = (s: string): OpenPGPError =>
  new OpenPGPError('invalid-argument', `openpgp: invalid argument: ${s}`);
export const signatureError = (s: string): OpenPGPError =>
  new OpenPGPError('signature', `openpgp: invalid signature: ${s}`);
export const unknownIssuer = (): OpenPGPError =>
  new OpenPGPError('unknown-issuer', 'openpgp: signature made by unknown entity');
export const keyExpired = (): OpenPGPError => new OpenPGPError('key-expired', 'openpgp: key expired');
export const signatureExpired = (): OpenPGPError =>
  new OpenPGPError('signature-expired', 'openpgp: signature expired');
export const keyRevoked = (): OpenPGPError =>
  new OpenPGPError('key-revoked', 'openpgp: signature made by revoked key');
/** io.ErrUnexpectedEOF: a packet or field ends before its declared length. */
export const unexpectedEOF = (): OpenPGPError => new OpenPGPError('io', 'unexpected EOF');

export const isKind = (e: unknown, kind: OpenPGPErrorKind): boolean =>
  e instanceof OpenPGPError && e.kind === kind;
