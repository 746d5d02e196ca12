// The WebAssembly test plugins, built (once, cached) by tools/wasm-plugins/build.sh.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../cli/support.js';

let dir: string | undefined;

/** The directory holding NAME.wasm for each plugin of tools/wasm-plugins. */
export function wasmPluginsDir(): string {
  dir ??= execFileSync('bash', [join(repoRoot, 'tools', 'wasm-plugins', 'build.sh')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return dir;
}

/**
 * A failing getter's error prints the plugin object as Go's %q does; for a WASM getter that
 * includes the heap address of helm's compilation cache, which Rudder replaces by a fixed one.
 */
export const heapAddress = (s: string): string =>
  s.replace(/(%!q\(\*plugin\.RuntimeExtismV1=&\{map\[\] )0x[0-9a-f]+\}/g, '$10xADDR}');
