// The subprocess runtime (internal/plugin/runtime_subprocess*.go, subprocess_commands.go): the
// command for this platform, `$VAR` expansion as Go's os.Expand, Helm's environment, and the
// three ways a plugin runs: a CLI command with the terminal's streams, a post-renderer fed on
// stdin, an install/update/delete hook.
import { spawn, type StdioOptions } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformCommand } from './metadata.js';
import type { Plugin } from './loader.js';
import { PluginError } from './loader.js';
import { pluginLimits, runBounded } from './limits.js';
import { quote as goQuote } from '../go/strconv/format.js';

export type EnvMap = Map<string, string>;

/** A plugin that ran and exited non-zero: Helm's InvokeExecError. */
export class InvokeExecError extends Error {
  override name = 'InvokeExecError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const GOOS: Record<string, string> = { win32: 'windows', sunos: 'solaris' };
const GOARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
};
export const goos = (): string => GOOS[process.platform] ?? process.platform;
export const goarch = (): string => GOARCH[process.arch] ?? process.arch;

const isSpecial = (c: string): boolean => /^[*#$@!?\-0-9]$/.test(c);
const isAlnum = (c: string): boolean => /^[_0-9A-Za-z]$/.test(c);

function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isSpecial(s[1]!) && s[2] === '}') return [s.slice(1, 2), 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    }
    return ['', 1];
  }
  if (isSpecial(s[0]!)) return [s.slice(0, 1), 1];
  let i = 0;
  while (i < s.length && isAlnum(s[i]!)) i++;
  return [s.slice(0, i), i];
}

/** Go's os.Expand. */
export function expand(s: string, mapping: (k: string) => string): string {
  let buf: string | undefined;
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      buf = (buf ?? '') + s.slice(i, j);
      const [name, w] = shellName(s.slice(j + 1));
      if (name === '' && w > 0) {
        /* bad syntax: eaten */
      } else if (name === '') buf += '$';
      else buf += mapping(name);
      j += w;
      i = j + 1;
    }
  }
  return buf === undefined ? s : buf + s.slice(i);
}

/** getPlatformCommand: exact os+arch, else os only, else the first without os/arch. */
export function platformCommand(cmds: PlatformCommand[]): { command: string[]; args: string[] } {
  const os = goos();
  const arch = goarch();
  const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  let command: string[] = [];
  let args: string[] = [];
  let found = false;
  let foundOs = false;
  for (const c of cmds) {
    if (eq(c.os, os) && eq(c.arch, arch)) return { command: c.command.split(' '), args: c.args };
    if ((c.os !== '' && !eq(c.os, os)) || c.arch !== '') continue;
    if (!foundOs && c.os !== '' && eq(c.os, os)) {
      command = c.command.split(' ');
      args = c.args;
      found = true;
      foundOs = true;
    } else if (!found) {
      command = c.command.split(' ');
      args = c.args;
      found = true;
    }
  }
  return { command, args };
}

/** PrepareCommands: the program and its arguments, expanded from `env`. */
export function prepareCommands(
  cmds: PlatformCommand[],
  expandArgs: boolean,
  extraArgs: string[],
  env: EnvMap,
): { main: string; args: string[] } {
  const { command, args } = platformCommand(cmds);
  if (command.length === 0 || command[0] === '') throw new PluginError('no plugin command is applicable');
  const map = (k: string): string => env.get(k) ?? '';
  const main = expand(command[0]!, map);
  const base: string[] = [];
  for (const part of [...command.slice(1), ...args]) base.push(expandArgs ? expand(part, map) : part);
  return { main, args: [...base, ...extraArgs] };
}

/** ParseEnv of os.Environ() plus later layers; the last setting of a key wins. */
export function envMap(
  ...layers: (Iterable<[string, string]> | Record<string, string | undefined>)[]
): EnvMap {
  const m: EnvMap = new Map();
  for (const layer of layers) {
    const it =
      Symbol.iterator in layer
        ? (layer as Iterable<[string, string]>)
        : Object.entries(layer as Record<string, string | undefined>);
    for (const [k, v] of it) if (k !== '' && v !== undefined) m.set(k, v);
  }
  return m;
}

/** A debug log sink: Helm's `executing plugin command` lines (shown with --debug). */
export type DebugLog = (msg: string, attrs: Record<string, string>) => void;

/** exec.LookPath's answer for a bare name, as exec.Cmd.String() shows the program. */
function lookPath(main: string, env: EnvMap): string {
  if (main.includes('/')) return main;
  for (const dir of (env.get('PATH') ?? '').split(':')) {
    const f = join(dir === '' ? '.' : dir, main);
    try {
      accessSync(f, constants.X_OK);
      if (statSync(f).isFile()) return f;
    } catch {
      /* next */
    }
  }
  return main;
}

export function logCommand(
  debug: DebugLog | undefined,
  msg: string,
  p: Plugin,
  main: string,
  args: string[],
  env: EnvMap,
): void {
  if (debug) debug(msg, { pluginName: p.metadata.name, command: [lookPath(main, env), ...args].join(' ') });
}

const pluginEnv = (p: Plugin): [string, string][] => [
  ['HELM_PLUGIN_NAME', p.metadata.name],
  ['HELM_PLUGIN_DIR', p.dir],
];

/** Go's exec error text for a program that could not be started. */
export function startError(main: string, e: NodeJS.ErrnoException): Error {
  if (e.code === 'ENOENT')
    return new PluginError(
      main.includes('/')
        ? `fork/exec ${main}: no such file or directory`
        : `exec: ${goQuote(main)}: executable file not found in $PATH`,
    );
  if (e.code === 'EACCES') return new PluginError(`fork/exec ${main}: permission denied`);
  return e;
}

interface RunResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
}

function runProcess(
  main: string,
  args: string[],
  env: EnvMap,
  stdio: StdioOptions,
  input?: string,
  cwd?: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(main, args, { env: Object.fromEntries(env), stdio, cwd });
    const out: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', () => {
      /* captured and dropped, as Helm logs it at debug level only */
    });
    child.on('error', (e) => reject(startError(main, e as NodeJS.ErrnoException)));
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout: Buffer.concat(out) }));
    if (child.stdin) {
      child.stdin.on('error', () => {
        /* the plugin did not read all of its input (EPIPE): its exit status tells */
      });
      child.stdin.end(input ?? '');
    }
  });
}

const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGINT: 'interrupt',
  SIGPIPE: 'broken pipe',
  SIGHUP: 'hangup',
};

/** Go's *exec.ExitError text for how a program ended. */
export const exitText = (code: number | null, signal: NodeJS.Signals | null): string =>
  signal !== null ? `signal: ${SIGNAL_TEXT[signal] ?? signal}` : `exit status ${code ?? -1}`;

/**
 * executeCmd: a program that ran and failed is logged at debug level (its stderr went elsewhere,
 * so the attribute is empty) and becomes Helm's "exited with error" with its exit code.
 */
export function exitError(
  name: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  debug?: DebugLog,
): InvokeExecError {
  const exitCode = signal !== null ? -1 : (code ?? -1);
  debug?.('plugin execution failed', {
    pluginName: name,
    error: exitText(code, signal),
    exitCode: String(exitCode),
    stderr: '',
  });
  return new InvokeExecError(`plugin ${goQuote(name)} exited with error`, exitCode);
}

function checkExit(p: Plugin, r: RunResult, debug?: DebugLog): void {
  if (r.code !== 0 || r.signal !== null) throw exitError(p.metadata.name, r.code, r.signal, debug);
}

function subprocessConfig(p: Plugin) {
  const rc = p.metadata.runtimeConfig;
  if (rc?.kind !== 'subprocess')
    throw new PluginError(`unsupported plugin runtime type: ${goQuote(p.metadata.runtime)}`);
  return rc;
}

/** The plugin's platform command with its extra arguments and environment, in Helm's error wording. */
function pluginCommand(p: Plugin, extraArgs: string[], osEnv: EnvMap) {
  const rc = subprocessConfig(p);
  const full = envMap(osEnv, pluginEnv(p));
  try {
    return { full, cmd: prepareCommands(rc.platformCommand, true, extraArgs, full) };
  } catch (e) {
    throw new PluginError(`failed to prepare plugin command: ${(e as Error).message}`);
  }
}

/** runCLI: the plugin's command with extra arguments and the terminal's streams. */
export async function runCLI(p: Plugin, extraArgs: string[], env: EnvMap, debug?: DebugLog): Promise<void> {
  const { full, cmd } = pluginCommand(p, extraArgs, env);
  logCommand(debug, 'executing plugin command', p, cmd.main, cmd.args, full);
  checkExit(p, await runProcess(cmd.main, cmd.args, full, 'inherit'), debug);
}

/** InvokeHook: install, update or delete; output goes to the terminal. */
export async function runHook(p: Plugin, event: string, osEnv: EnvMap, debug?: DebugLog): Promise<void> {
  const rc = p.metadata.runtimeConfig;
  if (rc?.kind !== 'subprocess') return;
  const cmds = rc.platformHooks[event] ?? [];
  if (cmds.length === 0) return;
  const full = envMap(osEnv, pluginEnv(p));
  const cmd = prepareCommands(cmds, rc.expandHookArgs, [], full);
  logCommand(debug, 'executing plugin hook command', p, cmd.main, cmd.args, full);
  const r = await runProcess(cmd.main, cmd.args, full, ['ignore', 'inherit', 'inherit']);
  if (r.code !== 0 || r.signal !== null)
    throw new PluginError(`plugin ${event} hook for ${goQuote(p.metadata.name)} exited with error`);
}

/**
 * runPostrenderer, synchronously (rendering is synchronous): manifests on stdin, stdout back.
 * Helm buffers the plugin's stderr and never shows it: Rudder discards it. The run is bounded
 * (limits.ts): a plugin that hangs or floods its output is stopped and named.
 */
export function runPostRendererSync(
  p: Plugin,
  manifests: string,
  extraArgs: string[],
  osEnv: EnvMap,
  debug?: DebugLog,
): string {
  const limits = pluginLimits(osEnv);
  const { full, cmd } = pluginCommand(p, extraArgs, osEnv);
  logCommand(debug, 'executing plugin command', p, cmd.main, cmd.args, full);
  const r = runBounded(p.metadata.name, cmd.main, cmd.args, {
    env: Object.fromEntries(full),
    input: manifests,
    stdio: ['pipe', 'pipe', 'ignore'],
    limits,
  });
  if (r.error) throw startError(cmd.main, r.error);
  checkExit(p, { code: r.status ?? -1, signal: r.signal, stdout: r.stdout }, debug);
  return r.stdout.toString('utf8');
}
