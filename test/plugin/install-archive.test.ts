// `plugin install` from archives: local .tgz and http(s) URLs on a loopback server, --verify by
// default (missing .prov, good signature, wrong keyring), --verify=false, traversal entries and
// interop (what helm installs rudder lists and runs, and back). Archives and .prov files are made
// by the real helm v4.3.2 (`plugin package --sign`) and gpg; every case runs both tools.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync, chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, helmBinary, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { GnuPG, PASSPHRASE } from '../provenance/gpg.js';
import { pluginTree } from './tree.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-inst-'));
const served = join(root, 'www');
let server: ChildProcess;
let base = '';
let keys: { pub: string; sec: string };
const uid = 'Plugin Signer <plug@example.com>';

function pluginDir(name: string, version: string, extra = ''): string {
  const d = join(root, 'src', name);
  mkdirSync(d, { recursive: true });
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: cli/v1\nruntime: subprocess\nversion: ${version}\n${extra}runtimeConfig:\n  platformCommand:\n    - command: sh\n      args: ["-c", 'echo "hi from $HELM_PLUGIN_NAME $*"', "x"]\n`,
  );
  writeFileSync(join(d, 'run.sh'), '#!/bin/sh\necho run\n');
  chmodSync(join(d, 'run.sh'), 0o755);
  return d;
}

/** helm plugin package [--sign] into `served`; returns the archive path. */
function pack(name: string, version: string, sign: boolean): string {
  const dir = pluginDir(name, version);
  const pp = join(root, 'pass');
  writeFileSync(pp, `${PASSPHRASE}\n`);
  const args = ['plugin', 'package', dir, '-d', served];
  if (sign) args.push('--sign', '--key', 'plug@example.com', '--keyring', keys.sec, '--passphrase-file', pp);
  else args.push('--sign=false');
  const r = runHelm(args, cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  return join(served, `${name}-${version}.tgz`);
}

function workspace(): Record<string, string> {
  const w = mkdtempSync(join(root, 'ws-'));
  return cleanEnv({
    HELM_PLUGINS: join(w, 'data', 'plugins'),
    HELM_DATA_HOME: join(w, 'data'),
    HELM_CACHE_HOME: join(w, 'cache'),
    HELM_CONFIG_HOME: join(w, 'config'),
    GNUPGHOME: join(w, 'nognupg'),
  });
}

/** Runs both tools in fresh, equal workspaces; returns the results and the workspaces. */
function both(
  args: string[],
  setup?: (env: Record<string, string>) => void,
): { helm: RunResult; rudder: RunResult; henv: Record<string, string>; renv: Record<string, string> } {
  const henv = workspace();
  const renv = workspace();
  setup?.(henv);
  setup?.(renv);
  const helm = runHelm(args, henv);
  const rudder = runRudder(args, renv);
  const norm = (r: RunResult, e: Record<string, string>): RunResult => ({
    stdout: r.stdout.replaceAll(dirname(e.HELM_DATA_HOME!), '<ws>'),
    stderr: r.stderr.replaceAll(dirname(e.HELM_DATA_HOME!), '<ws>').replace(/time=\S+ /g, ''),
    code: r.code,
  });
  return { helm: norm(helm, henv), rudder: norm(rudder, renv), henv, renv };
}

before(async () => {
  mkdirSync(served, { recursive: true });
  const g = new GnuPG();
  g.generate({ uid, algo: 'rsa2048', passphrase: PASSPHRASE });
  keys = g.exportTo(root);
  server = spawn(process.execPath, [
    '-e',
    `const fs=require('fs'),p=require('path');require('http').createServer((q,s)=>{const f=p.join(${JSON.stringify(served)},decodeURIComponent(q.url.split('?')[0]));if(q.url.includes('..')||!fs.existsSync(f)||fs.statSync(f).isDirectory()){s.statusCode=404;s.end('no');return}s.setHeader('content-type','application/gzip');s.end(fs.readFileSync(f))}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`,
  ]);
  const port = await new Promise<string>((res) =>
    server.stdout!.once('data', (b: Buffer) => res(b.toString().trim())),
  );
  base = `http://127.0.0.1:${port}`;
});
after(() => {
  server.kill();
  rmSync(root, { recursive: true, force: true });
});

test('local archive: --verify default needs a .prov; --verify=false installs; a signed one verifies', () => {
  const unsigned = pack('plainp', '0.1.0', false);
  let r = both(['plugin', 'install', unsigned]);
  assert.deepEqual(r.rudder, r.helm);
  assert.match(r.helm.stderr, /no provenance file \(\.prov\) found/);
  assert.deepEqual(pluginTree(r.renv.HELM_DATA_HOME!), pluginTree(r.henv.HELM_DATA_HOME!));

  r = both(['plugin', 'install', unsigned, '--verify=false']);
  assert.deepEqual(r.rudder, r.helm);
  assert.match(r.helm.stdout, /WARNING: Skipping plugin signature verification\nInstalled plugin: plainp\n$/);
  assert.deepEqual(pluginTree(r.renv.HELM_DATA_HOME!), pluginTree(r.henv.HELM_DATA_HOME!));
  // The installed plugin runs, and list shows it unsigned, under both tools.
  for (const env of [r.henv, r.renv]) {
    const h = runHelm(['plainp', 'a'], env);
    assert.deepEqual(runRudder(['plainp', 'a'], env), h);
    assert.deepEqual(runRudder(['plugin', 'list'], env), runHelm(['plugin', 'list'], env));
  }
  // Installing again: "plugin already exists".
  const again = both(['plugin', 'install', unsigned, '--verify=false'], (env) => {
    assert.equal(runHelm(['plugin', 'install', unsigned, '--verify=false'], env).code, 0);
  });
  assert.deepEqual(again.rudder, again.helm);

  const signed = pack('signedp', '1.2.3', true);
  r = both(['plugin', 'install', signed, '--keyring', keys.pub]);
  assert.deepEqual(r.rudder, r.helm);
  assert.match(
    r.helm.stdout,
    /Signed by: Plugin Signer <plug@example.com>\nUsing Key With Fingerprint: [0-9A-F]{40}\nPlugin Hash Verified: sha256:[0-9a-f]{64}\nInstalled plugin: signedp\n$/,
  );
  assert.deepEqual(pluginTree(r.renv.HELM_DATA_HOME!), pluginTree(r.henv.HELM_DATA_HOME!));
  assert.deepEqual(runRudder(['plugin', 'list'], r.renv), runHelm(['plugin', 'list'], r.henv));
  assert.match(runHelm(['plugin', 'list'], r.renv).stdout, /signedp\s+1\.2\.3\s+cli\/v1\s+v1\s+signed/);

  // The default keyring ($GNUPGHOME/pubring.gpg) missing, and a keyring without the signer.
  r = both(['plugin', 'install', signed]);
  assert.deepEqual(r.rudder, r.helm);
  const other = new GnuPG();
  other.generate({ uid: 'Other <o@example.com>', algo: 'ed25519' });
  const otherKeys = other.exportTo(mkdtempSync(join(root, 'other-')));
  r = both(['plugin', 'install', signed, '--keyring', otherKeys.pub]);
  assert.deepEqual(r.rudder, r.helm);
  assert.equal(r.helm.code, 1);
});

test('http archive on a loopback server: verify, --verify=false, 404s', () => {
  pack('webp', '2.0.0', true);
  let r = both(['plugin', 'install', `${base}/webp-2.0.0.tgz`, '--keyring', keys.pub]);
  assert.deepEqual(r.rudder, r.helm);
  assert.match(r.helm.stdout, /Installed plugin: webp\n$/);
  assert.deepEqual(pluginTree(r.renv.HELM_DATA_HOME!), pluginTree(r.henv.HELM_DATA_HOME!));
  assert.deepEqual(runRudder(['plugin', 'list'], r.renv), runHelm(['plugin', 'list'], r.henv));

  pack('webu', '0.0.1', false);
  r = both(['plugin', 'install', `${base}/webu-0.0.1.tgz`]);
  assert.deepEqual(r.rudder, r.helm);
  r = both(['plugin', 'install', `${base}/webu-0.0.1.tgz`, '--verify=false']);
  assert.deepEqual(r.rudder, r.helm);
  assert.deepEqual(pluginTree(r.renv.HELM_DATA_HOME!), pluginTree(r.henv.HELM_DATA_HOME!));
  for (const v of ['true', 'false']) {
    r = both(['plugin', 'install', `${base}/missing-1.0.0.tgz`, `--verify=${v}`]);
    assert.deepEqual(r.rudder, r.helm);
    assert.equal(r.helm.code, 1);
  }
});

test('hostile archives: traversal and absolute names refused, nothing installed', () => {
  for (const [label, member] of [
    ['dotdot', '../evil.txt'],
    ['abs', '/tmp/evil.txt'],
  ] as const) {
    const w = mkdtempSync(join(root, `bad-${label}-`));
    const d = join(w, 'badp');
    mkdirSync(d);
    writeFileSync(
      join(d, 'plugin.yaml'),
      'apiVersion: v1\nname: badp\ntype: cli/v1\nruntime: subprocess\nversion: 0.1.0\n',
    );
    writeFileSync(join(w, 'evil.txt'), 'x');
    const tgz = join(w, 'badp-0.1.0.tgz');
    const tr = spawnSync('tar', [
      '-czf',
      tgz,
      '-C',
      w,
      '-P',
      '--transform',
      `s,^evil.txt,${member},`,
      'badp',
      'evil.txt',
    ]);
    assert.equal(tr.status, 0, tr.stderr.toString());
    const r = both(['plugin', 'install', tgz, '--verify=false']);
    assert.equal(r.rudder.code, 1);
    assert.match(r.rudder.stderr, /which is illegal/);
    assert.equal(existsSync(join(r.renv.HELM_PLUGINS!, 'badp')), false);
    // helm refuses too (it may leave its extraction behind; rudder leaves no plugin).
    assert.equal(r.helm.code, 1);
    assert.equal(r.rudder.stderr, r.helm.stderr);
  }
});

test('interop: plugins installed by helm run under rudder and the other way', () => {
  const tgz = pack('interp', '0.3.0', false);
  const env = workspace();
  assert.equal(runHelm(['plugin', 'install', tgz, '--verify=false'], env).code, 0);
  const moved = join(root, 'interp-copy-0.3.0.tgz');
  renameSync(pack('interq', '0.4.0', false), moved);
  assert.equal(
    runRudder(['plugin', 'install', join(served, 'interq-0.4.0.tgz'), '--verify=false'], env).code,
    1,
  );
  const r2 = runRudder(['plugin', 'install', pack('interq', '0.4.0', false), '--verify=false'], env);
  assert.equal(r2.code, 0, r2.stderr);
  for (const cmd of [
    ['interp', 'z'],
    ['interq', 'z'],
    ['plugin', 'list'],
  ]) {
    assert.deepEqual(runRudder(cmd, env), runHelm(cmd, env));
  }
  assert.equal(runRudder(['plugin', 'uninstall', 'interp'], env).code, 0);
  assert.equal(runHelm(['plugin', 'uninstall', 'interq'], env).code, 0);
  assert.deepEqual(pluginTree(env.HELM_DATA_HOME!), ['plugins']);
  void helmBinary;
});
