// The record codec (pkg/storage/driver/util.go): JSON → gzip (BestCompression, Go's exact stream)
// → standard base64; decoding also takes records that are not gzipped, as Helm's does. Decompression
// is bounded so a hostile record cannot exhaust memory.
import { gunzipSync } from 'node:zlib';
import { GzipWriter } from '../../compress/gzip.js';
import { RecordDecodeError } from '../errors.js';
import type { Release } from '../release.js';
import { decodeBase64Std, encodeBase64Std } from './base64.js';
import { releaseFromJson } from './decode-json.js';
import { releaseToJson } from './encode-json.js';

const BEST_COMPRESSION = 9;
const MAGIC_GZIP = [0x1f, 0x8b, 0x08];

/** Default bound on a record's decompressed JSON (Helm has none; a Secret holds at most 1 MiB). */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface DecodeOptions {
  /** Largest decompressed record accepted, in bytes. */
  maxBytes?: number;
}

/** gzip of the JSON as Go's gzip.NewWriterLevel(BestCompression) writes it, in one Write. */
export function gzipRecord(json: Uint8Array): Uint8Array {
  const w = new GzipWriter({}, BEST_COMPRESSION);
  w.write(json);
  return w.close();
}

/** encodeRelease: the `release` value Helm stores (before Kubernetes' own base64 for Secrets). */
export function encodeRelease(rls: Release): string {
  return encodeBase64Std(gzipRecord(Buffer.from(releaseToJson(rls), 'utf8')));
}

/** The JSON bytes of a stored record (base64 decoded, gunzipped when gzip). */
export function recordJson(data: string | Uint8Array, opts: DecodeOptions = {}): Uint8Array {
  const max = opts.maxBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const text = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let b: Uint8Array;
  try {
    b = decodeBase64Std(text);
  } catch (e) {
    throw new RecordDecodeError((e as Error).message, { cause: e });
  }
  if (b.length > 3 && MAGIC_GZIP.every((m, i) => b[i] === m)) return gunzipBounded(b, max);
  if (b.length > max) throw new RecordDecodeError(`release record is larger than ${max} bytes`);
  return b;
}

function gunzipBounded(b: Uint8Array, max: number): Uint8Array {
  try {
    return gunzipSync(b, { maxOutputLength: max });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new RecordDecodeError(`release record decompresses to more than ${max} bytes`, { cause: e });
    }
    throw new RecordDecodeError(gzipMessage(err), { cause: e });
  }
}

/** Go's compress/gzip and flate texts for what zlib reports. */
function gzipMessage(e: NodeJS.ErrnoException): string {
  if (e.code === 'Z_BUF_ERROR') return 'unexpected EOF';
  if (/incorrect data check|incorrect length check/.test(e.message)) return 'gzip: invalid checksum';
  if (/incorrect header check|unknown compression method/.test(e.message)) return 'gzip: invalid header';
  return `flate: corrupt input (${e.message})`;
}

/** decodeRelease: base64 → (gunzip) → JSON → Release. Errors are RecordDecodeError with Go's text. */
export function decodeRelease(data: string | Uint8Array, opts: DecodeOptions = {}): Release {
  const json = recordJson(data, opts);
  try {
    // Go reads invalid UTF-8 in strings as U+FFFD, which TextDecoder does too.
    return releaseFromJson(new TextDecoder('utf-8', { ignoreBOM: true }).decode(json));
  } catch (e) {
    throw new RecordDecodeError((e as Error).message, { cause: e });
  }
}
