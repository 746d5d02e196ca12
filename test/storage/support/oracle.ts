// Runs record inputs through Helm v4.3.2's own codec (tools/storageoracle) in one Go process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface StorageOracleCase {
  name: string;
  /** The stored `release` string. */
  input?: string;
  /** A HELM_MEMORY_DRIVER_DATA file. */
  yaml?: string;
}

export interface StorageOracleResult {
  name: string;
  err?: string;
  json?: string;
  encoded?: string;
  records?: string[];
}

const buildScript = fileURLToPath(new URL('../../../tools/storageoracle/build.sh', import.meta.url));
let binary: string | undefined;

/** Path of the built oracle (built on first use, cached by build.sh). Needs Go (bash .ci/run installs it). */
export function storageOraclePath(): string {
  binary ??= execFileSync('bash', [buildScript], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return binary;
}

export function runStorageOracle(cases: readonly StorageOracleCase[]): StorageOracleResult[] {
  const out = execFileSync(storageOraclePath(), {
    input: JSON.stringify(cases.map((c) => ({ name: c.name, input: c.input ?? '', yaml: c.yaml ?? '' }))),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  return JSON.parse(out) as StorageOracleResult[];
}
