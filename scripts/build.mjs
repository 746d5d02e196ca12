// Bundles the CLI into one CommonJS file (dist/rudder.cjs, its body written as a function
// expression that bin/rudder calls) so start-up stays close to bare Node,
// then records a V8 code cache of it (dist/v8/) from a training run, which bin/rudder loads to
// skip parsing and compiling. The first line of the bundle names its content hash: bin/rudder
// keys caches by it, so a cache never meets a bundle it was not made from.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Modules whose loading costs milliseconds at start-up while most commands never use them: a
// stand-in forwards each property to the module, loaded on first use (classes and constants
// included, so `new http.Agent()` and instanceof behave). bcryptjs draws random bytes, so loads
// node:crypto, when initialised; pg loads streams, net and dns; tty loads net.
const PACKAGES = ['bcryptjs', 'pg'];
const LAZY = [
  'crypto',
  'zlib',
  'child_process',
  'http',
  'https',
  'net',
  'tls',
  'tty',
  'worker_threads',
  ...PACKAGES,
];
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY.join('|')})$`);
    b.onResolve({ filter }, (a) => {
      if (a.namespace === 'lazy') return undefined; // the stand-in's own require: the real module
      return { path: a.path.replace(/^node:/, ''), namespace: 'lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (a) => {
      const spec = JSON.stringify(PACKAGES.includes(a.path) ? a.path : `node:${a.path}`);
      const names = Object.keys(require(a.path));
      const contents = `let m;
const g = () => (m ??= require(${spec}));
for (const k of ${JSON.stringify(names)}) Object.defineProperty(module.exports, k, { enumerable: true, get: () => g()[k] });
`;
      return { contents, loader: 'js', resolveDir: root };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  write: false,
  outfile: 'dist/rudder.cjs',
  plugins: [lazyModules],
  // Without comments and indentation the bundle is a third smaller and pure ASCII (esbuild escapes
  // other characters in code), which bin/rudder reads as latin1, a plain copy.
  minifyWhitespace: true,
  charset: 'ascii',
  define: { RUDDER_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
if (/[\u0080-\uffff]/.test(code))
  throw new Error('build: the bundle must be ASCII (bin/rudder reads it as latin1)');
// The module body is written already wrapped as Node wraps a CommonJS module, so bin/rudder
// compiles the file's text as read instead of a concatenated copy (1.8 MB less at start-up).
// The hash covers the wrapper: V8 checks a code cache against the source's length only.
const body = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
const id = createHash('sha256').update(body).digest('hex').slice(0, 16);
const text = `// rudder ${pkg.version} ${id}\n${body}`;

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

// The code cache for this Node: recorded by bin/rudder itself at the end of a training run.
const v8dir = join(dist, 'v8');
// V8 accepts a cache only under the flags it was made with: bin/rudder's, from its shebang. The
// name carries them (FNV-1a of node's options, as bin/rudder computes it from process.execArgv).
const flags = readFileSync(join(root, 'bin', 'rudder'), 'latin1')
  .split('\n', 1)[0]
  .split(' ')
  .slice(3);
let fnv = 0x811c9dc5;
for (const c of flags.join(' ')) fnv = Math.imul(fnv ^ c.charCodeAt(0), 0x01000193) >>> 0;
const cacheName = `${id}-${fnv.toString(16)}-${process.version}-${process.arch}.bin`;
mkdirSync(v8dir, { recursive: true });
const keep = `${id}-${fnv.toString(16)}-`;
for (const f of readdirSync(v8dir)) if (!f.startsWith(keep)) rmSync(join(v8dir, f), { force: true });
if (!process.env.RUDDER_NO_CODE_CACHE && !readdirSync(v8dir).includes(cacheName)) {
  const r = spawnSync(
    process.execPath,
    [...flags, join(root, 'bin', 'rudder'), 'template', 'hello', join(root, 'examples', 'hello')],
    {
      cwd: root,
      env: { ...process.env, RUDDER_CODE_CACHE_OUT: join(v8dir, cacheName) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) console.warn('build: the code-cache training run failed; bin/rudder runs without one');
}
