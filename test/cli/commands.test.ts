// create, package, show, lint and dependency compared with the real helm v4.3.2 in temp dirs:
// stdout, stderr, exit code and the files each leaves behind (Chart.lock's `generated` time is
// the one thing masked; chart file times are pinned so archives compare byte for byte).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from './support.js';

const HELLO = join(repoRoot, 'examples', 'hello');
const PINNED = new Date('2024-01-02T03:04:05Z');

/** Every file under dir (relative path → sha256, Chart.lock with its `generated` line removed). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else {
        let data: Buffer | string = readFileSync(p);
        if (n === 'Chart.lock') data = data.toString('utf8').replace(/^generated: .*\n/m, '');
        out[relative(dir, p)] = createHash('sha256').update(data).digest('hex');
      }
    }
  };
  walk(dir);
  return out;
}

function pinTimes(dir: string): void {
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      utimesSync(p, PINNED, PINNED);
    }
  };
  walk(dir);
}

type Setup = (dir: string) => void;

/** Runs setup in two fresh directories, then the command with helm in one and rudder in the other. */
function compare(
  setup: Setup,
  args: (dir: string) => string[],
  label = args('<dir>').join(' '),
  files = true,
): { helm: RunResult; dir: string } {
  // (no "rudder" in these paths: runRudder turns that word into "helm")
  const dirs = ['a', 'b'].map((who) => {
    const d = mkdtempSync(join(tmpdir(), `rcmd-${who}-`));
    setup(d);
    pinTimes(d);
    return d;
  });
  const env = cleanEnv();
  const h = runHelm(args(dirs[0]!), env, dirs[0]);
  const r = runRudder(args(dirs[1]!), env, dirs[1]);
  const norm = (s: string, d: string): string => s.replaceAll(d, '<dir>');
  assert.equal(norm(r.stderr, dirs[1]!), norm(h.stderr, dirs[0]!), `${label}: stderr`);
  assert.equal(norm(r.stdout, dirs[1]!), norm(h.stdout, dirs[0]!), `${label}: stdout`);
  assert.equal(r.code, h.code, `${label}: exit code`);
  if (files) assert.deepEqual(snapshot(dirs[1]!), snapshot(dirs[0]!), `${label}: files`);
  else
    assert.deepEqual(
      Object.keys(snapshot(dirs[1]!)),
      Object.keys(snapshot(dirs[0]!)),
      `${label}: file names`,
    );
  return { helm: h, dir: dirs[0]! };
}

const write = (path: string, text: string): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

/** A parent chart with a file:// dependency on a sibling chart `sub`. */
const withLocalDep =
  (constraint = '>=0.1.0', subVersion = '0.1.0'): Setup =>
  (d) => {
    write(join(d, 'sub', 'Chart.yaml'), `apiVersion: v2\nname: sub\nversion: ${subVersion}\n`);
    write(join(d, 'sub', 'values.yaml'), 'a: 1\n');
    write(
      join(d, 'sub', 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n',
    );
    write(
      join(d, 'parent', 'Chart.yaml'),
      `apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: "${constraint}"\n  repository: file://../sub\n  condition: sub.enabled\n  import-values:\n  - child: a\n    parent: b\n`,
    );
    write(
      join(d, 'parent', 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parent\n',
    );
  };

const none: Setup = () => {};

test('create writes the scaffold helm writes', () => {
  compare(none, () => ['create', 'foo']);
  compare(none, () => ['create', 'a/b/foo']);
  compare(
    (d) => write(join(d, 'foo', 'Chart.yaml'), 'old'),
    () => ['create', 'foo'],
  );
  compare(none, () => ['create']);
  compare(none, () => ['create', 'foo', '--starter', 'missing']);
  compare(none, (d) => ['create', 'foo', '--starter', join(d, 'nope')], 'create --starter <abs>');
});

test('create from a starter chart', () => {
  const starter: Setup = (d) => {
    write(join(d, 'st', 'Chart.yaml'), 'apiVersion: v2\nname: st\nversion: 9.9.9\n');
    write(join(d, 'st', 'values.yaml'), 'name: <CHARTNAME>\n');
    write(join(d, 'st', 'templates', 'x.yaml'), 'name: <CHARTNAME>\n');
  };
  compare(starter, (d) => ['create', 'mine', '--starter', join(d, 'st')], 'create --starter');
});

test('package writes byte-identical archives', () => {
  compare(withLocalDep(), () => ['package', 'sub']);
  compare(withLocalDep(), () => ['package', 'sub', '--version', '2.0.0', '--app-version', 'v9', '-d', 'out']);
  compare(withLocalDep(), () => ['package', 'sub', '--version', 'nope']);
  compare(withLocalDep(), () => ['package', 'parent']);
  compare(withLocalDep(), () => ['package', 'missing']);
  compare(withLocalDep(), () => ['package']);
  compare(withLocalDep(), () => ['package', '--sign', 'sub']);
  compare(withLocalDep(), () => ['package', '--sign', '--key', 'k', '--keyring', '', 'sub']);
});

test('package --dependency-update fetches file:// dependencies first', () => {
  // The archive embeds Chart.lock (with its timestamp): same output and file names, and the
  // dependency archive and lock exist.
  compare(withLocalDep(), () => ['package', '-u', 'parent'], 'package -u parent', false);
  const d = mkdtempSync(join(tmpdir(), 'rcmd-u-'));
  withLocalDep()(d);
  const r = runRudder(['package', '-u', 'parent'], cleanEnv(), d);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(statSync(join(d, 'parent', 'charts', 'sub-0.1.0.tgz')).isFile());
  assert.match(readFileSync(join(d, 'parent', 'Chart.lock'), 'utf8'), /^generated: "\d{4}-\d\d-\d\dT/m);
});

test('show prints what helm prints', () => {
  for (const f of ['all', 'chart', 'values', 'readme', 'crds']) compare(none, () => ['show', f, HELLO]);
  compare(none, () => ['inspect', 'chart', HELLO]);
  compare(withLocalDep(), () => ['show', 'all', 'parent']);
  compare(none, () => ['show']);
  compare(none, () => ['show', 'chart']);
  compare(none, () => ['show', 'chart', 'nope']);
  compare(none, () => ['show', 'chart', './nope']);
  compare(withLocalDep(), () => ['package', 'sub']);
});

test('help texts of the chart commands', () => {
  for (const c of [
    ['create'],
    ['package'],
    ['show'],
    ['show', 'all'],
    ['show', 'values'],
    ['lint'],
    ['dependency'],
    ['dep', 'build'],
    ['dep', 'update'],
    ['dep', 'list'],
  ]) {
    compare(none, () => [...c, '--help']);
  }
});

test('dependency list shows each status', () => {
  compare(withLocalDep(), () => ['dep', 'list', 'parent']);
  compare(withLocalDep(), () => ['dep', 'list', 'parent', '--max-col-width', '5']);
  compare(none, () => ['dep', 'list', HELLO]);
  compare(none, () => ['dep', 'list', 'missing']);
  compare(
    (d) => {
      withLocalDep('0.1.0', '0.2.0')(d);
      write(join(d, 'parent', 'charts', 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.2.0\n');
      write(
        join(d, 'parent', 'charts', 'other', 'Chart.yaml'),
        'apiVersion: v2\nname: other\nversion: 0.2.0\n',
      );
      write(join(d, 'parent', 'charts', 'junk.tgz'), 'not a chart');
    },
    () => ['dep', 'list', 'parent'],
    'dep list wrong version / not in Chart.yaml / not a chart',
  );
});

test('dependency build and update package file:// dependencies and write Chart.lock', () => {
  compare(withLocalDep(), () => ['dep', 'build', 'parent']);
  compare(withLocalDep(), () => ['dep', 'update', 'parent']);
  compare(withLocalDep('>=0.2.0'), () => ['dep', 'update', 'parent']);
  compare(withLocalDep('~1'), () => ['dep', 'build', 'parent']);
  compare(withLocalDep('not a version'), () => ['dep', 'update', 'parent']);
  compare(none, () => ['dep', 'build', 'missing']);
  compare(none, () => ['dep', 'update', HELLO]);
  // A stale file in charts/ is deleted; a lock that no longer matches Chart.yaml is refused.
  compare(
    (d) => {
      withLocalDep()(d);
      pinTimes(d);
      runHelm(['dep', 'build', 'parent'], cleanEnv(), d);
      runHelm(['package', 'sub', '--version', '0.0.9', '-d', 'parent/charts'], cleanEnv(), d);
    },
    () => ['dep', 'update', 'parent'],
    'dep update deletes outdated charts',
  );
  compare(
    (d) => {
      withLocalDep()(d);
      pinTimes(d);
      runHelm(['dep', 'build', 'parent'], cleanEnv(), d);
      const cy = join(d, 'parent', 'Chart.yaml');
      writeFileSync(cy, readFileSync(cy, 'utf8').replace('>=0.1.0', '>=0.0.1'));
    },
    () => ['dep', 'build', 'parent'],
    'dep build with an out-of-sync lock',
  );
  compare(
    (d) => {
      withLocalDep()(d);
      pinTimes(d);
      runHelm(['dep', 'build', 'parent'], cleanEnv(), d);
    },
    () => ['dep', 'build', 'parent'],
    'dep build from an existing lock',
  );
});

test('dependencies from an unreachable chart repository fail as helm fails', () => {
  const d = mkdtempSync(join(tmpdir(), 'rcmd-remote-'));
  write(
    join(d, 'p', 'Chart.yaml'),
    'apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: x\n  version: 1.0.0\n  repository: https://127.0.0.1:9/charts\n',
  );
  const env = cleanEnv();
  const r = runRudder(['dep', 'update', 'p'], env, d);
  assert.equal(r.code, 1);
  assert.deepEqual(r, runHelm(['dep', 'update', 'p'], env, d));
  assert.match(r.stderr, /no cached repository for helm-manager-[0-9a-f]{64} found/);
});

test('lint on constructed charts', () => {
  const chart =
    (files: Record<string, string>): Setup =>
    (d) => {
      for (const [k, v] of Object.entries(files)) write(join(d, 'c', k), v);
    };
  const cases: Record<string, Record<string, string>> = {
    'number version': { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0\n' },
    'unknown field': {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\nfoo: bar\nappVersion: 3\n',
      'templates/.keep': '',
    },
    'bad yaml': { 'Chart.yaml': 'apiVersion: v2\nname: [c\n' },
    'bad metadata': {
      'Chart.yaml':
        'name: c/x\nversion: abc\nicon: nope\nsources: [""]\nmaintainers:\n- email: x\ntype: foo\n',
    },
    'v1 with dependencies': {
      'Chart.yaml':
        'apiVersion: v1\nname: c\nversion: 0.0.0-1\ntype: application\ndependencies:\n- name: a\n  repository: ""\n',
    },
    maintainers: {
      'Chart.yaml':
        'apiVersion: v2\nname: c\nversion: 1.0.0\nicon: https://x.io/i.png\nmaintainers:\n- name: a\n  email: a@b.io\n  url: https://x.io\n- name: b\n  email: bad\n',
    },
    templates: {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'values.yaml': 'x: 1\n',
      'templates/a.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Foo_Bar\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: 1abc\n---\nkind: Role\napiVersion: rbac.authorization.k8s.io/v1\nmetadata:\n  name: a/b%\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: List\nitems:\n- metadata:\n    annotations:\n      helm.sh/resource-policy: keep\n',
      'templates/b.yaml': '  indented: 1\n',
      'templates/d.json': '{}',
      'templates/e.yaml':
        'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: x\n---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: x\n---\napiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: x\n',
      'templates/f.yaml': 'kind: {a: 1}\n',
    },
    'invalid yaml stops the template rules': {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'templates/a.yaml': 'a: b\n---\nfoo: [\n',
      'templates/z.json': '{}',
    },
    'required and fail only warn': {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'templates/a.yaml': 'a: {{ required "need x" .Values.x }}\nb: {{ .Values.y | quote }}\n',
    },
    'render error': {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'templates/a.yaml': '{{ .Values.x.y.z }}\n{{ include "nope" . }}\n',
    },
    schema: {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      // One finding per run: Helm lists several in Go map order, which varies.
      'values.yaml': 'port: true\n',
      'values.schema.json': '{"type":"object","properties":{"port":{"type":"string"}}}',
      'templates/a.yaml': 'x: 1\n',
    },
    crds: {
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'crds/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      'crds/b.yaml':
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x\n',
    },
    dependencies: {
      'Chart.yaml':
        'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: a\n  version: 1.0.0\n  repository: file://../a\n- name: b\n  alias: a\n  version: 1.0.0\n  repository: file://../b\n',
      'charts/z/Chart.yaml': 'apiVersion: v2\nname: z\nversion: 1.0.0\n',
      'templates/a.yaml': 'x: 1\n',
    },
    'no templates dir': { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n' },
  };
  for (const [name, files] of Object.entries(cases)) {
    compare(chart(files), () => ['lint', 'c'], `lint: ${name}`);
    compare(chart(files), () => ['lint', '--strict', '--quiet', 'c'], `lint --strict --quiet: ${name}`);
  }
  compare(chart(cases.templates!), () => ['lint', '--kube-version', '1.20', 'c'], 'lint --kube-version');
  compare(chart(cases.schema!), () => ['lint', '--set', 'port=x', 'c'], 'lint --set fixes the schema');
  compare(
    chart(cases.schema!),
    () => ['lint', '--skip-schema-validation', 'c'],
    'lint --skip-schema-validation',
  );
  compare(none, () => ['lint', 'missing']);
  compare(none, () => ['lint', '--kube-version', 'x', HELLO]);
  compare(none, () => ['lint']);
  compare(none, () => ['lint', HELLO, HELLO, '--quiet']);
  compare(withLocalDep(), () => ['package', 'sub', '-d', 'sub']);
});

test('lint of archives and --with-subcharts', () => {
  const setup: Setup = (d) => {
    withLocalDep()(d);
    pinTimes(d);
    runHelm(['dep', 'build', 'parent'], cleanEnv(), d);
    runHelm(['package', 'sub'], cleanEnv(), d);
  };
  const norm = /\/tmp\/helm-lint\d+/g;
  const h = runHelm(
    ['lint', 'sub-0.1.0.tgz', '--with-subcharts'],
    cleanEnv(),
    (() => {
      const d = mkdtempSync(join(tmpdir(), 'rcmd-a-'));
      setup(d);
      return d;
    })(),
  );
  const d2 = mkdtempSync(join(tmpdir(), 'rcmd-b-'));
  setup(d2);
  const r = runRudder(['lint', 'sub-0.1.0.tgz', '--with-subcharts'], cleanEnv(), d2);
  assert.equal(r.stdout.replace(norm, 'T'), h.stdout.replace(norm, 'T'));
  assert.equal(r.code, h.code);
  compare(setup, () => ['lint', 'parent', '--with-subcharts', '--strict']);
});
