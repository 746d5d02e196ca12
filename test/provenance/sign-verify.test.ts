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

/** The signature's base64 text, without the armor lines. */
function armorBase64(archive: string): string {
  const prov = readFileSync(`${archive}.prov`, 'utf8');
  return prov
    .slice(prov.indexOf('-----BEGIN PGP SIGNATURE-----'))
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('-----'))
    .join('');
}

/**
 * Whether the signature's base64 ends in '=' padding (its length is not a multiple of 3 octets).
 * Neither tool writes a CRC line, and gpg 2.2 stops reading base64 only at a '=' (or a CRC):
 * without one it reads on into "-----END PGP SIGNATURE-----", skips the dashes, decodes
 * "ENDPGPSIGNATURE" as a bogus packet (ctb=10) and exits 2 after "Good signature". Adding a CRC
 * line to such a file makes gpg accept it, so this, not the line lengths, decides its verdict.
 */
const padded = (archive: string): boolean => armorBase64(archive).endsWith('=');
/** The gpg whose armor reading `padded` describes (2.2.40 checked; later ones may see the END line). */
const GPG_22 = /^gpg \(GnuPG\) 2\.2\./.test(gpg.must(['--version']).toString());

/** The lengths of the signature's armor lines, and whether its base64 is padded. */
function armorShape(archive: string): string {
  const prov = readFileSync(`${archive}.prov`, 'utf8');
  const armored = prov.slice(prov.indexOf('-----BEGIN PGP SIGNATURE-----'));
  const lengths = armored
    .split('\n')
    .map((l) => l.length)
    .join(',');
  return `${lengths} ${padded(archive) ? 'padded' : 'unpadded'}`;
}

/**
 * Signs with both tools until their signatures have the same armor shape. Signatures are salted,
 * and an EC (or, rarely, RSA) value with leading zero bits is an octet shorter, which can flip the
 * padding without changing the line lengths (188 and 189 octets are both 64,64,64,60 characters).
 * One tool's rare shape (a nistp256 signature is short 1 time in 128) may take the other many
 * tries, so both sign again each round and any shape seen from both ends the search.
 */
function signBothAlike(uid: string, extra: string[]): { byHelm: string; byRudder: string } {
  const seen = { helm: new Map<string, string>(), rudder: new Map<string, string>() };
  for (let round = 0; round < 12; round++) {
    for (const bin of ['helm', 'rudder'] as const) {
      const archive = signWith(bin, uid, extra);
      const shape = armorShape(archive);
      if (!seen[bin].has(shape)) seen[bin].set(shape, archive);
      const other = seen[bin === 'helm' ? 'rudder' : 'helm'].get(shape);
      if (other !== undefined)
        return bin === 'helm' ? { byHelm: archive, byRudder: other } : { byHelm: other, byRudder: archive };
    }
  }
  assert.fail(`no common armor shape: helm ${[...seen.helm.keys()]}, rudder ${[...seen.rudder.keys()]}`);
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
    // gpg 2.2's verdict depends on the signature's length (armorShape): compare like with like.
    const { byHelm, byRudder } = signBothAlike(k.uid, extra);
    assert.equal(armorShape(byRudder), armorShape(byHelm), 'armor shape');
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
    // gpg checks both signatures cryptographically, and accepts a .prov exactly when its base64 is
    // padded (see `padded`): for both tools, with the same shape, the same verdict.
    const gh = gpg.run(['--verify', `${byHelm}.prov`]);
    const gr = gpg.run(['--verify', `${byRudder}.prov`]);
    const good = new RegExp(`Good signature from "${k.uid}"`);
    for (const [what, r] of [
      ['helm', gh],
      ['rudder', gr],
    ] as const) {
      assert.match(r.stderr, good, `gpg --verify ${what}'s .prov`);
      if (padded(byHelm)) assert.equal(r.code, 0, `gpg --verify ${what}'s padded .prov: ${r.stderr}`);
      else if (GPG_22) {
        assert.equal(r.code, 2, `gpg 2.2 --verify ${what}'s unpadded .prov`);
        assert.match(r.stderr, /invalid packet \(ctb=10\)/, `gpg 2.2 on ${what}'s unpadded .prov`);
      }
    }
    assert.equal(gr.code, gh.code, `gpg --verify: ${gr.stderr}`);
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
