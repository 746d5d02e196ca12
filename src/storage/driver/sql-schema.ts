// The tables Helm's SQL driver creates (pkg/storage/driver/sql.go) through rubenv/sql-migrate, which
// records applied migrations in gorp_migrations. Migrations run in sql-migrate's order (ids sorted:
// custom_labels before init), each in its own transaction with its record, so helm and Rudder can
// share one database.
import type { PoolClient } from 'pg';

export const RELEASES_TABLE = 'releases_v1';
export const LABELS_TABLE = 'custom_labels_v1';
export const MIGRATIONS_TABLE = 'gorp_migrations';

export interface Migration {
  id: string;
  up: string;
}

const INIT = `
						CREATE TABLE releases_v1 (
							key VARCHAR(90),
							type VARCHAR(64) NOT NULL,
							body TEXT NOT NULL,
							name VARCHAR(64) NOT NULL,
							namespace VARCHAR(64) NOT NULL,
							version INTEGER NOT NULL,
							status TEXT NOT NULL,
							owner TEXT NOT NULL,
							createdAt INTEGER NOT NULL,
							modifiedAt INTEGER NOT NULL DEFAULT 0,
							PRIMARY KEY(key, namespace)
						);
						CREATE INDEX ON releases_v1 (key, namespace);
						CREATE INDEX ON releases_v1 (version);
						CREATE INDEX ON releases_v1 (status);
						CREATE INDEX ON releases_v1 (owner);
						CREATE INDEX ON releases_v1 (createdAt);
						CREATE INDEX ON releases_v1 (modifiedAt);

						GRANT ALL ON releases_v1 TO PUBLIC;

						ALTER TABLE releases_v1 ENABLE ROW LEVEL SECURITY;
					`;

const CUSTOM_LABELS = `
						CREATE TABLE custom_labels_v1 (
							releaseKey VARCHAR(64),
							releaseNamespace VARCHAR(67),
							key VARCHAR(317),
							value VARCHAR(63)
						);
						CREATE INDEX ON custom_labels_v1 (releaseKey, releaseNamespace);

						GRANT ALL ON custom_labels_v1 TO PUBLIC;
						ALTER TABLE custom_labels_v1 ENABLE ROW LEVEL SECURITY;
					`;

/** In sql-migrate's execution order. */
export const MIGRATIONS: readonly Migration[] = [
  { id: 'custom_labels', up: CUSTOM_LABELS },
  { id: 'init', up: INIT },
];

/** What gorp's CreateTablesIfNotExists runs for sql-migrate's MigrationRecord on PostgreSQL. */
const CREATE_MIGRATIONS_TABLE = `create table if not exists "${MIGRATIONS_TABLE}" ("id" text not null primary key, "applied_at" timestamp with time zone) ;`;

/** The ids recorded as applied; undefined when the table does not exist (or cannot be read). */
async function appliedIds(c: PoolClient): Promise<Set<string> | undefined> {
  try {
    const r = await c.query<{ id: string }>(`SELECT id FROM "${MIGRATIONS_TABLE}"`);
    return new Set(r.rows.map((x) => x.id));
  } catch {
    return undefined;
  }
}

/** ensureDBSetup: applies the migrations not yet recorded. */
export async function ensureSchema(c: PoolClient): Promise<void> {
  const done = await appliedIds(c);
  if (done && MIGRATIONS.every((m) => done.has(m.id))) return;
  await c.query(CREATE_MIGRATIONS_TABLE);
  const applied = (await appliedIds(c)) ?? new Set<string>();
  for (const m of MIGRATIONS) {
    if (applied.has(m.id)) continue;
    await c.query('BEGIN');
    try {
      // sql-migrate trims the trailing newline, blanks and semicolon before running a statement.
      await c.query(m.up.replace(/\n$/, '').replace(/ $/, '').replace(/;$/, ''));
      await c.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("id","applied_at") VALUES ($1,$2)`, [
        m.id,
        new Date(),
      ]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    }
  }
}
