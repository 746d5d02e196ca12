// Commands that look up several getter plugins: helm scans HELM_PLUGINS again at each getter.All
// and warns about each broken plugin every time; rudder reads the directory once per command and
// repeats the warnings at each call. Compared with helm v4.3.2 byte for byte, with a working
// getter/v1 plugin serving values, a repository index and a chart archive next to broken plugins.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from '../cli/support.js';

const root = mkdtempSync(join(tmpdir(), 'rgetter-scan-'));
const hello = join(root, 'hello');
cpSync(join(repoRoot, 'examples', 'hello'), hello, { recursive: true });
const served = join(root, 'served');
const plugins = join(root, 'plugins');

function plugin(name: string, yaml: string, files: Record<string, string> = {}): void {
  const d = join(plugins, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'plugin.yaml'), yaml);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text, { mode: 0o755 });
}

// The getter is called as `get.sh certFile keyFile caFile URL`.
plugin(
  'okget',
  'apiVersion: v1\nname: okget\ntype: getter/v1\nruntime: subprocess\nversion: 0.1.0\nconfig:\n  protocols: [okget, ok2]\n' +
    'runtimeConfig:\n  protocolCommands:\n    - protocols: [okget, ok2]\n      platformCommand:\n        - command: get.sh\n',
  {
    'get.sh':
      '#!/bin/sh\ncase "$4" in\n' +
      `  */index.yaml) cat '${served}/index.yaml' ;;\n` +
      `  *.tgz) cat '${served}'/"$(basename "$4")" ;;\n` +
      '  *.txt) printf "some text" ;;\n' +
      '  *) printf "from: %s\\n" "$4" ;;\nesac\n',
  },
);
plugin('syntax', 'apiVersion: v1\nname: syntax\n  bad: [\n');
plugin('seq', '- a\n- b\n');
plugin(
  'wasmless',
  'apiVersion: v1\nname: wasmless\ntype: getter/v1\nruntime: extism/v1\nversion: 0.1.0\nconfig:\n  protocols: [wl]\n',
);

before(() => {
  mkdirSync(served);
  const env = cleanEnv();
  assert.equal(runHelm(['package', hello, '-d', served], env).code, 0);
  const other = join(root, 'other');
  cpSync(hello, other, { recursive: true });
  writeFileSync(join(other, 'Chart.yaml'), 'apiVersion: v2\nname: other\nversion: 0.2.0\n');
  assert.equal(runHelm(['package', other, '-d', served], env).code, 0);
  assert.equal(runHelm(['repo', 'index', served, '--url', 'okget://x/charts'], env).code, 0);
});
after(() => rmSync(root, { recursive: true, force: true }));

const warnings = (r: RunResult): number =>
  r.stderr.split('\n').filter((l) => l.includes('level=WARN')).length;

/**
 * ARGS with both tools, each with a fresh home (for the chart directories args makes there).
 * `parallel`: helm updates repositories in goroutines, so its lines come in any order: compared sorted.
 */
function same(
  args: (dir: string) => string[],
  extra: Record<string, string> = {},
  parallel = false,
): RunResult {
  const out: RunResult[] = [];
  let label = '';
  for (const run of [runHelm, runRudder]) {
    const home = mkdtempSync(join(root, 'home-'));
    const argv = args(home);
    label = argv.join(' ').replaceAll(home, '<home>');
    const r = run(argv, cleanEnv({ HOME: home, HELM_PLUGINS: plugins, ...extra }), root);
    const sorted = (s: string): string => (parallel ? s.split('\n').sort().join('\n') : s);
    const n = (s: string): string => sorted(s.replaceAll(home, '<home>').replace(/time=\S+ /g, ''));
    out.push({ code: r.code, stdout: n(r.stdout), stderr: n(r.stderr) });
    rmSync(home, { recursive: true, force: true });
  }
  assert.deepEqual(out[1], out[0], label);
  return out[0]!;
}

test('several getter lookups in one command: the warnings as often and in the order helm gives them', () => {
  // Values from three URLs of two schemes served by one plugin.
  const t = same(() => [
    'template',
    'x',
    hello,
    '-f',
    'okget://x/a.yaml',
    '-f',
    'ok2://y/b.yaml',
    '--set-file',
    'c=okget://x/c.txt',
    '--show-only',
    'templates/configmap.yaml',
  ]);
  assert.equal(t.code, 0);
  assert.ok(warnings(t) >= 6, t.stderr); // three broken plugins, at least twice
  assert.equal(warnings(t) % 3, 0);
  // A chart from a getter-served repository: getter.All for --repo and for the download.
  const p = same((home) => ['pull', 'hello', '--repo', 'okget://x/charts', '-d', home]);
  assert.equal(p.code, 0);
  assert.ok(warnings(p) >= 6, p.stderr);
  // Two dependencies from two getter-served repositories.
  const d = same(
    (home) => {
      const chart = join(home, 'parent');
      mkdirSync(chart);
      writeFileSync(
        join(chart, 'Chart.yaml'),
        'apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n' +
          '  - name: hello\n    version: 0.1.0\n    repository: okget://x/charts\n' +
          '  - name: other\n    version: 0.2.0\n    repository: ok2://y/charts\n',
      );
      return ['dependency', 'update', chart];
    },
    {},
    true,
  );
  assert.equal(d.code, 0);
  assert.ok(warnings(d) >= 6, d.stderr);
  // repo update over three repositories: one getter.All for each.
  const repos = join(root, 'repositories.yaml');
  writeFileSync(
    repos,
    'apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n' +
      ['a', 'b', 'c'].map((n) => `- name: ${n}\n  url: okget://${n}/charts\n`).join(''),
  );
  const u = same(() => ['repo', 'update'], { HELM_REPOSITORY_CONFIG: repos }, true);
  assert.equal(u.code, 0);
  assert.ok(warnings(u) >= 9, u.stderr);
});
