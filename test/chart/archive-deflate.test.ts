// Corrupt deflate data inside a chart archive: Go's compress/flate reports "corrupt input before
// offset N" with N counted from the start of the member's deflate body (bytes its decompressor
// had read). Bits flipped at many positions, a bad block type, bad stored-block lengths, a corrupt
// second member, truncation and a bad header: show chart / lint / template compared with helm.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { both, cleanEnv } from '../repo/support.js';

const root = mkdtempSync(join(tmpdir(), 'archive-deflate-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A ustar header block, checksum filled in. */
function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('14712345670\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\x0000', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

function tar(entries: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, body] of entries) {
    const data = Buffer.from(body);
    parts.push(header(name, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

let body = '';
for (let i = 0; i < 400; i++) body += `k${i}: {{ .Values.v${i % 7} | default "x${i * i}" }}\n`;
const chartTar = tar([
  ['c/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n'],
  ['c/templates/a.yaml', body],
]);
const good = gzipSync(chartTar);
// A 10-byte gzip header with a raw deflate body, no trailer needed to reach the error.
const member = (deflate: Buffer): Buffer => Buffer.concat([good.subarray(0, 10), deflate]);

const files: Record<string, Buffer> = {
  'btype3.tgz': (() => {
    const g = Buffer.from(good);
    g[10] = 0x07;
    return g;
  })(),
  'stored-bad-len.tgz': member(Buffer.from([1, 5, 0, 5, 0])),
  'stored-then-bad.tgz': member(
    Buffer.concat([Buffer.from([0, 3, 0, 0xfc, 0xff]), Buffer.from('abc'), Buffer.from([7])]),
  ),
  'fixed-bad.tgz': (() => {
    const d = deflateRawSync(chartTar.subarray(0, 600), { strategy: 4 /* Z_FIXED */ });
    d[40]! ^= 0xff;
    return member(d);
  })(),
  'second-member-bad.tgz': (() => {
    const b = gzipSync(chartTar.subarray(1024));
    b[14]! ^= 0x55;
    return Buffer.concat([gzipSync(chartTar.subarray(0, 1024)), b]);
  })(),
  'truncated-body.tgz': good.subarray(0, 200),
  'bad-method.tgz': Buffer.concat([good.subarray(0, 2), Buffer.from([7]), good.subarray(3)]),
  'header-only.tgz': good.subarray(0, 10),
};
// Single bit flips spread over the body: most are caught by the decompressor, some only by the
// checksum or later by the template parser; all must read as helm reads them.
let seed = 7;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
for (let i = 0; i < 40; i++) {
  const g = Buffer.from(good);
  g[10 + Math.floor(rnd() * (good.length - 18))]! ^= 1 << Math.floor(rnd() * 8);
  files[`flip${i}.tgz`] = g;
}
// Several flips, a stored (incompressible) stretch among compressed data: an earlier flip can
// garble a tar header that Go's reader meets before the decompressor meets a later one, so what
// was inflated before the bad data must be readable.
const noise = Buffer.from(Array.from({ length: 3000 }, () => Math.floor(rnd() * 256)));
const variants = [
  gzipSync(chartTar, { level: 1 }),
  gzipSync(chartTar, { level: 9 }),
  gzipSync(Buffer.concat([chartTar.subarray(0, 1024), noise, chartTar.subarray(1024)])),
];
for (let i = 0; i < 60; i++) {
  const g = Buffer.from(variants[i % 3]!);
  for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
    g[10 + Math.floor(rnd() * (g.length - 18))]! ^= 1 << Math.floor(rnd() * 8);
  }
  files[`multi${i}.tgz`] = g;
}
for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);

test(
  'corrupt deflate data in chart archives: same errors and offsets as helm',
  { timeout: 600_000 },
  async () => {
    const offsets = new Set<string>();
    for (const name of Object.keys(files)) {
      // template only where the flip cannot reach the rendered YAML (rudder adds context to YAML
      // parse errors there, a separate difference).
      const cmds = name.startsWith('multi')
        ? [['show', 'chart']]
        : name.startsWith('flip')
          ? [['show', 'chart'], ['lint']]
          : [['show', 'chart'], ['lint'], ['template', 'x']];
      for (const cmd of cmds) {
        const args = [...cmd, join(root, name)];
        const [h, r] = await both(args, { h: cleanEnv(), r: cleanEnv() }, { h: root, r: root });
        assert.deepEqual(r, h, args.join(' '));
        const m = /corrupt input before offset (\d+)/.exec(h.stderr);
        if (m) offsets.add(m[1]!);
      }
    }
    // The decompressor's error was met at many distinct offsets, not only at the body start.
    assert.ok(offsets.size >= 6, `offsets ${[...offsets].join(',')}`);
  },
);
