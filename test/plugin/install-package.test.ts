// `plugin package` and `plugin verify` against helm v4.3.2: the archive bytes (the same tree
// gives the same .tgz), the .prov's signed text, each tool verifying the other's signatures, and
// the errors (no .prov, a directory, not a tarball, wrong keyring, tampered archive).
import assert from 'node:assert/strict';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { GnuPG, PASSPHRASE } from '../provenance/gpg.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-pkg-'));
let keys: { pub: string; sec: string };
let otherPub = '';
const pp = join(root, 'pass');

function pluginTree(name: string, body: string): string {
  const d = join(root, 'src', name);
  mkdirSync(join(d, 'bin', 'deep'), { recursive: true });
  writeFileSync(join(d, 'plugin.yaml'), body);
  writeFileSync(join(d, 'bin', 'run.sh'), '#!/bin/sh\necho run "$@"\n');
  chmodSync(join(d, 'bin', 'run.sh'), 0o755);
  writeFileSync(join(d, 'bin', 'deep', 'data.txt'), 'x'.repeat(5000));
  writeFileSync(join(d, 'README.md'), '# readme\n');
  return d;
}

const cli = `apiVersion: v1\nname: pk\ntype: cli/v1\nruntime: subprocess\nversion: 0.9.1\nsourceURL: https://example.com/pk\nconfig:\n  usage: pk things\n  shortHelp: short\n  longHelp: long text\n  ignoreFlags: true\nruntimeConfig:\n  platformCommand:\n    - os: linux\n      command: "$HELM_PLUGIN_DIR/bin/run.sh"\n      args: [a, "b c"]\n    - command: sh\n  platformHooks:\n    install:\n      - command: echo\n        args: [installed]\n`;
const getter = `apiVersion: v1\nname: gt\ntype: getter/v1\nruntime: subprocess\nversion: 1.0.0\nconfig:\n  protocols: [s3x]\nruntimeConfig:\n  protocolCommands:\n    - protocols: [s3x]\n      platformCommand:\n        - command: cat\n`;
const legacy = `name: lg\nversion: 0.1.0\nusage: legacy one\ndescription: old style\ncommand: echo hi\n`;

/** Both tools package `dir` into their own destinations; returns the archive paths. */
function packBoth(dir: string, extra: string[]): { h: string; r: string; hr: RunResult; rr: RunResult } {
  const hd = mkdtempSync(join(root, 'h-'));
  const rd = mkdtempSync(join(root, 'r-'));
  const hr = runHelm(['plugin', 'package', dir, '-d', hd, ...extra], cleanEnv());
  const rr = runRudder(['plugin', 'package', dir, '-d', rd, ...extra], cleanEnv());
  const n = (r: RunResult, d: string): RunResult => ({ ...r, stdout: r.stdout.replaceAll(d, '<d>') });
  assert.deepEqual(n(rr, rd), n(hr, hd));
  const name = /saved it to: .*\/([^/\n]+)\n/.exec(hr.stdout)?.[1] ?? '';
  return { h: join(hd, name), r: join(rd, name), hr, rr };
}

const signedText = (prov: string): string => prov.slice(0, prov.indexOf('-----BEGIN PGP SIGNATURE-----'));

before(() => {
  const g = new GnuPG();
  g.generate({ uid: 'Pkg Signer <pkg@example.com>', algo: 'rsa2048', passphrase: PASSPHRASE });
  keys = g.exportTo(root);
  const o = new GnuPG();
  o.generate({ uid: 'Other <other@example.com>', algo: 'ed25519' });
  otherPub = o.exportTo(mkdtempSync(join(root, 'o-'))).pub;
  writeFileSync(pp, `${PASSPHRASE}\r\n`);
});
after(() => rmSync(root, { recursive: true, force: true }));

test('package --sign=false: the same bytes as helm for v1 and legacy plugins', () => {
  for (const [name, body] of [
    ['pk', cli],
    ['gt', getter],
    ['lg', legacy],
  ] as const) {
    const p = packBoth(pluginTree(name, body), ['--sign=false']);
    assert.equal(p.hr.code, 0, p.hr.stderr);
    assert.deepEqual(readFileSync(p.r), readFileSync(p.h), name);
  }
});

test('package --sign: the signed text as helm, and each tool verifies the other', () => {
  for (const [name, body] of [
    ['pk', cli],
    ['gt', getter],
    ['lg', legacy],
  ] as const) {
    const dir = pluginTree(name, body);
    const p = packBoth(dir, ['--key', 'pkg@example.com', '--keyring', keys.sec, '--passphrase-file', pp]);
    assert.equal(p.hr.code, 0, p.hr.stderr);
    assert.deepEqual(readFileSync(p.r), readFileSync(p.h));
    assert.equal(
      signedText(readFileSync(`${p.r}.prov`, 'utf8')),
      signedText(readFileSync(`${p.h}.prov`, 'utf8')),
    );
    for (const file of [p.h, p.r]) {
      const args = ['plugin', 'verify', file, '--keyring', keys.pub];
      const h = runHelm(args, cleanEnv());
      assert.equal(h.code, 0, h.stderr);
      assert.deepEqual(runRudder(args, cleanEnv()), h);
      const other = ['plugin', 'verify', file, '--keyring', otherPub];
      assert.deepEqual(runRudder(other, cleanEnv()), runHelm(other, cleanEnv()));
    }
  }
});

test('package and verify errors as helm', () => {
  const dir = pluginTree('pk', cli);
  const d = mkdtempSync(join(root, 'e-'));
  const bad = pluginTree(
    'bad',
    'apiVersion: v1\nname: "bad name"\ntype: cli/v1\nruntime: subprocess\nversion: 1.0.0\n',
  );
  const cases: string[][] = [
    ['plugin', 'package', join(root, 'nope')],
    ['plugin', 'package', bad, '-d', d, '--sign=false'],
    ['plugin', 'package', dir, '-d', d, '--keyring', join(root, 'missing.gpg')],
    ['plugin', 'package', dir, '-d', d, '--key', 'nobody', '--keyring', keys.sec, '--passphrase-file', pp],
    [
      'plugin',
      'package',
      dir,
      '-d',
      d,
      '--key',
      'pkg@example.com',
      '--keyring',
      keys.sec,
      '--passphrase-file',
      join(root, 'nopass'),
    ],
    ['plugin', 'verify', dir],
    ['plugin', 'verify', join(root, 'nope.tgz')],
    ['plugin', 'verify', join(root, 'pass')],
  ];
  const unsigned = packBoth(dir, ['--sign=false']);
  cases.push(['plugin', 'verify', unsigned.h, '--keyring', keys.pub]);
  const signed = packBoth(dir, ['--key', 'pkg@example.com', '--keyring', keys.sec, '--passphrase-file', pp]);
  const tampered = join(mkdtempSync(join(root, 't-')), 'pk-0.9.1.tgz');
  cpSync(signed.h, tampered);
  cpSync(`${signed.h}.prov`, `${tampered}.prov`);
  appendFileSync(tampered, 'x');
  cases.push(['plugin', 'verify', tampered, '--keyring', keys.pub]);
  cases.push(['plugin', 'install', tampered, '--keyring', keys.pub]);
  for (const args of cases) {
    const h = runHelm(args, cleanEnv());
    assert.notEqual(h.code, 0, args.join(' '));
    assert.deepEqual(runRudder(args, cleanEnv()), h, args.join(' '));
  }
});
