// `dependency update|build` from HTTP chart repositories, compared with helm v4.3.2: output,
// Chart.lock and charts/ (configured repositories, @aliases, unmanaged URLs, --skip-refresh,
// missing versions), and a download whose digest differs from the index refused with charts/ kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';
import { both, cleanEnv, helm, packageChart, rudder, sha256, snapshot, type RunResult } from './support.js';

let dir: string;
let server: ChartRepoServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rudder-deprepo-'));
  await packageChart(dir, 'alpha', '0.1.0');
  await packageChart(dir, 'alpha', '0.1.5');
  await packageChart(dir, 'alpha', '0.2.0-rc.1');
  await packageChart(dir, 'beta', '1.2.3');
  assert.equal((await helm(['repo', 'index', dir], cleanEnv())).code, 0);
  server = await startChartRepoServer({ dir });
});

after(async () => {
  await server?.close();
});

function parent(root: string, deps: string): string {
  const p = join(root, 'parent');
  mkdirSync(join(p, 'templates'), { recursive: true });
  writeFileSync(
    join(p, 'Chart.yaml'),
    `apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n${deps}`,
  );
  return p;
}

/** Chart.lock's `generated` line is the one difference allowed. */
function tree(root: string): Record<string, string> {
  const s = snapshot(root);
  const lock = join('parent', 'Chart.lock');
  if (s[lock]) s[lock] = readFileSync(join(root, lock), 'utf8').replace(/generated: .*/, 'generated: T');
  return s;
}

async function compare(deps: string, steps: string[][], configure: boolean): Promise<RunResult[]> {
  const envs = { h: cleanEnv(), r: cleanEnv() };
  const roots = {
    h: mkdtempSync(join(tmpdir(), 'rudder-dep-h-')),
    r: mkdtempSync(join(tmpdir(), 'rudder-dep-r-')),
  };
  parent(roots.h, deps);
  parent(roots.r, deps);
  if (configure) {
    for (const e of [envs.h, envs.r])
      assert.equal((await helm(['repo', 'add', 'charts', server.url], e)).code, 0);
  }
  const results: RunResult[] = [];
  for (const args of steps) {
    const [h, r] = await both([...args, 'parent'], envs, roots);
    // Repository refreshes run in parallel: their lines may come in either order.
    const sortLines = (x: RunResult): RunResult => ({ ...x, stdout: x.stdout.split('\n').sort().join('\n') });
    assert.deepEqual(sortLines(r), sortLines(h), args.join(' '));
    assert.deepEqual(tree(roots.r), tree(roots.h), `files after ${args.join(' ')}`);
    results.push(r);
  }
  return results;
}

test('dependency update and build from a configured repository, with @alias and --skip-refresh', async () => {
  const deps = `- name: alpha\n  version: "~0.1"\n  repository: ${server.url}\n- name: beta\n  version: ">=1.0.0"\n  repository: "@charts"\n- name: alpha\n  alias: pre\n  version: ">=0.1.0-0"\n  repository: ${server.url}/\n`;
  const [up] = await compare(
    deps,
    [
      ['dependency', 'update'],
      ['dependency', 'build'],
      ['dependency', 'build', '--skip-refresh'],
      ['dependency', 'update', '--skip-refresh'],
    ],
    true,
  );
  assert.match(up!.stdout, /Downloading beta from repo/);
});

test('dependency update from a repository that is not configured (helm-manager cache names)', async () => {
  await compare(
    `- name: beta\n  version: 1.2.3\n  repository: ${server.url}\n`,
    [['dependency', 'update']],
    false,
  );
});

test('dependency update errors as helm: no matching version, chart missing from the repository', async () => {
  await compare(
    `- name: alpha\n  version: ^5.0.0\n  repository: ${server.url}\n`,
    [['dependency', 'update']],
    true,
  );
  await compare(
    `- name: gamma\n  version: 1.0.0\n  repository: ${server.url}\n`,
    [['dependency', 'update']],
    true,
  );
  await compare(`- name: alpha\n  version: 0.1.0\n  repository: "@nope"\n`, [['dependency', 'update']], true);
});

test('a dependency archive that differs from its index digest is refused and charts/ is kept', async () => {
  const d = mkdtempSync(join(tmpdir(), 'rudder-depdigest-'));
  const good = readFileSync(await packageChart(d, 'alpha', '0.1.0'));
  const other = await startChartRepoServer({ dir: d });
  try {
    writeFileSync(
      join(d, 'index.yaml'),
      `apiVersion: v1\nentries:\n  alpha:\n  - apiVersion: v2\n    name: alpha\n    version: 0.1.0\n    digest: ${sha256(good)}\n    urls:\n    - alpha-0.1.0.tgz\n`,
    );
    const env = cleanEnv();
    assert.equal((await rudder(['repo', 'add', 'x', other.url], env)).code, 0);
    const root = mkdtempSync(join(tmpdir(), 'rudder-depdigest-root-'));
    const p = parent(root, `- name: alpha\n  version: 0.1.0\n  repository: ${other.url}\n`);
    assert.equal((await rudder(['dependency', 'update', p], env)).code, 0);
    const before = snapshot(p);
    // The server now hands out another archive under the same name.
    other.overrides.push((req, res) => {
      if (!req.url?.endsWith('/alpha-0.1.0.tgz')) return false;
      res.writeHead(200);
      res.end(Buffer.concat([good, Buffer.from('tampered')]));
      return true;
    });
    const r = await rudder(['dependency', 'build', p], env);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `^Error: could not download ${other.url}/alpha-0.1.0.tgz: digest mismatch for .* \\(repository "x", entry alpha-0.1.0\\)`,
      ),
    );
    assert.match(r.stdout, /Save error occurred: {2}could not download/);
    assert.deepEqual(snapshot(p), before);
  } finally {
    await other.close();
  }
});
