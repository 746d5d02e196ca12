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

/** A tree: its name, its JSON (root, then bodies kept apart), its root's length, whether it is empty. */
type Entry = [name: string, json: string, root: number, empty: boolean];
/** A template: its name, its trees and how its text is kept (-1: as it is, else escaped JSON's length). */
type FileEntry = [name: string, trees: Entry[], kept: number];
interface Pack {
  header: string;
  files: FileEntry[];
  texts: string;
}
/** A cache file: a line of JSON (header, then each template's name and trees' lengths), then the trees' JSON, then the texts. */
const readPack = (file: string): Pack => {
  const data = readFileSync(file, 'latin1');
  const nl = data.indexOf('\n');
  const index = JSON.parse(data.slice(0, nl)) as [
    string,
    ...[string, [string, number, number, boolean][], number][],
  ];
  let at = nl + 1;
  const files = (index.slice(1) as [string, [string, number, number, boolean][], number][]).map(
    ([name, trees, kept]): FileEntry => [
      name,
      trees.map(([n, root, apart, empty]): Entry => [n, data.slice(at, (at += root + apart)), root, empty]),
      kept,
    ],
  );
  return { header: index[0], files, texts: data.slice(at) };
};
const writePack = (file: string, p: Pack): void => {
  const index = [
    p.header,
    ...p.files.map(([n, trees, kept]) => [n, trees.map(([t, j, r, e]) => [t, r, j.length - r, e]), kept]),
  ];
  const blobs = p.files.flatMap(([, trees]) => trees.map(([, j]) => j)).join('');
  writeFileSync(file, `${JSON.stringify(index)}\n${blobs}${p.texts}`);
};
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
  const pack = readPack(file);
  const { texts } = pack;
  assert.ok(pack.files.length > 10 && pack.header.length > 0 && texts.length > 32 * 1024);
  // Written as ASCII (read back as latin1): texts with other characters are kept escaped.
  assert.ok(!/[\u0080-\uffff]/.test(readFileSync(file, 'latin1')), 'the file is ASCII');
  assert.ok(
    pack.files.some((f) => f[2] >= 0),
    'a text with non-ASCII characters (common/_warnings.tpl) is kept escaped',
  );
  assert.equal(rudder(), helm, 'second run (reads the set back)');

  // Another template's trees under service.yaml's name and text: read back, the output changes
  // (the entry is used: this test can see a wrong hit).
  const svc = pack.files.findIndex((e) => e[0].endsWith('/templates/service.yaml'));
  const other = pack.files.findIndex((e) => e[0].endsWith('/templates/serviceaccount.yaml'));
  assert.ok(svc >= 0 && other >= 0);
  const swapped = structuredClone(pack);
  swapped.files[svc]![1] = pack.files[other]![1].map(([, j, r, e]): Entry => [pack.files[svc]![0], j, r, e]);
  writePack(file, swapped);
  const damaged = run();
  assert.ok(damaged.status !== 0 || damaged.stdout !== helm, 'a damaged entry with the right texts is read');

  // A tree whose JSON does not read back (same length, so the layout holds): that template is
  // parsed again when first used, and the output is helm's.
  const broken = structuredClone(pack);
  const tree = broken.files[svc]![1][0]!;
  tree[1] = '#'.repeat(tree[2]) + tree[1].slice(tree[2]);
  writePack(file, broken);
  assert.equal(rudder(), helm, 'a tree that does not decode is parsed again');

  // The same damage with a text that is not the chart's (what a hash collision looks like):
  // a miss, so the templates are parsed again and the output is helm's.
  // One character of the texts changed, the length kept.
  const last = texts.length - 1;
  writePack(file, { ...swapped, texts: texts.slice(0, last) + (texts[last] === ' ' ? 'x' : ' ') });
  assert.equal(rudder(), helm, 'an entry made from other texts is a miss');

  // So is one made under other lexer options or another build (the header).
  writePack(file, { ...swapped, header: `${pack.header}x` });
  assert.equal(rudder(), helm, 'an entry with another header is a miss');
});
