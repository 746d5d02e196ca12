// Where `-f`/`--values` and `--set-file` read from (pkg/cli/values readFile with getter.All): `-`
// is stdin; a source whose URL scheme has a getter (http, https, oci, a getter/v1 plugin's
// protocols) is downloaded; anything else, unknown schemes included, is a local file. Helm hands these
// getters only the URL: no --username, --ca-file or other chart flags apply to values sources.
import { readFileSync } from 'node:fs';
import { parseURL } from '../funcs/urls.js';
import { goReadFile } from '../go/fs-error.js';
import { getWithPlugin, emptyGetterOptions } from '../plugin/getter.js';
import { envMap } from '../plugin/subprocess.js';
import { httpGet } from '../repo/http.js';
import type { ValuesFileReader } from '../values/options.js';
import type { CliContext } from './context.js';
import { debugLog } from './plugin.js';
import { getterPluginFor } from './plugin-schemes.js';
import { readOciValues } from './values-oci.js';

/** getter.DefaultHTTPTimeout: 120 s for the whole request. */
const HTTP_TIMEOUT_MS = 120_000;

export function valuesSourceReader(cli: CliContext): ValuesFileReader {
  return (path) => {
    if (path.trim() === '-') return readFileSync(0);
    // url.Parse's error is returned as is (`parse "a%.yaml": invalid URL escape "%.y"`).
    const { scheme, host } = parseURL(path);
    if (scheme === 'http' || scheme === 'https') {
      if (host === '') {
        return Promise.reject(new Error(`Get ${JSON.stringify(path)}: http: no Host in request URL`));
      }
      return httpGet(path, { url: path, timeout: HTTP_TIMEOUT_MS });
    }
    // getter.All's OCI getter: a chart pull (values-oci.ts); plugins never serve oci.
    if (scheme === 'oci') return readOciValues(cli, path);
    const plugin = getterPluginFor(cli, scheme);
    if (plugin) {
      const env = envMap(cli.settings.envVars(cli.io.argv0 ?? cli.bin));
      return getWithPlugin(plugin, path, { ...emptyGetterOptions(), URL: path }, env, debugLog(cli));
    }
    return goReadFile(path);
  };
}
