// What users see when getters go wrong, compared with helm v4.3.2 byte for byte: a getter/v1
// plugin that fails (subprocess, legacy, WASM; through pull, template, -f, --set-file, lint,
// dependency update and repo add: helm prints the plugin object as Go's %q does), values read
// from an oci:// reference (helm's OCI getter pulls them as a chart), and broken plugins in
// HELM_PLUGINS (helm warns about each one at every getter.All, and in yaml.v3's words).
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cleanEnv,
  helmBinary,
  repoRoot,
  rudderBundle,
  runHelm,
  runRudder,
  type RunResult,
} from '../cli/support.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { RegistryClient, sha256Digest } from '../../src/registry/client.js';
import { heapAddress, wasmPluginsDir } from './wasm-support.js';

const root = mkdtempSync(join(tmpdir(), 'rgetter-err-'));
const hello = join(root, 'hello');
cpSync(join(repoRoot, 'examples', 'hello'), hello, { recursive: true });

function plugin(dir: string, name: string, yaml: string, files: Record<string, string> = {}): void {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'plugin.yaml'), yaml);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text, { mode: 0o755 });
}

// Getters that fail: a shell one (exit 3), a legacy one, one with every v1 field set, WASM ones.
const good = join(root, 'plugins');
const fail = { 'get.sh': '#!/bin/sh\necho "no such thing: $4" >&2\nexit 3\n' };
plugin(
  good,
  'shget',
  'apiVersion: v1\nname: shget\ntype: getter/v1\nruntime: subprocess\nversion: 0.1.0\nconfig:\n  protocols: [shget]\n' +
    'runtimeConfig:\n  protocolCommands:\n    - protocols: [shget]\n      platformCommand:\n        - command: get.sh\n',
  fail,
);
plugin(
  good,
  'legget',
  'name: legget\nversion: 0.2.0\nusage: legacy getter\ndescription: "a \\"legacy\\" one"\n' +
    'hooks:\n  install: echo hi "$HELM_PLUGIN_DIR"\n  update: echo up\n' +
    'downloaders:\n  - command: get.sh\n    protocols: [leg1, leg2]\n  - command: other.sh\n    protocols: ["leg3"]\n',
  fail,
);
plugin(
  good,
  'richget',
  'apiVersion: v1\nname: richget\ntype: getter/v1\nruntime: subprocess\nversion: 1.2.3-rc.1+b\nsourceURL: https://example.com/x?q="a"\n' +
    'config:\n  protocols: [rich, rich2]\nruntimeConfig:\n  platformCommand:\n    - os: linux\n      arch: amd64\n      command: x\n' +
    '      args: ["a b", "é\\t"]\n  platformHooks:\n    update:\n      - command: echo\n        args: [u]\n    install:\n' +
    '      - command: echo\n        args: [i, "$HELM_PLUGIN_NAME"]\n  protocolCommands:\n    - protocols: [rich2]\n' +
    '      platformCommand:\n        - command: nope.sh\n    - protocols: [rich]\n      platformCommand:\n' +
    '        - os: windows\n          command: x.exe\n        - command: get.sh\n          args: ["--flag", "v"]\n',
  fail,
);
plugin(
  good,
  'wget',
  'apiVersion: v1\nname: wget\ntype: getter/v1\nruntime: extism/v1\nversion: 0.1.0\nconfig:\n  protocols: [wasm]\n',
);
plugin(
  good,
  'wrich',
  'apiVersion: v1\nname: wrich\ntype: getter/v1\nruntime: extism/v1\nversion: 0.1.0\nconfig:\n  protocols: [wr]\n' +
    'runtimeConfig:\n  memory:\n    maxPages: 1000\n    maxHttpResponseBytes: 5\n    maxVarBytes: 7\n  config:\n    zeta: "z z"\n' +
    '    greeting: hello\n  allowedHosts: [a.example, "*.b"]\n  fileSystem:\n    createTempDir: true\n  timeout: 30000\n' +
    '  hostFunctions: [f1, f2]\n  entryFuncName: helm_plugin_main\n',
);

// Broken plugins next to a working getter: each is skipped with a warning.
const broken = join(root, 'broken');
plugin(broken, 'syntax', 'apiVersion: v1\nname: syntax\n  bad: [\n');
plugin(broken, 'seq', '- a\n- b\n');
plugin(
  broken,
  'badtype',
  'apiVersion: v1\nname: badtype\ntype: nope/v1\nruntime: subprocess\nversion: 0.1.0\n',
);
plugin(
  broken,
  'wasmless',
  'apiVersion: v1\nname: wasmless\ntype: getter/v1\nruntime: extism/v1\nversion: 0.1.0\nconfig:\n  protocols: [wl]\n',
);
cpSync(join(good, 'shget'), join(broken, 'shget'), { recursive: true });

function chartWithDependency(name: string, repository: string): string {
  const d = join(root, name);
  mkdirSync(d);
  writeFileSync(
    join(d, 'Chart.yaml'),
    `apiVersion: v2\nname: ${name}\nversion: 0.1.0\ndependencies:\n  - name: y\n    version: 1.0.0\n    repository: ${repository}\n`,
  );
  return d;
}
const depShell = chartWithDependency('depshell', 'shget://x/repo');
const depWasm = chartWithDependency('depwasm', 'wasm://x/repo');

let reg: Registry;
let plain: Registry;
before(async () => {
  for (const n of ['wget', 'wrich'])
    copyFileSync(join(wasmPluginsDir(), 'getter.wasm'), join(good, n, 'plugin.wasm'));
  reg = await startRegistry({ tls: true });
  plain = await startRegistry();
  const env = cleanEnv({ SSL_CERT_FILE: reg.caFile! });
  assert.equal(runHelm(['package', hello, '-d', root], env).code, 0);
  const tgz = join(root, 'hello-0.1.0.tgz');
  assert.equal(runHelm(['push', tgz, `oci://${reg.host}/charts`], env).code, 0);
  assert.equal(runHelm(['push', tgz, `oci://${plain.host}/charts`, '--plain-http'], env).code, 0);
  // A "chart" whose layer is a YAML text: helm reads it as values.
  const c = new RegistryClient(reg.host, { caFile: reg.caFile });
  const cfg = Buffer.from('{"name":"vals","version":"1.0.0"}');
  const yaml = Buffer.from('greeting: from a registry\nextra: 7\n');
  await c.pushBlob('v/vals', cfg);
  await c.pushBlob('v/vals', yaml);
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.cncf.helm.config.v1+json',
      digest: sha256Digest(cfg),
      size: cfg.length,
    },
    layers: [
      {
        mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
        digest: sha256Digest(yaml),
        size: yaml.length,
      },
    ],
  };
  await c.pushManifest('v/vals', '1.0.0', Buffer.from(JSON.stringify(manifest)));
});
after(async () => {
  await reg?.stop();
  await plain?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Runs ARGS with both tools, each with a fresh home; returns helm's result after comparing. */
function same(args: string[], plugins = good, extra: Record<string, string> = {}): RunResult {
  const out: RunResult[] = [];
  for (const run of [runHelm, runRudder]) {
    const home = mkdtempSync(join(root, 'home-'));
    const r = run(args, cleanEnv({ HOME: home, HELM_PLUGINS: plugins, ...extra }), root);
    const n = (s: string): string => heapAddress(s.replaceAll(home, '<home>')).replace(/time=\S+ /g, '');
    out.push({ code: r.code, stdout: n(r.stdout), stderr: n(r.stderr) });
    rmSync(home, { recursive: true, force: true });
  }
  assert.deepEqual(out[1], out[0], args.join(' '));
  return out[0]!;
}

test('a failing getter plugin: helm prints the plugin object as Go %q does, rudder the same', () => {
  const cases = [
    ['pull', 'shget://x/c-1.0.0.tgz'],
    ['pull', 'leg3://x/c-1.0.0.tgz'],
    ['pull', 'rich://x/c-1.0.0.tgz'],
    ['pull', 'rich2://x/c-1.0.0.tgz'],
    ['pull', 'wasm://x/bad.tgz'],
    ['pull', 'wr://x/c-1.0.0.tgz'],
    ['template', 'x', 'leg1://x/c-1.0.0.tgz'],
    ['template', 'x', 'wasm://x/bad.tgz'],
    // --debug: the command run and how it failed, as helm logs them.
    ['template', 'x', 'leg1://x/c-1.0.0.tgz', '--debug'],
    ['template', 'x', hello, '-f', 'rich://x/values.yaml', '--debug'],
    ['template', 'x', hello, '-f', 'shget://x/values.yaml'],
    ['template', 'x', hello, '-f', 'wasm://x/values.yaml'],
    ['template', 'x', hello, '--set-file', 'a=rich://x/a.txt'],
    ['lint', hello, '-f', 'wr://x/values.yaml'],
    ['dependency', 'update', depShell],
    ['dependency', 'update', depWasm],
    ['dependency', 'build', depShell],
    ['repo', 'add', 'r', 'shget://x/repo'],
    ['repo', 'add', 'w', 'wasm://x/repo'],
  ];
  for (const args of cases) {
    const h = same(args);
    assert.equal(h.code, 1, args.join(' '));
    assert.match(
      h.stdout + h.stderr,
      /plugin &\{\{"(v1|legacy)" "\w+" "getter\/v1" .*\} failed to invoke: /,
      args.join(' '),
    );
  }
});

test('--debug: a failing subprocess getter and post-renderer are logged as helm logs them', () => {
  const d = same(['template', 'x', hello, '-f', 'rich://x/values.yaml', '--debug']);
  assert.match(
    d.stderr,
    /msg="executing plugin command" pluginName=richget command=".*\/get.sh --flag v {4}rich:/,
  );
  assert.match(
    d.stderr,
    /msg="plugin execution failed" pluginName=richget error="exit status 3" exitCode=3 stderr=""/,
  );
  const pr = join(root, 'prplugins');
  plugin(
    pr,
    'fpr',
    'apiVersion: v1\nname: fpr\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n' +
      '  platformCommand:\n    - command: sh\n      args: ["-c", "echo bad >&2; exit 5"]\n',
  );
  const f = same(['template', 'x', hello, '--post-renderer', 'fpr', '--debug'], pr);
  assert.match(f.stderr, /msg="plugin execution failed" pluginName=fpr error="exit status 5" exitCode=5/);
});

test('-f oci://: values pulled as a chart by a default registry client, as helm', () => {
  const env = { SSL_CERT_FILE: reg.caFile! };
  const ok = same(['template', 'x', hello, '-f', `oci://${reg.host}/v/vals:1.0.0`], good, env);
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /from a registry/);
  const cases = [
    // A real chart archive is no YAML; no tag; a missing tag; `+` in a tag.
    [`oci://${reg.host}/charts/hello:0.1.0`, /failed to parse .*control characters are not allowed/],
    [`oci://${reg.host}/charts/hello`, /FetchReference" on source: invalid reference/],
    [`oci://${reg.host}/charts/hello:9.9.9`, /hello:9.9.9: not found/],
    [`oci://${reg.host}/v/vals:1.0.0+x`, /vals:1.0.0_x: not found/],
    // `.prov` asks for the provenance layer only.
    [`oci://${reg.host}/v/vals:1.0.0.prov`, /does not contain a layer with mediatype .*provenance/],
    // The tag wins over a digest; HTTPS only (no --plain-http for values).
    [`oci://${reg.host}/v/vals:1.0.0@sha256:${'0'.repeat(64)}`, /^$/],
    [`oci://${plain.host}/charts/hello:0.1.0`, /server gave HTTP response to HTTPS client/],
    ['oci://', /invalid reference: missing registry or repository/],
  ] as const;
  for (const [ref, want] of cases) {
    const r = same(['template', 'x', hello, '-f', ref, '--show-only', 'templates/configmap.yaml'], good, env);
    assert.match(r.stderr, want, ref);
  }
  // Without the CA the registry's certificate is refused; --set-file reads the same way.
  same(['template', 'x', hello, '-f', `oci://${reg.host}/v/vals:1.0.0`]);
  const sf = same(['template', 'x', hello, '--set-file', `extra=oci://${reg.host}/v/vals:1.0.0`], good, env);
  assert.equal(sf.code, 0);
});

test('broken plugins: the same warnings, as often as helm gives them (each getter.All)', () => {
  const cases = [
    ['template', 'x', hello],
    ['template', 'x', hello, '-f', 'shget://x/values.yaml'],
    ['template', 'x', 'shget://x/c-1.0.0.tgz'],
    ['template', 'x', 'r/hello'],
    ['template', 'x', 'y', '--repo', 'http://127.0.0.1:1/'],
    ['template', 'x', join(root, 'nonexistent')],
    ['pull', 'shget://x/c-1.0.0.tgz'],
    ['pull', 'oci://127.0.0.1:1/x:1'],
    ['pull', 'x', '--repo', 'http://127.0.0.1:1/'],
    ['repo', 'add', 'r', 'http://127.0.0.1:1/x'],
    ['repo', 'add', 'r', 'shget://x/repo'],
    ['repo', 'add', 'r', 'nothing://x'],
    ['lint', hello],
    ['package', hello, '-d', join(root, 'nonexistent')],
    ['dependency', 'update', depShell],
    ['dependency', 'build', hello],
    ['show', 'chart', 'r/x'],
    ['plugin', 'list'],
    ['version'],
  ];
  for (const args of cases) {
    const h = same(args, broken);
    assert.match(h.stderr, /plugin_yaml=\S+\/wasmless\/plugin.yaml/, args.join(' '));
  }
  // repo update: one getter.All per repository, then its scheme's getter, before any download.
  const repos = join(root, 'repositories.yaml');
  writeFileSync(
    repos,
    'apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: a\n  url: http://127.0.0.1:1/a\n' +
      '- name: b\n  url: nothing://x/b\n',
  );
  const ru = same(['repo', 'update'], broken, { HELM_REPOSITORY_CONFIG: repos });
  assert.match(ru.stderr, /\nError: could not find protocol handler for: nothing\n$/);
  assert.equal(ru.stderr.split('\n').filter((l) => l.includes('/wasmless/')).length, 3);
  same(['repo', 'update', 'a'], broken, { HELM_REPOSITORY_CONFIG: repos });
  const warnings = (args: string[]): number =>
    same(args, broken)
      .stderr.split('\n')
      .filter((l) => l.includes('/wasmless/')).length;
  assert.equal(warnings(['template', 'x', hello]), 2);
  assert.equal(warnings(['template', 'x', 'y', '--repo', 'http://127.0.0.1:1/']), 3);
});

test("a malformed plugin.yaml: yaml.v3's words for its first document", () => {
  const texts = [
    'apiVersion: v1\nname: x\n  bad: [\n',
    'name: [a\n',
    'a: *x\n',
    'a: "x\n',
    'a:\n\t- b\n',
    'a: b\n---\nc: [\n',
    '# only a comment\n',
    '- a\n',
    'hello\n',
    '123\n',
    '"a long text, longer than ten"\n',
    'apiVersion: [a]\n',
    '\n\napiVersion:\n  k: v\n',
    'apiVersion: 1\nname: x\n',
    'name: x\nversion: 0.1.0\ncommand: echo\n---\n---\nname: y\n',
  ];
  texts.forEach((text, i) => {
    const dir = join(root, `yaml-${i}`);
    plugin(dir, 'p', text);
    const r = same(['plugin', 'list'], dir);
    assert.ok(r.stderr !== '' || r.stdout.includes('legacy'), text);
  });
});

test('getter plugins come from HELM_PLUGINS taken whole (not as a path list), as in helm', () => {
  const r = same(['pull', 'shget://x/c-1.0.0.tgz'], `${good}:${join(root, 'elsewhere')}`);
  assert.match(r.stderr, /^Error: scheme "shget" not supported\n$/);
});

test("plugin install of an http archive: helm's bare settings scan the working directory", async () => {
  const src = join(root, 'httpsrc');
  mkdirSync(join(src, 'hp'), { recursive: true });
  writeFileSync(
    join(src, 'hp', 'plugin.yaml'),
    'apiVersion: v1\nname: hp\ntype: cli/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n  platformCommand:\n    - command: echo\n',
  );
  const tgz = join(root, 'hp-0.1.0.tgz');
  assert.equal(spawnSync('tar', ['-C', src, '-czf', tgz, 'hp']).status, 0);
  const server = createServer((_req, res) => res.end(readFileSync(tgz)));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const port = (server.address() as AddressInfo).port;
    // The working directory holds a broken plugin and a getter for http (helm's own comes first).
    const cwd = join(root, 'httpcwd');
    plugin(cwd, 'brokenp', 'apiVersion: v1\nname: x\n  bad: [\n');
    cpSync(join(good, 'shget'), join(cwd, 'shget'), { recursive: true });
    const args = ['plugin', 'install', `http://127.0.0.1:${port}/hp-0.1.0.tgz`, '--verify=false'];
    const results: RunResult[] = [];
    for (const [cmd, pre] of [
      [helmBinary(), []],
      [process.execPath, [rudderBundle()]],
    ] as const) {
      const home = mkdtempSync(join(root, 'home-'));
      const env = cleanEnv({ HOME: home, HELM_PLUGINS: join(home, 'plugins') });
      // The server runs in this process: the tools run asynchronously.
      const r = await new Promise<RunResult>((done) => {
        execFile(cmd, [...pre, ...args], { env, cwd }, (err, stdout, stderr) =>
          done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr: stderr.replace(/time=\S+ /g, '') }),
        );
      });
      results.push({
        ...r,
        stdout: r.stdout.replaceAll('rudder', 'helm'),
        stderr: r.stderr.replaceAll('rudder', 'helm'),
      });
      rmSync(home, { recursive: true, force: true });
    }
    assert.deepEqual(results[1], results[0]);
    assert.match(results[0]!.stderr, /plugin_yaml=brokenp\/plugin.yaml/);
    assert.equal(results[0]!.code, 0);
  } finally {
    server.close();
  }
});
