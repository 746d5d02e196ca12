// strconv formatting: FormatFloat in every format, precision and size, FormatInt, and the
// Quote family. fixtures/strconv-go.json holds the outputs Go 1.26 produced for ~9,300 inputs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  canBackquote,
  canBackquoteBytes,
  formatFloat,
  formatInt,
  isGraphic,
  isPrint,
  quote,
  quoteBytes,
  quoteBytesToASCII,
  quoteRune,
  quoteRuneToASCII,
  quoteRuneToGraphic,
  quoteToASCII,
  quoteToGraphic,
  type FloatFormat,
} from '../../src/go/strconv/format.js';
import { floatFromBits } from './fixtures/fmt-go-values.js';

interface QuoteCase {
  s?: string;
  b?: number[];
  quote: string;
  ascii: string;
  graphic: string;
  back: boolean;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/strconv-go.json', import.meta.url), 'utf8')) as {
  formatFloat: [string, FloatFormat, number, 32 | 64, string][];
  quote: QuoteCase[];
  quoteRune: { r: number; quote: string; ascii: string; graphic: string }[];
};

describe('FormatFloat matches Go 1.26', () => {
  const groups = new Map<string, typeof fixture.formatFloat>();
  for (const c of fixture.formatFloat) {
    const key = `'${c[1]}' ${c[2] < 0 ? 'shortest' : 'fixed'} ${c[3]}-bit`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  for (const [key, cases] of groups) {
    test(`${key} (${cases.length} cases)`, () => {
      const diffs: string[] = [];
      for (const [bits, fmt, prec, size, want] of cases) {
        const got = formatFloat(floatFromBits(bits), fmt, prec, size);
        if (got !== want)
          diffs.push(`${floatFromBits(bits)} ${fmt} ${prec} ${size}: want ${want} got ${got}`);
      }
      assert.deepEqual(diffs, []);
    });
  }
});

test('FormatFloat: the cases charts hit', () => {
  assert.equal(formatFloat(1e6, 'g', -1, 64), '1e+06');
  assert.equal(formatFloat(123456, 'g', -1, 64), '123456');
  assert.equal(formatFloat(0.125, 'f', 2, 64), '0.12');
  assert.equal(formatFloat(2.5, 'f', 0, 64), '2');
  assert.equal(formatFloat(-0, 'g', -1, 64), '-0');
  assert.equal(formatFloat(1e21, 'f', -1, 64), '1000000000000000000000');
  assert.equal(formatFloat(1234.5678, 'e', 3, 64), '1.235e+03');
  assert.equal(formatFloat(1e100, 'e', -1, 64), '1e+100');
  assert.equal(formatFloat(0.1, 'g', -1, 32), '0.1');
  assert.equal(formatFloat(0.1, 'g', 17, 32), '0.10000000149011612');
  assert.equal(formatFloat(516559.125, 'g', -1, 32), '516559.12'); // exact tie: even digit
  assert.equal(formatFloat(1.5, 'x', -1, 64), '0x1.8p+00');
  assert.equal(formatFloat(1, 'b', -1, 64), '4503599627370496p-52');
  assert.equal(formatFloat(NaN, 'f', 2, 64), 'NaN');
  assert.equal(formatFloat(-Infinity, 'e', 2, 32), '-Inf');
});

test('FormatInt prints any base with lower-case digits', () => {
  assert.equal(formatInt(255n, 16), 'ff');
  assert.equal(formatInt(-255n, 2), '-11111111');
  assert.equal(formatInt(-9223372036854775808n), '-9223372036854775808');
  assert.equal(formatInt(35n, 36), 'z');
  assert.throws(() => formatInt(1n, 1), RangeError);
});

test('Quote, QuoteToASCII, QuoteToGraphic and CanBackquote match Go 1.26', () => {
  assert.ok(fixture.quote.length > 500);
  for (const c of fixture.quote) {
    if (c.b !== undefined) {
      // Invalid UTF-8 only exists as bytes in our model.
      const b = new Uint8Array(c.b);
      assert.equal(quoteBytes(b), c.quote, `bytes ${c.b}`);
      assert.equal(quoteBytesToASCII(b), c.ascii, `bytes ${c.b}`);
      assert.equal(canBackquoteBytes(b), c.back, `bytes ${c.b}`);
      continue;
    }
    const s = c.s ?? '';
    assert.equal(quote(s), c.quote, JSON.stringify(s));
    assert.equal(quoteToASCII(s), c.ascii, JSON.stringify(s));
    assert.equal(quoteToGraphic(s), c.graphic, JSON.stringify(s));
    assert.equal(canBackquote(s), c.back, JSON.stringify(s));
  }
});

test('QuoteRune and friends match Go 1.26', () => {
  for (const c of fixture.quoteRune) {
    assert.equal(quoteRune(c.r), c.quote, `rune ${c.r}`);
    assert.equal(quoteRuneToASCII(c.r), c.ascii, `rune ${c.r}`);
    assert.equal(quoteRuneToGraphic(c.r), c.graphic, `rune ${c.r}`);
  }
});

test('Quote escapes the way %q and Sprig quote show it', () => {
  assert.equal(quote('a\n"b"\t\\'), '"a\\n\\"b\\"\\t\\\\"');
  assert.equal(quote('\x7f\u00a0é😀'), '"\\x7f\\u00a0é😀"');
  assert.equal(quoteToASCII('é😀'), '"\\u00e9\\U0001f600"');
  assert.equal(quote('\ud800'), '"\ufffd"'); // a lone surrogate is read as U+FFFD
  assert.equal(quoteBytes(new Uint8Array([0x61, 0xff])), '"a\\xff"');
  assert.equal(canBackquote('a\tb'), true);
  assert.equal(canBackquote('a`b'), false);
  assert.equal(canBackquote('\ufeff'), false);
});

test('IsPrint and IsGraphic follow Go, not JavaScript regexps', () => {
  assert.equal(isPrint(0x20), true);
  assert.equal(isPrint(0xad), false);
  assert.equal(isPrint(0xa0), false);
  assert.equal(isGraphic(0xa0), true);
  assert.equal(isPrint(0x1f600), true);
  assert.equal(isPrint(0xe0001), false);
  assert.equal(isPrint(0x10ffff), false);
});
