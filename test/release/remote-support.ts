// Helpers for the remote-chart release tests: helm and rudder run asynchronously (the chart
// repository server lives in this process), each in its own HOME and namespace, on the test cluster;
// their output, release records and live objects are compared.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helm, rudder, type RunResult } from '../repo/support.js';
import type { KubeClient } from '../../src/kube/client.js';
import { liveObject, normalizeOutput, readRecords, type StoredRecord } from './actions-support.js';

export interface Pair {
  helm: string;
  rudder: string;
  names: Record<string, string>;
  /** Each tool's environment (own HOME with its repositories.yaml, caches and plugins). */
  env: { helm: Record<string, string>; rudder: Record<string, string> };
}

export class Comparer {
  count = 0;

  same(label: string, a: unknown, b: unknown): void {
    this.count++;
    assert.deepStrictEqual(b, a, label);
  }

  /**
   * Runs the same arguments with both tools (each in its namespace and HOME; swapped: helm works in
   * rudder's namespace and the other way round), compares stdout, stderr and exit code.
   */
  async both(
    p: Pair,
    args: string[],
    o: { swap?: boolean; cwd?: { helm: string; rudder: string }; mask?: (s: string) => string } = {},
  ): Promise<RunResult> {
    const [nsH, nsR] = o.swap ? [p.rudder, p.helm] : [p.helm, p.rudder];
    const [a, b] = await Promise.all([
      helm([...args, '-n', nsH], p.env.helm, o.cwd?.helm),
      rudder([...args, '-n', nsR], p.env.rudder, o.cwd?.rudder),
    ]);
    const n = (s: string): string => {
      const t = normalizeOutput(s, p.names);
      return o.mask ? o.mask(t) : t;
    };
    this.same(`stdout of ${args.join(' ')}`, n(a.stdout), n(b.stdout));
    this.same(`stderr of ${args.join(' ')}`, n(a.stderr), n(b.stderr));
    this.same(`exit code of ${args.join(' ')}`, a.code, b.code);
    return a;
  }

  /** The release records of both namespaces, decoded, times aside (and what `mask` takes out). */
  async records(
    p: Pair,
    c: KubeClient,
    mask: (r: StoredRecord['release']) => unknown = (r) => r,
  ): Promise<Map<string, StoredRecord>> {
    const [a, b] = await Promise.all([readRecords(c, p.helm, p.names), readRecords(c, p.rudder, p.names)]);
    this.same('record names', [...a.keys()].sort(), [...b.keys()].sort());
    for (const [k, rec] of a) {
      this.same(`record ${k} labels`, rec.labels, b.get(k)?.labels);
      this.same(`record ${k}`, mask(rec.release), mask(b.get(k)!.release));
    }
    return a;
  }

  /** Live objects' metadata (labels, annotations, managedFields) and data, in both namespaces. */
  async objects(p: Pair, c: KubeClient, refs: { apiVersion: string; kind: string; name: string }[]) {
    for (const ref of refs) {
      const a = await liveObject(c, { ...ref, namespace: p.helm }, p.names);
      const b = await liveObject(c, { ...ref, namespace: p.rudder }, p.names);
      this.same(`${ref.kind}/${ref.name}`, a, b);
      const da = await c.getIfExists({ ...ref, namespace: p.helm });
      const db = await c.getIfExists({ ...ref, namespace: p.rudder });
      this.same(`${ref.kind}/${ref.name} data`, da?.['data'], db?.['data']);
    }
  }
}

/**
 * A chart directory `<root>/<name>` with ConfigMaps (one a pre-install/pre-upgrade hook) whose
 * data shows the chart version and a value.
 */
export function writeAppChart(root: string, name: string, version: string, extraChartYaml = ''): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(
    join(dir, 'Chart.yaml'),
    `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: "${version}"\n${extraChartYaml}`,
  );
  writeFileSync(join(dir, 'values.yaml'), 'greeting: hello\n');
  writeFileSync(
    join(dir, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Name }}\ndata:\n  version: {{ .Chart.Version | quote }}\n  greeting: {{ .Values.greeting | quote }}\n',
  );
  writeFileSync(
    join(dir, 'templates', 'hook.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Name }}-hook\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-delete-policy": before-hook-creation\ndata:\n  hook: "yes"\n',
  );
  writeFileSync(join(dir, 'templates', 'NOTES.txt'), '{{ .Chart.Name }} {{ .Chart.Version }} installed\n');
  return dir;
}

/** A subprocess postrenderer/v1 plugin `<plugins>/<name>` running `sh -c script`. */
export function postRendererPlugin(plugins: string, name: string, script: string): void {
  const d = join(plugins, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: postrenderer/v1\nruntime: subprocess\nversion: 1.0.0\nruntimeConfig:\n  platformCommand:\n    - command: \${HELM_PLUGIN_DIR}/run.sh\n`,
  );
  writeFileSync(join(d, 'run.sh'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(d, 'run.sh'), 0o755);
}
