// bin/rudder's start-up path: the V8 code cache it loads is an optimisation only. A cache that is
// not one, truncated or made under other V8 flags must give the same output as no cache at all
// (and as helm v4.3.2), and be replaced by a good one at exit (V8 verifies no checksum of a
// cache's body in release builds: a flipped bit inside is not caught, so caches are only ever
// written whole, by rename); `node bin/rudder` without the
// shebang's flags runs itself again with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, requireHelm } from '../support/corpus.js';

const bin = join(REPO_ROOT, 'bin', 'rudder');
const hello = join(REPO_ROOT, 'examples', 'hello');

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
};

/** The chunks of dist/rudder.cjs by name: their content hashes (scripts/build.mjs). */
function chunkIds(): Map<string, string> {
  const first = readFileSync(join(REPO_ROOT, 'dist', 'rudder.cjs'), 'latin1').split('\n', 1)[0]!;
  const ids = new Map<string, string>();
  for (const f of first.split(' ').slice(4)) ids.set(f.split(':')[0]!, f.split(':')[1]!);
  return ids;
}

/** The user cache file bin/rudder reads first for a chunk, its shebang's flags and this Node. */
function cacheFile(xdg: string, chunk = 'core'): string {
  const id = chunkIds().get(chunk)!;
  const flags = readFileSync(bin, 'latin1').split('\n', 1)[0]!.split(' ').slice(3).join(' ');
  let fnv = 0x811c9dc5;
  for (const c of flags) fnv = Math.imul(fnv ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return join(xdg, 'rudder', 'v8', `${id}-${fnv.toString(16)}-${process.version}-${process.arch}.bin`);
}

/**
 * A chart whose rendering loads the Go regexp chunk (a pattern outside the subset V8 runs,
 * src/funcs/regex-js.ts) and the full YAML reader.
 */
function regexpChart(dir: string): string {
  const chart = join(dir, 'regexp-chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: regexp\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'a: &x 1\nb: *x\nc: !!str 3\n');
  writeFileSync(
    join(chart, 'templates', 'cm.yaml'),
    'v: {{ semverCompare ">=1.0" "1.2.3" }} {{ regexFind "(?i)b+" "abbbc" }} {{ .Values.b }}\n',
  );
  return chart;
}

test('a bad code cache never changes what rudder prints, and is replaced', () => {
  const helm = requireHelm();
  const dir = mkdtempSync(join(tmpdir(), 'rudder-startup-'));
  try {
    const base = { HOME: join(dir, 'home'), PATH: process.env.PATH ?? '' };
    const commands = [
      ['version'],
      ['template', 'hello', hello, '--namespace', 'demo'],
      ['template', 'r', regexpChart(dir)],
    ];
    const want = commands.map((args) => run(helm, args, { ...base, XDG_CACHE_HOME: join(dir, 'helm') }));
    const shipped = join(REPO_ROOT, 'dist', 'v8', cacheFile(dir).split('/').pop()!);
    const good = readFileSync(shipped);
    // A cache recorded for this bundle under other V8 flags than the shebang's.
    const otherOut = join(dir, 'other');
    const rec = run(process.execPath, ['--stack-size=6000', '--max-semi-space-size=2', bin, 'version'], {
      ...base,
      XDG_CACHE_HOME: join(dir, 'rec'),
      RUDDER_CODE_CACHE_OUT: otherOut,
    });
    assert.equal(rec.code, 0, rec.stderr);
    const otherFlags = readFileSync(
      join(
        otherOut,
        readdirSync(otherOut).find((f) => f.startsWith(`${chunkIds().get('core')}-`))!,
      ),
    );
    const bad: [string, Buffer | undefined][] = [
      ['garbage', Buffer.from('not a V8 code cache at all')],
      ['truncated', good.subarray(0, good.length >> 1)],
      ['empty', Buffer.alloc(0)],
      ['other flags', otherFlags],
      ['none', undefined],
    ];
    let n = 0;
    for (const [label, bytes] of bad) {
      const xdg = join(dir, `xdg-${n++}`);
      const file = cacheFile(xdg);
      // The core's cache and a later chunk's (Go regexps, loaded by the third command).
      const re2 = cacheFile(xdg, 're2');
      if (bytes) {
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, bytes);
        writeFileSync(re2, bytes);
      }
      commands.forEach((args, i) => {
        const got = run(bin, args, { ...base, XDG_CACHE_HOME: xdg });
        assert.equal(got.code, want[i]!.code, `${label} ${args[0]}: ${got.stderr}`);
        assert.equal(got.stdout, want[i]!.stdout, `${label} ${args[0]}`);
        assert.equal(got.stderr, want[i]!.stderr, `${label} ${args[0]}`);
      });
      // A rejected cache is recorded anew; with none, the shipped one is used and nothing written.
      if (!bytes) assert.ok(!existsSync(file), 'the shipped cache is found under the same name');
      if (!bytes) assert.ok(!existsSync(re2), 'the shipped cache of a later chunk is found too');
      if (bytes) {
        for (const f of [file, re2]) {
          const now = readFileSync(f);
          assert.ok(now.length > 1000 && !now.equals(bytes), `${label}: a good cache replaces it`);
        }
      }
    }
    // Without the shebang's flags (`node bin/rudder`): the same output, through the re-run.
    const plain = run(process.execPath, [bin, ...commands[1]!], { ...base, XDG_CACHE_HOME: join(dir, 'p') });
    assert.equal(plain.stdout, want[1]!.stdout);
    assert.equal(plain.code, 0, plain.stderr);
    // No code cache at all.
    const off = run(bin, commands[1]!, {
      ...base,
      XDG_CACHE_HOME: join(dir, 'off'),
      RUDDER_NO_CODE_CACHE: '1',
    });
    assert.equal(off.stdout, want[1]!.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The start-up path reads, compiles and runs only the core chunk for the commands that render
// charts locally (lint adds its rules); the others load what they use when they first use it.
test('template, show, lint and version load no chunk of the cluster, repository, registry or plugin code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-chunks-'));
  try {
    const env = { HOME: join(dir, 'home'), PATH: process.env.PATH ?? '', RUDDER_TRACE_CHUNKS: '1' };
    const loads = (args: string[]): string[] => {
      const r = run(bin, args, env);
      return [...r.stderr.matchAll(/^rudder: chunk (\S+)$/gm)].map((m) => m[1]!);
    };
    for (const args of [['version'], ['template', 'hello', hello], ['show', 'all', hello], ['--help']])
      assert.deepEqual(loads(args), ['core'], args.join(' '));
    // lint: its own rules' chunk besides.
    assert.deepEqual(loads(['lint', hello]), ['core', 'lint']);
    // The YAML package's chunk too, while the fast reader leaves anchors to it (src/yaml).
    const regexp = loads(['template', 'r', regexpChart(dir)]);
    assert.ok(regexp[0] === 'core' && regexp.includes('re2'), regexp.join(' '));
    // `list` without a cluster: the release storage and Kubernetes client chunk, then its error.
    assert.ok(loads(['list', '--kubeconfig', join(dir, 'none')]).includes('kube'));
    assert.deepEqual(loads(['show', 'values', '--jsonpath', '{.a}', hello]), ['core', 'jsonpath']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
