// Seeded fuzzing of the gzip and tar readers on their own (issue 14), below the chart loader
// that fuzz.test.ts covers: gunzipLikeGo on mutated gzip streams (one or several members,
// header flags, extra and name fields), readTar on mutated tar streams (ustar prefixes, GNU long
// names, PAX records). Property: data and Go's error, or a typed error with a message; never a
// JS engine error, never slow, never more output than the bound. Longer runs: see harness.ts.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readTar } from '../../src/chart/archive.js';
import { gunzipLikeGo } from '../../src/chart/gzip-stream.js';
import { TarWriter } from '../../src/compress/tar.js';
import { fuzz, mutateBytes, type Gen } from './harness.js';

/** A tar stream with the entry kinds the reader knows: long names, PAX paths, prefixes, dirs. */
function sampleTar(): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new TarWriter((c) => chunks.push(Uint8Array.from(c)));
  const mtime = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
  const file = (name: string, body: Uint8Array): void => {
    w.writeHeader({ name, mode: 0o644, size: body.length, mtime });
    w.write(body);
  };
  w.writeHeader({ name: 'c/', mode: 0o755, size: 0, mtime, type: '5' });
  file('c/Chart.yaml', new TextEncoder().encode('apiVersion: v2\nname: c\nversion: 0.1.0\n'));
  file(`c/templates/${'long-name-'.repeat(12)}.yaml`, new TextEncoder().encode('x: 1\n'));
  file(`c/${'d/'.repeat(70)}deep.txt`, new TextEncoder().encode('deep\n'));
  file('c/ünïcödé.txt', new Uint8Array(700).fill(0x61));
  w.close();
  return Buffer.concat(chunks);
}

const TAR = sampleTar();
/** Output bound for the gzip reader: far above what a mutation of the sample can inflate to. */
const MAX_OUT = 64 * 1024 * 1024;

/** A gzip member with optional header fields set (FEXTRA, FNAME, FCOMMENT), as Go's reader parses them. */
function member(g: Gen, data: Uint8Array): Uint8Array {
  const gz = Buffer.from(gzipSync(data, { level: g.pick([0, 1, 9]) }));
  const flags = g.int(8) << 2; // FEXTRA 0x04, FNAME 0x08, FCOMMENT 0x10
  if (flags === 0) return gz;
  const fields: Buffer[] = [];
  if (flags & 0x04) fields.push(Buffer.from([4, 0, 1, 2, 3, 4]));
  if (flags & 0x08) fields.push(Buffer.from('name.tar\0'));
  if (flags & 0x10) fields.push(Buffer.from('comment\0'));
  const head = Buffer.from(gz.subarray(0, 10));
  head[3] = flags;
  return Buffer.concat([head, ...fields, gz.subarray(10)]);
}

fuzz(
  'gzip reader',
  (g) => {
    const parts = [member(g, TAR)];
    if (g.int(4) === 0) parts.push(member(g, TAR.subarray(0, g.int(TAR.length))));
    return mutateBytes(g, Buffer.concat(parts));
  },
  (gz) => {
    const r = gunzipLikeGo(gz, MAX_OUT);
    assert.ok(r.data.length <= MAX_OUT);
    if (r.end !== undefined) assert.match(r.end, /^(unexpected EOF|EOF|gzip: |flate: )/);
  },
  (gz) => Buffer.from(gz).toString('base64'),
);

fuzz(
  'tar reader',
  (g) => ({
    tar: mutateBytes(g, TAR),
    end: g.pick([undefined, undefined, 'unexpected EOF', 'gzip: invalid checksum']),
  }),
  ({ tar, end }) => {
    for (const e of readTar(tar, end)) {
      assert.equal(typeof e.name, 'string');
      assert.ok(e.size >= 0 && e.data.length === e.size && Number.isFinite(e.mtime));
    }
  },
  ({ tar }) => Buffer.from(tar).toString('base64'),
);
