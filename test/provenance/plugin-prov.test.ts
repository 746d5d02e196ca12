// The provenance API the plugin commands use (internal/plugin VerifyPlugin / SignPlugin): a plugin
// tarball signed by `helm plugin package --sign` verifies with verifyPlugin, and one signed here
// verifies with `helm plugin verify`; a tampered tarball fails with helm's error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { helmBinary } from '../cli/support.js';
import { prepareSigner } from '../../src/provenance/chart.js';
import { clearSign, verifyPlugin } from '../../src/provenance/provenance.js';
import { GnuPG, PASSPHRASE } from './gpg.js';

const work = mkdtempSync(join(tmpdir(), 'prov-plugin-'));
const gpg = new GnuPG();
gpg.generate({ uid: 'Plugin Signer <plugin@example.com>', algo: 'ed25519', passphrase: PASSPHRASE });
const ring = gpg.exportTo(work);
writeFileSync(join(work, 'pass.txt'), `${PASSPHRASE}\n`);
mkdirSync(join(work, 'myplug'));
writeFileSync(
  join(work, 'myplug', 'plugin.yaml'),
  'apiVersion: v1\nname: myplug\nversion: 0.1.0\ntype: cli/v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n    - command: echo\n',
);

const helm = (args: string[]): { stdout: string; stderr: string; code: number } => {
  const r = spawnSync(helmBinary(), args, {
    cwd: work,
    encoding: 'utf8',
    env: { HOME: work, PATH: process.env.PATH ?? '' },
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
};

test('plugin tarballs: helm signs, verifyPlugin checks; we sign, helm plugin verify checks', () => {
  const out = join(work, 'out');
  mkdirSync(out);
  const p = helm([
    'plugin',
    'package',
    'myplug',
    '--key',
    'Plugin Signer',
    '--keyring',
    ring.sec,
    '--passphrase-file',
    'pass.txt',
    '-d',
    out,
  ]);
  assert.equal(p.code, 0, p.stderr);
  const tgz = join(out, 'myplug-0.1.0.tgz');
  const v = verifyPlugin(readFileSync(tgz), readFileSync(`${tgz}.prov`), basename(tgz), ring.pub);
  assert.deepEqual([...v.signedBy.identities.keys()], ['Plugin Signer <plugin@example.com>']);

  // Re-sign the same tarball here with the plugin's metadata as the signed body.
  const mine = join(mkdtempSync(join(work, 'mine-')), 'myplug-0.1.0.tgz');
  copyFileSync(tgz, mine);
  const signer = prepareSigner({
    key: 'Plugin Signer',
    keyring: ring.sec,
    passphraseFile: join(work, 'pass.txt'),
    prompt: () => {},
  });
  const helmProv = readFileSync(`${tgz}.prov`, 'utf8');
  const meta = helmProv.slice(helmProv.indexOf('\n\n') + 2, helmProv.indexOf('\n...\n') + 1);
  writeFileSync(`${mine}.prov`, clearSign(signer, readFileSync(mine), basename(mine), meta));
  const hv = helm(['plugin', 'verify', mine, '--keyring', ring.pub]);
  assert.equal(hv.code, 0, hv.stderr);
  assert.match(hv.stdout, /^Signed by: Plugin Signer <plugin@example.com>\n/);

  appendFileSync(mine, 'x');
  assert.throws(
    () => verifyPlugin(readFileSync(mine), readFileSync(`${mine}.prov`), basename(mine), ring.pub),
    /^Error: sha256 sum does not match for myplug-0.1.0.tgz: "sha256:[0-9a-f]{64}" != "sha256:[0-9a-f]{64}"$/,
  );
  const hb = helm(['plugin', 'verify', mine, '--keyring', ring.pub]);
  assert.notEqual(hb.code, 0);
  assert.match(hb.stderr, /sha256 sum does not match for myplug-0.1.0.tgz/);
});
