// The Extism host in-process: memory.maxPages on a hand-made module (memory.grow past the cap
// fails), the echo plugin returning tricky text byte for byte, a timed-out plugin leaving the
// process free for the next call, empty replies, and the runtimeConfig reading.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDir, type Plugin } from '../../src/plugin/loader.js';
import { newPostRendererPlugin } from '../../src/plugin/postrenderer.js';
import { limitMemory, MemoryLimitError } from '../../src/plugin/wasm/memory-limit.js';
import { extismConfig } from '../../src/plugin/wasm/runtime.js';
import { runPostRendererWasm } from '../../src/plugin/wasm/types.js';
import { wasmPluginsDir } from './wasm-support.js';

// (module (memory 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
const GROW = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02,
  0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x08, 0x01, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x0a,
  0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b,
]);

function grower(bytes: Uint8Array): (n: number) => number {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  return inst.exports.grow as (n: number) => number;
}

test('memory.maxPages caps memory.grow; a larger minimum is refused; 0 leaves the module as it is', () => {
  const free = grower(GROW);
  assert.equal(free(10), 1);
  const capped = grower(limitMemory(GROW, 4));
  assert.equal(capped(3), 1);
  assert.equal(capped(1), -1);
  assert.equal(capped(0), 4);
  assert.equal(limitMemory(GROW, 0), GROW);
  const min2 = GROW.slice();
  min2[24] = 2; // (memory 2)
  assert.equal(grower(min2)(0), 2);
  assert.throws(
    () => limitMemory(min2, 1),
    (e: Error) =>
      e instanceof MemoryLimitError && /maxPages is 1 but the module needs at least 2 pages/.test(e.message),
  );
  // An existing, smaller maximum stays.
  assert.equal(grower(limitMemory(limitMemory(GROW, 2), 8))(2), -1);
});

function plugin(name: string, wasm: string, type: string, runtimeConfig = ''): Plugin {
  const d = join(mkdtempSync(join(tmpdir(), 'rwasm-host-')), name);
  mkdirSync(d);
  copyFileSync(join(wasmPluginsDir(), `${wasm}.wasm`), join(d, 'plugin.wasm'));
  writeFileSync(
    join(d, 'plugin.yaml'),
    `apiVersion: v1\nname: ${name}\ntype: ${type}\nruntime: extism/v1\nversion: 0.1.0\n${runtimeConfig}`,
  );
  return loadDir(d);
}

test('echo: any text comes back byte for byte (escapes, Unicode, CRLF, large)', () => {
  const echo = plugin('echo', 'echo', 'postrenderer/v1');
  const tricky = 'a: "<b>&</b>"\r\nc: \u2028\u2029 é 日本 🚀 \\ \t "q"\n---\n\u0001\n';
  assert.equal(runPostRendererWasm(echo, tricky, ['x']), tricky);
  const big = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'.repeat(40000);
  assert.equal(runPostRendererWasm(echo, big, []), big);
});

test('a plugin stopped at its timeout leaves the process ready for the next call', () => {
  const spin = plugin('spin', 'loop', 'postrenderer/v1', 'runtimeConfig:\n  timeout: 800\n');
  const echo = plugin('echo', 'echo', 'postrenderer/v1');
  const t0 = Date.now();
  assert.throws(
    () => runPostRendererWasm(spin, 'a: b\n', []),
    /module closed with context deadline exceeded \(plugin "spin" stopped: runtimeConfig.timeout is 800ms\)/,
  );
  assert.ok(Date.now() - t0 < 10000);
  assert.equal(runPostRendererWasm(echo, 'a: b\n', []), 'a: b\n');
});

test('a post-renderer that replies without manifests produced empty output (Helm’s error)', () => {
  const p = plugin('quiet', 'cli', 'postrenderer/v1');
  const root = join(p.dir, '..');
  const pr = newPostRendererPlugin(root, 'quiet', [], new Map(), () => undefined);
  assert.throws(() => pr.run('a: b\n'), /^Error: post-renderer "quiet" produced empty output$/);
});

test('runtimeConfig as Helm reads it: defaults 0, unknown keys ignored, config values as strings', () => {
  assert.deepEqual(
    extismConfig({
      memory: { maxPages: 16, maxVarBytes: 10 },
      config: { a: 1, b: 'x', c: null },
      allowedHosts: ['*.example.com'],
      fileSystem: { createTempDir: true },
      timeout: 2500,
      unknown: 'ignored',
    }),
    {
      maxPages: 16,
      maxHttpResponseBytes: 0,
      maxVarBytes: 10,
      config: { a: '1', b: 'x', c: '' },
      allowedHosts: ['*.example.com'],
      createTempDir: true,
      timeoutMs: 2500,
      hostFunctions: [],
      entryFuncName: '',
    },
  );
  assert.equal(extismConfig({}).timeoutMs, 0);
});
