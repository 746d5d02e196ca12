// The command-line surface compared with the real helm v4.3.2: help texts, usage errors, flag
// parsing errors, exit codes, env, version, completion. Rudder's output has its own name turned
// into `helm` (and RUDDER into HELM); nothing else is normalised, except where noted for the
// commands Rudder does not implement yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanEnv, runHelm, runRudder, repoRoot } from './support.js';
import { join } from 'node:path';

const normUpper = (s: string): string => s.replaceAll('RUDDER', 'HELM');

function same(args: string[], extraEnv: Record<string, string> = {}): void {
  const env = cleanEnv(extraEnv);
  const h = runHelm(args, env);
  const r = runRudder(args, env);
  const label = `rudder ${args.join(' ')}`;
  assert.equal(normUpper(r.stderr), h.stderr, `${label}: stderr`);
  assert.equal(normUpper(r.stdout), h.stdout, `${label}: stdout`);
  assert.equal(r.code, h.code, `${label}: exit code`);
}

const cases: Record<string, string[][]> = {
  'help texts': [
    ['template', '--help'],
    ['template', '-h'],
    ['help', 'template'],
    ['version', '--help'],
    ['env', '--help'],
    ['completion', '--help'],
    ['completion'],
    ['completion', 'bash', '--help'],
    ['completion', 'zsh', '-h'],
    ['completion', 'fish', '--help'],
    ['completion', 'powershell', '--help'],
    ['help', 'help'],
    ['template', '--help', '--debug'],
  ],
  'usage and argument errors': [
    ['template'],
    ['template', '--dry-run'],
    ['version', 'extra'],
    ['env', 'a', 'b'],
    ['completion', 'bash', 'extra'],
    ['foo'],
    ['templat'],
    ['--debug=maybe', 'version'],
  ],
  'flag parsing errors': [
    ['template', '--foo'],
    ['template', '-x'],
    ['template', '-xy'],
    ['template', '-s'],
    ['template', '--output-dir'],
    ['template', '---x'],
    ['template', '--=x'],
    ['template', '--timeout', 'abc', 'a', 'b'],
    ['template', '--burst-limit', 'x'],
    ['template', '--burst-limit=99999999999999999999'],
    ['template', '--qps', 'x', 'a'],
    ['--qps=1e400', 'version'],
    ['template', '--labels', 'a'],
    ['template', '--server-side=maybe', 'a'],
    ['template', '-f', 'ab"c'],
    ['template', '-f', '"ab"c'],
    ['template', '-f', '"ab'],
    ['template', '-f', 'é,"ab"c'],
    ['template', '-n'],
    ['version', '--short=maybe'],
    ['template', 'examples/hello', '--wait=x'],
    ['template', 'examples/hello', '--post-renderer', 'foo'],
  ],
  'deprecated flags, flag groups, dry-run': [
    ['template', '--force-conflicts', '--force', 'examples/x'],
    ['template', '--validate', '--dry-run=server', 'a', 'b'],
    ['template', '--force-replace', '--force-conflicts', 'a', 'b'],
    ['template', 'examples/hello', '--force'],
    ['template', 'examples/hello', '--atomic'],
    ['template', 'examples/hello', '--hide-notes', '--render-subchart-notes'],
    ['template', 'examples/hello', '--dry-run'],
    ['template', 'examples/hello', '--dry-run=true'],
    ['template', 'examples/hello', '--dry-run=none'],
    ['template', 'examples/hello', '--dry-run=false'],
    ['template', 'examples/hello', '--dry-run=maybe'],
    ['template', 'examples/hello', '--wait=true'],
    ['template', 'examples/hello', '--wait'],
  ],
  'global flags before and after the command': [
    ['-n', 'x', 'template', 'examples/hello'],
    ['template', 'examples/hello', '--namespace=y'],
    ['-nz', 'env', 'HELM_NAMESPACE'],
    ['env', '-n=w', 'HELM_NAMESPACE'],
    ['--kube-as-group', 'a,b', 'env', 'HELM_KUBEASGROUPS'],
    ['env', '--kube-as-group', 'a', 'HELM_KUBEASGROUPS'],
    ['-v', '3', 'version'],
    ['--v=3', '--logtostderr', 'version'],
    ['template', '--', '--foo'],
    ['version', '--'],
    ['version', '--', 'a'],
    ['--color', 'bad', 'version'],
    ['env', 'HELM_QPS', '--qps', '2.555'],
    ['--burst-limit=7', 'env', 'HELM_BURST_LIMIT'],
  ],
  'chart references': [
    ['template', '/nonexistent-chart'],
    ['template', './nonexistent-chart'],
    ['template', 'nonexistent-chart'],
    ['template', 'examples/hello', '--verify'],
    ['template', '--generate-name', 'examples/hello', '--name-template', 'x'],
  ],
  version: [
    ['version'],
    ['version', '--short'],
    ['version', '--template', '{{.Version}} {{.GoVersion}} {{.KubeClientVersion}}'],
  ],
  completion: [
    ['__complete', 'templ'],
    ['__complete', 'template', '--nam'],
    ['__complete', 'template', '-'],
    ['__completeNoDesc', 'template', '--s'],
    ['__complete', '--color', ''],
    ['__complete', 'template', '--colour='],
    ['__complete', 'version', ''],
    ['__complete', 'env', ''],
    ['__complete', 'env', 'x', ''],
    ['__complete', 'template', ''],
    ['__complete', 'template', 'x', ''],
    ['__complete', 'template', 'x', 'ht'],
    ['__complete', 'template', '-g', ''],
    ['__complete', 'help', 'completion', ''],
    ['__complete', 'completion', ''],
  ],
};

for (const [group, list] of Object.entries(cases)) {
  test(`same as helm: ${group}`, () => {
    for (const args of list) same(args);
  });
}

test('same as helm: env vars from the environment', () => {
  same(['env', 'HELM_CACHE_HOME'], { HELM_CACHE_HOME: '/tmp/c/' });
  same(['env', 'HELM_CONFIG_HOME'], { XDG_CONFIG_HOME: '/xc' });
  same(['env', 'HELM_KUBEASGROUPS'], { HELM_KUBEASGROUPS: ' ,a,b, ' });
  same(['env', 'HELM_QPS'], { HELM_QPS: '2.555' });
  same(['env', 'HELM_BURST_LIMIT'], { HELM_BURST_LIMIT: 'x' });
  same(['env', 'KUBECONFIG'], { KUBECONFIG: '/x' });
  same(['--kubeconfig', '/y', 'env', 'KUBECONFIG']);
  same(['env', 'HELM_NAMESPACE'], { HELM_NAMESPACE: 'ns' });
  same(['env', 'HELM_DEBUG'], { HELM_DEBUG: 't' });
  same(['version'], { HELM_COLOR: 'bad' });
  same(['version'], { NO_COLOR: '1', HELM_COLOR: 'always' });
  same(['--help'].slice(0, 0).concat(['env', 'HELM_REPOSITORY_CONFIG']), {
    HELM_REPOSITORY_CONFIG: 'rel/repos.yaml',
  });
});

test('env prints every variable as helm does, HELM_BIN naming the rudder program', () => {
  const env = cleanEnv({ HELM_KUBETOKEN: 'tok', HELM_MAX_HISTORY: '3' });
  const h = runHelm(['env'], env);
  const r = runRudder(['env'], env);
  const dropBin = (s: string): string => s.replace(/^HELM_BIN=.*\n/m, '');
  assert.equal(dropBin(r.stdout), dropBin(h.stdout));
  assert.match(r.stdout, /^HELM_BIN=".*\/bin\/helm"$/m); // normalised from bin/rudder
  assert.equal(r.code, 0);
});

// Root help, `help <unknown>` and command-name completion list all of Helm's commands; Rudder
// registers only those it implements, so helm's lines for the others are removed before comparing.
function dropUnimplemented(helmText: string, rudderText: string): string {
  const listed = new Set([...rudderText.matchAll(/^ {2}([a-z]+) {2,}\S/gm)].map((m) => m[1]!));
  const completed = new Set([...rudderText.matchAll(/^([a-z]+)\t/gm)].map((m) => m[1]!));
  return helmText
    .split('\n')
    .filter((line) => {
      const a = /^ {2}([a-z]+) {2,}\S/.exec(line);
      if (a && !/^ {2}-/.test(line) && !listed.has(a[1]!)) return false;
      const b = /^([a-z]+)\t/.exec(line);
      if (b && !completed.has(b[1]!)) return false;
      return true;
    })
    .join('\n');
}

test('root help and command lists match helm for the commands rudder implements', () => {
  const lists = [
    ['--help'],
    ['help'],
    [],
    ['help', 'nosuch'],
    ['-h', 'template'],
    ['--kube-context', 'version'],
    ['__complete', ''],
    ['__complete', 'help', ''],
  ];
  for (const args of lists) {
    const env = cleanEnv();
    const h = runHelm(args, env);
    const r = runRudder(args, env);
    assert.equal(r.code, h.code, `rudder ${args.join(' ')}: exit code`);
    assert.equal(
      normUpper(r.stdout),
      dropUnimplemented(h.stdout, r.stdout),
      `rudder ${args.join(' ')}: stdout`,
    );
    assert.equal(
      normUpper(r.stderr),
      dropUnimplemented(h.stderr, r.stderr),
      `rudder ${args.join(' ')}: stderr`,
    );
  }
});

test('a rudder installed under the name helm prints exactly what helm prints', async () => {
  const { symlinkSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { spawnSync } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'ras-helm-'));
  symlinkSync(join(repoRoot, 'bin', 'rudder'), join(dir, 'helm'));
  runRudder(['version'], cleanEnv()); // builds the bundle
  for (const args of [
    ['template', '--help'],
    ['env', '--help'],
    ['version', '--help'],
  ]) {
    const env = cleanEnv();
    const r = spawnSync(process.execPath, [join(dir, 'helm'), ...args], { env, encoding: 'utf8' });
    const h = runHelm(args, env);
    assert.equal(r.stdout, h.stdout, `helm ${args.join(' ')}`);
  }
});
