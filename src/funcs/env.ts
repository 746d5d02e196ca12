// What template functions need from the outside world: a clock and a CSPRNG. Passed in,
// never global, so renders are reproducible in tests and isolated from each other.
import { randomBytes as nodeRandomBytes } from 'node:crypto';

export interface FuncEnv {
  now(): Date;
  /** CSPRNG bytes. */
  randomBytes(n: number): Uint8Array;
}

/** The real clock and node:crypto.randomBytes. */
export const defaultFuncEnv: FuncEnv = {
  now: () => new Date(),
  randomBytes: (n: number) => new Uint8Array(nodeRandomBytes(n)),
};
