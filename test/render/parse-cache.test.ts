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

type Pack = [string, ...[string, unknown][]];
/** A cache file: a line of JSON (header, then each template's name and trees), then the texts. */
const readPack = (file: string): { pack: Pack; texts: string } => {
  const data = readFileSync(file, 'utf8');
  const nl = data.indexOf('\n');
  return { pack: JSON.parse(data.slice(0, nl)) as Pack, texts: data.slice(nl + 1) };
};
const writePack = (file: string, pack: Pack, texts: string): void =>
  writeFileSync(file, `${JSON.stringify(pack)}\n${texts}`);
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
  const { pack, texts } = readPack(file);
  const entries = pack.slice(1) as [string, unknown][];
  assert.ok(entries.length > 10 && typeof pack[0] === 'string' && texts.length > 32 * 1024);
  assert.equal(rudder(), helm, 'second run (reads the set back)');

  // Another template's trees under service.yaml's name and text: read back, the output changes
  // (the entry is used: this test can see a wrong hit).
  const svc = entries.findIndex((e) => e[0].endsWith('/templates/service.yaml'));
  const other = entries.findIndex((e) => e[0].endsWith('/templates/serviceaccount.yaml'));
  assert.ok(svc >= 0 && other >= 0);
  const swapped = structuredClone(pack);
  (swapped[svc + 1] as [string, unknown])[1] = entries[other]![1];
  writePack(file, swapped, texts);
  const damaged = run();
  assert.ok(damaged.status !== 0 || damaged.stdout !== helm, 'a damaged entry with the right texts is read');

  // The same damage with a text that is not the chart's (what a hash collision looks like):
  // a miss, so the templates are parsed again and the output is helm's.
  // One character of the texts changed, the length kept.
  const last = texts.length - 1;
  writePack(file, swapped, texts.slice(0, last) + (texts[last] === ' ' ? 'x' : ' '));
  assert.equal(rudder(), helm, 'an entry made from other texts is a miss');

  // So is one made under other lexer options or another build (the header).
  const header = structuredClone(swapped);
  header[0] = `${pack[0]}x`;
  writePack(file, header, texts);
  assert.equal(rudder(), helm, 'an entry with another header is a miss');
});
