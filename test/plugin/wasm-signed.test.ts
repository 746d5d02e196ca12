// A signed WebAssembly plugin (the cli/v1 plugin of tools/wasm-plugins, extism/v1): `plugin
// package --sign`, `plugin verify`, `plugin install` with --verify (the default) and the plugin
// run afterwards, compared with helm v4.3.2. What helm checks is the OpenPGP signature of the
// .prov against the keyring and the sha256 of the archive under its own file name; the plugin
// metadata in the .prov is signed but not compared with the archive's plugin.yaml — a .prov
// whose metadata names another plugin is accepted by both tools. plugin.wasm itself has no
// signature of its own: a changed module is caught through the archive's hash.
import assert from 'node:assert/strict';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { GnuPG, PASSPHRASE } from '../provenance/gpg.js';
import { wasmPluginsDir } from './wasm-support.js';
import { pluginTree } from './tree.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-wasm-sig-'));
const uid = 'Wasm Signer <wasm@example.com>';
let gpg: GnuPG;
let keys: { pub: string; sec: string };
let otherPub = '';
let comparisons = 0;
const pp = join(root, 'pass');

after(() => {
  process.stdout.write(`# signed WASM plugin comparisons with helm: ${comparisons}\n`);
  rmSync(root, { recursive: true, force: true });
});

function pluginDir(name: string, version: string, wasm = 'cli.wasm'): string {
  const d = join(root, 'src', `${name}-${version}-${wasm}`, name);
  mkdirSync(d, { recursive: true });
  copyFileSync(join(wasmPluginsDir(), wasm), join(d, 'plugin.wasm'));
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: cli/v1\nruntime: extism/v1\nversion: ${version}\nconfig:\n  shortHelp: a signed wasm command\nruntimeConfig:\n  timeout: 60000\n`,
  );
  return d;
}

function workspace(): Record<string, string> {
  const w = mkdtempSync(join(root, 'ws-'));
  // Helm installs under $HELM_DATA_HOME/plugins whatever HELM_PLUGINS says: left to its default.
  return cleanEnv({
    HELM_DATA_HOME: join(w, 'data'),
    HELM_CACHE_HOME: join(w, 'cache'),
    HELM_CONFIG_HOME: join(w, 'config'),
    GNUPGHOME: join(w, 'nognupg'),
  });
}

const plugins = (e: Record<string, string>): string => join(e.HELM_DATA_HOME!, 'plugins');

/** `plugin install ARGS` by each tool into its own fresh workspace, compared. */
function install(args: string[]): {
  r: RunResult;
  henv: Record<string, string>;
  renv: Record<string, string>;
} {
  const henv = workspace();
  const renv = workspace();
  const h = runHelm(['plugin', 'install', ...args], henv);
  const r = runRudder(['plugin', 'install', ...args], renv);
  const norm = (x: RunResult, e: Record<string, string>): RunResult => ({
    ...x,
    stdout: x.stdout.replaceAll(plugins(e), '<plugins>'),
    stderr: x.stderr.replaceAll(plugins(e), '<plugins>').replace(/time=\S+ /g, ''),
  });
  comparisons++;
  assert.deepEqual(norm(r, renv), norm(h, henv), args.join(' '));
  comparisons++;
  assert.deepEqual(pluginTree(plugins(renv)), pluginTree(plugins(henv)));
  return { r: norm(h, henv), henv, renv };
}

/** Packages and signs `dir` with rudder into a fresh directory; returns the archive. */
function signed(dir: string): string {
  const out = mkdtempSync(join(root, 'pkg-'));
  const args = [
    'plugin',
    'package',
    dir,
    '-d',
    out,
    '--sign',
    '--key',
    uid,
    '--keyring',
    keys.sec,
    '--passphrase-file',
    pp,
  ];
  const r = runRudder(args, cleanEnv());
  assert.equal(r.code, 0, r.stderr);
  return join(
    out,
    readdirSync(out).find((f) => f.endsWith('.tgz'))!,
  );
}

before(() => {
  gpg = new GnuPG();
  gpg.generate({ uid, algo: 'rsa2048', passphrase: PASSPHRASE });
  keys = gpg.exportTo(root);
  const o = new GnuPG();
  o.generate({ uid: 'Other <other@example.com>', algo: 'ed25519' });
  otherPub = o.exportTo(mkdtempSync(join(root, 'o-'))).pub;
  writeFileSync(pp, `${PASSPHRASE}\n`);
});

test('a signed WASM plugin: the same archive and .prov text as helm, verified, installed and run', () => {
  const dir = pluginDir('wsig', '1.0.0');
  const hd = mkdtempSync(join(root, 'h-'));
  const rd = mkdtempSync(join(root, 'r-'));
  const pkg = ['--sign', '--key', uid, '--keyring', keys.sec, '--passphrase-file', pp];
  const hp = runHelm(['plugin', 'package', dir, '-d', hd, ...pkg], cleanEnv());
  const rp = runRudder(['plugin', 'package', dir, '-d', rd, ...pkg], cleanEnv());
  comparisons++;
  assert.deepEqual(
    { ...rp, stdout: rp.stdout.replaceAll(rd, '<d>') },
    { ...hp, stdout: hp.stdout.replaceAll(hd, '<d>') },
  );
  const tgz = 'wsig-1.0.0.tgz';
  assert.deepEqual(readFileSync(join(rd, tgz)), readFileSync(join(hd, tgz)));
  const text = (f: string): string => {
    const s = readFileSync(f, 'utf8');
    return s.slice(0, s.indexOf('-----BEGIN PGP SIGNATURE-----'));
  };
  assert.equal(text(join(rd, `${tgz}.prov`)), text(join(hd, `${tgz}.prov`)));
  assert.match(text(join(rd, `${tgz}.prov`)), /Runtime: extism\/v1\n/);
  // Each tool verifies the other's signature.
  for (const file of [join(hd, tgz), join(rd, tgz)]) {
    const args = ['plugin', 'verify', file, '--keyring', keys.pub];
    const h = runHelm(args, cleanEnv());
    comparisons++;
    assert.deepEqual(runRudder(args, cleanEnv()), h);
    assert.match(h.stdout, /^Signed by: Wasm Signer/);
  }
  const { r, henv, renv } = install([join(rd, tgz), '--keyring', keys.pub]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Verifying plugin signature\.\.\.\nSigned by: Wasm Signer <wasm@example.com>\n/);
  assert.ok(pluginTree(plugins(renv)).includes('wsig/plugin.wasm'), pluginTree(plugins(renv)).join(' '));
  // Listed as signed, and run (helm can run a WASM cli plugin) by both tools in both installs.
  for (const env of [henv, renv]) {
    const l = runHelm(['plugin', 'list'], env);
    comparisons++;
    assert.deepEqual(runRudder(['plugin', 'list'], env), l);
    assert.match(l.stdout, /wsig\s+1\.0\.0\s+cli\/v1\s+v1\s+signed/);
    const run = (x: RunResult): RunResult => ({ ...x, stdout: x.stdout.replace(/^HELM_BIN=.*\n/m, '') });
    const h = runHelm(['wsig', 'one', 'two'], env);
    comparisons++;
    assert.deepEqual(run(runRudder(['wsig', 'one', 'two'], env)), run(h));
    assert.match(h.stdout, /^args: one two\n/);
  }
});

test('what --verify checks on a WASM plugin archive, as helm', () => {
  const good = signed(pluginDir('wchk', '0.1.0'));
  // A changed module: the archive re-made with another plugin.wasm under the same .prov.
  const other = signed(pluginDir('wchk', '0.1.0', 'echo.wasm'));
  const swapped = mkdtempSync(join(root, 'swap-'));
  copyFileSync(other, join(swapped, 'wchk-0.1.0.tgz'));
  copyFileSync(`${good}.prov`, join(swapped, 'wchk-0.1.0.tgz.prov'));
  let r = install([join(swapped, 'wchk-0.1.0.tgz'), '--keyring', keys.pub]).r;
  assert.equal(r.code, 1);
  assert.match(r.stderr, /sha256 sum does not match for wchk-0\.1\.0\.tgz/);
  // The archive under another name: the .prov has no hash for it.
  const renamed = mkdtempSync(join(root, 'ren-'));
  copyFileSync(good, join(renamed, 'wchk-0.1.1.tgz'));
  copyFileSync(`${good}.prov`, join(renamed, 'wchk-0.1.1.tgz.prov'));
  r = install([join(renamed, 'wchk-0.1.1.tgz'), '--keyring', keys.pub]).r;
  assert.match(r.stderr, /provenance does not contain a SHA for a file named "wchk-0\.1\.1\.tgz"/);
  // Signed by a key the keyring does not hold; a .prov that is not signed at all.
  r = install([good, '--keyring', otherPub]).r;
  assert.equal(r.code, 1);
  const unsignedDir = mkdtempSync(join(root, 'uns-'));
  copyFileSync(good, join(unsignedDir, 'wchk-0.1.0.tgz'));
  writeFileSync(join(unsignedDir, 'wchk-0.1.0.tgz.prov'), text0(`${good}.prov`));
  r = install([join(unsignedDir, 'wchk-0.1.0.tgz'), '--keyring', keys.pub]).r;
  assert.match(r.stderr, /signature block not found/);
  // Metadata in the .prov that names another plugin and version, over the right hash: helm
  // verifies only the signature and the hash, and installs.
  const meta = mkdtempSync(join(root, 'meta-'));
  copyFileSync(good, join(meta, 'wchk-0.1.0.tgz'));
  const body = text0(`${good}.prov`)
    .replace(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: \w+\n\n/, '')
    .replace(/^Name: wchk$/m, 'Name: impostor')
    .replace(/^Version: 0\.1\.0$/m, 'Version: 9.9.9');
  assert.match(body, /Name: impostor\n[^]*Version: 9\.9\.9/);
  const clear = gpg.must(
    ['--pinentry-mode', 'loopback', '--passphrase', PASSPHRASE, '--clearsign', '--digest-algo', 'SHA512'],
    body,
  );
  writeFileSync(join(meta, 'wchk-0.1.0.tgz.prov'), clear);
  r = install([join(meta, 'wchk-0.1.0.tgz'), '--keyring', keys.pub]).r;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Installed plugin: wchk\n$/);
  // A directory holding the same plugin: verification does not apply (helm installs it).
  const dirCopy = join(mkdtempSync(join(root, 'dir-')), 'wchk');
  cpSync(pluginDir('wchk', '0.1.0'), dirCopy, { recursive: true });
  assert.equal(install([dirCopy]).r.code, 0);
});

/** The signed text of a .prov (everything before the signature), header included. */
function text0(prov: string): string {
  const s = readFileSync(prov, 'utf8');
  return s.slice(0, s.indexOf('-----BEGIN PGP SIGNATURE-----'));
}
