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
