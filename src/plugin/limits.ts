// Bounds for the subprocess plugins Rudder runs on its own behalf (post-renderers, getters).
// Helm runs them with context.Background() and an unbounded bytes.Buffer: one that never exits
// hangs helm, one that floods its standard output grows helm until the machine runs out of
// memory. Rudder stops such a plugin and names it. cli/v1 plugins and install/update/delete
// hooks are not bounded: they are the user's interactive command with the terminal's streams,
// as in helm, and Ctrl-C is the way to stop them.
import { spawnSync, type StdioOptions } from 'node:child_process';
import { quote as goQuote } from '../go/strconv/format.js';
import { durationString, parseDuration } from '../funcs/timefmt.js';
import { PluginError } from './loader.js';

/** Wall-clock limit of one run (a Go duration); "0" waits as long as helm does (for ever). */
export const TIMEOUT_ENV = 'RUDDER_PLUGIN_TIMEOUT';
/** Most bytes kept from a plugin's standard output; 0 = no limit but V8's own. */
export const MAX_OUTPUT_ENV = 'RUDDER_PLUGIN_MAX_OUTPUT';

/** Helm's own `--timeout` default: a plugin that runs longer is most likely stuck. */
export const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
/** Helm's largest accepted download (a repository index); a run holds about twice this at worst. */
export const DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024;
// A Node Buffer cannot grow past this; spawnSync fails on its own beyond it.
const HARD_MAX_OUTPUT = 2 ** 31 - 1;

export interface PluginLimits {
  /** Milliseconds; 0 = none. */
  timeoutMs: number;
  /** Bytes; never 0 (V8's buffer limit stands in for "none"). */
  maxOutput: number;
}

/** The limits from the environment, or Helm-like errors for values that cannot be read. */
export function pluginLimits(env: ReadonlyMap<string, string>): PluginLimits {
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const t = env.get(TIMEOUT_ENV);
  if (t !== undefined && t !== '') {
    let ns: bigint;
    try {
      ns = parseDuration(t);
    } catch (e) {
      throw new PluginError(`invalid ${TIMEOUT_ENV}: ${(e as Error).message}`);
    }
    if (ns < 0n) throw new PluginError(`invalid ${TIMEOUT_ENV}: ${goQuote(t)} is negative`);
    // Below a millisecond would mean "none" to spawnSync: round up.
    timeoutMs = ns === 0n ? 0 : Math.max(1, Number((ns + 999_999n) / 1_000_000n));
  }
  let maxOutput = DEFAULT_MAX_OUTPUT;
  const m = env.get(MAX_OUTPUT_ENV);
  if (m !== undefined && m !== '') {
    if (!/^[0-9]+$/.test(m))
      throw new PluginError(`invalid ${MAX_OUTPUT_ENV}: ${goQuote(m)} is not a byte count`);
    const n = Number(m);
    maxOutput = n === 0 || n > HARD_MAX_OUTPUT ? HARD_MAX_OUTPUT : n;
  }
  return { timeoutMs, maxOutput };
}

const timeoutText = (ms: number): string => durationString(BigInt(ms) * 1_000_000n);

export interface BoundedRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** Standard error, when it was piped (`stdio[2] === 'pipe'`). */
  stderr: Buffer;
  /** A start failure (ENOENT, EACCES…), never a limit: those throw. */
  error?: NodeJS.ErrnoException;
}

/**
 * Runs a plugin program to its end, its standard output collected up to the limit. A run past
 * the time limit or the output limit is killed (SIGKILL; pipes a grandchild still holds are
 * closed by Node, so Rudder does not wait for it) and reported with the plugin's name.
 */
export function runBounded(
  pluginName: string,
  main: string,
  args: string[],
  opts: { env: Record<string, string>; stdio: StdioOptions; input?: string; limits: PluginLimits },
): BoundedRun {
  const r = spawnSync(main, args, {
    env: opts.env,
    input: opts.input,
    stdio: opts.stdio,
    maxBuffer: opts.limits.maxOutput,
    timeout: opts.limits.timeoutMs > 0 ? opts.limits.timeoutMs : undefined,
    killSignal: 'SIGKILL',
  });
  const e = r.error as NodeJS.ErrnoException | undefined;
  if (e?.code === 'ETIMEDOUT')
    throw new PluginError(
      `plugin ${goQuote(pluginName)} did not finish within ${timeoutText(opts.limits.timeoutMs)} and was stopped (${TIMEOUT_ENV})`,
    );
  if (e?.code === 'ENOBUFS')
    throw new PluginError(
      `plugin ${goQuote(pluginName)} wrote more than ${opts.limits.maxOutput} bytes to its standard output and was stopped (${MAX_OUTPUT_ENV})`,
    );
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? Buffer.alloc(0),
    stderr: r.stderr ?? Buffer.alloc(0),
    ...(e && e.code !== 'EPIPE' ? { error: e } : {}),
  };
}
