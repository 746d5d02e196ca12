// The root command and the program's entry: Helm's NewRootCmd and cobra's ExecuteC.
import { Command, CommandLookupError } from './command/command.js';
import { FlagError } from './command/flagset.js';
import type { CliContext } from './context.js';
import { ExitCodeError, programName, type CliIO } from './io.js';
import { EnvSettings } from './settings.js';
import { envCommand } from './env.js';
import { versionCommand } from './version.js';
import { templateCommand } from './template.js';
import { lintCommand } from './lint.js';
import { createCommand } from './create.js';
import { dependencyCommand } from './dependency.js';
import { packageCommand } from './package.js';
import { showCommand } from './show.js';
import { installCommand } from './install.js';
import { upgradeCommand } from './upgrade.js';
import { uninstallCommand } from './uninstall.js';
import { rollbackCommand } from './rollback.js';
import { releaseTestCommand } from './release_testing.js';
import { helpCommand } from './help.js';
import { completionCommand, completeCommand } from './completion.js';
import { slogLine, slogValue } from './slog.js';
import { LogFatal } from './fatal.js';
import { listCommand } from './list.js';
import { historyCommand } from './history.js';
import { statusCommand } from './status.js';
import { getCommand } from './get.js';
import { repoCommand } from './repo.js';
import { searchCommand } from './search.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { registryCommand } from './registry.js';
import { pluginCommand } from './plugin.js';
import { loadCLIPlugins } from './plugin-load.js';
import { registerPluginSchemes } from './plugin-schemes.js';
import { verifyCommand } from './verify.js';

const globalUsage = (bin: string): string => `The Kubernetes package manager

Common actions for Helm:

- ${bin} search:    search for charts
- ${bin} pull:      download a chart to your local directory to view
- ${bin} install:   upload the chart to Kubernetes
- ${bin} list:      list releases of charts

Environment variables:

| Name                               | Description                                                                                                |
|------------------------------------|------------------------------------------------------------------------------------------------------------|
| $HELM_CACHE_HOME                   | set an alternative location for storing cached files.                                                      |
| $HELM_CONFIG_HOME                  | set an alternative location for storing Helm configuration.                                                |
| $HELM_DATA_HOME                    | set an alternative location for storing Helm data.                                                         |
| $HELM_DEBUG                        | indicate whether or not Helm is running in Debug mode                                                      |
| $HELM_DRIVER                       | set the backend storage driver. Values are: configmap, secret, memory, sql.                                |
| $HELM_DRIVER_SQL_CONNECTION_STRING | set the connection string the SQL storage driver should use.                                               |
| $HELM_MAX_HISTORY                  | set the maximum number of helm release history.                                                            |
| $HELM_NAMESPACE                    | set the namespace used for the helm operations.                                                            |
| $HELM_NO_PLUGINS                   | disable plugins. Set HELM_NO_PLUGINS=1 to disable plugins.                                                 |
| $HELM_PLUGINS                      | set the path to the plugins directory                                                                      |
| $HELM_REGISTRY_CONFIG              | set the path to the registry config file.                                                                  |
| $HELM_REPOSITORY_CACHE             | set the path to the repository cache directory                                                             |
| $HELM_REPOSITORY_CONFIG            | set the path to the repositories file.                                                                     |
| $KUBECONFIG                        | set an alternative Kubernetes configuration file (default "~/.kube/config")                                |
| $HELM_KUBEAPISERVER                | set the Kubernetes API Server Endpoint for authentication                                                  |
| $HELM_KUBECAFILE                   | set the Kubernetes certificate authority file.                                                             |
| $HELM_KUBEASGROUPS                 | set the Groups to use for impersonation using a comma-separated list.                                      |
| $HELM_KUBEASUSER                   | set the Username to impersonate for the operation.                                                         |
| $HELM_KUBECONTEXT                  | set the name of the kubeconfig context.                                                                    |
| $HELM_KUBETOKEN                    | set the Bearer KubeToken used for authentication.                                                          |
| $HELM_KUBEINSECURE_SKIP_TLS_VERIFY | indicate if the Kubernetes API server's certificate validation should be skipped (insecure)                |
| $HELM_KUBETLS_SERVER_NAME          | set the server name used to validate the Kubernetes API server certificate                                 |
| $HELM_BURST_LIMIT                  | set the default burst limit in the case the server contains many CRDs (default 100, -1 to disable)         |
| $HELM_QPS                          | set the Queries Per Second in cases where a high number of calls exceed the option for higher burst values |
| $HELM_COLOR                        | set color output mode. Allowed values: never, always, auto (default: auto)                                 |
| $NO_COLOR                          | set to any non-empty value to disable all colored output (overrides $HELM_COLOR)                           |
| $SOURCE_DATE_EPOCH                 | set a Unix timestamp for reproducible chart archives                                                       |

Helm stores cache, configuration, and data based on the following configuration order:

- If a HELM_*_HOME environment variable is set, it will be used
- Otherwise, on systems supporting the XDG base directory specification, the XDG variables will be used
- When no other location is set a default location will be used based on the operating system

By default, the default directories depend on the Operating System. The defaults are listed below:

| Operating System | Cache Path                | Configuration Path             | Data Path               |
|------------------|---------------------------|--------------------------------|-------------------------|
| Linux            | $HOME/.cache/helm         | $HOME/.config/helm             | $HOME/.local/share/helm |
| macOS            | $HOME/Library/Caches/helm | $HOME/Library/Preferences/helm | $HOME/Library/helm      |
| Windows          | %TEMP%\\helm               | %APPDATA%\\helm                 | %APPDATA%\\helm          |
`;

export interface RootOptions {
  /** Rudder's own version (package.json). */
  version: string;
}

/** Builds the whole command tree for one invocation. */
export function rootCommand(ctx: CliContext, opts: RootOptions): Command {
  const root = new Command({
    use: ctx.bin,
    short: 'The Helm package manager for Kubernetes.',
    long: globalUsage(ctx.bin),
  });
  ctx.settings.addFlags(root.persistentFlags);
  // Commands Rudder implements so far; Helm's others are added as they land.
  root.add(
    completionCommand(ctx),
    createCommand(ctx),
    dependencyCommand(ctx),
    envCommand(ctx),
    installCommand(ctx),
    lintCommand(ctx),
    packageCommand(ctx),
    rollbackCommand(ctx),
    showCommand(ctx),
    templateCommand(ctx),
    releaseTestCommand(ctx),
    uninstallCommand(ctx),
    upgradeCommand(ctx),
    versionCommand(ctx, opts.version),
  );
  root.add(listCommand(ctx), historyCommand(ctx), statusCommand(ctx), getCommand(ctx));
  root.add(repoCommand(ctx), searchCommand(ctx), pullCommand(ctx));
  root.add(registryCommand(ctx), pushCommand(ctx));
  root.add(pluginCommand(ctx), verifyCommand(ctx));
  const help = helpCommand(ctx);
  root.helpCommand = help;
  root.add(help);
  root.add(completeCommand(ctx));
  return root;
}

/** Runs one command line (without the program name); resolves to the exit code. */
export async function run(argv: string[], io: CliIO, opts: RootOptions): Promise<number> {
  const settings = new EnvSettings(io.env);
  const ctx: CliContext = { io, settings, bin: programName(io.argv0) };
  const root = rootCommand(ctx, opts);

  // Like Helm, read the global flags once before the command tree runs (unknown flags and
  // errors ignored here; the real parse reports them), then check the color mode.
  try {
    root.persistentFlags.parse(argv, { notice: () => {}, allowUnknown: true });
  } catch {
    /* reported by the full parse */
  }
  const colorErr = settings.colorError();
  if (colorErr) {
    io.stderr(`level=WARN msg="command failed" error=${slogValue(colorErr)}\n`);
    return 1;
  }
  loadCLIPlugins(ctx, root);
  registerPluginSchemes(ctx);

  let found: { cmd: Command; args: string[] };
  try {
    found = root.find(argv);
  } catch (err) {
    if (!(err instanceof CommandLookupError)) throw err;
    io.stderr(`Error: ${err.message}\nRun '${err.cmd.commandPath()} --help' for usage.\n`);
    return 1;
  }
  try {
    await found.cmd.execute(found.args, io.stdout, io.stderr);
    return 0;
  } catch (err) {
    if (err instanceof LogFatal) {
      io.stderr(slogLine('INFO', err.message));
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`Error: ${message}\n`);
    if (err instanceof ExitCodeError) return err.exitCode;
    if (!(err instanceof FlagError) && !(err instanceof Error)) return 1;
    return 1;
  }
}
