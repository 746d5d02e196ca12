// Go method sets of Helm's template objects, whole charts against real helm v4.3.2: small charts
// written to a temp dir, rendered by `helm template` and `rudder template`, compared byte for
// byte per template (one test per template file) and, for failing charts, by error text.
// The objects come from each tool's own engine: .Values (common.Values, methods before map
// keys), .Capabilities and its KubeVersion (pointer-receiver String/GitVersion, printed through
// String only where Go can take its address), .Files, .Template, .Subcharts, .Chart, .Release.
// Oracle cases for the same objects: method-sets.test.ts.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { KUBE_VERSION_CASES, OBJECT_CASES, ERROR_CASES, type ChartCase } from './method-sets-charts.js';

const root = mkdtempSync(join(tmpdir(), 'rudder-method-sets-'));
const env = cleanEnv();

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const chartYaml = (name: string, deps = ''): string =>
  `apiVersion: v2\nname: ${name}\nversion: 0.1.0\nappVersion: "1.2"\n` +
  `maintainers:\n  - name: m\n    email: m@example.com\n${deps}`;

/** A chart whose values, files and subchart give every object something to show. */
function writeChart(dir: string, name: string, templates: readonly ChartCase[]): void {
  write(join(dir, 'Chart.yaml'), chartYaml(name, 'dependencies:\n  - name: child\n    version: 0.1.0\n'));
  write(
    join(dir, 'values.yaml'),
    'Table: tkey\nYAML: ykey\nAsMap: m\na: 1\nsub:\n  x: 1\n  deep:\n    z: 2\nglobal:\n  g: 1\nchild:\n  c: 3\n',
  );
  write(join(dir, 'files', 'a.txt'), 'line one\nline two\n');
  write(join(dir, 'files', 'b.conf'), 'k=v\n');
  write(join(dir, 'Get'), 'a file named like a method\n');
  write(join(dir, 'charts', 'child', 'Chart.yaml'), chartYaml('child'));
  write(join(dir, 'charts', 'child', 'values.yaml'), 'own: 4\n');
  write(
    join(dir, 'charts', 'child', 'templates', 'child.yaml'),
    'child: |\n  {{ typeOf . }} {{ typeOf .Values }} {{ .Values.Table "global" }} {{ .Values.PathValue "own" }}\n' +
      '  {{ .Values.YAML | indent 2 | trim }}\n',
  );
  for (const c of templates) write(join(dir, 'templates', `${c.name}.yaml`), `${c.name}: |\n  ${c.tpl}\n`);
}

/** `# Source:` path → that document's text. */
function documents(out: string): Map<string, string> {
  const docs = new Map<string, string>();
  for (const part of out.split(/^---\n/m)) {
    const m = /^# Source: (.*)\n/.exec(part);
    if (m) docs.set(m[1]!, part);
  }
  return docs;
}

function render(dir: string, flags: string[]): { helm: RunResult; rudder: RunResult } {
  const args = ['template', 'rel', dir, ...flags];
  return { helm: runHelm(args, env), rudder: runRudder(args, env) };
}

/** One render per flag set; one test per template, comparing that template's document. */
function suite(title: string, chart: string, cases: readonly ChartCase[], flags: string[]): void {
  const dir = join(root, chart);
  writeChart(dir, chart, cases);
  const { helm, rudder } = render(dir, flags);
  test(`${title}: both render`, () => {
    assert.equal(helm.code, 0, helm.stderr);
    assert.equal(rudder.stderr, helm.stderr);
    assert.equal(rudder.code, 0);
  });
  const h = documents(helm.stdout);
  const r = documents(rudder.stdout);
  for (const name of ['child', ...cases.map((c) => c.name)]) {
    const source =
      name === 'child' ? `${chart}/charts/child/templates/child.yaml` : `${chart}/templates/${name}.yaml`;
    test(`${title}: ${name}`, () => {
      const want = h.get(source);
      assert.ok(want !== undefined, `helm printed no ${source}`);
      assert.equal(r.get(source), want);
    });
  }
}

suite('--kube-version with a suffix', 'kv', KUBE_VERSION_CASES, [
  '--kube-version',
  'v1.30.2-gke.1',
  '--api-versions',
  'example.com/v1',
]);
suite('--kube-version major.minor', 'kvshort', KUBE_VERSION_CASES, ['--kube-version', '1.29']);
suite('objects and their methods', 'objects', OBJECT_CASES, ['--kube-version', '1.31.4']);

// Default capabilities: the same shapes (String where addressable, fields elsewhere). The
// default version itself is checked elsewhere (capabilities defaults), so each side's own
// default minor is masked here: its shape must match whatever the version is.
{
  const dir = join(root, 'defaults');
  const cases: ChartCase[] = [
    ...KUBE_VERSION_CASES.filter((c) => !c.name.startsWith('caps-')),
    { name: 'minor', tpl: '{{ .Capabilities.KubeVersion.Minor }}' },
  ];
  writeChart(dir, 'defaults', cases);
  const { helm, rudder } = render(dir, []);
  const minorOf = (out: string): string => /^minor: \|\n {2}(\d+)$/m.exec(out)?.[1] ?? 'none';
  const mask = (out: string): string => {
    const minor = minorOf(out);
    return out
      .replaceAll(`1.${minor}.0`, '1.MINOR.0')
      .replaceAll(` ${minor}}`, ' MINOR}')
      .replaceAll(`"${minor}"`, '"MINOR"');
  };
  const h = documents(mask(helm.stdout));
  const r = documents(mask(rudder.stdout));
  test('default capabilities: both render', () => {
    assert.equal(helm.code, 0, helm.stderr);
    assert.equal(rudder.code, 0, rudder.stderr);
    assert.notEqual(minorOf(helm.stdout), 'none');
  });
  for (const c of cases) {
    test(`default capabilities: ${c.name}`, () => {
      const source = `defaults/templates/${c.name}.yaml`;
      assert.ok(h.has(source), `helm printed no ${source}`);
      assert.equal(r.get(source), h.get(source));
    });
  }
}

// A failing template: the same error text and exit code.
for (const c of ERROR_CASES) {
  test(`error: ${c.name}`, () => {
    const dir = join(root, `err-${c.name}`);
    writeChart(dir, 'err', [c]);
    const { helm, rudder } = render(dir, ['--kube-version', '1.30']);
    assert.notEqual(helm.code, 0, 'helm must fail');
    assert.match(helm.stderr, new RegExp(c.expect ?? '.'));
    assert.equal(rudder.stderr, helm.stderr);
    assert.equal(rudder.code, helm.code);
  });
}
