// The opt-in for Helm 3's post-renderers (RUDDER_POST_RENDERER_EXEC): a program given to
// --post-renderer runs in Helm 4's pipeline; its output is compared with helm v4.3.2 running the
// same program as a postrenderer/v1 plugin. Without the opt-in, rudder refuses it as helm does.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, repoRoot, runHelm, runRudder } from '../cli/support.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-exec-pr-'));
after(() => rmSync(root, { recursive: true, force: true }));
const hello = join(repoRoot, 'examples', 'hello');
const plugins = join(root, 'plugins');

// A program that labels every document with its arguments; the same program as a plugin.
const label = join(root, 'label.sh');
writeFileSync(label, '#!/bin/sh\nsed "s/^metadata:$/metadata:\\n  labels:\\n    post: \\"$*\\"/"\n', {
  mode: 0o755,
});
for (const [name, command] of [
  ['catpr', 'cat'],
  ['labelpr', label],
]) {
  mkdirSync(join(plugins, name), { recursive: true });
  writeFileSync(
    join(plugins, name, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\n` +
      `runtimeConfig:\n  platformCommand:\n    - command: ${command}\n`,
  );
}
const env = (optIn: boolean): Record<string, string> =>
  cleanEnv({ HELM_PLUGINS: plugins, ...(optIn ? { RUDDER_POST_RENDERER_EXEC: '1' } : {}) });

test('opted in, a program runs as a post-renderer: the bytes helm gives with it as a plugin', () => {
  const cases: [string[], string[]][] = [
    [
      ['--post-renderer', 'catpr'],
      ['--post-renderer', 'cat'],
    ],
    [
      ['--post-renderer', 'catpr'],
      ['--post-renderer', '/bin/cat'],
    ],
    [
      ['--post-renderer', 'labelpr', '--post-renderer-args', 'a', '--post-renderer-args', 'b c'],
      ['--post-renderer', label, '--post-renderer-args', 'a', '--post-renderer-args', 'b c'],
    ],
  ];
  for (const [asPlugin, asProgram] of cases) {
    const h = runHelm(['template', 'x', hello, ...asPlugin], env(false));
    assert.equal(h.code, 0, h.stderr);
    assert.deepEqual(runRudder(['template', 'x', hello, ...asProgram], env(true)), h, asProgram.join(' '));
  }
  assert.match(
    runRudder(['template', 'x', hello, ...cases[2]![1]], env(true)).stdout,
    /labels:\n {4}post: "a b c"/,
  );
  // A plugin of that name still wins.
  const h = runHelm(['template', 'x', hello, '--post-renderer', 'catpr'], env(false));
  assert.deepEqual(runRudder(['template', 'x', hello, '--post-renderer', 'catpr'], env(true)), h);
});

test('without the opt-in a program is refused as by helm; opted in, Helm 3 errors', () => {
  for (const p of ['/bin/cat', 'cat']) {
    const args = ['template', 'x', hello, '--post-renderer', p];
    const h = runHelm(args, env(false));
    assert.equal(h.code, 1);
    assert.deepEqual(runRudder(args, env(false)), h);
  }
  const run = (p: string, ...more: string[]) =>
    runRudder(['template', 'x', hello, '--post-renderer', p, ...more], env(true));
  const missing = run('./nope');
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    'Error: invalid argument "./nope" for "--post-renderer" flag: unable to find binary at ./nope: exec: "./nope": stat ./nope: no such file or directory\n',
  );
  assert.match(run('nope-xyz').stderr, /exec: "nope-xyz": executable file not found in \$PATH\n$/);
  const fail = join(root, 'fail.sh');
  writeFileSync(fail, '#!/bin/sh\necho "oops $*" >&2\nexit 3\n', { mode: 0o755 });
  const f = run(fail, '--post-renderer-args', 'a1');
  assert.equal(f.code, 1);
  assert.match(
    f.stderr,
    /^Error: error while running post render on files: error while running command \S+\/fail.sh. error output:\noops a1\n: exit status 3\n/,
  );
  assert.match(run('true').stderr, /post-renderer "\/\S+\/true" produced empty output/);
});
