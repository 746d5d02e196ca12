// The published package: `npm pack` (whose prepack builds the bundle and its code cache), then a
// global install into a temporary prefix without devDependencies, from the npm cache only. The
// installed `rudder` must print what the checkout's prints, ship only what users need, and find
// its shipped code cache (so it writes none of its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');

const sh = (cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot) => {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
};

test('npm pack, then a global install into a temporary prefix, gives a working rudder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-pkg-'));
  try {
    const env = {
      ...process.env,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    const pack = sh('npm', ['pack', '--json', '--pack-destination', dir], env);
    assert.equal(pack.code, 0, pack.stderr);
    const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = info[0]!.files.map((f) => f.path).sort();
    assert.ok(files.includes('bin/rudder') && files.includes('dist/rudder.cjs'), files.join(' '));
    assert.ok(
      files.some((f) => f.startsWith('dist/v8/')),
      'the code cache is shipped',
    );
    const extra = files.filter((f) => !/^(bin\/|dist\/|package\.json$|README\.md$|LICENSE)/.test(f));
    assert.deepEqual(extra, [], 'only the CLI is shipped');

    const prefix = join(dir, 'prefix');
    const install = sh(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--omit=dev', join(dir, info[0]!.filename)],
      env,
    );
    assert.equal(install.code, 0, install.stderr);
    const installed = join(prefix, 'bin', 'rudder');
    assert.ok(existsSync(installed));

    // A bare environment: only the installed package and Node itself, no checkout on the path.
    const cache = join(dir, 'xdg-cache');
    const runEnv = { HOME: join(dir, 'home'), PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cache };
    const hello = join(repoRoot, 'examples', 'hello');
    const commands = [['version'], ['template', 'hello', hello, '--namespace', 'demo']];
    const got = commands.map((args) => sh(installed, args, runEnv, dir));
    const written = existsSync(join(cache, 'rudder', 'v8')) ? readdirSync(join(cache, 'rudder', 'v8')) : [];
    assert.deepEqual(written, [], 'the installed rudder used its shipped code cache');
    commands.forEach((args, i) => {
      const want = sh(join(repoRoot, 'bin', 'rudder'), args, {
        ...runEnv,
        XDG_CACHE_HOME: join(dir, 'other'),
      });
      assert.equal(got[i]!.code, 0, got[i]!.stderr);
      assert.equal(got[i]!.stderr, want.stderr);
      assert.equal(got[i]!.stdout, want.stdout);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
