// Go's fmt printing: Sprintf / Sprint / Sprintln over the Go value model.
// fixtures/fmt-go.json holds ~8,000 cases recorded from Go 1.26 (every verb × kind × flags,
// widths, argument indexes and error markers); each must print byte for byte the same.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  formatIndirect,
  formatValue,
  sprint,
  sprintf,
  sprintln,
  toStringGo,
} from '../../src/go/fmt/print.js';
import { compareUtf8 } from '../../src/go/fmt/sort.js';
import {
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  int,
  int64,
  mapOf,
  uint64,
  type GoKind,
  type Value,
} from '../../src/go/value.js';
import { decode, type Tagged } from './fixtures/fmt-go-values.js';

type Recorded = [string, Tagged[], string];
const fixture = JSON.parse(readFileSync(new URL('./fixtures/fmt-go.json', import.meta.url), 'utf8')) as {
  printf: Recorded[];
  print: Recorded[];
};

describe('Sprintf matches Go 1.26 for every recorded case', () => {
  const byFormat = new Map<string, Recorded[]>();
  for (const c of fixture.printf) {
    const list = byFormat.get(c[0]) ?? [];
    list.push(c);
    byFormat.set(c[0], list);
  }
  for (const [format, cases] of byFormat) {
    test(`format ${JSON.stringify(format)} (${cases.length} cases)`, () => {
      const diffs: string[] = [];
      for (const [, args, want] of cases) {
        const got = sprintf(format, args.map(decode));
        if (got !== want)
          diffs.push(
            `${JSON.stringify(args)}\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`,
          );
      }
      assert.deepEqual(diffs, []);
    });
  }
});

test('Sprint and Sprintln match Go 1.26 for every recorded case', () => {
  assert.ok(fixture.print.length > 10);
  for (const [fn, args, want] of fixture.print) {
    const vals = args.map(decode);
    assert.equal(fn === 'print' ? sprint(vals) : sprintln(vals), want, `${fn} ${JSON.stringify(args)}`);
  }
});

describe("%v of float64 uses Go layout, not JavaScript's", () => {
  const table: [number, string][] = [
    [3, '3'],
    [100000, '100000'],
    [123456.7, '123456.7'],
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [12345678, '1.2345678e+07'],
    [100000000.5, '1.000000005e+08'],
    [1e21, '1e+21'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e-7, '1e-07'],
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [1.5e300, '1.5e+300'],
    [5e-324, '5e-324'],
  ];
  for (const [f, want] of table) {
    test(`${want}`, () => {
      assert.equal(formatValue(f), want);
      assert.equal(sprintf('%v', [f]), want);
      assert.equal(toStringGo(f), want);
    });
  }
});

test('fixed precision rounds the exact binary value, ties to even', () => {
  assert.equal(sprintf('%.2f', [0.125]), '0.12');
  assert.equal(sprintf('%.0f', [2.5]), '2');
  assert.equal(sprintf('%.0f', [3.5]), '4');
  assert.equal(sprintf('%.2f', [1.005]), '1.00'); // 1.005 is 1.00499999999999989… in binary
  assert.equal(sprintf('%.1f', [0.25]), '0.2');
});

test('formatValue and toStringGo print one operand as {{ }} does', () => {
  assert.equal(formatValue('plain'), 'plain');
  assert.equal(formatValue(null), '<nil>');
  assert.equal(formatValue(true), 'true');
  assert.equal(formatValue(int64(-42)), '-42');
  assert.equal(formatValue(uint64(18446744073709551615n)), '18446744073709551615');
  assert.equal(formatValue(new Uint8Array([104, 105])), '[104 105]');
  assert.equal(formatValue(new Uint8Array([104, 105]), 's'), 'hi');
  assert.equal(formatValue(new GoList(['a', int(1), null, 1e6])), '[a 1 <nil> 1e+06]');
  assert.equal(formatValue(new GoList([], 'interface {}', true)), '[]');
  assert.equal(
    toStringGo(mapOf({ b: int(2), a: mapOf({ c: new GoList([int(1), int(2)]) }), d: null })),
    'map[a:map[c:[1 2]] b:2 d:<nil>]',
  );
  assert.equal(toStringGo(new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true)), 'map[]');
});

test('map keys print in Go byte order, not UTF-16 order', () => {
  // U+FF5E (3 UTF-8 bytes) sorts before U+1F600 (4 bytes); UTF-16 code units say the opposite.
  const m = mapOf({ '\u{1f600}': int(1), '\uff5e': int(2), Z: int(3), a: int(4), é: int(5), '': int(6) });
  assert.equal(sprint([m]), 'map[:6 Z:3 a:4 é:5 ～:2 😀:1]');
  assert.ok(compareUtf8('\uff5e', '\u{1f600}') < 0);
  assert.ok(compareUtf8('a', 'ab') < 0);
  assert.equal(compareUtf8('x', 'x'), 0);
});

test('%T names Go types, named map types keep their name', () => {
  const values = new GoMap(new Map([['a', int(1)]]), 'common.Values');
  assert.equal(sprintf('%T', [values]), 'common.Values');
  assert.equal(
    sprintf('%T %T %T %T', [null, new GoList([]), mapOf({}), int64(1)]),
    '<nil> []interface {} map[string]interface {} int64',
  );
  assert.equal(sprintf('%#v', [values]), 'common.Values{"a":1}');
  assert.equal(sprintf('%v', [values]), 'map[a:1]');
});

class Version extends GoObject {
  readonly goType = '*semver.Version';
  readonly goKind: GoKind = 'ptr';
  override stringer(): string {
    return '1.2.3';
  }
}

class Caps extends GoObject {
  constructor(
    readonly goType: string,
    readonly goKind: GoKind,
    private readonly fs: [string, Value][],
  ) {
    super();
  }
  override fields(): [string, Value][] {
    return this.fs;
  }
}

test('String() methods win for %v %s %q %x, at any depth', () => {
  const v = new Version();
  assert.equal(sprint([v]), '1.2.3');
  assert.equal(sprintf('%q|%x|%10s|', [v, v, v]), '"1.2.3"|312e322e33|     1.2.3|');
  assert.equal(sprint([new GoList([v, v])]), '[1.2.3 1.2.3]');
  assert.equal(sprint([mapOf({ v })]), 'map[v:1.2.3]');
});

test('a top-level pointer to a struct prints as &{…}, a nested one as an address', () => {
  const inner = new Caps('*chart.Dep', 'ptr', [['Name', 'x']]);
  const outer = new Caps('*chart.Meta', 'ptr', [
    ['Name', 'app'],
    ['Dep', inner],
  ]);
  const out = sprintf('%v|%+v', [outer, outer]);
  assert.match(out, /^&\{app 0xc[0-9a-f]{9}\}\|&\{Name:app Dep:0xc[0-9a-f]{9}\}$/);
  assert.equal(sprintf('%#v', [new Caps('*chart.Dep', 'ptr', [['Name', 'x']])]), '&chart.Dep{Name:"x"}');
  assert.equal(
    sprintf('%v %+v', [
      new Caps('chart.Dep', 'struct', [
        ['Name', 'x'],
        ['N', int(2)],
      ]),
      new Caps('chart.Dep', 'struct', [
        ['Name', 'x'],
        ['N', int(2)],
      ]),
    ]),
    '{x 2} {Name:x N:2}',
  );
});

test('func values print as a stable address; %T prints their signature', () => {
  const f = new GoFunc('upper', { params: ['string'], results: ['string'] }, (s) => s);
  assert.match(sprint([f]), /^0xc[0-9a-f]{9}$/);
  assert.equal(sprint([f]), sprint([f]));
  assert.equal(sprintf('%T', [f]), 'func(string) string');
  assert.match(sprintf('%#v', [f]), /^\(func\(string\) string\)\(0xc[0-9a-f]{9}\)$/);
});

test('Sprint puts spaces only between operands that are both non-strings', () => {
  assert.equal(sprint(['a', int(1), int(2), 'b', 1.5, null]), 'a1 2b1.5 <nil>');
  assert.equal(sprint([]), '');
  assert.equal(sprintln(['a', int(1)]), 'a 1\n');
  assert.equal(sprintln([]), '\n');
});

test('printf misuse prints markers instead of failing', () => {
  assert.equal(sprintf('%d', [1.5]), '%!d(float64=1.5)');
  assert.equal(sprintf('%d %d', [int(1)]), '1 %!d(MISSING)');
  assert.equal(sprintf('%s', [int(1), 'x', int(2)]), '%!s(int=1)%!(EXTRA string=x, int=2)');
  assert.equal(sprintf('50%', []), '50%!(NOVERB)');
  assert.equal(sprintf('%*d', [1.5, int(2)]), '%!(BADWIDTH)2');
  assert.equal(sprintf('%.*d', ['x', int(2)]), '%!(BADPREC)2');
  assert.equal(sprintf('%[3]d', [int(1)]), '%!d(BADINDEX)');
  assert.equal(sprintf('%s', [null]), '%!s(<nil>)');
  assert.equal(sprintf('%z', [int(1)]), '%!z(int=1)');
});

test('widths and precisions count runes, not UTF-16 units or bytes', () => {
  assert.equal(sprintf('%5s|%-5s|%.2s', ['é😀', '日本', '😀😀😀']), '   é😀|日本   |😀😀');
  assert.equal(sprintf('%05d|%x|% x', [int(-42), new GoInt('uint8', 255n), 'hé']), '-0042|ff|68 c3 a9');
});

test('lone surrogates read as U+FFFD', () => {
  // Outside U+DC80..U+DCFF (escaped bytes, value.ts) a lone surrogate is written as U+FFFD.
  assert.equal(sprintf('%q|%x|%3s|', ['\ud800', '\ud800', '\udc00']), '"\ufffd"|efbfbd|  \ufffd|');
});

test('escaped bytes of invalid UTF-8 print as Go prints the bytes', () => {
  assert.equal(
    sprintf('%q|%x|%3s|%+q', ['a\udcff', '\udcff\udcfe', '\udcff', '\udce6日']),
    '"a\\xff"|fffe|  \udcff|"\\xe6\\u65e5"',
  );
  // Pieces whose bytes join into valid UTF-8 come out as that text.
  assert.equal(sprintf('%s%s', ['\udce6', '\udc97\udca5']), '日');
});

test('formatIndirect prints what {{ ptr }} shows: the pointed-to struct', () => {
  const p = new Caps('*chart.Dep', 'ptr', [
    ['Name', 'x'],
    ['N', int(2)],
  ]);
  assert.equal(formatIndirect(p), '{x 2}');
  assert.equal(formatValue(p), '&{x 2}');
  assert.equal(formatIndirect(new Version()), '1.2.3');
  assert.equal(formatIndirect(int(3)), '3');
});

class NilPtr extends GoObject {
  readonly goType = '*chart.Dep';
  readonly goKind: GoKind = 'ptr';
  override truth(): boolean {
    return false;
  }
  override stringer(): string {
    throw new Error('nil pointer dereference');
  }
}

test('a nil pointer prints <nil>, even when its String() method fails', () => {
  assert.equal(formatValue(new NilPtr()), '<nil>');
  assert.equal(formatIndirect(new NilPtr()), '<nil>');
  assert.equal(sprintf('%d', [new NilPtr()]), '0');
});

test('Sprintf matches Go 1.26 on 2,000 random format strings (flags, *, [n], bad verbs)', () => {
  const fuzz = JSON.parse(readFileSync(new URL('./fixtures/fmt-fuzz-go.json', import.meta.url), 'utf8')) as {
    args: Tagged[];
    cases: [string, number, string][];
  };
  const args = fuzz.args.map(decode);
  const diffs: string[] = [];
  for (const [format, n, want] of fuzz.cases) {
    const got = sprintf(format, args.slice(0, n));
    if (got !== want)
      diffs.push(
        `${JSON.stringify(format)} with ${n} args: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`,
      );
  }
  assert.equal(fuzz.cases.length, 2000);
  assert.deepEqual(diffs, []);
});
