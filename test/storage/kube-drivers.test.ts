// The Secret and ConfigMap drivers against records real helm v4.3.2 writes into a real API server:
// every record decodes and re-encodes to the very bytes helm stored; Rudder's view of the history
// is helm's; records Rudder writes are read back by helm (list, history, status, get values,
// upgrade on top) with the same labels helm would have set.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import { KubeRecordDriver, type RecordKind } from '../../src/storage/driver/kube.js';
import { decodeRelease, encodeRelease } from '../../src/storage/codec/codec.js';
import { Storage, sortByRevision } from '../../src/storage/storage.js';
import { openStorage, storageOptionsFromEnv } from '../../src/storage/init.js';
import { NoDeployedReleasesError, ReleaseNotFoundError } from '../../src/storage/errors.js';
import { goTimeNow } from '../../src/storage/gotime.js';
import { mapOf } from '../../src/go/value.js';
import type { Release } from '../../src/storage/release.js';
import type { KubeClient } from '../../src/kube/client.js';
import { helm, helmOk, writeTestChart } from './support/helm.js';
import { join } from 'node:path';
import { CORPUS_DIR } from '../support/corpus.js';

const cluster = useCluster('api');

interface StoredObject {
  metadata: { name: string; labels: Record<string, string>; resourceVersion: string };
  type?: string;
  data?: Record<string, string>;
}

const resource = (kind: RecordKind): string => (kind === 'Secret' ? 'secrets' : 'configmaps');

async function storedObjects(c: KubeClient, kind: RecordKind, ns: string): Promise<StoredObject[]> {
  const list = await c.requestJson<{ items: StoredObject[] }>({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/${resource(kind)}`,
    query: { labelSelector: 'owner=helm' },
  });
  return list.items;
}

/** The `release` string helm stored (Secrets hold it base64-encoded once more). */
const releaseString = (kind: RecordKind, o: StoredObject): string =>
  kind === 'Secret' ? Buffer.from(o.data!['release']!, 'base64').toString('utf8') : o.data!['release']!;

for (const kind of ['Secret', 'ConfigMap'] as const) {
  describe(`${kind} driver`, () => {
    let ns = '';
    let env: Record<string, string> = {};
    let chart = '';
    let client: KubeClient;
    let store: Storage;

    before(async () => {
      ns = await cluster.namespace(`st-${kind.toLowerCase()}`);
      chart = writeTestChart();
      client = cluster.client();
      env = { KUBECONFIG: cluster.kubeconfig, HELM_DRIVER: kind.toLowerCase() };
      store = new Storage(new KubeRecordDriver(kind, client, ns));
      // A history with every status helm writes: deployed, superseded, failed, uninstalled, and a rollback.
      helmOk(
        ['install', 'web', chart, '-n', ns, '--labels', 'team=blue,tier=web', '--set', 'replicas=2'],
        env,
      );
      helmOk(['upgrade', 'web', chart, '-n', ns, '--set', 'message=second'], env);
      helmOk(['rollback', 'web', '1', '-n', ns], env);
      const bad = helm(['install', 'bad', chart, '-n', ns, '--set', 'fail=true'], env);
      assert.notEqual(bad.code, 0, 'the failing install must fail');
      helmOk(['install', 'gone', chart, '-n', ns], env);
      helmOk(['uninstall', 'gone', '-n', ns, '--keep-history'], env);
    });

    test('every record helm wrote re-encodes to the same bytes', async () => {
      const objs = await storedObjects(client, kind, ns);
      assert.equal(objs.length, 5, objs.map((o) => o.metadata.name).join(' '));
      for (const o of objs) {
        const s = releaseString(kind, o);
        const r = decodeRelease(s);
        assert.equal(encodeRelease(r), s, `${o.metadata.name} re-encoded differs`);
        if (kind === 'Secret') assert.equal(o.type, 'helm.sh/release.v1');
      }
    });

    test("history, latest deployed and statuses are helm's", async () => {
      const hist = sortByRevision(await store.history('web'));
      const helmHist = JSON.parse(helmOk(['history', 'web', '-n', ns, '-o', 'json'], env)) as {
        revision: number;
        status: string;
        description: string;
      }[];
      assert.deepEqual(
        hist.map((r) => [r.version, r.info.status, r.info.description]),
        helmHist.map((h) => [h.revision, h.status, h.description]),
      );
      assert.equal((await store.deployed('web')).version, 3);
      assert.equal((await store.last('web')).info.rollback_revision, 1);
      assert.equal((await store.last('bad')).info.status, 'failed');
      await assert.rejects(
        store.deployed('bad'),
        (e) => e instanceof NoDeployedReleasesError && e.message === '"bad" has no deployed releases',
      );
      assert.deepEqual(
        (await store.listUninstalled()).map((r) => r.name),
        ['gone'],
      );
      assert.deepEqual(
        (await store.listDeployed()).map((r) => `${r.name}.v${r.version}`),
        ['web.v3'],
      );
      await assert.rejects(store.get('web', 9), ReleaseNotFoundError);
      await assert.rejects(store.history('nothing'), ReleaseNotFoundError);
    });

    test('openStorage picks this driver from HELM_DRIVER', async () => {
      const names = { Secret: ['', 'secret', 'secrets'], ConfigMap: ['configmap', 'configmaps'] }[kind];
      for (const name of names) {
        const s = await openStorage({
          ...storageOptionsFromEnv({ HELM_DRIVER: name }, ns),
          kube: () => client,
        });
        assert.equal(s.name, kind);
        assert.equal((await s.deployed('web')).version, 3);
      }
    });

    test("API errors read as helm's (a user without access)", async () => {
      const denied = new Storage(new KubeRecordDriver(kind, cluster.client('user'), ns));
      const userEnv = { ...env, HELM_KUBECONTEXT: 'user' };
      const helmErr = (args: string[]): string =>
        helm([...args, '-n', ns], userEnv)
          .stderr.trim()
          .replace(/^Error: /, '');
      await assert.rejects(denied.listReleases(), (e: unknown) => (e as Error).message === helmErr(['list']));
      await assert.rejects(
        denied.history('web'),
        (e: unknown) => (e as Error).message === helmErr(['history', 'web']),
      );
    });

    test('an empty namespace lists every namespace, as helm list -A', async () => {
      const all = new Storage(new KubeRecordDriver(kind, client, ''));
      const mine = (await all.listReleases())
        .filter((r) => r.namespace === ns)
        .map((r) => `${r.name}.v${r.version}`);
      assert.deepEqual(mine.sort(), ['bad.v1', 'gone.v1', 'web.v1', 'web.v2', 'web.v3']);
      const helmAll = JSON.parse(helmOk(['list', '-A', '-o', 'json'], env)) as {
        name: string;
        namespace: string;
      }[];
      assert.deepEqual(
        helmAll
          .filter((r) => r.namespace === ns)
          .map((r) => r.name)
          .sort(),
        ['bad', 'gone', 'web'],
      );
    });

    test('labels: get filters the system ones, list keeps them', async () => {
      const got = await store.get('web', 1);
      assert.deepEqual(got.labels, { team: 'blue', tier: 'web' });
      const listed = (await store.listReleases()).find((r) => r.name === 'web' && r.version === 1)!;
      assert.equal(listed.labels?.['owner'], 'helm');
      assert.equal(listed.labels?.['team'], 'blue');
      assert.equal(listed.labels?.['status'], 'superseded');
    });

    test('records Rudder writes are read by helm', async () => {
      const base = await store.get('web', 1);
      const now = goTimeNow();
      const rls: Release = {
        ...base,
        name: 'rudder-made',
        version: 1,
        labels: { team: 'green' },
        config: mapOf({ replicas: 4, message: 'from <rudder> & co' }),
        info: {
          ...base.info,
          first_deployed: now,
          last_deployed: now,
          status: 'deployed',
          description: 'Install complete',
        },
        manifest: base.manifest.replaceAll('web-', 'rudder-made-'),
      };
      await store.create(rls);
      const objs = (await storedObjects(client, kind, ns)).filter(
        (o) => o.metadata.labels['name'] === 'rudder-made',
      );
      assert.equal(objs.length, 1);
      assert.equal(objs[0]!.metadata.name, 'sh.helm.release.v1.rudder-made.v1');
      if (kind === 'Secret') assert.equal(objs[0]!.type, 'helm.sh/release.v1');
      const helmObj = (await storedObjects(client, kind, ns)).find(
        (o) => o.metadata.name === 'sh.helm.release.v1.gone.v1',
      )!;
      assert.deepEqual(Object.keys(objs[0]!.metadata.labels).sort(), [
        'createdAt',
        'name',
        'owner',
        'status',
        'team',
        'version',
      ]);
      assert.match(objs[0]!.metadata.labels['createdAt']!, /^\d{10}$/);
      assert.ok(Object.keys(helmObj.metadata.labels).includes('modifiedAt'));

      const list = JSON.parse(helmOk(['list', '-n', ns, '-o', 'json'], env)) as {
        name: string;
        revision: string;
        status: string;
        chart: string;
      }[];
      const mine = list.find((r) => r.name === 'rudder-made');
      assert.deepEqual(mine && [mine.revision, mine.status, mine.chart], [
        '1',
        'deployed',
        'storetest-1.2.3',
      ]);
      const values = JSON.parse(
        helmOk(['get', 'values', 'rudder-made', '-n', ns, '-o', 'json'], env),
      ) as unknown;
      assert.deepEqual(values, { message: 'from <rudder> & co', replicas: 4 });
      const status = JSON.parse(helmOk(['status', 'rudder-made', '-n', ns, '-o', 'json'], env)) as {
        info: { last_deployed: string; status: string };
      };
      assert.equal(status.info.status, 'deployed');
      assert.equal(new Date(status.info.last_deployed).getTime(), new Date(now).getTime());

      // helm upgrades on top of Rudder's record and supersedes it; Rudder reads the result.
      helmOk(['upgrade', 'rudder-made', chart, '-n', ns, '--reuse-values'], env);
      const hist = sortByRevision(await store.history('rudder-made'));
      assert.deepEqual(
        hist.map((r) => [r.version, r.info.status]),
        [
          [1, 'superseded'],
          [2, 'deployed'],
        ],
      );
      assert.deepEqual(hist[1]!.config?.get('message'), 'from <rudder> & co');

      // Rudder's update: modifiedAt is stamped, user labels kept.
      const v2 = hist[1]!;
      v2.info.description = 'touched by Rudder';
      await store.update(v2);
      const o2 = (await storedObjects(client, kind, ns)).find(
        (o) => o.metadata.name === 'sh.helm.release.v1.rudder-made.v2',
      )!;
      assert.match(o2.metadata.labels['modifiedAt']!, /^\d{10}$/);
      const h2 = JSON.parse(helmOk(['history', 'rudder-made', '-n', ns, '-o', 'json'], env)) as {
        description: string;
      }[];
      assert.equal(h2[1]!.description, 'touched by Rudder');
    });

    test('max history prunes what helm prunes', async () => {
      const kept = (name: string): Promise<number[]> =>
        store.history(name).then((h) => sortByRevision(h).map((r) => r.version));
      helmOk(['install', 'hm', chart, '-n', ns], env);
      for (let i = 0; i < 4; i++) helmOk(['upgrade', 'hm', chart, '-n', ns, '--history-max', '3'], env);
      const helmKept = await kept('hm');

      // The same sequence through Rudder: create the next revision, then supersede the previous one.
      const template = await store.get('hm', helmKept.at(-1)!);
      const pruning = new Storage(new KubeRecordDriver(kind, client, ns), { maxHistory: 3 });
      const make = (v: number, status: Release['info']['status']): Release => ({
        ...template,
        name: 'hm-rudder',
        version: v,
        info: { ...template.info, status },
      });
      await pruning.create(make(1, 'deployed'));
      for (let v = 2; v <= 5; v++) {
        await pruning.create(make(v, 'pending-upgrade'));
        await pruning.update(make(v - 1, 'superseded'));
        await pruning.update(make(v, 'deployed'));
      }
      assert.deepEqual(await kept('hm-rudder'), helmKept);
      assert.deepEqual(helmKept, [3, 4, 5]);
    });
  });
}

describe('records of published charts', () => {
  test('helm installs of corpus charts re-encode to the same bytes', async () => {
    const ns = await cluster.namespace('st-corpus');
    const client = cluster.client();
    const env = { KUBECONFIG: cluster.kubeconfig };
    const charts = ['bitnami/charts/nginx', 'bitnami/charts/mariadb', 'bitnami/charts/memcached'];
    for (const c of charts) helmOk(['install', c.split('/').pop()!, join(CORPUS_DIR, c), '-n', ns], env);
    const objs = await storedObjects(client, 'Secret', ns);
    assert.equal(objs.length, charts.length);
    for (const o of objs) {
      const s = releaseString('Secret', o);
      assert.equal(encodeRelease(decodeRelease(s)), s, o.metadata.name);
    }
  });
});
