// Sprig's crypto functions. Every expected value was observed from Go 1.26 + Sprig v3.3.0:
// deterministic outputs were produced with crypto/rand.Reader replaced by the byte stream
// `byte(i*37+11)` (the `replay` env below), and certificates from fixed keys are compared
// byte for byte with Go's. Key generation is checked by property (parsable, right type,
// openssl verifies the chains).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { cryptoFuncs, Certificate, parseIP } from '../../src/funcs/crypto.js';
import { defaultFuncEnv, type FuncEnv } from '../../src/funcs/env.js';
import { GoError, GoInt, GoList, int, type Value } from '../../src/go/value.js';

/** Go's crypto/rand.Reader replaced by byte(i*37+11), i counting from 0. */
function replay(now = new Date(0)): FuncEnv {
  let i = 0;
  return {
    now: () => now,
    randomBytes: (n) => {
      const b = new Uint8Array(n);
      for (let k = 0; k < n; k++, i++) b[k] = (i * 37 + 11) & 0xff;
      return b;
    },
  };
}

const call = (env: FuncEnv, name: string, ...args: Value[]): Value => {
  const f = cryptoFuncs(env).get(name);
  assert.ok(f, `no function ${name}`);
  return f.fn(...args);
};
const real = (name: string, ...args: Value[]): Value => call(defaultFuncEnv, name, ...args);
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof GoError, `not a GoError: ${String(e)}`);
    return e.message;
  }
  assert.fail('no error');
};
const u32 = (n: number): GoInt => new GoInt('uint32', BigInt(n));
const list = (...xs: Value[]): GoList => new GoList(xs);

const tmp = mkdtempSync(join(tmpdir(), 'rudder-crypto-'));
function openssl(args: string[], files: Record<string, string>): { status: number | null; out: string } {
  for (const [n, c] of Object.entries(files)) writeFileSync(join(tmp, n), c);
  const r = spawnSync('openssl', args, { cwd: tmp, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

// Keys made with openssl, and what Go + Sprig v3.3.0 produced from them (template in the test).
const ED_A = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIKjVjvTNU7mxRYcfoQSxEJIm+S5Phpuolkkbcp8Nodz8
-----END PRIVATE KEY-----
`;
const ED_B = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEILL6zELhw/feKjbdOkEwXIx3leL9Zo1+SfCNLCrv3WwR
-----END PRIVATE KEY-----
`;
const RSA_PKCS8 = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCrUXfiiYWtdLnV
/ueGHNlSYvNEMBLPGxcJJ6p/m57TxUNAqo9G7VSDIRyAtkWsqE9TjJVzipLSTkJx
2bGoJxhxADFx/1iFcpRVnCusHhX+j/PrYayWp9M5Ij5lV7CsB/0rEiXCHNzjEeCC
PPmfKvvn5h3lRBZXDEirZYyx2HE3anfFrV2HHXXEGAg5PQ59J+6pO5qp9aLdRULu
RsL5SXMJrxl3+M/YK94WWp+U5W/MhLRXaUtQQmDuW8bXokuRdEzqvwS2cUdVg//K
TDJTbV7VXz6jKe/9/tynwXRBncSwg+z8EeToyIJb0FWzO5kbzkOkF+TSyTrJfC7J
878DYcHrAgMBAAECggEAGpwjXm0U9e3JBbu7s4GcoebbuU4sRb4D9HiUS5Dc+TDN
MuirK42mkF2ew0FMjjZwZ95QwmsWRhNAz9VL+n3kFn08sOPEGKpE7w08XVYo/WrX
rMp1l8sGjHvMrEoUF4yAHuYJNl7sUlrO//u/nCD9krYUE63hOHEggnraAS/I2h3u
NBzANIvE2+oix8pQ4HCX5+WKjZvrHVeUkCxB+5DfVtfNmkFO7Qm3F+xduBF8PzAe
5oPIuGxXYz9zYtiTtxZxyKwkGnZSqoX4t+qultvIWK+Dk+fYKdGIrphbiZbU+Lnv
YbZ2VPR9GB9YNG851HjPGGQZ6c6YT8c3dPskSKHPZQKBgQDx1q1b246jE17KqVSH
dNMQf/gN1i5r7H1T7+h4PsMfPhLePEMATjUxDYcBJ/Lu2rnXF+np/SP4KICEG51e
QB0TYTgMLFxSrHomIAWlDfJh0t3w7+dTL9U0Lf21czPWN5o2P2qb+P6iUIN1fLmW
9w33iun4Q3/m8WeQqKqUVmXwJQKBgQC1WaTMFWiwBLUZP9uidpVqYJrKs5nt0IKt
P7V3LuQO+IjeS5GRKWbsXiGznWqBOrbOWBaXunpYPEXMnd31L2LYvMT0hozi1XXB
ufu/SnnDcgrlubZ4Zg4iCmfclWSF5y3jj4DLO8rHfw+OK9WB8ZU3TtqmQlgZbVYv
zFgPgiQEzwKBgQDES5cdJ0JItbFMWFNHO5kSHHzwZjf529QCbInKCE+CrXTNNCbC
ObjNHwjE9HMoUxtjLoLsLU+j3uQp1uxOE0ZGc7P1lZA+fscK6RUL2x0xL+J77Y5b
JEku+GGlhWO+7hTbEXBsN5gfkbCSjXFqyw9oLTYqEEfh4XJJpc4HZ3WIjQKBgEKp
EvSZogOhl1gSqw9K+51AqWV9I0XRcVdxpaiLqfT+0oCz0mxDhbu41jaJ1I5wIKY0
pwla2IH6lcWi+eWYZ4M30EX592uh/0kYrjsgiyWWk/7hhvs2uFc27/qbR3oZAjs1
kqgh8GXohLVD05WSUcEk0SZwGKYwFJA5Ut1QfyDtAoGAf/5T2vYPYaFLE1KUD47R
je8/T9F3lPRpzGuTKOA3A3s4ICXVsaqU9ynroCUJ27IwKW3C8Qon8OcQ2D9HUfVd
CGidnInakuZyWNNQ8xKjJwnhVlmJ2aZcYCT2v79fq0vK2T3nxjeE+Fa2LX7w8rTg
31PMQnfZ0nqYBR1Uq9mNz7o=
-----END PRIVATE KEY-----
`;
const GO_CERTS = `-----BEGIN CERTIFICATE-----
MIIBUjCCAQSgAwIBAgIRAPgCcufNMZKjPrj17mtPyO8wBQYDK2VwMBkxFzAVBgNV
BAMTDlJ1ZGRlciBUZXN0IENBMB4XDTI2MTEyNDAwMzQzMloXDTM2MTEyMTAwMzQz
MlowGTEXMBUGA1UEAxMOUnVkZGVyIFRlc3QgQ0EwKjAFBgMrZXADIQDd1eH32+jM
3WznHTrzw+q7hb55N3Y72jyCwkU1MZcr66NhMF8wDgYDVR0PAQH/BAQDAgKkMB0G
A1UdJQQWMBQGCCsGAQUFBwMBBggrBgEFBQcDAjAPBgNVHRMBAf8EBTADAQH/MB0G
A1UdDgQWBBSZnsv+Kboi3N3XaEatCRpuM218yzAFBgMrZXADQQCUIbwZyjhIKVca
7IynOoo6Qhav3h+mAGn9kbC+qlP+lwdZnlFrNTEM5WScJnarOeeaJqi7IMsbeTCU
VytAVwQB
-----END CERTIFICATE-----
-----BEGIN CERTIFICATE-----
MIIBbjCCASCgAwIBAgIRAP7YnICPy5ImLxyZOSYUkskwBQYDK2VwMBcxFTATBgNV
BAMTDHNlbGYuZXhhbXBsZTAeFw0yNjExMjQwMDM0MzJaFw0yNjEyMjQwMDM0MzJa
MBcxFTATBgNVBAMTDHNlbGYuZXhhbXBsZTAqMAUGAytlcAMhACI7tuN8WJmp2AO/
OUoMtEx9/F/3ao7oD1v0dsv1S3eRo4GAMH4wDgYDVR0PAQH/BAQDAgWgMB0GA1Ud
JQQWMBQGCCsGAQUFBwMBBggrBgEFBQcDAjAMBgNVHRMBAf8EAjAAMD8GA1UdEQQ4
MDaCDHNlbGYuZXhhbXBsZYIOKi5zZWxmLmV4YW1wbGWHBAoBAgOHECABDbgAAAAA
AAAAAAAAAAEwBQYDK2VwA0EAq4zBe89g9dYRRRJtXCJK3OK8g+nJCDo1y1H2qVIe
Dro7ENk2N5Y4/ztzqeTVW1cXjf7Ub/8g1wehOJMP0JXECQ==
-----END CERTIFICATE-----
-----BEGIN CERTIFICATE-----
MIIBbjCCASCgAwIBAgIRAMyF17iZzC/fOcyeCsbtrJ4wBQYDK2VwMBkxFzAVBgNV
BAMTDlJ1ZGRlciBUZXN0IENBMB4XDTI2MTEyNDAwMzQzMloXDTI3MDIyMjAwMzQz
MlowFzEVMBMGA1UEAxMMbGVhZi5leGFtcGxlMCowBQYDK2VwAyEAIju243xYmanY
A785Sgy0TH38X/dqjugPW/R2y/VLd5GjfzB9MA4GA1UdDwEB/wQEAwIFoDAdBgNV
HSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwDAYDVR0TAQH/BAIwADAfBgNVHSME
GDAWgBSZnsv+Kboi3N3XaEatCRpuM218yzAdBgNVHREEFjAUggxsZWFmLmV4YW1w
bGWHBH8AAAEwBQYDK2VwA0EAprgz3A4g/P701MvN6UDPzX2D11TjPsP/Lz2JRnHr
hK2/9069EdgWGJscr+D1IfjII+lfnNgtKQC2hNV0Q9eDAA==
-----END CERTIFICATE-----
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEILL6zELhw/feKjbdOkEwXIx3leL9Zo1+SfCNLCrv3WwR
-----END PRIVATE KEY-----
-----BEGIN CERTIFICATE-----
MIIC5TCCAc2gAwIBAgIQUMjCOXXLImjiaEXQOLXT6TANBgkqhkiG9w0BAQsFADAO
MQwwCgYDVQQDEwNyc2EwHhcNMjYxMTI0MDAzNDMyWhcNMjYxMTI1MDAzNDMyWjAO
MQwwCgYDVQQDEwNyc2EwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCr
UXfiiYWtdLnV/ueGHNlSYvNEMBLPGxcJJ6p/m57TxUNAqo9G7VSDIRyAtkWsqE9T
jJVzipLSTkJx2bGoJxhxADFx/1iFcpRVnCusHhX+j/PrYayWp9M5Ij5lV7CsB/0r
EiXCHNzjEeCCPPmfKvvn5h3lRBZXDEirZYyx2HE3anfFrV2HHXXEGAg5PQ59J+6p
O5qp9aLdRULuRsL5SXMJrxl3+M/YK94WWp+U5W/MhLRXaUtQQmDuW8bXokuRdEzq
vwS2cUdVg//KTDJTbV7VXz6jKe/9/tynwXRBncSwg+z8EeToyIJb0FWzO5kbzkOk
F+TSyTrJfC7J878DYcHrAgMBAAGjPzA9MA4GA1UdDwEB/wQEAwIFoDAdBgNVHSUE
FjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwDAYDVR0TAQH/BAIwADANBgkqhkiG9w0B
AQsFAAOCAQEAVOetCAl7VEpOxc+9Zt0148Vtp5BaxrdnHntHrIBUqEErLv5ixBn4
PSdKoIa5iSbPq5t3+D3MZXOJIDDTOQoSlIeEqtq7E5C5o9hVQtb0rBLd31sRMGxe
QfyNrQpiaXo7SEXG3Q8PTpMtM3t4zi6EvFTqkhBIF2oJCGPFa2qHSGPHCD7IgXam
eIKA2dytW/b2zbIg9Y8VU54SuObDbe5B19AzpH1VrlqUuJDv9sg5PITckkbwxYk3
FmUeu0PkmcYnfDXYM47Yx/qfjPceLIDMpficNrNrLru8acwUtkOsARNxrurdjv+N
Fof5qHVDJiSivc4B6+FWONfbyrcyrCbgGw==
-----END CERTIFICATE-----
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAq1F34omFrXS51f7nhhzZUmLzRDASzxsXCSeqf5ue08VDQKqP
Ru1UgyEcgLZFrKhPU4yVc4qS0k5CcdmxqCcYcQAxcf9YhXKUVZwrrB4V/o/z62Gs
lqfTOSI+ZVewrAf9KxIlwhzc4xHggjz5nyr75+Yd5UQWVwxIq2WMsdhxN2p3xa1d
hx11xBgIOT0OfSfuqTuaqfWi3UVC7kbC+UlzCa8Zd/jP2CveFlqflOVvzIS0V2lL
UEJg7lvG16JLkXRM6r8EtnFHVYP/ykwyU21e1V8+oynv/f7cp8F0QZ3EsIPs/BHk
6MiCW9BVszuZG85DpBfk0sk6yXwuyfO/A2HB6wIDAQABAoIBABqcI15tFPXtyQW7
u7OBnKHm27lOLEW+A/R4lEuQ3PkwzTLoqyuNppBdnsNBTI42cGfeUMJrFkYTQM/V
S/p95BZ9PLDjxBiqRO8NPF1WKP1q16zKdZfLBox7zKxKFBeMgB7mCTZe7FJazv/7
v5wg/ZK2FBOt4ThxIIJ62gEvyNod7jQcwDSLxNvqIsfKUOBwl+flio2b6x1XlJAs
QfuQ31bXzZpBTu0JtxfsXbgRfD8wHuaDyLhsV2M/c2LYk7cWccisJBp2UqqF+Lfq
rpbbyFivg5Pn2CnRiK6YW4mW1Pi572G2dlT0fRgfWDRvOdR4zxhkGenOmE/HN3T7
JEihz2UCgYEA8datW9uOoxNeyqlUh3TTEH/4DdYua+x9U+/oeD7DHz4S3jxDAE41
MQ2HASfy7tq51xfp6f0j+CiAhBudXkAdE2E4DCxcUqx6JiAFpQ3yYdLd8O/nUy/V
NC39tXMz1jeaNj9qm/j+olCDdXy5lvcN94rp+EN/5vFnkKiqlFZl8CUCgYEAtVmk
zBVosAS1GT/bonaVamCayrOZ7dCCrT+1dy7kDviI3kuRkSlm7F4hs51qgTq2zlgW
l7p6WDxFzJ3d9S9i2LzE9IaM4tV1wbn7v0p5w3IK5bm2eGYOIgpn3JVkhect44+A
yzvKx38PjivVgfGVN07apkJYGW1WL8xYD4IkBM8CgYEAxEuXHSdCSLWxTFhTRzuZ
Ehx88GY3+dvUAmyJyghPgq10zTQmwjm4zR8IxPRzKFMbYy6C7C1Po97kKdbsThNG
RnOz9ZWQPn7HCukVC9sdMS/ie+2OWyRJLvhhpYVjvu4U2xFwbDeYH5Gwko1xassP
aC02KhBH4eFySaXOB2d1iI0CgYBCqRL0maIDoZdYEqsPSvudQKllfSNF0XFXcaWo
i6n0/tKAs9JsQ4W7uNY2idSOcCCmNKcJWtiB+pXFovnlmGeDN9BF+fdrof9JGK47
IIsllpP+4Yb7NrhXNu/6m0d6GQI7NZKoIfBl6IS1Q9OVklHBJNEmcBimMBSQOVLd
UH8g7QKBgH/+U9r2D2GhSxNSlA+O0Y3vP0/Rd5T0acxrkyjgNwN7OCAl1bGqlPcp
66AlCduyMCltwvEKJ/DnENg/R1H1XQhonZyJ2pLmcljTUPMSoycJ4VZZidmmXGAk
9r+/X6tLytk958Y3hPhWti1+8PK04N9TzEJ32dJ6mAUdVKvZjc+6
-----END RSA PRIVATE KEY-----
`;

test('signatures match Sprig', () => {
  const f = cryptoFuncs(defaultFuncEnv);
  const sig = (n: string): string => f.get(n)!.type;
  assert.equal(sig('derivePassword'), 'func(uint32, string, string, string, string) string');
  assert.equal(sig('genCA'), 'func(string, int) (sprig.certificate, error)');
  assert.equal(
    sig('genSignedCertWithKey'),
    'func(string, []interface {}, []interface {}, int, sprig.certificate, string) (sprig.certificate, error)',
  );
  assert.equal(sig('randBytes'), 'func(int) (string, error)');
  assert.equal(sig('uuidv4'), 'func() string');
  assert.equal(f.size, 15);
});

test('derivePassword is the Master Password algorithm', () => {
  const d = (c: number, t: string, p: string, u: string, s: string): Value =>
    real('derivePassword', u32(c), t, p, u, s);
  assert.equal(d(1, 'long', 'password', 'user', 'example.com'), 'ZedaFaxcZaso9*');
  assert.equal(d(0, 'maximum', 'p', '', ''), 'G4^amDu1EsuVYOpJTt)Z');
  assert.equal(d(3, 'pin', 'pässwörd', 'ü', 's'), '6484');
  assert.equal(d(1, 'basic', 'x', 'y', 'z'), 'yY07YHq4');
  assert.equal(d(1, 'medium', 'x', 'y', 'z'), 'LokVug5(');
  assert.equal(d(1, 'short', 'x', 'y', 'z'), 'Lok7');
  assert.equal(d(4294967295, 'long', 'x', 'y', 'z'), "TurdQevuRace5'");
  assert.equal(d(7, 'maximum', 'pässwörd✓', 'üser', 'sïte'), 'P8&vgS)AvHMTwt62O1I9');
  assert.equal(d(1, 'nope', 'x', 'y', 'z'), 'cannot find password template nope');
  assert.equal(d(1, 'constructor', 'x', 'y', 'z'), 'cannot find password template constructor');
});

test('encryptAES consumes randomness for the IV exactly as Go does', () => {
  assert.equal(call(replay(), 'encryptAES', 'k', 'hello'), 'CzBVep/E6Q4zWH2ix+wRNtBLFVTVU5Dflp+d2uTO2zs=');
  assert.equal(
    call(
      replay(),
      'encryptAES',
      '0123456789abcdef0123456789abcdefXYZ',
      'ünïcødé ✓ with more than sixteen bytes',
    ),
    'CzBVep/E6Q4zWH2ix+wRNvxzIYXESV5WBl8VxutKkRUvWz7PlFw7w9rMKVG1Hi+gZ1U9EKVlerX51Q8W7Dl0Ng==',
  );
  assert.equal(call(replay(), 'encryptAES', '', 'x'), 'CzBVep/E6Q4zWH2ix+wRNp+CmqDvm0Jr7ujFUIkep20=');
  assert.equal(real('encryptAES', 'k', ''), '');
});

test('decryptAES reads what Go encrypted', () => {
  assert.equal(
    real('decryptAES', 'secretkey', 'ZEASr0qgGAgNX5zLUBj1L7pEorNqdEhOXyyim8pHOGY='),
    'hello world',
  );
  assert.equal(
    real(
      'decryptAES',
      '0123456789abcdef0123456789abcdefXYZ',
      'DEaypx1+HLOfaeYlaJjsvxZNDU1PPT0rK0HEvvjAjjh0jodKZBcp7JQBaHxMFSAw',
    ),
    'exactly16bytes!!',
  );
  assert.equal(real('decryptAES', '', 'TUNUjD/cH0/vwPtqWTDzKX7nmbKLQE80mwnXtinpJmA='), 'ünïcødé ✓');
  assert.equal(real('decryptAES', 'k', ''), '');
  // base64 with an embedded newline is still accepted by Go's decoder
  assert.equal(
    real('decryptAES', 'secretkey', 'ZEASr0qgGAgNX5zLUBj1L7pE\norNqdEhOXyyim8pHOGY='),
    'hello world',
  );
});

test('encryptAES then decryptAES round-trips with real randomness', () => {
  const c = real('encryptAES', 'pw', 'some secret ✓') as string;
  assert.match(c, /^[A-Za-z0-9+/]+=*$/);
  assert.equal(real('decryptAES', 'pw', c), 'some secret ✓');
  assert.notEqual(real('encryptAES', 'pw', 'some secret ✓'), c);
});

test('decryptAES errors and runtime panics carry Go text', () => {
  const e = (c: string): string => errorOf(() => real('decryptAES', 'k', c));
  assert.equal(e('abc'), 'illegal base64 data at input byte 0');
  assert.equal(e('AAAA=AAA'), 'illegal base64 data at input byte 4');
  assert.equal(e('AA==AA'), 'illegal base64 data at input byte 4');
  assert.equal(e('A==='), 'illegal base64 data at input byte 1');
  assert.equal(e('AA='), 'illegal base64 data at input byte 3');
  assert.equal(e('ü'), 'illegal base64 data at input byte 0');
  assert.equal(e('YWJj'), 'runtime error: slice bounds out of range [:16] with capacity 3');
  assert.equal(e('AAAAAAAAAAAAAAAAAAAAAA=='), 'runtime error: index out of range [-1]');
  assert.equal(e('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='), 'crypto/cipher: input not full blocks');
  assert.equal(
    e('AAAAAAAAAAAAAAAAAAAAAEBpAZl0VbUNhCX1+0iZGqA='),
    'runtime error: slice bounds out of range [:-239]',
  );
});

test('bcrypt and htpasswd produce Go-identical hashes from the same salt bytes', () => {
  assert.equal(
    call(replay(), 'bcrypt', 'hello'),
    '$2a$10$Ax/Tcn9C4O2xUF0gv8uPLeGdgi4OkHZWCxCUsr9R8jClIE6BWOsjO',
  );
  assert.equal(
    call(replay(), 'bcrypt', 'a'.repeat(72)),
    '$2a$10$Ax/Tcn9C4O2xUF0gv8uPLeyi8SEbcpjfje3Mg6gMxq3LeTUwOgwOW',
  );
  assert.equal(
    call(replay(), 'bcrypt', 'pässwörd✓'),
    '$2a$10$Ax/Tcn9C4O2xUF0gv8uPLe9yBRWi57YvrmyL8IfxJl0B3moot7YCq',
  );
  assert.equal(
    call(replay(), 'bcrypt', 'a'.repeat(73)),
    'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes',
  );
  assert.equal(
    call(replay(), 'htpasswd', 'user', 'pass'),
    'user:$2a$10$Ax/Tcn9C4O2xUF0gv8uPLeU/Vx8yHDCQ2uj9c82QkVHgunP3ISCTC',
  );
  assert.equal(real('htpasswd', 'a:b', 'x'), 'invalid username: a:b');
  assert.match(real('bcrypt', 'x') as string, /^\$2a\$10\$[./A-Za-z0-9]{53}$/);
});

test('randBytes and uuidv4', () => {
  assert.equal(call(replay(), 'randBytes', int(8)), 'CzBVep/E6Q4=');
  assert.equal(real('randBytes', int(0)), '');
  assert.equal(Buffer.from(real('randBytes', int(33)) as string, 'base64').length, 33);
  assert.equal(
    errorOf(() => real('randBytes', int(-1))),
    'runtime error: makeslice: len out of range',
  );
  const u = real('uuidv4') as string;
  assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(real('uuidv4'), u);
});

test('genPrivateKey writes the PEM types Sprig writes', () => {
  const cases: [string, string, string][] = [
    ['rsa', 'RSA PRIVATE KEY', 'rsa'],
    ['', 'RSA PRIVATE KEY', 'rsa'],
    ['ecdsa', 'EC PRIVATE KEY', 'ec'],
    ['ed25519', 'PRIVATE KEY', 'ed25519'],
    ['dsa', 'DSA PRIVATE KEY', 'dsa'],
  ];
  for (const [typ, pemType, nodeType] of cases) {
    const pem = real('genPrivateKey', typ) as string;
    assert.ok(
      pem.startsWith(`-----BEGIN ${pemType}-----\n`) && pem.endsWith(`-----END ${pemType}-----\n`),
      pem,
    );
    for (const line of pem.split('\n').slice(1, -2)) assert.ok(line.length <= 64);
    const k = createPrivateKey(pem);
    assert.equal(k.asymmetricKeyType, nodeType);
    if (typ === 'rsa') assert.equal(k.asymmetricKeyDetails?.modulusLength, 4096);
    if (typ === 'ecdsa') assert.equal(k.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    if (typ === 'dsa') assert.deepEqual(k.asymmetricKeyDetails, { modulusLength: 2048, divisorLength: 256 });
  }
  assert.equal(real('genPrivateKey', 'foo'), 'Unknown type foo');
});

test('certificates from fixed keys are byte-identical to Go', () => {
  // Go: {{ $ca := genCAWithKey "Rudder Test CA" 3650 .edA }}{{ $ca.Cert }}
  //     {{ (genSelfSignedCertWithKey "self.example" (list "10.1.2.3" "2001:db8::1") (list "self.example" "*.self.example") 30 .edB).Cert }}
  //     {{ $leaf := genSignedCertWithKey "leaf.example" (list "127.0.0.1") (list "leaf.example") 90 $ca .edB }}{{ $leaf.Cert }}{{ $leaf.Key }}
  //     {{ $r := genSelfSignedCertWithKey "rsa" nil nil 1 .rsa }}{{ $r.Cert }}{{ $r.Key }}
  // Serial numbers and clock are taken from Go's certificates; ed25519 and RSA PKCS#1 v1.5
  // signatures are deterministic, so everything else must agree to the byte.
  const blocks = GO_CERTS.match(/-----BEGIN [A-Z ]+-----\n[\s\S]*?-----END [A-Z ]+-----\n/g)!;
  const certs = blocks.filter((b) => b.includes('CERTIFICATE')).map((b) => new X509Certificate(b));
  let n = 0;
  let cur = 0;
  const env: FuncEnv = {
    now: () => new Date(certs[cur]!.validFrom),
    randomBytes: () => {
      cur = n;
      return new Uint8Array(Buffer.from(certs[n++]!.serialNumber.padStart(32, '0'), 'hex'));
    },
  };
  const ca = call(env, 'genCAWithKey', 'Rudder Test CA', int(3650), ED_A) as Certificate;
  let out = ca.Cert;
  out += (
    call(
      env,
      'genSelfSignedCertWithKey',
      'self.example',
      list('10.1.2.3', '2001:db8::1'),
      list('self.example', '*.self.example'),
      int(30),
      ED_B,
    ) as Certificate
  ).Cert;
  const leaf = call(
    env,
    'genSignedCertWithKey',
    'leaf.example',
    list('127.0.0.1'),
    list('leaf.example'),
    int(90),
    ca,
    ED_B,
  ) as Certificate;
  out += leaf.Cert + leaf.Key;
  const r = call(env, 'genSelfSignedCertWithKey', 'rsa', null, null, int(1), RSA_PKCS8) as Certificate;
  out += r.Cert + r.Key;
  assert.equal(out, GO_CERTS);
  assert.equal(ca.Key, ED_A);
});

test('genCA and genSignedCert chains verify with openssl', () => {
  const ca = real('genCA', 'my-ca', int(365)) as Certificate;
  assert.ok(ca instanceof Certificate);
  assert.equal(ca.goType, 'sprig.certificate');
  const leaf = real(
    'genSignedCert',
    'svc.example',
    list('10.0.0.1', '::1', '::ffff:1.2.3.4'),
    list('a.example', 'b.example'),
    int(30),
    ca,
  ) as Certificate;
  assert.ok(leaf.Key.startsWith('-----BEGIN RSA PRIVATE KEY-----\n'));
  assert.equal(createPrivateKey(leaf.Key).asymmetricKeyDetails?.modulusLength, 2048);
  const v = openssl(['verify', '-CAfile', 'ca.pem', 'leaf.pem'], {
    'ca.pem': ca.Cert,
    'leaf.pem': leaf.Cert,
  });
  assert.equal(v.status, 0, v.out);
  assert.match(v.out, /leaf.pem: OK/);
  const c = new X509Certificate(leaf.Cert);
  assert.equal(c.subject, 'CN=svc.example');
  assert.equal(c.issuer, 'CN=my-ca');
  assert.equal(
    c.subjectAltName,
    'DNS:a.example, DNS:b.example, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:1.2.3.4',
  );
  assert.equal(c.ca, false);
  assert.ok(c.checkIssued(new X509Certificate(ca.Cert)));
  const days = (Date.parse(c.validTo) - Date.parse(c.validFrom)) / 86_400_000;
  assert.equal(days, 30);
  const text = openssl(['x509', '-in', 'leaf.pem', '-noout', '-text'], { 'leaf.pem': leaf.Cert }).out;
  assert.match(text, /X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
  assert.match(
    text,
    /X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication\n/,
  );
  assert.match(text, /X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/);
  assert.match(text, /X509v3 Authority Key Identifier: /);
  const caText = openssl(['x509', '-in', 'ca.pem', '-noout', '-text'], { 'ca.pem': ca.Cert }).out;
  assert.match(caText, /Digital Signature, Key Encipherment, Certificate Sign\n/);
  assert.match(caText, /CA:TRUE\n/);
  assert.match(caText, /X509v3 Subject Key Identifier: /);
  const ss = real('genSelfSignedCert', 'self', null, list('x.y'), int(10)) as Certificate;
  const sv = openssl(['verify', '-CAfile', 'ss.pem', 'ss.pem'], { 'ss.pem': ss.Cert });
  assert.equal(sv.status, 0, sv.out);
});

test('ECDSA and ed25519 keys sign certificates', () => {
  const ec = real('genCAWithKey', 'ec-ca', int(1), real('genPrivateKey', 'ecdsa')) as Certificate;
  const leaf = real(
    'genSignedCertWithKey',
    'leaf',
    null,
    null,
    int(1),
    ec,
    real('genPrivateKey', 'ed25519'),
  ) as Certificate;
  assert.ok(leaf.Key.startsWith('-----BEGIN PRIVATE KEY-----\n'));
  assert.ok(ec.Key.startsWith('-----BEGIN EC PRIVATE KEY-----\n'));
  const v = openssl(['verify', '-CAfile', 'ec.pem', 'leaf.pem'], {
    'ec.pem': ec.Cert,
    'leaf.pem': leaf.Cert,
  });
  assert.equal(v.status, 0, v.out);
  assert.match(
    openssl(['x509', '-in', 'ec.pem', '-noout', '-text'], { 'ec.pem': ec.Cert }).out,
    /Signature Algorithm: ecdsa-with-SHA256/,
  );
});

test('certificate errors carry Go text', () => {
  const k = (pem: string): string => errorOf(() => real('genCAWithKey', 'x', int(1), pem));
  assert.equal(k('junk'), 'parsing private key: no PEM data in input');
  assert.equal(
    k('-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n'),
    'parsing private key: no private key data in PEM block of type FOO',
  );
  assert.equal(
    k('-----BEGIN XX PRIVATE KEY-----\nAAAA\n-----END XX PRIVATE KEY-----\n'),
    'parsing private key: invalid private key type XX PRIVATE KEY',
  );
  const tail =
    '{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false}';
  assert.equal(
    k('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
    `parsing private key: decoding PEM as PKCS#8: asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0 isCompound:false}) ${tail} pkcs8 @2`,
  );
  assert.equal(
    k('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n'),
    `parsing private key: parsing RSA private key from PEM: asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0 isCompound:false}) ${tail} pkcs1PrivateKey @2`,
  );
  assert.equal(
    k('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n'),
    `parsing private key: parsing EC private key from PEM: x509: failed to parse EC private key: asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0 isCompound:false}) ${tail} ecPrivateKey @2`,
  );
  assert.equal(
    k(real('genPrivateKey', 'dsa') as string),
    'error creating certificate: x509: certificate private key does not implement crypto.Signer',
  );
  assert.equal(
    errorOf(() => real('genSelfSignedCert', 'x', list(int(1)), null, int(1))),
    'error parsing ip: 1 is not a string',
  );
  assert.equal(
    errorOf(() => real('genSelfSignedCert', 'x', list('1.2.3'), null, int(1))),
    'error parsing ip: 1.2.3',
  );
  assert.equal(
    errorOf(() => real('genSelfSignedCert', 'x', null, list(2.5), int(1))),
    'error processing alternate dns name: 2.5 is not a string',
  );
  assert.equal(
    errorOf(() => real('buildCustomCert', 'x', 'y')),
    'unable to decode base64 certificate',
  );
  assert.equal(
    errorOf(() => real('buildCustomCert', 'eHg=', 'y')),
    'unable to decode base64 private key',
  );
  assert.equal(
    errorOf(() => real('buildCustomCert', 'eHg=', 'eHg=')),
    'unable to decode certificate',
  );
  const b64 = (x: string): string => Buffer.from(x).toString('base64');
  const pemCert = (body: string): string =>
    b64(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`);
  assert.equal(
    errorOf(() => real('buildCustomCert', pemCert('AAAA'), b64(ED_A))),
    'error parsing certificate: decodedCert.Bytes: x509: malformed certificate',
  );
  assert.equal(
    errorOf(() => real('buildCustomCert', pemCert('MAMCAQE='), b64(ED_A))),
    'error parsing certificate: decodedCert.Bytes: x509: malformed tbs certificate',
  );
  const a = real('genCAWithKey', 'a', int(1), ED_A) as Certificate;
  const b = real('genCAWithKey', 'b', int(1), ED_B) as Certificate;
  const mixed = real(
    'buildCustomCert',
    Buffer.from(a.Cert).toString('base64'),
    Buffer.from(b.Key).toString('base64'),
  ) as Certificate;
  assert.equal(mixed.Cert, a.Cert);
  assert.equal(mixed.Key, b.Key);
  assert.equal(
    errorOf(() => real('genSignedCert', 'x', null, null, int(1), mixed)),
    "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey",
  );
});

test('IP SANs are parsed as net.ParseIP(..).To4() does', () => {
  // Go: net.ParseIP(s), then To4() when it is an IPv4 (or v4-mapped) address; nil when rejected.
  const cases: [string, string][] = [
    ['1.2.3.4', '01020304'],
    ['010.0.0.1', 'nil'],
    ['0.0.0.0', '00000000'],
    ['255.255.255.255', 'ffffffff'],
    ['256.1.1.1', 'nil'],
    ['1.2.3', 'nil'],
    ['1.2.3.4.5', 'nil'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['1::2', '00010000000000000000000000000002'],
    ['::ffff:1.2.3.4', '01020304'],
    ['::1.2.3.4', '00000000000000000000000001020304'],
    ['fe80::1%eth0', 'nil'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['1:2:3:4:5:6:7::8', 'nil'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
    ['12345::1', 'nil'],
    ['::ffff:0:1.2.3.4', '0000000000000000ffff000001020304'],
    ['1.2.3.04', 'nil'],
    ['0x1.2.3.4', 'nil'],
    ['ABCD::EF01', 'abcd000000000000000000000000ef01'],
    ['::ffff:ffff:ffff', 'ffffffff'],
    ['1:2::3:4:5:6:7', '00010002000000030004000500060007'],
    ['+1.2.3.4', 'nil'],
  ];
  for (const [s, want] of cases) {
    const b = parseIP(s);
    assert.equal(b ? Buffer.from(b).toString('hex') : 'nil', want, s);
  }
});
