// RSA keys are built from two primes of node's generator (src/funcs/crypto.ts generateRsa), not
// by OpenSSL's RSA key generation: Go must accept every one as its own. Sprig's *WithKey
// functions parse a key with x509.ParsePKCS1PrivateKey, which validates it (p·q = N, d·e ≡ 1
// mod p-1 and q-1, the precomputed CRT values), so the Go template oracle signs with each key
// rudder made, and openssl checks them too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { cryptoFuncs, Certificate } from '../../src/funcs/crypto.js';
import { defaultFuncEnv } from '../../src/funcs/env.js';
import { int, type Value } from '../../src/go/value.js';
import { runOracle } from '../support/oracle.js';

const real = (name: string, ...args: Value[]): Value =>
  cryptoFuncs(defaultFuncEnv)
    .get(name)!
    .fn(...args);

test('RSA keys rudder generates are valid keys to Go and openssl, of the sizes Sprig asks for', () => {
  const keys: [string, number][] = [];
  for (let i = 0; i < 6; i++) keys.push([real('genPrivateKey', 'rsa') as string, 4096]);
  for (let i = 0; i < 12; i++) keys.push([(real('genCA', `ca-${i}`, int(30)) as Certificate).Key, 2048]);
  for (const [pem, bits] of keys) {
    const k = createPrivateKey(pem);
    assert.equal(k.asymmetricKeyDetails?.modulusLength, bits);
    assert.equal(k.asymmetricKeyDetails?.publicExponent, 65537n);
    const r = spawnSync('openssl', ['rsa', '-check', '-noout'], { input: pem, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'RSA key ok', r.stderr);
  }
  const results = runOracle(
    keys.map(([pem], i) => ({
      name: `key-${i}`,
      mode: 'helm' as const,
      tpl: `{{ $ca := genCAWithKey "go" 30 \`${pem}\` }}{{ if hasPrefix "-----BEGIN CERTIFICATE-----" $ca.Cert }}ok{{ end }}`,
    })),
  );
  assert.deepEqual(
    results.map((r) => r.out ?? r.err ?? r.panic ?? r.bad),
    keys.map(() => 'ok'),
  );
});
