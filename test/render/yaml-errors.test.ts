// A rendered template that is not valid YAML: `rudder template` prints Helm's message exactly
// (compared with helm v4.3.2), then its own context on stderr: the rendered lines around the
// failing line and, when the traced render can tell, the template line that wrote it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { splitManifests, splitManifestsAt } from '../../src/render/manifests.js';
import { yamlErrorLine } from '../../src/render/yaml-context.js';

const CHART_YAML = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

function chart(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ryamlerr-'));
  for (const [name, text] of Object.entries({ 'Chart.yaml': CHART_YAML, ...files })) {
    const p = join(dir, 'c', name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

/** Runs `template r c` with helm and rudder; checks stdout and Helm's part of stderr; returns rudder's extra text. */
function both(
  files: Record<string, string>,
  extraArgs: string[] = [],
): { helm: RunResult; rudder: RunResult; extra: string } {
  const dir = chart(files);
  const env = cleanEnv();
  const args = ['template', 'r', 'c', ...extraArgs];
  const helm = runHelm(args, env, dir);
  const rudder = runRudder(args, env, dir);
  assert.equal(rudder.code, helm.code, rudder.stderr);
  assert.equal(rudder.stdout, helm.stdout);
  const helmFirst = helm.stderr.split('\n\n')[0]!;
  assert.match(helmFirst, /^Error: YAML parse error on /);
  assert.equal(rudder.stderr.split('\n\n')[0], helmFirst, 'first paragraph as Helm');
  const helmText = helm.stderr.replace(/\n$/, '');
  assert.ok(rudder.stderr.startsWith(helmText), `rudder's stderr starts with helm's:\n${rudder.stderr}`);
  return {
    helm,
    rudder,
    extra: rudder.stderr.slice(helmText.length).replace(/^\n\n/, '').replace(/\n$/, ''),
  };
}

test('text from a helper included with nindent: the lines around it and the helper line', () => {
  const { extra } = both({
    'values.yaml': 'name: foo\n',
    'templates/_helpers.tpl':
      '{{- define "c.labels" -}}\napp: {{ .Values.name }}\n  broken: yes\n{{- end }}\n',
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n  labels:\n    {{- include "c.labels" . | nindent 4 }}\ndata:\n  x: y\n',
    'templates/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n',
  });
  assert.equal(
    extra,
    [
      'Rendered c/templates/cm.yaml, around line 7 of the failing document:',
      '   4 |   name: foo',
      '   5 |   labels:',
      '   6 |     app: foo',
      '>  7 |       broken: yes',
      '   8 | data:',
      '   9 |   x: y',
      '  10 | ',
      'Line 7 was written from the template text at:',
      '  c/templates/_helpers.tpl:3:   broken: yes',
    ].join('\n'),
  );
});

test('the second document of a file: lines count from that document, the source from the file', () => {
  const { extra, helm } = both({
    'values.yaml': 'x: "{a: 1}"\n',
    'templates/multi.yaml':
      '{{- /* leading comment */}}\n\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# second\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels: {{ .Values.x }}\ndata:\n  k: v\n   bad: {{ .Values.x }}\n  other: 1\n',
  });
  assert.equal(yamlErrorLine(helm.stderr), 9);
  assert.equal(
    extra,
    [
      'Rendered c/templates/multi.yaml, around line 9 of the failing document:',
      '   6 |   labels: {a: 1}',
      '   7 | data:',
      '   8 |   k: v',
      '>  9 |    bad: {a: 1}',
      '  10 |   other: 1',
      '  11 | ',
      'Line 9 was written from the template text at:',
      '  c/templates/multi.yaml:16:    bad: {{ .Values.x }}',
    ].join('\n'),
  );
});

test('a line written by an action names the template text before it', () => {
  const { extra } = both({
    'values.yaml': 'raw: "x: 1\\n  y: 2"\n',
    'templates/raw.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw\ndata:\n{{ .Values.raw | indent 2 }}\n',
  });
  assert.equal(
    extra,
    [
      'Rendered c/templates/raw.yaml, around line 7 of the failing document:',
      '  4 |   name: raw',
      '  5 | data:',
      '  6 |   x: 1',
      '> 7 |     y: 2',
      '  8 | ',
      'Line 7 was written by a template action (it holds no template text); the template text before it is at:',
      '  c/templates/raw.yaml:5: data:',
    ].join('\n'),
  );
});

test('no source when the traced render differs near the line (a hash of included text)', () => {
  const { extra } = both({
    'templates/_h.tpl': '{{- define "c.cfg" }}a: 1{{ end -}}\n',
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    sum: {{ include "c.cfg" . | sha256sum }}\n     bad: 1\n',
  });
  assert.match(extra, /^Rendered c\/templates\/cm.yaml, around line 7 of the failing document:\n/);
  assert.match(extra, /\n> 7 \| {6}bad: 1\n/);
  assert.doesNotMatch(extra, /was written/);
});

test('an error at the end of the stream marks the empty last line, without a source', () => {
  const { extra } = both({
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: "unclosed\n',
  });
  assert.equal(
    extra,
    [
      'Rendered c/templates/cm.yaml, around line 7 of the failing document:',
      '  4 |   name: x',
      '  5 | data:',
      '  6 |   k: "unclosed',
      '> 7 | ',
    ].join('\n'),
  );
});

test('an error without a line (a wrong type in the head) adds nothing', () => {
  const dir = chart({ 'templates/cm.yaml': 'apiVersion: v1\nkind: [ConfigMap]\n' });
  const env = cleanEnv();
  const helm = runHelm(['template', 'r', 'c'], env, dir);
  const rudder = runRudder(['template', 'r', 'c'], env, dir);
  assert.equal(helm.code, 1);
  assert.equal(rudder.stderr, helm.stderr);
  assert.equal(rudder.stdout, helm.stdout);
});

test('with --debug the invalid YAML goes to stdout as Helm prints it, the context to stderr', () => {
  const dir = chart({
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: 1\n',
  });
  const env = cleanEnv();
  const args = ['template', 'r', 'c', '--debug'];
  const helm = runHelm(args, env, dir);
  const rudder = runRudder(args, env, dir);
  assert.equal(rudder.code, helm.code);
  assert.equal(rudder.stdout, helm.stdout);
  const errLine = (s: string): string | undefined => s.split('\n').find((l) => l.startsWith('Error: '));
  assert.equal(errLine(rudder.stderr), errLine(helm.stderr));
  const expected =
    '\n> 5 |    bad: 1\n  6 | \nLine 5 was written from the template text at:\n  c/templates/cm.yaml:5:    bad: 1\n';
  assert.ok(rudder.stderr.includes(expected), rudder.stderr);
});

test('splitManifestsAt gives each document where splitManifests finds it', () => {
  const cases = [
    '',
    '---',
    'a: 1',
    '\n\n---\n  a: 1\n--- # x\nb: 2\n---\n\n',
    '--- a\n---\t\nb\n----\nc',
    ' \u00a0x\n---y',
  ];
  for (const text of cases) {
    const at = splitManifestsAt(text);
    assert.deepEqual(
      at.map((d) => d.doc),
      splitManifests(text),
    );
    for (const d of at) assert.equal(text.slice(d.offset, d.offset + d.doc.length), d.doc);
  }
});
