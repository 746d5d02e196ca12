// A chart using `lookup` is rendered more than once by rudder (renderWithLookup: each pass learns
// the objects asked for); helm renders once. The `--debug` lines of rendering (values schema
// checks, "number of dependencies in the chart") must be printed for the kept pass only, so that
// install, upgrade, upgrade --install, rollback and template --dry-run=server print the same stderr
// as helm v4.3.2 on the real test cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import {
  countedComparisons,
  namespacePair,
  runPair,
  writeChart,
  type NamespacePair,
} from './actions-support.js';

const cluster = useCluster('api');
const same = countedComparisons('debug lookup');

// Three lookup passes: the second lookup's name comes from the first's answer.
const chart = writeChart({
  'app/Chart.yaml': `apiVersion: v2
name: app
version: 0.1.0
dependencies:
- name: sub
  version: 0.1.0
`,
  'app/values.yaml': 'greeting: hi\n',
  'app/values.schema.json': '{"type": "object", "properties": {"greeting": {"type": "string"}}}\n',
  'app/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'app/charts/sub/values.yaml': 'x: 1\n',
  'app/charts/sub/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-sub
data:
  seen: {{ dig "data" "value" "none" (lookup "v1" "ConfigMap" .Release.Namespace "seed") | quote }}
`,
  'app/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  greeting: {{ .Values.greeting | quote }}
  {{- $seed := lookup "v1" "ConfigMap" .Release.Namespace "seed" }}
  {{- $next := dig "data" "next" "missing" $seed }}
  {{- $second := lookup "v1" "ConfigMap" .Release.Namespace $next }}
  second: {{ dig "data" "value" "none" $second | quote }}
`,
  'app/templates/bad.yaml': '{{- if .Values.bad }}{{ fail "boom" }}{{- end }}\n',
  'app/templates/NOTES.txt': 'notes for {{ .Release.Name }}\n',
});

async function seed(p: NamespacePair): Promise<void> {
  for (const ns of [p.helm, p.rudder]) {
    const c = cluster.client('admin', { namespace: ns });
    await c.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'seed', namespace: ns },
      data: { value: 'from-seed', next: 'second' },
    });
    await c.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'second', namespace: ns },
      data: { value: 'from-second' },
    });
  }
}

/** The same arguments with both tools, each in its namespace: stdout, stderr and exit code compared. */
const both = (p: NamespacePair, args: string[]) => runPair(same, cluster.kubeconfig, p, args, sortConcurrent);

// Objects of one kind are applied concurrently (helm and rudder alike): their per-object debug lines
// come in any order, so each run of them is compared sorted.
const PER_OBJECT = /^level=DEBUG msg="(Created|Patched|Updated|Deleted)[^"]*resource/;
function sortConcurrent(text: string): string {
  const out: string[] = [];
  let run: string[] = [];
  for (const line of text.split('\n')) {
    if (PER_OBJECT.test(line)) {
      run.push(line);
      continue;
    }
    out.push(...run.sort(), line);
    run = [];
  }
  return [...out, ...run.sort()].join('\n');
}

const count = (s: string, line: string) => s.split('\n').filter((l) => l.includes(line)).length;

test('--debug with lookup: the render debug lines once, as helm, for every action', async () => {
  const p = await namespacePair(cluster, 'dlh', 'dlr');
  await seed(p);
  const i = both(p, ['install', 'web', chart, '--debug']);
  assert.equal(i.code, 0, i.stderr);
  assert.equal(count(i.stderr, 'number of dependencies in the chart" chart=app '), 1, i.stderr);
  const u = both(p, ['upgrade', 'web', chart, '--set', 'greeting=again', '--debug']);
  assert.equal(u.code, 0, u.stderr);
  assert.equal(count(u.stderr, 'number of dependencies in the chart" chart=app '), 1, u.stderr);
  assert.match(u.stdout, /REVISION: 2/);
  const ui = both(p, ['upgrade', '--install', 'web', chart, '--reuse-values', '--debug']);
  assert.equal(ui.code, 0, ui.stderr);
  assert.equal(count(ui.stderr, 'number of dependencies in the chart" chart=app '), 1, ui.stderr);
  // A render failure on an upgrade: the failing pass's debug lines, then the error.
  const bad = both(p, ['upgrade', 'web', chart, '--set', 'bad=true', '--debug']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /boom/);
  const r = both(p, ['rollback', 'web', '1', '--debug']);
  assert.equal(r.code, 0, r.stderr);
  const t = both(p, ['template', 'web', chart, '--dry-run=server', '--debug']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /second: "from-second"/);
  assert.match(t.stdout, /seen: "from-seed"/);
  assert.equal(count(t.stderr, 'number of dependencies in the chart" chart=app '), 1, t.stderr);
});

// Helm 4.3 logs a lookup the API server answers NotFound (pkg/engine/lookup_func.go's slog.Debug
// 'lookup: resource not found', with apiVersion, kind, namespace and name), once per call, in the
// order the templates ask; an object that exists logs nothing.
const missing = writeChart({
  'miss/Chart.yaml': 'apiVersion: v2\nname: miss\nversion: 0.1.0\n',
  'miss/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-miss
data:
  a: {{ len (lookup "v1" "ConfigMap" .Release.Namespace "absent") | quote }}
  b: {{ len (lookup "v1" "Secret" .Release.Namespace "absent-secret") | quote }}
  again: {{ len (lookup "v1" "ConfigMap" .Release.Namespace "absent") | quote }}
  ns: {{ len (lookup "v1" "Namespace" "" "no-such-namespace-8") | quote }}
  seed: {{ dig "data" "value" "none" (lookup "v1" "ConfigMap" .Release.Namespace "seed") | quote }}
`,
});

test('--debug with lookup of missing objects: the not-found lines of helm 4.3', async () => {
  const p = await namespacePair(cluster, 'dmh', 'dmr');
  await seed(p);
  const t = both(p, ['template', 'miss', missing, '--dry-run=server', '--debug']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /seed: "from-seed"/);
  assert.equal(count(t.stderr, 'msg="lookup: resource not found"'), 4, t.stderr);
  assert.match(
    t.stderr,
    /msg="lookup: resource not found" apiVersion=v1 kind=Namespace namespace="" name=no-such-namespace-8/,
  );
  const i = both(p, ['install', 'miss', missing, '--debug']);
  assert.equal(i.code, 0, i.stderr);
  assert.equal(count(i.stderr, 'msg="lookup: resource not found"'), 4, i.stderr);
  const u = both(p, ['upgrade', 'miss', missing, '--debug']);
  assert.equal(u.code, 0, u.stderr);
  assert.equal(count(u.stderr, 'msg="lookup: resource not found"'), 4, u.stderr);
});

// Kinds discovery does not know. In a group version the server serves, helm maps the kind to an
// empty resource and a named lookup is answered NotFound (the debug line, {}); a group version it
// does not serve fails the render after two ERROR lines (printed without --debug too).
const unknownKinds = writeChart({
  'kinds/Chart.yaml': 'apiVersion: v2\nname: kinds\nversion: 0.1.0\n',
  'kinds/templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-kinds
data:
  core: {{ len (lookup "v1" "NoSuchKind" .Release.Namespace "x") | quote }}
  apps: {{ len (lookup "apps/v1" "NoSuchKind" "" "y") | quote }}
  {{- if .Values.unserved }}
  crd: {{ len (lookup "nosuch.example.com/v1" "Thing" .Release.Namespace "z") | quote }}
  {{- end }}
`,
});

test('lookup of kinds discovery does not know, as helm', async () => {
  const p = await namespacePair(cluster, 'dkh', 'dkr');
  const t = both(p, ['template', 'k', unknownKinds, '--dry-run=server', '--debug']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(
    t.stderr,
    /msg="lookup: resource not found" apiVersion=apps\/v1 kind=NoSuchKind namespace="" name=y/,
  );
  for (const debug of [[], ['--debug']]) {
    const u = both(p, [
      'template',
      'k',
      unknownKinds,
      '--dry-run=server',
      '--set',
      'unserved=true',
      ...debug,
    ]);
    assert.equal(u.code, 1);
    assert.match(
      u.stderr,
      /^level=ERROR msg="unable to retrieve resource list" GroupVersion=nosuch.example.com\/v1 /m,
    );
    assert.match(
      u.stderr,
      /error calling lookup: unable to get apiresource from unstructured: nosuch.example.com\/v1, Kind=Thing: the server could not find the requested resource/,
    );
  }
  assert.equal(both(p, ['install', 'k', unknownKinds, '--set', 'unserved=true']).code, 1);
  assert.equal(both(p, ['install', 'k', unknownKinds, '--debug']).code, 0);
});
