// Cold YAML reading as `rudder template` meets it: a fresh Node process (bin/rudder's V8 flags)
// reads a corpus chart's values files and Chart.yaml files (parseYaml, the fast reader for
// nearly all of them) and then the heads of every manifest helm renders from it (parseHead), and
// prints the CPU and wall ms of each step: the median of BENCH_RUNS processes (default 9) per
// chart. BENCH_YAML_SRC=DIR times another copy of src/ (e.g. an older commit's worktree) in the
// same run, alternating, with the median of the paired ratios.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR, REPO_ROOT, helmOutputs } from '../test/support/corpus.js';
import { median } from './corpus-charts.js';
import { bundleDriver, runDriver } from './driver.js';

const CHARTS = [
  'prometheus-community/helm-charts/kube-prometheus-stack',
  'bitnami/charts/rabbitmq',
  'argoproj/argo-helm/argo-cd',
  'bitnami/charts/airflow',
];
const driver = (src: string): string => `
import { readFileSync } from 'node:fs';
import { parseYaml } from ${JSON.stringify(join(src, 'yaml', 'decode.ts'))};
import { metadataStringField } from ${JSON.stringify(join(src, 'chart', 'metadata.ts'))};
import { parseHead, splitManifests } from ${JSON.stringify(join(src, 'render', 'manifests.ts'))};
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const texts = job.files.map((f) => readFileSync(f, 'utf8'));
const docs = splitManifests(readFileSync(job.manifests, 'utf8'));
const time = (f) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
};
const values = time(() => {
  job.files.forEach((f, i) => parseYaml(texts[i], 'any', f.endsWith('Chart.yaml') ? { stringFields: metadataStringField } : {}));
});
const heads = time(() => {
  for (const d of docs) parseHead(d);
});
process.stdout.write(JSON.stringify({ values, heads }));
`;

interface Time {
  ms: number;
  cpuMs: number;
}
interface Sample {
  values: Time;
  heads: Time;
}

/** The chart's values*.yaml and Chart.yaml files, its subcharts' too (not under templates/). */
function yamlFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'charts' || dir.endsWith('/charts')) yamlFiles(p, out);
    } else if (name === 'values.yaml' || name === 'Chart.yaml') out.push(p);
  }
  return out;
}

const once = (bundlePath: string, job: string): Sample =>
  runDriver<Sample>(bundlePath, [job], 'yaml', { env: {} });

export async function runYamlFastBench(runs = Number(process.env.BENCH_RUNS ?? 9)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rudder-yaml-bench-'));
  try {
    const a = await bundleDriver(dir, 'this', driver(join(REPO_ROOT, 'src')));
    const other = process.env.BENCH_YAML_SRC;
    const b = other ? await bundleDriver(dir, 'other', driver(join(other, 'src'))) : undefined;
    for (const [n, chart] of CHARTS.entries()) {
      const [helm] = helmOutputs({ path: chart, name: chart });
      const manifests = join(dir, `manifests-${n}.yaml`);
      writeFileSync(manifests, helm.stdout);
      const job = join(dir, `job-${n}.json`);
      const files = yamlFiles(join(CORPUS_DIR, chart), []);
      writeFileSync(job, JSON.stringify({ files, manifests }));
      const sa: Sample[] = [];
      const sb: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        sa.push(once(a, job));
        if (b) sb.push(once(b, job));
      }
      for (const step of ['values', 'heads'] as const) {
        const cpu = median(sa.map((s) => s[step].cpuMs));
        let line = `yaml ${step}, cold, ${chart}: cpu ${cpu.toFixed(1)} ms, wall ${median(sa.map((s) => s[step].ms)).toFixed(1)} ms`;
        if (b) {
          const ratios = sa.map((s, i) => s[step].cpuMs / sb[i]![step].cpuMs);
          line += `; ${other}: cpu ${median(sb.map((s) => s[step].cpuMs)).toFixed(1)} ms, ratio ${median(ratios).toFixed(2)}`;
        }
        console.log(`${line} (median of ${runs} processes; ${files.length} files)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runYamlFastBench();
