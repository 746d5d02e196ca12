// Chart repositories behind a URL scheme a getter/v1 plugin serves (a shell getter reading
// `myfs://local/<path>` from disk): `repo add` (index through the plugin, credentials passed on),
// `repo update`, `search repo`, `pull myrepo/chart`, `template`/`show` of `myrepo/chart`, and
// `dependency update|build` with such a repository, by URL and by @alias — output, exit code,
// files written (repositories.yaml, index cache, archives, Chart.lock) compared with helm v4.3.2.
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
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
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { heapAddress } from './wasm-support.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-scheme-'));
const plugins = join(root, 'plugins');
const repoDir = join(root, 'repo');
const repoURL = `myfs://local${repoDir}`;
let comparisons = 0;

after(() => {
  process.stdout.write(`# plugin-scheme repository comparisons with helm: ${comparisons}\n`);
  rmSync(root, { recursive: true, force: true });
});

before(() => {
  const d = join(plugins, 'fsget');
  mkdirSync(d, { recursive: true });
  writeFileSync(
    join(d, 'plugin.yaml'),
    'apiVersion: v1\nname: fsget\ntype: getter/v1\nruntime: subprocess\nversion: 0.1.0\nconfig:\n  protocols: [myfs]\n' +
      'runtimeConfig:\n  protocolCommands:\n    - protocols: [myfs]\n      platformCommand:\n        - command: get.sh\n',
  );
  // What the plugin was given goes to stderr (the terminal's, for both tools).
  writeFileSync(
    join(d, 'get.sh'),
    '#!/bin/sh\necho "get $4 user=$HELM_PLUGIN_USERNAME pass=$HELM_PLUGIN_PASSWORD" >&2\n' +
      'p="${4#myfs://local}"\n[ -f "$p" ] || { echo "no file $p" >&2; exit 2; }\nexec cat "$p"\n',
    { mode: 0o755 },
  );
  mkdirSync(repoDir);
  const env = cleanEnv();
  for (const v of ['0.1.0', '0.2.0']) {
    const src = join(root, 'src', v, 'hello');
    cpSync(join(repoRoot, 'examples', 'hello'), src, { recursive: true });
    const chartYaml = readFileSync(join(src, 'Chart.yaml'), 'utf8').replace(
      /^version: .*$/m,
      `version: ${v}`,
    );
    writeFileSync(join(src, 'Chart.yaml'), chartYaml);
    assert.equal(runHelm(['package', src, '-d', repoDir], env).code, 0);
  }
  assert.equal(runHelm(['repo', 'index', repoDir, '--url', repoURL], env).code, 0);
});

interface Side {
  env: Record<string, string>;
  cwd: string;
}

/** A fresh HOME and working directory per tool. */
function sides(): { h: Side; r: Side } {
  const make = (): Side => {
    const cwd = mkdtempSync(join(root, 'ws-'));
    return { cwd, env: cleanEnv({ HELM_PLUGINS: plugins, HOME: cwd }) };
  };
  return { h: make(), r: make() };
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    try {
      out[f] = readFileSync(join(dir, f), 'utf8').replace(/generated: .*/g, 'generated: T');
    } catch {
      out[f] = '<dir>';
    }
  }
  return out;
}

/** Runs ARGS with both tools (each in its side), compares output and exit code; returns helm's. */
function same(s: { h: Side; r: Side }, args: string[]): RunResult {
  const n = (x: RunResult, side: Side): RunResult => ({
    code: x.code,
    stdout: x.stdout.replaceAll(side.cwd, '<ws>'),
    stderr: heapAddress(x.stderr.replaceAll(side.cwd, '<ws>')),
  });
  const h = n(runHelm(args, s.h.env, s.h.cwd), s.h);
  const r = n(runRudder(args, s.r.env, s.r.cwd), s.r);
  comparisons++;
  assert.deepEqual(r, h, args.join(' '));
  return h;
}

function sameFiles(s: { h: Side; r: Side }, rel: string): void {
  comparisons++;
  assert.deepEqual(files(join(s.r.cwd, rel)), files(join(s.h.cwd, rel)), rel);
}

test('repo add/update/search, pull and template of myrepo/chart through a getter plugin', () => {
  const s = sides();
  let r = same(s, ['repo', 'add', 'myrepo', repoURL, '--username', 'u', '--password', 'p']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `get ${repoURL}/index.yaml user=u pass=p\n`);
  sameFiles(s, '.config/helm');
  sameFiles(s, '.cache/helm/repository');
  assert.equal(same(s, ['repo', 'update']).code, 0);
  assert.match(same(s, ['search', 'repo', 'myrepo', '--versions']).stdout, /myrepo\/hello\s+0\.2\.0/);
  r = same(s, ['pull', 'myrepo/hello', '--version', '0.1.0']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `get ${repoURL}/hello-0.1.0.tgz user=u pass=p\n`);
  same(s, ['pull', 'myrepo/hello', '--untar', '-d', 'out']);
  sameFiles(s, 'out');
  r = same(s, ['template', 'rel', 'myrepo/hello']);
  assert.match(r.stdout, /# Source: hello\/templates\//);
  same(s, ['show', 'chart', 'myrepo/hello', '--version', '0.1.0']);
  // A chart the index does not have; a repository whose index the plugin cannot get.
  assert.equal(same(s, ['pull', 'myrepo/nothere']).code, 1);
  r = same(s, ['repo', 'add', 'broken', 'myfs://local/nowhere']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /looks like "myfs:\/\/local\/nowhere" is not a valid chart repository or cannot be reached: plugin &\{\{"v1" "fsget" .*\} failed to invoke: plugin "fsget" exited with error/,
  );
  // A scheme no plugin serves.
  assert.match(
    same(s, ['repo', 'add', 'nope', 'nofs://x/y']).stderr,
    /could not find protocol handler for: nofs/,
  );
  sameFiles(s, '.config/helm');
});

test('dependency update|build from a plugin-scheme repository, by URL and by @alias', () => {
  for (const repository of [repoURL, '@myrepo']) {
    const s = sides();
    for (const side of [s.h, s.r]) {
      const c = join(side.cwd, 'parent');
      mkdirSync(join(c, 'templates'), { recursive: true });
      writeFileSync(
        join(c, 'Chart.yaml'),
        `apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: hello\n    version: "~0.1.0"\n    repository: "${repository}"\n`,
      );
    }
    assert.equal(same(s, ['repo', 'add', 'myrepo', repoURL]).code, 0);
    const r = same(s, ['dependency', 'update', 'parent']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Downloading hello from repo myfs:\/\/local/);
    sameFiles(s, 'parent');
    rmSync(join(s.h.cwd, 'parent', 'charts'), { recursive: true });
    rmSync(join(s.r.cwd, 'parent', 'charts'), { recursive: true });
    assert.equal(same(s, ['dependency', 'build', 'parent']).code, 0);
    sameFiles(s, 'parent');
    assert.match(same(s, ['template', 'rel', 'parent']).stdout, /# Source: parent\/charts\/hello\//);
  }
});
