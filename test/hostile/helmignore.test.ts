// Issue 14 class 2: .helmignore patterns. Go's filepath.Match never backtracks into earlier star
// chunks, so it is at most len(pattern) × len(name); bufio.Scanner refuses lines of 64 KiB or more.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BadPatternError, IgnoreRules, MAX_SCAN_TOKEN, globMatch } from '../../src/chart/helmignore.js';
import { helm, makeChart, rudder, scratch, snapshot } from './support.js';

// Go's own table (path/filepath match_test.go): pattern, name, match, bad pattern.
const goTable: [string, string, boolean, boolean][] = [
  ['abc', 'abc', true, false],
  ['*', 'abc', true, false],
  ['*c', 'abc', true, false],
  ['a*', 'a', true, false],
  ['a*', 'abc', true, false],
  ['a*', 'ab/c', false, false],
  ['a*/b', 'abc/b', true, false],
  ['a*/b', 'a/c/b', false, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true, false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false, false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false, false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true, false],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false, false],
  ['ab[c]', 'abc', true, false],
  ['ab[b-d]', 'abc', true, false],
  ['ab[e-g]', 'abc', false, false],
  ['ab[^c]', 'abc', false, false],
  ['ab[^b-d]', 'abc', false, false],
  ['ab[^e-g]', 'abc', true, false],
  ['a\\*b', 'a*b', true, false],
  ['a\\*b', 'ab', false, false],
  ['a?b', 'a☺b', true, false],
  ['a[^a]b', 'a☺b', true, false],
  ['a???b', 'a☺b', false, false],
  ['a[^a][^a][^a]b', 'a☺b', false, false],
  ['[a-ζ]*', 'α', true, false],
  ['*[a-ζ]', 'A', false, false],
  ['a?b', 'a/b', false, false],
  ['a*b', 'a/b', false, false],
  ['[\\]a]', ']', true, false],
  ['[\\-]', '-', true, false],
  ['[x\\-]', 'x', true, false],
  ['[x\\-]', '-', true, false],
  ['[x\\-]', 'z', false, false],
  ['[\\-x]', 'x', true, false],
  ['[\\-x]', '-', true, false],
  ['[\\-x]', 'a', false, false],
  ['[]a]', ']', false, true],
  ['[-]', '-', false, true],
  ['[x-]', 'x', false, true],
  ['[x-]', '-', false, true],
  ['[x-]', 'z', false, true],
  ['[-x]', 'x', false, true],
  ['[-x]', '-', false, true],
  ['[-x]', 'a', false, true],
  ['\\', 'a', false, true],
  ['[a-b-c]', 'a', false, true],
  ['[', 'a', false, true],
  ['[^', 'a', false, true],
  ['[^bc', 'a', false, true],
  ['a[', 'a', false, true],
  ['a[', 'ab', false, true],
  ['a[', 'x', false, true],
  ['a/b[', 'x', false, true],
  ['*x', 'xxx', true, false],
];

test("globMatch agrees with Go's filepath.Match table, bad patterns included", () => {
  for (const [pattern, name, match, bad] of goTable) {
    let got: boolean | 'bad';
    try {
      got = globMatch(pattern, name);
    } catch (err) {
      assert.ok(err instanceof BadPatternError, `${pattern}: ${String(err)}`);
      got = 'bad';
    }
    assert.equal(got, bad ? 'bad' : match, `Match(${JSON.stringify(pattern)}, ${JSON.stringify(name)})`);
  }
});

test('globMatch: many stars against long names answer at once (no backtracking)', () => {
  const name = 'a'.repeat(5000);
  assert.equal(globMatch(`${'*a'.repeat(200)}b`, name), false);
  assert.equal(globMatch(`${'*a'.repeat(200)}`, name), true);
  assert.equal(globMatch(`${'a*'.repeat(2000)}b`, name), false);
  assert.equal(globMatch(`${'*?'.repeat(300)}*b`, `${name}c`), false);
});

test('IgnoreRules.parse: a line of 64 KiB or more fails as bufio.Scanner does; one byte less is read', () => {
  const ok = `${'a'.repeat(MAX_SCAN_TOKEN - 1)}\n*.txt\n`;
  assert.ok(IgnoreRules.parse(ok).ignores('x.txt', false));
  assert.throws(() => IgnoreRules.parse(`${'a'.repeat(MAX_SCAN_TOKEN)}\n`), {
    message: 'bufio.Scanner: token too long',
  });
  assert.throws(() => IgnoreRules.parse(`# fine\n${'b'.repeat(100_000)}`), {
    message: 'bufio.Scanner: token too long',
  });
  // Earlier lines are parsed first: their error wins.
  assert.throws(() => IgnoreRules.parse(`a**\n${'b'.repeat(100_000)}`), {
    message: 'double-star (**) syntax is not supported',
  });
});

interface ChartCase {
  name: string;
  helmignore: () => string;
  files: string[];
}

const chartCases: ChartCase[] = [
  {
    name: 'pattern of 30 stars against 200-character names',
    helmignore: () => `${'*a'.repeat(30)}b\n`,
    files: [`files/${'a'.repeat(200)}`, `files/${'a'.repeat(199)}b`],
  },
  {
    name: 'pattern of 2,000 stars and a path pattern',
    helmignore: () => `${'*a'.repeat(2000)}b\nfiles/${'*a'.repeat(500)}c\n`,
    files: [`files/${'a'.repeat(250)}`, `files/${'a'.repeat(250)}c`],
  },
  {
    name: 'a 100 KB line',
    helmignore: () => `*.txt\n${'*a'.repeat(50_000)}\n`,
    files: ['files/x.txt'],
  },
  {
    name: 'a line just under the limit',
    helmignore: () => `${'*a'.repeat((MAX_SCAN_TOKEN - 2) / 2)}b\n*.txt\n`,
    files: ['files/x.txt', `files/${'a'.repeat(200)}b`],
  },
];

for (const k of chartCases) {
  test(`.helmignore with ${k.name}: template and package as Helm, quickly, in bounded memory`, () => {
    const root = scratch();
    try {
      const chart = makeChart(join(root, 'chart'));
      mkdirSync(join(chart, 'files'));
      for (const f of k.files) writeFileSync(join(chart, f), 'x\n');
      writeFileSync(
        join(chart, 'templates', 'files.yaml'),
        '{{- range $p, $_ := .Files.Glob "files/*" }}\n# {{ $p }}\n{{- end }}\n',
      );
      writeFileSync(join(chart, '.helmignore'), k.helmignore());
      for (const out of ['out-helm', 'out-rudder']) mkdirSync(join(root, out));
      const before = snapshot(chart);
      for (const args of [
        (o: string) => ['template', 'x', chart],
        (o: string) => ['package', chart, '-d', join(root, o)],
      ]) {
        const h = helm(args('out-helm'), root);
        const r = rudder(args('out-rudder'), root, { memMb: 192, timeoutMs: 60_000 });
        assert.equal(r.signal, null, 'rudder was killed (hang or crash)');
        assert.equal(r.code, h.code, r.stderr);
        assert.equal(r.stdout.replaceAll('out-rudder', 'out-helm'), h.stdout);
        assert.equal(r.stderr, h.stderr);
      }
      assert.deepEqual(snapshot(chart), before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}
