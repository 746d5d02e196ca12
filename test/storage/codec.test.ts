// What Rudder's codec does beyond Helm's (bounds, refusals) and the Go time helpers actions use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeRelease, encodeRelease, recordJson } from '../../src/storage/codec/codec.js';
import { releaseToJson } from '../../src/storage/codec/encode-json.js';
import { RecordDecodeError } from '../../src/storage/errors.js';
import {
  compareGoTime,
  formatGoTime,
  goTimeFromDate,
  goTimeNow,
  goTimeToDate,
  isZeroGoTime,
  parseGoTime,
} from '../../src/storage/gotime.js';
import { decodeBase64Std } from '../../src/storage/codec/base64.js';
import { labelValueErrors } from '../../src/storage/driver/labels.js';
import { parseKeyValues, sqlConnection } from '../../src/storage/driver/sql-conn.js';
import { fullRecord, stored } from './support/records.js';

test('a record without info is refused (helm would crash on it later)', () => {
  assert.throws(
    () => decodeRelease(stored('{"name":"x"}')),
    (e: unknown) => e instanceof RecordDecodeError && e.message === 'release record has no info',
  );
  assert.throws(() => decodeRelease(stored('{"name":"x","info":null}')), RecordDecodeError);
});

test('decompression is bounded; the bound is configurable', () => {
  const big = stored(JSON.stringify(fullRecord({ manifest: 'x'.repeat(2 << 20) })));
  assert.equal(decodeRelease(big).manifest.length, 2 << 20);
  assert.throws(
    () => decodeRelease(big, { maxBytes: 1 << 20 }),
    (e: unknown) =>
      e instanceof RecordDecodeError &&
      e.message === 'release record decompresses to more than 1048576 bytes',
  );
  const plain = stored(JSON.stringify(fullRecord({ manifest: 'y'.repeat(2 << 20) })), false);
  assert.throws(
    () => recordJson(plain, { maxBytes: 1 << 20 }),
    /release record is larger than 1048576 bytes/,
  );
  // A gzip bomb stops at the bound instead of inflating 512 MiB.
  const bomb = Buffer.from(gzipSync(Buffer.alloc(512 << 20), { level: 9 })).toString('base64');
  const t0 = process.memoryUsage().rss;
  assert.throws(() => decodeRelease(bomb), /decompresses to more than 67108864 bytes/);
  assert.ok(process.memoryUsage().rss - t0 < 256 << 20, 'memory grew past the bound');
});

test('null entries of pointer lists are dropped (Go would keep them as null)', () => {
  const r = decodeRelease(stored('{"info":{"status":"deployed"},"hooks":[null,{"name":"h"}]}'));
  assert.deepEqual(
    r.hooks?.map((h) => h.name),
    ['h'],
  );
});

test('integral numbers such as 1.0 and 1e2 are read as integers (Go refuses them outside info)', () => {
  const r = decodeRelease(
    stored('{"version":1e2,"info":{"status":"deployed"},"hooks":[{"name":"h","weight":2.0}]}'),
  );
  assert.equal(r.version, 100);
  assert.equal(r.hooks?.[0]?.weight, 2);
  assert.throws(() => decodeRelease(stored('{"version":1.5,"info":{}}')), /Release\.version of type int/);
});

test('records made in code encode as Go does: zero values omitted, nil lists null', () => {
  const json = releaseToJson({
    name: 'a',
    info: { status: 'deployed', description: '', rollback_revision: 0, notes: '' },
    chart: {
      metadata: null,
      lock: null,
      templates: [],
      values: null,
      schema: null,
      schemamodtime: '0001-01-01T00:00:00Z',
      files: null,
    },
    manifest: '',
    version: 1,
    namespace: '',
    apply_method: '',
  });
  assert.equal(
    json,
    '{"name":"a","info":{"status":"deployed"},"chart":{"metadata":null,"lock":null,"templates":[],"values":null,"schema":null,"schemamodtime":"0001-01-01T00:00:00Z","files":null},"version":1}',
  );
  assert.equal(
    encodeRelease(decodeRelease(Buffer.from(json).toString('base64'))),
    encodeRelease(decodeRelease(stored(json))),
  );
});

test('Go times: parse, format, zero, order, now', () => {
  assert.deepEqual(parseGoTime('0001-01-01T00:00:00Z'), { unix: -62135596800, nanos: 0, offsetMinutes: 0 });
  assert.equal(formatGoTime(parseGoTime('2026-12-06T09:07:42.100+00:00')), '2026-12-06T09:07:42.1Z');
  assert.equal(
    formatGoTime(parseGoTime('2026-12-06T09:07:42.000000001-07:30')),
    '2026-12-06T09:07:42.000000001-07:30',
  );
  assert.equal(isZeroGoTime('0001-01-01T01:00:00+01:00'), true);
  assert.equal(isZeroGoTime('2026-01-01T00:00:00Z'), false);
  assert.equal(compareGoTime('2026-01-01T01:00:00+01:00', '2026-01-01T00:00:00Z'), 0);
  assert.equal(compareGoTime('2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.25Z'), 1);
  assert.equal(
    goTimeFromDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), 7),
    '2026-01-02T03:04:05.006000007Z',
  );
  const now = goTimeNow();
  assert.match(now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/);
  assert.ok(Math.abs(goTimeToDate(now).getTime() - Date.now()) < 5000);
  assert.throws(
    () => parseGoTime('2026-02-30T00:00:00Z'),
    /parsing time "2026-02-30T00:00:00Z": day out of range/,
  );
});

test('base64 as Go decodes it', () => {
  const dec = (s: string): string => Buffer.from(decodeBase64Std(Buffer.from(s))).toString();
  assert.equal(dec('aGVs\r\nbG8='), 'hello');
  assert.throws(() => dec('aGVsbG8'), /illegal base64 data at input byte 4/);
  assert.throws(() => dec('aGVsbG8=x'), /illegal base64 data at input byte 8/);
  assert.throws(() => dec('a==='), /illegal base64 data at input byte 1/);
});

test("label values are checked with apimachinery's texts", () => {
  assert.deepEqual(labelValueErrors('web-1.a_b'), []);
  assert.deepEqual(labelValueErrors(''), []);
  const errs = labelValueErrors(`-${'x'.repeat(63)}`);
  assert.equal(errs[0], 'must be no more than 63 bytes');
  assert.match(errs[1]!, /^a valid label must be an empty string or consist of alphanumeric characters/);
});

test('SQL connection strings: lib/pq key=value and URLs', () => {
  assert.deepEqual(
    [...parseKeyValues("host=h port=5433 password='a b\\'c' dbname=d\\ x")],
    [
      ['host', 'h'],
      ['port', '5433'],
      ['password', "a b'c"],
      ['dbname', 'd x'],
    ],
  );
  const kv = sqlConnection('host=db port=6543 user=u password=p dbname=helm sslmode=disable', {});
  assert.deepEqual(
    [kv.config.host, kv.config.port, kv.config.user, kv.config.password, kv.config.database, kv.config.ssl],
    ['db', 6543, 'u', 'p', 'helm', false],
  );
  const url = sqlConnection('postgresql://u%40x:p%2F@[::1]:5444/rel?sslmode=require', {});
  assert.deepEqual(
    [url.config.host, url.config.port, url.config.user, url.config.password, url.config.database],
    ['::1', 5444, 'u@x', 'p/', 'rel'],
  );
  assert.deepEqual(url.config.ssl, { rejectUnauthorized: false });
  const dflt = sqlConnection('', { PGHOST: 'envhost', PGUSER: 'envuser' });
  assert.deepEqual(
    [dflt.config.host, dflt.config.port, dflt.config.user, dflt.sslmode],
    ['envhost', 5432, 'envuser', 'require'],
  );
  assert.throws(
    () => sqlConnection('host=a sslmode=bogus', {}),
    /^DriverConfigError: pq: wrong value for "sslmode": "bogus" is not supported; supported values are disable, allow, prefer, require, verify-full, or verify-ca$/,
  );
});
