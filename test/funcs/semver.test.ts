// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 with Masterminds/semver
// v3.5.0 (the version Helm 4.3.2's go.mod selects).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { semverFuncs, SemverVersion } from '../../src/funcs/semver.js';
import { GoError, GoInt, typeOf, kindOf, type Value } from '../../src/go/value.js';

const F = semverFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const sv = (s: string): SemverVersion => call('semver', s) as SemverVersion;
const meth = (v: SemverVersion, name: string, ...args: Value[]): Value => {
  const m = v.method(name);
  assert.ok(m, `method ${name}`);
  return m.fn(...args);
};
const goErr = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
};

test('semver returns a *semver.Version with its methods', () => {
  const v = sv('v1.2.3-rc.1+b.2');
  assert.equal(v.stringer(), '1.2.3-rc.1+b.2');
  assert.equal(typeOf(v), '*semver.Version');
  assert.equal(kindOf(v), 'ptr');
  const major = meth(v, 'Major') as GoInt;
  assert.equal(typeOf(major), 'uint64');
  assert.equal(major.v, 1n);
  assert.equal((meth(v, 'Minor') as GoInt).v, 2n);
  assert.equal((meth(v, 'Patch') as GoInt).v, 3n);
  assert.equal(meth(v, 'Prerelease'), 'rc.1');
  assert.equal(meth(v, 'Metadata'), 'b.2');
  assert.equal(meth(v, 'Original'), 'v1.2.3-rc.1+b.2');
  assert.equal(meth(v, 'String'), '1.2.3-rc.1+b.2');
  assert.equal((meth(v, 'IncMajor') as SemverVersion).stringer(), '2.0.0');
  const inc = meth(v, 'IncMinor') as SemverVersion;
  assert.equal(typeOf(inc), 'semver.Version');
  // Original has a pointer receiver: "can't evaluate field Original in type semver.Version".
  assert.equal(inc.method('Original'), undefined);
  assert.equal(typeOf(meth(v, 'Compare', sv('1.2.3'))), 'int');
  assert.equal((meth(v, 'Compare', sv('1.2.3')) as GoInt).v, -1n);
  assert.equal(meth(v, 'LessThan', sv('1.2.3')), true);
  assert.equal(meth(v, 'Equal', sv('1.2.3-rc.1')), true);
});

test('lenient parsing and its errors', () => {
  assert.equal(sv('1').stringer(), '1.0.0');
  assert.equal(sv('1.2').stringer(), '1.2.0');
  assert.equal(sv('v1.2.3').stringer(), '1.2.3');
  assert.equal(sv('01.2.3').stringer(), '1.2.3');
  goErr(() => sv(''), 'invalid semantic version');
  goErr(() => sv('abc'), 'invalid semantic version');
  goErr(() => sv('1.2.3.4'), 'invalid semantic version');
  goErr(() => sv('1.2.3-a..b'), 'invalid semantic version');
  goErr(() => sv('1.2.3+a..b'), 'invalid semantic version');
  goErr(() => sv('1.2.3-α'), 'invalid semantic version');
  goErr(() => sv('1.2.3-01'), 'version segment starts with 0');
  goErr(
    () => sv('99999999999999999999.0.0'),
    'error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range',
  );
});

test('semverCompare: Masterminds constraint semantics', () => {
  const cases: [string, string, boolean][] = [
    ['>=1.21.0', 'v1.27.3-eks-4a1b2c', false],
    ['>=1.21-0', 'v1.27.3-eks-4a1b2c', true],
    ['~1.2.3', '1.2.9', true],
    ['~1.2.3', '1.3.0', false],
    ['^1.2.3', '1.9.9', true],
    ['^1.2.3', '2.0.0', false],
    ['^0.2.3', '0.2.9', true],
    ['^0.2.3', '0.3.0', false],
    ['^0.0.3', '0.0.3', true],
    ['^0.0.3', '0.0.4', false],
    ['1.2 - 1.4.5', '1.3.0', true],
    ['1.2 - 1.4.5', '1.4.6', false],
    ['1.2.x', '1.2.9', true],
    ['1.2.x', '1.3.0', false],
    ['*', '5.0.0', true],
    ['*', '5.0.0-beta', false],
    ['>1.2', '1.2.5', false],
    ['>1.2', '1.3.0', true],
    ['>1', '1.9.0', false],
    ['<=1.2', '1.2.9', true],
    ['<=1.2', '1.3.0', false],
    ['<=1.2.3', '1.2.3', true],
    ['=<1.x', '1.9.9', true],
    ['=>1.0', '1.0.0', true],
    ['~>1.2', '1.2.9', true],
    ['~1', '1.9.0', true],
    ['~1', '2.0.0', false],
    ['~0.0.0', '5.0.0', true],
    ['^0.x', '0.5.0', true],
    ['^1.x', '1.5.0', true],
    ['>= 1.2.3-alpha', '1.2.3-beta', true],
    ['>=1.0.0-alpha.10', '1.0.0-alpha.9', false],
    ['1.0.0-rc1 - 2.0.0', '1.5.0-rc1', true],
    ['>=1.21', 'v1.21.0-gke.1', false],
    ['< 1.2', '1.1.0', true],
    ['=1.2.3+meta', '1.2.3', true],
    ['1.2.3', '1.2.3+b', true],
    ['v1.2', '1.2.5', true],
    ['2', '2.1.0', true],
    ['>=1.2.3 <=1.3.0 || >=2.0.0', '2.5.0', true],
    ['>=01.2', '1.0.0', false],
    ['!=1.2.3', '1.2.3', false],
    ['!=1.2.x', '1.2.5', false],
    ['!=1.x', '2.0.0', true],
    ['!=1.2.x', '1.3.5', true],
    ['!=1.2.x-beta', '1.2.0-alpha', true],
    ['>1.2.x', '1.3.0', true],
    ['<1.x', '1.9.0', false],
  ];
  for (const [c, v, want] of cases) assert.equal(call('semverCompare', c, v), want, `${c} vs ${v}`);
});

test('semverCompare errors', () => {
  goErr(() => call('semverCompare', '', '1.0.0'), 'improper constraint: ""');
  goErr(() => call('semverCompare', 'abc', '1.0.0'), 'improper constraint: "abc"');
  goErr(() => call('semverCompare', '>1.0', 'xyz'), 'invalid semantic version');
  goErr(() => call('semverCompare', '>=1.0.0 || =', '1.0.0'), 'improper constraint: " ="');
  goErr(() => call('semverCompare', '1.2.3 -2.0', '1.0.0'), 'improper constraint: "1.2.3 -2.0"');
  goErr(() => call('semverCompare', 'é', '1.0.0'), 'improper constraint: "é"');
});

test('texts parsed once answer as a first parse, across calls and function sets', () => {
  // Kept parses (constraints and versions by text) must give the same answers and errors every
  // time, and `semver` must still hand out a new *Version per call: Go's eq tells them apart
  // (`eq (semver "1.0.0") (semver "1.0.0")` is false in helm v4.3.2).
  const G = semverFuncs();
  for (let round = 0; round < 3; round++) {
    for (const fs of [F, G]) {
      const cmp = (c: string, v: string): Value => fs.get('semverCompare')!.fn(c, v);
      assert.equal(cmp('>=1.14.0-0', 'v1.34.2'), true);
      assert.equal(cmp('<9.9.9-9', 'v1.34.2'), true);
      assert.equal(cmp('~1.2 || ^2', '2.3.4-rc1'), false);
      assert.equal(cmp('>=1.2.3-alpha', '1.2.3-beta'), true);
      goErr(() => cmp('bad constraint!', '1.0.0'), 'improper constraint: "bad constraint!"');
      goErr(() => cmp('>=1.0', 'notaversion'), 'invalid semantic version');
      goErr(() => cmp('>=1.0', '1.2.3-01'), 'version segment starts with 0');
    }
  }
  const a = sv('v1.2.3-rc.1');
  const b = sv('v1.2.3-rc.1');
  assert.notEqual(a, b);
  assert.equal(meth(a, 'Original'), 'v1.2.3-rc.1');
  assert.equal(meth(b, 'String'), '1.2.3-rc.1');
  assert.equal(typeOf(b), '*semver.Version');
  const e1 = (() => {
    try {
      sv('abc');
    } catch (e) {
      return e;
    }
  })();
  goErr(() => sv('abc'), 'invalid semantic version');
  assert.ok(e1 instanceof GoError);
  assert.throws(
    () => sv('abc'),
    (e: unknown) => e !== e1,
  );
});
