// Random and generated template functions, checked by property through real templates
// (newHelmTemplate with the real clock and CSPRNG): random string lengths and alphabets,
// uuidv4, shuffle, randInt, randBytes; bcrypt/htpasswd verified by the system crypt(3) (via
// Python's crypt module, independent of our bcrypt); keys and certificates parsed and
// verified by openssl; encryptAES ciphertexts decrypted by the Go oracle, and Go's decrypted by us.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { newHelmTemplate } from '../../src/render/engine.js';
import { decodeData, runOracle } from '../support/oracle.js';

/** Renders `tpl` (optionally with typed data, README encoding) through Helm's function map. */
function render(tpl: string, data: unknown = null): string {
  return newHelmTemplate().parse(tpl).execute(decodeData(data));
}

/** Renders in Go (oracle, helm mode). */
function renderGo(tpl: string, data: unknown = null): string {
  const r = runOracle([{ name: 'nd', mode: 'helm', tname: 'gotpl', tpl, data, missingkey: 'zero' }])[0]!;
  if (r.out === undefined) throw new Error(`Go failed: ${r.err ?? r.panic ?? r.bad}`);
  return r.out;
}

const work = mkdtempSync(join(tmpdir(), 'rudder-nd-'));
after(() => rmSync(work, { recursive: true, force: true }));
let fileNo = 0;
function file(content: string): string {
  const p = join(work, `f${fileNo++}.pem`);
  writeFileSync(p, content);
  return p;
}

function run(
  cmd: string,
  args: string[],
  input?: string,
): { status: number | null; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}
function openssl(...args: string[]): string {
  const r = run('openssl', args);
  assert.equal(r.status, 0, `openssl ${args.join(' ')} failed: ${r.err}`);
  return r.out;
}

const SEP = '\u0001';

// ---- random strings ------------------------------------------------------------------------

test('randAlpha, randAlphaNum, randNumeric and randAscii: lengths and alphabets', () => {
  const alphabets: [string, RegExp][] = [
    ['randAlpha', /^[A-Za-z]*$/],
    ['randAlphaNum', /^[A-Za-z0-9]*$/],
    ['randNumeric', /^[0-9]*$/],
    ['randAscii', /^[\x20-\x7e]*$/],
  ];
  for (const [fn, re] of alphabets) {
    for (const n of [0, 1, 5, 64, 1000]) {
      const s = render(`{{ ${fn} ${n} }}`);
      assert.equal(s.length, n, `${fn} ${n} length`);
      assert.match(s, re, `${fn} ${n} alphabet`);
      assert.equal(render(`{{ ${fn} ${n} | len }}`), String(n), `${fn} ${n}: len counts bytes`);
    }
    // Over many draws every class of the alphabet shows up.
    const big = render(`{{ ${fn} 4000 }}`);
    if (fn !== 'randNumeric') assert.match(big, /[a-z]/, `${fn} has lower case`);
    if (fn !== 'randNumeric') assert.match(big, /[A-Z]/, `${fn} has upper case`);
    if (fn === 'randAlphaNum' || fn === 'randNumeric' || fn === 'randAscii')
      assert.match(big, /[0-9]/, `${fn} has digits`);
    if (fn === 'randAscii') assert.match(big, /[ !-/:-@[-`{-~]/, 'randAscii has punctuation');
    assert.notEqual(render(`{{ ${fn} 32 }}`), render(`{{ ${fn} 32 }}`), `${fn} differs between calls`);
  }
});

test('random strings: negative and non-int lengths fail as in Go', () => {
  for (const fn of ['randAlpha', 'randAlphaNum', 'randNumeric', 'randAscii']) {
    const tpl = `{{ ${fn} -1 }}`;
    const go = runOracle([{ name: 'x', mode: 'helm', tname: 'gotpl', tpl, missingkey: 'zero' }])[0]!;
    let ours: string;
    try {
      ours = `out ${render(tpl)}`;
    } catch (e) {
      ours = `err ${(e as Error).message}`;
    }
    assert.equal(ours, go.out !== undefined ? `out ${go.out}` : `err ${go.err}`, tpl);
    assert.throws(
      () => render(`{{ ${fn} .n }}`, { n: 3 }),
      /wrong type for value; expected int; got float64/,
    );
  }
});

test('uuidv4: RFC 4122 version 4 format, unique', () => {
  const seen = new Set<string>();
  for (const u of render('{{ range until 200 }}{{ uuidv4 }} {{ end }}').trim().split(' ')) {
    assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(u);
  }
  assert.equal(seen.size, 200);
});

test('shuffle: a permutation of the runes', () => {
  const sortRunes = (s: string): string => [...s].sort().join('');
  for (const input of ['abcdefghij', 'héllo wörld 😀', 'aaaa', '', 'x']) {
    const outs = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const out = render('{{ shuffle .s }}', { s: input });
      assert.equal(sortRunes(out), sortRunes(input), `shuffle ${input}`);
      outs.add(out);
    }
    if (new Set(input).size > 3) assert.ok(outs.size > 1, `shuffle ${input} never changes the order`);
  }
});

test('randInt: within [min, max), int typed, covering the range', () => {
  const vals = render('{{ range until 500 }}{{ randInt -3 4 }} {{ end }}').trim().split(' ').map(Number);
  for (const v of vals) assert.ok(Number.isInteger(v) && v >= -3 && v < 4, `randInt -3 4 gave ${v}`);
  assert.deepEqual(
    [...new Set(vals)].sort((a, b) => a - b),
    [-3, -2, -1, 0, 1, 2, 3],
  );
  assert.equal(render('{{ randInt 0 1 }} {{ randInt 0 1 | typeOf }}'), '0 int');
  assert.throws(() => render('{{ randInt 5 5 }}'), /error calling randInt: invalid argument to Intn/);
  assert.throws(() => render('{{ randInt 5 1 }}'), /error calling randInt: invalid argument to Intn/);
});

test('randBytes: base64 of n random bytes', () => {
  for (const n of [0, 1, 16, 33]) {
    const s = render(`{{ randBytes ${n} }}`);
    assert.match(s, /^[A-Za-z0-9+/]*={0,2}$/);
    assert.equal(Buffer.from(s, 'base64').length, n);
    assert.equal(
      renderGo(`{{ randBytes ${n} | len }}`),
      String(s.length),
      `same encoded length as Go for ${n}`,
    );
  }
  assert.notEqual(render('{{ randBytes 16 }}'), render('{{ randBytes 16 }}'));
});

// ---- bcrypt / htpasswd ---------------------------------------------------------------------

/** crypt(3) of the system (libxcrypt), through Python: verifies a bcrypt hash independently. */
function cryptVerify(password: string, hash: string): boolean {
  const py = 'import crypt,sys\npw,h=sys.stdin.read().split("\\0")\nprint(crypt.crypt(pw,h)==h)';
  const r = run('python3', ['-W', 'ignore', '-c', py], `${password}\0${hash}`);
  assert.equal(r.status, 0, `python3 crypt failed: ${r.err}`);
  return r.out.trim() === 'True';
}

test('bcrypt: $2a$10$ hashes that crypt(3) verifies', () => {
  for (const pw of ['secret', 'pässwörd 😀', '']) {
    const h = render('{{ bcrypt .pw }}', { pw });
    assert.match(h, /^\$2a\$10\$[./A-Za-z0-9]{53}$/, h);
    assert.ok(cryptVerify(pw, h), `bcrypt of ${JSON.stringify(pw)} does not verify`);
    assert.ok(!cryptVerify(`${pw}x`, h), 'a wrong password verifies');
  }
  assert.notEqual(render('{{ bcrypt "a" }}'), render('{{ bcrypt "a" }}'), 'salted');
});

test('htpasswd: user:bcrypt lines that crypt(3) verifies; a colon in the user is refused', () => {
  const line = render('{{ htpasswd "admin" "s3cret" }}');
  const [user, hash, ...rest] = line.split(':');
  assert.equal(user, 'admin');
  assert.equal(rest.length, 0);
  assert.match(hash!, /^\$2a\$10\$/);
  assert.ok(cryptVerify('s3cret', hash!));
  const bad = render('{{ htpasswd "a:b" "pw" }}');
  assert.equal(bad, renderGo('{{ htpasswd "a:b" "pw" }}'));
});

// ---- keys and certificates -----------------------------------------------------------------

test('genPrivateKey: every type parses with openssl pkey', () => {
  const expect: Record<string, [RegExp, RegExp]> = {
    rsa: [/^-----BEGIN RSA PRIVATE KEY-----\n/, /Private-Key: \(4096 bit/],
    ecdsa: [/^-----BEGIN EC PRIVATE KEY-----\n/, /Private-Key: \(256 bit[\s\S]*prime256v1|P-256/],
    ed25519: [/^-----BEGIN PRIVATE KEY-----\n/, /ED25519 Private-Key/],
    dsa: [/^-----BEGIN DSA PRIVATE KEY-----\n/, /Private-Key: \(2048 bit/],
  };
  for (const [type, [pem, text]] of Object.entries(expect)) {
    const key = render(`{{ genPrivateKey "${type}" }}`);
    assert.match(key, pem, `${type} PEM block`);
    assert.ok(key.endsWith('-----\n'), `${type} ends with a newline`);
    assert.match(openssl('pkey', '-in', file(key), '-noout', '-text'), text, type);
  }
  assert.equal(render('{{ genPrivateKey "rsa2" }}'), renderGo('{{ genPrivateKey "rsa2" }}'));
});

/** The PEMs of a template printing several values separated by SEP. */
function pems(tpl: string): string[] {
  return render(tpl).split(SEP);
}

function certText(pem: string): string {
  return openssl('x509', '-in', file(pem), '-noout', '-text');
}

/** The certificate's public key equals the private key's. */
function assertKeyMatches(cert: string, key: string): void {
  const a = openssl('x509', '-in', file(cert), '-noout', '-pubkey');
  const b = openssl('pkey', '-in', file(key), '-pubout');
  assert.equal(a, b, 'certificate and key do not match');
}

function validityDays(text: string): number {
  const nb = /Not Before: (.*)/.exec(text)![1]!;
  const na = /Not After : (.*)/.exec(text)![1]!;
  return Math.round((Date.parse(na) - Date.parse(nb)) / 86400000);
}

test('genCA: a self-signed CA that openssl verifies', () => {
  const [cert, key] = pems(`{{ $ca := genCA "rudder-ca" 365 }}{{ $ca.Cert }}${SEP}{{ $ca.Key }}`);
  const text = certText(cert!);
  assert.match(text, /Subject: CN ?= ?rudder-ca/);
  assert.match(text, /Issuer: CN ?= ?rudder-ca/);
  assert.match(text, /CA:TRUE/);
  assert.match(text, /Certificate Sign/);
  assert.equal(validityDays(text), 365);
  assert.match(key!, /^-----BEGIN RSA PRIVATE KEY-----/);
  assertKeyMatches(cert!, key!);
  openssl('verify', '-CAfile', file(cert!), file(cert!));
});

test('genSelfSignedCert: CN, IP and DNS SANs, validity, matching key', () => {
  const [cert, key] = pems(
    `{{ $c := genSelfSignedCert "svc.example" (list "10.1.2.3" "::1") (list "a.example" "b.example") 30 }}{{ $c.Cert }}${SEP}{{ $c.Key }}`,
  );
  const text = certText(cert!);
  assert.match(text, /Subject: CN ?= ?svc\.example/);
  assert.match(text, /DNS:a\.example/);
  assert.match(text, /DNS:b\.example/);
  assert.match(text, /IP Address:10\.1\.2\.3/);
  assert.match(text, /IP Address:0:0:0:0:0:0:0:1/);
  assert.equal(validityDays(text), 30);
  assert.match(text, /TLS Web Server Authentication/);
  assertKeyMatches(cert!, key!);
});

test('genSelfSignedCert: a bad IP fails as in Go', () => {
  const tpl = '{{ genSelfSignedCert "x" (list "not-an-ip") nil 1 }}';
  const go = runOracle([{ name: 'x', mode: 'helm', tname: 'gotpl', tpl, missingkey: 'zero' }])[0]!;
  assert.ok(go.err !== undefined, 'Go fails');
  assert.throws(
    () => render(tpl),
    (e: Error) => e.message === go.err,
  );
});

test('genSignedCert: signed by genCA, verified by openssl', () => {
  const [ca, cert, key] = pems(
    `{{ $ca := genCA "root" 10 }}{{ $c := genSignedCert "leaf" (list "192.168.0.1") (list "leaf.local") 5 $ca }}{{ $ca.Cert }}${SEP}{{ $c.Cert }}${SEP}{{ $c.Key }}`,
  );
  const text = certText(cert!);
  assert.match(text, /Subject: CN ?= ?leaf/);
  assert.match(text, /Issuer: CN ?= ?root/);
  assert.match(text, /DNS:leaf\.local/);
  assert.match(text, /IP Address:192\.168\.0\.1/);
  assert.equal(validityDays(text), 5);
  assertKeyMatches(cert!, key!);
  assert.match(openssl('verify', '-CAfile', file(ca!), file(cert!)), /: OK/);
  // and not by another CA
  const [other] = pems('{{ (genCA "root" 10).Cert }}');
  const r = run('openssl', ['verify', '-CAfile', file(other!), file(cert!)]);
  assert.notEqual(r.status, 0, 'verified by an unrelated CA');
});

test('the *WithKey variants use the given key (rsa, ecdsa, ed25519)', () => {
  for (const type of ['rsa', 'ecdsa', 'ed25519']) {
    const [caCert, caKey, leafCert, leafKey, ss, ssKey] = pems(
      `{{ $k := genPrivateKey "${type}" }}{{ $k2 := genPrivateKey "${type}" }}` +
        `{{ $ca := genCAWithKey "ca-${type}" 3 $k }}` +
        `{{ $c := genSignedCertWithKey "leaf" nil (list "x.example") 2 $ca $k2 }}` +
        `{{ $s := genSelfSignedCertWithKey "self" nil nil 1 $k }}` +
        `{{ $ca.Cert }}${SEP}{{ $ca.Key }}${SEP}{{ $c.Cert }}${SEP}{{ $c.Key }}${SEP}{{ $s.Cert }}${SEP}{{ $s.Key }}`,
    );
    assertKeyMatches(caCert!, caKey!);
    assertKeyMatches(leafCert!, leafKey!);
    assertKeyMatches(ss!, ssKey!);
    assert.match(openssl('verify', '-CAfile', file(caCert!), file(leafCert!)), /: OK/, type);
    // the CA's key is the one passed in
    const k = render(
      `{{ $k := genPrivateKey "${type}" }}{{ $k }}${SEP}{{ (genCAWithKey "c" 1 $k).Key }}`,
    ).split(SEP);
    assert.equal(
      openssl('pkey', '-in', file(k[0]!), '-pubout'),
      openssl('pkey', '-in', file(k[1]!), '-pubout'),
      type,
    );
  }
});

test('buildCustomCert: rebuilds a certificate from base64 PEMs', () => {
  const [cert, key] = pems(
    `{{ $ca := genCA "c" 1 }}{{ $b := buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc) }}{{ $b.Cert }}${SEP}{{ $b.Key }}`,
  );
  assertKeyMatches(cert!, key!);
  assert.match(certText(cert!), /Subject: CN ?= ?c/);
});

// ---- AES -----------------------------------------------------------------------------------

test('encryptAES: our ciphertexts are decrypted by Go', () => {
  const inputs = [
    ['key', 'hello'],
    ['', 'empty key'],
    ['a-password-longer-than-thirty-two-bytes!!', 'x'],
    ['ключ', 'héllo 😀\nline2'],
    ['k', '0123456789abcdef'],
    ['k', 'a'.repeat(1000)],
  ] as const;
  for (const [key, text] of inputs) {
    const ct = render('{{ encryptAES .k .t }}', { k: key, t: text });
    assert.match(ct, /^[A-Za-z0-9+/]+=*$/);
    assert.equal(
      Buffer.from(ct, 'base64').length,
      16 * (Math.floor(Buffer.byteLength(text) / 16) + 2),
      'IV + padded blocks',
    );
    assert.equal(
      renderGo('{{ decryptAES .k .c }}', { k: key, c: ct }),
      text,
      `Go decrypts ${JSON.stringify(text)}`,
    );
  }
  assert.notEqual(render('{{ encryptAES "k" "same" }}'), render('{{ encryptAES "k" "same" }}'), 'random IV');
});

test("decryptAES: Go's ciphertexts are decrypted by us", () => {
  for (const [key, text] of [
    ['secret', 'from go'],
    ['', 'x'],
    ['long-long-long-long-long-long-long-key', 'ünïcödé\ttabs'],
    ['k', 'exactly16bytes!!'],
  ] as const) {
    const ct = renderGo('{{ encryptAES .k .t }}', { k: key, t: text });
    assert.equal(render('{{ decryptAES .k .c }}', { k: key, c: ct }), text);
  }
});

test('decryptAES with the wrong key fails or garbles, as in Go', () => {
  const ct = renderGo('{{ encryptAES "right" "payload" }}');
  const tpl = '{{ decryptAES "wrong" .c }}';
  const go = runOracle([
    { name: 'x', mode: 'helm', tname: 'gotpl', tpl, data: { c: ct }, missingkey: 'zero' },
  ])[0]!;
  let ours: string;
  try {
    ours = `out ${render(tpl, { c: ct })}`;
  } catch (e) {
    ours = `err ${(e as Error).message}`;
  }
  if (go.err !== undefined) assert.equal(ours, `err ${go.err}`);
  else assert.ok(ours.startsWith('out ') && ours !== 'out payload');
});

// ---- time-based ----------------------------------------------------------------------------

test('now, ago and date of a non-time use the clock', () => {
  const year = String(new Date().getUTCFullYear());
  assert.equal(render('{{ now | typeOf }}'), 'time.Time');
  assert.match(
    render('{{ now | date "2006" }}'),
    new RegExp(`^(${year}|${Number(year) - 1}|${Number(year) + 1})$`),
  );
  assert.match(render('{{ date "2006" 1.5 }}'), /^\d{4}$/);
  assert.equal(render('{{ ago now }}'), '0s');
  assert.match(render('{{ now | unixEpoch }}'), /^\d{10}$/);
  const t0 = Math.floor(Date.now() / 1000);
  const n = Number(render('{{ now | unixEpoch }}'));
  assert.ok(Math.abs(n - t0) <= 2, `now is ${n}, clock ${t0}`);
});
