// Bundles the CLI into dist/rudder.cjs: a core chunk (the command tree, charts, templates, values,
// YAML: what `template`, `show`, `lint` and `version` run) and chunks of code that only some
// commands run (the Kubernetes client and release storage, repositories, registries, provenance,
// plugins, JSONPath), which bin/rudder reads, compiles and runs only when a command first touches
// one of their exports. Each chunk's body is written as a function expression that bin/rudder
// calls, and gets a V8 code cache (dist/v8/) recorded by training runs, which bin/rudder loads to
// skip parsing and compiling. One file holds every chunk (the first line says where each is and
// names its content hash): a run reads later chunks from the file it opened, so a rebuild
// during a run never mixes builds, and caches are keyed by the hash, never meeting another chunk.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esmView, lazyModules } from './lazy-modules.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Source files by chunk (first match; the rest is the core). A chunk is loaded when the code of
// another first reads an export of one of its modules, so what `template` runs must stay in the
// core: `RUDDER_TRACE_CHUNKS=1 bin/rudder …` prints each chunk as it loads (test/cli/startup).
const CHUNKS = [
  // The Kubernetes client, release storage (and pg) and the release steps only a cluster runs.
  [
    'kube',
    /^src\/(kube|storage)\/|^src\/release\/(legacy-waiter|waiter|status-resources|uninstall|history|list|list-selector|release-testing|applied|status|get)\.ts$/,
  ],
  // Proxies and TLS, which the Kubernetes client shares with repositories and registries.
  ['net', /^src\/repo\/(proxy|socks|tls|x509-hint|system-roots)\.ts$/],
  ['repo', /^src\/repo\//],
  ['registry', /^src\/registry\//],
  ['provenance', /^src\/provenance\//],
  ['plugin', /^src\/plugin\//],
  ['jsonpath', /^src\/jsonpath\//],
  // Code of single commands, and of what only some charts ask for (a values schema, toToml).
  ['lint', /^src\/chart\/lint\//],
  ['create', /^src\/chart\/create\.ts$/],
  ['deps', /^src\/chart\/dependency-build\.ts$/],
  ['schema', /^src\/values\/jsonschema[\w-]*\.ts$/],
  ['toml', /^src\/funcs\/toml\.ts$/],
  ['completion', /^src\/cli\/completion-scripts\.ts$/],
  // Go regexps (semverCompare, regex* functions) and the YAML package the fast reader falls back on.
  ['re2', /(^|\/)node_modules\/re2js\//],
  ['yaml', /(^|\/)node_modules\/yaml\//],
];
// Modules of those directories that every command runs (the plugin directory scan, the getter
// registry, constants read while the command tree is built) stay in the core.
const CORE = /^src\/(release\/rollback|plugin\/(loader|getter)|repo\/http|kube\/kubeconfig)\.ts$/;
const listed = (p) => (CORE.test(p) ? 'core' : CHUNKS.find(([, re]) => re.test(p))?.[0]);
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  write: false,
  // Without comments and indentation the bundle is a third smaller and pure ASCII (esbuild escapes
  // other characters in code), which bin/rudder reads as latin1, a plain copy.
  minifyWhitespace: true,
  charset: 'ascii',
  define: { RUDDER_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

// The module graph: which imports cross from one chunk into another.
const whole = await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  format: 'cjs',
  outfile: 'dist/graph.cjs',
  metafile: true,
  plugins: [lazyModules(root)],
});
const inputs = whole.metafile.inputs;
// Files, not stand-ins (`lazy:…`); node_modules may lie outside the root (a symlink).
const isModule = (p) => !/^[\w-]+:/.test(p);
// A package not named above goes with the chunk whose code reaches it (pg, only the SQL
// driver's, is in the kube chunk), or the core when several do; a source file not named is the
// core's.
const owners = new Map();
for (const p of Object.keys(inputs)) {
  const c = listed(p) ?? (isModule(p) && !p.includes('node_modules/') ? 'core' : undefined);
  if (c) owners.set(p, c);
}
const reached = new Map();
for (const [p, c] of [...owners]) {
  const stack = inputs[p].imports.filter((i) => !i.external).map((i) => i.path);
  while (stack.length) {
    const q = stack.pop();
    if (owners.has(q) || reached.get(q)?.has(c)) continue;
    reached.set(q, (reached.get(q) ?? new Set()).add(c));
    for (const i of inputs[q]?.imports ?? []) if (!i.external) stack.push(i.path);
  }
}
for (const [q, cs] of reached) owners.set(q, cs.size === 1 ? [...cs][0] : 'core');
const chunkOf = (p) => owners.get(p) ?? listed(p) ?? 'core';
/** importer -> specifier -> resolved path, for the imports that leave the importer's chunk. */
const crossing = new Map();
const targets = new Set();
for (const [p, input] of Object.entries(inputs)) {
  for (const i of input.imports) {
    if (i.external || !isModule(i.path) || chunkOf(i.path) === chunkOf(p)) continue;
    if (!crossing.has(p)) crossing.set(p, new Map());
    crossing.get(p).set(i.original, i.path);
    targets.add(i.path);
  }
}
const lazyTargets = [...targets].filter((p) => chunkOf(p) !== 'core').sort();
const coreTargets = [...targets].filter((p) => chunkOf(p) === 'core').sort();

// Export names of the modules reached lazily: their stand-ins define one getter per name.
const named = await build({
  ...common,
  entryPoints: lazyTargets,
  format: 'esm',
  splitting: true,
  outdir: 'dist/names',
  metafile: true,
  plugins: [lazyModules(root)],
});
const exportsOf = new Map();
for (const o of Object.values(named.metafile.outputs))
  if (o.entryPoint) exportsOf.set(o.entryPoint, o.exports);
// A CommonJS package's names are known only by loading it (esbuild sees just `default`).
for (const p of lazyTargets.filter((t) => t.includes('node_modules/'))) {
  try {
    exportsOf.set(p, Object.keys(require(join(root, p))));
  } catch {
    /* an ES module: esbuild's list */
  }
}

/**
 * Imports leaving the chunk being built become stand-ins: a module of the core is the core's
 * own instance (the core is running whenever another chunk loads), a module of another chunk
 * forwards each export to that chunk, loaded on first use.
 */
const splitter = (chunk) => ({
  name: 'chunks',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) => {
      if (a.kind === 'entry-point' || a.namespace !== 'file') return undefined;
      const to = crossing.get(relative(root, a.importer))?.get(a.path);
      if (!to || chunkOf(to) === chunk) return undefined;
      return { path: to, namespace: 'chunk' };
    });
    b.onLoad({ filter: /.*/, namespace: 'chunk' }, (a) => {
      const from = JSON.stringify(`rudder:chunk:${chunkOf(a.path)}`);
      const p = JSON.stringify(a.path);
      if (chunkOf(a.path) === 'core')
        return { contents: `module.exports = require(${from})(${p});`, loader: 'js' };
      // `default` is the stand-in itself, as __toESM makes it for an importer in Node mode.
      const names = exportsOf.get(a.path)?.filter((k) => k !== 'default');
      if (!names) throw new Error(`build: no export list for ${a.path}`);
      // A package's exports never change once loaded: they then become plain values, so a hot
      // call (the YAML reader's isMap per node) costs no chain of getters.
      const settle = a.path.includes('node_modules/')
        ? `for (const k of names) Object.defineProperty(module.exports, k, { enumerable: true, value: m[k] });`
        : '';
      const contents = `let m;
const names = ${JSON.stringify(names)};
const g = () => {
  if (m === undefined) {
    m = require(${from})(${p});
    ${settle}
  }
  return m;
};
Object.defineProperty(module.exports, '__esModule', { value: true });
for (const k of names) Object.defineProperty(module.exports, k, { enumerable: true, configurable: true, get: () => g()[k] });
${esmView}`;
      return { contents, loader: 'js' };
    });
  },
});

/** A chunk's lookup of its modules that others import, by path. */
function lookup(modules) {
  const imports = modules.map((p, i) => `import * as m${i} from ${JSON.stringify(join(root, p))};`);
  const cases = modules.map((p, i) => `case ${JSON.stringify(p)}: return m${i};`).join(' ');
  const fn = `function modules(p) { switch (p) { ${cases} } throw new Error('rudder: no module ' + p); }`;
  return `${imports.join('\n')}\n${fn}\n`;
}

/**
 * A chunk's entry. The core's hands its lookup to bin/rudder before main runs (a command's first
 * synchronous steps may load a chunk), from a module of its own: an entry's imports all run
 * before its body.
 */
const entry = (chunk, modules) =>
  chunk === 'core'
    ? `import 'rudder-register';\nimport ${JSON.stringify(join(root, 'src/cli/main.ts'))};\n`
    : `${lookup(modules)}export { modules };\n`;
const register = (modules) => ({
  name: 'register',
  setup(b) {
    b.onResolve({ filter: /^rudder-register$/ }, () => ({ path: 'rudder-register', namespace: 'register' }));
    b.onLoad({ filter: /.*/, namespace: 'register' }, () => ({
      contents: `${lookup(modules)}require('rudder:core')(modules);\n`,
      resolveDir: root,
      loader: 'js',
    }));
  },
});

async function bundle(chunk, modules) {
  const r = await build({
    ...common,
    stdin: {
      contents: entry(chunk, modules),
      resolveDir: root,
      sourcefile: `rudder-${chunk}.js`,
      loader: 'js',
    },
    format: 'cjs',
    outfile: `dist/rudder-${chunk}.cjs`,
    external: ['rudder:*'],
    metafile: true,
    plugins: [lazyModules(root), register(modules), splitter(chunk)],
  });
  // Each module lives in one chunk only: a copy elsewhere would have its own state and classes.
  for (const p of Object.keys(r.metafile.inputs))
    if (isModule(p) && !p.startsWith('rudder-') && chunkOf(p) !== chunk)
      throw new Error(`build: ${p} (chunk ${chunkOf(p)}) was bundled into chunk ${chunk}`);
  // esbuild wraps every import of a CommonJS module (the stand-ins are) in __toESM, which copies
  // each export onto a new object as a getter; a stand-in marked by esmView is that object already.
  const toESM = /var __toESM=\((\w+),isNodeMode,target\)=>\(/g;
  let code = r.outputFiles[0].text;
  if (code.includes('__toESM(')) {
    if (code.match(toESM)?.length !== 1) throw new Error("build: esbuild's __toESM helper has changed");
    code = code.replace(toESM, (h, mod) => `${h.slice(0, -1)}${mod}?.__rudderESM===1&&isNodeMode?${mod}:(`);
  }
  if (/[\u0080-\uffff]/.test(code))
    throw new Error('build: the bundle must be ASCII (bin/rudder reads it as latin1)');
  // The body is written already wrapped as Node wraps a CommonJS module, so bin/rudder compiles
  // the text as read. The hash covers the wrapper: V8 checks a code cache against the source's
  // length only.
  const body = `(function (exports, require, module, __filename, __dirname) {${code}\n})\n`;
  return { chunk, body, id: createHash('sha256').update(body).digest('hex').slice(0, 16) };
}

const names = ['core', ...CHUNKS.map(([n]) => n)];
const built = await Promise.all(
  names.map((n) => bundle(n, n === 'core' ? coreTargets : lazyTargets.filter((p) => chunkOf(p) === n))),
);
// First line: `// rudder VERSION BUILD name:id:offset:length…`, offsets from the second line.
let off = 0;
const fields = built.map((c) => {
  const f = `${c.chunk}:${c.id}:${off}:${c.body.length}`;
  off += c.body.length;
  return f;
});
const buildId = createHash('sha256')
  .update(built.map((c) => c.id).join(' '))
  .digest('hex')
  .slice(0, 16);
const text = `// rudder ${pkg.version} ${buildId} ${fields.join(' ')}\n${built.map((c) => c.body).join('')}`;
if (text.indexOf('\n') >= 4096) throw new Error('build: bin/rudder reads a header line of 4 KiB at most');

const dist = join(root, 'dist');
const out = join(dist, 'rudder.cjs');
mkdirSync(dist, { recursive: true });
let old = '';
try {
  old = readFileSync(out, 'utf8');
} catch {
  /* first build */
}
// Parallel builds (test files each build once) must never expose a half-written bundle.
if (old !== text) {
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
}
rmSync(join(dist, 'rudder.mjs'), { force: true }); // the former ESM bundle

// The code caches for this Node: recorded by bin/rudder itself at the end of training runs.
const v8dir = join(dist, 'v8');
// V8 accepts a cache only under the flags it was made with: bin/rudder's, from its shebang. The
// name carries them (FNV-1a of node's options, as bin/rudder computes it from process.execArgv).
const flags = readFileSync(join(root, 'bin', 'rudder'), 'latin1')
  .split('\n', 1)[0]
  .split(' ')
  .slice(3);
let fnv = 0x811c9dc5;
for (const c of flags.join(' ')) fnv = Math.imul(fnv ^ c.charCodeAt(0), 0x01000193) >>> 0;
const tail = `-${fnv.toString(16)}-${process.version}-${process.arch}.bin`;
mkdirSync(v8dir, { recursive: true });
const ids = built.map((c) => `${c.id}-${fnv.toString(16)}-`);
for (const f of readdirSync(v8dir))
  if (!ids.some((k) => f.startsWith(k))) rmSync(join(v8dir, f), { force: true });
// Each chunk's cache comes from the first of these runs that loads it (a run records the chunks
// it loaded and have none yet): what that command compiled is what the next run of it reuses.
// The core's is `template` of scripts/training/chart, written to do what real charts do (a
// library of helpers, subcharts, import-values, files, capabilities, most Sprig functions): a
// function a chart needs and the training never ran is compiled lazily in every run of it
// (against a cache recorded from examples/hello: 887 -> 1087 KB, CPU 0.90-0.92x on median bitnami
// charts, 0.94-0.99x on larger ones; a corpus run then compiles 3-10 KB of it more, not 100-130
// KB). Its Go regexps (semverCompare: most charts) and values schema train those chunks. A small
// chart adds YAML that only the full reader takes (tags), toToml and a Go regexp outside
// regex-js.ts's subset (re2js: schema patterns and regex calls of that kind). `list` fails at
// once without a cluster, after loading the release storage and client code; `pull`
// meets a closed loopback port.
const work = mkdtempSync(join(tmpdir(), 'rudder-build-'));
const chart = join(work, 'chart');
mkdirSync(join(chart, 'templates'), { recursive: true });
writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: training\nversion: 0.1.0\n');
writeFileSync(join(chart, 'values.yaml'), 'a: &x 1\nb: *x\nc: !!str 3\n');
writeFileSync(join(chart, 'values.schema.json'), '{"type": "object"}\n');
writeFileSync(
  join(chart, 'templates', 't.yaml'),
  '{{ if semverCompare ">=1.0" "1.2.3" }}a: {{ regexMatch "^a" "abc" }}{{ end }}\nb: {{ .Values.b }}\n' +
    '# {{ regexMatch "(?i)^A" "abc" }}\n' +
    '# {{ toToml .Values | len }}\n',
);
const none = join(work, 'none');
const training = [
  [
    'template',
    'training',
    join(root, 'scripts', 'training', 'chart'),
    '--namespace',
    'training-ns',
    '--kube-version',
    'v1.34.2',
    '--include-crds',
  ],
  ['template', 'x', chart],
  ['list', '--kubeconfig', none],
  ['show', 'values', '--jsonpath', '{.a}', chart],
  ['search', 'repo', 'x'],
  ['verify', chart],
  ['template', 'x', chart, '--post-renderer', none],
  ['lint', chart],
  ['create', join(work, 'created')],
  ['dependency', 'build', chart],
  ['completion', 'bash'],
  ['pull', 'oci://127.0.0.1:1/x'],
];
const missing = () => built.filter((c) => !readdirSync(v8dir).includes(`${c.id}${tail}`));
if (!process.env.RUDDER_NO_CODE_CACHE) {
  for (const args of training) {
    if (!missing().length) break;
    const home = join(work, 'home');
    spawnSync(process.execPath, [...flags, join(root, 'bin', 'rudder'), ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        HELM_PLUGINS: join(home, 'plugins'),
        RUDDER_CODE_CACHE_OUT: v8dir,
      },
      stdio: 'ignore',
    });
    rmSync(home, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
  const left = missing().map((c) => c.chunk);
  if (left.includes('core'))
    console.warn('build: the code-cache training run failed; bin/rudder runs without one');
  else if (left.length) console.warn(`build: no code cache recorded for ${left.join(', ')}`);
}
