// Real charts from ../shared/corpus (read in place) installed, then upgraded with one changed value,
// by rudder on the test cluster; helm v4.3.2 then reads rudder's records. The charts are chosen
// among those whose default render has no admission webhooks and no APIServices (asserted below
// from the rendered manifest, never edited away), and nothing is waited for. Names and values never
// spell "rudder": runRudder rewrites that word to helm in what it prints.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { useCluster } from '../support/cluster.js';
import { CORPUS_DIR } from '../support/corpus.js';
import { runTool, type Tool } from './actions-support.js';

const cluster = useCluster('api');

/** Chart path under the corpus; the value that the upgrade changes (a pod annotation). */
const CHARTS = [
  'prometheus-community/helm-charts/prometheus-node-exporter',
  'prometheus-community/helm-charts/prometheus-blackbox-exporter',
  'prometheus-community/helm-charts/prometheus-pushgateway',
  'prometheus-community/helm-charts/prometheus-statsd-exporter',
  'prometheus-community/helm-charts/prometheus-json-exporter',
  'prometheus-community/helm-charts/prometheus-memcached-exporter',
  'prometheus-community/helm-charts/prometheus-nginx-exporter',
  'prometheus-community/helm-charts/alertmanager',
  'prometheus-community/helm-charts/kube-state-metrics',
  'prometheus-community/helm-charts/prometheus-smartctl-exporter',
  'prometheus-community/helm-charts/prom-label-proxy',
  'bitnami/charts/nginx',
  'bitnami/charts/memcached',
  'bitnami/charts/apache',
];
const CHANGED = 'podAnnotations.upgraded-by-test=two';

/** What the test cluster must never get: the API server would dial a Service for them. */
function forbidden(doc: Record<string, unknown>): boolean {
  const kind = doc['kind'];
  if (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration') return true;
  const spec = doc['spec'] as Record<string, unknown> | undefined;
  return kind === 'APIService' && !!spec?.['service'];
}

function objects(manifest: string): Record<string, unknown>[] {
  return parseAllDocuments(manifest)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((o): o is Record<string, unknown> => !!o && typeof o['kind'] === 'string');
}

describe('corpus charts installed and upgraded by rudder, read by helm', () => {
  for (const [i, rel] of CHARTS.entries()) {
    const name = `c${i}-${rel.split('/').pop()!}`.slice(0, 40);
    test(rel, { timeout: 300_000 }, async () => {
      const chart = join(CORPUS_DIR, rel);
      const ns = await cluster.namespace(`corpus${i}`);
      const run = (tool: Tool, args: string[]) => {
        const r = runTool(tool, [...args, '-n', ns], cluster.kubeconfig);
        assert.equal(r.code, 0, `${tool} ${args.join(' ')}:\n${r.stderr}`);
        return r;
      };

      // Honest selection: the chart's own render carries nothing the test cluster must not get.
      const rendered = objects(run('rudder', ['template', name, chart, '--set', CHANGED]).stdout);
      assert.ok(rendered.length > 0);
      assert.deepEqual(
        rendered.filter(forbidden).map((o) => o['kind']),
        [],
      );

      const inst = run('rudder', ['install', name, chart]);
      assert.match(inst.stdout, /STATUS: deployed\nREVISION: 1\n/);
      const up = run('rudder', ['upgrade', name, chart, '--set', CHANGED]);
      assert.match(up.stdout, /STATUS: deployed\nREVISION: 2\n/);

      const status = JSON.parse(run('rudder', ['status', name, '-o', 'json']).stdout) as {
        version: number;
        info: { status: string };
        config: Record<string, unknown>;
      };
      assert.equal(status.info.status, 'deployed');
      assert.equal(status.version, 2);
      assert.deepEqual(status.config, { podAnnotations: { 'upgraded-by-test': 'two' } });

      // helm reads rudder's records as rudder does.
      for (const args of [
        ['get', 'manifest', name],
        ['get', 'manifest', name, '--revision', '1'],
        ['get', 'values', name, '-o', 'json'],
        ['history', name],
        ['history', name, '-o', 'json'],
        ['list'],
      ]) {
        assert.equal(run('rudder', args).stdout, run('helm', args).stdout, args.join(' '));
      }

      // Every live object carries Helm's ownership label and annotations.
      const manifest = run('helm', ['get', 'manifest', name]).stdout;
      const live = objects(manifest);
      assert.ok(live.length > 0);
      const client = cluster.client();
      for (const o of live) {
        const meta = o['metadata'] as { name: string; namespace?: string };
        const got = await client.get({
          apiVersion: o['apiVersion'] as string,
          kind: o['kind'] as string,
          name: meta.name,
          namespace: meta.namespace ?? ns,
        });
        const what = `${String(o['kind'])}/${meta.name}`;
        assert.equal(got.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm', what);
        assert.equal(got.metadata.annotations?.['meta.helm.sh/release-name'], name, what);
        assert.equal(got.metadata.annotations?.['meta.helm.sh/release-namespace'], ns, what);
      }
      // The changed value reached the cluster: some pod template carries the annotation.
      const annotated = live.some((o) => JSON.stringify(o).includes('"upgraded-by-test":"two"'));
      assert.ok(annotated, 'the upgraded pod annotation is in the manifest');

      run('rudder', ['uninstall', name]);
    });
  }
});
