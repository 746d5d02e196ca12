// The whole suite: type check, bundle, then every test/**/*.test.ts under node:test.
// Suites that need outside parts (Go oracle, helm, the test cluster) find them through
// scripts/fixtures.mjs, which fails loudly naming what to install when something is missing.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const only = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(root, p));
  }
};
walk(join(root, 'test'));
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;

if (!only.length) run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']);
run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
run(process.execPath, ['--stack-size=6000', '--import', 'tsx', '--test', '--test-concurrency=2', ...selected]);
