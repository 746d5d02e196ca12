// Real helm v4.3.2 against the test cluster (or PostgreSQL), and the chart the storage tests install.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requireHelm } from '../../support/corpus.js';

export interface HelmRun {
  code: number;
  stdout: string;
  stderr: string;
}

// One scratch directory per test process for helm's HOME and the charts; removed on exit.
const scratch = mkdtempSync(join(tmpdir(), 'rst-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const home = join(scratch, 'home');

/** Runs helm with a private HOME and the given environment (KUBECONFIG, HELM_DRIVER…). */
export function helm(args: string[], env: Record<string, string>): HelmRun {
  const r = spawnSync(requireHelm(), args, {
    env: { HOME: home, PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** helm that must succeed; returns stdout. */
export function helmOk(args: string[], env: Record<string, string>): string {
  const r = helm(args, env);
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout;
}

const FILES: Record<string, string | Uint8Array> = {
  'Chart.yaml': `apiVersion: v2
name: storetest
version: 1.2.3
appVersion: "4.5"
description: Storage <test> chart & friends
keywords: [storage, test]
maintainers:
  - name: Ann
    email: ann@example.com
annotations:
  example.com/b: "2"
  example.com/a: "1"
dependencies:
  - name: sub
    version: 0.1.0
    repository: file://charts/sub
`,
  'Chart.lock': `dependencies:
- name: sub
  repository: file://charts/sub
  version: 0.1.0
digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
generated: "2025-03-04T05:06:07.123456789+02:00"
`,
  'values.yaml': `replicas: 1
message: "hello <world> & all"
fail: false
nested:
  list: [1, 2.5, "three", null, true]
  big: 12345678901234567890
`,
  'values.schema.json': '{"type":"object","properties":{"replicas":{"type":"integer"}}}\n',
  'README.md': '# storetest\n',
  'files/data.bin': Uint8Array.from([0, 1, 2, 0xfe, 0xff, 0x80, 10]),
  'templates/_helpers.tpl': '{{- define "storetest.name" -}}{{ .Release.Name }}-cm{{- end -}}\n',
  'templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ if .Values.fail }}INVALID_NAME{{ else }}{{ include "storetest.name" . }}{{ end }}
data:
  message: {{ .Values.message | quote }}
  replicas: "{{ .Values.replicas }}"
`,
  'templates/hook.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-3"
    helm.sh/hook-delete-policy: before-hook-creation
data:
  at: "{{ .Release.Revision }}"
`,
  'templates/NOTES.txt': 'Thanks for installing {{ .Release.Name }} && {{ .Chart.Name }} <3\n',
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'charts/sub/values.yaml': 'color: blue\n',
  'charts/sub/templates/sub.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-sub
data:
  color: {{ .Values.color }}
`,
};

/** Writes the storage test chart into a fresh directory and returns its path. */
export function writeTestChart(): string {
  const dir = join(mkdtempSync(join(scratch, 'chart-')), 'storetest');
  for (const [name, data] of Object.entries(FILES)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
  }
  return dir;
}
