// Helm's colours (internal/cli/output/color.go over fatih/color): statuses, headers, namespaces.
// Helm passes noColor = (mode == never); fatih/color itself stays silent unless the mode is
// `always` or (in `auto`) stdout is a terminal and TERM is not dumb.
import type { Env } from '../io.js';

const sgr = (code: number, s: string): string => `\x1b[${code}m${s}\x1b[0m`;

export interface Colorizer {
  status(s: string): string;
  header(s: string): string;
  namespace(s: string): string;
}

/** Whether anything is coloured for a colour mode (never, auto, always). */
export function colorEnabled(mode: string, env: Env, stdoutIsTTY: boolean): boolean {
  // fatih/color checks NO_COLOR on every colour it makes, so it wins even over --color always.
  if (mode === 'never' || (env.NO_COLOR ?? '') !== '') return false;
  if (mode === 'always') return true;
  return stdoutIsTTY && env.TERM !== 'dumb';
}

export function colorizer(enabled: boolean): Colorizer {
  if (!enabled) return { status: (s) => s, header: (s) => s, namespace: (s) => s };
  return {
    status: (s) => {
      switch (s) {
        case 'deployed':
          return sgr(32, s);
        case 'failed':
        case 'unknown':
          return sgr(31, s);
        case 'pending-install':
        case 'pending-upgrade':
        case 'pending-rollback':
        case 'uninstalling':
          return sgr(33, s);
        default:
          return s;
      }
    },
    // fatih/color ends bold with its own reset (22), colours with the full reset.
    header: (s) => `\x1b[1m${s}\x1b[22m`,
    namespace: (s) => sgr(36, s),
  };
}
