// What template functions need from the outside world: a clock and a CSPRNG. Passed in,
// never global, so renders are reproducible in tests and isolated from each other.
import { randomBytes as nodeRandomBytes, randomFillSync } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

export interface FuncEnv {
  now(): Date;
  /** CSPRNG bytes. */
  randomBytes(n: number): Uint8Array;
  /** The next CSPRNG byte, as randomBytes(1)[0] would give it, without a new array per byte. */
  randomByte?(): number;
}

// randAlphaNum and friends ask for one or two bytes per character: a call into OpenSSL each
// (1.5% of a warm kube-prometheus-stack render). Small requests are served from a pool filled
// 4 KiB at a time; each byte is handed out once, and each caller gets its own copy.
const POOL_SIZE = 4096;
const SMALL = 256;
let pool: Uint8Array | undefined;
let used = POOL_SIZE;

// The pool is filled from the kernel's CSPRNG (/dev/urandom, what Go's crypto/rand reads through
// getrandom(2)) with node:fs, which every process has loaded: node:crypto is not in Node's
// startup snapshot, and loading it costs a cold `template` several ms (most bitnami charts draw
// a random password somewhere). Where the device cannot be read, node:crypto fills it.
let urandom = process.platform !== 'win32';

/** Fills `buf` from /dev/urandom; false (and never again tried) if that fails. */
export function fillFromUrandom(buf: Uint8Array): boolean {
  if (!urandom) return false;
  let fd = -1;
  try {
    fd = openSync('/dev/urandom', 'r');
    // A read of the device may return fewer bytes when a signal arrives: read on until full.
    for (let off = 0; off < buf.length;) {
      const got = readSync(fd, buf, off, buf.length - off, null);
      if (got <= 0) throw new Error('short read');
      off += got;
    }
    return true;
  } catch {
    urandom = false;
    return false;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

function refill(): Uint8Array {
  pool ??= new Uint8Array(POOL_SIZE);
  if (!fillFromUrandom(pool)) randomFillSync(pool);
  used = 0;
  return pool;
}

function poolBytes(n: number): Uint8Array {
  // Big, odd or invalid sizes go to node:crypto as before (its own errors included).
  if (!(n >= 0 && n <= SMALL && Number.isInteger(n))) return new Uint8Array(nodeRandomBytes(n));
  if (used + n > POOL_SIZE) refill();
  const out = pool!.slice(used, used + n);
  // Bytes handed out are not kept where a later reader could see them.
  pool!.fill(0, used, used + n);
  used += n;
  return out;
}

// randAlphaNum draws a byte per try (about two per character, thirteen per digit of randNumeric):
// a one-byte array each cost cold code ~2 µs (bitnami/jupyterhub: 398 calls, 13 ms).
function poolByte(): number {
  const p = used < POOL_SIZE ? pool! : refill();
  const b = p[used]!;
  p[used++] = 0;
  return b;
}

/** The real clock and the kernel's CSPRNG (node:crypto's where the kernel's cannot be read). */
export const defaultFuncEnv: FuncEnv = {
  now: () => new Date(),
  randomBytes: poolBytes,
  randomByte: poolByte,
};
