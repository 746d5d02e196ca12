// Big indexes: the chart-at-a-time reader (index-chunked.ts) against the whole-document reader on
// hand-written and mutated index texts (same entries, warnings and errors), and the parsed-index
// cache (index-cache.ts) against helm v4.3.2: `search repo` before and after the cache exists,
// after helm rewrites the index (also with the same size), with a damaged cache, with warnings to
// replay, and helm's repository folder left holding only what helm writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIndex, type IndexFile } from '../../src/repo/index-file.js';
import { cachePathFor } from '../../src/repo/index-cache.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { cleanEnv, helm, rudder } from './support.js';

type Outcome = { ok: unknown; warnings: unknown[] } | { error: string };

function read(text: string, chunked: boolean): Outcome {
  const warnings: unknown[] = [];
  try {
    const idx: IndexFile = parseIndex(text, 'src', (m, a) => warnings.push([m, a]), chunked);
    return { ok: JSON.parse(JSON.stringify({ ...idx, entries: [...idx.entries] })), warnings };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const entry = (name: string, version: string, extra = ''): string =>
  `  - apiVersion: v2\n    name: ${name}\n    version: ${version}\n    description: ${name} chart\n    urls:\n    - ${name}-${version}.tgz\n${extra}`;

const BASE =
  'apiVersion: v1\nentries:\n  alpha:\n' +
  entry('alpha', '1.0.0') +
  entry('alpha', '1.1.0', '    keywords:\n    - a\n    - b\n') +
  '  beta:\n' +
  entry('beta', '0.1.0', '    annotations:\n      x: |\n        line one\n        line two\n') +
  'generated: "2024-01-01T00:00:00Z"\n';

test('chunked reader: the same result as the whole-document reader', () => {
  const texts = [
    BASE,
    BASE.replace('entries:\n', 'entries:\n# a comment\n'),
    BASE.replaceAll('\n  - ', '\n    - ').replaceAll('\n    ', '\n      ').replace(/^ {6}/gm, '      '),
    BASE.replace('description: alpha chart', 'description: "alpha\n  - name: evil"'),
    BASE.replace('description: alpha chart', 'description: "two\n\n  lines"'),
    BASE.replace('  beta:\n', '  true:\n'),
    BASE.replace('  beta:\n', '  "beta":\n'),
    BASE.replace('  beta:\n', '  alpha:\n'),
    BASE.replace('    name: alpha\n', '    name: alpha\n    name: alpha\n'),
    BASE.replace('apiVersion: v1\n', 'apiVersion: v1\napiVersion: v2\n'),
    BASE.replace('apiVersion: v1\n', ''),
    BASE.replace('entries:\n', 'entries: \n'),
    BASE.replace('  beta:\n', '  beta: []\n'),
    BASE.replace('  beta:\n', '  beta:\n  # nothing\n  gamma:\n'),
    BASE.replace('    version: 1.0.0', '    version: 1.0'),
    BASE.replace('    version: 1.0.0', '    version: [1]'),
    BASE.replace('    version: 1.0.0', '    version: &v 1.0.0').replace('version: 0.1.0', 'version: *v'),
    BASE.replace('    version: 1.0.0', '    version: &v 1.0.0').replace('version: 1.1.0', 'version: *v'),
    BASE.replace('  - apiVersion: v2\n    name: beta', '  - null\n  - apiVersion: v2\n    name: beta'),
    BASE.replace('    keywords:\n    - a\n    - b\n', '    keywords: [a,\n  b]\n'),
    BASE.replace('    keywords:\n    - a\n    - b\n', '    keywords: [a,\n    b]\n'),
    BASE + 'serverInfo:\n  contextPath: /x\n',
    BASE + 'unknown: 1\n',
    BASE + '---\napiVersion: v2\n',
    BASE.replace('x: |', 'x: |-'),
    BASE.replace('        line two\n', '  line two\n'),
    BASE.replace('\tx', ' x').replace('    name: beta', '\tname: beta'),
    BASE.replaceAll('\n', '\r\n'),
    '\ufeff' + BASE,
    BASE.replace('    description: beta chart', '    description: >\n      folded\n      text'),
    // Shapes the straight reader (index-simple.ts) takes, and near misses it leaves to YAML.
    BASE.replace(
      'description: alpha chart',
      'description: a long text\n      folded over\n      three lines',
    ),
    BASE.replace('description: alpha chart', 'description: a long text\n    - not an item'),
    BASE.replace('description: alpha chart', 'description: a long text\n      with: a colon'),
    BASE.replace('description: alpha chart', 'description: ends with a colon:'),
    BASE.replace('description: alpha chart', 'description: has a # comment'),
    BASE.replace('description: alpha chart', 'description: "quoted: text"'),
    BASE.replace('description: alpha chart', "description: 'single # quoted'"),
    BASE.replace('description: alpha chart', 'description: "esc\\u0041"'),
    BASE.replace('description: alpha chart', 'description: ünïcödé ✓ 😀'),
    BASE.replace('description: alpha chart', 'description: trailing space '),
    BASE.replace('description: alpha chart', 'description: yes'),
    BASE.replace('description: alpha chart', 'description: 2024-01-01'),
    BASE.replace('description: alpha chart', 'description: 0x1F'),
    BASE.replace('description: alpha chart', 'description: ~'),
    BASE.replace('description: alpha chart', 'description:'),
    BASE.replace('description: alpha chart', 'deprecated: true'),
    BASE.replace('description: alpha chart', 'deprecated: "true"'),
    BASE.replace('description: alpha chart', 'appVersion: true'),
    BASE.replace('description: alpha chart', 'removed: false'),
    BASE.replace('description: alpha chart', 'Description: case folded'),
    BASE.replace('description: alpha chart', 'description: x\n    description: twice'),
    BASE.replace('description: alpha chart', 'unknownField: x'),
    BASE.replace(
      'description: alpha chart',
      'maintainers:\n    - name: A\n      email: a@example.com\n    - name: B\n      url: https://b.example.com',
    ),
    BASE.replace('description: alpha chart', 'maintainers:\n    - name: A\n      extra: x'),
    BASE.replace(
      'description: alpha chart',
      'dependencies:\n    - name: common\n      repository: oci://r.example.com/c\n      version: 2.x.x\n      tags:\n      - t\n      enabled: true',
    ),
    BASE.replace(
      'description: alpha chart',
      'dependencies:\n    - name: c\n      import-values:\n      - data',
    ),
    BASE.replace('description: alpha chart', 'dependencies:\n      - name: c\n        version: 1.x'),
    BASE.replace(
      'description: alpha chart',
      'annotations:\n      a.io/images: |\n        - name: x\n          image: y:1\n      b: |-\n        kept\n          deeper',
    ),
    BASE.replace('description: alpha chart', 'annotations:\n      a: |+\n        keep\n'),
    BASE.replace('description: alpha chart', 'annotations:\n      a: |\n    b'),
    BASE.replace('description: alpha chart', 'annotations:\n      n: 1'),
    BASE.replace('description: alpha chart', 'annotations:\n      "q": x'),
    BASE.replace('description: alpha chart', 'keywords:\n    -\n    - b'),
    BASE.replace('description: alpha chart', 'keywords:\n    - a\n      b'),
    BASE.replace('description: alpha chart', 'keywords: []'),
    BASE.replace('description: alpha chart', 'urls:\n    - https://x.example.com/a.tgz\n    - a:b'),
    BASE.replace('description: alpha chart', 'digest: 1e3'),
    BASE.replace('  - apiVersion: v2\n    name: beta', '  -   apiVersion: v2\n    name: beta'),
    BASE.replace('  - apiVersion: v2\n    name: beta', '  - apiVersion: v2\n     name: beta'),
    BASE.replace('    name: alpha\n', '    name: alpha\n\n'),
    BASE.replace('\n  beta:\n', '\n  beta:\n  - \n'),
    BASE.replace('apiVersion: v2', 'apiVersion: v2\u0085'),
  ];
  for (const [i, t] of texts.entries()) {
    assert.deepEqual(read(t, true), read(t, false), `text ${i}:\n${t}`);
  }
});

test('chunked reader: seeded line mutations read as the whole-document reader reads them', () => {
  let seed = 12;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = [
    '',
    ' ',
    '  ',
    '    ',
    '- ',
    '"',
    "'",
    '#',
    ': ',
    '|',
    '|-',
    '&a ',
    '*a',
    '[',
    ']',
    '{',
    'x',
    'true',
    '1.0',
    '\n      ',
  ];
  let differentShapes = 0;
  for (let n = 0; n < 1500; n++) {
    const lines = BASE.split('\n');
    for (let k = 0; k <= rnd(3); k++) {
      const at = rnd(lines.length);
      const op = rnd(4);
      if (op === 0) lines.splice(at, 1);
      else if (op === 1) lines.splice(at, 0, lines[rnd(lines.length)]!);
      else if (op === 2) lines[at] = pieces[rnd(pieces.length)]! + lines[at]!.trimStart();
      else {
        const l = lines[at]!;
        const c = rnd(l.length + 1);
        lines[at] = l.slice(0, c) + pieces[rnd(pieces.length)]! + l.slice(c);
      }
    }
    const t = lines.join('\n');
    const a = read(t, true);
    const b = read(t, false);
    if ('error' in b) differentShapes++;
    assert.deepEqual(a, b, `mutation ${n}:\n${t}`);
  }
  assert.ok(differentShapes > 100, 'the mutations reach errors too');
});

let dir: string;
let server: ChartRepoServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rudder-index-cache-'));
  server = await startChartRepoServer({ dir });
});

after(async () => {
  await server?.close();
});

function bigIndex(charts: number, versions: number, tag: string): string {
  let out = 'apiVersion: v1\nentries:\n';
  for (let c = 0; c < charts; c++) {
    out += `  chart-${c}:\n`;
    for (let v = versions - 1; v >= 0; v--) {
      out += entry(
        `chart-${c}`,
        `${Math.floor(v / 10)}.${v % 10}.0${v % 7 === 0 ? '-rc.1' : ''}`,
        `    keywords:\n    - ${tag}${c % 3}\n`,
      );
    }
  }
  return out + 'generated: "2024-01-01T00:00:00Z"\n';
}

const repoDir = (env: Record<string, string>): string => join(env.HOME!, '.cache', 'helm', 'repository');

test('search repo through the parsed cache: helm output before and after the cache, after rewrites', async () => {
  const path = join(dir, 'big');
  mkdirSync(path);
  writeFileSync(join(path, 'index.yaml'), bigIndex(40, 30, 'kw'));
  const url = `${server.url}/big`;
  // One HOME shared by both tools: rudder reads what helm wrote.
  const env = cleanEnv();
  assert.equal((await helm(['repo', 'add', 'big', url], env)).code, 0);
  const searches = [
    ['search', 'repo', 'chart-1'],
    ['search', 'repo', '-l', 'kw2'],
    ['search', 'repo', '--devel', '-o', 'json', 'chart'],
    ['search', 'repo', '--version', '^2', '-r', 'chart-[12]'],
    ['search', 'repo'],
  ];
  const compare = async (what: string): Promise<void> => {
    for (const args of searches) {
      const [h, r] = [await helm(args, env), await rudder(args, env)];
      assert.deepEqual(r, h, `${what}: ${args.join(' ')}`);
    }
  };
  const helmFiles = readdirSync(repoDir(env)).sort();
  await compare('cold');
  const cache = cachePathFor(join(repoDir(env), 'big-index.yaml'));
  assert.ok(readFileSync(cache).length > 0, 'the cache is written');
  assert.deepEqual(readdirSync(repoDir(env)).sort(), helmFiles, "helm's folder is untouched");
  await compare('warm');
  // helm rewrites the index with other keywords of the same length: same size, other bytes.
  const before = readFileSync(join(repoDir(env), 'big-index.yaml')).length;
  writeFileSync(join(path, 'index.yaml'), bigIndex(40, 30, 'zz'));
  assert.equal((await helm(['repo', 'update'], env)).code, 0);
  assert.equal(readFileSync(join(repoDir(env), 'big-index.yaml')).length, before);
  await compare('after helm rewrote it');
  // A damaged cache is ignored and replaced.
  for (const junk of [
    'garbage',
    '{"format":"rudder-index-2"}\n',
    readFileSync(cache, 'utf8').replace(/"charts":\[\["chart-0",\[/, '"charts":[["chart-0",[99999,'),
    '',
  ]) {
    writeFileSync(cache, junk);
    await compare(`damaged cache ${junk.slice(0, 30)}`);
  }
  // rudder's own update writes the cache; remove deletes it.
  const r = await rudder(['repo', 'update'], env);
  assert.equal(r.code, 0, r.stderr);
  await compare('after rudder repo update');
  assert.equal((await rudder(['repo', 'remove', 'big'], env)).code, 0);
  assert.throws(() => readFileSync(cache), /ENOENT/);
});

test('warnings of invalid entries are printed again from the cache', async () => {
  const path = join(dir, 'warn');
  mkdirSync(path);
  writeFileSync(
    join(path, 'index.yaml'),
    'apiVersion: v1\nentries:\n  a:\n' +
      entry('a', '1.0.0') +
      '  - apiVersion: v2\n    name: a\n    version: nope\n  - null\n  b:\n' +
      entry('b', '2.0.0'),
  );
  const env = cleanEnv();
  assert.equal((await helm(['repo', 'add', 'w', `${server.url}/warn`], env)).code, 0);
  for (const round of ['cold', 'warm', 'warm again']) {
    const [h, r] = [await helm(['search', 'repo', 'a'], env), await rudder(['search', 'repo', 'a'], env)];
    assert.deepEqual(r, h, round);
    assert.match(r.stderr, /skipping loading invalid entry/);
  }
  rmSync(env.HOME!, { recursive: true, force: true });
});
