// WebAssembly (extism/v1) plugins built from Go by tools/wasm-plugins/build.sh, run by rudder's
// own host and by helm v4.3.2 (wazero): cli/v1 commands and getter/v1 schemes give the same
// output, errors and exit codes; postrenderer/v1 plugins work in rudder (helm 4.3.2 sends `{}`
// instead of the manifests, asserted here as helm's behaviour); the limits stop a plugin with an
// error naming it: timeout, memory.maxPages, files outside the mapped /tmp, hosts outside
// allowedHosts (a loopback server), vars disabled.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { heapAddress, wasmPluginsDir } from './wasm-support.js';

const hello = join(repoRoot, 'examples', 'hello');

interface Workspace {
  plugins: string;
  env: Record<string, string>;
}

function workspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'rwasm-'));
  const plugins = join(root, 'plugins');
  mkdirSync(plugins);
  return { plugins, env: cleanEnv({ HELM_PLUGINS: plugins }) };
}

/** A plugin directory: plugin.yaml (extism/v1) and the built module as plugin.wasm. */
function wasmPlugin(w: Workspace, name: string, wasm: string, type: string, extra = ''): void {
  const d = join(w.plugins, name);
  mkdirSync(d, { recursive: true });
  copyFileSync(join(wasmPluginsDir(), `${wasm}.wasm`), join(d, 'plugin.wasm'));
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: ${type}\nruntime: extism/v1\nversion: 0.1.0\n${extra}`,
  );
}

function same(w: Workspace, args: string[]): RunResult {
  const helm = runHelm(args, w.env);
  const rudder = runRudder(args, w.env);
  assert.deepEqual(rudder, helm);
  return helm;
}

// A loopback HTTP server in its own process (helm and rudder run synchronously here).
let server: ChildProcess;
let base = '';
before(async () => {
  server = spawn(process.execPath, [
    '-e',
    `require('node:http').createServer((q,s)=>{s.setHeader('x-seen',q.headers['x-plugin']||'');s.end(q.url==='/empty'?'':'pong '+q.url)})
      .listen(0,'127.0.0.1',function(){console.log(this.address().port)})`,
  ]);
  const port = await new Promise<string>((res) =>
    server.stdout!.once('data', (b: Buffer) => res(b.toString().trim())),
  );
  base = `http://127.0.0.1:${port}`;
});
after(() => server.kill());

test('cli/v1: arguments, environment, stderr, flag stripping and plugin errors as helm', () => {
  const w = workspace();
  wasmPlugin(w, 'wcli', 'cli', 'cli/v1', 'config:\n  shortHelp: a wasm command\n');
  wasmPlugin(w, 'wquiet', 'cli', 'cli/v1', 'config:\n  ignoreFlags: true\n');
  const r = same(w, ['wcli', 'a', '--b', 'c']);
  assert.match(r.stdout, /^args: a --b c\nHELM_NAMESPACE=default\n/);
  assert.match(r.stdout, /HELM_PLUGIN_NAME=\n/); // no subprocess variables for wasm plugins
  assert.equal(r.stderr, 'cli plugin: to stderr\n');
  assert.match(
    same(w, ['wcli', '--namespace', 'ns1', 'x', '--debug']).stdout,
    /^args: x\nHELM_NAMESPACE=ns1\nHELM_DEBUG=true/,
  );
  assert.match(same(w, ['wquiet', 'a', 'b']).stdout, /^args: \n/);
  assert.match(same(w, ['help']).stdout, /wcli\s+a wasm command/);
  const e = same(w, ['wcli', 'error', 'boom', 'here']);
  assert.equal(e.code, 1);
  assert.match(e.stderr, /\nError: plugin error: boom here\n$/);
  // Replies that are not the output message: Go's decoding errors, as helm words them.
  for (const raw of [['nope'], ['{"a":'], ['[1,2]'], ['12x'], [' '], ['null'], ['"x"']]) {
    const r = same(w, ['wcli', 'raw', ...raw]);
    if (raw[0] !== 'null' && raw[0] !== ' ')
      assert.match(r.stderr, /Error: failed to json marshal plugin output message: reflect.Value: /);
  }
  const p = same(w, ['wcli', 'stdin']);
  assert.match(p.stdout, /stdin: ""/);
});

test('cli/v1: a non-zero return code is the exit code (helm 4.3.2 crashes on it)', () => {
  const w = workspace();
  wasmPlugin(w, 'wcli', 'cli', 'cli/v1');
  const rudder = runRudder(['wcli', 'fail', '3'], w.env);
  assert.equal(rudder.code, 3);
  assert.match(rudder.stderr, /Error: plugin "wcli" exited with error\n$/);
  // Helm's CommandError wraps a nil error and panics when printed.
  const helm = runHelm(['wcli', 'fail', '3'], w.env);
  assert.equal(helm.code, 2);
  assert.match(helm.stderr, /nil pointer dereference/);
  assert.equal(rudder.stdout, helm.stdout);
});

test('cli/v1: a panicking plugin, a missing plugin.wasm, an unknown entry function', () => {
  const w = workspace();
  wasmPlugin(w, 'wcli', 'cli', 'cli/v1');
  wasmPlugin(w, 'wentry', 'cli', 'cli/v1', 'runtimeConfig:\n  entryFuncName: nothing_here\n');
  const helm = runHelm(['wcli', 'panic'], w.env);
  const rudder = runRudder(['wcli', 'panic'], w.env);
  assert.equal(rudder.code, helm.code);
  assert.equal(rudder.stdout, helm.stdout);
  assert.match(rudder.stderr, /^cli plugin: to stderr\npanic: cli plugin panics\n/);
  assert.match(rudder.stderr, /\nError: plugin error: wasm error: unreachable\n$/);
  assert.match(helm.stderr, /\nError: plugin error: wasm error: unreachable\nwasm stack trace:/);
  assert.deepEqual(runRudder(['wentry'], w.env), runHelm(['wentry'], w.env));
  // Without plugin.wasm the plugin does not load: a warning, and no such command.
  const bare = workspace();
  mkdirSync(join(bare.plugins, 'nowasm'));
  writeFileSync(
    join(bare.plugins, 'nowasm', 'plugin.yaml'),
    'apiVersion: v1\nname: nowasm\ntype: cli/v1\nruntime: extism/v1\nversion: 0.1.0\n',
  );
  assert.match(same(bare, ['plugin', 'list']).stderr, /wasm binary missing for extism\/v1 plugin/);
  assert.equal(same(bare, ['nowasm']).code, 1);
  // Helm registers no host functions: asking for one fails before the module runs.
  wasmPlugin(w, 'whf', 'cli', 'cli/v1', 'runtimeConfig:\n  hostFunctions: [lookup]\n');
  assert.equal(same(w, ['whf']).stderr, 'Error: plugin requested host function "lookup" not found\n');
});

test('getter/v1: charts from a plugin scheme in template and show, as helm', () => {
  const w = workspace();
  wasmPlugin(
    w,
    'wget',
    'getter',
    'getter/v1',
    'config:\n  protocols: [wasm, wasmx]\nruntimeConfig:\n  config:\n    greeting: from-config\n',
  );
  const t = same(w, ['template', 'r1', 'wasm://charts/mychart-0.1.0.tgz']);
  assert.match(
    t.stdout,
    /href: "wasm:\/\/charts\/mychart-0.1.0.tgz"\n {2}protocol: "wasm"\n {2}configGreeting: "from-config"/,
  );
  same(w, ['template', 'r1', 'wasmx://other/mychart-2.0.0.tgz', '--set', 'greeting=hi']);
  same(w, ['show', 'chart', 'wasm://charts/mychart-1.2.3.tgz']);
  // --debug: the plugin's input and output as Helm logs them, the content cache path.
  assert.match(
    same(w, ['template', 'r2', 'wasm://charts/mychart-0.1.0.tgz', '--debug']).stderr,
    /msg="plugin input" plugin=wget/,
  );
  same(w, ['template', 'r1', 'nothing://charts/mychart-0.1.0.tgz']);
  // A plugin error: the plugin object as Go's %q prints it (helm's heap address aside).
  const rudder = runRudder(['template', 'r1', 'wasm://charts/bad.tgz'], w.env);
  const helm = runHelm(['template', 'r1', 'wasm://charts/bad.tgz'], w.env);
  assert.equal(rudder.code, helm.code);
  assert.equal(heapAddress(rudder.stderr), heapAddress(helm.stderr));
  assert.match(
    helm.stderr,
    /^Error: plugin &\{\{"v1" "wget" .*\} failed to invoke: plugin error: no chart at wasm:\/\/charts\/bad.tgz\n$/,
  );
});

test('postrenderer/v1: the echo plugin returns the manifests unchanged; helm 4.3.2 sends {}', () => {
  const w = workspace();
  wasmPlugin(w, 'echo', 'echo', 'postrenderer/v1');
  // The same data path with a subprocess `cat` post-renderer, compared with helm first.
  mkdirSync(join(w.plugins, 'cat'));
  writeFileSync(
    join(w.plugins, 'cat', 'plugin.yaml'),
    'apiVersion: v1\nname: cat\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n  platformCommand:\n    - command: cat\n',
  );
  const viaCat = same(w, ['template', 'r1', hello, '--post-renderer', 'cat']);
  const viaEcho = runRudder(
    ['template', 'r1', hello, '--post-renderer', 'echo', '--post-renderer-args', 'x'],
    w.env,
  );
  assert.deepEqual(viaEcho, viaCat);
  const helm = runHelm(['template', 'r1', hello, '--post-renderer', 'echo'], w.env);
  assert.equal(helm.code, 1);
  assert.match(
    helm.stderr,
    /failed to invoke post-renderer plugin "echo": plugin error: json: cannot unmarshal object into Go struct field input.manifests of type string/,
  );
});

test('postrenderer/v1: the label plugin labels every document (config, then --post-renderer-args)', () => {
  const w = workspace();
  wasmPlugin(w, 'label', 'label', 'postrenderer/v1', 'runtimeConfig:\n  config:\n    label: team=blue\n');
  const labels = (r: RunResult): unknown[] =>
    parseAllDocuments(r.stdout).map((d) => (d.toJS() as { metadata: { labels: unknown } }).metadata.labels);
  const byConfig = runRudder(['template', 'r1', hello, '--post-renderer', 'label'], w.env);
  assert.equal(byConfig.code, 0, byConfig.stderr);
  const l1 = labels(byConfig);
  assert.ok(l1.length >= 2);
  for (const l of l1) assert.equal((l as Record<string, string>).team, 'blue');
  const byArgs = runRudder(
    [
      'template',
      'r1',
      hello,
      '--post-renderer',
      'label',
      '--post-renderer-args',
      'a=1',
      '--post-renderer-args',
      'b=2',
    ],
    w.env,
  );
  for (const l of labels(byArgs)) {
    assert.equal(String((l as Record<string, unknown>).a), '1');
    assert.equal(String((l as Record<string, unknown>).b), '2');
    assert.equal((l as Record<string, string>).team, undefined);
  }
  const bad = runRudder(
    ['template', 'r1', hello, '--post-renderer', 'label', '--post-renderer-args', 'oops'],
    w.env,
  );
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /failed to invoke post-renderer plugin "label": plugin error: label: arguments are key=value, got oops/,
  );
});

test('limits: a looping plugin is stopped at its timeout, with an error naming it', () => {
  const w = workspace();
  wasmPlugin(w, 'spin', 'loop', 'postrenderer/v1', 'runtimeConfig:\n  timeout: 1500\n');
  wasmPlugin(w, 'spincli', 'loop', 'cli/v1', 'runtimeConfig:\n  timeout: 1500\n');
  const t0 = Date.now();
  const r = runRudder(['template', 'r1', hello, '--post-renderer', 'spin'], w.env);
  const took = Date.now() - t0;
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /failed to invoke post-renderer plugin "spin": plugin error: module closed with context deadline exceeded \(plugin "spin" stopped: runtimeConfig.timeout is 1500ms\)/,
  );
  assert.ok(took < 15000, `took ${took}ms`);
  const helm = runHelm(['spincli'], w.env);
  const rudder = runRudder(['spincli'], w.env);
  assert.equal(helm.stderr, 'Error: plugin error: module closed with context deadline exceeded\n');
  assert.equal(
    rudder.stderr,
    'Error: plugin error: module closed with context deadline exceeded (plugin "spincli" stopped: runtimeConfig.timeout is 1500ms)\n',
  );
  assert.equal(rudder.code, helm.code);
});

test('limits: memory.maxPages stops a plugin that allocates without bound', () => {
  const w = workspace();
  wasmPlugin(
    w,
    'hog',
    'alloc',
    'postrenderer/v1',
    'runtimeConfig:\n  timeout: 60000\n  memory:\n    maxPages: 512\n',
  );
  wasmPlugin(w, 'tiny', 'echo', 'postrenderer/v1', 'runtimeConfig:\n  memory:\n    maxPages: 2\n');
  const t0 = Date.now();
  const r = runRudder(['template', 'r1', hello, '--post-renderer', 'hog'], w.env);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /failed to invoke post-renderer plugin "hog": plugin error: wasm error: unreachable: fatal error: out of memory \(plugin "hog" reached its memory limit: runtimeConfig.memory.maxPages is 512, 32768 KiB\)/,
  );
  assert.ok(Date.now() - t0 < 30000);
  // Under helm the Extism kernel's own 16 pages already exceed 2: helm refuses too.
  assert.match(
    runHelm(['template', 'r1', hello, '--post-renderer', 'tiny'], w.env).stderr,
    /failed to create existing plugin: instantiating extism module: section memory: min 16 pages \(1 Mi\) over limit of 2 pages/,
  );
  const t = runRudder(['template', 'r1', hello, '--post-renderer', 'tiny'], w.env);
  assert.match(
    t.stderr,
    /failed to invoke post-renderer plugin "tiny": failed to create existing plugin: plugin "tiny": memory.maxPages is 2 but the module needs at least \d+ pages/,
  );
});

test('limits: files outside the mapped /tmp are refused, the temp dir works, as helm', () => {
  const w = workspace();
  wasmPlugin(w, 'rd', 'readfile', 'cli/v1');
  wasmPlugin(w, 'rdtmp', 'readfile', 'cli/v1', 'runtimeConfig:\n  fileSystem:\n    createTempDir: true\n');
  wasmPlugin(
    w,
    'rdpost',
    'readfile',
    'postrenderer/v1',
    'runtimeConfig:\n  config:\n    path: /etc/hostname\n',
  );
  const out = same(w, ['rd', join(repoRoot, 'package.json')]);
  assert.equal(out.code, 1);
  assert.match(out.stderr, /^Error: plugin error: open \/.*package.json: Bad file number\n$/);
  same(w, ['rd', '/tmp/probe']);
  assert.equal(same(w, ['rdtmp', '/tmp/probe']).stdout, 'read 15 bytes from /tmp/probe\n');
  same(w, ['rdtmp', '/etc/hostname']);
  const pr = runRudder(['template', 'r1', hello, '--post-renderer', 'rdpost'], w.env);
  assert.match(
    pr.stderr,
    /failed to invoke post-renderer plugin "rdpost": plugin error: open \/etc\/hostname: Bad file number/,
  );
});

test('limits: HTTP only to allowedHosts, bodies up to maxHttpResponseBytes, vars off by default, as helm', () => {
  const w = workspace();
  wasmPlugin(
    w,
    'net',
    'cli',
    'cli/v1',
    'runtimeConfig:\n  allowedHosts: ["127.0.0.*"]\n  memory:\n    maxHttpResponseBytes: 4096\n    maxVarBytes: 1024\n',
  );
  wasmPlugin(w, 'nonet', 'cli', 'cli/v1', 'runtimeConfig:\n  allowedHosts: ["example.com"]\n');
  wasmPlugin(w, 'nobody', 'cli', 'cli/v1', 'runtimeConfig:\n  allowedHosts: ["127.0.0.1"]\n');
  const ok = same(w, ['net', 'http', `${base}/ping`]);
  assert.match(ok.stdout, /status: 200\nbody: pong \/ping\n/);
  assert.match(same(w, ['net', 'var', 'v1']).stdout, /var: v1\n/);
  const denied = runRudder(['nonet', 'http', `${base}/ping`], w.env);
  assert.equal(denied.code, 1);
  assert.match(
    denied.stderr,
    new RegExp(`Error: plugin error: HTTP request to '${base}/ping' is not allowed`),
  );
  assert.match(
    runHelm(['nonet', 'http', `${base}/ping`], w.env).stderr,
    /HTTP request to '.*\/ping' is not allowed/,
  );
  // Helm's defaults: maxHttpResponseBytes 0 refuses any body, maxVarBytes 0 disables vars.
  assert.match(
    runRudder(['nobody', 'http', `${base}/ping`], w.env).stderr,
    /Error: plugin error: http: request body too large/,
  );
  assert.match(runHelm(['nobody', 'http', `${base}/ping`], w.env).stderr, /http: request body too large/);
  assert.match(same(w, ['nobody', 'http', `${base}/empty`]).stdout, /status: 200\nbody: \n/);
  assert.match(
    runRudder(['nobody', 'var', 'x'], w.env).stderr,
    /Error: plugin error: Vars are disabled by this host/,
  );
  assert.match(runHelm(['nobody', 'var', 'x'], w.env).stderr, /Vars are disabled by this host/);
});

test('getter/v1 as a subprocess through the same hook: arguments, environment, stdout bytes, as helm', () => {
  const w = workspace();
  const d = join(w.plugins, 'shget');
  mkdirSync(d);
  const pkg = runRudder(['package', hello, '-d', d], w.env);
  assert.equal(pkg.code, 0, pkg.stderr);
  writeFileSync(
    join(d, 'plugin.yaml'),
    'apiVersion: v1\nname: shget\ntype: getter/v1\nruntime: subprocess\nversion: 0.1.0\nconfig:\n  protocols: [shget]\n' +
      'runtimeConfig:\n  protocolCommands:\n    - protocols: [shget]\n      platformCommand:\n        - command: get.sh\n          args: ["--from", "$HELM_PLUGIN_NAME"]\n',
  );
  writeFileSync(
    join(d, 'get.sh'),
    '#!/bin/sh\necho "args: $*" >&2\necho "user=$HELM_PLUGIN_USERNAME pass-all=$HELM_PLUGIN_PASS_CREDENTIALS_ALL" >&2\n' +
      'case "$*" in *missing*) echo nope >&2; exit 3;; esac\ncat "$HELM_PLUGIN_DIR"/hello-*.tgz\n',
    { mode: 0o755 },
  );
  const r = same(w, ['template', 'r1', 'shget://host/hello.tgz', '--username', 'u1', '--pass-credentials']);
  assert.equal(r.stderr, 'args: --from $HELM_PLUGIN_NAME    shget://host/hello.tgz\nuser=u1 pass-all=true\n');
  assert.match(r.stdout, /# Source: hello\/templates\/configmap.yaml/);
  const bad = runRudder(['template', 'r1', 'shget://host/missing.tgz'], w.env);
  assert.equal(
    bad.stderr.split('\n').slice(0, 3).join('\n'),
    runHelm(['template', 'r1', 'shget://host/missing.tgz'], w.env).stderr.split('\n').slice(0, 3).join('\n'),
  );
  assert.match(
    bad.stderr,
    /Error: plugin &\{\{"v1" "shget" .*\} failed to invoke: plugin "shget" exited with error\n$/,
  );
});
