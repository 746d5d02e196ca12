// The deflate, gzip and tar writers must reproduce Go's bytes exactly (Helm's chart archives are
// compared byte for byte). Expected digests below were produced by Go 1.26's compress/flate and
// archive/tar on the same generated inputs; round trips are checked with node:zlib.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { Deflater } from '../../src/compress/deflate.js';
import { GzipWriter } from '../../src/compress/gzip.js';
import { TarWriter } from '../../src/compress/tar.js';
import { crc32 } from '../../src/compress/crc32.js';

/** xorshift32 input generator, identical to the Go program that produced the digests. */
function gen(seed: number, n: number, alpha: number, rep: boolean): Uint8Array {
  let s = seed >>> 0;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const out = new Uint8Array(n);
  for (let i = 0; i < n;) {
    if (rep && i > 16 && next() % 4 === 0) {
      const back = 1 + (next() % Math.min(i, 30000));
      const l = 3 + (next() % 200);
      for (let k = 0; k < l && i < n; k++, i++) out[i] = out[i - back]!;
      continue;
    }
    out[i++] = (32 + (next() % alpha)) & 0xff;
  }
  return out;
}

const GO_VECTORS = [
  {
    seed: 1,
    n: 0,
    alpha: 1,
    rep: false,
    level: 6,
    size: 5,
    sha256: 'f067985d352d2da6dfaef4844a66d06c5371ecbd9530a4d195ac599fef8b3427',
  },
  {
    seed: 2,
    n: 1,
    alpha: 1,
    rep: false,
    level: 6,
    size: 7,
    sha256: 'be44a1ba6a5a3955947d73f56a48d559d6843a692ae05e5e5caa30b427baba13',
  },
  {
    seed: 3,
    n: 100,
    alpha: 4,
    rep: false,
    level: 6,
    size: 50,
    sha256: 'b417b9ad6e1abde677556b515d09b6e822b9f087eb10d87fb8a5eddf69a48ecc',
  },
  {
    seed: 4,
    n: 5000,
    alpha: 26,
    rep: true,
    level: 6,
    size: 319,
    sha256: 'a57917988fd552835a8c91a7811d588884ed17c29902e8824e5775320290ba56',
  },
  {
    seed: 5,
    n: 70000,
    alpha: 200,
    rep: false,
    level: 6,
    size: 67474,
    sha256: '38574ead6f467f93fc1cec093df469c8b6d6532314d957ba375ec3c2944816f8',
  },
  {
    seed: 6,
    n: 300000,
    alpha: 20,
    rep: true,
    level: 6,
    size: 16468,
    sha256: 'fa2b2f51de16acbf904b6714dcb1caa23fb35436c93e6be296f0883780ffa4f3',
  },
  {
    seed: 7,
    n: 200000,
    alpha: 3,
    rep: true,
    level: 9,
    size: 7720,
    sha256: 'a08dbf6fec547de8f7e72ab1ab1ddbf45fa2b1e13cbd8f92bad068b156e70895',
  },
  {
    seed: 8,
    n: 100000,
    alpha: 60,
    rep: true,
    level: 2,
    size: 10480,
    sha256: '65ac6d845c9e99d0001e09c8bdbfb3306eccc5f00a9cac5abaa324d2763fcd0e',
  },
  {
    seed: 9,
    n: 150000,
    alpha: 10,
    rep: true,
    level: 4,
    size: 11966,
    sha256: '7454cd50de925c89e266503dd7261acfa181055c14f97f731c69dd0aa62a8f9b',
  },
  {
    seed: 10,
    n: 1 << 20,
    alpha: 90,
    rep: true,
    level: 6,
    size: 60107,
    sha256: '011020378eb808763e4b3c3cfa3b40bd7159303d8c40f3e07a1a331f77f7401d',
  },
];

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function deflate(data: Uint8Array, level: number, chunk = data.length || 1): Buffer {
  const d = new Deflater(level);
  const parts: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += chunk) parts.push(d.write(data.subarray(off, off + chunk)));
  parts.push(d.close());
  return Buffer.concat(parts);
}

for (const v of GO_VECTORS) {
  test(`deflate level ${v.level} of ${v.n} bytes (seed ${v.seed}) equals Go's output`, () => {
    const data = gen(v.seed, v.n, v.alpha, v.rep);
    const out = deflate(data, v.level);
    assert.equal(out.length, v.size);
    assert.equal(sha256(out), v.sha256);
    assert.deepEqual(inflateRawSync(out), Buffer.from(data));
  });
}

test('deflate round-trips random inputs at every supported level, whatever the write sizes', () => {
  for (let seed = 11; seed < 30; seed++) {
    const data = gen(seed, 1000 + seed * 7919, 2 + (seed % 50), seed % 3 !== 0);
    for (const level of [2, 3, 4, 5, 6, 7, 8, 9]) {
      const out = deflate(data, level, 1 + ((seed * 4093) % 70000));
      assert.deepEqual(inflateRawSync(out), Buffer.from(data), `seed ${seed} level ${level}`);
    }
  }
});

test('deflate rejects levels it does not implement', () => {
  assert.throws(() => new Deflater(1), /unsupported compression level 1/);
  assert.throws(() => new Deflater(10), /unsupported compression level 10/);
});

test('crc32 matches the IEEE check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('gzip header carries Helm fields exactly as Go writes them', () => {
  const extra = new TextEncoder().encode('rr\x04\x00abcd');
  const gz = new GzipWriter({ extra, comment: 'Helm' });
  gz.write(new TextEncoder().encode('hello hello hello hello'));
  const out = gz.close();
  // ID1 ID2 CM, FLG = FEXTRA|FCOMMENT, MTIME 0, XFL 0, OS 255 (unknown).
  assert.deepEqual([...out.subarray(0, 10)], [0x1f, 0x8b, 8, 0x14, 0, 0, 0, 0, 0, 255]);
  assert.deepEqual([...out.subarray(10, 12)], [8, 0]);
  assert.equal(new TextDecoder().decode(out.subarray(20, 25)), 'Helm\0');
  assert.equal(gunzipSync(out).toString(), 'hello hello hello hello');
  // The deflate payload is Go's (checked against compress/flate for this input).
  assert.equal(Buffer.from(out.subarray(25, out.length - 8)).toString('hex'), 'ca48cdc9c957c02001010000ffff');
});

test('tar writer produces Go archive/tar bytes for USTAR, split-prefix and PAX names', () => {
  const chunks: Uint8Array[] = [];
  const tw = new TarWriter((c) => chunks.push(Uint8Array.from(c)));
  const long = `chart/templates/${'d'.repeat(90)}/${'f'.repeat(60)}.yaml`;
  const names = [
    'chart/Chart.yaml',
    long,
    `chart/templates/${'x'.repeat(120)}.yaml`,
    'chart/files/résumé-日本.txt',
  ];
  names.forEach((name, i) => {
    const body = new TextEncoder().encode(`body ${i}\n`);
    // Go rounds 1700000000+i seconds + (499999999+i) ns to the nearest second.
    const nsec = 499999999 + i;
    tw.writeHeader({ name, mode: 0o644, size: body.length, mtime: 1700000000 + i + (nsec >= 5e8 ? 1 : 0) });
    tw.write(body);
  });
  tw.close();
  const tar = Buffer.concat(chunks);
  assert.equal(tar.length, 7168);
  assert.equal(sha256(tar), '77badf3b2f684757085f7a27fca2afbcb7cc23135b84bd696b590ac6a0d4c238');
});
