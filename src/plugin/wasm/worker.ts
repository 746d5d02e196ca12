// The body of the worker thread that runs one Extism v1 call: WASI (node:wasi, only the mapped
// directories) plus the Extism kernel imports (`extism:host/env`) over a host-side block arena.
// It is started with `eval` from its own source text (host.ts), so it must not use anything from
// module scope: every helper lives inside the function and modules come through `req`.
import type { MessagePort } from 'node:worker_threads';

/** What the main thread sends (workerData). */
export interface WorkerRequest {
  input: Uint8Array;
  entry: string;
  config: Record<string, string>;
  env: Record<string, string>;
  /** guest path → host path, the only directories the plugin sees. */
  preopens: Record<string, string>;
  /** Forward the plugin's stdio to these descriptors (cli/v1); otherwise discarded. */
  stdio: [number, number, number] | undefined;
  /** 0: unlimited (Helm's meaning). */
  maxPages: number;
  /** Helm's manifest: 0 disables vars / refuses any HTTP body. */
  maxVarBytes: number;
  maxHttpResponseBytes: number;
  allowedHosts: string[];
  /** The guest's get_log_level; Helm never sets one, so go-sdk reports "off" (2^31-1). */
  logLevel: number;
  /** Int32 slot 0 becomes 1 when the result has been posted on `port`; the compiled module comes
   * on `port` too, sent while the thread boots. */
  signal: SharedArrayBuffer;
  port: MessagePort;
}

export type LogLine = [level: string, text: string];

export type WorkerResult =
  | { kind: 'returned'; rc: number; output: Uint8Array; error: string | undefined; logs: LogLine[] }
  | { kind: 'exit'; code: number; output: Uint8Array; stderr: string; memoryPages: number; logs: LogLine[] }
  | { kind: 'trap'; message: string; stderr: string; memoryPages: number; logs: LogLine[] };

/** Runs in the worker: `req` is the worker's own `require`. */
export function wasmWorkerMain(req: NodeRequire): void {
  const wt = req('node:worker_threads') as typeof import('node:worker_threads');
  const fs = req('node:fs') as typeof import('node:fs');
  const cp = req('node:child_process') as typeof import('node:child_process');
  const data = wt.workerData as WorkerRequest;
  // node:wasi is experimental in Node 20 and says so once per thread: not the user's concern.
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ExperimentalWarning') return;
    (emit as (w: string | Error, ...r: unknown[]) => void)(w, ...rest);
  }) as typeof process.emitWarning;
  const { WASI } = req('node:wasi') as typeof import('node:wasi');

  const PAGE = 65536;
  const logs: LogLine[] = [];
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  let stderrTail = '';
  let instanceMemory: WebAssembly.Memory | undefined;

  class ProcExit {
    constructor(readonly code: number) {}
  }
  class HostPanic extends Error {}

  // --- the kernel's memory: one arena of blocks, addressed by offset (0 is null) ---
  let arena = new Uint8Array(PAGE);
  let view = new DataView(arena.buffer);
  let top = 8;
  const blocks = new Map<number, number>();
  const arenaLimit = data.maxPages > 0 ? data.maxPages * PAGE : 4 * 1024 * PAGE;

  const alloc = (n: number): number => {
    if (n <= 0) return 0;
    const start = (top + 7) & ~7;
    const end = start + n;
    if (end > arena.length) {
      let size = arena.length;
      while (size < end) size *= 2;
      size = Math.ceil(size / PAGE) * PAGE;
      if (size > arenaLimit) {
        if (end > arenaLimit) return 0;
        size = arenaLimit;
      }
      const next = new Uint8Array(size);
      next.set(arena.subarray(0, top));
      arena = next;
      view = new DataView(arena.buffer);
    }
    blocks.set(start, n);
    top = end;
    return start;
  };
  const free = (a: number): void => {
    const n = blocks.get(a);
    if (n === undefined) return;
    blocks.delete(a);
    if (a + n === top) top = a; // the last block: its room is reused
  };
  const addr = (p: bigint): number => {
    const a = Number(p);
    if (a < 0 || a >= arena.length) throw new HostPanic(`out of bounds memory access: ${p}`);
    return a;
  };
  const blockBytes = (p: bigint): Uint8Array => {
    const a = Number(p);
    const n = blocks.get(a);
    if (n === undefined) throw new HostPanic(`invalid memory block offset: ${p}`);
    return arena.subarray(a, a + n);
  };
  const put = (bytes: Uint8Array): bigint => {
    const a = alloc(bytes.length);
    if (a === 0 && bytes.length > 0) throw new HostPanic('out of memory: the Extism kernel cannot allocate');
    arena.set(bytes, a);
    return BigInt(a);
  };

  const input = data.input;
  const inputView = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let output = new Uint8Array(0);
  let error: string | undefined;
  const vars = new Map<string, Uint8Array>();
  let lastStatus = 0;
  let lastHeaders: Record<string, string> | undefined;

  // gobwas/glob without separators: `*` any run, `?` one character.
  const globMatch = (pattern: string, s: string): boolean => {
    const re = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${re}$`, 's').test(s);
  };

  const httpRequest = (reqP: bigint, bodyP: bigint): bigint => {
    lastStatus = 0;
    lastHeaders = undefined;
    const meta = JSON.parse(dec.decode(blockBytes(reqP))) as {
      url: string;
      method?: string;
      headers?: Record<string, string>;
    };
    free(Number(reqP));
    const method = (meta.method || 'GET').toUpperCase();
    let host: string;
    try {
      host = new URL(meta.url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      throw new HostPanic(`invalid url: ${meta.url}`);
    }
    if (!data.allowedHosts.some((h) => h === host || globMatch(h, host)))
      throw new HostPanic(`HTTP request to '${meta.url}' is not allowed`);
    const body = bodyP === 0n ? undefined : Buffer.from(blockBytes(bodyP)).toString('base64');
    if (bodyP !== 0n) free(Number(bodyP));
    // The call is synchronous for the guest: a short-lived Node process does the fetch.
    const script = `let d='';process.stdin.on('data',c=>d+=c).on('end',async()=>{const q=JSON.parse(d);
try{const r=await fetch(q.url,{method:q.method,headers:q.headers,body:q.body===undefined?undefined:Buffer.from(q.body,'base64'),redirect:'follow'});
const b=Buffer.from(await r.arrayBuffer());const h={};r.headers.forEach((v,k)=>{h[k]=v});
process.stdout.write(JSON.stringify({status:r.status,headers:h,body:b.toString('base64')}))}
catch(e){process.stdout.write(JSON.stringify({error:String(e&&e.cause&&e.cause.message||e.message)}))}})`;
    const r = cp.spawnSync(process.execPath, ['-e', script], {
      input: JSON.stringify({ url: meta.url, method, headers: meta.headers ?? {}, body }),
      maxBuffer: 1 << 30,
    });
    const res = JSON.parse(r.stdout.toString('utf8') || '{"error":"request failed"}') as {
      error?: string;
      status: number;
      headers: Record<string, string>;
      body: string;
    };
    if (res.error !== undefined) throw new HostPanic(`${method} ${meta.url}: ${res.error}`);
    lastStatus = res.status;
    lastHeaders = res.headers;
    const bytes = Buffer.from(res.body, 'base64');
    if (bytes.length > data.maxHttpResponseBytes) throw new HostPanic('http: request body too large');
    return bytes.length === 0 ? 0n : put(bytes);
  };

  // Logs are kept up to 1 MiB: a plugin logging without end must not exhaust the worker's heap.
  // Levels as get_log_level reports them (trace 0 … error 4); below data.logLevel nothing is kept.
  let logBytes = 0;
  const log = (level: string, n: number) => (p: bigint) => {
    const b = blockBytes(p);
    logBytes += b.length;
    if (n >= data.logLevel && logBytes <= 1 << 20) logs.push([level, dec.decode(b)]);
    free(Number(p));
  };

  const kernel: Record<string, (...a: bigint[]) => bigint | number | void> = {
    alloc: (n) => BigInt(alloc(Number(n))),
    free: (p) => free(Number(p)),
    length: (p) => BigInt(blocks.get(Number(p)) ?? 0),
    length_unsafe: (p) => BigInt(blocks.get(Number(p)) ?? 0),
    load_u8: (p) => arena[addr(p)]!,
    load_u64: (p) => view.getBigUint64(addr(p), true),
    store_u8: (p, v) => {
      arena[addr(p)] = Number(v);
    },
    store_u64: (p, v) => view.setBigUint64(addr(p), BigInt.asUintN(64, v!), true),
    input_length: () => BigInt(input.length),
    input_offset: () => 0n,
    input_load_u8: (p) => input[Number(p)] ?? 0,
    input_load_u64: (p) => inputView.getBigUint64(Number(p), true),
    output_set: (p, n) => {
      output = arena.slice(Number(p), Number(p) + Number(n));
    },
    error_set: (p) => {
      // At most 64 KiB of it: the text must not exhaust the thread's heap.
      error = p === 0n ? undefined : dec.decode(blockBytes(p).subarray(0, 1 << 16));
    },
    error_get: () => (error === undefined ? 0n : put(enc.encode(error))),
    config_get: (p) => {
      const key = dec.decode(blockBytes(p));
      const v = Object.prototype.hasOwnProperty.call(data.config, key) ? data.config[key] : undefined;
      return v === undefined ? 0n : put(enc.encode(v));
    },
    var_get: (p) => {
      const key = dec.decode(blockBytes(p));
      free(Number(p));
      const v = vars.get(key);
      return v === undefined ? 0n : put(v);
    },
    var_set: (k, v) => {
      if (data.maxVarBytes === 0) throw new HostPanic('Vars are disabled by this host');
      const key = dec.decode(blockBytes(k));
      free(Number(k));
      if (v === 0n) {
        vars.delete(key);
        return;
      }
      const value = blockBytes(v).slice();
      free(Number(v));
      let size = key.length + value.length + 40;
      for (const [kk, vv] of vars) size += kk.length + vv.length + 40;
      if (data.maxVarBytes > 0 && size >= data.maxVarBytes) throw new HostPanic('Variable store is full');
      vars.set(key, value);
    },
    http_request: (r, b) => httpRequest(r!, b!),
    http_status_code: () => lastStatus,
    http_headers: () => (lastHeaders === undefined ? 0n : put(enc.encode(JSON.stringify(lastHeaders)))),
    log_trace: log('trace', 0),
    log_debug: log('debug', 1),
    log_info: log('info', 2),
    log_warn: log('warn', 3),
    log_error: log('error', 4),
    get_log_level: () => data.logLevel,
  };

  // --- WASI: no arguments, Helm's environment, only the mapped directories ---
  const devNull = (): number => fs.openSync('/dev/null', 'r+');
  const opened: number[] = [];
  const stdio = data.stdio ?? [devNull(), devNull(), devNull()];
  if (!data.stdio) opened.push(...stdio);
  const wasi = new WASI({
    version: 'preview1',
    args: [],
    env: data.env,
    preopens: data.preopens,
    stdin: stdio[0],
    stdout: stdio[1],
    stderr: stdio[2],
    returnOnExit: true,
  } as ConstructorParameters<typeof WASI>[0]);
  const wasiImport = { ...(wasi.wasiImport as Record<string, (...a: number[]) => number>) };
  wasiImport.proc_exit = (code: number) => {
    throw new ProcExit(code);
  };
  // stderr is kept (its tail) when it is not forwarded, for the error message of a crash.
  const fdWrite = wasiImport.fd_write!;
  if (!data.stdio)
    wasiImport.fd_write = (fd: number, iovs: number, n: number, written: number): number => {
      if (fd === 2 && instanceMemory) {
        const dv = new DataView(instanceMemory.buffer);
        for (let i = 0; i < n; i++) {
          const ptr = dv.getUint32(iovs + i * 8, true);
          const len = dv.getUint32(iovs + i * 8 + 4, true);
          stderrTail = (stderrTail + dec.decode(new Uint8Array(instanceMemory.buffer, ptr, len))).slice(
            -4096,
          );
        }
      }
      return fdWrite(fd, iovs, n, written);
    };

  const pages = (): number => (instanceMemory ? instanceMemory.buffer.byteLength / PAGE : 0);
  const run = (module: WebAssembly.Module): void => {
    let result: WorkerResult;
    try {
      const instance = new WebAssembly.Instance(module, {
        wasi_snapshot_preview1: wasiImport,
        'extism:host/env': kernel,
      } as unknown as WebAssembly.Imports);
      instanceMemory = instance.exports.memory as WebAssembly.Memory | undefined;
      const main = instance.exports[data.entry];
      if (typeof main !== 'function') throw new HostPanic(`unknown function: ${data.entry}`);
      wasi.initialize(instance);
      const rc = (main as () => number | bigint | undefined)();
      const code = typeof rc === 'bigint' ? Number(BigInt.asIntN(32, rc)) : (rc ?? 0);
      result = { kind: 'returned', rc: code, output, error, logs };
    } catch (e) {
      if (e instanceof ProcExit)
        result = { kind: 'exit', code: e.code, output, stderr: stderrTail, memoryPages: pages(), logs };
      else {
        // wazero's words for the traps a guest hits most (V8 names them differently).
        const traps: Record<string, string> = {
          unreachable: 'unreachable',
          'memory access out of bounds': 'out of bounds memory access',
          'divide by zero': 'integer divide by zero',
          'integer overflow': 'integer overflow',
          'float unrepresentable in integer range': 'invalid conversion to integer',
          'table index is out of bounds': 'invalid table access',
        };
        let message = e instanceof Error ? e.message : String(e);
        if (e instanceof WebAssembly.RuntimeError) message = `wasm error: ${traps[message] ?? message}`;
        else if (e instanceof RangeError && /call stack/.test(message))
          message = 'wasm error: stack overflow';
        result = { kind: 'trap', message, stderr: stderrTail, memoryPages: pages(), logs };
      }
    } finally {
      for (const fd of opened) fs.closeSync(fd);
    }
    data.port.postMessage(result);
    data.port.close();
    const flag = new Int32Array(data.signal);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  data.port.once('message', (m: { module: WebAssembly.Module }) => run(m.module));
}
