// Issue 14, class 7: a values.schema.json that is neither an object nor a boolean fails the
// metaschema, with Helm's text.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

for (const schema of ['[1]', '"x"', '5', '1.5', 'null', 'true', 'false', '{}']) {
  test(`values.schema.json ${schema}: Helm's verdict`, { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hv-schema-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'values.yaml'), 'a: 1\n');
    writeFileSync(join(dir, 'values.schema.json'), `${schema}\n`);
    writeFileSync(join(dir, 'templates', 'a.yaml'), 'a: {{ .Values.a }}\n');
    const h = runHelm(['template', 'x', dir], cleanEnv());
    const r = runRudder(['template', 'x', dir], cleanEnv());
    assert.equal(r.stderr, h.stderr);
    assert.equal(r.stdout, h.stdout);
    assert.equal(r.code, h.code);
  });
}
