// Helpers for the release-action interop tests: run helm and rudder against the test cluster, read
// the release records Helm's Secret driver wrote, and the live objects with their managed fields.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import type { KubeClient } from '../../src/kube/client.js';
import type { TestCluster } from '../support/cluster.js';
import { recordJson } from '../../src/storage/codec/codec.js';

export type Tool = 'helm' | 'rudder';

/** A namespace for helm's run and one for rudder's; `names` shows both as NS in compared output. */
export interface NamespacePair {
  helm: string;
  rudder: string;
  names: Record<string, string>;
}

export async function namespacePair(
  cluster: TestCluster,
  helmPrefix: string,
  rudderPrefix: string,
): Promise<NamespacePair> {
  const helm = await cluster.namespace(helmPrefix);
  const rudder = await cluster.namespace(rudderPrefix);
  return { helm, rudder, names: { [helm]: 'NS', [rudder]: 'NS' } };
}

/**
 * `same(label, helm's, rudder's)`: one comparison with helm, counted; after the file the count is
 * printed as `# <what> comparisons with helm: N`.
 */
export function countedComparisons(what: string): (label: string, a: unknown, b: unknown) => void {
  let comparisons = 0;
  after(() => {
    process.stdout.write(`# ${what} comparisons with helm: ${comparisons}\n`);
  });
  return (label, a, b) => {
    comparisons++;
    assert.deepStrictEqual(b, a, label);
  };
}

export function runTool(
  tool: Tool,
  args: string[],
  kubeconfig: string,
  extraEnv: Record<string, string> = {},
): RunResult {
  const env = cleanEnv({ KUBECONFIG: kubeconfig, ...extraEnv });
  return tool === 'helm' ? runHelm(args, env) : runRudder(args, env);
}

/**
 * Runs `args` with helm in its namespace and rudder in its own, and compares stdout, stderr and
 * the exit code (output normalised, plus `extra` for what a suite knows to vary); helm's result.
 */
export function runPair(
  same: (label: string, a: unknown, b: unknown) => void,
  kubeconfig: string,
  p: NamespacePair,
  args: string[],
  extra: (s: string) => string = (s) => s,
): RunResult {
  const [a, b] = (['helm', 'rudder'] as const).map((tool) =>
    runTool(tool, [...args, '-n', p[tool]], kubeconfig),
  );
  const n = (s: string) => extra(normalizeOutput(s, p.names).replaceAll('rudder-actions', 'helm-actions'));
  same(`stdout of ${args.join(' ')}`, n(a!.stdout), n(b!.stdout));
  same(`stderr of ${args.join(' ')}`, n(a!.stderr), n(b!.stderr));
  same(`exit code of ${args.join(' ')}`, a!.code, b!.code);
  return a!;
}

/** Output with what legitimately differs between two runs taken out: times and the namespace names. */
export function normalizeOutput(text: string, namespaces: Record<string, string>): string {
  let s = text.replace(/^LAST DEPLOYED: .*$/gm, 'LAST DEPLOYED: <time>');
  // Each run has its own HOME (help shows paths under it).
  s = s.replace(/\/rcli-home-[A-Za-z0-9]+/g, '/<home>');
  s = s.replace(/^(Last Started|Last Completed): .*$/gm, '$1: <time>');
  // Helm's watcher sometimes logs its own cancelled watch on shutdown (client-go reflector noise).
  s = s.replace(/^I\d{4} .* reflector\.go:\d+\] "Warning: watch ended with error".*\n/gm, '');
  // …and client-go's body reader when that watch is cancelled mid-read (klog error, random).
  s = s.replace(
    /^E\d{4} .* request\.go:\d+\] "Unexpected error when reading response body" err="context canceled"\n/gm,
    '',
  );
  // client-go warnings go through klog (time and process id).
  s = s.replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'I<klog> ');
  // -o json / yaml: record times.
  s = s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>');
  for (const [ns, as] of Object.entries(namespaces)) s = s.replaceAll(ns, as);
  return s;
}

const TIME_KEYS = new Set([
  'first_deployed',
  'last_deployed',
  'deleted',
  'started_at',
  'completed_at',
  'modtime',
]);

function scrub(v: unknown, namespaces: Record<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => scrub(x, namespaces));
  if (typeof v === 'string') {
    let s = v;
    for (const [ns, as] of Object.entries(namespaces)) s = s.replaceAll(ns, as);
    return s;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = TIME_KEYS.has(k) ? (x ? '<time>' : x) : scrub(x, namespaces);
    }
    return out;
  }
  return v;
}

export interface StoredRecord {
  secret: string;
  labels: Record<string, string>;
  /** The record JSON, times replaced by `<time>` and namespaces renamed. */
  release: Record<string, unknown>;
}

/** Every release record (Secret driver) in a namespace, by Secret name. */
export async function readRecords(
  c: KubeClient,
  namespace: string,
  namespaces: Record<string, string>,
): Promise<Map<string, StoredRecord>> {
  const list = await c.list('v1', 'Secret', { namespace, labelSelector: 'owner=helm' });
  const out = new Map<string, StoredRecord>();
  for (const s of list.items) {
    const data = (s['data'] as Record<string, string>)['release']!;
    const stored = Buffer.from(data, 'base64').toString('utf8');
    const json = JSON.parse(Buffer.from(recordJson(stored)).toString('utf8')) as Record<string, unknown>;
    const labels = { ...(s.metadata.labels ?? {}) };
    delete labels['createdAt'];
    delete labels['modifiedAt'];
    out.set(s.metadata.name!, {
      secret: s.metadata.name!,
      labels,
      release: scrub(json, namespaces) as Record<string, unknown>,
    });
  }
  return out;
}

export interface LiveObject {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  managedFields: {
    manager?: string;
    operation?: string;
    apiVersion?: string;
    subresource?: string;
    fieldsV1?: unknown;
  }[];
}

const managedKey = (m: LiveObject['managedFields'][number]): string =>
  [m.operation, m.manager, m.apiVersion, m.subresource].map((x) => x ?? '').join('\0');

/** A live object's metadata as compared across tools (times and uids aside). */
export async function liveObject(
  c: KubeClient,
  ref: { apiVersion: string; kind: string; name: string; namespace: string },
  namespaces: Record<string, string>,
): Promise<LiveObject | undefined> {
  const o = await c.getIfExists(ref);
  if (!o) return undefined;
  return scrub(
    {
      labels: o.metadata.labels ?? {},
      annotations: o.metadata.annotations ?? {},
      managedFields: (o.metadata.managedFields ?? [])
        .filter((m) => m.subresource !== 'status')
        .map((m) => ({
          manager: m.manager,
          operation: m.operation,
          apiVersion: m.apiVersion,
          subresource: m.subresource,
          fieldsV1: m.fieldsV1,
        }))
        // The server orders entries of one operation by their time in whole seconds, then by
        // manager: two tools' runs differ in order whenever their writes straddle a second.
        .sort((a, b) => managedKey(a).localeCompare(managedKey(b))),
    },
    namespaces,
  ) as LiveObject;
}

/** Writes a chart (path → content) into a fresh directory and returns its path. */
export function writeChart(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rudder-actions-chart-'));
  for (const [p, content] of Object.entries(files)) {
    const full = join(root, p);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return join(root, Object.keys(files)[0]!.split('/')[0]!);
}
