// ChartPathOptions.LocateChart for what Rudder supports so far: local chart directories and
// archives. Remote references fail with Helm's message where it needs no network, otherwise
// with a plain "not supported yet".
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { quote as goQuote } from '../go/strconv/format.js';

/** The absolute path of a local chart; anything that needs a download fails clearly. */
export function locateLocalChart(ref: string, repoURL: string, verify: boolean, bin: string): string {
  const name = ref.trim();
  if (repoURL === '') {
    if (existsSync(name)) {
      if (verify) {
        if (statSync(name).isDirectory()) throw new Error('unpacked charts cannot be verified');
        throw new Error(`${bin} cannot verify chart provenance yet (--verify)`);
      }
      return resolve(name);
    }
    if (isAbsolute(name) || name.startsWith('.')) throw new Error(`path ${goQuote(name)} not found`);
    if (!name.includes('://') && !name.includes('/')) {
      throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
    }
  }
  throw new Error(
    `${bin} cannot download charts yet (chart repositories, URLs and OCI registries): ${goQuote(name)}`,
  );
}
