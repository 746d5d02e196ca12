// The SQL driver against helm v4.3.2 on a real PostgreSQL (tools/postgres/pg.sh): helm and Rudder
// share one database — the same tables, indexes and sql-migrate records whoever creates them,
// records byte-equal when re-encoded, each reading what the other wrote.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { useCluster } from '../support/cluster.js';
import { usePostgres } from '../support/postgres.js';
import { SqlDriver } from '../../src/storage/driver/sql.js';
import { openStorage } from '../../src/storage/init.js';
import { decodeRelease, encodeRelease } from '../../src/storage/codec/codec.js';
import { Storage, sortByRevision } from '../../src/storage/storage.js';
import {
  DriverConfigError,
  DriverError,
  NoDeployedReleasesError,
  ReleaseNotFoundError,
} from '../../src/storage/errors.js';
import { goTimeNow } from '../../src/storage/gotime.js';
import { mapOf } from '../../src/go/value.js';
import type { Release } from '../../src/storage/release.js';
import type { StorageLog } from '../../src/storage/driver/driver.js';
import { helm, helmOk, writeTestChart } from './support/helm.js';
import { stored } from './support/records.js';

const cluster = useCluster('api');
const postgres = usePostgres();

async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** Tables, columns, indexes, row-level security and migration ids: what both tools must agree on. */
async function schema(url: string): Promise<unknown> {
  const cols = await sql(
    url,
    `SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const idx = await sql(
    url,
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
  );
  const rls = await sql(
    url,
    `SELECT relname, relrowsecurity FROM pg_class WHERE relname IN ('releases_v1','custom_labels_v1') ORDER BY relname`,
  );
  const grants = await sql(
    url,
    `SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC' ORDER BY 1, 2`,
  );
  const ids = await sql(url, `SELECT id FROM gorp_migrations ORDER BY id`);
  return { cols, idx, rls, grants, ids };
}

describe('SQL driver', () => {
  let chart = '';
  const env = (url: string): Record<string, string> => ({
    KUBECONFIG: cluster.kubeconfig,
    HELM_DRIVER: 'sql',
    HELM_DRIVER_SQL_CONNECTION_STRING: url,
  });

  test('Rudder reads what helm wrote, byte for byte, without migrating again', async () => {
    chart = writeTestChart();
    const url = await postgres.database('helmfirst');
    const ns = await cluster.namespace('sql-a');
    const e = env(url);
    helmOk(['install', 'web', chart, '-n', ns, '--labels', 'team=blue'], e);
    helmOk(['upgrade', 'web', chart, '-n', ns, '--set', 'replicas=3'], e);
    helmOk(['rollback', 'web', '1', '-n', ns], e);
    assert.notEqual(helm(['install', 'bad', chart, '-n', ns, '--set', 'fail=true'], e).code, 0);
    helmOk(['install', 'gone', chart, '-n', ns], e);
    helmOk(['uninstall', 'gone', '-n', ns, '--keep-history'], e);
    const migrations = await sql(url, 'SELECT id, applied_at FROM gorp_migrations ORDER BY id');

    const store = await openStorage({ driver: 'sql', namespace: ns, sqlConnectionString: url });
    try {
      assert.deepEqual(await sql(url, 'SELECT id, applied_at FROM gorp_migrations ORDER BY id'), migrations);
      const rows = await sql<{ key: string; body: string }>(url, 'SELECT key, body FROM releases_v1');
      assert.equal(rows.length, 5);
      for (const r of rows) assert.equal(encodeRelease(decodeRelease(r.body)), r.body, r.key);

      const hist = sortByRevision(await store.history('web'));
      const helmHist = JSON.parse(helmOk(['history', 'web', '-n', ns, '-o', 'json'], e)) as {
        revision: number;
        status: string;
      }[];
      assert.deepEqual(
        hist.map((r) => [r.version, r.info.status]),
        helmHist.map((h) => [h.revision, h.status]),
      );
      assert.equal((await store.deployed('web')).version, 3);
      assert.deepEqual((await store.get('web', 1)).labels, { team: 'blue' });
      assert.deepEqual(hist[0]!.labels, { team: 'blue' }, 'query returns custom labels only');
      const listed = (await store.listReleases()).find((r) => r.name === 'web' && r.version === 1)!;
      assert.deepEqual(listed.labels, {
        team: 'blue',
        name: 'web',
        owner: 'helm',
        status: 'superseded',
        version: '1',
      });
      assert.deepEqual(
        (await store.listUninstalled()).map((r) => r.name),
        ['gone'],
      );
      await assert.rejects(store.deployed('bad'), NoDeployedReleasesError);
    } finally {
      await store.close();
    }
  });

  test('a database Rudder sets up is the one helm sets up, and helm uses it', async () => {
    const helmUrl = await postgres.database('helmschema');
    const ns = await cluster.namespace('sql-b');
    helmOk(['list', '-n', ns], env(helmUrl));
    const rudderUrl = await postgres.database('rudderschema');
    const store = await openStorage({ driver: 'sql', namespace: ns, sqlConnectionString: rudderUrl });
    try {
      assert.deepEqual(await schema(rudderUrl), await schema(helmUrl));
      const e = env(rudderUrl);
      helmOk(['install', 'from-helm', chart, '-n', ns, '--labels', 'a=b'], e);
      assert.deepEqual(
        await schema(rudderUrl),
        await schema(helmUrl),
        'helm migrated a database Rudder had set up',
      );
      assert.equal((await store.deployed('from-helm')).version, 1);
    } finally {
      await store.close();
    }
  });

  test('records Rudder writes are read by helm (list, history, get values, upgrade on top)', async () => {
    const url = await postgres.database('rudderwrites');
    const ns = await cluster.namespace('sql-c');
    const e = env(url);
    helmOk(['install', 'seed', chart, '-n', ns], e);
    const store = await openStorage({ driver: 'sql', namespace: ns, sqlConnectionString: url });
    try {
      const seed = await store.get('seed', 1);
      const now = goTimeNow();
      const rls: Release = {
        ...seed,
        name: 'made',
        labels: { owner: 'ignored', tier: 'db' },
        config: mapOf({ message: 'from <rudder>' }),
        info: {
          ...seed.info,
          status: 'deployed',
          first_deployed: now,
          last_deployed: now,
          description: 'Install complete',
        },
        manifest: seed.manifest.replaceAll('seed-', 'made-'),
      };
      await store.create(rls);
      const row = (
        await sql<Record<string, unknown>>(url, `SELECT * FROM releases_v1 WHERE name = 'made'`)
      )[0]!;
      assert.equal(row['type'], 'helm.sh/release.v1');
      assert.equal(row['owner'], 'helm');
      assert.equal(row['status'], 'deployed');
      assert.equal(row['modifiedat'], 0);
      assert.ok(Number(row['createdat']) > 1_700_000_000);
      assert.deepEqual(
        await sql(
          url,
          `SELECT releasekey, releasenamespace, key, value FROM custom_labels_v1 WHERE releasekey LIKE '%made%'`,
        ),
        [{ releasekey: 'sh.helm.release.v1.made.v1', releasenamespace: ns, key: 'tier', value: 'db' }],
      );
      const list = JSON.parse(helmOk(['list', '-n', ns, '-o', 'json'], e)) as {
        name: string;
        status: string;
      }[];
      assert.deepEqual(list.map((r) => [r.name, r.status]).sort(), [
        ['made', 'deployed'],
        ['seed', 'deployed'],
      ]);
      assert.deepEqual(JSON.parse(helmOk(['get', 'values', 'made', '-n', ns, '-o', 'json'], e)), {
        message: 'from <rudder>',
      });
      helmOk(['upgrade', 'made', chart, '-n', ns, '--reuse-values'], e);
      const hist = sortByRevision(await store.history('made'));
      assert.deepEqual(
        hist.map((r) => [r.version, r.info.status]),
        [
          [1, 'superseded'],
          [2, 'deployed'],
        ],
      );

      await assert.rejects(store.create(rls), (err: unknown) => {
        assert.ok(err instanceof DriverError);
        assert.equal(
          err.message,
          'pq: duplicate key value violates unique constraint "releases_v1_pkey" (23505)',
        );
        return true;
      });
      await assert.rejects(
        store.query({ colour: 'red' }),
        /^Error: unknown label colour$|unknown label colour/,
      );
      const deleted = await store.delete('made', 1);
      assert.equal(deleted.version, 1);
      await assert.rejects(store.get('made', 1), ReleaseNotFoundError);
      assert.deepEqual(
        await sql(url, `SELECT key FROM custom_labels_v1 WHERE releasekey = 'sh.helm.release.v1.made.v1'`),
        [],
      );
    } finally {
      await store.close();
    }
  });

  test('unreadable rows are skipped with a warning and named by get; max history prunes', async () => {
    const url = await postgres.database('badrows');
    const ns = 'badrows';
    const warnings: string[] = [];
    const log: StorageLog = { debug: () => {}, warn: (m) => warnings.push(m) };
    const store = new Storage(await SqlDriver.open(url, ns, { log }), { maxHistory: 2 });
    try {
      const base: Release = {
        name: 'ok',
        info: { status: 'deployed', description: '', rollback_revision: 0, notes: '' },
        manifest: '',
        version: 1,
        namespace: ns,
        apply_method: '',
      };
      for (let v = 1; v <= 4; v++)
        await store.create({
          ...base,
          version: v,
          info: { ...base.info, status: v === 4 ? 'deployed' : 'superseded' },
        });
      assert.deepEqual(
        sortByRevision(await store.history('ok')).map((r) => r.version),
        [3, 4],
      );
      await sql(
        url,
        `INSERT INTO releases_v1 (key,type,body,name,namespace,version,status,owner,createdAt) VALUES ($1,'helm.sh/release.v1',$2,'broken',$3,1,'deployed','helm',0)`,
        ['sh.helm.release.v1.broken.v1', stored('{"name":"broken"').slice(0, 30), ns],
      );
      const names = (await store.listReleases()).map((r) => r.name);
      assert.deepEqual([...new Set(names)], ['ok']);
      assert.ok(
        warnings.some((w) => w.includes(`${ns}/sh.helm.release.v1.broken.v1`)),
        warnings.join('\n'),
      );
      await assert.rejects(
        store.get('broken', 1),
        /^DriverError: get: failed to decode data "sh.helm.release.v1.broken.v1": /,
      );

      const all = await SqlDriver.open(url, '');
      try {
        assert.deepEqual((await all.list(() => true)).map((r) => r.name).sort(), ['ok', 'ok']);
      } finally {
        await all.close();
      }
    } finally {
      await store.close();
    }
  });

  test("connection errors read as helm's", async () => {
    const { port } = new URL(postgres.url);
    const cases = [
      `postgres://rudder:x@127.0.0.1:1/postgres?sslmode=disable`,
      new URL(postgres.url).toString().replace(/:[^:@/]+@/, ':wrong@'),
      `host=127.0.0.1 port=${port} user=rudder password=wrong dbname=postgres sslmode=disable`,
      `postgres://rudder:x@127.0.0.1:${port}/postgres`,
      `host=127.0.0.1 port=${port} sslmode=bogus`,
      'host',
      "password='abc",
      'mysql://a@127.0.0.1:1/x',
    ];
    for (const conn of cases) {
      const h = helm(['list'], {
        KUBECONFIG: cluster.kubeconfig,
        HELM_DRIVER: 'sql',
        HELM_DRIVER_SQL_CONNECTION_STRING: conn,
      });
      assert.notEqual(h.code, 0);
      const helmMsg = /msg="(.*)"/.exec(h.stderr)?.[1]?.replaceAll('\\"', '"');
      await assert.rejects(
        openStorage({ driver: 'sql', namespace: 'x', sqlConnectionString: conn, env: {} }),
        (err: unknown) => {
          assert.ok(err instanceof DriverConfigError);
          assert.equal(err.message, helmMsg, conn);
          return true;
        },
      );
    }
  });
});
