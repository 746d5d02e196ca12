// The lint result model (Helm's pkg/chart/v2/lint/support): messages with a severity and the
// path they are about, printed as `[SEVERITY] path: message`.

export const Severity = { Unknown: 0, Info: 1, Warning: 2, Error: 3 } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

const NAMES = ['UNKNOWN', 'INFO', 'WARNING', 'ERROR'] as const;

export interface LintMessage {
  severity: Severity;
  path: string;
  message: string;
}

/** `[ERROR] templates/: message`. */
export const formatMessage = (m: LintMessage): string => `[${NAMES[m.severity]}] ${m.path}: ${m.message}`;

/** The messages of one chart's lint run. */
export class Linter {
  readonly messages: LintMessage[] = [];
  highestSeverity: Severity = Severity.Unknown;

  constructor(
    /** Absolute chart directory. */
    readonly chartDir: string,
  ) {}

  /** Records `problem` (if any) and reports whether the rule passed. */
  rule(severity: Severity, path: string, problem: string | undefined): boolean {
    if (problem === undefined) return true;
    this.messages.push({ severity, path, message: problem });
    if (severity > this.highestSeverity) this.highestSeverity = severity;
    return false;
  }
}

/** Runs `fn`, turning a thrown error into its message (Go's `err` result). */
export function errorOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
