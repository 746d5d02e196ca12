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
        () => ['template', 'x', chart],
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

/** Reference glob by dynamic programming over (pattern token, name index): `*` and `?` never match `/`. */
function referenceMatch(tokens: string[], name: string[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (t: number, n: number): boolean => {
    const key = t * (name.length + 1) + n;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (t === tokens.length) r = n === name.length;
    else {
      const tok = tokens[t]!;
      if (tok === '*') r = go(t + 1, n) || (n < name.length && name[n] !== '/' && go(t, n + 1));
      else if (n >= name.length) r = false;
      else if (tok === '?') r = name[n] !== '/' && go(t + 1, n + 1);
      else if (tok.startsWith('[')) {
        const neg = tok[1] === '^';
        const set = tok.slice(neg ? 2 : 1, -1);
        r = set.includes(name[n]!) !== neg && go(t + 1, n + 1);
      } else r = tok === name[n] && go(t + 1, n + 1);
    }
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

test('globMatch agrees with a reference matcher on 20,000 random valid patterns (seeded)', () => {
  let seed = 0x1234567;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  // Classes here never match `/`: with one that does, Go's first-fit chunk placement can miss a
  // match a full search finds (checked below), which is Go's answer and so Rudder's.
  const atoms = ['a', 'b', '/', '*', '?', '[ab]', '[^a/]', '[bé]', 'é'];
  const chars = ['a', 'b', '/', 'é'];
  for (let i = 0; i < 20_000; i++) {
    const tokens = Array.from({ length: rnd(8) }, () => atoms[rnd(atoms.length)]!);
    const name = Array.from({ length: rnd(10) }, () => chars[rnd(chars.length)]!);
    const pattern = tokens.join('');
    assert.equal(
      globMatch(pattern, name.join('')),
      referenceMatch(tokens, name),
      `Match(${JSON.stringify(pattern)}, ${JSON.stringify(name.join(''))})`,
    );
  }
});

test("globMatch keeps Go's first-fit answer where a class matches '/' (go run: false)", () => {
  assert.equal(globMatch('*[b/]/[b/]*?', 'éb///aaaé'), false);
});
