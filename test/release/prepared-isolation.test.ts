// A prepared chart keeps the last render's processed chart and coalesced values for a render
// with equal values (src/release/prepared.ts): templates that change `.Values` (set, unset,
// through globals a subchart shares with its parent) must not reach later renders, a caller
// changing its values object in place between renders must get a fresh computation, and the
// warnings of dependency processing and coalescing must come again on every render; the parsed
// template set a render leaves for the next (src/render/engine.ts KeptSet) must not carry a
// `define` made in a tpl call, nor anything of a render that failed. Outputs are compared with
// the real helm v4.3.2 and warnings with a fresh renderRelease.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadChart } from '../../src/chart/loader.js';
import { GoMap } from '../../src/go/value.js';
import { PreparedChart } from '../../src/release/prepared.js';
import { renderRelease, type RenderedRelease } from '../../src/release/render.js';
import { parseSet } from '../../src/values/strvals.js';
import { cleanEnv, runHelm } from '../cli/support.js';

const FILES: Record<string, string> = {
  'Chart.yaml': [
    'apiVersion: v2',
    'name: top',
    'version: 0.1.0',
    'dependencies:',
    '  - name: sub',
    '    version: 0.1.0',
    '    condition: sub.enabled',
    '    import-values:',
    '      - child: shared',
    '        parent: imported',
    '',
  ].join('\n'),
  'values.yaml': [
    'global:',
    '  tbl:',
    '    inner:',
    '      x: 1',
    'removed: gone-after-unset',
    'list: [a, b]',
    'name: plain',
    'sub:',
    '  enabled: true',
    '',
  ].join('\n'),
  // Templates run in Helm's order: the subchart's first, then the parent's lexically.
  'templates/a.yaml': [
    '{{- $_ := set .Values "added" (printf "%s-%d" "once" (len .Values.list)) }}',
    '{{- $_ := unset .Values "removed" }}',
    '{{- $_ := set .Values.global.tbl.inner "fromA" "yes" }}',
    '{{- $l := append .Values.list "c" }}',
    '{{- $_ := set .Values "list" $l }}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: a',
    'data:',
    '  values: |',
    '{{ toYaml .Values | indent 4 }}',
    '',
  ].join('\n'),
  'templates/b.yaml': [
    '{{- $_ := set .Values "added" (printf "%s+b" (.Values.added | default "none")) }}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: b',
    'data:',
    '  values: |',
    '{{ toYaml .Values | indent 4 }}',
    '',
  ].join('\n'),
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'charts/sub/values.yaml': ['shared:', '  port: 80', 'own: 1', 'name: {a: 1}', ''].join('\n'),
  'charts/sub/templates/s.yaml': [
    '{{- $_ := set .Values.global.tbl.inner "fromSub" "yes" }}',
    '{{- $_ := set .Values.shared "port" 81 }}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: s',
    'data:',
    '  values: |',
    '{{ toYaml .Values | indent 4 }}',
    '',
  ].join('\n'),
};

function writeChart(root: string): string {
  const dir = join(root, 'top');
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const templateOutput = (r: RenderedRelease): string =>
  `${r.manifest.trim()}\n` + r.hooks.map((h) => `---\n# Source: ${h.path}\n${h.manifest}\n`).join('');

const OPTS = { releaseName: 'iso', namespace: 'ns', kubeVersion: 'v1.34.2' };

test('renders from one prepared chart stay apart: changed .Values, changed inputs, warnings', () => {
  const root = mkdtempSync(join(tmpdir(), 'rudder-prepared-iso-'));
  try {
    const dir = writeChart(root);
    const env = cleanEnv();
    // `name.x=1` sets a table over the parent's plain `name`, which coalescing warns about.
    const sets = ['', '', '', 'sub.enabled=false', '', 'name.x=1', 'name.x=1', 'name.x=1', 'list[0]=z', ''];
    const helmOut = new Map<string, string>();
    for (const set of new Set(sets)) {
      const args = ['template', 'iso', dir, '--namespace', 'ns', '--kube-version', 'v1.34.2'];
      if (set !== '') args.push('--set', set);
      const r = runHelm(args, env);
      assert.equal(r.code, 0, `helm ${args.join(' ')}: ${r.stderr}`);
      helmOut.set(set, r.stdout);
    }
    const p = new PreparedChart(loadChart(dir));
    // One values object, changed in place between renders, as a caller may reuse it.
    const vals = new GoMap();
    let compared = 0;
    for (const set of sets) {
      vals.entries.clear();
      if (set !== '') parseSet(set, vals);
      const got: string[] = [];
      const r = p.render(vals, { ...OPTS, warn: (m) => got.push(m) });
      assert.equal(templateOutput(r), helmOut.get(set), `--set ${set}: output`);
      const want: string[] = [];
      renderRelease(loadChart(dir), vals, { ...OPTS, warn: (m) => want.push(m) });
      assert.deepEqual(got, want, `--set ${set}: warnings`);
      if (set.startsWith('name.x')) assert.ok(got.length > 0, 'the warning case warns');
      compared++;
    }
    assert.equal(compared, sets.length);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const KEPT_SET_CHART: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: kept\nversion: 0.1.0\n',
  'values.yaml': 'fail: false\nprobe: false\n',
  'templates/_helpers.tpl': '{{- define "kept.name" }}{{ .Chart.Name }}-{{ .Release.Name }}{{ end }}\n',
  'templates/t.yaml': [
    '{{- if .Values.fail }}{{ fail "asked to fail" }}{{ end }}',
    '{{- $d := tpl "{{ define \\"leak\\" }}leaked{{ end }}defined" . }}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ include "kept.name" . }}',
    'data:',
    '  d: {{ $d | quote }}',
    '  n: {{ tpl "{{ include \\"kept.name\\" . }}" . | quote }}',
    '  {{- if .Values.probe }}',
    '  p: {{ tpl "{{ include \\"leak\\" . }}" . | quote }}',
    '  {{- end }}',
    '',
  ].join('\n'),
};

test('a template set kept between renders: tpl defines stay in their call, failed renders leave nothing', () => {
  const root = mkdtempSync(join(tmpdir(), 'rudder-prepared-set-'));
  try {
    const dir = join(root, 'kept');
    for (const [name, text] of Object.entries(KEPT_SET_CHART)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const env = cleanEnv();
    const sets = ['', 'probe=true', '', 'fail=true', '', 'probe=true', 'fail=true', ''];
    const helm = new Map<string, { code: number; stdout: string; stderr: string }>();
    for (const set of new Set(sets)) {
      const args = ['template', 'iso', dir, '--namespace', 'ns', '--kube-version', 'v1.34.2'];
      if (set !== '') args.push('--set', set);
      helm.set(set, runHelm(args, env));
    }
    const p = new PreparedChart(loadChart(dir));
    let errors = 0;
    for (const set of sets) {
      const vals = new GoMap();
      if (set !== '') parseSet(set, vals);
      const want = helm.get(set)!;
      let got: string;
      try {
        got = templateOutput(p.render(vals, OPTS));
      } catch (err) {
        assert.notEqual(want.code, 0, `--set ${set}: rudder failed, helm did not: ${(err as Error).message}`);
        assert.ok(
          want.stderr.includes(`Error: ${(err as Error).message}`),
          `--set ${set}: ${(err as Error).message} vs helm ${want.stderr}`,
        );
        errors++;
        continue;
      }
      assert.equal(want.code, 0, `--set ${set}: helm failed: ${want.stderr}`);
      assert.equal(got, want.stdout, `--set ${set}: output`);
    }
    assert.equal(errors, 4);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
