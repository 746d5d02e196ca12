// Issue 14: files whose lines end with a bare CR (old Mac style). YAML counts CR as a line break,
// so Helm reads them; errors report lines counted the same way. Compared with helm.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

const CHART = 'apiVersion: v2\rname: c\rversion: 1.0.0\rdescription: >\r  two\r  lines\r';
const TEMPLATE = 'd: {{ .Chart.Description | quote }}\nall: {{ toYaml .Values | nindent 2 }}\n';

interface Case {
  name: string;
  chart?: string;
  values?: string;
  /** Passed with -f when set. */
  file?: string;
  template?: string;
}

const cases: Case[] = [
  { name: 'plain values', values: 'a: 1\rb: two\r# note\rc: ~\r' },
  { name: 'no final CR', values: 'a: 1\rb: 2' },
  { name: 'block scalars', values: 'l:\r  - p\r  - |\r    q\r    r\rf: >\r  x\r  y\r\rz: 1\r' },
  { name: 'mixed CR, LF and CRLF', values: 'a: 1\rb: 2\nc: 3\r\nd: 4\r' },
  { name: 'flow and quoted', values: 'm: {a: 1,\r b: 2}\rs: "x\r  y"\rt: \'p\r\r  q\'\r' },
  { name: '-f file', values: 'a: 1\r', file: 'a: 2\ry: yes\rk: >\r  f\r  g\r' },
  { name: 'values syntax error on line 3', values: 'a: 1\rb: 2\rc: [\r' },
  { name: '-f file syntax error', file: 'a: 1\r  b: 2\r' },
  { name: 'Chart.yaml syntax error', chart: 'apiVersion: v2\rname: c\rversion: 1.0.0\r  x: [\r' },
  { name: 'duplicate key', values: 'a: 1\ra: 2\r' },
  { name: 'template with CR lines', template: 'a: {{ .Values.a }}\rb: 2\r' },
];

for (const c of cases) {
  test(`CR line ends, ${c.name}: same as helm`, { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hv-cr-'));
    const chart = join(dir, 'c');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), c.chart ?? CHART);
    writeFileSync(join(chart, 'values.yaml'), c.values ?? 'a: 0\r');
    writeFileSync(join(chart, 'templates', 'a.yaml'), c.template ?? TEMPLATE);
    const args = ['template', 'x', chart];
    if (c.file !== undefined) {
      writeFileSync(join(dir, 'v.yaml'), c.file);
      args.push('-f', join(dir, 'v.yaml'));
    }
    const h = runHelm(args, cleanEnv(), dir);
    const r = runRudder(args, cleanEnv(), dir);
    assert.equal(r.stderr, h.stderr);
    assert.equal(r.stdout, h.stdout);
    assert.equal(r.code, h.code);
  });
}
