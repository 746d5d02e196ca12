// `rudder package` must write the same bytes as `helm package` (v4.3.2) for the same chart:
// tar entries, headers, times, gzip header and the deflate stream. Helm orders subcharts by Go map
// iteration (random between runs), so charts with several subcharts are compared entry by entry,
// and Helm's own tar is re-compressed by our writer to check the compression on its order.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { packageChart } from '../../src/chart/package.js';
import { HELM_GZIP_EXTRA } from '../../src/chart/save.js';
import { GzipWriter } from '../../src/compress/gzip.js';
import { CORPUS_DIR, REPO_ROOT, corpusCharts, requireHelm } from '../support/corpus.js';

const work = mkdtempSync(join(tmpdir(), 'rudder-package-'));
after(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => {
  const d = join(work, `d${counter++}`);
  mkdirSync(d);
  return d;
};

function helmPackage(chart: string, args: string[] = []): { bytes: Buffer; stdout: string } {
  const dest = freshDir();
  const r = spawnSync(requireHelm(), ['package', chart, '-d', dest, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `helm package failed: ${r.stderr}`);
  const [file] = readdirSync(dest);
  return { bytes: readFileSync(join(dest, file!)), stdout: r.stdout.replace(dest, '<dest>') };
}

async function ourPackage(
  chart: string,
  opts: Parameters<typeof packageChart>[1] = {},
): Promise<{ bytes: Buffer; stdout: string }> {
  const dest = freshDir();
  const r = await packageChart(chart, { ...opts, destination: dest });
  return { bytes: readFileSync(r.path), stdout: r.message.replace(dest, '<dest>') };
}

const octal = (b: Buffer, off: number, len: number): number =>
  parseInt(
    b
      .subarray(off, off + len)
      .toString('latin1')
      .replace(/\0.*$/s, '')
      .trim() || '0',
    8,
  );

/** Tar stream → list of records (header + body + padding), trailer excluded. */
function tarRecords(tar: Buffer): { header: Buffer; body: Buffer; pad: Buffer }[] {
  const out: { header: Buffer; body: Buffer; pad: Buffer }[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const padLen = (512 - (size % 512)) % 512;
    out.push({
      header,
      body: tar.subarray(off + 512, off + 512 + size),
      pad: tar.subarray(off + 512 + size, off + 512 + size + padLen),
    });
    off += 512 + size + padLen;
  }
  return out;
}

/** Re-compresses a tar with the writes Go's tar writer makes while Helm saves a chart. */
function regzipLikeHelm(tar: Buffer): Buffer {
  const gz = new GzipWriter({ extra: HELM_GZIP_EXTRA, comment: 'Helm' });
  for (const r of tarRecords(tar)) {
    gz.write(r.header);
    if (r.body.length > 0) gz.write(r.body);
    gz.write(r.pad);
  }
  gz.write(new Uint8Array(512));
  gz.write(new Uint8Array(512));
  return Buffer.from(gz.close());
}

/** Records grouped so that a whole subchart (under <top>/charts/<x>/) is one unit, sorted. */
function unitsOf(tgz: Buffer): string[] {
  const units = new Map<string, string>();
  for (const r of tarRecords(gunzipSync(tgz))) {
    const name = r.header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    // Each (sub)chart's own files are one unit, at any depth: Helm orders siblings randomly.
    const m = /^(.*\/charts\/[^/]+)\//.exec(name);
    const key = m ? `sub:${m[1]}` : `top:${units.size}`;
    units.set(key, (units.get(key) ?? '') + Buffer.concat([r.header, r.body]).toString('hex'));
  }
  return [...units.values()].sort();
}

/** The most subcharts any charts/ folder of the chart holds, nested ones included. */
function subchartCount(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(join(dir, 'charts')).filter((n) => !n.startsWith('_') && !n.startsWith('.'));
  } catch {
    return 0;
  }
  return Math.max(names.length, ...names.map((n) => subchartCount(join(dir, 'charts', n))));
}

async function assertSameArchive(chart: string): Promise<void> {
  const helm = helmPackage(chart);
  const ours = await ourPackage(chart);
  assert.equal(ours.stdout, helm.stdout);
  if (subchartCount(chart) <= 1) {
    assert.ok(
      ours.bytes.equals(helm.bytes),
      `archives differ (${ours.bytes.length} vs ${helm.bytes.length} bytes)`,
    );
    return;
  }
  // Several subcharts: Helm's order is random; same entries, and Helm's order compresses identically.
  assert.deepEqual(unitsOf(ours.bytes), unitsOf(helm.bytes));
  assert.ok(regzipLikeHelm(gunzipSync(helm.bytes)).equals(helm.bytes), "compressing helm's tar differs");
}

test('examples/hello packages to the same bytes as helm, with the same message', async () => {
  const chart = join(REPO_ROOT, 'examples', 'hello');
  const helm = helmPackage(chart);
  const ours = await ourPackage(chart);
  assert.ok(ours.bytes.equals(helm.bytes));
  assert.equal(ours.stdout, 'Successfully packaged chart and saved it to: <dest>/hello-0.1.0.tgz\n');
  assert.equal(ours.stdout, helm.stdout);
});

test('--version and --app-version are applied as helm applies them', async () => {
  const chart = join(REPO_ROOT, 'examples', 'hello');
  const helm = helmPackage(chart, ['--version', '2.3.4-rc.1+build', '--app-version', 'v9']);
  const ours = await ourPackage(chart, { version: '2.3.4-rc.1+build', appVersion: 'v9' });
  assert.match(ours.stdout, /hello-2\.3\.4-rc\.1\+build\.tgz/);
  assert.ok(ours.bytes.equals(helm.bytes));
});

/** A chart exercising the rarer paths: lock, schema, long and non-ASCII names, nested archives, times. */
function buildTrickyChart(): string {
  const root = freshDir();
  const top = join(root, 'tricky');
  cpSync(join(REPO_ROOT, 'examples', 'hello'), top, { recursive: true });
  writeFileSync(
    join(top, 'Chart.yaml'),
    [
      'apiVersion: v2',
      'name: tricky',
      'version: 1.0.0',
      'appVersion: "1.0"',
      'description: "a  tab\there"',
      'keywords: [b, a]',
      'maintainers:',
      '  - name: Zed',
      '    email: z@example.com',
      'annotations:',
      '  z: "1"',
      '  a: "yes"',
      'dependencies:',
      '  - name: sub',
      '    version: 0.2.0',
      '    repository: file://charts/sub',
      '    alias: subby',
      '    tags: [t1]',
      '    import-values:',
      '      - child: a',
      '        parent: b',
      '      - x',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(top, 'Chart.lock'),
    'dependencies:\n- name: sub\n  repository: file://charts/sub\n  version: 0.2.0\ndigest: sha256:abc\ngenerated: "2024-03-05T10:20:30.500000000-05:00"\n',
  );
  writeFileSync(join(top, 'values.schema.json'), '{"type": "object"}\n');
  writeFileSync(join(top, 'README.md'), '# tricky\n');
  mkdirSync(join(top, 'files'));
  writeFileSync(join(top, 'files', `${'n'.repeat(110)}.txt`), 'long\n');
  writeFileSync(join(top, 'files', 'résumé-日本.txt'), 'unicode\n');
  writeFileSync(
    join(top, 'files', 'bin.dat'),
    Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7919) % 256)),
  );
  const sub = join(top, 'charts', 'sub');
  mkdirSync(join(sub, 'templates'), { recursive: true });
  writeFileSync(join(sub, 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.2.0\n');
  writeFileSync(join(sub, 'values.yaml'), 'a: {b: 1}\n');
  writeFileSync(join(sub, 'templates', 'cm.yaml'), 'kind: ConfigMap\n');
  // A nested subchart shipped as an archive: its entry times come from its tar headers.
  const inner = join(root, 'inner');
  mkdirSync(inner);
  writeFileSync(join(inner, 'Chart.yaml'), 'apiVersion: v1\nname: inner\nversion: 0.0.1\n');
  utimesSync(join(inner, 'Chart.yaml'), 1600000000, 1600000000.7);
  const innerTgz = helmPackage(inner).bytes;
  mkdirSync(join(sub, 'charts'));
  writeFileSync(join(sub, 'charts', 'inner-0.0.1.tgz'), innerTgz);
  // Sub-second times: .5 and above round up, below rounds down.
  utimesSync(join(top, 'values.yaml'), 1700000000, 1700000000.5);
  utimesSync(join(top, 'Chart.yaml'), 1700000000, 1700000001.49);
  return top;
}

test('a chart with lock, schema, long/non-ASCII names, nested archive and sub-second times matches helm', async () => {
  const chart = buildTrickyChart();
  const helm = helmPackage(chart);
  const ours = await ourPackage(chart);
  const names = tarRecords(gunzipSync(ours.bytes)).map((r) =>
    r.header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, ''),
  );
  assert.ok(
    names.some((n) => n.includes('PaxHeaders.0')),
    'expected PAX headers for long/non-ASCII names',
  );
  assert.ok(
    ours.bytes.equals(helm.bytes),
    `archives differ (${ours.bytes.length} vs ${helm.bytes.length} bytes)`,
  );
});

test("missing dependencies and bad versions fail with helm's messages", async () => {
  const chart = join(freshDir(), 'md');
  cpSync(join(REPO_ROOT, 'examples', 'hello'), chart, { recursive: true });
  writeFileSync(
    join(chart, 'Chart.yaml'),
    'apiVersion: v2\nname: md\nversion: 0.1.0\ndependencies:\n- name: a\n  repository: file://x\n- name: b\n  repository: file://y\n',
  );
  await assert.rejects(packageChart(chart, { destination: freshDir() }), {
    message: 'found in Chart.yaml, but missing in charts/ directory: a, b',
  });
  await assert.rejects(
    packageChart(join(REPO_ROOT, 'examples', 'hello'), { version: 'foo', destination: freshDir() }),
    {
      message: 'invalid semantic version',
    },
  );
  await assert.rejects(packageChart('/nonexistent/chart'), {
    message: 'stat /nonexistent/chart: no such file or directory',
  });
});

test('--dependency-update runs before the chart is loaded', async () => {
  const calls: string[] = [];
  const chart = join(REPO_ROOT, 'examples', 'hello');
  await packageChart(chart, { destination: freshDir(), dependencyUpdate: (p) => void calls.push(p) });
  assert.deepEqual(calls, [chart]);
});

for (const c of corpusCharts()) {
  const dir = join(CORPUS_DIR, c.path);
  test(`corpus ${relative(CORPUS_DIR, dir)} packages like helm`, async () => {
    await assertSameArchive(dir);
  });
}
