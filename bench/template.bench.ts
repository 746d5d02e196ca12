// Template engine benchmark: parse and execute the same template sets with Rudder's engine
// and with Go's text/template (the gotmpl oracle, in its own process, timing itself), and
// print the time ratios. `language` uses only text/template builtins (issue: the engine);
// `functions` is a function-heavy Helm-style set (Sprig and Helm's functions).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { newHelmTemplate } from '../src/render/engine.js';
import { Template } from '../src/template/index.js';
import type { Value } from '../src/go/value.js';
import { decodeData, oraclePath } from '../test/support/oracle.js';
import { testFuncs } from '../test/support/testfuncs.js';

interface BenchSet {
  name: string;
  mode: 'go' | 'helm';
  templates: [string, string][];
  execute: string[];
  data: unknown;
}

function values(n: number): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    services[`svc${i}`] = {
      enabled: i % 3 !== 0,
      port: 8000 + i,
      image: { repository: `registry.example.com/team/app${i}`, tag: `1.${i}.0` },
      labels: { tier: i % 2 ? 'web' : 'worker', team: `t${i % 5}` },
      args: ['--verbose', `--id=${i}`, '--mode=fast'],
      resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
    };
  }
  return { Values: { name: 'bench', replicas: 3, services }, Release: { Name: 'rel', Namespace: 'ns' } };
}

const LANGUAGE: BenchSet = {
  name: 'language (builtins only)',
  mode: 'go',
  data: values(60),
  execute: ['deployments.yaml', 'services.yaml', 'summary.txt'],
  templates: [
    [
      '_helpers.tpl',
      `{{- define "labels" -}}
app: {{ .image.repository }}
{{- range $k, $v := .labels }}
{{ $k }}: {{ printf "%q" $v }}
{{- end }}
{{- end -}}
{{- define "image" -}}{{ .image.repository }}:{{ .image.tag }}{{- end -}}`,
    ],
    [
      'deployments.yaml',
      `{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $.Release.Name }}-{{ $name }}
  namespace: {{ $.Release.Namespace }}
  labels:
{{ template "labels" $svc }}
spec:
  replicas: {{ $.Values.replicas }}
  template:
    spec:
      containers:
        - name: {{ $name }}
          image: {{ template "image" $svc }}
          args:
{{- range $i, $a := $svc.args }}
            - {{ printf "%q" $a }}{{ if eq $i 0 }} # first{{ end }}
{{- end }}
          ports:
            - containerPort: {{ $svc.port }}
          resources:
{{- with $svc.resources }}
            limits: {cpu: {{ .limits.cpu }}, memory: {{ .limits.memory }}}
            requests: {cpu: {{ .requests.cpu }}, memory: {{ .requests.memory }}}
{{- end }}
{{- end }}
{{- end }}`,
    ],
    [
      'services.yaml',
      `{{- range $name, $svc := .Values.services }}
{{- if and $svc.enabled (gt $svc.port 8010.0) }}
---
kind: Service
metadata: {name: {{ $name }}, port: "{{ $svc.port }}"}
spec:
  ports: [{{ $svc.port }}]
  selector: {{ index $svc.labels "tier" }}/{{ len $svc.args }}
{{- else }}
# {{ $name }} skipped
{{- end }}
{{- end }}`,
    ],
    [
      'summary.txt',
      `{{ $n := 0 }}{{ range .Values.services }}{{ if .enabled }}{{ $n = len .args }}{{ end }}{{ end -}}
services: {{ len .Values.services }} last-args: {{ $n }} {{ println "done" }}{{ print 1 2 "x" 3.5 }}`,
    ],
  ],
};

const FUNCTIONS: BenchSet = {
  name: 'functions (Sprig and Helm)',
  mode: 'helm',
  data: values(40),
  execute: ['deployments.yaml', 'config.yaml'],
  templates: [
    [
      '_helpers.tpl',
      `{{- define "fullname" -}}{{- printf "%s-%s" .Release.Name .name | trunc 63 | trimSuffix "-" -}}{{- end -}}
{{- define "labels" -}}
app.kubernetes.io/name: {{ .name | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- with .svc.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}`,
    ],
    [
      'deployments.yaml',
      `{{- range $name, $svc := .Values.services }}
{{- $ctx := dict "name" $name "svc" $svc "Release" $.Release }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "fullname" $ctx }}
  labels:
    {{- include "labels" $ctx | nindent 4 }}
spec:
  replicas: {{ default 1 $.Values.replicas }}
  template:
    spec:
      containers:
        - name: {{ $name | lower | replace "_" "-" }}
          image: {{ printf "%s:%s" $svc.image.repository ($svc.image.tag | default "latest") | quote }}
          args: {{- toYaml $svc.args | nindent 12 }}
          resources: {{- toYaml $svc.resources | nindent 12 }}
          env:
            - name: CHECKSUM
              value: {{ toJson $svc | sha256sum | trunc 12 | quote }}
            - name: ENABLED
              value: {{ ternary "yes" "no" $svc.enabled | upper | quote }}
{{- end }}`,
    ],
    [
      'config.yaml',
      `kind: ConfigMap
data:
  keys: {{ keys .Values.services | sortAlpha | join "," | quote }}
  rendered: |
    {{- tpl "{{ .Values.name }}-{{ .Release.Name }}" . | nindent 4 }}
  merged: {{ merge (dict "a" 1) (dict "b" 2) | toJson | quote }}
  list: {{ list 1 2 3 | toJson }}
  semver: {{ semverCompare ">=1.20-0" "1.27.3" }}
  regex: {{ regexReplaceAll "[^a-z]" "Hello-World_42" "." }}`,
    ],
  ],
};

function ours(set: BenchSet, iterations: number): { parseNs: number; execNs: number; out: string } {
  const data = decodeData(set.data) as Value;
  const make = (): Template => {
    const t =
      set.mode === 'helm'
        ? newHelmTemplate()
        : new Template('gotpl', { funcs: testFuncs() }).option('missingkey=zero');
    for (const [name, text] of set.templates) t.new(name).parse(text);
    return t;
  };
  let t = make();
  let out = '';
  for (const n of set.execute) out += t.executeTemplate(n, data);
  // Warm up, then time.
  for (let i = 0; i < Math.min(20, iterations); i++) make();
  let start = performance.now();
  for (let i = 0; i < iterations; i++) t = make();
  const parseNs = ((performance.now() - start) * 1e6) / iterations;
  for (let i = 0; i < Math.min(20, iterations); i++) for (const n of set.execute) t.executeTemplate(n, data);
  start = performance.now();
  for (let i = 0; i < iterations; i++) for (const n of set.execute) t.executeTemplate(n, data);
  const execNs = ((performance.now() - start) * 1e6) / iterations;
  return { parseNs, execNs, out };
}

function go(set: BenchSet, iterations: number): { parseNs: number; execNs: number; out: string } {
  const req = { mode: set.mode, templates: set.templates, execute: set.execute, data: set.data, iterations };
  const r = spawnSync(oraclePath(), ['bench'], {
    input: JSON.stringify(req),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`gotmpl bench failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { parseNs: number; execNs: number; out: string };
}

const fmtUs = (ns: number): string => `${(ns / 1000).toFixed(1)} µs`;

export function runTemplateBench(iterations = Number(process.env.BENCH_ITERATIONS ?? 200)): void {
  for (const set of [LANGUAGE, FUNCTIONS]) {
    const g = go(set, iterations);
    const o = ours(set, iterations);
    // Nondeterministic functions are not used, so outputs must agree.
    const same = g.out === o.out ? 'outputs equal' : 'OUTPUTS DIFFER';
    console.log(`${set.name}: ${same}`);
    console.log(
      `  parse:   go ${fmtUs(g.parseNs)}  rudder ${fmtUs(o.parseNs)}  ratio ${(o.parseNs / g.parseNs).toFixed(2)}x`,
    );
    console.log(
      `  execute: go ${fmtUs(g.execNs)}  rudder ${fmtUs(o.execNs)}  ratio ${(o.execNs / g.execNs).toFixed(2)}x`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runTemplateBench();
