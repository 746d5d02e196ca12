// Start-up, whole processes: `version` and `template` of examples/hello by rudder (the checkout's
// bin/rudder, and the package as `npm pack` + a global install into a temporary prefix gives it)
// and by helm v4.3.2, interleaved run by run, with a bare `node -e 0` for reference. Medians of
// BENCH_RUNS runs (default 15) of wall and CPU (user + sys) time, and the ratios against helm.
// Also a V8 start-up snapshot of the CLI (`node --snapshot-blob`), bundled whole here and built
// with bin/rudder's flags after a warm-up render, as a road not taken: it saves parsing and
// module initialisation but costs as much to deserialise (README, Speed).
// Prints timings only; it asserts nothing.
import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, requireHelm } from '../test/support/corpus.js';
import { runOnce } from './corpus.bench.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The packed package installed into a temporary prefix; its bin/rudder, or undefined. */
function installPackage(dir: string): string | undefined {
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' };
  const pack = spawnSync('npm', ['pack', '--pack-destination', dir], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
  });
  const tgz = pack.stdout?.trim().split('\n').pop();
  if (pack.status !== 0 || !tgz) return undefined;
  const prefix = join(dir, 'prefix');
  const args = ['install', '-g', '--prefix', prefix, '--prefer-offline', '--omit=dev', join(dir, tgz)];
  const r = spawnSync('npm', args, { cwd: dir, env, encoding: 'utf8' });
  return r.status === 0 ? join(prefix, 'bin', 'rudder') : undefined;
}

/**
 * A start-up snapshot of the CLI, bundled here as one CommonJS file (dist/rudder.cjs is split into
 * chunks that bin/rudder loads): main() becomes the snapshot's entry, after one warm-up `template`
 * of examples/hello and one `version` so that their functions are compiled in it. Returns the
 * node arguments that run it, or undefined when the bundle's shape is not the expected one (the
 * bench then leaves it out).
 */
async function buildSnapshot(dir: string): Promise<string[] | undefined> {
  const bundle = join(dir, 'rudder-whole.cjs');
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  // Node built-ins as bin/rudder's bundle has them: loaded on first use (a snapshot cannot hold
  // node:http's state, for one).
  const { lazyModules } = (await import(
    pathToFileURL(join(REPO_ROOT, 'scripts', 'lazy-modules.mjs')).href
  )) as {
    lazyModules: (root: string) => Plugin;
  };
  const out = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['src/cli/main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    minifyWhitespace: true,
    charset: 'ascii',
    define: { RUDDER_VERSION: JSON.stringify(version) },
    logLevel: 'error',
    plugins: [lazyModules(REPO_ROOT)],
  });
  const src = `(function (exports, require, module, __filename, __dirname) {${out.outputFiles[0]!.text}\n})`;
  const end = src.lastIndexOf('}main();');
  const runName = /void (\w+)\(process\.argv\.slice\(2\)/.exec(src)?.[1];
  if (end < 0 || !runName) return undefined;
  const opts = `{stdout:()=>{},stderr:()=>{},env:{HOME:${JSON.stringify(dir)},PATH:''},argv0:'rudder'},{version:'0'}`;
  const hello = JSON.stringify(join(REPO_ROOT, 'examples', 'hello'));
  const warm = `${runName}(['template','hello',${hello}],${opts}).then(()=>${runName}(['version'],${opts}));`;
  const body = `${src.slice(0, end + 1)}${warm}require('v8').startupSnapshot.setDeserializeMainFunction(main);${src.slice(end + 8)}`;
  const entry = join(dir, 'snapshot-entry.js');
  writeFileSync(
    entry,
    // The bundle's body is a function expression taking CommonJS's arguments.
    `(${body}\n)({},require,{exports:{}},${JSON.stringify(bundle)},${JSON.stringify(dir)});`,
  );
  const flags = readFileSync(join(REPO_ROOT, 'bin', 'rudder'), 'latin1')
    .split('\n', 1)[0]!
    .split(' ')
    .slice(3);
  const blob = join(dir, 'snapshot.blob');
  const r = spawnSync(process.execPath, [...flags, '--snapshot-blob', blob, '--build-snapshot', entry], {
    stdio: 'ignore',
  });
  // process.argv[1] is the first argument after the blob: bin/rudder's path, as main() expects.
  return r.status === 0 ? [...flags, '--snapshot-blob', blob, join(REPO_ROOT, 'bin', 'rudder')] : undefined;
}

export async function runStartupBench(runs = Number(process.env.BENCH_RUNS ?? 15)): Promise<void> {
  const helm = requireHelm();
  const dir = mkdtempSync(join(tmpdir(), 'rudder-startup-'));
  try {
    const installed = installPackage(dir);
    if (!installed) console.log('(npm pack / install failed: the installed package is not measured)');
    const snapshot = await buildSnapshot(dir);
    if (!snapshot) console.log('(the start-up snapshot could not be built: not measured)');
    const hello = join(REPO_ROOT, 'examples', 'hello');
    const tools: [string, string, string[]][] = [
      ['helm', helm, []],
      ['rudder (checkout)', join(REPO_ROOT, 'bin', 'rudder'), []],
      ...(installed ? ([['rudder (installed)', installed, []]] as [string, string, string[]][]) : []),
      ...(snapshot
        ? ([['rudder (V8 snapshot)', process.execPath, snapshot]] as [string, string, string[]][])
        : []),
      ['node -e 0', process.execPath, ['-e', '0']],
    ];
    for (const args of [['version'], ['template', 'hello', hello]]) {
      const wall = new Map<string, number[]>();
      const cpu = new Map<string, number[]>();
      for (let i = 0; i < runs; i++) {
        for (const [name, cmd, pre] of tools) {
          const s = runOnce(cmd, name === 'node -e 0' ? pre : [...pre, ...args], dir);
          wall.set(name, [...(wall.get(name) ?? []), s.ms]);
          cpu.set(name, [...(cpu.get(name) ?? []), s.cpuMs ?? NaN]);
        }
      }
      const hw = median(wall.get('helm')!);
      const hc = median(cpu.get('helm')!);
      console.log(
        `start-up: ${args[0]}${args[0] === 'template' ? ' examples/hello' : ''}, median of ${runs} runs`,
      );
      for (const [name] of tools) {
        const w = median(wall.get(name)!);
        const c = median(cpu.get(name)!);
        console.log(
          `  ${name.padEnd(20)} wall ${w.toFixed(0).padStart(4)} ms (${(w / hw).toFixed(2)}x helm)  cpu ${c.toFixed(0).padStart(4)} ms (${(c / hc).toFixed(2)}x helm)`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runStartupBench();
