// What a command needs from the outside world; passed in, never taken from globals.
import { basename } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Env;
  /**
   * How the program was invoked (os.Args[0] for Helm; the script path for Rudder). Its base
   * name is the root command's name in help, errors and completion scripts; the whole text is
   * HELM_BIN.
   */
  argv0?: string;
}

/** An error that ends the program with a specific exit code (Helm's CommandError). */
export class ExitCodeError extends Error {
  override name = 'ExitCodeError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The root command's name: the invoked file's base name without a .js/.mjs/.cjs/.ts suffix. */
export function programName(argv0: string | undefined): string {
  if (!argv0) return 'rudder';
  const b = basename(argv0).replace(/\.(m|c)?(js|ts)$/, '');
  return b === '' ? 'rudder' : b;
}
