// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 (Go path, path/filepath on Linux).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathsFuncs } from '../../src/funcs/paths.js';
import type { Value } from '../../src/go/value.js';

const F = pathsFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const table = (name: string, cases: [string, Value][]): void => {
  for (const [input, want] of cases)
    assert.equal(call(name, input), want, `${name} ${JSON.stringify(input)}`);
};

test('base', () => {
  table('base', [
    ['', '.'],
    ['/', '/'],
    ['///', '/'],
    ['a/b/', 'b'],
    ['a/b.txt', 'b.txt'],
    ['a', 'a'],
  ]);
  table('osBase', [['x/y', 'y']]);
});

test('dir', () => {
  table('dir', [
    ['a', '.'],
    ['', '.'],
    ['/', '/'],
    ['/a', '/'],
    ['a/b/c', 'a/b'],
    ['a/b/', 'a/b'],
    ['../x', '..'],
  ]);
  table('osDir', [['/a/b', '/a']]);
});

test('clean', () => {
  table('clean', [
    ['', '.'],
    ['a//b/./c/..', 'a/b'],
    ['/../a', '/a'],
    ['../../a/../b', '../../b'],
    ['a/..', '.'],
    ['/', '/'],
    ['./', '.'],
  ]);
  table('osClean', [['a//b', 'a/b']]);
});

test('ext', () => {
  table('ext', [
    ['a.txt', '.txt'],
    ['a.tar.gz', '.gz'],
    ['a', ''],
    ['a.b/c', ''],
    ['.x', '.x'],
    ['x.', '.'],
  ]);
  table('osExt', [['f.go', '.go']]);
});

test('isAbs', () => {
  table('isAbs', [
    ['/a', true],
    ['a', false],
    ['', false],
  ]);
  table('osIsAbs', [['/', true]]);
  assert.equal(F.get('osIsAbs')!.type, 'func(string) bool');
});
