// `plugin install` from a git repository (file:// URL to a local repository with tags): the
// verification refusal, --version as a semver constraint or a ref, the default branch, unknown
// versions, and the installed tree, each compared with helm v4.3.2.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-vcs-'));
after(() => rmSync(root, { recursive: true, force: true }));

const repo = join(root, 'gitplug');
const g = (...args: string[]): void => {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd: repo,
    stdio: 'ignore',
  });
};
function commit(version: string, tag?: string, extra = ''): void {
  writeFileSync(
    join(repo, 'plugin.yaml'),
    `apiVersion: v1\nname: gitplug\ntype: cli/v1\nruntime: subprocess\nversion: ${version}\nruntimeConfig:\n  platformCommand:\n    - command: echo\n      args: [v${version}]\n${extra}`,
  );
  g('add', '.');
  g('commit', '-qm', version);
  if (tag) g('tag', tag);
}
mkdirSync(repo);
g('init', '-q', '-b', 'main');
commit('1.0.0', 'v1.0.0');
commit('1.1.0', 'v1.1.0');
commit('2.0.0', '2.0.0');
commit('2.1.0-dev');

function workspace(): Record<string, string> {
  const w = mkdtempSync(join(root, 'ws-'));
  return cleanEnv({
    HELM_PLUGINS: join(w, 'data', 'plugins'),
    HELM_DATA_HOME: join(w, 'data'),
    HELM_CACHE_HOME: join(w, 'cache'),
    HELM_CONFIG_HOME: join(w, 'config'),
  });
}

const tree = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true })
        .map(String)
        .filter((x) => !x.includes('.git/') && !x.includes('.rudder-install-'))
        .sort()
    : [];

test('git repositories: --verify refusal, --version constraints and refs, as helm', () => {
  const src = `file://${repo}`;
  for (const extra of [
    [],
    ['--verify=false'],
    ['--verify=false', '--version', '~1.0.0'],
    ['--verify=false', '--version', '^1'],
    ['--verify=false', '--version', 'v1.1.0'],
    ['--verify=false', '--version', '>=2'],
    ['--verify=false', '--version', '~7'],
    ['--verify=false', '--version', 'main'],
  ]) {
    const henv = workspace();
    const renv = workspace();
    const args = ['plugin', 'install', src, ...extra];
    const norm = (r: RunResult, e: Record<string, string>): RunResult => ({
      ...r,
      stderr: r.stderr.replaceAll(dirname(e.HELM_DATA_HOME!), '<ws>').replace(/time=\S+ /g, ''),
    });
    const h = norm(runHelm(args, henv), henv);
    const r = norm(runRudder(args, renv), renv);
    assert.deepEqual(r, h, args.join(' '));
    assert.deepEqual(tree(renv.HELM_DATA_HOME!), tree(henv.HELM_DATA_HOME!));
    if (h.code === 0) {
      const yaml = (e: Record<string, string>): string =>
        readFileSync(join(e.HELM_PLUGINS!, 'gitplug', 'plugin.yaml'), 'utf8');
      assert.equal(yaml(renv), yaml(henv));
      assert.deepEqual(runRudder(['gitplug'], renv), runHelm(['gitplug'], henv));
      // The other tool lists it and runs it too.
      assert.deepEqual(runHelm(['plugin', 'list'], renv), runRudder(['plugin', 'list'], renv));
    }
  }
});

// `plugin update` on git checkouts (VCSInstaller.Update): both tools install, the source moves on,
// both update; output, exit code, the tree (untracked files are cleaned) and the checked-out commit
// are compared.
test('plugin update of git checkouts: new commits, tagged installs, local changes, as helm', () => {
  const src = `file://${repo}`;
  const head = (e: Record<string, string>): string =>
    execFileSync('git', ['rev-parse', 'HEAD'], { cwd: join(e.HELM_PLUGINS!, 'gitplug'), encoding: 'utf8' });
  const norm = (r: RunResult, e: Record<string, string>): RunResult => ({
    ...r,
    stderr: r.stderr.replaceAll(dirname(e.HELM_DATA_HOME!), '<ws>').replace(/time=\S+ /g, ''),
  });
  const cases: {
    name: string;
    install: string[];
    before?: (plugins: string) => void;
    source?: () => void;
    names?: string[];
    /** The plugin version checked out afterwards. */
    version?: string;
  }[] = [
    { name: 'new commit on the branch', install: [], source: () => commit('2.2.0'), version: '2.2.0' },
    {
      name: 'tagged install, newer tag',
      install: ['--version', '~1.0.0'],
      source: () => commit('1.0.5', 'v1.0.5'),
      version: '1.0.0',
    },
    {
      name: 'local modification',
      install: [],
      before: (d) => appendFileSync(join(d, 'gitplug', 'plugin.yaml'), '# local change\n'),
      source: () => commit('2.3.0'),
    },
    {
      name: 'untracked file and an unknown name',
      install: [],
      before: (d) => writeFileSync(join(d, 'gitplug', 'built.bin'), 'x'),
      source: () => commit('2.4.0'),
      names: ['gitplug', 'nope'],
    },
    {
      name: 'update hook of the new plugin.yaml',
      install: [],
      source: () =>
        commit(
          '2.5.0',
          undefined,
          '  platformHooks:\n    update:\n      - command: sh\n        args: [-c, "echo hook $HELM_PLUGIN_NAME; echo err >&2"]\n',
        ),
    },
    {
      name: 'directory renamed away from the remote base name',
      install: [],
      before: (d) => renameSync(join(d, 'gitplug'), join(d, 'other')),
    },
    {
      name: 'checkout without an origin',
      install: [],
      before: (d) =>
        execFileSync('git', ['remote', 'remove', 'origin'], { cwd: join(d, 'gitplug'), stdio: 'ignore' }),
    },
  ];
  for (const c of cases) {
    const henv = workspace();
    const renv = workspace();
    const install = ['plugin', 'install', src, '--verify=false', ...c.install];
    assert.equal(runHelm(install, henv).code, 0, c.name);
    assert.equal(runRudder(install, renv).code, 0, c.name);
    c.before?.(henv.HELM_PLUGINS!);
    c.before?.(renv.HELM_PLUGINS!);
    c.source?.();
    const args = ['plugin', 'update', ...(c.names ?? ['gitplug'])];
    const h = norm(runHelm(args, henv), henv);
    const r = norm(runRudder(args, renv), renv);
    assert.deepEqual(r, h, c.name);
    assert.deepEqual(tree(renv.HELM_DATA_HOME!), tree(henv.HELM_DATA_HOME!), c.name);
    if (existsSync(join(henv.HELM_PLUGINS!, 'gitplug'))) {
      assert.equal(head(renv), head(henv), c.name);
      const yaml = (e: Record<string, string>): string =>
        readFileSync(join(e.HELM_PLUGINS!, 'gitplug', 'plugin.yaml'), 'utf8');
      assert.equal(yaml(renv), yaml(henv), c.name);
      if (c.version) assert.match(yaml(renv), new RegExp(`\nversion: ${c.version}\n`), c.name);
    }
  }
});
