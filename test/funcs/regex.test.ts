// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 (Go regexp, RE2 syntax).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { regexFuncs } from '../../src/funcs/regex.js';
import { GoError, GoList, int, type Value } from '../../src/go/value.js';

const F = regexFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const i = (n: number): Value => int(n);
const list = (v: Value): string[] | null => {
  assert.ok(v instanceof GoList);
  assert.equal(v.type, '[]string');
  return v.nil ? null : (v.items as string[]);
};
const goErr = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
};

test('regexMatch: RE2 syntax, ASCII \\s, bad pattern is false', () => {
  assert.equal(call('regexMatch', '^[a-z]+$', 'abc'), true);
  assert.equal(call('regexMatch', 'a.c', 'ABC'), false);
  assert.equal(call('regexMatch', '(?i)a.c', 'ABC'), true);
  assert.equal(call('regexMatch', '\\s', '\u00a0'), false);
  assert.equal(call('regexMatch', '\\s', '\v'), false);
  assert.equal(call('regexMatch', '^b', 'a\nb'), false);
  assert.equal(call('regexMatch', '(?m)^b', 'a\nb'), true);
  assert.equal(call('regexMatch', '(', 'x'), false);
  assert.equal(call('regexMatch', '(?=a)', 'a'), false);
});

test('regexFindAll follows Go allMatches', () => {
  assert.deepEqual(list(call('regexFindAll', 'a*', 'baaac', i(-1))), ['', 'aaa', '']);
  assert.deepEqual(list(call('regexFindAll', '[0-9]+', 'a1b22c333', i(2))), ['1', '22']);
  assert.equal(list(call('regexFindAll', 'x', 'abc', i(-1))), null);
  assert.equal(list(call('regexFindAll', 'a', 'aaa', i(0))), null);
  assert.deepEqual(list(call('regexFindAll', '', 'héllo', i(-1))), ['', '', '', '', '', '']);
  assert.deepEqual(list(call('regexFindAll', 'a|', 'baaac', i(-1))), ['', 'a', 'a', 'a', '']);
});

test('regexFind', () => {
  assert.equal(call('regexFind', '[0-9]+', 'abc123def456'), '123');
  assert.equal(call('regexFind', 'x', 'abc'), '');
  assert.equal(call('regexFind', '(?P<y>\\d{4})', 'in 2024'), '2024');
  assert.equal(call('mustRegexFind', '(?<n>x)', 'x'), 'x');
});

test('regexReplaceAll expands templates as Go does', () => {
  assert.equal(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '${1}W'), '-W-xxW-');
  assert.equal(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1W'), '---');
  assert.equal(call('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1'), '--xx-');
  assert.equal(call('regexReplaceAll', 'a(?P<n>x*)b', '-ab-axxb-', '[$n]'), '-[]-[xx]-');
  assert.equal(call('regexReplaceAll', 'a(x*)b', '-ab-', '$$1 $5 $ ${x $'), '-$1  $ ${x $-');
  assert.equal(call('regexReplaceAll', 'a*', 'baaac', 'X'), 'XbXcX');
  assert.equal(call('regexReplaceAll', '', 'abc', '-'), '-a-b-c-');
  assert.equal(call('regexReplaceAll', 'x*', 'héllo', '-'), '-h-é-l-l-o-');
  assert.equal(call('regexReplaceAll', '(a)(b)?', 'ac', '[$2]'), '[]c');
  assert.equal(call('regexReplaceAll', '(a)', 'a', '$01 ${01} $1'), '  a');
  // Go 1.26 accepts a repeated group name; `$n` takes the first such group that matched.
  assert.equal(call('regexReplaceAll', '(?P<n>a)(?P<n>b)', 'xaby', '[$n]'), 'x[a]y');
  assert.equal(call('regexReplaceAll', '(?P<n>a)?(?P<n>b)', 'xby', '[${n}]'), 'x[b]y');
  assert.deepEqual(list(call('regexFindAll', '(?P<n>a)|(?P<n>b)', 'ab', i(-1))), ['a', 'b']);
  assert.equal(call('regexReplaceAll', '[(?P<n>]|(?P<n>x)(?P<n>y)', 'xy(', '<$n>'), '<x><>');
  assert.equal(call('regexReplaceAllLiteral', 'a(x*)b', '-ab-axxb-', '$1'), '-$1-$1-');
  assert.equal(call('regexReplaceAllLiteral', 'a*', 'baaac', 'X'), 'XbXcX');
});

test('regexSplit follows Regexp.Split', () => {
  assert.deepEqual(list(call('regexSplit', ',', 'a,b,,c', i(-1))), ['a', 'b', '', 'c']);
  assert.deepEqual(list(call('regexSplit', ',', 'a,b,,c', i(2))), ['a', 'b,,c']);
  assert.equal(list(call('regexSplit', ',', 'a,b,,c', i(0))), null);
  assert.deepEqual(list(call('regexSplit', ',', '', i(-1))), ['']);
  assert.deepEqual(list(call('regexSplit', '', '', i(-1))), []);
  assert.deepEqual(list(call('regexSplit', '', 'abc', i(-1))), ['a', 'b', 'c']);
  assert.deepEqual(list(call('regexSplit', 'a*', 'baaac', i(-1))), ['b', 'c']);
  assert.deepEqual(list(call('regexSplit', ',', 'a,', i(-1))), ['a', '']);
  assert.deepEqual(list(call('regexSplit', ',', ',a', i(-1))), ['', 'a']);
  assert.deepEqual(list(call('regexSplit', 'x*', 'axbxc', i(-1))), ['a', 'b', 'c']);
});

test('regexQuoteMeta', () => {
  assert.equal(
    call('regexQuoteMeta', 'a.b*c[d]{e}(f)|g^h$i\\j+k?l'),
    'a\\.b\\*c\\[d\\]\\{e\\}\\(f\\)\\|g\\^h\\$i\\\\j\\+k\\?l',
  );
  assert.equal(call('regexQuoteMeta', 'héllo-world'), 'héllo-world');
});

test('bad patterns: MustCompile panics, must* return the error', () => {
  const mc = 'regexp: Compile(`(`): error parsing regexp: missing closing ): `(`';
  goErr(() => call('regexFindAll', '(', 'x', i(-1)), mc);
  goErr(() => call('regexSplit', '(', 'x', i(-1)), mc);
  goErr(() => call('regexReplaceAll', '(', 'x', 'y'), mc);
  goErr(() => call('regexReplaceAllLiteral', '(', 'x', 'y'), mc);
  goErr(() => call('regexFind', '(', 'x'), mc);
  goErr(
    () => call('regexFind', 'a`b(', 'x'),
    'regexp: Compile("a`b("): error parsing regexp: missing closing ): `a`b(`',
  );
  goErr(
    () => call('regexFind', '\x01(', 'x'),
    'regexp: Compile("\\x01("): error parsing regexp: missing closing ): `\x01(`',
  );
  goErr(() => call('mustRegexReplaceAll', '(', 'x', 'y'), 'error parsing regexp: missing closing ): `(`');
  goErr(() => call('mustRegexMatch', '(', 'x'), 'error parsing regexp: missing closing ): `(`');
  goErr(() => call('mustRegexSplit', '[', 'x', i(1)), 'error parsing regexp: missing closing ]: `[`');
  const errs: [string, string][] = [
    ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
    ['\\8', 'invalid escape sequence: `\\8`'],
    ['x{1001}', 'invalid repeat count: `{1001}`'],
    ['\\pX', 'invalid character class range: `\\pX`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
    ['a{2,1}', 'invalid repeat count: `{2,1}`'],
    ['\\C', 'invalid escape sequence: `\\C`'],
  ];
  for (const [re, msg] of errs) goErr(() => call('mustRegexFind', re, 'x'), `error parsing regexp: ${msg}`);
  assert.equal(call('mustRegexFind', '\\Q', 'x'), '');
});

test('patterns compiled once answer as a first compile, across calls and function sets', () => {
  // Compiled patterns are kept per process (bounded); results and errors must not change, and
  // each failure is a new error.
  const G = regexFuncs();
  const seen = new Set<unknown>();
  for (let round = 0; round < 3; round++) {
    for (const fs of [F, G]) {
      const c = (name: string, ...args: Value[]): Value => fs.get(name)!.fn(...args);
      assert.equal(c('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '${1}W'), '-W-xxW-');
      assert.equal(c('regexMatch', '^[a-z]+$', 'abc'), true);
      assert.equal(c('regexMatch', '(', 'x'), false);
      assert.deepEqual(list(c('regexFindAll', 'a*', 'baaac', i(-1))), ['', 'aaa', '']);
      goErr(() => c('mustRegexMatch', '(', 'x'), 'error parsing regexp: missing closing ): `(`');
      goErr(
        () => c('regexFind', '(', 'x'),
        'regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
      );
      assert.throws(
        () => c('mustRegexFind', 'a**', 'x'),
        (e: unknown) => e instanceof GoError && !seen.has(e) && seen.add(e).size > 0,
      );
    }
  }
  // More patterns than are kept: early ones compile again, with the same answers.
  for (let k = 0; k < 1200; k++) assert.equal(call('regexMatch', `^x${k}$`, `x${k}`), true);
  assert.equal(call('regexMatch', '^x0$', 'x0'), true);
  assert.equal(
    (call('regexFind', `${'a'.repeat(300_000)}b`, `${'a'.repeat(300_000)}b`) as string).length,
    300_001,
  );
});
