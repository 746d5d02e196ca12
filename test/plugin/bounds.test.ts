// Subprocess post-renderers and getters that hang or flood their output (src/plugin/limits.ts).
// Helm v4.3.2 runs them without a deadline and buffers all they write: the tests show helm still
// running after seconds, or dying of "out of memory" under a memory cap, where Rudder — run under
// a smaller cap (RLIMIT_DATA) — stops the plugin in bounded time and says which one. What both
// tools can finish (a stderr flood, a plugin writing its bytes then failing) is compared.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, helmBinary, repoRoot, rudderBundle, runHelm, runRudder } from '../cli/support.js';

const hello = join(repoRoot, 'examples', 'hello');
const root = mkdtempSync(join(tmpdir(), 'rplug-bounds-'));
after(() => rmSync(root, { recursive: true, force: true }));
const plugins = join(root, 'plugins');
const MiB = 1024 * 1024;

function postRenderer(name: string, script: string): void {
  mkdirSync(join(plugins, name), { recursive: true });
  writeFileSync(
    join(plugins, name, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: postrenderer/v1\nruntime: subprocess\nversion: 1.0.0\n` +
      `runtimeConfig:\n  platformCommand:\n    - command: sh\n      args: ["-c", ${JSON.stringify(script)}]\n`,
  );
}

function getter(name: string, script: string): void {
  mkdirSync(join(plugins, name), { recursive: true });
  writeFileSync(
    join(plugins, name, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: getter/v1\nruntime: subprocess\nversion: 0.1.0\nconfig:\n  protocols: [${name}]\n` +
      `runtimeConfig:\n  protocolCommands:\n    - protocols: [${name}]\n      platformCommand:\n        - command: get.sh\n`,
  );
  writeFileSync(join(plugins, name, 'get.sh'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
}

// Leftover sleeps end by themselves: nothing outlives the test for long.
postRenderer('hang', 'exec sleep 20');
// A grandchild keeps the plugin's stdout open after the plugin is killed.
postRenderer('hangkid', 'sleep 20 & cat >/dev/null; wait');
postRenderer('flood', 'cat >/dev/null; exec yes');
postRenderer('errflood', 'cat; head -c 100000000 /dev/zero >&2');
postRenderer('killed', 'cat; kill -9 $$');
getter('ghang', 'exec sleep 20');
getter('gflood', 'exec yes');
getter('gfail', 'echo "no such chart: $4" >&2; exit 3');

const env = (extra: Record<string, string> = {}): Record<string, string> =>
  cleanEnv({ HELM_PLUGINS: plugins, ...extra });

interface Timed {
  stdout: string;
  stderr: string;
  code: number | null;
  ms: number;
  timedOut: boolean;
}

/** One process under RLIMIT_DATA (bytes) and a wall-clock kill after `killMs`. */
function capped(cmd: string[], e: Record<string, string>, dataBytes: number, killMs: number): Timed {
  const t0 = Date.now();
  const r = spawnSync('prlimit', [`--data=${dataBytes}`, '--', ...cmd], {
    env: e,
    cwd: root,
    encoding: 'utf8',
    timeout: killMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * MiB,
  });
  return {
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '').replaceAll('rudder', 'helm'),
    code: r.status,
    ms: Date.now() - t0,
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

const rudder = (args: string[], e: Record<string, string>, dataBytes = 300 * MiB, killMs = 60_000): Timed =>
  capped([process.execPath, rudderBundle(), ...args], e, dataBytes, killMs);
const helm = (args: string[], e: Record<string, string>, dataBytes: number, killMs: number): Timed =>
  capped([helmBinary(), ...args], e, dataBytes, killMs);

const prefix = 'Error: error while running post render on files: failed to invoke post-renderer plugin';

test('a post-renderer that never exits: helm waits, rudder stops it at RUDDER_PLUGIN_TIMEOUT', () => {
  const h = helm(['template', 'r', hello, '--post-renderer', 'hang'], env(), 1024 * MiB, 4000);
  assert.ok(h.timedOut, `helm finished: ${h.stderr}`);
  for (const name of ['hang', 'hangkid']) {
    const r = rudder(
      ['template', 'r', hello, '--post-renderer', name],
      env({ RUDDER_PLUGIN_TIMEOUT: '1.5s' }),
    );
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr,
      `${prefix} "${name}": plugin "${name}" did not finish within 1.5s and was stopped (RUDDER_PLUGIN_TIMEOUT)\n\nUse --debug flag to render out invalid YAML\n`,
    );
    assert.equal(r.stdout, '');
    assert.ok(r.ms < 15_000, `${name}: ${r.ms} ms`);
  }
});

test('a post-renderer flooding stdout: helm runs out of memory, rudder stops it at its output limit', () => {
  const h = helm(['template', 'r', hello, '--post-renderer', 'flood'], env(), 400 * MiB, 60_000);
  assert.equal(h.code, 2, h.stderr.slice(0, 300));
  assert.match(h.stderr, /^fatal error: (runtime: )?out of memory/);
  // The default limit (256 MiB) under a 1 GiB cap, a small one under 200 MiB.
  const d = rudder(['template', 'r', hello, '--post-renderer', 'flood'], env(), 1024 * MiB);
  assert.equal(
    d.stderr,
    `${prefix} "flood": plugin "flood" wrote more than 268435456 bytes to its standard output and was stopped (RUDDER_PLUGIN_MAX_OUTPUT)\n\nUse --debug flag to render out invalid YAML\n`,
  );
  assert.equal(d.code, 1);
  const s = rudder(
    ['template', 'r', hello, '--post-renderer', 'flood'],
    env({ RUDDER_PLUGIN_MAX_OUTPUT: String(8 * MiB) }),
    200 * MiB,
  );
  assert.equal(s.code, 1, s.stderr);
  assert.match(s.stderr, /plugin "flood" wrote more than 8388608 bytes to its standard output/);
});

test('a post-renderer flooding stderr: discarded by rudder, as helm never shows it', () => {
  const h = runHelm(['template', 'r', hello, '--post-renderer', 'errflood'], env());
  assert.equal(h.code, 0, h.stderr);
  const r = rudder(['template', 'r', hello, '--post-renderer', 'errflood'], env(), 200 * MiB);
  assert.deepEqual({ stdout: r.stdout, stderr: r.stderr, code: r.code }, h);
});

test('a post-renderer killed by a signal after writing its output: helm\'s "exited with error"', () => {
  const h = runHelm(['template', 'r', hello, '--post-renderer', 'killed'], env());
  assert.equal(h.code, 1);
  assert.deepEqual(runRudder(['template', 'r', hello, '--post-renderer', 'killed'], env()), h);
});

/** A failing getter is printed whole, as Go's %q prints it; the tests below check its name. */
const named = (s: string): string =>
  s.replace(/plugin &\{\{"v1" "(\w+)".*\} failed to invoke/, 'plugin "$1" failed to invoke');

test('getters that hang or flood: helm waits or runs out of memory, rudder stops them', () => {
  const h = helm(['pull', 'ghang://x/c-1.0.0.tgz'], env(), 1024 * MiB, 4000);
  assert.ok(h.timedOut, `helm finished: ${h.stderr}`);
  const r = rudder(['pull', 'ghang://x/c-1.0.0.tgz'], env({ RUDDER_PLUGIN_TIMEOUT: '1s' }));
  assert.equal(
    named(r.stderr),
    'Error: plugin "ghang" failed to invoke: plugin "ghang" did not finish within 1s and was stopped (RUDDER_PLUGIN_TIMEOUT)\n',
  );
  assert.equal(r.code, 1);
  assert.ok(r.ms < 15_000, `${r.ms} ms`);

  const hf = helm(['pull', 'gflood://x/c-1.0.0.tgz'], env(), 400 * MiB, 60_000);
  assert.equal(hf.code, 2, hf.stderr.slice(0, 300));
  assert.match(hf.stderr, /^fatal error: (runtime: )?out of memory/);
  const f = rudder(
    ['pull', 'gflood://x/c-1.0.0.tgz'],
    env({ RUDDER_PLUGIN_MAX_OUTPUT: '1000000' }),
    200 * MiB,
  );
  assert.equal(
    named(f.stderr),
    'Error: plugin "gflood" failed to invoke: plugin "gflood" wrote more than 1000000 bytes to its standard output and was stopped (RUDDER_PLUGIN_MAX_OUTPUT)\n',
  );
  assert.equal(f.code, 1);
});

test("a getter exiting non-zero: helm's error, the plugin's Go object included", () => {
  const e = env();
  const h = runHelm(['pull', 'gfail://x/c-1.0.0.tgz'], e, root);
  assert.match(
    h.stderr,
    /^no such chart: gfail:\/\/x\/c-1\.0\.0\.tgz\nError: plugin &\{\{"v1" "gfail" "getter\/v1" /,
  );
  assert.deepEqual(runRudder(['pull', 'gfail://x/c-1.0.0.tgz'], e, root), h);
  assert.equal(
    named(h.stderr),
    'no such chart: gfail://x/c-1.0.0.tgz\nError: plugin "gfail" failed to invoke: plugin "gfail" exited with error\n',
  );
});

test('unreadable limits are refused with the variable named', () => {
  const a = runRudder(
    ['template', 'r', hello, '--post-renderer', 'flood'],
    env({ RUDDER_PLUGIN_TIMEOUT: 'soon' }),
  );
  assert.equal(a.code, 1);
  assert.match(a.stderr, /invalid RUDDER_PLUGIN_TIMEOUT: time: invalid duration "soon"/);
  const b = runRudder(['pull', 'gflood://x/c.tgz'], env({ RUDDER_PLUGIN_MAX_OUTPUT: '1e9' }), root);
  assert.match(b.stderr, /invalid RUDDER_PLUGIN_MAX_OUTPUT: "1e9" is not a byte count/);
});
