// Hostile and broken records in the cluster: Secrets and ConfigMaps carrying Helm's labels with
// corrupt, truncated, non-Helm, oversized or decompression-bomb payloads. Reading them gives a
// clear error naming the object, listing skips them with a warning, the good releases are still
// listed (as helm lists them), and nothing in the cluster is changed.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { useCluster } from '../support/cluster.js';
import { KubeRecordDriver, type RecordKind } from '../../src/storage/driver/kube.js';
import { Storage } from '../../src/storage/storage.js';
import { DriverError, NoDeployedReleasesError, StorageError } from '../../src/storage/errors.js';
import type { StorageLog } from '../../src/storage/driver/driver.js';
import type { KubeClient } from '../../src/kube/client.js';
import { helmOk, writeTestChart } from './support/helm.js';
import { fullRecord, stored } from './support/records.js';

const cluster = useCluster('api');

const key = (name: string): string => `sh.helm.release.v1.${name}.v1`;
const bomb = (): string =>
  Buffer.from(gzipSync(Buffer.alloc(80 * 1024 * 1024), { level: 9 })).toString('base64');

/** name → the `release` string stored (undefined: no data at all). */
function badPayloads(): Record<string, string | undefined> {
  return {
    'corrupt-base64': '@@@@ not base64',
    truncated: stored(JSON.stringify(fullRecord({ name: 'truncated', version: 1 }))).slice(0, 100),
    'not-json': stored('hello, I am not a release'),
    'wrong-shape': stored('{"name":"wrong-shape","version":"one","info":{"status":"deployed"}}'),
    'no-data': undefined,
    bomb: bomb(),
  };
}

interface Obj {
  metadata: { name: string; resourceVersion: string };
}

async function snapshot(c: KubeClient, kind: RecordKind, ns: string): Promise<string[]> {
  const list = await c.requestJson<{ items: Obj[] }>({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/${kind === 'Secret' ? 'secrets' : 'configmaps'}`,
  });
  return list.items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
}

async function put(
  c: KubeClient,
  kind: RecordKind,
  ns: string,
  name: string,
  release: string | undefined,
  objName = key(name),
): Promise<void> {
  const labels = { name, owner: 'helm', status: 'deployed', version: '1' };
  const data =
    release === undefined
      ? undefined
      : { release: kind === 'Secret' ? Buffer.from(release).toString('base64') : release };
  const body =
    kind === 'Secret'
      ? {
          apiVersion: 'v1',
          kind,
          metadata: { name: objName, labels },
          type: 'helm.sh/release.v1',
          ...(data ? { data } : {}),
        }
      : { apiVersion: 'v1', kind, metadata: { name: objName, labels }, ...(data ? { data } : {}) };
  await c.requestJson({
    method: 'POST',
    path: `/api/v1/namespaces/${ns}/${kind === 'Secret' ? 'secrets' : 'configmaps'}`,
    body: JSON.stringify(body),
    contentType: 'application/json',
  });
}

for (const kind of ['Secret', 'ConfigMap'] as const) {
  describe(`${kind} records that cannot be read`, () => {
    let ns = '';
    let client: KubeClient;
    let env: Record<string, string> = {};
    const warnings: string[] = [];
    const log: StorageLog = { debug: () => {}, warn: (m) => warnings.push(m) };
    let store: Storage;
    const payloads = badPayloads();

    before(async () => {
      ns = await cluster.namespace(`bad-${kind.toLowerCase()}`);
      client = cluster.client();
      env = { KUBECONFIG: cluster.kubeconfig, HELM_DRIVER: kind.toLowerCase() };
      helmOk(['install', 'good', writeTestChart(), '-n', ns], env);
      for (const [name, data] of Object.entries(payloads)) await put(client, kind, ns, name, data);
      // Helm's labels on an object that is not a release record at all.
      await put(client, kind, ns, 'stranger', 'c29tZXRoaW5nIGVsc2U=', 'not-a-release-record');
      // A readable record with fields Helm does not know: they are dropped, the record is listed.
      await put(
        client,
        kind,
        ns,
        'extra',
        stored(
          JSON.stringify(fullRecord({ name: 'extra', version: 1, namespace: ns, future: { field: true } })),
        ),
      );
      store = new Storage(new KubeRecordDriver(kind, client, ns, { log }));
    });

    test('list skips each unreadable record with a warning naming it; good ones are listed as helm lists them', async () => {
      const before = await snapshot(client, kind, ns);
      const names = (await store.listReleases()).map((r) => r.name).sort();
      assert.deepEqual(names, ['extra', 'good']);
      for (const name of Object.keys(payloads)) {
        assert.ok(
          warnings.some((w) => w.includes(`${ns}/${key(name)}`) && w.includes(kind)),
          `no warning for ${name}: ${warnings.join('\n')}`,
        );
      }
      assert.ok(warnings.some((w) => w.includes('not-a-release-record')));
      assert.ok(
        warnings.some(
          (w) => w.includes(key('bomb')) && w.includes('decompresses to more than 67108864 bytes'),
        ),
      );
      const helmList = JSON.parse(helmOk(['list', '-n', ns, '-o', 'json'], env)) as { name: string }[];
      assert.deepEqual(helmList.map((r) => r.name).sort(), names);
      assert.deepEqual(await snapshot(client, kind, ns), before, 'reading changed the cluster');
    });

    test('get names the object and says what is wrong', async () => {
      const expected: Record<string, RegExp> = {
        'corrupt-base64': /illegal base64 data at input byte 0$/,
        truncated: /unexpected EOF$/,
        'not-json': /invalid character 'h' looking for beginning of value$/,
        'wrong-shape': /json: cannot unmarshal string into Go struct field Release.version of type int$/,
        'no-data': /unexpected end of JSON input$/,
        bomb: /release record decompresses to more than 67108864 bytes$/,
      };
      for (const [name, re] of Object.entries(expected)) {
        await assert.rejects(store.get(name, 1), (e: unknown) => {
          assert.ok(e instanceof DriverError, `${name}: ${String(e)}`);
          assert.ok(e.message.startsWith(`get: failed to decode data "${key(name)}": `), e.message);
          assert.match(e.message, re);
          return true;
        });
      }
    });

    test('history and deployed treat unreadable records as absent', async () => {
      assert.deepEqual(await store.history('truncated'), []);
      await assert.rejects(store.deployed('bomb'), NoDeployedReleasesError);
      await assert.rejects(
        store.last('not-json'),
        (e: unknown) => e instanceof StorageError && e.message === 'no revision for release "not-json"',
      );
      assert.equal((await store.deployed('good')).version, 1);
      const extra = await store.get('extra', 1);
      assert.equal(extra.info.status, 'deployed');
      assert.equal('future' in extra, false);
    });

    test('a record too large for the API server is refused and nothing is stored', async () => {
      const good = await store.get('good', 1);
      const huge = { ...good, name: 'huge', manifest: randomBytes(900 * 1024).toString('base64') };
      const before = await snapshot(client, kind, ns);
      await assert.rejects(store.create(huge), (e: unknown) => {
        const msg = (e as Error).message;
        if (kind === 'Secret') assert.ok(msg.startsWith('create: failed to create: '), msg);
        assert.match(msg, /Too long|too long|exceeds|too large/i);
        return true;
      });
      assert.deepEqual(await snapshot(client, kind, ns), before);
    });
  });
}
