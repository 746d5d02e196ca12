// `npm run bench`: every benchmark under bench/, each printing ratios against the Go/helm
// implementations measured in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const only = process.argv.slice(2);
for (const f of readdirSync(join(root, 'bench'))
  .filter((n) => n.endsWith('.bench.ts'))
  .sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  console.log(`== ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', f)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exitCode = 1;
}
