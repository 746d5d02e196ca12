// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 (see the templates in
// each test name); functions are called directly with the Go-typed arguments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultFuncEnv, type FuncEnv } from '../../src/funcs/env.js';
import { stringsFuncs } from '../../src/funcs/strings.js';
import { GoError, GoList, GoMap, int, mapOf, typeOf, utf8Encode, type Value } from '../../src/go/value.js';

const F = stringsFuncs(defaultFuncEnv);
const call = (name: string, ...args: Value[]): Value => {
  const f = F.get(name);
  assert.ok(f, `missing ${name}`);
  return f.fn(...args);
};
const i = (n: number): Value => int(n);
const goErr = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
};

test('signatures match Sprig', () => {
  assert.equal(F.get('trunc')!.type, 'func(int, string) string');
  assert.equal(F.get('quote')!.type, 'func(...interface {}) string');
  assert.equal(F.get('splitn')!.type, 'func(string, int, string) map[string]string');
  assert.equal(F.get('wrapWith')!.type, 'func(int, string, string) string');
});

test('trunc counts UTF-8 bytes', () => {
  assert.equal(call('trunc', i(3), 'abcdef'), 'abc');
  assert.equal(call('trunc', i(3), 'héllo'), 'hé');
  assert.equal(call('trunc', i(-2), 'abc'), 'bc');
  assert.equal(call('trunc', i(-5), 'abc'), 'abc');
  assert.equal(call('trunc', i(0), 'abc'), '');
  // Go keeps the lone byte 0xC3, which we hold as the escaped byte U+DCC3 (template/value.ts).
  assert.equal(call('trunc', i(2), 'héllo'), 'h\udcc3');
});

test('substr: byte offsets and Go slice panics', () => {
  assert.equal(call('substr', i(1), i(3), 'abcdef'), 'bc');
  assert.equal(call('substr', i(-1), i(2), 'abc'), 'ab');
  assert.equal(call('substr', i(1), i(-1), 'abc'), 'bc');
  assert.equal(call('substr', i(1), i(9), 'abc'), 'bc');
  goErr(
    () => call('substr', i(-1), i(9), 'abc'),
    'runtime error: slice bounds out of range [:9] with length 3',
  );
  goErr(() => call('substr', i(-1), i(-1), 'abc'), 'runtime error: slice bounds out of range [:-1]');
  goErr(() => call('substr', i(4), i(-1), 'abc'), 'runtime error: slice bounds out of range [4:3]');
  goErr(() => call('substr', i(2), i(1), 'abc'), 'runtime error: slice bounds out of range [2:1]');
  goErr(() => call('substr', i(5), i(9), 'abc'), 'runtime error: slice bounds out of range [5:3]');
});

test('abbrev and abbrevboth', () => {
  assert.equal(call('abbrev', i(5), 'hello world'), 'he...');
  assert.equal(call('abbrev', i(3), 'hello world'), 'hello world');
  assert.equal(call('abbrev', i(20), 'hello'), 'hello');
  assert.equal(call('abbrevboth', i(5), i(10), '1234 5678 9123'), '...5678...');
  assert.equal(call('abbrevboth', i(0), i(4), 'abcdefgh'), 'a...');
  assert.equal(call('abbrevboth', i(10), i(7), 'abcdefghijklmnopqrst'), '...k...');
  assert.equal(call('abbrevboth', i(20), i(8), 'abcdefghijklmnopqrst'), '...pqrst');
});

test('case functions follow Go unicode, not JS', () => {
  assert.equal(call('title', "hello world-foo o'neil x_y 3rd"), "Hello World-Foo O'Neil X_y 3rd");
  assert.equal(call('title', 'ǆemal'), 'ǅemal');
  assert.equal(call('untitle', 'Hello World FOO'), 'hello world fOO');
  assert.equal(call('swapcase', 'Hello World élan'), 'hELLO wORLD ÉLAN');
  assert.equal(call('upper', 'straße'), 'STRAßE');
  assert.equal(call('lower', 'İSTANBUL ΣΑΣ'), 'istanbul σασ');
  // Go's simple case mappings (Unicode 15), where JS's full mappings differ.
  assert.equal(call('upper', 'ᾀ ﬀ ŉ µ ÿ'), 'ᾈ ﬀ ŉ Μ Ÿ');
  assert.equal(call('title', 'ᾀbc ǆx'), 'ᾈbc ǅx');
  assert.equal(call('swapcase', 'ᾈ ǅ'), 'ᾀ ǆ');
  assert.equal(call('lower', 'ẞ K Ω'), 'ß k ω');
});

test('nospace and initials work byte by byte like goutils', () => {
  assert.equal(call('nospace', 'a b\tc'), 'abc');
  assert.equal(call('nospace', 'hé llo'), 'hÃ©llo');
  assert.equal(call('nospace', 'héllo'), 'héllo');
  assert.equal(call('initials', 'hello world'), 'hw');
  assert.equal(call('initials', 'élan vital'), 'Ãv');
});

test('wrap and wrapWith', () => {
  assert.equal(call('wrap', i(5), 'hello world foo bar'), 'hello\nworld\nfoo\nbar');
  assert.equal(call('wrapWith', i(5), '\t', 'helloworld foo'), 'hello\tworld\tfoo');
  assert.equal(call('wrap', i(3), 'abcdefg hij'), 'abcdefg\nhij');
  assert.equal(call('wrap', i(0), 'a b'), 'a\nb');
  assert.equal(call('wrap', i(10), '  leading spaces here'), 'leading\nspaces\nhere');
});

test('indent, nindent, replace, repeat, plural', () => {
  assert.equal(call('indent', i(2), 'a\nb\n'), '  a\n  b\n  ');
  assert.equal(call('nindent', i(2), 'a'), '\n  a');
  assert.equal(call('replace', 'a', 'b', 'banana'), 'bbnbnb');
  assert.equal(call('replace', '', '-', 'héllo'), '-h-é-l-l-o-');
  assert.equal(call('replace', '', '-', ''), '-');
  assert.equal(call('repeat', i(3), 'ab'), 'ababab');
  assert.equal(call('plural', 'one', 'many', i(1)), 'one');
  assert.equal(call('plural', 'one', 'many', i(2)), 'many');
  goErr(() => call('indent', i(-1), 'a'), 'strings: negative Repeat count');
  goErr(() => call('repeat', i(-1), 'a'), 'strings: negative Repeat count');
});

test('trim family', () => {
  assert.equal(call('trim', '  \u00a0 x \u0085 '), 'x');
  assert.equal(call('trim', '\ufeffx'), '\ufeffx'); // U+FEFF is not Go white space
  assert.equal(call('trimAll', '$', '$$5.00$'), '5.00');
  assert.equal(call('trimall', 'ab', 'abcba'), 'c');
  assert.equal(call('trimSuffix', '-', 'a--'), 'a-');
  assert.equal(call('trimPrefix', '-', '--a'), '-a');
});

test('quote, squote and cat skip nil and print with Go fmt', () => {
  assert.equal(call('quote', 'a"b', i(1), null, 1.5, 'é\u00a0\x01'), '"a\\"b" "1" "1.5" "é\\u00a0\\x01"');
  assert.equal(call('quote', null), '');
  assert.equal(call('quote'), '');
  assert.equal(call('quote', utf8Encode('hi')), '"hi"');
  assert.equal(call('quote', 1000000), '"1e+06"');
  assert.equal(call('squote', 'a', null, i(2)), "'a' '2'");
  assert.equal(call('cat', 'a', null, i(1), 2.5, new GoList([i(1), i(2)])), 'a 1 2.5 [1 2]');
});

test('split, splitList, splitn', () => {
  const m = call('split', ',', 'a,b,,c') as GoMap;
  assert.equal(typeOf(m), 'map[string]string');
  assert.deepEqual(
    [...m.entries],
    [
      ['_0', 'a'],
      ['_1', 'b'],
      ['_2', ''],
      ['_3', 'c'],
    ],
  );
  const l = call('splitList', '', 'héllo') as GoList;
  assert.equal(l.type, '[]string');
  assert.deepEqual(l.items, ['h', 'é', 'l', 'l', 'o']);
  assert.deepEqual([...(call('splitn', ',', i(2), 'a,b,c') as GoMap).entries.values()], ['a', 'b,c']);
  assert.equal((call('splitn', ',', i(0), 'a,b,c') as GoMap).size, 0);
  assert.deepEqual([...(call('splitn', ',', i(-1), 'a,b,c') as GoMap).entries.values()], ['a', 'b', 'c']);
  assert.deepEqual([...(call('splitn', '', i(3), 'abcde') as GoMap).entries.values()], ['a', 'b', 'cde']);
});

test('contains, hasPrefix, hasSuffix', () => {
  assert.equal(call('contains', 'ell', 'hello'), true);
  assert.equal(call('contains', 'x', 'hello'), false);
  assert.equal(call('hasPrefix', 'he', 'hello'), true);
  assert.equal(call('hasSuffix', 'lo', 'hello'), true);
  assert.equal(call('hasSuffix', 'he', 'hello'), false);
  assert.equal(call('contains', '', ''), true);
});

test('xstrings 1.5.0 snakecase, kebabcase, camelcase', () => {
  const cases: [string, string, string][] = [
    ['camelcase', '__', '___'],
    ['camelcase', '_', '__'],
    ['camelcase', 'a', 'A'],
    ['camelcase', 'http_server', 'HttpServer'],
    ['camelcase', '_complex__case_', '_Complex_Case_'],
    ['camelcase', 'ABC_def', 'AbcDef'],
    ['camelcase', 'foo bar', 'FooBar'],
    ['camelcase', '', ''],
    ['snakecase', 'HTTPServer', 'http_server'],
    ['snakecase', 'http2xx', 'http_2xx'],
    ['snakecase', 'HTTP20xOK', 'http_20x_ok'],
    ['snakecase', 'FirstName', 'first_name'],
    ['snakecase', 'a-b_c d', 'a_b_c_d'],
    ['snakecase', 'Hello World!', 'hello_world!'],
    ['snakecase', '__a__', '__a__'],
    ['snakecase', 'ID', 'id'],
    ['snakecase', 'userID2Name', 'user_id2_name'],
    ['snakecase', '', ''],
    ['snakecase', 'a', 'a'],
    ['snakecase', 'ABCdef GHi', 'ab_cdef_g_hi'],
    ['snakecase', 'v1.2.3', 'v1.2.3'],
    ['snakecase', 'x1', 'x1'],
    ['snakecase', 'X1y', 'x_1y'],
    ['snakecase', 'mixed_Case-with Spaces', 'mixed_case_with_spaces'],
    ['kebabcase', 'HTTPServer', 'http-server'],
    ['kebabcase', 'FirstName', 'first-name'],
    ['kebabcase', 'abc123def', 'abc-123def'],
    ['kebabcase', 'a1B2', 'a1-b2'],
    ['kebabcase', 'ÀbcDéf', 'àbc-déf'],
    ['kebabcase', 'x.y', 'x.y'],
    ['kebabcase', 'x__Y', 'x--y'],
    ['kebabcase', 'already-kebab', 'already-kebab'],
  ];
  for (const [f, input, want] of cases) assert.equal(call(f, input), want, `${f} ${JSON.stringify(input)}`);
});

// A deterministic "CSPRNG" for property checks.
const counterEnv = (): FuncEnv => {
  let n = 0;
  return {
    now: () => new Date(0),
    randomBytes: (k) => Uint8Array.from({ length: k }, () => (n = (n * 73 + 41) & 0xff)),
  };
};

test('shuffle permutes runes with the injected CSPRNG', () => {
  const R = stringsFuncs(counterEnv());
  const s = R.get('shuffle')!.fn('hello wörld') as string;
  assert.deepEqual([...s].sort(), [...'hello wörld'].sort());
});

test('mapOf round trip for quote of a map', () => {
  assert.equal(call('quote', mapOf({ a: i(1) })), '"map[a:1]"');
});
