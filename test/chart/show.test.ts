// `rudder show` must print exactly what `helm show` prints for local charts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { showChart, type ShowFormat } from '../../src/chart/show.js';
import { CORPUS_DIR, REPO_ROOT, corpusCharts, requireHelm } from '../support/corpus.js';

const FORMATS: ShowFormat[] = ['all', 'chart', 'values', 'readme', 'crds'];
const work = mkdtempSync(join(tmpdir(), 'rudder-show-'));
after(() => rmSync(work, { recursive: true, force: true }));

function helmShow(format: ShowFormat, chart: string): string {
  const r = spawnSync(requireHelm(), ['show', format, chart], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function assertSameShow(chart: string): void {
  for (const f of FORMATS) assert.equal(showChart(chart, f), helmShow(f, chart), `show ${f}`);
}

test('show prints what helm prints for examples/hello', () => {
  const chart = join(REPO_ROOT, 'examples', 'hello');
  assert.match(showChart(chart, 'chart'), /^apiVersion: v2\nappVersion: 1\.27\.0\n/);
  assertSameShow(chart);
});

test('show handles readme names, missing values, crds separators and archives like helm', () => {
  const c = join(work, 'c');
  mkdirSync(join(c, 'crds'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v1\nname: c\nversion: 1.0.0\nkeywords: [x]\n');
  writeFileSync(join(c, 'requirements.yaml'), 'dependencies: []\n');
  writeFileSync(join(c, 'ReadMe.TXT'), 'read me');
  writeFileSync(join(c, 'crds', 'a.yaml'), 'kind: A\n');
  writeFileSync(join(c, 'crds', 'b.YML'), '---\nkind: B\n');
  writeFileSync(join(c, 'crds', 'c.txt'), 'not a crd\n');
  assert.equal(showChart(c, 'crds'), '---\nkind: A\n\n---\nkind: B\n\n');
  assertSameShow(c);
  const tgz = join(work, 'out');
  const r = spawnSync(requireHelm(), ['package', c, '-d', tgz], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assertSameShow(join(tgz, 'c-1.0.0.tgz'));
});

for (const c of corpusCharts()) {
  test(`corpus ${c.path}: show all/chart/values/readme/crds match helm`, () =>
    assertSameShow(join(CORPUS_DIR, c.path)));
}
