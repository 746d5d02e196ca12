// The SQL driver (pkg/storage/driver/sql.go) on PostgreSQL: one row per record in releases_v1
// (key, namespace, encoded body, name, version, status, owner, createdAt, modifiedAt) and the user's
// labels in custom_labels_v1. Same queries and the same quirks as Helm: Create and Update switch
// the driver to the record's namespace; Query returns only custom labels, List adds the system ones.
import pg from 'pg';
import { decodeRelease, encodeRelease, type DecodeOptions } from '../codec/codec.js';
import { DriverConfigError, DriverError, ReleaseNotFoundError } from '../errors.js';
import type { Release } from '../release.js';
import { filterSystemLabels, recordLabels, silentLog, type Driver, type StorageLog } from './driver.js';
import { sqlConnection } from './sql-conn.js';
import { ensureSchema, LABELS_TABLE, RELEASES_TABLE } from './sql-schema.js';

const DEFAULT_NAMESPACE = 'default';
const RELEASE_TYPE = 'helm.sh/release.v1';
/** The label names Query accepts (columns of releases_v1). */
const LABEL_COLUMNS = new Set(['modifiedAt', 'createdAt', 'version', 'status', 'owner', 'name']);

export interface SqlDriverOptions {
  log?: StorageLog;
  /** Unix seconds for createdAt/modifiedAt (default: now). */
  now?: () => number;
  maxRecordBytes?: number;
  env?: NodeJS.ProcessEnv;
}

interface Row {
  key: string;
  namespace: string;
  body: string;
}

/** lib/pq's error texts (`pq: MESSAGE (CODE)`, Go's dial errors) for what node-postgres reports. */
export function pqError(e: unknown): DriverError {
  const err = e as Error & { severity?: string; code?: string; address?: string; port?: number };
  let text = err.message;
  if (err.severity) text = `pq: ${err.message}${err.code ? ` (${err.code})` : ''}`;
  else if (err.code === 'ECONNREFUSED')
    text = `dial tcp ${err.address}:${err.port}: connect: connection refused`;
  else if (/does not support SSL/.test(err.message)) text = 'pq: SSL is not enabled on the server';
  return new DriverError(text, e);
}

export class SqlDriver implements Driver {
  readonly name = 'SQL';
  private readonly log: StorageLog;
  private readonly now: () => number;
  private readonly decodeOpts: DecodeOptions;

  private constructor(
    private readonly pool: pg.Pool,
    private ns: string,
    opts: SqlDriverOptions,
  ) {
    this.log = opts.log ?? silentLog;
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    this.decodeOpts = opts.maxRecordBytes === undefined ? {} : { maxBytes: opts.maxRecordBytes };
  }

  /** NewSQL: connects, creates or migrates the tables, scopes to `namespace` ('' = all). */
  static async open(connStr: string, namespace: string, opts: SqlDriverOptions = {}): Promise<SqlDriver> {
    const conn = sqlConnection(connStr, opts.env);
    const make = (ssl: pg.ClientConfig['ssl']): pg.Pool =>
      new pg.Pool({ ...conn.config, ssl, max: 4, allowExitOnIdle: true });
    let pool = make(conn.config.ssl);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end().catch(() => {});
      if (!conn.fallbackWithoutSsl) throw new DriverConfigError(pqError(e).message, { cause: e });
      pool = make(false);
      try {
        client = await pool.connect();
      } catch (e2) {
        await pool.end().catch(() => {});
        throw new DriverConfigError(pqError(e2).message, { cause: e2 });
      }
    }
    try {
      await ensureSchema(client);
    } catch (e) {
      client.release();
      await pool.end().catch(() => {});
      throw new DriverConfigError(pqError(e).message, { cause: e });
    }
    client.release();
    return new SqlDriver(pool, namespace, opts);
  }

  get namespace(): string {
    return this.ns;
  }

  private async q<T extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
    c?: pg.PoolClient,
  ): Promise<T[]> {
    try {
      return (await (c ?? this.pool).query<T>(text, values)).rows;
    } catch (e) {
      throw pqError(e);
    }
  }

  private decode(row: Pick<Row, 'body'>, key: string): Release {
    try {
      return decodeRelease(row.body, this.decodeOpts);
    } catch (e) {
      throw new DriverError(`get: failed to decode data ${JSON.stringify(key)}: ${(e as Error).message}`, e);
    }
  }

  /** Custom labels of the given keys in the driver's namespace (Helm asks one key at a time). */
  private async customLabels(keys: string[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>(keys.map((k) => [k, {}]));
    if (keys.length === 0) return out;
    const rows = await this.q<{ releasekey: string; key: string; value: string }>(
      `SELECT releaseKey, key, value FROM ${LABELS_TABLE} WHERE releaseKey = ANY($1) AND releaseNamespace = $2`,
      [keys, this.ns],
    );
    for (const r of rows) {
      const m = out.get(r.releasekey);
      if (m)
        Object.defineProperty(m, r.key, {
          value: r.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    for (const [k, m] of out) out.set(k, filterSystemLabels(m));
    return out;
  }

  /** Decodes rows, skipping (and reporting) unreadable ones, as Helm's List and Query do. */
  private async decodeRows(rows: Row[]): Promise<Release[]> {
    const labels = await this.customLabels(rows.map((r) => r.key));
    const out: Release[] = [];
    for (const row of rows) {
      let rls: Release;
      try {
        rls = decodeRelease(row.body, this.decodeOpts);
      } catch (e) {
        this.log.warn(
          `skipping unreadable release record ${JSON.stringify(`${row.namespace}/${row.key}`)} in ${RELEASES_TABLE}: ${(e as Error).message}`,
          { key: row.key },
        );
        continue;
      }
      rls.labels = { ...labels.get(row.key) };
      out.push(rls);
    }
    return out;
  }

  async get(key: string): Promise<Release> {
    let rows: Pick<Row, 'body'>[];
    try {
      rows = await this.q(`SELECT body FROM ${RELEASES_TABLE} WHERE key = $1 AND namespace = $2`, [
        key,
        this.ns,
      ]);
    } catch (e) {
      this.log.debug('got SQL error when getting release', { key, error: String(e) });
      throw new ReleaseNotFoundError();
    }
    if (rows.length === 0) throw new ReleaseNotFoundError();
    const rls = this.decode(rows[0]!, key);
    rls.labels = (await this.customLabels([key])).get(key) ?? {};
    return rls;
  }

  async list(filter: (r: Release) => boolean): Promise<Release[]> {
    const where = this.ns ? ' AND namespace = $2' : '';
    const args = this.ns ? ['helm', this.ns] : ['helm'];
    const rows = await this.q<Row>(
      `SELECT key, namespace, body FROM ${RELEASES_TABLE} WHERE owner = $1${where}`,
      args,
    );
    const out: Release[] = [];
    for (const rls of await this.decodeRows(rows)) {
      rls.labels = { ...rls.labels, ...recordLabels(rls) };
      if (filter(rls)) out.push(rls);
    }
    return out;
  }

  async query(labels: Readonly<Record<string, string>>): Promise<Release[]> {
    const conds: string[] = [];
    const args: unknown[] = [];
    for (const key of Object.keys(labels).sort()) {
      if (!LABEL_COLUMNS.has(key)) throw new DriverError(`unknown label ${key}`);
      args.push(labels[key]);
      conds.push(`${key} = $${args.length}`);
    }
    if (this.ns) {
      args.push(this.ns);
      conds.push(`namespace = $${args.length}`);
    }
    const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
    const rows = await this.q<Row>(`SELECT key, namespace, body FROM ${RELEASES_TABLE}${where}`, args);
    if (rows.length === 0) throw new ReleaseNotFoundError();
    const out = await this.decodeRows(rows);
    if (out.length === 0) throw new ReleaseNotFoundError();
    return out;
  }

  async create(key: string, rls: Release): Promise<void> {
    const namespace = rls.namespace || DEFAULT_NAMESPACE;
    this.ns = namespace;
    const body = encodeRelease(rls);
    const c = await this.pool.connect().catch((e: unknown) => {
      throw new DriverError(`error beginning transaction: ${pqError(e).message}`, e);
    });
    try {
      await this.q('BEGIN', [], c);
      try {
        await this.q(
          `INSERT INTO ${RELEASES_TABLE} (key,type,body,name,namespace,version,status,owner,createdAt) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
          [key, RELEASE_TYPE, body, rls.name, namespace, rls.version, rls.info.status, 'helm', this.now()],
          c,
        );
        for (const [k, v] of Object.entries(filterSystemLabels(rls.labels))) {
          await this.q(
            `INSERT INTO ${LABELS_TABLE} (releaseKey,releaseNamespace,key,value) VALUES ($1,$2,$3,$4)`,
            [key, namespace, k, v],
            c,
          );
        }
      } catch (e) {
        // Helm's existence check runs inside the aborted transaction and fails, so the insert's
        // own error (a duplicate key) is what it reports.
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      }
      await this.q('COMMIT', [], c);
    } finally {
      c.release();
    }
  }

  async update(key: string, rls: Release): Promise<void> {
    const namespace = rls.namespace || DEFAULT_NAMESPACE;
    this.ns = namespace;
    const body = encodeRelease(rls);
    await this.q(
      `UPDATE ${RELEASES_TABLE} SET body = $1, name = $2, version = $3, status = $4, owner = $5, modifiedAt = $6 WHERE key = $7 AND namespace = $8`,
      [body, rls.name, rls.version, rls.info.status, 'helm', this.now(), key, namespace],
    );
  }

  async delete(key: string): Promise<Release> {
    const c = await this.pool.connect().catch((e: unknown) => {
      throw new DriverError(`error beginning transaction: ${pqError(e).message}`, e);
    });
    try {
      await this.q('BEGIN', [], c);
      const rows = await this.q<Pick<Row, 'body'>>(
        `SELECT body FROM ${RELEASES_TABLE} WHERE key = $1 AND namespace = $2`,
        [key, this.ns],
        c,
      ).catch(() => []);
      if (rows.length === 0) {
        await c.query('ROLLBACK').catch(() => {});
        throw new ReleaseNotFoundError();
      }
      let rls: Release;
      try {
        rls = this.decode(rows[0]!, key);
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      }
      try {
        await this.q(`DELETE FROM ${RELEASES_TABLE} WHERE key = $1 AND namespace = $2`, [key, this.ns], c);
        rls.labels = (await this.customLabels([key])).get(key) ?? {};
        await this.q(
          `DELETE FROM ${LABELS_TABLE} WHERE releaseKey = $1 AND releaseNamespace = $2`,
          [key, this.ns],
          c,
        );
      } finally {
        // Helm commits whatever happened after the record was read (a deferred Commit).
        await c.query('COMMIT').catch(() => {});
      }
      return rls;
    } finally {
      c.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
