// One Extism v1 call in a worker thread, waited for synchronously (rendering is synchronous):
// the main thread blocks on a shared flag with the plugin's timeout, and a plugin that is still
// running then is stopped with worker.terminate(), the only way to stop a busy wasm loop in V8.
import { readFileSync, statSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { limitMemory } from './memory-limit.js';
import { wasmWorkerMain, type LogLine, type WorkerRequest, type WorkerResult } from './worker.js';

export interface ExtismCall {
  wasmFile: string;
  input: Uint8Array;
  entry: string;
  config: Record<string, string>;
  env: Record<string, string>;
  preopens: Record<string, string>;
  stdio?: [number, number, number];
  maxPages: number;
  maxVarBytes: number;
  maxHttpResponseBytes: number;
  allowedHosts: string[];
  /** Milliseconds; 0 waits as long as the plugin runs (Helm's meaning). */
  timeoutMs: number;
}

export type { LogLine, WorkerResult };

/** The call did not finish within its timeout and was stopped. */
export class ExtismTimeoutError extends Error {
  override name = 'ExtismTimeoutError';
}

// The worker's source: the function's own text, run with the worker's require. `__name` is the
// helper esbuild adds for keepNames builds (tsx); a no-op stands in for it.
const WORKER_SOURCE = `'use strict';const __name=(f)=>f;(${wasmWorkerMain.toString()})(require);`;

// JS-heap limits for the worker: the wasm memory itself is bounded by memory.maxPages.
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 };

const compiled = new Map<string, WebAssembly.Module>();

/** The compiled module (memory capped), kept for the process: plugins run once or many times. */
export function compile(wasmFile: string, maxPages: number): WebAssembly.Module {
  const st = statSync(wasmFile);
  const key = `${wasmFile}\0${st.mtimeMs}\0${st.size}\0${maxPages}`;
  let m = compiled.get(key);
  if (!m) {
    m = new WebAssembly.Module(limitMemory(readFileSync(wasmFile), maxPages));
    compiled.set(key, m);
  }
  return m;
}

/** Runs the call to its end (or its timeout) and returns what the worker reported. */
export function callSync(call: ExtismCall): WorkerResult {
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const req: WorkerRequest = {
    input: call.input,
    entry: call.entry,
    config: call.config,
    env: call.env,
    preopens: call.preopens,
    stdio: call.stdio,
    maxPages: call.maxPages,
    maxVarBytes: call.maxVarBytes,
    maxHttpResponseBytes: call.maxHttpResponseBytes,
    allowedHosts: call.allowedHosts,
    logLevel: 0x7fffffff, // Helm never sets go-sdk's level: plugin logs are dropped
    signal,
    port: port2,
  };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: req,
    transferList: [port2],
    resourceLimits: RESOURCE_LIMITS,
    stdout: false,
    stderr: false,
    env: {},
  });
  const flag = new Int32Array(signal);
  try {
    // Compiled (or taken from the cache) while the thread boots.
    port1.postMessage({ module: compile(call.wasmFile, call.maxPages) });
    Atomics.wait(flag, 0, 0, call.timeoutMs > 0 ? call.timeoutMs : undefined);
    const msg = receiveMessageOnPort(port1);
    if (msg) return msg.message as WorkerResult;
    if (Atomics.load(flag, 0) === 0 && call.timeoutMs > 0)
      throw new ExtismTimeoutError(`timed out after ${call.timeoutMs}ms`);
    throw new Error('the plugin thread stopped without a result');
  } finally {
    void worker.terminate();
    worker.unref();
    port1.close();
  }
}
