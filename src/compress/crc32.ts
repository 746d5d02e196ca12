// CRC-32 (IEEE), for the gzip trailer: zlib's (native, Node ≥ 20.15) when there, else a table.
// Both are looked up on first use: loading node:zlib (and the streams it pulls in) costs every
// start-up of the CLI milliseconds, and most commands never compress.
import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;

let impl: Crc32 | undefined;

function tableCrc32(): Crc32 {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (data, crc = 0) => {
    let c = ~crc >>> 0;
    for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    return ~c >>> 0;
  };
}

/** Continues a CRC-32 over `data` (start with 0). */
export function crc32(data: Uint8Array, crc = 0): number {
  impl ??= (zlib as { crc32?: Crc32 }).crc32 ?? tableCrc32();
  return impl(data, crc);
}
