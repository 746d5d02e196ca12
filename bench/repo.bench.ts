// Whole-process benchmark of the repository side on a Bitnami-sized index (issue 12 item 7): a
// generated index.yaml of BENCH_REPO_ENTRIES versions (default 30,000 over 150 charts, ~15 MB)
// served on 127.0.0.1 by a small static server (a child process), and for each of helm v4.3.2
// and rudder, each with its own HOME: `repo update`, `search repo` (a keyword, and `--versions`)
// and `dependency update` of a chart with three dependencies from that repository (real archives,
// digests in the index, version ranges). Runs alternate helm/rudder, BENCH_RUNS times each
// (default 3, median kept); wall, CPU (user+system) and peak RSS from /usr/bin/time when
// installed. The first rudder search after helm wrote the index (no parsed cache yet) is
// reported on its own line. Outputs are compared (search text, Chart.lock without its time);
// a difference is printed, not asserted. Targets (issue 12): rudder >= 5x faster, <= 1/5 memory.
// BENCH_RUDDER names another bin/rudder to measure instead of this checkout's. bin/rudder is run as
// installed (its shebang, as helm's binary is run): `node bin/rudder` would start a second Node
// to add the shebang's flags, ~80 ms CPU that no installed rudder spends (bench/corpus.bench.ts
// runs it the same way).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, requireHelm } from '../test/support/corpus.js';

// BENCH_RUDDER: another build's bin/rudder (a snapshot of an earlier state, for before/after).
const RUDDER = process.env.BENCH_RUDDER ?? join(REPO_ROOT, 'bin', 'rudder');
const TIME_BIN = '/usr/bin/time';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ENTRIES = Number(process.env.BENCH_REPO_ENTRIES ?? 30000);
const CHARTS = 150;

interface Sample {
  ms: number;
  cpuMs?: number;
  rssKb?: number;
  stdout: string;
  stderr: string;
  status: number;
}

function runOnce(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Sample {
  const haveTime = existsSync(TIME_BIN);
  const dir = mkdtempSync(join(tmpdir(), 'rudder-bench-'));
  const rssFile = join(dir, 'rss');
  const [file, argv] = haveTime ? [TIME_BIN, ['-o', rssFile, '-f', '%U %S %M', cmd, ...args]] : [cmd, args];
  const start = performance.now();
  const r = spawnSync(file, argv, { env, cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = performance.now() - start;
  const s: Sample = { ms, stdout: r.stdout, stderr: r.stderr, status: r.status ?? 1 };
  if (haveTime) {
    const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
    const [user, sys, rss] = lines[lines.length - 1]!.split(' ').map(Number);
    s.cpuMs = (user! + sys!) * 1000;
    s.rssKb = rss;
  }
  rmSync(dir, { recursive: true, force: true });
  if (s.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${s.stderr}`);
  return s;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One version's index entry, shaped like Bitnami's (annotations, a dependency, maintainers). */
function entry(
  name: string,
  c: number,
  v: number,
  ver: string,
  real?: { digest: string; url: string },
): string {
  const digest = real?.digest ?? createHash('sha256').update(`${name}-${ver}`).digest('hex');
  const url = real?.url ?? `https://charts.example.com/${name}-${ver}.tgz`;
  return `  - annotations:
      category: Infrastructure
    apiVersion: v2
    appVersion: ${ver}
    created: "2024-0${1 + (v % 9)}-1${v % 10}T10:2${v % 10}:00.${String(v).padStart(3, '0')}Z"
    dependencies:
    - name: common
      repository: oci://registry.example.com/charts
      version: 2.x.x
    description: ${name} for the repository benchmark (${c}).
    digest: ${digest}
    home: https://example.com
    keywords:
    - ${name}
    maintainers:
    - name: Example, Inc.
    name: ${name}
    urls:
    - ${url}
    version: ${ver}
`;
}

function generateIndex(real: Map<string, { digest: string; url: string }>): string {
  const versions = Math.ceil(ENTRIES / CHARTS);
  let out = 'apiVersion: v1\nentries:\n';
  for (let c = 0; c < CHARTS; c++) {
    const name = `chart-${c}`;
    out += `  ${name}:\n`;
    for (let v = versions - 1; v >= 0; v--) {
      const ver = `${Math.floor(v / 50)}.${Math.floor(v / 5) % 10}.${v % 5}`;
      out += entry(name, c, v, ver, real.get(`${name}-${ver}`));
    }
  }
  return out + 'generated: "2024-10-01T00:00:00Z"\n';
}

/** A static file server over dir on 127.0.0.1, in a child process (the runs below block this one). */
async function serve(dir: string): Promise<{ url: string; stop: () => void }> {
  const src = `
    const http = require('node:http'), fs = require('node:fs'), path = require('node:path');
    const root = ${JSON.stringify(dir)};
    const s = http.createServer((req, res) => {
      const p = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      if (!p.startsWith(root) || !fs.existsSync(p) || !fs.statSync(p).isFile()) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'Content-Length': fs.statSync(p).size });
      fs.createReadStream(p).pipe(res);
    });
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const p = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    p.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d.trim()));
    p.once('exit', () => reject(new Error('server exited')));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => p.kill() };
}

function setup(): { dir: string; real: Map<string, { digest: string; url: string }> } {
  const helm = requireHelm();
  const dir = mkdtempSync(join(tmpdir(), 'rudder-repo-bench-'));
  const served = join(dir, 'served');
  mkdirSync(join(served, 'charts'), { recursive: true });
  const real = new Map<string, { digest: string; url: string }>();
  for (let c = 0; c < 3; c++) {
    const name = `chart-${c}`;
    const src = join(dir, 'src', name);
    mkdirSync(join(src, 'templates'), { recursive: true });
    writeFileSync(
      join(src, 'Chart.yaml'),
      `apiVersion: v2\nname: ${name}\nversion: 2.9.4\nappVersion: 2.9.4\n`,
    );
    writeFileSync(join(src, 'values.yaml'), `n: ${c}\n`);
    writeFileSync(join(src, 'templates', 'cm.yaml'), 'kind: ConfigMap\n');
    spawnSync(helm, ['package', src, '-d', join(served, 'charts')], { stdio: 'ignore' });
    const tgz = join(served, 'charts', `${name}-2.9.4.tgz`);
    const digest = createHash('sha256').update(readFileSync(tgz)).digest('hex');
    real.set(`${name}-2.9.4`, { digest, url: `charts/${name}-2.9.4.tgz` });
  }
  writeFileSync(join(served, 'index.yaml'), generateIndex(real));
  const umbrella = join(dir, 'umbrella');
  mkdirSync(umbrella);
  return { dir, real };
}

function umbrellaChart(dir: string, url: string): string {
  const u = join(dir, 'umbrella');
  const deps = [0, 1, 2]
    .map((c) => `- name: chart-${c}\n  version: "~2.9.0"\n  repository: ${url}\n`)
    .join('');
  writeFileSync(
    join(u, 'Chart.yaml'),
    `apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n${deps}`,
  );
  return u;
}

interface Row {
  name: string;
  h: Sample[];
  r: Sample[];
}

function fmtRow(row: Row): string {
  const m = (s: Sample[], f: (x: Sample) => number | undefined): number | undefined => {
    const xs = s.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const hw = m(row.h, (x) => x.ms)!;
  const rw = m(row.r, (x) => x.ms)!;
  const hc = m(row.h, (x) => x.cpuMs);
  const rc = m(row.r, (x) => x.cpuMs);
  const hr = m(row.h, (x) => x.rssKb);
  const rr = m(row.r, (x) => x.rssKb);
  const ratio = (a?: number, b?: number): string => (a && b ? `${(a / b).toFixed(1)}x` : '-');
  const n = (x?: number, unit = ''): string => (x === undefined ? '-' : `${Math.round(x)}${unit}`);
  return [
    row.name.padEnd(28),
    `wall ${n(hw, 'ms')} / ${n(rw, 'ms')} = ${ratio(hw, rw)}`.padEnd(34),
    `cpu ${n(hc, 'ms')} / ${n(rc, 'ms')} = ${ratio(hc, rc)}`.padEnd(34),
    `rss ${n(hr && hr / 1024, 'MB')} / ${n(rr && rr / 1024, 'MB')} = ${ratio(hr, rr)}`,
  ].join(' ');
}

async function main(): Promise<void> {
  const helm = requireHelm();
  const { dir } = setup();
  const server = await serve(join(dir, 'served'));
  const size = readFileSync(join(dir, 'served', 'index.yaml')).length;
  console.log(
    `index.yaml: ${(size / 1e6).toFixed(1)} MB, ${ENTRIES} versions of ${CHARTS} charts; ${RUNS} runs each, medians; helm / rudder = ratio`,
  );
  const homes = { h: join(dir, 'home-h'), r: join(dir, 'home-r') };
  const envOf = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: home });
  const tools: [keyof typeof homes, string, string[]][] = [
    ['h', helm, []],
    ['r', RUDDER, []],
  ];
  const run = (k: keyof typeof homes, args: string[], cwd?: string): Sample => {
    const [, cmd, pre] = tools.find((t) => t[0] === k)!;
    return runOnce(cmd, [...pre, ...args], envOf(homes[k]), cwd);
  };
  for (const [k] of tools) {
    mkdirSync(homes[k], { recursive: true });
    run(k, ['repo', 'add', 'big', server.url]);
  }
  const rows: Row[] = [];
  const measure = (name: string, args: string[], cwd?: (k: 'h' | 'r') => string): Row => {
    const row: Row = { name, h: [], r: [] };
    for (let i = 0; i < RUNS; i++) {
      row.h.push(run('h', args, cwd?.('h')));
      row.r.push(run('r', args, cwd?.('r')));
    }
    rows.push(row);
    console.log(fmtRow(row));
    return row;
  };
  measure('repo update', ['repo', 'update']);
  // Rudder's first read of an index helm wrote: index.yaml is parsed, its cache written.
  const cacheOf = join(homes.r, '.cache', 'helm', 'repository', 'big-index.yaml');
  const helmIndex = join(homes.h, '.cache', 'helm', 'repository', 'big-index.yaml');
  writeFileSync(cacheOf, readFileSync(helmIndex));
  const cold: Row = {
    name: 'search repo (rudder cold)',
    h: [run('h', ['search', 'repo', 'chart-12'])],
    r: [],
  };
  rmSync(join(homes.r, '.cache', 'helm', 'rudder-index'), { recursive: true, force: true });
  cold.r.push(run('r', ['search', 'repo', 'chart-12']));
  console.log(fmtRow(cold));
  const s = measure('search repo chart-12', ['search', 'repo', 'chart-12']);
  if (s.h[0]!.stdout !== s.r[0]!.stdout) console.log('  WARNING: search outputs differ');
  const l = measure('search repo -l chart-1', ['search', 'repo', '-l', 'chart-1']);
  if (l.h[0]!.stdout !== l.r[0]!.stdout) console.log('  WARNING: search -l outputs differ');
  const charts = { h: join(dir, 'u-h'), r: join(dir, 'u-r') };
  for (const k of ['h', 'r'] as const) {
    mkdirSync(charts[k]);
    writeFileSync(
      join(charts[k], 'Chart.yaml'),
      readFileSync(join(umbrellaChart(dir, server.url), 'Chart.yaml')),
    );
  }
  measure('dependency update', ['dependency', 'update', '.'], (k) => charts[k]);
  const lock = (k: 'h' | 'r'): string =>
    readFileSync(join(charts[k], 'Chart.lock'), 'utf8').replace(/generated: .*/, '');
  if (lock('h') !== lock('r')) console.log('  WARNING: Chart.lock files differ');
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}

await main();
