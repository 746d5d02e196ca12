// Issue 14, class 7: a chart version whose numbers overflow Go's uint64 is invalid, as Helm says.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

const versions = [
  '18446744073709551615.0.0',
  '18446744073709551616.0.0',
  '1.18446744073709551616.0',
  '1.0.99999999999999999999',
  'v99999999999999999999',
  '1.0.0-99999999999999999999',
];

for (const version of versions) {
  test(`Chart.yaml version ${version}: Helm's verdict`, { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hv-version-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: c\nversion: ${version}\n`);
    writeFileSync(join(dir, 'templates', 'a.yaml'), 'v: {{ .Chart.Version | quote }}\n');
    const h = runHelm(['template', 'x', dir], cleanEnv());
    const r = runRudder(['template', 'x', dir], cleanEnv());
    assert.equal(r.stderr, h.stderr);
    assert.equal(r.stdout, h.stdout);
    assert.equal(r.code, h.code);
  });
}
