// An esbuild plugin shared by scripts/build.mjs and bench/startup.bench.ts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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
/**
 * A stand-in is already what esbuild's __toESM would make of it for an importer in Node mode (every
 * export, and `default` the exports object itself): scripts/build.mjs has __toESM hand such a
 * module over as it is, instead of copying its getters onto a new object at every import (~2 ms
 * of the core's start-up).
 */
export const esmView = `Object.defineProperty(module.exports, 'default', { value: module.exports });
Object.defineProperty(module.exports, '__rudderESM', { value: 1 });
`;
/** The plugin; stand-ins resolve their modules from `root`. */
export const lazyModules = (root) => ({
  name: 'lazy-modules',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY.join('|')})$`);
    b.onResolve({ filter }, (a) => {
      if (a.namespace === 'lazy') return undefined; // the stand-in's own require: the real module
      return { path: a.path.replace(/^node:/, ''), namespace: 'lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (a) => {
      const spec = JSON.stringify(PACKAGES.includes(a.path) ? a.path : `node:${a.path}`);
      const names = Object.keys(require(a.path)).filter((k) => k !== 'default');
      const contents = `let m;
const g = () => (m ??= require(${spec}));
for (const k of ${JSON.stringify(names)}) Object.defineProperty(module.exports, k, { enumerable: true, get: () => g()[k] });
${esmView}`;
      return { contents, loader: 'js', resolveDir: root };
    });
  },
});
