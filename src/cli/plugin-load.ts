// cli/v1 plugins as subcommands (pkg/cmd/load_plugins.go): each plugin found under HELM_PLUGINS
// becomes a command taking its arguments unparsed; the global flags Helm knows are read from
// them and the rest go to the plugin (none with ignoreFlags), with Helm's environment.
import { Command } from './command/command.js';
import type { CliContext } from './context.js';
import { ExitCodeError } from './io.js';
import { slogLine } from './slog.js';
import { debugLog, pluginLoadWarning } from './plugin.js';
import { findPlugins, splitList, type Plugin } from '../plugin/loader.js';
import { envMap, InvokeExecError, runCLI } from '../plugin/subprocess.js';
import { runCLIWasm } from '../plugin/wasm/types.js';
import { quote as goQuote } from '../go/strconv/format.js';

const KV_ARGS = [
  '--kube-context',
  '--namespace',
  '-n',
  '--kubeconfig',
  '--kube-apiserver',
  '--kube-token',
  '--kube-as-user',
  '--kube-as-group',
  '--kube-ca-file',
  '--registry-config',
  '--repository-cache',
  '--repository-config',
  '--kube-insecure-skip-tls-verify',
  '--kube-tls-server-name',
];

/** manuallyProcessArgs: the global flags Helm reads itself, and everything else. */
export function manuallyProcessArgs(args: string[]): { known: string[]; unknown: string[] } {
  const known: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--debug') known.push(a);
    else if (KV_ARGS.includes(a)) {
      known.push(a);
      i++;
      if (i < args.length) known.push(args[i]!);
    } else if (KV_ARGS.some((k) => a.startsWith(`${k}=`))) known.push(a);
    else unknown.push(a);
  }
  return { known, unknown };
}

function pluginCommandFor(ctx: CliContext, p: Plugin): Command {
  const cfg = p.metadata.config?.kind === 'cli/v1' ? p.metadata.config : undefined;
  const use = cfg?.usage || p.metadata.name;
  const short = cfg?.shortHelp || `the ${goQuote(p.metadata.name)} plugin`;
  const cmd: Command = new Command({
    use,
    short,
    long: cfg?.longHelp ?? '',
    disableFlagParsing: true,
    run: async ({ args }) => {
      const { known, unknown } = manuallyProcessArgs(args);
      const root = cmd.root();
      root.persistentFlags.parse(known, { notice: (s) => ctx.io.stderr(s) });
      const extraArgs = cfg?.ignoreFlags ? [] : unknown;
      const env = envMap(ctx.io.env, ctx.settings.envVars(ctx.io.argv0 ?? ctx.bin));
      try {
        if (p.metadata.runtime === 'extism/v1') runCLIWasm(p, extraArgs, env, debugLog(ctx));
        else await runCLI(p, extraArgs, env, debugLog(ctx));
      } catch (e) {
        if (e instanceof InvokeExecError) throw new ExitCodeError(e.message, e.exitCode);
        throw e;
      }
    },
  });
  return cmd;
}

/** loadCLIPlugins: adds every cli/v1 plugin; a name taken by a command stops the loading. */
export function loadCLIPlugins(ctx: CliContext, root: Command): void {
  if (ctx.io.env.HELM_NO_PLUGINS === '1') return;
  let found: Plugin[];
  try {
    found = findPlugins(splitList(ctx.settings.pluginsDirectory), { type: 'cli/v1' }, pluginLoadWarning(ctx));
  } catch (e) {
    ctx.io.stderr(slogLine('ERROR', 'failed to load plugins', { error: (e as Error).message }));
    return;
  }
  for (const p of found) {
    const c = pluginCommandFor(ctx, p);
    if (root.commands.some((x) => x.name() === c.name())) {
      ctx.io.stderr(slogLine('ERROR', 'failed to load plugins: name conflicts', { name: c.name() }));
      return;
    }
    root.add(c);
  }
}
