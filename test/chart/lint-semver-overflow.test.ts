// lint's SemVerV2 warning (Masterminds StrictNewVersion): each number must fit Go's uint64, so a
// version whose major, minor or patch overflows gets the warning helm v4.3.2 prints.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

const root = mkdtempSync(join(tmpdir(), 'lint-semver-'));
after(() => rmSync(root, { recursive: true, force: true }));

const versions = [
  '18446744073709551615.0.0',
  '18446744073709551616.0.0',
  '1.99999999999999999999.0',
  '1.0.18446744073709551616-rc.1',
];

for (const version of versions) {
  test(`lint of a chart with version ${version}: as helm`, () => {
    const dir = join(root, version);
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: c\nversion: ${version}\n`);
    const h = runHelm(['lint', dir], cleanEnv());
    const r = runRudder(['lint', dir], cleanEnv());
    assert.deepEqual(r, h);
    assert.equal(/not a valid SemVerV2/.test(h.stdout), version !== versions[0]);
  });
}
