// Issue 14 class 3: writes through symbolic links. Helm writes a dependency build into a charts/
// that links out of the chart and overwrites the target of a link at `package -d`'s destination;
// Rudder refuses the first and replaces the link (temp file + rename) in the second.
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeChart, rudder, scratch, snapshot } from './support.js';

/** parent/ depends on sub/ through file://. */
function parentWithDependency(root: string): string {
  makeChart(join(root, 'sub'), 'sub');
  const parent = makeChart(join(root, 'parent'), 'parent');
  writeFileSync(
    join(parent, 'Chart.yaml'),
    'apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://../sub\n',
  );
  return parent;
}

for (const verb of ['build', 'update']) {
  test(`dependency ${verb} refuses a charts/ that links out of the chart and writes nothing`, () => {
    const root = scratch();
    try {
      const parent = parentWithDependency(root);
      mkdirSync(join(root, 'outside'));
      writeFileSync(join(root, 'outside', '.precious'), 'keep me\n');
      symlinkSync('../outside', join(parent, 'charts'));
      const before = snapshot(root);
      const r = rudder(['dependency', verb, parent], root);
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /^Error: refusing to write into the charts directory ".*\/parent\/charts": it is a symbolic link that leads outside ".*\/parent"\n(?![^]*\n.)/m,
      );
      assert.deepEqual(snapshot(root), before, 'nothing written, no tmpcharts left behind');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('dependency build into a charts/ that links inside the chart still works', () => {
  const root = scratch();
  try {
    const parent = parentWithDependency(root);
    mkdirSync(join(parent, 'vendor'));
    symlinkSync('vendor', join(parent, 'charts'));
    const r = rudder(['dependency', 'build', parent], root);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(join(parent, 'vendor')), ['sub-0.1.0.tgz']);
    assert.ok(lstatSync(join(parent, 'Chart.lock')).isFile());
    assert.deepEqual(
      readdirSync(parent).filter((n) => n.startsWith('tmpcharts')),
      [],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('dependency build replaces a symlinked archive in charts/ instead of writing through it', () => {
  const root = scratch();
  try {
    const parent = parentWithDependency(root);
    mkdirSync(join(parent, 'charts'));
    // The victim is a valid archive of sub (the loader reads charts/ first); the build must not touch it.
    assert.equal(rudder(['package', join(root, 'sub'), '-d', join(root, 'pkg')], root).code, 0);
    const victim = join(root, 'pkg', 'sub-0.1.0.tgz');
    const bytes = readFileSync(victim);
    symlinkSync(victim, join(parent, 'charts', 'sub-0.1.0.tgz'));
    writeFileSync(join(root, 'sub', 'templates', 'new.yaml'), '# changed\n');
    const r = rudder(['dependency', 'update', parent], root);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readFileSync(victim), bytes);
    assert.ok(lstatSync(join(parent, 'charts', 'sub-0.1.0.tgz')).isFile());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("dependency update refuses a Chart.lock symlink with Helm's text", () => {
  const root = scratch();
  try {
    const parent = parentWithDependency(root);
    writeFileSync(join(root, 'victim'), 'keep me\n');
    symlinkSync('../victim', join(parent, 'Chart.lock'));
    const r = rudder(['dependency', 'update', parent], root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: the Chart\.lock file is a symlink to "\.\.\/victim"\n$/m);
    assert.equal(readFileSync(join(root, 'victim'), 'utf8'), 'keep me\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('package -d over an existing symlinked archive replaces the link, never its target', () => {
  const root = scratch();
  try {
    const chart = makeChart(join(root, 'chart'));
    mkdirSync(join(root, 'dest'));
    writeFileSync(join(root, 'victim'), 'keep me\n');
    symlinkSync('../victim', join(root, 'dest', 'demo-0.1.0.tgz'));
    const r = rudder(['package', chart, '-d', join(root, 'dest')], root);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(root, 'victim'), 'utf8'), 'keep me\n');
    const st = lstatSync(join(root, 'dest', 'demo-0.1.0.tgz'));
    assert.ok(st.isFile());
    assert.equal(st.mode & 0o777, 0o644);
    assert.deepEqual(readdirSync(join(root, 'dest')), ['demo-0.1.0.tgz'], 'no temp file left');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
