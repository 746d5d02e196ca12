// A loaded plugin as Go's fmt prints it with %q (pkg/getter/plugingetter.go's
// `plugin %q failed to invoke`): the runtime's struct behind a pointer, `&{...}`, string fields
// quoted, and every field %q cannot format (pointers, bools) as fmt's bad-verb text
// `%!q(TYPE=VALUE)` with the value in %v. Helm users see this text; matching it keeps a
// getter's failure byte-identical to helm's, but for the WASM runtime's compilation cache, a heap
// address in helm, for which Rudder prints a fixed stand-in.
import { quote as goQuote } from '../go/strconv/format.js';
import type { Plugin } from './loader.js';
import type { Config, PlatformCommand, PlatformHooks, ProtocolCommand, RuntimeConfig } from './metadata.js';
import { extismConfig } from './wasm/runtime.js';

/** Helm prints wazero's CompilationCache pointer; any address stands for it. */
const CACHE_ADDRESS = '0xc000010000';

type Verb = 'q' | 'v';

const s = (x: string, verb: Verb): string => (verb === 'q' ? goQuote(x) : x);
const strs = (xs: string[], verb: Verb): string => `[${xs.map((x) => s(x, verb)).join(' ')}]`;
const bool = (b: boolean, verb: Verb): string => (verb === 'q' ? `%!q(bool=${b})` : String(b));
const goSort = (keys: string[]): string[] =>
  keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

function commands(cmds: PlatformCommand[], verb: Verb): string {
  const one = (c: PlatformCommand): string =>
    `{${s(c.os, verb)} ${s(c.arch, verb)} ${s(c.command, verb)} ${strs(c.args, verb)}}`;
  return `[${cmds.map(one).join(' ')}]`;
}

function hooks(h: PlatformHooks, verb: Verb): string {
  return `map[${goSort(Object.keys(h))
    .map((k) => `${s(k, verb)}:${commands(h[k]!, verb)}`)
    .join(' ')}]`;
}

function protocolCommands(pcs: ProtocolCommand[], verb: Verb): string {
  return `[${pcs.map((p) => `{${strs(p.protocols, verb)} ${commands(p.platformCommand, verb)}}`).join(' ')}]`;
}

/** RuntimeConfigSubprocess's fields, `{...}`. */
function subprocessConfig(rc: Extract<RuntimeConfig, { kind: 'subprocess' }>, verb: Verb): string {
  return (
    `{${commands(rc.platformCommand, verb)} ${hooks(rc.platformHooks, verb)} ` +
    `${protocolCommands(rc.protocolCommands, verb)} ${bool(rc.expandHookArgs, verb)}}`
  );
}

/** RuntimeConfigExtismV1's fields in %v, `{...}`. */
function extismConfigV(raw: Record<string, unknown>): string {
  const c = extismConfig(raw);
  const config = goSort(Object.keys(c.config))
    .map((k) => `${k}:${c.config[k]}`)
    .join(' ');
  return (
    `{{${c.maxPages} ${c.maxHttpResponseBytes} ${c.maxVarBytes}} map[${config}] [${c.allowedHosts.join(' ')}] ` +
    `{${c.createTempDir}} ${c.timeoutMs} [${c.hostFunctions.join(' ')}] ${c.entryFuncName}}`
  );
}

/** fmt's %!q(TYPE=VALUE) for a pointer field; `<nil>` for a nil interface. */
const badPointer = (type: string, value: string): string => `%!q(*${type}=&${value})`;

function configQ(c: Config | undefined): string {
  if (!c) return '%!q(<nil>)';
  switch (c.kind) {
    case 'getter/v1':
      return badPointer('schema.ConfigGetterV1', `{${strs(c.protocols, 'v')}}`);
    case 'cli/v1':
      return badPointer('schema.ConfigCLIV1', `{${c.usage} ${c.shortHelp} ${c.longHelp} ${c.ignoreFlags}}`);
    case 'postrenderer/v1':
      return badPointer('schema.ConfigPostRendererV1', '{}');
    case 'test/v1':
      return badPointer('schema.ConfigTestV1', '{}');
  }
}

function runtimeConfigQ(rc: RuntimeConfig | undefined): string {
  if (!rc) return '%!q(<nil>)';
  if (rc.kind === 'subprocess')
    return badPointer('plugin.RuntimeConfigSubprocess', subprocessConfig(rc, 'v'));
  return badPointer('plugin.RuntimeConfigExtismV1', extismConfigV(rc.raw));
}

/** `%q` of the plugin.Plugin helm holds for this plugin. */
export function formatPluginQ(p: Plugin): string {
  const m = p.metadata;
  const meta =
    `{${[m.apiVersion, m.name, m.type, m.runtime, m.version, m.sourceURL].map((x) => goQuote(x)).join(' ')} ` +
    `${configQ(m.config)} ${runtimeConfigQ(m.runtimeConfig)}}`;
  const rc = m.runtimeConfig;
  if (rc?.kind === 'extism/v1') {
    // ExtismV1PluginRuntime{metadata, dir, rc *RuntimeConfigExtismV1, r *RuntimeExtismV1}
    return (
      `&{${meta} ${goQuote(p.dir)} ${runtimeConfigQ(rc)} ` +
      `%!q(*plugin.RuntimeExtismV1=&{map[] ${CACHE_ADDRESS}})}`
    );
  }
  // SubprocessPluginRuntime{metadata, pluginDir, RuntimeConfig (a value), EnvVars (nil)}
  const sub = rc?.kind === 'subprocess' ? rc : undefined;
  const rcValue = sub ? subprocessConfig(sub, 'q') : `{[] map[] [] %!q(bool=false)}`;
  return `&{${meta} ${goQuote(p.dir)} ${rcValue} map[]}`;
}
