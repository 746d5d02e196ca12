// Issue 14 class 1: symbolic-link loops in a chart directory. Helm's sympath.Walk follows links
// under their own names, so a loop nests until the kernel refuses the path; Rudder must stop the
// same way (same INFO lines, same error), fast and in bounded memory, and change nothing.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { helm, makeChart, rudder, scratch, snapshot } from './support.js';

interface Case {
  name: string;
  /** Adds the links to the chart at `chart` (scratch root `root`). */
  build: (chart: string, root: string) => void;
}

const cases: Case[] = [
  { name: 'templates/loop -> .', build: (c) => symlinkSync('.', join(c, 'templates', 'loop')) },
  {
    name: 'files/up -> .. (the chart root)',
    build: (c) => {
      mkdirSync(join(c, 'files'));
      symlinkSync('..', join(c, 'files', 'up'));
    },
  },
  {
    name: 'two loops side by side',
    build: (c) => {
      symlinkSync('.', join(c, 'templates', 'a'));
      symlinkSync('.', join(c, 'templates', 'b'));
    },
  },
  { name: 'absolute link to the chart itself', build: (c) => symlinkSync(c, join(c, 'self')) },
  {
    name: 'link to the parent of the chart',
    build: (c) => symlinkSync('../..', join(c, 'templates', 'parent')),
  },
  {
    name: 'two links pointing at each other',
    build: (c) => {
      symlinkSync('b', join(c, 'a'));
      symlinkSync('a', join(c, 'b'));
    },
  },
  { name: 'dangling link', build: (c) => symlinkSync('missing/target', join(c, 'templates', 'gone.yaml')) },
];

for (const k of cases) {
  for (const cmd of ['template', 'package', 'lint'] as const) {
    test(`symlink loop (${k.name}): ${cmd} stops with Helm's error and INFO lines`, () => {
      const root = scratch();
      try {
        const chart = makeChart(join(root, 'chart'));
        mkdirSync(join(root, 'out-helm'));
        mkdirSync(join(root, 'out-rudder'));
        writeFileSync(join(root, 'sentinel'), 'keep\n');
        k.build(chart, root);
        const args = (out: string): string[] =>
          cmd === 'template'
            ? ['template', 'x', chart]
            : cmd === 'package'
              ? ['package', chart, '-d', out]
              : ['lint', chart];
        const h = helm(args(join(root, 'out-helm')), root);
        const before = snapshot(root);
        const r = rudder(args(join(root, 'out-rudder')), root, { memMb: 192, timeoutMs: 60_000 });
        assert.equal(r.signal, null, 'rudder was killed (hang or crash)');
        assert.equal(r.code, h.code, r.stderr);
        assert.notEqual(r.code, 0);
        assert.equal(r.stderr, h.stderr);
        assert.equal(r.stdout, h.stdout);
        assert.deepEqual(snapshot(root), before, 'nothing changes on failure');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
}

test('a symlink to a file outside the chart is followed, logged as Helm logs it, and renders', () => {
  const root = scratch();
  try {
    const chart = makeChart(join(root, 'chart'));
    mkdirSync(join(root, 'shared'));
    writeFileSync(join(root, 'shared', 'extra.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n');
    symlinkSync('../../shared/extra.yaml', join(chart, 'templates', 'extra.yaml'));
    symlinkSync('../shared', join(chart, 'linked-dir'));
    const h = helm(['template', 'x', chart], root);
    const r = rudder(['template', 'x', chart], root);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, h.stdout);
    assert.equal(r.stderr, h.stderr);
    assert.match(
      r.stderr,
      /^level=INFO msg="found symbolic link in path\. Contents of linked file included and used" path=\S+\/linked-dir resolved=/m,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
