// Cold parse throughput: every template file of the corpus charts (subcharts included) parsed
// once by src/template/parse in a fresh Node process, as a one-shot `rudder template` meets them
// (no warm-up, no JIT history). Prints MB of template text per second by wall and by CPU time,
// median of BENCH_RUNS processes (default 5), for the kube-prometheus-stack chart alone and for
// the whole corpus. BENCH_PARSE_SRC=DIR parses with another copy of the parser (e.g. an older
// commit's src/template/parse, to compare). Prints timings only; it asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CORPUS_DIR, REPO_ROOT } from '../test/support/corpus.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Template files (any templates/ directory, at any depth) under dir. */
function templateFiles(dir: string, inTemplates = false, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) templateFiles(p, inTemplates || name === 'templates', out);
    else if (inTemplates && /\.(ya?ml|tpl|txt|json)$/.test(name)) out.push(p);
  }
  return out;
}

const driver = `
const { readFileSync } = require('node:fs');
const { parse } = require(process.argv[2]);
const files = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const texts = files.map((f) => readFileSync(f, 'utf8'));
let bytes = 0, failed = 0;
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (let i = 0; i < texts.length; i++) {
  bytes += Buffer.byteLength(texts[i]);
  try { parse(files[i], texts[i], { mode: { skipFuncCheck: true } }); } catch { failed++; }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, bytes, failed }));
`;

interface Sample {
  ms: number;
  /** user + system CPU time of the parsing, less sensitive than wall time to a busy machine */
  cpuMs: number;
  bytes: number;
  failed: number;
}

export async function runParseBench(runs = Number(process.env.BENCH_RUNS ?? 5)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-parse-bench-'));
  try {
    const src = process.env.BENCH_PARSE_SRC ?? join(REPO_ROOT, 'src', 'template', 'parse');
    const bundle = join(dir, 'parse.cjs');
    await build({
      entryPoints: [join(src, 'parse.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'warning',
    });
    writeFileSync(join(dir, 'driver.cjs'), driver);
    const sets: [string, string[]][] = [
      [
        'kube-prometheus-stack',
        templateFiles(join(CORPUS_DIR, 'prometheus-community', 'helm-charts', 'kube-prometheus-stack')),
      ],
      ['whole corpus', templateFiles(CORPUS_DIR)],
    ];
    for (const [name, files] of sets) {
      const list = join(dir, `${name.replace(/\W/g, '_')}.json`);
      writeFileSync(list, JSON.stringify(files));
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        const r = spawnSync(process.execPath, ['--stack-size=6000', join(dir, 'driver.cjs'), bundle, list], {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        });
        if (r.status !== 0) throw new Error(`parse driver failed: ${r.stderr}`);
        samples.push(JSON.parse(r.stdout) as Sample);
      }
      const ms = median(samples.map((s) => s.ms));
      const cpu = median(samples.map((s) => s.cpuMs));
      const mb = samples[0]!.bytes / 1e6;
      console.log(
        `parse, cold, ${name}: ${files.length} files, ${mb.toFixed(2)} MB, wall ${ms.toFixed(0)} ms` +
          ` (${(mb / (ms / 1000)).toFixed(1)} MB/s), cpu ${cpu.toFixed(0)} ms (${(mb / (cpu / 1000)).toFixed(1)} MB/s)` +
          ` (median of ${runs} processes; ${samples[0]!.failed} files fail to parse, as in Go)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runParseBench();
