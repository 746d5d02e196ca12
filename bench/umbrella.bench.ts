// Whole-process benchmark on a synthetic umbrella chart (generated in a temp dir): N subcharts,
// each with several templates that use globals, `include` chains and heavy `tpl` (values
// holding templates), over big values. Renders it with `helm template` and `rudder template`
// at 25, 50 and 100 subcharts (BENCH_UMBRELLA_SIZES=25,50,100), BENCH_RUNS times each
// (default 3, median kept), prints both curves and their ratio, and checks that the outputs are
// byte-equal (a warning line, not an assertion). Prints timings only; it asserts nothing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, requireHelm } from '../test/support/corpus.js';

const RUDDER = join(REPO_ROOT, 'bin', 'rudder');

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const pad = (i: number): string => String(i).padStart(3, '0');

function subchartValues(i: number): string {
  const lines = [
    `enabled: true`,
    `replicaCount: ${(i % 3) + 1}`,
    `image:`,
    `  repository: registry.example.com/team/app${i}`,
    `  tag: "1.${i}.0"`,
    `nameOverride: ""`,
    // Values holding templates, rendered with tpl.
    `podAnnotations:`,
    `  team: "{{ .Values.global.team }}"`,
    `  release: "{{ .Release.Name }}-{{ .Chart.Name }}"`,
    `  checksum: "{{ .Values.image.tag | sha256sum | trunc 10 }}"`,
    `extraEnv: |`,
    `  - name: REGION`,
    `    value: {{ .Values.global.region | quote }}`,
    `  - name: FULLNAME`,
    `    value: {{ include "sub${pad(i)}.fullname" . | quote }}`,
    `  - name: DB_URL`,
    `    value: "postgres://{{ .Values.global.db.host }}:{{ .Values.global.db.port }}/app${i}"`,
    `configTemplate: |`,
    `  server.name={{ include "sub${pad(i)}.fullname" . }}`,
    `  server.replicas={{ .Values.replicaCount }}`,
    `  {{- range $k, $v := .Values.settings }}`,
    `  {{ $k }}={{ $v }}`,
    `  {{- end }}`,
    `settings:`,
  ];
  for (let k = 0; k < 40; k++) lines.push(`  key${k}: "value-${i}-${k}-{{ .Release.Namespace }}"`);
  lines.push(`routes:`);
  for (let k = 0; k < 30; k++) {
    lines.push(
      `  - host: "{{ .Values.global.domain }}"`,
      `    path: /app${i}/r${k}`,
      `    port: ${8000 + k}`,
      `    tags: [a${k}, b${k}, c${k}]`,
    );
  }
  return lines.join('\n') + '\n';
}

function subchartTemplates(i: number): Record<string, string> {
  const n = `sub${pad(i)}`;
  return {
    '_helpers.tpl': `{{- define "${n}.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "${n}.fullname" -}}
{{- printf "%s-%s" .Release.Name (include "${n}.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "${n}.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "${n}.selectorLabels" -}}
app.kubernetes.io/name: {{ include "${n}.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "${n}.labels" -}}
helm.sh/chart: {{ include "${n}.chart" . }}
{{ include "${n}.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.global.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
{{- define "${n}.render" -}}
{{- if typeIs "string" .value }}{{ tpl .value .context }}{{ else }}{{ tpl (toYaml .value) .context }}{{ end -}}
{{- end -}}
{{- define "${n}.annotations" -}}
{{- range $k, $v := .Values.podAnnotations }}
{{ $k }}: {{ include "${n}.render" (dict "value" $v "context" $) | quote }}
{{- end }}
{{- end -}}
`,
    'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "${n}.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        {{- include "${n}.annotations" . | nindent 8 }}
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
      labels:
        {{- include "${n}.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            {{- include "${n}.render" (dict "value" .Values.extraEnv "context" $) | nindent 12 }}
            {{- range $k, $v := .Values.global.env }}
            - name: {{ $k | upper }}
              value: {{ tpl (toString $v) $ | quote }}
            {{- end }}
`,
    'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  ports:
  {{- range .Values.routes }}
    - port: {{ .port }}
      name: {{ tpl (tpl .host $) $ | replace "." "-" | trunc 40 }}-{{ .port }}
  {{- end }}
  selector:
    {{- include "${n}.selectorLabels" . | nindent 4 }}
`,
    'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "${n}.fullname" . }}-config
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
data:
  app.properties: |
    {{- tpl .Values.configTemplate . | nindent 4 }}
  settings.yaml: |
    {{- include "${n}.render" (dict "value" .Values.settings "context" $) | nindent 4 }}
  routes.json: {{ .Values.routes | toJson | quote }}
`,
    'ingress.yaml': `{{- if .Values.global.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  rules:
  {{- range .Values.routes }}
    - host: {{ tpl (tpl .host $) $ }}
      http:
        paths:
          - path: {{ .path }}
            pathType: Prefix
            backend:
              service:
                name: {{ include "${n}.fullname" $ }}
                port:
                  number: {{ .port }}
  {{- end }}
{{- end }}
`,
  };
}

/** Writes the umbrella chart with n subcharts under dir; returns the chart directory. */
export function generateUmbrella(dir: string, n: number): string {
  const root = join(dir, 'umbrella');
  write(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: umbrella\nversion: 1.0.0\n');
  const globals = [
    'global:',
    '  team: platform',
    '  region: eu-west-1',
    '  domain: "{{ .Release.Name }}.example.com"',
    '  db: {host: db.internal, port: 5432}',
    '  ingress: {enabled: true}',
    '  labels:',
    '    owner: platform',
    '    cost-center: "1234"',
    '  env:',
  ];
  for (let k = 0; k < 20; k++) globals.push(`    var${k}: "{{ .Values.global.region }}-${k}"`);
  globals.push('  catalog:');
  for (let k = 0; k < 200; k++) globals.push(`    item${k}: {id: ${k}, name: "item-${k}", tags: [x, y, z]}`);
  write(join(root, 'values.yaml'), globals.join('\n') + '\n');
  write(join(root, 'templates', 'NOTES.txt'), 'umbrella {{ .Release.Name }}\n');
  for (let i = 0; i < n; i++) {
    const sub = join(root, 'charts', `sub${pad(i)}`);
    write(join(sub, 'Chart.yaml'), `apiVersion: v2\nname: sub${pad(i)}\nversion: 0.1.${i}\n`);
    write(join(sub, 'values.yaml'), subchartValues(i));
    for (const [name, text] of Object.entries(subchartTemplates(i)))
      write(join(sub, 'templates', name), text);
  }
  return root;
}

interface Timed {
  ms: number;
  /** user + system CPU time, from /usr/bin/time when installed (wall time suffers on a busy machine) */
  cpuMs: number | undefined;
  rssKb: number | undefined;
  stdout: Buffer;
  stderr: string;
  status: number;
}

const TIME_BIN = '/usr/bin/time';

function timed(cmd: string, args: string[], scratch: string): Timed {
  const haveTime = existsSync(TIME_BIN);
  const out = join(scratch, 'time.txt');
  const [file, argv] = haveTime ? [TIME_BIN, ['-o', out, '-f', '%U %S %M', cmd, ...args]] : [cmd, args];
  const start = performance.now();
  const r = spawnSync(file, argv, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: '/nonexistent' },
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - start;
  let cpuMs: number | undefined;
  let rssKb: number | undefined;
  if (haveTime) {
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const [user, sys, rss] = lines[lines.length - 1]!.split(' ').map(Number);
    cpuMs = (user! + sys!) * 1000;
    rssKb = rss;
  }
  return { ms, cpuMs, rssKb, stdout: r.stdout, stderr: r.stderr.toString(), status: r.status ?? 1 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function runUmbrellaBench(runs = Number(process.env.BENCH_RUNS ?? 3)): void {
  const helm = requireHelm();
  const sizes = (process.env.BENCH_UMBRELLA_SIZES ?? '25,50,100').split(',').map(Number);
  const tmp = mkdtempSync(join(tmpdir(), 'rudder-umbrella-'));
  try {
    interface Row {
      n: number;
      bytes: number;
      helm: number;
      rudder: number;
      helmCpu?: number;
      rudderCpu?: number;
      helmRss?: number;
      rudderRss?: number;
    }
    const rows: Row[] = [];
    for (const n of sizes) {
      const chart = generateUmbrella(join(tmp, `n${n}`), n);
      const args = ['template', 'bench', chart, '--namespace', 'bench-ns', '--kube-version', 'v1.34.2'];
      const h: Timed[] = [];
      const r: Timed[] = [];
      // Interleaved, so that machine noise hits both alike.
      for (let i = 0; i < runs; i++) {
        h.push(timed(helm, args, tmp));
        r.push(timed(RUDDER, args, tmp));
      }
      const [h0, r0] = [h[0]!, r[0]!];
      if (h0.status !== 0) console.log(`  warning: helm failed at n=${n}: ${h0.stderr.trim().slice(0, 300)}`);
      if (r0.status !== 0)
        console.log(`  warning: rudder failed at n=${n}: ${r0.stderr.trim().slice(0, 300)}`);
      if (!h0.stdout.equals(r0.stdout) || h0.stderr !== r0.stderr) {
        const a = h0.stdout.toString().split('\n');
        const b = r0.stdout.toString().split('\n');
        let line = 0;
        while (line < a.length && a[line] === b[line]) line++;
        console.log(
          `  WARNING: outputs differ at n=${n}, line ${line + 1}: helm ${JSON.stringify(a[line])} rudder ${JSON.stringify(b[line])}`,
        );
      } else console.log(`  n=${n}: outputs byte-equal (${h0.stdout.length} bytes)`);
      const cpu = (xs: Timed[]): number | undefined =>
        xs[0]!.cpuMs === undefined ? undefined : median(xs.map((x) => x.cpuMs!));
      const rss = (xs: Timed[]): number | undefined =>
        xs[0]!.rssKb === undefined ? undefined : Math.max(...xs.map((x) => x.rssKb!));
      rows.push({
        n,
        bytes: h0.stdout.length,
        helm: median(h.map((x) => x.ms)),
        rudder: median(r.map((x) => x.ms)),
        helmCpu: cpu(h),
        rudderCpu: cpu(r),
        helmRss: rss(h),
        rudderRss: rss(r),
      });
    }
    const first = rows[0]!;
    const table = (
      label: string,
      pick: (x: Row) => [number, number] | undefined,
      unit: string,
      digits = 0,
    ): void => {
      if (pick(first) === undefined) return;
      console.log(`  ${label}:`);
      console.log('    subcharts        helm      rudder   ratio   helm growth   rudder growth');
      const [h1, r1] = pick(first)!;
      for (const x of rows) {
        const [hx, rx] = pick(x)!;
        const f = `${x.n / first.n}x`;
        console.log(
          `    ${String(x.n).padStart(9)}  ${hx.toFixed(digits).padStart(7)} ${unit}  ${rx.toFixed(digits).padStart(7)} ${unit}  ${(rx / hx).toFixed(2).padStart(5)}x  ${(hx / h1).toFixed(2).padStart(6)}x/${f.padEnd(4)}  ${(rx / r1).toFixed(2).padStart(6)}x/${f}`,
        );
      }
    };
    console.log(
      `umbrella chart (${runs} run(s) each, median, whole process; output ${rows.map((x) => `${(x.bytes / 1024).toFixed(0)} KiB`).join(', ')}):`,
    );
    table('wall time', (x) => [x.helm, x.rudder], 'ms');
    table(
      'CPU time (user+sys)',
      (x) => (x.helmCpu === undefined ? undefined : [x.helmCpu, x.rudderCpu!]),
      'ms',
    );
    table(
      'peak RSS',
      (x) => (x.helmRss === undefined ? undefined : [x.helmRss / 1024, x.rudderRss! / 1024]),
      'MB',
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'generate') {
    // node --import tsx bench/umbrella.bench.ts generate DIR N: write the chart for profiling.
    console.log(generateUmbrella(process.argv[3]!, Number(process.argv[4] ?? 100)));
  } else runUmbrellaBench();
}
