// In-process step timings in fresh Node processes (schema.bench.ts, yaml-fast.bench.ts): a
// driver script over a copy of src/ is bundled once and run under bin/rudder's own V8 flags.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../test/support/corpus.js';

/** bin/rudder's V8 flags, read from its shebang (written there only, as scripts/build.mjs reads them). */
export const RUDDER_NODE_FLAGS: readonly string[] = readFileSync(join(REPO_ROOT, 'bin', 'rudder'), 'latin1')
  .split('\n', 1)[0]!
  .split(' ')
  .slice(3);

/** Bundles the driver source `code` as `dir/name.cjs`; returns its path. */
export async function bundleDriver(dir: string, name: string, code: string): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, code);
  const out = join(dir, `${name}.cjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
  });
  return out;
}

/** One fresh process of a bundled driver; its stdout parsed as JSON. */
export function runDriver<T>(bundle: string, args: string[], what: string, opts: SpawnSyncOptions = {}): T {
  const r = spawnSync(process.execPath, [...RUDDER_NODE_FLAGS, bundle, ...args], {
    ...opts,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${what} driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
