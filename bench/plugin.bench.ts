// WebAssembly plugins: the Go-built echo post-renderer (tools/wasm-plugins) over the output of
// kube-prometheus-stack, on rudder's Extism host (a worker thread per call) against the subprocess
// runtime (`cat` as a postrenderer/v1 plugin): start-up (a one-line input) and throughput (the
// whole stream). helm 4.3.2 cannot run a WASM post-renderer (it sends `{}`), so the comparison
// with helm is on what both run: the WASM cli plugin and the WASM getter (`show chart`), whole
// processes, with `version` as each tool's bare start-up. Medians of BENCH_RUNS runs (default 5).
// Prints timings only; it asserts nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDir } from '../src/plugin/loader.js';
import { runPostRendererSync, envMap } from '../src/plugin/subprocess.js';
import { runPostRendererWasm } from '../src/plugin/wasm/types.js';
import { REPO_ROOT, requireHelm } from '../test/support/corpus.js';
import { wasmPluginsDir } from '../test/plugin/wasm-support.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

const dir = mkdtempSync(join(tmpdir(), 'rudder-plugin-bench-'));
try {
  const plugins = join(dir, 'plugins');
  const add = (name: string, yaml: string, wasm?: string): string => {
    const d = join(plugins, name);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'plugin.yaml'), `apiVersion: v1\nname: ${name}\nversion: 0.1.0\n${yaml}`);
    if (wasm) copyFileSync(join(wasmPluginsDir(), `${wasm}.wasm`), join(d, 'plugin.wasm'));
    return d;
  };
  const echo = loadDir(add('echo', 'type: postrenderer/v1\nruntime: extism/v1\n', 'echo'));
  const cat = loadDir(
    add(
      'cat',
      'type: postrenderer/v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n    - command: cat\n',
    ),
  );
  add('wcli', 'type: cli/v1\nruntime: extism/v1\n', 'cli');
  add('wget', 'type: getter/v1\nruntime: extism/v1\nconfig:\n  protocols: [wasm]\n', 'getter');

  const kps = join(
    REPO_ROOT,
    '..',
    'shared',
    'corpus',
    'prometheus-community',
    'helm-charts',
    'kube-prometheus-stack',
  );
  const rendered = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rudder'), 'template', 'kps', kps], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (rendered.status !== 0) throw new Error(`template kube-prometheus-stack: ${rendered.stderr}`);
  const manifests = rendered.stdout;
  const mb = Buffer.byteLength(manifests) / 1e6;
  const env = envMap(process.env);

  const cold = time(() => runPostRendererWasm(echo, 'a: b\n', []));
  if (runPostRendererWasm(echo, manifests, []) !== manifests) throw new Error('echo changed the manifests');
  const rows: [string, number, number][] = [];
  for (const [name, f] of [
    ['wasm echo (rudder host)', (s: string) => runPostRendererWasm(echo, s, [])],
    ['subprocess cat', (s: string) => runPostRendererSync(cat, s, [], env)],
  ] as const) {
    const start: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < runs; i++) {
      start.push(time(() => f('a: b\n')));
      whole.push(time(() => f(manifests)));
    }
    rows.push([name, median(start), median(whole)]);
  }
  console.log(`post-renderer over kube-prometheus-stack (${mb.toFixed(2)} MB), medians of ${runs}:`);
  console.log(`  first wasm call (compiles the 3 MB module): ${cold.toFixed(0)} ms`);
  for (const [name, s, w] of rows)
    console.log(
      `  ${name.padEnd(26)} start-up ${s.toFixed(1).padStart(7)} ms   whole stream ${w.toFixed(0).padStart(6)} ms   ${(mb / (w / 1000)).toFixed(1)} MB/s`,
    );
  console.log(
    `  wasm / subprocess: start-up ×${(rows[0]![1] / rows[1]![1]).toFixed(2)}, stream ×${(rows[0]![2] / rows[1]![2]).toFixed(2)}`,
  );

  // What helm runs too: whole processes, interleaved.
  const helm = requireHelm();
  const penv = { HOME: dir, PATH: process.env.PATH ?? '/usr/bin:/bin', HELM_PLUGINS: plugins };
  const whole = (cmd: string, pre: string[], args: string[]): number =>
    time(() => {
      const r = spawnSync(cmd, [...pre, ...args], {
        env: penv,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
    });
  console.log(`whole processes against helm v4.3.2 (wazero), medians of ${runs}:`);
  for (const args of [['version'], ['wcli', 'x'], ['show', 'chart', 'wasm://c/mychart-0.1.0.tgz']]) {
    const h: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < runs; i++) {
      h.push(whole(helm, [], args));
      r.push(whole(process.execPath, [join(REPO_ROOT, 'bin', 'rudder')], args));
    }
    console.log(
      `  ${args.join(' ').padEnd(40)} helm ${median(h).toFixed(0).padStart(5)} ms   rudder ${median(r).toFixed(0).padStart(5)} ms   ×${(median(r) / median(h)).toFixed(2)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
