// What template functions need from the outside world: a clock and a CSPRNG. Passed in,
// never global, so renders are reproducible in tests and isolated from each other.
import { randomBytes as nodeRandomBytes, randomFillSync } from 'node:crypto';

export interface FuncEnv {
  now(): Date;
  /** CSPRNG bytes. */
  randomBytes(n: number): Uint8Array;
}

// randAlphaNum and friends ask for one or two bytes per character: a call into OpenSSL each
// (1.5% of a warm kube-prometheus-stack render). Small requests are served from a pool filled
// 4 KiB at a time; each byte is handed out once, and each caller gets its own copy.
const POOL_SIZE = 4096;
const SMALL = 256;
let pool: Uint8Array | undefined;
let used = POOL_SIZE;

function poolBytes(n: number): Uint8Array {
  // Big, odd or invalid sizes go to node:crypto as before (its own errors included).
  if (!(n >= 0 && n <= SMALL && Number.isInteger(n))) return new Uint8Array(nodeRandomBytes(n));
  if (used + n > POOL_SIZE) {
    pool ??= new Uint8Array(POOL_SIZE);
    randomFillSync(pool);
    used = 0;
  }
  const out = pool!.slice(used, used + n);
  // Bytes handed out are not kept where a later reader could see them.
  pool!.fill(0, used, used + n);
  used += n;
  return out;
}

/** The real clock and node:crypto's CSPRNG. */
export const defaultFuncEnv: FuncEnv = {
  now: () => new Date(),
  randomBytes: poolBytes,
};
