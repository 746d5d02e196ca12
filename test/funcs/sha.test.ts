// The TypeScript SHA-1 and SHA-256 (src/go/sha.ts) against node:crypto (OpenSSL) on random and
// edge-length inputs, their constants against an independent derivation, sha256sum/sha1sum in a
// chart against helm v4.3.2, and the template path's promise: a chart that hashes and draws
// random strings never loads node:crypto (nor its byte source, /dev/urandom, misbehaves).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sha1, sha1Hex, sha256, sha256Hex, SHA256_H0, SHA256_K } from '../../src/go/sha.js';
import { encodingFuncs } from '../../src/funcs/encoding.js';
import { fillFromUrandom } from '../../src/funcs/env.js';
import { REPO_ROOT, requireHelm } from '../support/corpus.js';

const node = (alg: string, b: Uint8Array): string => createHash(alg).update(b).digest('hex');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function check(b: Uint8Array): void {
  const want256 = node('sha256', b);
  const want1 = node('sha1', b);
  assert.equal(sha256Hex(b), want256, `sha256 of ${b.length} bytes`);
  assert.equal(hex(sha256(b)), want256, `sha256 bytes of ${b.length} bytes`);
  assert.equal(sha1Hex(b), want1, `sha1 of ${b.length} bytes`);
  assert.equal(hex(sha1(b)), want1, `sha1 bytes of ${b.length} bytes`);
}

test('random inputs of 0..300 bytes equal node:crypto', () => {
  let n = 0;
  for (let len = 0; len <= 300; len++) {
    for (let r = 0; r < 12; r++, n++) check(randomBytes(len));
  }
  assert.equal(n, 301 * 12);
});

test('edge lengths around the padding boundaries, constant and random bytes', () => {
  const edges = new Set<number>();
  for (let blocks = 0; blocks < 8; blocks++) {
    for (const d of [-9, -8, -1, 0, 1, 55, 56, 57, 63]) {
      const len = blocks * 64 + d;
      if (len >= 0) edges.add(len);
    }
  }
  for (const len of [119, 120, 127, 128, 183, 184, 191, 192]) edges.add(len);
  for (const len of edges) {
    for (const fill of [0x00, 0x80, 0xff, 0x61]) check(new Uint8Array(len).fill(fill));
    check(randomBytes(len));
  }
});

test('multi-KB and larger inputs equal node:crypto', () => {
  for (const len of [1000, 1024, 4095, 4096, 4097, 10_000, 65_535, 65_536, 65_537, 300_000, 1 << 20])
    check(randomBytes(len));
  // Non-ASCII text as the template functions see it (UTF-8 bytes).
  check(new TextEncoder().encode('héllo wörld ✓ 𝄞 '.repeat(500)));
});

test('constants equal an independent derivation (integer cube and square roots)', () => {
  const primes: bigint[] = [];
  for (let p = 2n; primes.length < 64; p++) if (primes.every((q) => p % q !== 0n)) primes.push(p);
  // floor(x^(1/k)) by Newton's method on integers.
  const iroot = (x: bigint, k: bigint): bigint => {
    let r = 1n << BigInt(Math.ceil(x.toString(2).length / Number(k)) + 1);
    for (;;) {
      const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
      if (next >= r) return r;
      r = next;
    }
  };
  const frac32 = (root: bigint): number => Number(root & 0xffffffffn);
  const k = primes.map((p) => frac32(iroot(p << 96n, 3n)));
  const h0 = primes.slice(0, 8).map((p) => frac32(iroot(p << 64n, 2n)));
  assert.deepEqual(
    Array.from(SHA256_K, (x) => x >>> 0),
    k,
  );
  assert.deepEqual(SHA256_H0, h0);
});

test('sha1sum and sha256sum in this process (node:crypto loaded) equal node:crypto', () => {
  const F = encodingFuncs();
  const call = (name: string, s: string): unknown => F.get(name)!.fn(s);
  // This process has loaded node:crypto, so these go through it (the chart tests below cover
  // the TypeScript path): the choice must never change a digest.
  for (const s of ['', 'hello', 'héllo', 'x'.repeat(55), 'y'.repeat(64), 'z'.repeat(300_000), 'abc']) {
    const b = new TextEncoder().encode(s);
    assert.equal(call('sha256sum', s), node('sha256', b));
    assert.equal(call('sha1sum', s), node('sha1', b));
  }
});

test('/dev/urandom fills the random pool: full, varying, uniform bytes', () => {
  if (process.platform !== 'linux') return;
  const a = new Uint8Array(1 << 16);
  const b = new Uint8Array(1 << 16);
  assert.equal(fillFromUrandom(a), true);
  assert.equal(fillFromUrandom(b), true);
  assert.notDeepEqual(a, b);
  // Chi-square of the byte counts, 255 degrees of freedom: p < 1e-6 above ~370.
  const counts = new Array<number>(256).fill(0);
  for (const x of a) counts[x]!++;
  const e = a.length / 256;
  const chi = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
  assert.ok(chi < 370, `chi-square ${chi}`);
  assert.ok(
    a.subarray(a.length - 64).some((x) => x !== 0),
    'the end of the buffer is filled too',
  );
});

// ---- through the CLI, against helm v4.3.2 --------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'rudder-sha-'));
after(() => rmSync(work, { recursive: true, force: true }));

const STRINGS: Record<string, string> = {
  empty: '',
  hello: 'hello',
  accents: 'héllo wörld ✓ 𝄞',
  l55: 'a'.repeat(55),
  l56: 'b'.repeat(56),
  l63: 'c'.repeat(63),
  l64: 'd'.repeat(64),
  l119: 'e'.repeat(119),
  l120: 'f'.repeat(120),
  kb: 'key: value\n'.repeat(900),
  big: 'αβγ0123456789'.repeat(25_000),
};

function chart(name: string, templates: Record<string, string>, values: unknown): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(join(dir, 'values.yaml'), JSON.stringify(values));
  for (const [f, t] of Object.entries(templates)) writeFileSync(join(dir, 'templates', f), t);
  return dir;
}

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  KUBECONFIG: '/nonexistent',
  ...extra,
});

/** Modules every process of a `rudder template` run loaded (bin/rudder may run itself again). */
function rudder(dir: string): { out: string; modules: string[] } {
  const hook = join(work, 'modules.cjs');
  const list = join(work, `modules-${Date.now()}-${Math.random()}.jsonl`);
  writeFileSync(
    hook,
    `process.on('exit', () => require('fs').appendFileSync(process.env.MODULES_OUT, JSON.stringify(process.moduleLoadList) + '\\n'));\n`,
  );
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rudder'), 'template', 'x', dir], {
    encoding: 'utf8',
    env: env({ NODE_OPTIONS: `--require ${hook}`, MODULES_OUT: list }),
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0, r.stderr);
  const modules = readFileSync(list, 'utf8')
    .trim()
    .split('\n')
    .flatMap((l) => JSON.parse(l) as string[]);
  assert.ok(modules.includes('NativeModule fs'), 'the hook ran');
  return { out: r.stdout, modules };
}

const cryptoModules = (modules: string[]): string[] => modules.filter((m) => /crypto/.test(m));

/** A chart hashing every STRINGS value (after `first`), rendered by helm and rudder. */
function hashChart(
  name: string,
  first: string,
  keys: string[],
): { helm: string; rudder: string; modules: string[] } {
  const lines = keys
    .map((k) => `${k}: {{ sha256sum .Values.${k} | quote }}\n${k}1: {{ sha1sum .Values.${k} | quote }}`)
    .join('\n');
  const dir = chart(
    name,
    {
      'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: {{ .Values.kb | quote }}\n`,
      'sums.yaml': `${first}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sums\n  annotations:\n    checksum/cm: {{ include (print $.Template.BasePath "/cm.yaml") . | sha256sum }}\ndata:\n${lines
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
    },
    STRINGS,
  );
  const r = spawnSync(requireHelm(), ['template', 'x', dir], {
    encoding: 'utf8',
    env: env(),
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0, r.stderr);
  const mine = rudder(dir);
  assert.equal((mine.out.match(/"[0-9a-f]{64}"/g) ?? []).length, keys.length);
  assert.equal((mine.out.match(/"[0-9a-f]{40}"/g) ?? []).length, keys.length);
  return { helm: r.stdout, rudder: mine.out, modules: mine.modules };
}

const SMALL_KEYS = Object.keys(STRINGS).filter((k) => k !== 'big');

test('sha256sum and sha1sum in a chart, hashed in TypeScript: byte-equal with helm v4.3.2', () => {
  const r = hashChart('hashes', '', SMALL_KEYS);
  assert.equal(r.rudder, r.helm);
  assert.deepEqual(cryptoModules(r.modules), []);
});

test('sha256sum over the TypeScript budget, then the rest through node:crypto: equal with helm', () => {
  const r = hashChart('hashes-big', '', ['big', ...SMALL_KEYS]);
  assert.equal(r.rudder, r.helm);
  assert.ok(r.modules.includes('NativeModule crypto'));
});

test('sha256sum and sha1sum after genCA loaded node:crypto: byte-equal with helm v4.3.2', () => {
  const r = hashChart('hashes-after-ca', '{{- $ca := genCA "x" 1 }}\n', SMALL_KEYS);
  assert.equal(r.rudder, r.helm);
  assert.ok(r.modules.includes('NativeModule crypto'));
});

test('hashing and random strings in `template` never load node:crypto', () => {
  const dir = chart(
    'noload',
    {
      'secret.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: s',
        '  annotations:',
        '    checksum/config: {{ .Values.config | sha256sum }}',
        '    checksum/other: {{ .Values.config | sha1sum }}',
        'data:',
        '  password: {{ randAlphaNum 10 | b64enc | quote }}',
        '  letters: {{ randAlpha 300 | b64enc | quote }}',
        '  digits: {{ randNumeric 5000 | b64enc | quote }}',
        '  ascii: {{ randAscii 12 | b64enc | quote }}',
        '  id: {{ uuidv4 | b64enc | quote }}',
        '',
      ].join('\n'),
    },
    { config: 'x'.repeat(5000) },
  );
  const { out: text, modules } = rudder(dir);
  assert.deepEqual(cryptoModules(modules), []);
  // The random strings are there, with their alphabets and lengths.
  const field = (k: string): string =>
    Buffer.from(text.match(new RegExp(`  ${k}: "([^"]*)"`))![1]!, 'base64').toString();
  assert.match(field('password'), /^[A-Za-z0-9]{10}$/);
  assert.match(field('letters'), /^[A-Za-z]{300}$/);
  assert.match(field('digits'), /^[0-9]{5000}$/);
  assert.match(field('ascii'), /^[\x20-\x7e]{12}$/);
  assert.match(field('id'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(
    text,
    new RegExp(`checksum/config: ${node('sha256', new TextEncoder().encode('x'.repeat(5000)))}`),
  );
});
