// The default --keyring (Helm 4.3): pubring.gpg in $GNUPGHOME or ~/.gnupg, else pubring.kbx when
// only that exists, else pubring.gpg. Shown as the flag's default in the help of every command
// that has the flag; compared with the real helm v4.3.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder } from './support.js';

function keyringDefault(extra: Record<string, string>, args: string[]): string {
  const env = cleanEnv(extra);
  const h = runHelm(args, env);
  const r = runRudder(args, env);
  assert.equal(r.stdout, h.stdout, `${args.join(' ')} with ${JSON.stringify(extra)}: stdout`);
  assert.equal(r.code, h.code);
  const m = /--keyring string +.*\(default "([^"]*)"\)/.exec(h.stdout);
  assert.ok(m, `no --keyring default in ${args.join(' ')}`);
  return m[1]!;
}

test('the keyring default falls back to pubring.kbx only when pubring.gpg is absent', () => {
  const g = mkdtempSync(join(tmpdir(), 'rkeyring-'));
  const commands = [
    ['package', '--help'],
    ['dependency', 'build', '--help'],
    ['dependency', 'update', '--help'],
    ['template', '--help'],
  ];
  for (const args of commands) assert.equal(keyringDefault({ GNUPGHOME: g }, args), join(g, 'pubring.gpg'));
  writeFileSync(join(g, 'pubring.kbx'), '');
  for (const args of commands) assert.equal(keyringDefault({ GNUPGHOME: g }, args), join(g, 'pubring.kbx'));
  writeFileSync(join(g, 'pubring.gpg'), '');
  assert.equal(keyringDefault({ GNUPGHOME: g }, ['package', '--help']), join(g, 'pubring.gpg'));

  // ~/.gnupg when GNUPGHOME is unset; a directory named pubring.gpg still counts as present.
  const home = mkdtempSync(join(tmpdir(), 'rkeyhome-'));
  mkdirSync(join(home, '.gnupg'));
  writeFileSync(join(home, '.gnupg', 'pubring.kbx'), '');
  assert.equal(keyringDefault({ HOME: home }, ['package', '--help']), join(home, '.gnupg', 'pubring.kbx'));
  mkdirSync(join(home, '.gnupg', 'pubring.gpg'));
  assert.equal(keyringDefault({ HOME: home }, ['package', '--help']), join(home, '.gnupg', 'pubring.gpg'));
});
