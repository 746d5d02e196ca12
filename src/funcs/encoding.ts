// Sprig's hash and base64/base32 functions. Inputs are the UTF-8 bytes of the Go string. The
// decoders follow Go's encoding/base64 and encoding/base32 exactly, because Sprig returns the
// decoder's error text ("illegal base64 data at input byte 4") as the function's output.
import { createHash } from 'node:crypto';
import { sha1Hex, sha256Hex } from '../go/sha.js';
import { GoFunc, utf8Encode, type Value } from '../go/value.js';
import { bytesToString } from './conversion.js';
import { goFunc } from './reflect.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const decodeMap = (alphabet: string): Int16Array => {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
};
const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);
const PAD = 0x3d; // '='
const isNL = (b: number | undefined): boolean => b === 0x0a || b === 0x0d;

class CorruptInput {
  constructor(
    readonly offset: number,
    readonly kind: 'base64' | 'base32',
  ) {}
  get message(): string {
    return `illegal ${this.kind} data at input byte ${this.offset}`;
  }
}

/** base64.StdEncoding.DecodeString: decoded bytes, or Go's CorruptInputError. */
export function base64Decode(src: Uint8Array): Uint8Array | CorruptInput {
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    // One quantum, as Go's decodeQuantum.
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let err: CorruptInput | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        return new CorruptInput(si - j, 'base64');
      }
      const ch = src[si++]!;
      const v = B64_MAP[ch]!;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (isNL(ch)) {
        j--;
        continue;
      }
      if (ch !== PAD) return new CorruptInput(si - 1, 'base64');
      if (j === 0 || j === 1) return new CorruptInput(si - 1, 'base64');
      if (j === 2) {
        while (si < src.length && isNL(src[si])) si++;
        if (si === src.length) return new CorruptInput(src.length, 'base64');
        if (src[si] !== PAD) return new CorruptInput(si - 1, 'base64');
        si++;
      }
      while (si < src.length && isNL(src[si])) si++;
      if (si < src.length) err = new CorruptInput(si, 'base64');
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (err) return err;
  }
  return Uint8Array.from(out);
}

/** base32.StdEncoding.DecodeString (newlines are stripped before decoding, as Go does). */
export function base32Decode(input: Uint8Array): Uint8Array | CorruptInput {
  const src = input.filter((b) => !isNL(b));
  const olen = src.length;
  const out: number[] = [];
  let p = 0;
  let end = false;
  while (p < olen && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8;) {
      const left = olen - p;
      if (left === 0) return new CorruptInput(olen - left - j, 'base32');
      const ch = src[p++]!;
      const rest = olen - p;
      if (ch === PAD && j >= 2 && rest < 8) {
        if (rest + j < 7) return new CorruptInput(olen, 'base32');
        for (let k = 0; k < 7 - j; k++) {
          if (rest > k && src[p + k] !== PAD) return new CorruptInput(olen - rest + k - 1, 'base32');
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) return new CorruptInput(olen - rest - 1, 'base32');
        break;
      }
      const v = B32_MAP[ch]!;
      if (v < 0) return new CorruptInput(olen - rest - 1, 'base32');
      dbuf[j++] = v;
    }
    const d = dbuf as [number, number, number, number, number, number, number, number];
    const bytes = [
      ((d[0] << 3) | (d[1] >> 2)) & 0xff,
      ((d[1] << 6) | (d[2] << 1) | (d[3] >> 4)) & 0xff,
      ((d[3] << 4) | (d[4] >> 1)) & 0xff,
      ((d[4] << 7) | (d[5] << 2) | (d[6] >> 3)) & 0xff,
      ((d[6] << 5) | d[7]) & 0xff,
    ];
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    out.push(...bytes.slice(0, n));
  }
  return Uint8Array.from(out);
}

function base32Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) {
      out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
    }
  }
  return out;
}

/** hash/adler32 */
export function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

const bytes = (v: Value): Uint8Array => utf8Encode(v as string);
const hex = (alg: string) => (v: Value) => createHash(alg).update(bytes(v)).digest('hex');

// sha256sum and sha1sum hash in TypeScript (src/go/sha.ts) until this process has hashed
// JS_BUDGET bytes that way, then through node:crypto. Loading node:crypto costs a fresh process
// about 9 ms CPU; the TypeScript code about as much by 256 KiB, most of it compiling the block
// function once hot (cold process, bin/rudder's flags: 4 KiB 1.8 ms, 64 KiB 7.0, 256 KiB 9.0,
// 1 MiB 14; node:crypto 8.5-10 for all of these). So no run spends much more than the load would
// have cost, and the corpus's largest (bitnami/redis-cluster: 117 KB in 3 calls) never loads it.
// Once something else has loaded node:crypto (genCA, htpasswd), it is the cheaper hash: the
// TypeScript one cost bitnami/harbor's 23 checksums (38 KB) ~6 ms cold, OpenSSL ~0.25 ms.
const JS_BUDGET = 256 * 1024;
let jsBudget = JS_BUDGET;
let nodeCrypto = false;
const nodeCryptoLoaded = (): boolean =>
  (nodeCrypto ||=
    (process as { moduleLoadList?: readonly string[] }).moduleLoadList?.includes('NativeModule crypto') ===
    true);
const ownHex = (alg: string, own: (b: Uint8Array) => string) => (v: Value) => {
  const b = bytes(v);
  if (b.length > jsBudget || nodeCryptoLoaded()) return createHash(alg).update(b).digest('hex');
  jsBudget -= b.length;
  return own(b);
};
const decoded = (r: Uint8Array | CorruptInput): string =>
  r instanceof CorruptInput ? r.message : bytesToString(r);

/** sha1sum sha256sum sha512sum adler32sum b64enc b64dec b32enc b32dec */
export function encodingFuncs(): Map<string, GoFunc> {
  const fs = [
    goFunc('sha1sum', 'func(string) string', ownHex('sha1', sha1Hex)),
    goFunc('sha256sum', 'func(string) string', ownHex('sha256', sha256Hex)),
    goFunc('sha512sum', 'func(string) string', hex('sha512')),
    goFunc('adler32sum', 'func(string) string', (v) => String(adler32(bytes(v)))),
    goFunc('b64enc', 'func(string) string', (v) => Buffer.from(bytes(v)).toString('base64')),
    goFunc('b64dec', 'func(string) string', (v) => decoded(base64Decode(bytes(v)))),
    goFunc('b32enc', 'func(string) string', (v) => base32Encode(bytes(v))),
    goFunc('b32dec', 'func(string) string', (v) => decoded(base32Decode(bytes(v)))),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
