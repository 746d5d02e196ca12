// The on-disk cache of parsed templates (src/render/parse-cache.ts) through the built CLI: a
// second run reads the set back and prints helm's bytes; an entry is used only when the texts it
// was made from equal the chart's, so a colliding or damaged entry is a miss, never wrong trees.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CORPUS_DIR, KUBE_VERSION, NAMESPACE, RELEASE, REPO_ROOT, requireHelm } from '../support/corpus.js';

const chart = join(CORPUS_DIR, 'bitnami', 'charts', 'kube-state-metrics');
const args = ['template', RELEASE, chart, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION];
const xdg = mkdtempSync(join(tmpdir(), 'rudder-parse-cache-'));
const dir = join(xdg, 'rudder', 'templates');
after(() => rmSync(xdg, { recursive: true, force: true }));

const run = (): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(join(REPO_ROOT, 'bin', 'rudder'), args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: xdg, KUBECONFIG: '/nonexistent' },
  });
const rudder = (): string => {
  const r = run();
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

type Pack = [string, ...[string, unknown, string][]];
const entryFile = (): string => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1, `one cached set: ${files.join(', ')}`);
  return join(dir, files[0]!);
};

test('a cached set is written, read back, and used only for the texts it was made from', () => {
  const r = spawnSync(requireHelm(), args, {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: '/nonexistent' },
  });
  assert.equal(r.status, 0, r.stderr);
  const helm = r.stdout;

  assert.equal(rudder(), helm, 'first run (parses, writes the set)');
  const file = entryFile();
  const pack = JSON.parse(readFileSync(file, 'utf8')) as Pack;
  const entries = pack.slice(1) as [string, unknown, string][];
  assert.ok(entries.length > 10 && typeof pack[0] === 'string');
  assert.equal(rudder(), helm, 'second run (reads the set back)');

  // Another template's trees under service.yaml's name and text: read back, the output changes
  // (the entry is used: this test can see a wrong hit).
  const svc = entries.findIndex((e) => e[0].endsWith('/templates/service.yaml'));
  const other = entries.findIndex((e) => e[0].endsWith('/templates/serviceaccount.yaml'));
  assert.ok(svc >= 0 && other >= 0);
  const swapped = structuredClone(pack);
  (swapped[svc + 1] as [string, unknown, string])[1] = entries[other]![1];
  writeFileSync(file, JSON.stringify(swapped));
  const damaged = run();
  assert.ok(damaged.status !== 0 || damaged.stdout !== helm, 'a damaged entry with the right texts is read');

  // The same damage with a text that is not the chart's (what a hash collision looks like):
  // a miss, so the templates are parsed again and the output is helm's.
  const colliding = structuredClone(swapped);
  (colliding[svc + 1] as [string, unknown, string])[2] = `${entries[svc]![2]} `;
  writeFileSync(file, JSON.stringify(colliding));
  assert.equal(rudder(), helm, 'an entry made from other texts is a miss');

  // So is one made under other lexer options or another build (the header).
  const header = structuredClone(swapped);
  header[0] = `${pack[0]}x`;
  writeFileSync(file, JSON.stringify(header));
  assert.equal(rudder(), helm, 'an entry with another header is a miss');
});
