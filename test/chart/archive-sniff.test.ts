// A chart file that is not a gzipped tar (helm's archive.EnsureArchive: http.DetectContentType of
// the first 512 bytes), and gzip/tar streams broken in the ways Go's readers see them (the tar
// reader pulls bytes on demand: a bad CRC or trailing garbage after the end marker goes unseen;
// reads past the end give "unexpected EOF"; a PAX record whose length is wrong is an invalid
// header). template, show, install --dry-run=client and lint are compared with helm v4.3.2, and a
// chart archive URL served as text from a loopback server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { startChartRepoServer } from '../support/chart-repo-server.js';
import { both, cleanEnv, type RunResult } from '../repo/support.js';

const root = mkdtempSync(join(tmpdir(), 'archive-sniff-'));
after(() => rmSync(root, { recursive: true, force: true }));

const CHART_YAML = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

/** A ustar header block for `name` (optionally another type), checksum filled in. */
function header(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('14712345670\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\x0000', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);

function tar(entries: [string, string | Buffer, string?][], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const [name, body, type] of entries) {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
    parts.push(header(name, data.length, type), pad(data));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const goodTar = tar([
  ['c/Chart.yaml', CHART_YAML],
  ['c/templates/cm.yaml', 'a: {{ .Chart.Name }}\n'],
]);
const good = gzipSync(goodTar);
const pax = (record: string): Buffer =>
  gzipSync(tar([['c/PaxHeaders/x', record, 'x'], ...([['c/Chart.yaml', CHART_YAML]] as [string, string][])]));

const files: Record<string, Buffer> = {
  'text.tgz': Buffer.from('hello world\n'),
  'long-text.tgz': Buffer.from('line of text\n'.repeat(60)),
  'page.tgz': Buffer.from('  <html><body>x</body></html>'),
  'empty.tgz': Buffer.alloc(0),
  'image.tgz': Buffer.from('\x89PNG\r\n\x1a\nxxxxxxxx', 'latin1'),
  'zip.tgz': Buffer.from('PK\x03\x04xxxx', 'latin1'),
  'pdf.tgz': Buffer.from('%PDF-1.4 x'),
  'bom.tgz': Buffer.from('\xef\xbb\xbfhello', 'latin1'),
  'xml.tgz': Buffer.from('\n <?xml version="1.0"?><a/>'),
  'values.yaml': Buffer.from('a: 1\n'),
  'values.yml': Buffer.from('a: 1\n'),
  noext: Buffer.from('hello'),
  'gzip-of-text.tgz': gzipSync('hello\n'),
  'truncated.tgz': good.subarray(0, 60),
  'bad-crc.tgz': Buffer.concat([
    good.subarray(0, good.length - 8),
    Buffer.from([0, 0, 0, 0]),
    good.subarray(-4),
  ]),
  'trailing-garbage.tgz': Buffer.concat([good, Buffer.from('garbage!garbage!')]),
  'reserved-flags.tgz': Buffer.concat([good.subarray(0, 3), Buffer.from([0xe0]), good.subarray(4)]),
  'no-end-marker.tgz': gzipSync(tar([['c/Chart.yaml', CHART_YAML]], false)),
  'no-end-bad-crc.tgz': (() => {
    const g = gzipSync(tar([['c/Chart.yaml', CHART_YAML]], false));
    g[g.length - 8]! ^= 0xff;
    return g;
  })(),
  'no-end-garbage.tgz': Buffer.concat([
    gzipSync(tar([['c/Chart.yaml', CHART_YAML]], false)),
    Buffer.from('x'.repeat(20)),
  ]),
  'two-members.tgz': Buffer.concat([gzipSync(goodTar.subarray(0, 1024)), gzipSync(goodTar.subarray(1024))]),
  'zero-then-data.tgz': gzipSync(
    Buffer.concat([tar([['c/Chart.yaml', CHART_YAML]], false), Buffer.alloc(512), header('c/x', 0)]),
  ),
  'pax-ok.tgz': pax('17 comment=hello\n'),
  'pax-long.tgz': pax('18 comment=hello\n'),
  'pax-short.tgz': pax('16 comment=hello\n'),
  'pax-no-equals.tgz': pax('15 commenthello\n'),
  'bad-checksum.tgz': (() => {
    const t = Buffer.from(goodTar);
    t.write('0000000\0', 148);
    return gzipSync(t);
  })(),
  'ok.tgz': good,
};
for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);

// Each tool has its own HOME (the content cache is under it) and its own clock.
const normal = (r: RunResult): RunResult => ({
  ...r,
  stdout: r.stdout.replace(/^LAST DEPLOYED: .*$/m, 'LAST DEPLOYED: <now>'),
  stderr: r.stderr.replace(/rcli-home-\w+/g, '<home>'),
});

async function same(args: string[]): Promise<RunResult> {
  const [h, r] = await both(args, { h: cleanEnv(), r: cleanEnv() }, { h: root, r: root });
  assert.deepEqual(normal(r), normal(h), args.join(' '));
  return h;
}

const COMMANDS = [['template', 'x'], ['show', 'chart'], ['install', 'x', '--dry-run=client'], ['lint']];

test('chart files that are not gzipped archives, or broken ones: same text as helm', async () => {
  let sniffed = 0;
  for (const name of Object.keys(files)) {
    for (const cmd of COMMANDS) {
      const r = await same([...cmd, join(root, name)]);
      if (/does not appear to be a gzipped archive|seems to be a YAML file/.test(r.stderr)) sniffed++;
    }
  }
  // The sniffing itself was exercised, not only the archive readers.
  assert.ok(sniffed >= 30, `sniffed ${sniffed}`);
});

test('a chart archive URL served with text or HTML is refused as helm refuses it', async () => {
  const server = await startChartRepoServer({ dir: root });
  try {
    for (const name of ['text.tgz', 'page.tgz', 'long-text.tgz', 'truncated.tgz', 'bad-crc.tgz']) {
      const r = await same(['template', 'x', `${server.url}/${name}`]);
      if (name !== 'bad-crc.tgz') assert.equal(r.code, 1, name);
    }
  } finally {
    await server.close();
  }
});
