// memory.maxPages as wazero's WithMemoryLimitPages applies it: the module's own linear memory may
// never grow past the limit. V8 has no such knob, so the module's memory section is rewritten
// before compiling: its maximum becomes the limit, and memory.grow past it returns -1 (the Go
// runtime then reports "out of memory"). A declared minimum above the limit cannot instantiate.

export class MemoryLimitError extends Error {
  override name = 'MemoryLimitError';
}

function readLEB(b: Uint8Array, pos: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  let p = pos;
  for (;;) {
    if (p >= b.length) throw new MemoryLimitError('invalid wasm binary: truncated LEB128');
    const byte = b[p++]!;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, p];
    shift += 7;
    if (shift > 35) throw new MemoryLimitError('invalid wasm binary: LEB128 too long');
  }
}

function writeLEB(v: number): number[] {
  const out: number[] = [];
  let n = v;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** The module with its memories capped at `maxPages` (unchanged for 0, Helm's "no limit"). */
export function limitMemory(wasm: Uint8Array, maxPages: number): Uint8Array {
  if (maxPages <= 0) return wasm;
  if (wasm.length < 8 || MAGIC.some((m, i) => wasm[i] !== m)) return wasm; // the compiler says why
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let pos = 8;
  let changed = false;
  while (pos < wasm.length) {
    const id = wasm[pos]!;
    const [size, body] = readLEB(wasm, pos + 1);
    const end = body + size;
    if (id !== 5) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, p] = readLEB(wasm, body);
    const content: number[] = writeLEB(count);
    for (; count > 0; count--) {
      const flags = wasm[p++]!;
      let min: number;
      [min, p] = readLEB(wasm, p);
      let max = Infinity;
      if (flags & 1) [max, p] = readLEB(wasm, p);
      if (flags & 4) throw new MemoryLimitError('memory64 modules are not supported');
      if (min > maxPages)
        throw new MemoryLimitError(
          `memory.maxPages is ${maxPages} but the module needs at least ${min} pages (memory min) to start`,
        );
      content.push(flags | 1, ...writeLEB(min), ...writeLEB(Math.min(max, maxPages)));
    }
    parts.push(Uint8Array.of(5, ...writeLEB(content.length), ...content));
    changed = true;
    pos = end;
  }
  if (!changed) return wasm;
  const out = new Uint8Array(parts.reduce((a, x) => a + x.length, 0));
  let off = 0;
  for (const x of parts) {
    out.set(x, off);
    off += x.length;
  }
  return out;
}
