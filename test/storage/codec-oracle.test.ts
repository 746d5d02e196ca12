// The record codec against Helm v4.3.2's own (tools/storageoracle): every input is decoded by both;
// Go's error text must be Rudder's, or Go's re-marshalled JSON and re-encoded record (gzip bytes
// included) must be Rudder's, byte for byte.
import { test } from 'node:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORPUS_DIR } from '../support/corpus.js';
import assert from 'node:assert/strict';
import { decodeRelease, encodeRelease } from '../../src/storage/codec/codec.js';
import { releaseToJson } from '../../src/storage/codec/encode-json.js';
import { runStorageOracle, type StorageOracleCase } from './support/oracle.js';
import { fullRecord, stored } from './support/records.js';

const J = (v: unknown): string => JSON.stringify(v);
const full = fullRecord();
const withInfo = (info: Record<string, unknown>): string => J({ ...full, info });
const withChart = (chart: Record<string, unknown>): string =>
  J({ ...full, chart: { ...(full['chart'] as object), ...chart } });
const meta = full['chart'] as { metadata: Record<string, unknown> };

/** [name, JSON text] decoded from gzip and from plain base64. */
const jsonCases: [string, string][] = [
  ['full record', J(full)],
  ['minimal record', J({ info: {} })],
  ['nil chart fields', J({ name: 'a', info: { status: 'failed' }, chart: {} })],
  ['empty lists and maps', withChart({ templates: [], files: [], values: {}, schema: '' })],
  [
    'null lists and maps',
    withChart({ templates: null, files: null, values: null, schema: null, lock: null, metadata: null }),
  ],
  [
    'times in other offsets',
    withInfo({
      first_deployed: '2026-01-02T03:04:05.120000000-07:00',
      last_deployed: '2026-01-02T03:04:05+00:00',
      deleted: '2026-01-02T03:04:05.000000001+05:30',
      status: 'uninstalled',
    }),
  ],
  [
    'zero times',
    withInfo({
      first_deployed: '0001-01-01T00:00:00Z',
      last_deployed: '0001-01-01T01:00:00+01:00',
      status: 'deployed',
    }),
  ],
  [
    'empty time strings in info',
    withInfo({ first_deployed: '', last_deployed: '', deleted: '', status: 'deployed' }),
  ],
  ['null times in info', withInfo({ first_deployed: null, status: 'deployed' })],
  [
    'chart zero schemamodtime in an offset',
    withChart({ schemamodtime: '0001-01-01T01:00:00+01:00', modtime: '0001-01-01T00:00:00Z' }),
  ],
  ['hook without last_run', J({ ...full, hooks: [{ name: 'h', kind: 'Job' }] })],
  [
    'hook last_run empty strings',
    J({ ...full, hooks: [{ name: 'h', last_run: { started_at: '', completed_at: '', phase: 'Running' } }] }),
  ],
  ['rollback revision', withInfo({ status: 'deployed', rollback_revision: 3, description: 'Rollback to 3' })],
  [
    'case-insensitive keys',
    J({
      NAME: 'upper',
      Info: { Status: 'deployed', DESCRIPTION: 'd' },
      Version: 2,
      Namespace: 'ns',
      Apply_Method: 'csa',
    }),
  ],
  ['exact key wins by order', '{"Name":"first","name":"second","info":{"status":"deployed"}}'],
  ['duplicate keys, last wins', '{"name":"a","name":"b","info":{"status":"failed"},"version":1,"version":2}'],
  [
    'unknown fields are dropped',
    J({
      ...full,
      extra: { x: 1 },
      chart: { ...(full['chart'] as object), extra: [1], metadata: { ...meta.metadata, unknownKey: 'x' } },
      info: { status: 'deployed', surprise: true },
    }),
  ],
  [
    'config numbers',
    '{"info":{"status":"deployed"},"config":{"a":1.0,"b":12345678901234567890,"c":1e-7,"d":123456789e12,"e":-1.5e-300,"f":0.1,"g":-0.0,"h":1E400}}',
  ],
  [
    'out-of-range number in chart values',
    withChart({ values: { a: [1, 2] } }).replace('[1,2]', '[1,-2e999]'),
  ],
  [
    'out-of-range number in import-values',
    J({
      ...full,
      chart: { metadata: { name: 'x', dependencies: [{ name: 'd', repository: '', 'import-values': [0] }] } },
    }).replace('"import-values":[0]', '"import-values":[1e500]'),
  ],
  ['out-of-range number and a type error', '{"version":"x","info":{},"config":{"a":1e400}}'],
  [
    'html and separators in strings',
    J({
      name: '<&>',
      info: { status: 'deployed', notes: '\u2028\u2029\u0000\u001f\u007f' },
      manifest: 'a && b < c > d',
    }),
  ],
  [
    'unicode',
    J({ name: 'ünï', info: { status: 'deployed', notes: '日本語 🚀' }, config: { '🔑': 'valüe' } }),
  ],
  ['lone surrogate escape', '{"name":"\\ud800x","info":{"status":"deployed"}}'],
  ['status outside the set', withInfo({ status: 'weird' })],
  ['empty status', withInfo({})],
  ['apply_method csa', J({ ...full, apply_method: 'csa' })],
  ['apply_method empty', J({ ...full, apply_method: '' })],
  ['version 0 omitted', J({ ...full, version: 0 })],
  [
    'weight 0 and negative',
    J({
      ...full,
      hooks: [
        { name: 'a', weight: 0, last_run: { phase: 'Unknown' } },
        { name: 'b', weight: -2147483649, last_run: { phase: 'Failed' } },
      ],
    }),
  ],
  [
    'maintainers null fields',
    J({ ...full, chart: { metadata: { name: 'x', maintainers: [{ name: null, email: 'e' }] } } }),
  ],
  [
    'dependency without repository',
    J({ ...full, chart: { metadata: { name: 'x', dependencies: [{ name: 'd' }] } } }),
  ],
  [
    'import-values objects',
    J({
      ...full,
      chart: {
        metadata: {
          name: 'x',
          dependencies: [
            { name: 'd', repository: '', 'import-values': [{ child: 'a.b', parent: 'c' }, 'x', 1, null] },
          ],
        },
      },
    }),
  ],
  ['file data null', withChart({ templates: [{ name: 't', data: null }] })],
  [
    'resources with nulls',
    withInfo({ status: 'deployed', resources: { 'v1/Pod': [null], 'v1/Service': [] } }),
  ],
  ['empty resources', withInfo({ status: 'deployed', resources: {} })],
  // Errors: Go's messages.
  ['version is a string', J({ ...full, version: '7' })],
  ['version is a float', J({ ...full, version: 1.5 })],
  ['name is a number', J({ ...full, name: 3 })],
  ['chart is a string', J({ ...full, chart: 'x' })],
  ['hooks is an object', J({ ...full, hooks: {} })],
  ['config is a list', J({ ...full, config: [1] })],
  ['metadata name is a bool', J({ ...full, chart: { metadata: { name: true } } })],
  ['maintainers is a string', J({ ...full, chart: { metadata: { name: 'x', maintainers: 'ann' } } })],
  ['annotations values numbers', J({ ...full, chart: { metadata: { name: 'x', annotations: { a: 1 } } } })],
  ['template data bad base64', withChart({ templates: [{ name: 't', data: '!!!!' }] })],
  ['template data without padding', withChart({ templates: [{ name: 't', data: 'YQ' }] })],
  ['lock generated not a string', withChart({ lock: { generated: 5, digest: '', dependencies: null } })],
  ['deprecated is a string', J({ ...full, chart: { metadata: { name: 'x', deprecated: 'yes' } } })],
  ['info status is a number', withInfo({ status: 3 })],
  ['info is a string', J({ ...full, info: 'deployed' })],
  ['info keys sorted before decoding', withInfo({ status: 'deployed', Status: 'failed', description: 'x' })],
  ['info time under a folded key', withInfo({ status: 'deployed', First_Deployed: '' })],
  ['info rollback_revision float', withInfo({ status: 'deployed', rollback_revision: 2.5 })],
  ['last_run phase is a number', J({ ...full, hooks: [{ name: 'h', last_run: { phase: 1 } }] })],
  ['last_run is a list', J({ ...full, hooks: [{ name: 'h', last_run: [] }] })],
  ['resources hold objects', withInfo({ status: 'deployed', resources: { 'v1/Pod': [{ kind: 'Pod' }] } })],
  ['time is a number', withInfo({ status: 'deployed', last_deployed: 5 })],
  ['time not RFC 3339', withInfo({ status: 'deployed', last_deployed: 'yesterday' })],
  ['time month 13', withChart({ modtime: '2020-13-01T00:00:00Z' })],
  ['time February 30', withChart({ modtime: '2020-02-30T00:00:00Z' })],
  ['time hour 24', withChart({ modtime: '2020-02-03T24:00:00Z' })],
  ['time one-digit hour', withChart({ modtime: '2020-02-03T1:00:00Z' })],
  ['time comma fraction', withChart({ modtime: '2020-02-03T01:00:00,5Z' })],
  ['time zone hour 24', withChart({ modtime: '2020-02-03T01:00:00+24:00' })],
  ['time zone minute 60', withChart({ modtime: '2020-02-03T01:00:00+01:60' })],
  ['time zone without colon', withChart({ modtime: '2020-02-03T01:00:00+0100' })],
  ['time extra text', withChart({ modtime: '2020-02-03T01:00:00Zjunk' })],
  ['time lowercase t', withChart({ modtime: '2020-02-03t01:00:00Z' })],
  ['time long fraction', withChart({ modtime: '2020-02-03T01:00:00.1234567891234Z' })],
  ['time year 0000', withChart({ modtime: '0000-01-01T00:00:00Z' })],
  ['time empty in chart', withChart({ modtime: '' })],
  ['time zone hour 24 in info', withInfo({ status: 'deployed', last_deployed: '2020-02-03T01:00:00+24:00' })],
  [
    'time zone hour 24 in last_run',
    J({ ...full, hooks: [{ name: 'h', last_run: { started_at: '2020-02-03T01:00:00+24:00' } }] }),
  ],
  [
    'time zone hour 25 in last_run',
    J({ ...full, hooks: [{ name: 'h', last_run: { started_at: '2020-02-03T01:00:00-25:00' } }] }),
  ],
  [
    'time zone hour 24 in lock',
    withChart({ lock: { generated: '2020-02-03T01:00:00+24:30', digest: '', dependencies: null } }),
  ],
  ['time year 0 in an offset', withInfo({ status: 'deployed', last_deployed: '0000-01-01T00:00:00+01:00' })],
  ['time everything lenient', withInfo({ status: 'deployed', last_deployed: '2020-02-03T1:00:00,5+01:60' })],
  ['top-level array', '[1,2]'],
  ['top-level string', '"release"'],
  ['truncated JSON', J(full).slice(0, 200)],
  ['trailing garbage', `${J({ info: { status: 'deployed' } })} x`],
  ['not JSON', 'hello world'],
  ['empty input', ''],
];

/** [name, stored string] given as is (base64 and gzip problems). */
const rawCases: [string, string][] = [
  ['bad base64', '@@@@'],
  ['base64 missing padding', Buffer.from('{"info":{}}').toString('base64').replace(/=+$/, '')],
  [
    'base64 with newlines',
    Buffer.from(J({ name: 'nl', info: { status: 'deployed' } }))
      .toString('base64')
      .replace(/(.{8})/g, '$1\n'),
  ],
  ['base64 trailing garbage', `${Buffer.from('{"info":{}}').toString('base64')}AAAA`],
  ['gzip truncated', stored(J(full)).slice(0, 120)],
  ['gzip magic only', Buffer.from([0x1f, 0x8b, 0x08, 0x00]).toString('base64')],
];

/** A multi-megabyte record of real chart files (the shared corpus, read in place): many deflate blocks. */
function corpusRecord(): string {
  const files: { name: string; data: string }[] = [];
  let total = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (total > 4 << 20) return;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const data = readFileSync(p);
        total += data.length;
        files.push({ name: relative(CORPUS_DIR, p), data: data.toString('base64') });
      }
    }
  };
  walk(join(CORPUS_DIR, 'prometheus-community'));
  const manifest = files
    .slice(0, 200)
    .map((f) => Buffer.from(f.data, 'base64').toString('utf8'))
    .join('\n---\n');
  return J({ ...full, manifest, chart: { ...(full['chart'] as object), templates: files } });
}

const cases: StorageOracleCase[] = [
  ...jsonCases.flatMap(([name, json]): StorageOracleCase[] => [
    { name: `${name} (gzip)`, input: stored(json) },
    { name: `${name} (plain)`, input: stored(json, false) },
  ]),
  ...rawCases.map(([name, input]) => ({ name, input })),
  { name: 'large record of corpus files', input: stored(corpusRecord()) },
  {
    name: 'UTF-8 BOM',
    input: stored(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"info":{}}')]), false),
  },
  {
    name: 'invalid UTF-8 in a string',
    input: stored(
      Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xc3]), Buffer.from('b","info":{}}')]),
    ),
  },
];

// Rudder refuses what Helm would crash on later (a record without info) — tested in codec.test.ts.
const results = runStorageOracle(cases);

for (const [i, c] of cases.entries()) {
  test(`codec matches helm: ${c.name}`, () => {
    const go = results[i]!;
    let ours: { err?: string; json?: string; encoded?: string };
    try {
      const r = decodeRelease(c.input!);
      ours = { json: releaseToJson(r), encoded: encodeRelease(r) };
    } catch (e) {
      ours = { err: (e as Error).message };
    }
    if (go.err !== undefined) {
      assert.equal(ours.err, go.err);
    } else {
      assert.equal(ours.err, undefined, `Rudder failed where Go decoded: ${ours.err}`);
      assert.equal(ours.json, go.json);
      assert.equal(ours.encoded, go.encoded);
    }
  });
}
