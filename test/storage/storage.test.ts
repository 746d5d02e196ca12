// Storage semantics on the memory driver (Helm's pkg/storage tests as the specification), the memory
// driver's own rules, HELM_MEMORY_DRIVER_DATA read as helm reads it, and driver selection.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryDriver } from '../../src/storage/driver/memory.js';
import { Storage, makeKey, sortByRevision } from '../../src/storage/storage.js';
import { openStorage } from '../../src/storage/init.js';
import { releaseToJson } from '../../src/storage/codec/encode-json.js';
import {
  DriverConfigError,
  InvalidKeyError,
  NoDeployedReleasesError,
  ReleaseExistsError,
  ReleaseNotFoundError,
} from '../../src/storage/errors.js';
import { MemoryDataError } from '../../src/storage/memory-data.js';
import { emptyInfo, type Release, type Status } from '../../src/storage/release.js';
import { runStorageOracle } from './support/oracle.js';
import { helm } from './support/helm.js';

const scratch = mkdtempSync(join(tmpdir(), 'rst-storage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const rel = (name: string, version: number, status: Status, namespace = ''): Release => ({
  name,
  version,
  namespace,
  info: emptyInfo(status),
  manifest: '',
  apply_method: '',
});

const versions = async (s: Storage, name: string): Promise<number[]> =>
  sortByRevision(await s.history(name)).map((r) => r.version);

async function seeded(maxHistory: number, statuses: Status[]): Promise<Storage> {
  const s = new Storage(new MemoryDriver(), { maxHistory });
  for (const [i, st] of statuses.entries()) await s.create(rel('angry-bird', i + 1, st));
  return s;
}

test('keys are sh.helm.release.v1.NAME.vN', () => {
  assert.equal(makeKey('web', 12), 'sh.helm.release.v1.web.v12');
});

test('max history keeps the newest (TestStorageRemoveLeastRecent)', async () => {
  const s = await seeded(10, ['superseded', 'superseded', 'superseded', 'deployed']);
  assert.deepEqual(await versions(s, 'angry-bird'), [1, 2, 3, 4]);
  s.maxHistory = 3;
  await s.create(rel('angry-bird', 5, 'deployed'));
  assert.deepEqual(await versions(s, 'angry-bird'), [3, 4, 5]);
});

test('max history never deletes the latest deployed (TestStorageDoNotDeleteDeployed)', async () => {
  const s = await seeded(3, ['superseded', 'deployed', 'failed', 'failed']);
  await s.create(rel('angry-bird', 5, 'failed'));
  assert.deepEqual(await versions(s, 'angry-bird'), [2, 4, 5]);
});

test('max history without any deployed (TestUpgradeInitiallyFailedReleaseWithHistoryLimit)', async () => {
  const s = await seeded(4, ['failed', 'failed', 'failed', 'failed']);
  await s.create(rel('angry-bird', 5, 'failed'));
  assert.deepEqual(await versions(s, 'angry-bird'), [2, 3, 4, 5]);
});

test('max history 0 keeps everything; a negative maximum prunes nothing', async () => {
  const s = await seeded(0, ['superseded', 'superseded', 'superseded', 'deployed']);
  await s.removeLeastRecent('angry-bird', -1);
  assert.deepEqual(await versions(s, 'angry-bird'), [1, 2, 3, 4]);
});

test('last, deployed, deployedAll and the list filters', async () => {
  const s = await seeded(0, ['superseded', 'deployed', 'superseded', 'failed']);
  await s.create(rel('other', 1, 'uninstalled'));
  assert.equal((await s.last('angry-bird')).version, 4);
  assert.equal((await s.deployed('angry-bird')).version, 2);
  assert.deepEqual(
    (await s.deployedAll('angry-bird')).map((r) => r.version),
    [2],
  );
  assert.deepEqual(
    (await s.listDeployed()).map((r) => `${r.name}.${r.version}`),
    ['angry-bird.2'],
  );
  assert.deepEqual(
    (await s.listUninstalled()).map((r) => r.name),
    ['other'],
  );
  assert.equal((await s.listReleases()).length, 5);
  await assert.rejects(
    s.deployed('other'),
    (e: unknown) => e instanceof NoDeployedReleasesError && e.message === '"other" has no deployed releases',
  );
  await assert.rejects(s.deployed('missing'), NoDeployedReleasesError);
  await assert.rejects(
    s.history('missing'),
    (e: unknown) => e instanceof ReleaseNotFoundError && e.message === 'release: not found',
  );
  await assert.rejects(s.get('angry-bird', 9), ReleaseNotFoundError);
});

test('memory driver: errors, update, delete', async () => {
  const s = new Storage(new MemoryDriver());
  await s.create(rel('a', 1, 'deployed'));
  await assert.rejects(
    s.create(rel('a', 1, 'deployed')),
    (e: unknown) => e instanceof ReleaseExistsError && e.message === 'release: already exists',
  );
  await assert.rejects(s.update(rel('a', 2, 'deployed')), ReleaseNotFoundError);
  await s.update(rel('a', 1, 'superseded'));
  assert.equal((await s.get('a', 1)).info.status, 'superseded');
  await assert.rejects(
    s.driver.get('sh.helm.release.v1.a.vx'),
    (e: unknown) => e instanceof InvalidKeyError && e.message === 'release: invalid key',
  );
  await assert.rejects(s.driver.get('sh.helm.release.v1.a.v1.v2'), InvalidKeyError);
  assert.equal((await s.delete('a', 1)).version, 1);
  await assert.rejects(s.delete('a', 1), ReleaseNotFoundError);
});

test('memory driver: records live per namespace; an empty namespace sees all', async () => {
  const mem = new MemoryDriver();
  const s = new Storage(mem);
  await s.create(rel('x', 1, 'deployed', 'ns1'));
  await s.create(rel('x', 1, 'deployed', 'ns2'));
  assert.equal(mem.namespace, 'ns2', 'create switches to the record namespace, as Helm does');
  mem.setNamespace('ns1');
  assert.deepEqual(
    (await s.listReleases()).map((r) => r.namespace),
    ['ns1'],
  );
  mem.setNamespace('');
  assert.deepEqual((await s.listReleases()).map((r) => r.namespace).sort(), ['ns1', 'ns2']);
  await s.create(rel('y', 1, 'deployed'));
  assert.equal(mem.namespace, 'default');
});

const MEMORY_DATA = `- name: memrel
  namespace: default
  version: 1
  info:
    status: deployed
    description: loaded
    first_deployed: "2026-01-01T00:00:00Z"
    last_deployed: 2026-01-01T00:00:00+01:00
  chart:
    metadata: {name: c, version: 1.0, apiVersion: v2, appVersion: 1.10, keywords: [1, true], annotations: {a: 1.5, b: no}}
    lock: {generated: 2025-01-01T00:00:00Z, digest: 12, dependencies: [{name: d, version: 2.0, repository: x}]}
    templates: [{name: 7, data: aGk=}]
  config: {a: 1, b: yes, c: ~, d: 0x10, e: 2026-01-01}
  hooks: [{name: 1, kind: Job, events: [test], weight: 2, last_run: {phase: Running}}]
- name: 12
  namespace: default
  version: 3
  info: {status: superseded}
- name: memrel
  namespace: other
  version: 2
  info: {status: failed}
`;

test('HELM_MEMORY_DRIVER_DATA is read as helm reads it', async () => {
  const dir = mkdtempSync(join(scratch, 'mem-'));
  const file = join(dir, 'data.yaml');
  writeFileSync(file, MEMORY_DATA);
  const store = await openStorage({ driver: 'memory', namespace: '', memoryData: file });
  const ours = (await store.listReleases()).map(releaseToJson).sort();
  const [go] = runStorageOracle([{ name: 'memory data', yaml: MEMORY_DATA }]);
  assert.equal(go!.err, undefined);
  assert.deepEqual(ours, [...go!.records!].sort());

  // helm list (which needs no cluster for one namespace) sees the same releases.
  for (const ns of ['default', 'other']) {
    const h = helm(['list', '-n', ns, '-o', 'json'], {
      HELM_DRIVER: 'memory',
      HELM_MEMORY_DRIVER_DATA: file,
      KUBECONFIG: '/nonexistent',
    });
    assert.equal(h.code, 0, h.stderr);
    const helmList = (JSON.parse(h.stdout) as { name: string; revision: string; status: string }[]).map(
      (r) => `${r.name}.v${r.revision} ${r.status}`,
    );
    const scopedStore = await openStorage({ driver: 'memory', namespace: ns, memoryData: file });
    const latest = new Map<string, Release>();
    for (const r of await scopedStore.listReleases())
      if ((latest.get(r.name)?.version ?? 0) < r.version) latest.set(r.name, r);
    assert.deepEqual(
      [...latest.values()].map((r) => `${r.name}.v${r.version} ${r.info.status}`).sort(),
      helmList.sort(),
    );
  }

  const revs = join(dir, 'revisions.yaml');
  writeFileSync(
    revs,
    '- {name: r, version: 1, info: {status: superseded}}\n- {name: r, version: 2, info: {status: deployed}}\n',
  );
  const limited = await openStorage({
    driver: 'memory',
    namespace: 'default',
    memoryData: revs,
    maxHistory: 1,
  });
  assert.deepEqual(await versions(limited, 'r'), [1, 2], 'loading prunes nothing');
  assert.equal(limited.maxHistory, 1);

  const scoped = await openStorage({ driver: 'memory', namespace: 'other', memoryData: file });
  assert.deepEqual(
    (await scoped.listReleases()).map((r) => r.version),
    [2],
  );
});

test("HELM_MEMORY_DRIVER_DATA errors are helm's", async () => {
  const h = helm(['list'], { HELM_DRIVER: 'memory', KUBECONFIG: '/nonexistent' });
  assert.notEqual(h.code, 0);
  const helmMsg = /msg="(.*)"/.exec(h.stderr)?.[1];
  await assert.rejects(
    openStorage({ driver: 'memory', namespace: 'default', memoryData: '' }),
    (e: unknown) => {
      assert.ok(e instanceof MemoryDataError);
      assert.equal(e.message, helmMsg);
      return true;
    },
  );
  const dir = mkdtempSync(join(scratch, 'mem-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, '- name: x\n  version: one\n  info: {}\n');
  await assert.rejects(
    openStorage({ driver: 'memory', namespace: 'default', memoryData: bad }),
    /^MemoryDataError: Unable to unmarshal memory driver data: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Release.version of type int$/,
  );
});

test("HELM_DRIVER picks the driver; unknown names are refused with helm's text", async () => {
  assert.equal((await openStorage({ driver: 'memory', namespace: 'x' })).name, 'Memory');
  await assert.rejects(
    openStorage({ driver: 'etcd', namespace: 'x' }),
    (e: unknown) => e instanceof DriverConfigError && e.message === 'unknown driver "etcd"',
  );
  const h = helm(['list'], { HELM_DRIVER: 'etcd', KUBECONFIG: '/nonexistent' });
  assert.match(h.stderr, /unknown driver \\?"etcd\\?"/);
});
