// `pull` of a chart URL whose scheme a getter/v1 plugin serves (ChartDownloader.DownloadTo →
// Getters.ByScheme): a subprocess (shell) getter and the WASM getter of tools/wasm-plugins, with
// --untar, --destination, credentials, plugin failures and an unserved scheme; output, exit code
// and the files written are compared with helm v4.3.2.
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { heapAddress, wasmPluginsDir } from './wasm-support.js';

const root = mkdtempSync(join(tmpdir(), 'rpull-get-'));
after(() => rmSync(root, { recursive: true, force: true }));
const plugins = join(root, 'plugins');
mkdirSync(plugins);

// The shell getter: its arguments and credentials to stderr, a packaged chart on stdout.
const sh = join(plugins, 'shget');
mkdirSync(sh);
assert.equal(runRudder(['package', join(repoRoot, 'examples', 'hello'), '-d', sh], cleanEnv({})).code, 0);
writeFileSync(
  join(sh, 'plugin.yaml'),
  'apiVersion: v1\nname: shget\ntype: getter/v1\nruntime: subprocess\nversion: 0.1.0\nconfig:\n  protocols: [shget]\n' +
    'runtimeConfig:\n  protocolCommands:\n    - protocols: [shget]\n      platformCommand:\n        - command: get.sh\n',
);
writeFileSync(
  join(sh, 'get.sh'),
  '#!/bin/sh\necho "args: $*" >&2\necho "user=$HELM_PLUGIN_USERNAME pass=$HELM_PLUGIN_PASSWORD all=$HELM_PLUGIN_PASS_CREDENTIALS_ALL" >&2\n' +
    'case "$*" in *missing*) echo nope >&2; exit 3;; esac\ncat "$HELM_PLUGIN_DIR"/hello-*.tgz\n',
  { mode: 0o755 },
);
const wg = join(plugins, 'wget');
mkdirSync(wg);
copyFileSync(join(wasmPluginsDir(), 'getter.wasm'), join(wg, 'plugin.wasm'));
writeFileSync(
  join(wg, 'plugin.yaml'),
  'apiVersion: v1\nname: wget\ntype: getter/v1\nruntime: extism/v1\nversion: 0.1.0\nconfig:\n  protocols: [wasm]\n',
);

function files(dir: string): Record<string, string> {
  // Key: path, value: contents (base64) or <dir>.
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    try {
      out[f] = readFileSync(join(dir, f)).toString('base64');
    } catch {
      out[f] = '<dir>';
    }
  }
  return out;
}

/** Runs `pull ARGS` for both tools, each in its own fresh working directory. */
function both(args: string[]): RunResult {
  const res: { r: RunResult; files: Record<string, string> }[] = [];
  for (const run of [runHelm, runRudder]) {
    const cwd = mkdtempSync(join(root, 'cwd-'));
    const env = cleanEnv({ HELM_PLUGINS: plugins, HELM_CACHE_HOME: join(cwd, '.cache') });
    const r = run(['pull', ...args, '-d', cwd], env);
    rmSync(join(cwd, '.cache'), { recursive: true, force: true });
    // A failing plugin is printed as Go's %q prints it, a WASM one with a heap address.
    const stderr = heapAddress(r.stderr.replaceAll(cwd, '<cwd>'));
    res.push({ r: { ...r, stderr }, files: files(cwd) });
  }
  assert.deepEqual(res[1]!.r, res[0]!.r, args.join(' '));
  assert.deepEqual(res[1]!.files, res[0]!.files, args.join(' '));
  return res[0]!.r;
}

test('pull through a subprocess getter plugin, as helm', () => {
  const r = both([
    'shget://host/path/hello-0.1.0.tgz',
    '--username',
    'u1',
    '--password',
    'p1',
    '--pass-credentials',
  ]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /args: {4}shget:\/\/host\/path\/hello-0.1.0.tgz\nuser=u1 pass=p1 all=true\n/);
  assert.equal(both(['shget://host/x/renamed.tgz', '--untar']).code, 0);
  assert.equal(both(['shget://host/missing.tgz']).code, 1);
  // --prov: the .prov comes through the same getter (this one answers every URL with the chart).
  assert.match(both(['shget://host/p/hello-0.1.0.tgz', '--prov']).stderr, /hello-0.1.0.tgz.prov\n/);
  assert.equal(
    both(['shget://host/p/hello-0.1.0.tgz', '--verify', '--keyring', join(root, 'none.gpg')]).code,
    1,
  );
  assert.equal(both(['nothing://host/hello-0.1.0.tgz']).code, 1);
});

test('pull through a WASM getter plugin, as helm', () => {
  assert.equal(both(['wasm://charts/mychart-0.1.0.tgz']).code, 0);
  assert.equal(both(['wasm://charts/mychart-1.2.3.tgz', '--untar', '--untardir', 'out']).code, 0);
});
