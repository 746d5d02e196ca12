// Chart apiVersion as Helm 4.3.2's version-detecting loader sees it: v1, v2 or none load; v3 loads
// but template/install/upgrade/package refuse it ("invalid chart apiVersion"); anything else is
// refused before loading ("unsupported chart version"); show and lint read every version. And the
// release commands without any kubeconfig dial client-go's default server as helm does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, repoRoot, runHelm, runRudder } from './support.js';

function same(args: string[], env: Record<string, string>, cwd: string): void {
  const h = runHelm(args, env, cwd);
  const r = runRudder(args, env, cwd);
  const what = args.join(' ');
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.code, h.code, `${what}: exit code`);
}

function chartWith(dir: string, name: string, apiVersion: string): void {
  cpSync(join(repoRoot, 'examples', 'hello'), join(dir, name), { recursive: true });
  const file = join(dir, name, 'Chart.yaml');
  const text = readFileSync(file, 'utf8').replace(/^apiVersion:.*$/m, `apiVersion: ${apiVersion}`);
  writeFileSync(file, text);
}

test('apiVersion v3 is refused by the actions, other versions by the loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapiver-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
  const env = cleanEnv({ KUBECONFIG: kubeconfig, HOME: dir });
  for (const [name, v] of [
    ['c3', 'v3'],
    ['c4', 'v4'],
    ['cn', '2'],
    ['cq', '"v2 "'],
  ] as const)
    chartWith(dir, name, v);
  for (const c of ['c3', 'c4', 'cn', 'cq']) {
    same(['template', 'x', c], env, dir);
    same(['template', 'Bad_Name', c], env, dir);
    same(['install', 'x', c], env, dir);
    same(['install', 'x', c, '--dry-run=client'], env, dir);
    same(['upgrade', 'x', c], env, dir);
    same(['upgrade', '--install', 'x', c], env, dir);
    same(['package', c, '-d', join(dir, 'out')], env, dir);
    same(['show', 'chart', c], env, dir);
    same(['lint', c], env, dir);
  }
});

test('release commands without a kubeconfig dial http://localhost:8080 as helm 4.3.2 does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnokube-'));
  const empty = join(dir, 'empty');
  writeFileSync(empty, 'apiVersion: v1\nkind: Config\n');
  for (const env of [cleanEnv({ HOME: dir }), cleanEnv({ HOME: dir, KUBECONFIG: empty })]) {
    same(['status', 'x'], env, dir);
    same(['list'], env, dir);
    same(['history', 'x'], env, dir);
    same(['uninstall', 'x'], env, dir);
  }
});
