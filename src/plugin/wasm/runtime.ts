// The extism/v1 runtime as Helm 4.3.2 runs it (internal/plugin/runtime_extismv1.go with go-sdk
// v1.7.1): runtimeConfig, the manifest it makes (plugin.wasm, memory limits, config, allowed
// hosts, a temp dir as /tmp only with fileSystem.createTempDir, timeout), one fresh instance per
// call, and go-sdk's outcomes turned into Helm's errors. Limits that stop a plugin say which
// plugin and which limit, on top of the wazero-like text.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quote as goQuote } from '../../go/strconv/format.js';
import type { Plugin } from '../loader.js';
import { InvokeExecError } from '../subprocess.js';
import { callSync, ExtismTimeoutError, type LogLine } from './host.js';
import { MemoryLimitError } from './memory-limit.js';
import { parseJson } from '../../yaml/json-parse.js';

export const WASM_FILE = 'plugin.wasm';

/** runtimeConfig for `runtime: extism/v1` (RuntimeConfigExtismV1); unknown keys are ignored. */
export interface RuntimeConfigExtismV1 {
  maxPages: number;
  maxHttpResponseBytes: number;
  maxVarBytes: number;
  config: Record<string, string>;
  allowedHosts: string[];
  createTempDir: boolean;
  timeoutMs: number;
  hostFunctions: string[];
  entryFuncName: string;
}

/** An extism/v1 invocation that failed: the text after Helm's per-type prefix. */
export class ExtismPluginError extends Error {
  override name = 'ExtismPluginError';
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const num = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : []);

export function extismConfig(raw: Record<string, unknown>): RuntimeConfigExtismV1 {
  const memory = obj(raw.memory);
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(raw.config))) config[k] = v === null ? '' : String(v);
  const fileSystem = obj(raw.fileSystem);
  return {
    maxPages: num(memory.maxPages),
    maxHttpResponseBytes: num(memory.maxHttpResponseBytes),
    maxVarBytes: num(memory.maxVarBytes),
    config,
    allowedHosts: strs(raw.allowedHosts),
    createTempDir: fileSystem.createTempDir === true,
    timeoutMs: num(raw.timeout),
    hostFunctions: strs(raw.hostFunctions),
    entryFuncName: typeof raw.entryFuncName === 'string' ? raw.entryFuncName : '',
  };
}

export interface ExtismInvokeOptions {
  /** The plugin's environment (cli/v1 and getter/v1 get os env + HELM_*; post-renderers none). */
  env?: Map<string, string>;
  /** cli/v1 runs with the terminal's streams. */
  stdio?: [number, number, number];
  /** Helm logs plugin output at debug level. */
  debug?: (msg: string, attrs: Record<string, string>) => void;
}

/** CreatePlugin's check, made when a plugin is loaded: the wasm file must be there. */
export function wasmBinary(dir: string): string {
  const f = join(dir, WASM_FILE);
  try {
    statSync(f);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ExtismPluginError(`wasm binary missing for extism/v1 plugin: ${goQuote(f)}`);
    throw new ExtismPluginError(
      `failed to stat extism/v1 plugin wasm binary ${goQuote(f)}: ${(e as Error).message}`,
    );
  }
  return f;
}

/** Go's json.Marshal of a message: strings escaped as encoding/json does (<, >, & too). */
export function goJSON(v: unknown): string {
  return JSON.stringify(v).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const PAGE_KIB = 64;

/** Invoke: the message in, the plugin's JSON output parsed, or the error Helm gives. */
export function invokeExtism(p: Plugin, message: unknown, opts: ExtismInvokeOptions = {}): unknown {
  const rcRaw = p.metadata.runtimeConfig;
  const rc = extismConfig(rcRaw?.kind === 'extism/v1' ? rcRaw.raw : {});
  const file = wasmBinary(p.dir);
  const name = p.metadata.name;
  for (const fn of rc.hostFunctions)
    throw new ExtismPluginError(`plugin requested host function ${goQuote(fn)} not found`);
  let tmp = '';
  if (rc.createTempDir) {
    tmp = mkdtempSync(join(tmpdir(), 'helm-plugin-'));
    opts.debug?.('created plugin temp dir', { dir: tmp, plugin: name });
  }
  const input = Buffer.from(goJSON(message), 'utf8');
  opts.debug?.('plugin input', { plugin: name, inputData: input.toString('utf8') });
  let res;
  try {
    res = callSync({
      wasmFile: file,
      input,
      entry: rc.entryFuncName || 'helm_plugin_main',
      config: rc.config,
      env: Object.fromEntries(opts.env ?? []),
      preopens: tmp ? { '/tmp': tmp } : {},
      stdio: opts.stdio,
      maxPages: rc.maxPages,
      maxVarBytes: rc.maxVarBytes,
      maxHttpResponseBytes: rc.maxHttpResponseBytes,
      allowedHosts: rc.allowedHosts,
      timeoutMs: rc.timeoutMs,
    });
  } catch (e) {
    if (e instanceof ExtismTimeoutError)
      throw new ExtismPluginError(
        `plugin error: module closed with context deadline exceeded (plugin ${goQuote(name)} stopped: ` +
          `runtimeConfig.timeout is ${rc.timeoutMs}ms)`,
      );
    if (e instanceof MemoryLimitError)
      throw new ExtismPluginError(`failed to create existing plugin: plugin ${goQuote(name)}: ${e.message}`);
    if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError)
      throw new ExtismPluginError(`failed to create existing plugin: ${e.message}`);
    throw e;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  emitLogs(res.logs, name, opts.debug);

  const memoryNote = (pages: number): string =>
    rc.maxPages > 0 && pages + PAGE_KIB >= rc.maxPages
      ? ` (plugin ${goQuote(name)} reached its memory limit: runtimeConfig.memory.maxPages is ${rc.maxPages}, ` +
        `${rc.maxPages * PAGE_KIB} KiB)`
      : '';
  const lastLine = (s: string): string => {
    const l = s.trimEnd().split('\n');
    const fatal = l.find((x) => x.startsWith('fatal error:') || x.startsWith('panic:'));
    return fatal ? `: ${fatal}` : '';
  };
  let output: Uint8Array;
  if (res.kind === 'trap') {
    throw new ExtismPluginError(
      `plugin error: ${res.message}${lastLine(res.stderr)}${memoryNote(res.memoryPages)}`,
    );
  } else if (res.kind === 'exit') {
    if (res.code !== 0)
      throw new ExtismPluginError(
        `plugin error: module closed with exit_code(${res.code})${lastLine(res.stderr)}${memoryNote(res.memoryPages)}`,
      );
    output = new Uint8Array(0);
  } else {
    if (res.error !== undefined) throw new ExtismPluginError(`plugin error: ${res.error}`);
    if (res.rc !== 0) throw new InvokeExecError(`plugin ${goQuote(name)} exited with error`, res.rc);
    output = res.output;
  }
  const text = Buffer.from(output).toString('utf8');
  opts.debug?.('plugin output', { plugin: name, exitCode: '0', outputData: text });
  return decodeOutput(text, p.metadata.type);
}

const OUTPUT_TYPES: Record<string, string> = {
  'cli/v1': 'schema.OutputMessageCLIV1',
  'getter/v1': 'schema.OutputMessageGetterV1',
  'postrenderer/v1': 'schema.OutputMessagePostRendererV1',
  'test/v1': 'schema.OutputMessageTestV1',
};

/** json.Unmarshal into the type's output struct: Go's syntax and top-level type errors. */
function decodeOutput(text: string, type: string): unknown {
  // Helm names the reflect.Value it decodes into (%T), not the plugin.
  const fail = (msg: string): ExtismPluginError =>
    new ExtismPluginError(`failed to json marshal plugin output message: reflect.Value: ${msg}`);
  try {
    parseJson(text);
  } catch (e) {
    throw fail((e as Error).message);
  }
  const first = text[text.search(/[^ \t\r\n]/)];
  if (first !== '{' && first !== 'n') {
    const kind =
      first === '[' ? 'array' : first === '"' ? 'string' : first === 't' || first === 'f' ? 'bool' : 'number';
    throw fail(`json: cannot unmarshal ${kind} into Go value of type ${OUTPUT_TYPES[type] ?? 'struct'}`);
  }
  return JSON.parse(text) as unknown;
}

function emitLogs(
  logs: LogLine[],
  plugin: string,
  debug: ((msg: string, attrs: Record<string, string>) => void) | undefined,
): void {
  if (!debug) return;
  for (const [level, text] of logs) debug(text, { level, plugin });
}
