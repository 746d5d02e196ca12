// Issue 14 class 8 (file errors): where Helm and Rudder both fail on a missing or unreadable file,
// the error is Helm's — Go's *PathError text (`open …: no such file or directory`), never Node's
// `ENOENT: no such file or directory, stat '…'` — and Helm's texts for a missing Chart.yaml.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { helm, makeChart, rudder, scratch, snapshot } from './support.js';

interface Case {
  name: string;
  /** Builds the input under `root`; returns the arguments (both tools get the same). */
  build: (root: string) => string[];
}

const chartWith = (root: string, change: (chart: string) => void): string => {
  const chart = makeChart(join(root, 'chart'));
  change(chart);
  return chart;
};

const cases: Case[] = [
  {
    name: 'template: a directory without Chart.yaml',
    build: (r) => (mkdirSync(join(r, 'e')), ['template', 'x', join(r, 'e')]),
  },
  {
    name: 'template: a directory with values.yaml but no Chart.yaml',
    build: (r) => ['template', 'x', chartWith(r, (c) => unlinkSync(join(c, 'Chart.yaml')))],
  },
  {
    name: 'package: a directory without Chart.yaml',
    build: (r) => (mkdirSync(join(r, 'e')), ['package', join(r, 'e'), '-d', r]),
  },
  { name: 'package: a missing path', build: () => ['package', 'missing', '-d', '.'] },
  {
    name: 'show chart: a directory without Chart.yaml',
    build: (r) => (mkdirSync(join(r, 'e')), ['show', 'chart', join(r, 'e')]),
  },
  { name: 'show values: a missing absolute path', build: (r) => ['show', 'values', join(r, 'missing')] },
  { name: 'dependency build: a missing path', build: () => ['dependency', 'build', 'missing'] },
  {
    name: 'dependency list: a directory without Chart.yaml',
    build: (r) => (mkdirSync(join(r, 'e')), ['dependency', 'list', join(r, 'e')]),
  },
  {
    name: 'template: Chart.yaml is a directory',
    build: (r) => [
      'template',
      'x',
      chartWith(r, (c) => (unlinkSync(join(c, 'Chart.yaml')), mkdirSync(join(c, 'Chart.yaml')))),
    ],
  },
  {
    name: 'template: .helmignore is a directory',
    build: (r) => ['template', 'x', chartWith(r, (c) => mkdirSync(join(c, '.helmignore')))],
  },
  {
    name: 'template: a dangling link in files/',
    build: (r) => [
      'template',
      'x',
      chartWith(r, (c) => (mkdirSync(join(c, 'files')), symlinkSync('../nowhere', join(c, 'files', 'f')))),
    ],
  },
  {
    name: 'template: a link through a file (not a directory)',
    build: (r) => ['template', 'x', chartWith(r, (c) => symlinkSync('values.yaml/x', join(c, 'bad')))],
  },
  {
    name: 'lint: Chart.yaml is a directory',
    build: (r) => [
      'lint',
      chartWith(r, (c) => (unlinkSync(join(c, 'Chart.yaml')), mkdirSync(join(c, 'Chart.yaml')))),
    ],
  },
  {
    name: 'lint: values.yaml is a dangling link',
    build: (r) => [
      'lint',
      chartWith(
        r,
        (c) => (unlinkSync(join(c, 'values.yaml')), symlinkSync('nowhere', join(c, 'values.yaml'))),
      ),
    ],
  },
  { name: 'lint: a missing archive', build: (r) => ['lint', join(r, 'missing.tgz')] },
];

for (const k of cases) {
  test(`file errors as Helm's: ${k.name}`, () => {
    const root = scratch();
    try {
      const args = k.build(root);
      writeFileSync(join(root, 'sentinel'), 'keep\n');
      const before = snapshot(root);
      const h = helm(args, root);
      const r = rudder(args, root);
      assert.notEqual(h.code, 0, 'helm fails too');
      assert.equal(r.code, h.code, r.stderr);
      assert.equal(r.stderr, h.stderr);
      assert.equal(r.stdout, h.stdout);
      assert.doesNotMatch(r.stderr + r.stdout, /\bE[A-Z]+: |, (open|stat|lstat|scandir) '/);
      assert.deepEqual(snapshot(root), before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}
