// getter.All's plugin providers for the repository code: a URL whose scheme a getter/v1 plugin
// serves (`repo add myrepo s3://…`, its index and charts, `repo/chart`, dependencies) is fetched
// by that plugin with the request's getter options, as helm's ChartRepository and
// ChartDownloader do. The plugins are looked up only when such a URL is met.
import type { CliContext } from './context.js';
import { debugLog, pluginLoadWarning } from './plugin.js';
import { setSchemeGetter, type GetOptions } from '../repo/http.js';
import {
  emptyGetterOptions,
  findGetterPlugin,
  getWithPlugin,
  type GetterOptionsV1,
} from '../plugin/getter.js';
import type { Plugin } from '../plugin/loader.js';
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

export function registerPluginSchemes(ctx: CliContext): void {
  const found = new Map<string, Plugin | undefined>();
  const plugin = (scheme: string): Plugin | undefined => {
    if (!found.has(scheme))
      found.set(scheme, findGetterPlugin(ctx.settings.pluginsDirectory, scheme, pluginLoadWarning(ctx)));
    return found.get(scheme);
  };
  setSchemeGetter({
    serves: (scheme) => plugin(scheme) !== undefined,
    get(href, o) {
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)![1]!.toLowerCase();
      const env = envMap(ctx.settings.envVars(ctx.io.argv0 ?? ctx.bin));
      return getWithPlugin(plugin(scheme)!, href, getterOptions(href, o), env, debugLog(ctx));
    },
  });
}
