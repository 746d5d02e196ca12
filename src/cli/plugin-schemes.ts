// getter.All's plugin providers: a URL whose scheme a getter/v1 plugin serves (`repo add myrepo
// s3://…`, its index and charts, `repo/chart`, dependencies, `-f s3://…`) is fetched by that
// plugin with the request's getter options, as helm's ChartRepository and ChartDownloader do.
// Helm loads every plugin again at each getter.All call, warning about each broken one each
// time: commands call getterAll where helm calls getter.All (the directory is read once per
// command, its warnings repeated at each call); a lookup without such a call loads the plugins
// once (and warns) when the first URL of another scheme is met.
import type { CliContext } from './context.js';
import { debugLog, pluginLoadWarning } from './plugin.js';
import { setSchemeGetter, type GetOptions } from '../repo/http.js';
import { emptyGetterOptions, getWithPlugin, type GetterOptionsV1 } from '../plugin/getter.js';
import { PluginScans, type Plugin } from '../plugin/loader.js';
import { envMap } from '../plugin/subprocess.js';

/** The getter options helm's repository code passes, in the plugin message's terms. */
function getterOptions(href: string, o: GetOptions): GetterOptionsV1 {
  return {
    ...emptyGetterOptions(),
    URL: o.url ?? href,
    CertFile: o.certFile ?? '',
    KeyFile: o.keyFile ?? '',
    CAFile: o.caFile ?? '',
    InsecureSkipVerifyTLS: o.insecureSkipTLSVerify ?? false,
    AcceptHeader: o.accept ?? '',
    Username: o.username ?? '',
    Password: o.password ?? '',
    PassCredentialsAll: o.passCredentialsAll ?? false,
  };
}

const loaded = new WeakMap<CliContext, Plugin[]>();
const scans = new WeakMap<CliContext, PluginScans>();

/**
 * collectGetterPlugins: the getter/v1 plugins of one directory. Helm passes PluginsDirectory
 * whole, not split as a path list: with `HELM_PLUGINS=a:b` no getter plugin is found, and an
 * empty one (the HTTP plugin installer's bare settings) scans the working directory.
 */
export function loadGetterPlugins(ctx: CliContext, dir: string): Plugin[] {
  try {
    let s = scans.get(ctx);
    if (s === undefined) scans.set(ctx, (s = new PluginScans()));
    return s.findPlugins([dir], { type: 'getter/v1' }, pluginLoadWarning(ctx));
  } catch {
    return []; // helm drops the plugin providers when loading them fails
  }
}

/** getter.All: the getter/v1 plugins, loaded now with helm's warnings, kept for lookups. */
export function getterAll(ctx: CliContext): Plugin[] {
  const found = loadGetterPlugins(ctx, ctx.settings.pluginsDirectory);
  loaded.set(ctx, found);
  return found;
}

/** Providers.ByScheme over the last getter.All's plugins (helm's own http/https/oci aside). */
export function getterPluginFor(ctx: CliContext, scheme: string): Plugin | undefined {
  if (scheme === '') return undefined;
  return (loaded.get(ctx) ?? getterAll(ctx)).find(
    (p) => p.metadata.config?.kind === 'getter/v1' && p.metadata.config.protocols.includes(scheme),
  );
}

export function registerPluginSchemes(ctx: CliContext): void {
  const plugin = (scheme: string): Plugin | undefined => getterPluginFor(ctx, scheme);
  setSchemeGetter({
    serves: (scheme) => plugin(scheme) !== undefined,
    get(href, o) {
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)![1]!.toLowerCase();
      const env = envMap(ctx.settings.envVars(ctx.io.argv0 ?? ctx.bin));
      return getWithPlugin(plugin(scheme)!, href, getterOptions(href, o), env, debugLog(ctx));
    },
  });
}
