// Chart provenance against the real helm v4.3.2 and GnuPG: keys made by gpg, charts signed by one
// tool and verified by the other (and by `gpg --verify`), the same signed body byte for byte and
// the same signature layout, and helm's exact output, errors and exit codes on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helmBinary, rudderBundle, type RunResult } from '../cli/support.js';
import { GnuPG, PASSPHRASE } from './gpg.js';

const work = mkdtempSync(join(tmpdir(), 'prov-work-'));
const gpg = new GnuPG();
const KEYS = [
  { uid: 'Rsa Signer <rsa@example.com>', algo: 'rsa2048' },
  { uid: 'Ed Signer <ed@example.com>', algo: 'ed25519' },
  { uid: 'Nist Signer <nist@example.com>', algo: 'nistp256', passphrase: PASSPHRASE },
  { uid: 'Locked Signer <locked@example.com>', algo: 'rsa2048', passphrase: PASSPHRASE },
];
for (const k of KEYS) gpg.generate(k);
// Created in 2020, expired a day later: helm signs with it happily, verification refuses it.
gpg.generate({
  uid: 'Old Signer <old@example.com>',
  algo: 'ed25519',
  fakedTime: '20200101T000000',
  expire: '1d',
});
const ring = gpg.exportTo(work);
const env = cleanEnv({ GNUPGHOME: gpg.home, SOURCE_DATE_EPOCH: '1700000000' });
writeFileSync(join(work, 'pass.txt'), `${PASSPHRASE}\nsecond line\n`);

function run(bin: 'helm' | 'rudder', args: string[], cwd = work, input?: string): RunResult {
  const [cmd, pre] = bin === 'helm' ? [helmBinary(), []] : [process.execPath, [rudderBundle()]];
  // Input goes through a real pipe (sh), as `echo pass | helm …` gives it: Node's own stdin
  // pipes are sockets, which helm refuses for --passphrase-file -.
  const r =
    input === undefined
      ? spawnSync(cmd, [...pre, ...args], { env, cwd, encoding: 'utf8', timeout: 60_000 })
      : spawnSync('sh', ['-c', 'printf "%s" "$IN" | "$@"', 'sh', cmd, ...pre, ...args], {
          env: { ...env, IN: input },
          cwd,
          encoding: 'utf8',
          timeout: 60_000,
        });
  const norm = (s: string): string => (bin === 'rudder' ? s.replaceAll('rudder', 'helm') : s);
  return { stdout: norm(r.stdout), stderr: norm(r.stderr), code: r.status ?? -1 };
}

/** Runs both tools; their stdout, stderr and exit code must be equal. Returns helm's result. */
function same(args: string[], what: string, cwd = work, input?: string): RunResult {
  const h = run('helm', args, cwd, input);
  const r = run('rudder', args, cwd, input);
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.code, h.code, `${what}: exit code`);
  return h;
}

run('helm', ['create', 'mychart']);

/** Packages and signs with `bin` into a fresh directory; returns the archive path. */
function signWith(bin: 'helm' | 'rudder', uid: string, extra: string[] = []): string {
  const out = mkdtempSync(join(work, `${bin}-`));
  const args = ['package', 'mychart', '-d', out, '--sign', '--key', uid, '--keyring', ring.sec, ...extra];
  const r = run(bin, args);
  assert.equal(r.code, 0, `${bin} package --sign ${uid}: ${r.stderr}`);
  return join(out, 'mychart-0.1.0.tgz');
}

const bodyOf = (prov: string): string => prov.slice(0, prov.indexOf('-----BEGIN PGP SIGNATURE-----'));

/** The lengths of the signature's armor lines. */
function armorShape(archive: string): string {
  const prov = readFileSync(`${archive}.prov`, 'utf8');
  const armored = prov.slice(prov.indexOf('-----BEGIN PGP SIGNATURE-----'));
  return armored
    .split('\n')
    .map((l) => l.length)
    .join(',');
}

/** gpg's view of the signature packet without its time, salt and values. */
function sigLayout(provPath: string): string[] {
  const prov = readFileSync(provPath, 'utf8');
  const armored = prov.slice(prov.indexOf('-----BEGIN PGP SIGNATURE-----'));
  const b64 = armored
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('-----'))
    .join('');
  const bin = Buffer.from(b64, 'base64');
  const listing = spawnSync('gpg', ['--list-packets', '-v'], {
    input: bin,
    env: { ...process.env, GNUPGHOME: gpg.home },
  });
  return listing.stdout
    .toString()
    .split('\n')
    .filter((l) => !/^\s*data:|^# off=/.test(l))
    .map((l) => l.replace(/created \d+|sig created [\d-]+|begin of digest \w+ \w+/g, '<time>'));
}

for (const k of KEYS) {
  const extra = k.passphrase ? ['--passphrase-file', join(work, 'pass.txt')] : [];
  test(`${k.algo}${k.passphrase ? ' (protected)' : ''}: each tool verifies what the other signed, gpg too`, () => {
    const byHelm = signWith('helm', k.uid, extra);
    // Signatures are salted, and an EC value with leading zero bits is shorter: the armor's line
    // lengths vary from one signing to the next, and gpg 2.2's acceptance depends on them (below).
    // Sign again until rudder's armor has the shape of helm's, so that gpg sees the same layout.
    let byRudder = signWith('rudder', k.uid, extra);
    for (let i = 0; i < 30 && armorShape(byRudder) !== armorShape(byHelm); i++)
      byRudder = signWith('rudder', k.uid, extra);
    assert.equal(armorShape(byRudder), armorShape(byHelm), 'armor line lengths');
    // Same archive bytes (SOURCE_DATE_EPOCH), same signed body, same signature layout.
    assert.deepEqual(readFileSync(byRudder), readFileSync(byHelm));
    const hp = readFileSync(`${byHelm}.prov`, 'utf8');
    const rp = readFileSync(`${byRudder}.prov`, 'utf8');
    assert.equal(bodyOf(rp), bodyOf(hp));
    assert.deepEqual(sigLayout(`${byRudder}.prov`), sigLayout(`${byHelm}.prov`));
    for (const archive of [byHelm, byRudder]) {
      const h = same(['verify', '--keyring', ring.pub, archive], `verify ${archive}`);
      assert.equal(h.code, 0);
      assert.match(
        h.stdout,
        new RegExp(
          `^Signed by: ${k.uid}\nUsing Key With Fingerprint: [0-9A-F]{40}\nChart Hash Verified: sha256:[0-9a-f]{64}\n$`,
        ),
      );
    }
    // gpg accepts rudder's .prov exactly when it accepts helm's (gpg 2.2 stumbles on a short
    // signature whose last armor line is followed directly by the END line, for both tools).
    const gh = gpg.run(['--verify', `${byHelm}.prov`]);
    const gr = gpg.run(['--verify', `${byRudder}.prov`]);
    assert.equal(gr.code, gh.code, `gpg --verify: ${gr.stderr}`);
    if (gh.code === 0) assert.match(gr.stderr, /Good signature from/);
    if (k.algo.startsWith('rsa')) assert.equal(gr.code, 0, gr.stderr);
  });
}

test('keyring formats: legacy, armored, concatenated armor, GnuPG keybox', () => {
  const archive = signWith('rudder', KEYS[0]!.uid);
  const cat = join(work, 'cat.asc');
  writeFileSync(cat, gpg.must(['--armor', '--export', KEYS[1]!.uid]));
  appendFileSync(cat, readFileSync(ring.asc));
  for (const keyring of [ring.pub, ring.asc, join(gpg.home, 'pubring.kbx')]) {
    const h = same(['verify', '--keyring', keyring, archive], `verify with ${keyring}`);
    assert.equal(h.code, 0, h.stderr);
  }
  // Helm reads each armored block through a fresh 100-octet bufio.Reader and loses what it read
  // ahead, so a key in a later block may go unseen: Rudder reads the same blocks (both directions).
  const rsaLast = same(['verify', '--keyring', cat, archive], 'concatenated armor, signer second');
  const edFirst = signWith('rudder', KEYS[1]!.uid);
  assert.equal(same(['verify', '--keyring', cat, edFirst], 'concatenated armor, signer first').code, 0);
  assert.match(rsaLast.stdout + rsaLast.stderr, /Signed by|unknown entity/);
  // The default keyring: pubring.kbx in GNUPGHOME (no pubring.gpg there).
  assert.equal(same(['verify', archive], 'default keyring').code, 0);
});

test('verification failures: helm errors and exit codes', () => {
  const archive = signWith('helm', KEYS[0]!.uid);
  const dir = join(archive, '..');
  const cases: Array<[string, () => string[]]> = [
    [
      'tampered archive',
      () => {
        const t = join(mkdtempSync(join(work, 'tamper-')), 'mychart-0.1.0.tgz');
        copyFileSync(archive, t);
        copyFileSync(`${archive}.prov`, `${t}.prov`);
        appendFileSync(t, 'x');
        return ['verify', '--keyring', ring.pub, t];
      },
    ],
    [
      'tampered body',
      () => {
        const t = join(mkdtempSync(join(work, 'body-')), 'mychart-0.1.0.tgz');
        copyFileSync(archive, t);
        writeFileSync(
          `${t}.prov`,
          readFileSync(`${archive}.prov`, 'utf8').replace('name: mychart', 'name: evil'),
        );
        return ['verify', '--keyring', ring.pub, t];
      },
    ],
    [
      'unknown signer',
      () => {
        const other = mkdtempSync(join(work, 'other-'));
        return ['verify', '--keyring', gpg.exportTo(other, [KEYS[1]!.uid]).pub, archive];
      },
    ],
    [
      'missing .prov',
      () => {
        const t = join(mkdtempSync(join(work, 'noprov-')), 'mychart-0.1.0.tgz');
        copyFileSync(archive, t);
        return ['verify', '--keyring', ring.pub, t];
      },
    ],
    [
      'broken armor',
      () => {
        const t = join(mkdtempSync(join(work, 'armor-')), 'mychart-0.1.0.tgz');
        copyFileSync(archive, t);
        const p = readFileSync(`${archive}.prov`, 'utf8').split('\n');
        const i = p.indexOf('-----BEGIN PGP SIGNATURE-----') + 2;
        p[i] = `${p[i]!.slice(0, 10)}!${p[i]!.slice(11)}`;
        writeFileSync(`${t}.prov`, p.join('\n'));
        return ['verify', '--keyring', ring.pub, t];
      },
    ],
    [
      'no signature block',
      () => {
        const t = join(mkdtempSync(join(work, 'nosig-')), 'mychart-0.1.0.tgz');
        copyFileSync(archive, t);
        writeFileSync(`${t}.prov`, bodyOf(readFileSync(`${archive}.prov`, 'utf8')));
        return ['verify', '--keyring', ring.pub, t];
      },
    ],
    ['a directory', () => ['verify', '--keyring', ring.pub, 'mychart']],
    ['not a .tgz', () => ['verify', '--keyring', ring.pub, join(work, 'pass.txt')]],
    ['no such chart', () => ['verify', '--keyring', ring.pub, 'nope.tgz']],
    ['no such keyring', () => ['verify', '--keyring', join(work, 'nope.gpg'), archive]],
    [
      'garbage keyring',
      () => {
        const g = join(work, 'garbage.gpg');
        writeFileSync(g, Buffer.from('this is not a keyring at all'));
        return ['verify', '--keyring', g, archive];
      },
    ],
    [
      'truncated keyring',
      () => {
        const g = join(work, 'truncated.gpg');
        writeFileSync(g, readFileSync(ring.pub).subarray(0, 100));
        return ['verify', '--keyring', g, archive];
      },
    ],
    [
      'armored signature as keyring',
      () => {
        const g = join(work, 'sig.asc');
        const p = readFileSync(`${archive}.prov`, 'utf8');
        writeFileSync(g, p.slice(p.indexOf('-----BEGIN PGP SIGNATURE-----')));
        return ['verify', '--keyring', g, archive];
      },
    ],
  ];
  for (const [what, args] of cases) {
    const h = same(args(), what);
    assert.notEqual(h.code, 0, `${what} must fail`);
  }
  assert.equal(dir.length > 0, true);
});

test('an expired key: helm signs with it, both refuse it on verification', () => {
  const archive = signWith('helm', 'Old Signer');
  const h = same(['verify', '--keyring', ring.pub, archive], 'expired key');
  assert.match(h.stderr, /openpgp: key expired/);
  const r = signWith('rudder', 'Old Signer');
  assert.match(
    same(['verify', '--keyring', ring.pub, r], 'expired key (rudder signed)').stderr,
    /key expired/,
  );
});

test('signing failures: helm errors, outputs and exit codes', () => {
  const locked = KEYS[3]!.uid;
  const out = (n: string): string => {
    const d = join(work, `fail-${n}`);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const cases: Array<[string, string[], string?]> = [
    ['no such key', ['--key', 'Nobody', '--keyring', ring.sec]],
    ['vague key', ['--key', 'Signer', '--keyring', ring.sec]],
    ['public keyring', ['--key', KEYS[0]!.uid, '--keyring', ring.pub]],
    ['no such keyring', ['--key', KEYS[0]!.uid, '--keyring', join(work, 'nope.gpg')]],
    ['wrong passphrase', ['--key', locked, '--keyring', ring.sec, '--passphrase-file', ring.pub]],
    ['no passphrase file', ['--key', locked, '--keyring', ring.sec, '--passphrase-file', join(work, 'nope')]],
    ['protected key, no terminal', ['--key', locked, '--keyring', ring.sec]],
    [
      'passphrase on stdin',
      ['--key', locked, '--keyring', ring.sec, '--passphrase-file', '-'],
      `${PASSPHRASE}\n`,
    ],
    ['empty key', ['--key', '', '--keyring', ring.sec]],
  ];
  for (const [what, flags, input] of cases) {
    const d = out(what.replaceAll(' ', '-'));
    const h = same(['package', 'mychart', '-d', d, '--sign', ...flags], what, work, input);
    if (what === 'passphrase on stdin') assert.equal(h.code, 0, h.stderr);
    else assert.notEqual(h.code, 0, `${what} must fail`);
  }
});

test('hostile keyrings and signatures fail fast with bounded memory', () => {
  const archive = signWith('rudder', KEYS[1]!.uid);
  const big = join(work, 'big.gpg');
  // 8 MiB of one huge old-format packet of indeterminate length, then nested partial lengths.
  writeFileSync(big, Buffer.concat([Buffer.from([0x99, 0xff, 0xff]), Buffer.alloc(8 << 20, 0x41)]));
  const partial = join(work, 'partial.gpg');
  const chunks: Buffer[] = [Buffer.from([0xc6])];
  for (let i = 0; i < 20000; i++) chunks.push(Buffer.from([0xe0]), Buffer.from([0x04]));
  writeFileSync(partial, Buffer.concat(chunks));
  for (const k of [big, partial]) {
    const t0 = Date.now();
    const r = run('rudder', ['verify', '--keyring', k, archive]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^Error: failed to load keyring: /);
    assert.ok(Date.now() - t0 < 20_000, `${k} took too long`);
  }
});
