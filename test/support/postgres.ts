// Gives a test file a running PostgreSQL (tools/postgres/pg.sh), like cluster.ts does for Kubernetes.
//
//   const pg = usePostgres();                        // at the top level of a test file
//   test('x', async () => { const url = await pg.database(); ... });   // a fresh, empty database
//
// When RUDDER_TEST_PG_URL is set (a runner started a shared server), that server is used; otherwise
// one is started for this file in a temporary directory and stopped in an `after` hook. Missing
// binaries fail the suite with the package to install.
import { after, before } from 'node:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestPostgres {
  /** The server's admin URL (database `postgres`). */
  readonly url: string;
  /** Creates an empty database (dropped after the file) and returns its URL. */
  database(prefix?: string): Promise<string>;
}

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const pgSh = join(root, 'tools', 'postgres', 'pg.sh');

function readEnv(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

const withDatabase = (url: string, db: string): string => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

export function usePostgres(): TestPostgres {
  let url = '';
  let dir = '';
  const databases: string[] = [];

  before(
    () => {
      const shared = process.env['RUDDER_TEST_PG_URL'];
      if (shared) {
        url = shared;
        return;
      }
      dir = mkdtempSync(join(tmpdir(), 'rudder-pg-'));
      const r = spawnSync('bash', [pgSh, 'start', dir], { encoding: 'utf8' });
      if (r.status !== 0) {
        throw new Error(
          `could not start PostgreSQL for the tests:\n${r.stderr.trim()}\n` +
            "The SQL storage tests need Debian's PostgreSQL server: apt-get install -y postgresql",
        );
      }
      url = readEnv(join(dir, 'env'))['RUDDER_TEST_PG_URL'] ?? '';
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      if (url && databases.length > 0) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        for (const db of databases)
          await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
        await c.end();
      }
      if (dir) {
        spawnSync('bash', [pgSh, 'stop', dir]);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { timeout: 60_000 },
  );

  return {
    get url() {
      return url;
    },
    async database(prefix = 'rt') {
      if (!url)
        throw new Error(
          'PostgreSQL is not running (usePostgres must be called at the top level of the test file)',
        );
      const name = `${prefix}_${randomBytes(4).toString('hex')}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      databases.push(name);
      return withDatabase(url, name);
    },
  };
}
