// Issue 14, class 6: templates whose `until` loops write about 10 MB. Rudder runs under a V8 heap
// cap (a generous time limit, no timing assertion) and must print exactly what helm v4.3.2 prints
// (sha256 of stdout, stderr and exit code compared).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, helmBinary, rudderBundle } from '../cli/support.js';

const root = mkdtempSync(join(tmpdir(), 'hv-big-output-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface Outcome {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

const digest = (b: Buffer): string =>
  `${b.length} bytes, sha256 ${createHash('sha256').update(b).digest('hex')}`;

function run(cmd: string, args: string[]): Outcome {
  const r = spawnSync(cmd, args, { env: cleanEnv(), timeout: 240_000, maxBuffer: 256 << 20 });
  return { stdout: digest(r.stdout), stderr: r.stderr.toString(), code: r.status, signal: r.signal };
}

function chart(name: string, template: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(join(dir, 'templates', 'big.yaml'), template);
  return dir;
}

const cases: { name: string; template: string; heapMb: number }[] = [
  // ~11 MB of comment lines from 600,000 iterations (text and a printed int each).
  { name: 'lines', template: '{{ range until 600000 }}# some line {{ . }}\n{{ end }}', heapMb: 128 },
  {
    name: 'block',
    template: 'x: |\n{{- range until 500000 }}\n  line {{ . }}\n{{- end }}\n',
    heapMb: 128,
  },
  { name: 'oneline', template: 'x: {{ range until 1000000 }}abcdefghij{{ end }}\n', heapMb: 128 },
  { name: 'join', template: 'y: {{ until 1000000 | join "," }}\n', heapMb: 192 },
  {
    name: 'index',
    template: '{{ range $i, $e := until 300000 }}# {{ $i }} {{ $e }} {{ add $e 1 }}\n{{ end }}',
    heapMb: 128,
  },
  { name: 'toyaml', template: 'x: {{ until 1000000 | toYaml | nindent 2 }}\n', heapMb: 256 },
  // A 1,000,000-line plain scalar: both fail on the document's head, with the same text.
  { name: 'plain', template: '{{ range until 1000000 }}some line {{ . }}\n{{ end }}', heapMb: 256 },
];

for (const c of cases) {
  test(
    `10 MB from until (${c.name}): same output as helm under a ${c.heapMb} MB heap`,
    { timeout: 600_000 },
    () => {
      const dir = chart(c.name, c.template);
      const h = run(helmBinary(), ['template', 'r', dir]);
      const r = run(process.execPath, [
        '--stack-size=6000',
        `--max-old-space-size=${c.heapMb}`,
        rudderBundle(),
        'template',
        'r',
        dir,
      ]);
      assert.equal(r.signal, null, `rudder was killed: ${r.stderr.slice(-300)}`);
      assert.deepEqual({ ...r, stderr: r.stderr.replaceAll('rudder', 'helm') }, h);
    },
  );
}
