// Chart size limits as Helm 4.3 applies them: no per-file limit any more (4.2 refused files over
// 5 MiB), but the files a chart directory's loader reads, subcharts included, may total 100 MiB
// (pkg/chart/loader/archive/budget.go); an archive is capped at 100 MiB decompressed as before.
// Compared with the real helm v4.3.2 (large files are sparse, so the test stays quick).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';
import { loadDir } from '../../src/chart/loader.js';

const MiB = 1024 * 1024;

function sized(path: string, bytes: number, fill?: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  if (fill) writeFileSync(path, fill.repeat(bytes));
  else {
    writeFileSync(path, '');
    truncateSync(path, bytes);
  }
}

function chartDir(name: string, files: Record<string, number>): string {
  // (no "rudder" in these paths: runRudder turns that word into "helm")
  const d = join(mkdtempSync(join(tmpdir(), 'rbudget-')), name);
  mkdirSync(join(d, 'templates'), { recursive: true });
  writeFileSync(join(d, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(
    join(d, 'templates', 'x.yaml'),
    'sizes: {{ range $p, $_ := .Files }}{{ $p }}={{ len ($.Files.Get $p) }} {{ end }}\n',
  );
  for (const [f, n] of Object.entries(files)) sized(join(d, f), n, n <= 8 * MiB ? 'a' : undefined);
  return d;
}

function same(args: string[], cwd?: string): string {
  const env = cleanEnv();
  const h = runHelm(args, env, cwd);
  const r = runRudder(args, env, cwd);
  assert.equal(r.stderr, h.stderr, `${args.join(' ')}: stderr`);
  assert.equal(r.stdout, h.stdout, `${args.join(' ')}: stdout`);
  assert.equal(r.code, h.code, `${args.join(' ')}: exit code`);
  return h.stdout + h.stderr;
}

test('files over 5 MiB load from directories and archives', () => {
  const dir = chartDir('bigfile', { 'big.txt': 6 * MiB });
  assert.match(same(['template', dir]), /big\.txt=6291456\n/);
  same(['lint', dir]);
  const out = join(dir, '..', 'out');
  same(['package', dir, '-d', out]);
  assert.match(same(['template', join(out, 'bigfile-0.1.0.tgz')]), /big\.txt=6291456\n/);
});

test('a directory whose files total more than 100 MiB fails at the first file over the budget', () => {
  // charts/ is walked before files/, so the subchart's 41 MiB count first.
  const dir = chartDir('toobig', {
    'charts/sub/Chart.yaml': 0,
    'charts/sub/b.bin': 41 * MiB,
    'files/a.bin': 60 * MiB,
  });
  writeFileSync(join(dir, 'charts', 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
  const msg = 'error reading files/a.bin: chart exceeds maximum decompressed size of 104857600 bytes';
  assert.match(same(['template', dir]), new RegExp(msg.replaceAll('.', '\\.')));
  same(['show', 'chart', dir]);
  same(['package', dir, '-d', join(dir, '..', 'out')]);
  same(['lint', dir]);
  assert.throws(() => loadDir(dir), { message: msg });
  // Ignored files do not count.
  writeFileSync(join(dir, '.helmignore'), 'files/\n');
  same(['template', dir]);
  assert.ok(loadDir(dir));
});
