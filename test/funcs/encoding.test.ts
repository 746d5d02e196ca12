// Expected values observed from Go 1.26 text/template + Sprig v3.3.0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodingFuncs } from '../../src/funcs/encoding.js';
import type { Value } from '../../src/go/value.js';

const F = encodingFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const table = (name: string, cases: [string, string][]): void => {
  for (const [input, want] of cases)
    assert.equal(call(name, input), want, `${name} ${JSON.stringify(input)}`);
};

test('hashes of the UTF-8 bytes', () => {
  table('sha1sum', [['hello', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d']]);
  table('sha256sum', [
    ['hello', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    ['héllo', '3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179'],
  ]);
  table('sha512sum', [
    [
      '',
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    ],
  ]);
  table('adler32sum', [
    ['hello', '103547413'],
    ['', '1'],
  ]);
});

test('b64enc and b64dec (errors become the output)', () => {
  table('b64enc', [
    ['hello', 'aGVsbG8='],
    ['héllo', 'aMOpbGxv'],
    ['', ''],
  ]);
  table('b64dec', [
    ['aGVsbG8=', 'hello'],
    ['aGVsbG8', 'illegal base64 data at input byte 4'],
    ['aGV$bG8=', 'illegal base64 data at input byte 3'],
    ['aGVsbG8=x', 'illegal base64 data at input byte 8'],
    ['aGVs\nbG8=', 'hello'],
    ['a===', 'illegal base64 data at input byte 1'],
    ['aG==', 'h'],
    ['aGk=\n', 'hi'],
    ['aGk=\nx', 'illegal base64 data at input byte 5'],
    ['aG=', 'illegal base64 data at input byte 3'],
    ['aG=x', 'illegal base64 data at input byte 2'],
    ['', ''],
    ['aGVsbG8=aGk=', 'illegal base64 data at input byte 8'],
    ['é', 'illegal base64 data at input byte 0'],
    ['aR==', 'i'],
    ['77u/wrIhyrDHhM+D', '\ufeff²!ʰǄσ'], // a leading BOM is kept
  ]);
});

test('b32enc and b32dec', () => {
  table('b32enc', [
    ['hello', 'NBSWY3DP'],
    ['a', 'ME======'],
    ['', ''],
    ['héllo wörld', 'NDB2S3DMN4QHPQ5WOJWGI==='],
  ]);
  table('b32dec', [
    ['NBSWY3DP', 'hello'],
    ['ME======', 'a'],
    ['ME=====', 'illegal base32 data at input byte 7'],
    ['M=======', 'illegal base32 data at input byte 1'],
    ['ME==X===', 'illegal base32 data at input byte 3'],
    ['ME', 'illegal base32 data at input byte 0'],
    ['M1', 'illegal base32 data at input byte 1'],
    ['ME======XX', 'a'],
    ['NBSW\nY3DP', 'hello'],
    ['MEE=====', 'illegal base32 data at input byte 3'],
    ['mE======', 'illegal base32 data at input byte 0'],
  ]);
});
