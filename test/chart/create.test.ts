// `rudder create` must write exactly the tree `helm create` writes (files, bytes, modes), copy
// starters the way Helm does, and fail with Helm's messages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createChart } from '../../src/chart/create.js';
import { CORPUS_DIR, REPO_ROOT, requireHelm } from '../support/corpus.js';

const work = mkdtempSync(join(tmpdir(), 'rudder-create-'));
after(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const d = join(work, `d${n++}`);
  mkdirSync(d);
  return d;
};

function helm(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(requireHelm(), args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** Every path under dir with its mode and content. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) {
        out.set(`${r}/`, mode);
        walk(p, r);
      } else out.set(r, `${mode} ${readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir, '');
  return out;
}

test('create writes the same scaffold as helm create, byte for byte, with the same output', () => {
  const a = fresh();
  const b = fresh();
  const h = helm(a, ['create', 'my-app']);
  assert.equal(h.status, 0, h.stderr);
  const r = createChart('my-app', { cwd: b });
  assert.equal(r.output, h.stdout);
  assert.equal(r.path, join(b, 'my-app'));
  const ours = tree(b);
  assert.ok(ours.has('my-app/templates/tests/test-connection.yaml'));
  assert.ok(ours.has('my-app/charts/'));
  assert.deepEqual(ours, tree(a));
});

test('create with a path argument creates the chart in the parent directory, named after the last element', () => {
  const a = fresh();
  const b = fresh();
  mkdirSync(join(a, 'sub'));
  mkdirSync(join(b, 'sub'));
  assert.equal(helm(a, ['create', 'sub/x.y']).status, 0);
  createChart('sub/x.y', { cwd: b });
  assert.deepEqual(tree(b), tree(a));
});

test('create over an existing chart warns for each file and overwrites it', () => {
  const a = fresh();
  const b = fresh();
  helm(a, ['create', 'c']);
  createChart('c', { cwd: b });
  writeFileSync(join(b, 'c', 'values.yaml'), 'changed\n');
  const h = helm(a, ['create', 'c']);
  const r = createChart('c', { cwd: b });
  assert.match(r.output, /WARNING: File ".*\/c\/values.yaml" already exists. Overwriting.\n/);
  assert.equal(r.output.replaceAll(b, '<dir>'), h.stdout.replaceAll(a, '<dir>'));
  assert.deepEqual(tree(b), tree(a));
});

test("create fails with helm's messages", () => {
  const a = fresh();
  writeFileSync(join(a, 'afile'), '');
  const cases = ['bad name', 'afile', 'nodir/x', 'x'.repeat(251)];
  for (const name of cases) {
    const h = helm(a, ['create', name]);
    assert.notEqual(h.status, 0);
    const printed: string[] = [];
    assert.throws(
      () => createChart(name, { cwd: a, out: (t) => printed.push(t) }),
      (err: Error) => `Error: ${err.message}\n` === h.stderr,
      name,
    );
    assert.equal(printed.join(''), h.stdout);
  }
});

test('create --starter copies a starter chart with the name replaced, like helm', () => {
  const data = fresh();
  const starters = join(data, 'starters');
  mkdirSync(starters);
  cpSync(join(REPO_ROOT, 'examples', 'hello'), join(starters, 'hello'), { recursive: true });
  writeFileSync(join(starters, 'hello', 'values.yaml'), 'name: <CHARTNAME>\n', { flag: 'a' });
  writeFileSync(join(starters, 'hello', 'templates', 'x.yaml'), '{{ include "<CHARTNAME>.fullname" . }}\n');
  const a = fresh();
  const b = fresh();
  // Bare name: looked up in $HELM_DATA_HOME/starters.
  assert.equal(helm(a, ['create', 'foo', '--starter', 'hello'], { HELM_DATA_HOME: data }).status, 0);
  createChart('foo', { cwd: b, starter: 'hello', starterDir: starters });
  // Absolute path to a chart with subcharts: they are saved as archives in charts/.
  const kong = join(CORPUS_DIR, 'bitnami', 'charts', 'kong');
  assert.equal(helm(a, ['create', 'bar', '--starter', kong]).status, 0);
  createChart('bar', { cwd: b, starter: kong });
  const ours = tree(b);
  assert.match(ours.get('foo/values.yaml') ?? '', /./);
  assert.ok(readFileSync(join(b, 'foo', 'values.yaml'), 'utf8').endsWith('name: foo\n'));
  assert.ok([...ours.keys()].some((k) => /^bar\/charts\/postgresql-.*\.tgz$/.test(k)));
  assert.deepEqual(ours, tree(a));
});

test('create --starter with a missing starter fails like helm', () => {
  const data = fresh();
  const a = fresh();
  const h = helm(a, ['create', 'y', '--starter', 'nope'], { HELM_DATA_HOME: data });
  assert.throws(
    () => createChart('y', { cwd: a, starter: 'nope', starterDir: join(data, 'starters') }),
    (err: Error) => `Error: ${err.message}\n` === h.stderr,
  );
});
