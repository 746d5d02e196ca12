// What a plugin install left on disk, for comparing helm's and rudder's plugin directories.
import { existsSync, readdirSync } from 'node:fs';

/** Every path under dir, sorted; [] when it does not exist. Rudder's staging folders (`.rudder-install-*`) are left out. */
export function pluginTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((x) => !x.includes('.rudder-install-'))
    .sort();
}
