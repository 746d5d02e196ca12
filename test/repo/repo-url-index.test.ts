// `--repo URL` (FindChartInRepoURL) reads the downloaded index with the byte scanner, parsing only
// the named chart's entry: the same results, warnings and errors as helm v4.3.2 on an index of
// 3,000 versions with a real chart in it and an entry helm skips. pull, show and template compared
// with helm on stdout, stderr, exit code and the files pulled.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './support.js';
import { chartRepoDir, compareSessions, noTime } from '../support/sessions.js';
import { startChartRepoServer, type ChartRepoServer } from '../support/chart-repo-server.js';

let server: ChartRepoServer;

function bigIndex(real: string): string {
  let out = 'apiVersion: v1\nentries:\n';
  for (let c = 0; c < 60; c++) {
    out += `  chart-${c}:\n`;
    for (let v = 49; v >= 0; v--) {
      const ver = `${Math.floor(v / 10)}.${v % 10}.0`;
      out += `  - apiVersion: v2\n    created: "2024-01-10T10:20:00Z"\n    description: chart ${c}\n`;
      out += `    digest: ${sha256(Buffer.from(`${c}-${ver}`))}\n    name: chart-${c}\n`;
      out += `    urls:\n    - http://127.0.0.1:1/chart-${c}-${ver}.tgz\n    version: ${ver}\n`;
    }
  }
  // One entry helm skips with a warning (no version), then the real chart.
  out += '  broken:\n  - apiVersion: v2\n    name: broken\n    urls:\n    - broken.tgz\n';
  out += real;
  return out + 'generated: "2024-10-01T00:00:00Z"\n';
}

before(async () => {
  const dir = await chartRepoDir('repourl', [
    ['alpha', '1.0.0'],
    ['alpha', '1.1.0-rc.1'],
  ]);
  // The real entries of helm's index, appended after the generated ones.
  const idx = readFileSync(join(dir, 'index.yaml'), 'utf8');
  const real = idx.slice(idx.indexOf('entries:\n') + 9, idx.indexOf('generated:'));
  writeFileSync(join(dir, 'index.yaml'), bigIndex(real));
  server = await startChartRepoServer({ dir });
});

after(async () => {
  await server?.close();
});

// The index is saved under a random name for the warnings' source.
const mask = (s: string, home: string): string =>
  noTime(s)
    .replaceAll(home, 'HOME')
    .replace(/repository\/[A-Za-z0-9=_+-]+-index\.yaml/g, 'repository/RANDOM-index.yaml');

test('pull, show and template with --repo on a large index, as helm', async () => {
  const u = server.url;
  const steps = [
    ['pull', 'alpha', '--repo', u],
    ['pull', 'alpha', '--repo', u, '--devel', '--untar'],
    ['show', 'chart', 'alpha', '--repo', u, '--version', '~1.1.0-0'],
    ['show', 'chart', 'chart-7', '--repo', u],
    ['template', 'alpha', '--repo', u, '--version', '1.0.0'],
    ['pull', 'missing', '--repo', u],
    ['pull', 'alpha', '--repo', u, '--version', '9.9.9'],
    ['pull', 'alpha', '--repo', u, '--version', '1.0'],
    ['show', 'values', 'broken', '--repo', u],
    ['pull', 'chart-3', '--repo', u, '--version', '>=4.9.0', '--debug'],
  ];
  const { helm: h, rudder: r } = await compareSessions(steps, { prefix: 'repourl', mask });
  assert.deepEqual(r.files, h.files);
  assert.equal(h.outs[0]!.code, 0, h.outs[0]!.stderr);
  assert.match(h.outs[5]!.stderr, /chart "missing" not found/);
});
