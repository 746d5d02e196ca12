// Reading --passphrase-file for `package --sign` and `plugin package`: helm opens it the same
// way for both (openPassphraseFile, copied between pkg/action and pkg/cmd) but reads it
// differently, so the caller says how far to read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { pathError } from '../go/fs-error.js';

export interface PassphraseRead {
  /** Stop after the chunk holding the first LF (bufio ReadLine leaves the rest of stdin unread). */
  firstLine: boolean;
  /** Stop once this many bytes are in (the chunk that crosses it is kept). */
  limit: number;
}

/** openPassphraseFile then the read: "-" is stdin, which must be a pipe; else the file. */
export function readPassphraseSource(file: string, how: PassphraseRead): Buffer {
  let fd: number;
  if (file === '-') {
    if (!fstatSync(0).isFIFO())
      throw new Error('specified reading passphrase from stdin, without input on stdin');
    fd = 0;
  } else {
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      throw pathError('open', file, e);
    }
  }
  try {
    const chunks: Buffer[] = [];
    const buf = Buffer.alloc(4096);
    for (let total = 0; total < how.limit;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        // A non-blocking pipe on stdin: wait for the writer.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw e;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (how.firstLine && buf.subarray(0, n).includes(10)) break;
    }
    return Buffer.concat(chunks);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}
