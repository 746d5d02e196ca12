// SOURCE_DATE_EPOCH (new in Helm 4.3): `package` and `dependency build|update` stamp archive
// entries with that second instead of the files' modification times, a packaged Chart.lock
// says it was generated then, and a bad value fails before anything is done. Compared with the
// real helm v4.3.2; the charts' file times are deliberately left different between the two runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cleanEnv, runHelm, runRudder } from './support.js';

const write = (path: string, text: string): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

/** parent (with Chart.lock and a file:// dependency on sub) and sub, file times set to `mtime`. */
function setup(mtime: number): string {
  // (no "rudder" in these paths: runRudder turns that word into "helm")
  const d = mkdtempSync(join(tmpdir(), 'rsde-'));
  write(join(d, 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
  write(join(d, 'sub', 'values.yaml'), 'a: 1\n');
  write(join(d, 'sub', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n');
  write(
    join(d, 'parent', 'Chart.yaml'),
    'apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://../sub\n',
  );
  write(join(d, 'parent', 'values.schema.json'), '{"type": "object"}\n');
  write(
    join(d, 'parent', 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parent\n',
  );
  const touch = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) touch(p);
      utimesSync(p, mtime, mtime);
    }
  };
  touch(d);
  return d;
}

/** Runs args in two fresh trees (helm's files at one time, rudder's at another); same output. */
function compare(epoch: string, args: string[], prepare: (d: string) => void = () => {}): [string, string] {
  const dirs = [setup(1_600_000_000), setup(1_650_000_000.25)];
  dirs.forEach(prepare);
  const env = cleanEnv({ SOURCE_DATE_EPOCH: epoch });
  const h = runHelm(args, env, dirs[0]);
  const r = runRudder(args, env, dirs[1]);
  const label = `SOURCE_DATE_EPOCH=${epoch} ${args.join(' ')}`;
  assert.equal(r.stderr, h.stderr, `${label}: stderr`);
  assert.equal(r.stdout, h.stdout, `${label}: stdout`);
  assert.equal(r.code, h.code, `${label}: exit code`);
  return [dirs[0]!, dirs[1]!];
}

/** A Chart.lock for parent as `dependency update` writes it (the digest is what helm computes). */
function lock(d: string): void {
  write(
    join(d, 'parent', 'Chart.lock'),
    'dependencies:\n- name: sub\n  repository: file://../sub\n  version: 0.1.0\ndigest: sha256:da78b009933aa7e175d98d822bcf1735d3fa0f46623dfbde83c224af9de5f952\ngenerated: "2021-02-03T04:05:06.789+01:00"\n',
  );
  mkdirSync(join(d, 'parent', 'charts'), { recursive: true });
}

test('package stamps every entry and the packaged Chart.lock with SOURCE_DATE_EPOCH', () => {
  // dependency update archives the file:// dependency with stamped entries…
  const [h, r] = compare('1700000000', ['dependency', 'update', 'parent']);
  const sub = (d: string): Buffer => readFileSync(join(d, 'parent', 'charts', 'sub-0.1.0.tgz'));
  assert.ok(sub(r).equals(sub(h)), 'dependency update: sub-0.1.0.tgz differs from helm’s');
  // …and package (with a lock whose own time and offset differ) stamps the chart and its lock.
  const [h2, r2] = compare('1700000000', ['package', 'parent', '-d', 'out'], (d) => {
    lock(d);
    writeFileSync(join(d, 'parent', 'charts', 'sub-0.1.0.tgz'), sub(h));
  });
  const out = (d: string): Buffer => readFileSync(join(d, 'out', 'parent-1.0.0.tgz'));
  assert.ok(out(r2).equals(out(h2)), 'package: parent-1.0.0.tgz differs from helm’s');
  const tar = gunzipSync(out(r2)).toString('latin1');
  assert.match(tar, /generated: "2023-11-14T22:13:20Z"/);
});

test('dependency build archives file:// dependencies with SOURCE_DATE_EPOCH', () => {
  const [h, r] = compare('0', ['dependency', 'build', 'parent'], lock);
  const sub = (d: string): Buffer => readFileSync(join(d, 'parent', 'charts', 'sub-0.1.0.tgz'));
  assert.ok(sub(r).equals(sub(h)), 'dependency build: sub-0.1.0.tgz differs from helm’s');
});

test('bad SOURCE_DATE_EPOCH values fail as helm fails', () => {
  for (const v of ['abc', '-5', ' 5', '1e3', '99999999999999999999', '253402300800']) {
    for (const args of [
      ['package', 'parent', '-d', 'out'],
      ['dependency', 'build', 'parent'],
      ['dependency', 'update', 'parent'],
    ]) {
      compare(v, args, lock);
    }
  }
  // Accepted forms: a sign, zero, a far but marshallable year.
  for (const v of ['+5', '-0', '253402300799', '']) compare(v, ['package', 'sub', '-d', 'out']);
});

test('template reads SOURCE_DATE_EPOCH for charts with dependencies, and --dependency-update stamps with it', () => {
  // A bad value fails a chart with dependencies (even one whose charts/ is complete)…
  compare('abc', ['template', 'parent'], lock);
  compare('-1', ['template', 'parent', '--dependency-update'], lock);
  // …but not a chart without dependencies.
  compare('abc', ['template', 'sub']);
  // Missing dependencies: an error without --dependency-update; with it, file:// charts are
  // archived (stamped) into charts/ first, and the output includes the subchart.
  compare('1700000000', ['template', 'parent']);
  const [h, r] = compare('1700000000', ['template', 'parent', '--dependency-update']);
  const sub = (d: string): Buffer => readFileSync(join(d, 'parent', 'charts', 'sub-0.1.0.tgz'));
  assert.ok(sub(r).equals(sub(h)), 'template --dependency-update: sub-0.1.0.tgz differs from helm’s');
});
