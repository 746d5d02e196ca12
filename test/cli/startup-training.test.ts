// The chart scripts/build.mjs renders to record the core's V8 code cache (scripts/training/chart):
// whatever the cache holds, the chart must be one helm v4.3.2 renders, and rudder the same, byte
// for byte, or the training would compile paths no real chart takes. The run also trains the
// values-schema chunk (and the Go regexps'), so it must keep loading it, and no cluster code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, requireHelm } from '../support/corpus.js';

const bin = join(REPO_ROOT, 'bin', 'rudder');
const chart = join(REPO_ROOT, 'scripts', 'training', 'chart');

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
};

test('the code-cache training chart renders as helm v4.3.2 renders it', () => {
  const helm = requireHelm();
  const dir = mkdtempSync(join(tmpdir(), 'rudder-training-'));
  try {
    const base = { HOME: join(dir, 'home'), PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'c') };
    // The build's arguments first, then other kube versions and values that take other branches.
    const cases = [
      ['--namespace', 'training-ns', '--kube-version', 'v1.34.2', '--include-crds'],
      ['--kube-version', 'v1.20.0', '--set', 'autoscaling.enabled=false,db.enabled=false'],
      [
        '--set',
        'ingress.enabled=false,image.digest=sha256:abc,resources.limits.cpu=1',
        '--show-only',
        'templates/deployment.yaml',
      ],
      ['--set', 'resourcesPreset=huge'],
      ['--set', 'image.repository='],
      ['--api-versions', 'monitoring.coreos.com/v1', '--set', 'affinity.x=1,fullnameOverride=named'],
    ];
    for (const args of cases) {
      const all = ['template', 'training', chart, ...args];
      const want = run(helm, all, base);
      const got = run(bin, all, base);
      assert.equal(got.code, want.code, `${args.join(' ')}: ${got.stderr}`);
      assert.equal(got.stdout, want.stdout, args.join(' '));
      assert.equal(got.stderr, want.stderr, args.join(' '));
    }
    // The first case renders most documents: a chart that quietly stopped rendering trains less.
    const first = run(bin, ['template', 'training', chart, ...cases[0]!], base);
    assert.ok((first.stdout.match(/^kind: /gm) ?? []).length >= 18, first.stdout);
    const traced = run(bin, ['template', 'training', chart, ...cases[0]!], {
      ...base,
      RUDDER_TRACE_CHUNKS: '1',
    });
    const chunks = [...traced.stderr.matchAll(/^rudder: chunk (\S+)$/gm)].map((m) => m[1]!);
    assert.ok(chunks[0] === 'core' && chunks.includes('schema'), chunks.join(' '));
    for (const c of ['kube', 'net', 'repo', 'registry', 'plugin'])
      assert.ok(!chunks.includes(c), chunks.join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
