// Runs printer cases through the Go packages Helm v4.3.2 links (tools/printoracle): gosuri/uitable,
// apimachinery's label selectors and kubectl's table printer, in one Go process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type PrintCase =
  | { kind: 'uitable'; rows: string[][]; maxColWidth?: number; wrap?: boolean; rightAlign?: number[] }
  | { kind: 'selector'; selector: string; labels?: Record<string, string> }
  | { kind: 'kubetable'; objects: unknown[] };

export interface PrintResult {
  out: string;
  err?: string;
}

const buildScript = fileURLToPath(new URL('../../../tools/printoracle/build.sh', import.meta.url));
let binary: string | undefined;

/** The oracle binary (built on first use and cached by build.sh; needs Go). */
function oraclePath(): string {
  binary ??= execFileSync('bash', [buildScript], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return binary;
}

export function runPrintOracle(cases: readonly PrintCase[]): PrintResult[] {
  const out = execFileSync(oraclePath(), {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out) as PrintResult[];
}
