// repositories.lock as helm v4.3.2 takes it (flock(2) through gofrs/flock): rudder waits for a
// lock helm (or anyone) holds, and helm waits for rudder's, so two `repo add`s at once, one by each
// tool, both end up in repositories.yaml.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { cleanEnv, helm, rudder } from './support.js';

let dir: string;
let server: ChartRepoServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rudder-lock-'));
  for (const r of ['fast', 'slow']) {
    mkdirSync(join(dir, r));
    writeFileSync(join(dir, r, 'index.yaml'), 'apiVersion: v1\nentries: {}\n');
  }
  server = await startChartRepoServer({ dir });
  // The slow repository answers after 4 s: the add holding the lock is still running meanwhile.
  server.overrides.push((req, res) => {
    if (!(req.url ?? '').startsWith('/slow/index.yaml')) return false;
    setTimeout(() => res.end(readFileSync(join(dir, 'slow', 'index.yaml'))), 4000);
    return true;
  });
});

after(async () => {
  await server?.close();
});

const lockFile = (env: Record<string, string>): string =>
  join(env.HOME!, '.config', 'helm', 'repositories.lock');

/** flock -n on the file: true when someone holds the lock now. */
const busy = (path: string): boolean => spawnSync('flock', ['-n', path, 'true']).status !== 0;

test('rudder waits for a lock held by another process', async () => {
  const env = cleanEnv();
  mkdirSync(join(env.HOME!, '.config', 'helm'), { recursive: true });
  writeFileSync(lockFile(env), '');
  const holder = spawn('flock', ['-x', lockFile(env), 'sleep', '3'], { stdio: 'ignore' });
  const held = new Promise((done) => holder.on('close', done));
  while (!busy(lockFile(env))) await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  const r = await rudder(['repo', 'add', 'fast', `${server.url}/fast`], env);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Date.now() - started > 1500, 'rudder waited for the lock');
  await held;
  assert.equal(busy(lockFile(env)), false, 'released');
});

test('helm and rudder adding at once: each waits for the other, both entries kept', async () => {
  for (const [first, second] of [
    [rudder, helm],
    [helm, rudder],
  ] as const) {
    const env = cleanEnv();
    const slow = first(['repo', 'add', 'slow', `${server.url}/slow`], env);
    // The first tool holds the lock while it downloads the slow index.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        if (busy(lockFile(env))) break;
      } catch {
        /* not created yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(busy(lockFile(env)), 'the first add holds repositories.lock');
    const fast = second(['repo', 'add', 'fast', `${server.url}/fast`], env);
    const [a, b] = await Promise.all([slow, fast]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const file = readFileSync(join(env.HOME!, '.config', 'helm', 'repositories.yaml'), 'utf8');
    assert.match(file, /name: slow/);
    assert.match(file, /name: fast/);
    assert.equal(busy(lockFile(env)), false, 'released');
  }
});
