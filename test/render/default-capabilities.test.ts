// Without a cluster or --kube-version, a chart sees the capabilities Helm v4.3.2 builds from
// client-go v0.37.2: Kubernetes v1.37.0 and every group/version of client-go's scheme (4.3 adds
// lifecycle.k8s.io/v1alpha1 and storagemigration.k8s.io/v1, scheduling.k8s.io/v1alpha2 became
// v1alpha3), and lint reports the APIs deprecated at that version. Compared with the real helm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';
import { DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION, HELM_VERSION } from '../../src/render/capabilities.js';

function chart(templates: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'rcaps-'));
  mkdirSync(join(d, 'templates'));
  writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: caps\nversion: 0.1.0\n');
  writeFileSync(join(d, 'values.yaml'), '{}\n');
  for (const [n, t] of Object.entries(templates)) writeFileSync(join(d, 'templates', n), t);
  return d;
}

function same(args: string[]): string {
  const env = cleanEnv();
  const h = runHelm(args, env);
  const r = runRudder(args, env);
  assert.equal(r.stderr, h.stderr, `${args.join(' ')}: stderr`);
  assert.equal(r.stdout, h.stdout, `${args.join(' ')}: stdout`);
  assert.equal(r.code, h.code, `${args.join(' ')}: exit code`);
  return h.stdout;
}

test('.Capabilities without a cluster: Kubernetes v1.37.0, client-go v0.37 API versions, Helm v4.3.2', () => {
  const dir = chart({
    'caps.txt': [
      '# {{- range .Capabilities.APIVersions }}',
      '# {{ . }}{{ end }}',
      '# kube: {{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }}',
      '# helm: {{ .Capabilities.HelmVersion }} {{ .Capabilities.HelmVersion.KubeClientVersion }}',
      '# has: {{ .Capabilities.APIVersions.Has "lifecycle.k8s.io/v1alpha1" }} {{ .Capabilities.APIVersions.Has "scheduling.k8s.io/v1alpha2" }}',
      '',
    ].join('\n'),
  });
  const out = same(['template', 'x', dir]);
  assert.match(out, /# kube: v1\.37\.0 1 37\n/);
  assert.match(out, /# helm: \{v4\.3\.2 {2}clean go\S+ v1\.37\} v1\.37\n/);
  assert.match(out, /# has: true false\n/);
  assert.equal(DEFAULT_KUBE_VERSION, 'v1.37.0');
  assert.equal(HELM_VERSION, 'v4.3.2');
  for (const gv of ['lifecycle.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1', 'scheduling.k8s.io/v1alpha3'])
    assert.ok(DEFAULT_API_VERSIONS.includes(gv), gv);
});

test('lint reports the APIs client-go v0.37 deprecates, at the default and at a given version', () => {
  const dir = chart({
    'x.yaml': [
      'apiVersion: v1',
      'kind: Endpoints',
      'metadata:\n  name: a',
      '---',
      'apiVersion: storagemigration.k8s.io/v1beta1',
      'kind: StorageVersionMigration',
      'metadata:\n  name: b',
      '---',
      'apiVersion: certificates.k8s.io/v1beta1',
      'kind: PodCertificateRequest',
      'metadata:\n  name: c',
      '---',
      'apiVersion: lifecycle.k8s.io/v1alpha1',
      'kind: EvictionRequest',
      'metadata:\n  name: d',
      '---',
      'apiVersion: apiextensions.k8s.io/v1beta1',
      'kind: CustomResourceDefinition',
      'metadata:\n  name: e',
      '',
    ].join('\n'),
  });
  const out = same(['lint', dir]);
  assert.match(out, /v1 Endpoints is deprecated in v1\.33\+; use discovery\.k8s\.io\/v1 EndpointSlice/);
  assert.match(out, /PodCertificateRequest is deprecated in v1\.37\+, unavailable in v1\.40\+/);
  assert.doesNotMatch(out, /EvictionRequest|CustomResourceDefinition/);
  const old = same(['lint', dir, '--kube-version', 'v1.36.0']);
  assert.doesNotMatch(old, /PodCertificateRequest|StorageVersionMigration/);
  same(['lint', dir, '--kube-version', 'v1.40.0']);
});

test("a chart's kubeVersion constraint is checked against v1.37.0 by default", () => {
  const dir = chart({ 'a.yaml': 'a: 1\n' });
  writeFileSync(
    join(dir, 'Chart.yaml'),
    'apiVersion: v2\nname: caps\nversion: 0.1.0\nkubeVersion: ">=1.37.0-0"\n',
  );
  assert.match(same(['template', 'x', dir]), /a: 1\n/);
  same(['lint', dir]);
  same(['template', 'x', dir, '--kube-version', '1.36']);
});
