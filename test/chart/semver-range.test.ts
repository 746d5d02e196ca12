// isCompatibleRange answers `N.x.x` constraints (nearly every chart dependency's form) without
// Masterminds' grammar; every answer must be the general path's (itself checked against Go in
// test/funcs/semver.test.ts and the semverCompare cases).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCompatibleRange, isCompatibleRangeGeneral } from '../../src/chart/semver-range.js';

const constraints = [
  '2.x.x',
  '2.X.X',
  '2.*.*',
  '2.x.X',
  '0.x.x',
  '1.x.x',
  '22.x.x',
  '02.x.x',
  '2.x',
  '2.x.1',
  '2.1.x',
  ' 2.x.x',
  '2.x.x ',
  '=2.x.x',
  'v2.x.x',
  '2.x.x || 3.x.x',
  '>=2.0.0',
  '',
];
const versions = [
  '0.0.0',
  '0.1.0',
  '1.0.0',
  '1.9.9',
  '2.0.0',
  '2.31.10',
  '2.99999.0',
  '3.0.0',
  '22.0.1',
  '2.0.0-rc.1',
  '2.1.0+build',
  'v2.1.0',
  '02.1.0',
  '2.1',
  '2',
  '',
  'abc',
  '999999999999999.0.0',
];

test('isCompatibleRange gives the general answer for every pair', () => {
  let quick = 0;
  for (const c of constraints) {
    for (const v of versions) {
      assert.equal(isCompatibleRange(c, v), isCompatibleRangeGeneral(c, v), `constraint ${c} version ${v}`);
      if (/^\d+\.[xX*]\.[xX*]$/.test(c) && /^\d+\.\d+\.\d+$/.test(v)) quick++;
    }
  }
  assert.ok(quick > 30, 'the grid exercises the quick answer');
});

test('N.x.x matches the same major only', () => {
  assert.equal(isCompatibleRange('2.x.x', '2.31.10'), true);
  assert.equal(isCompatibleRange('2.x.x', '3.0.0'), false);
  assert.equal(isCompatibleRange('2.x.x', '1.99.0'), false);
  assert.equal(isCompatibleRange('0.x.x', '0.0.0'), true);
  assert.equal(isCompatibleRange('22.X.X', '22.4.1'), true);
});
