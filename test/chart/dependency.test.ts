// The dependency manager's pieces: Chart.lock digests as Helm computes them, list statuses, the
// uitable layout, the lock's timestamp format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dependencyStatus, goNowText, hashReq, hashV2Req } from '../../src/chart/dependency-build.js';
import { loadDir } from '../../src/chart/loader.js';
import { formatTable } from '../../src/cli/dependency.js';

test('Chart.lock digest is sha256 of the JSON [declared, locked] as helm writes it', () => {
  // Digest helm v4.3.2 wrote for this dependency (`helm dependency build`).
  const req = [{ name: 'sub', version: '>=0.1.0', repository: 'file://../sub' }];
  const locked = [{ name: 'sub', version: '0.1.0', repository: 'file://../sub' }];
  assert.equal(
    hashReq(req, locked),
    'sha256:44e8b5102c7ced09109c3d4f02658130107e43563a48400484d2482729619f4a',
  );
  assert.notEqual(hashReq(req, locked), hashReq([{ ...req[0]!, alias: 'x' }], locked));
  assert.match(hashV2Req(req), /^sha256:[0-9a-f]{64}$/);
});

test('dependency statuses', () => {
  const d = mkdtempSync(join(tmpdir(), 'rdep-'));
  const write = (p: string, t: string): void => {
    mkdirSync(join(d, p, '..'), { recursive: true });
    writeFileSync(join(d, p), t);
  };
  write('Chart.yaml', 'apiVersion: v2\nname: p\nversion: 1.0.0\n');
  write('charts/a/Chart.yaml', 'apiVersion: v2\nname: a\nversion: 1.2.0\n');
  const c = loadDir(d);
  assert.equal(dependencyStatus(d, { name: 'a', version: '^1.0.0', repository: '' }, c), 'unpacked');
  assert.equal(dependencyStatus(d, { name: 'a', version: '~2', repository: '' }, c), 'wrong version');
  assert.equal(dependencyStatus(d, { name: 'a', version: 'x y', repository: '' }, c), 'invalid version');
  assert.equal(dependencyStatus(d, { name: 'b', version: '1', repository: '' }, c), 'missing');
  write('charts/b-1.0.0.tgz', 'garbage');
  assert.equal(dependencyStatus(d, { name: 'b', version: '1', repository: '' }, c), 'corrupt');
});

test('tables are laid out as gosuri/uitable does', () => {
  assert.equal(
    formatTable(
      [
        ['NAME', 'V'],
        ['a', 'long-value'],
      ],
      80,
    ),
    'NAME\tV         \na   \tlong-value',
  );
  assert.equal(
    formatTable(
      [
        ['NAME', 'VERSION'],
        ['sub', '>=0.1.0'],
      ],
      5,
    ),
    'NAME\tVE...\nsub \t>=...',
  );
});

test('the lock time is RFC 3339 with nanoseconds', () => {
  assert.match(goNowText(new Date()), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/);
});
