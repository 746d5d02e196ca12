// The rudder program: runs one command line and exits with its code.
import { writeSync } from 'node:fs';
import { outputBytes } from '../go/value.js';
import { run } from './root.js';

declare const RUDDER_VERSION: string;

type Sink = (s: string) => void;

/**
 * Writes straight to the file descriptor: process.stdout would load the stream and net modules,
 * milliseconds of a short run. A non-blocking descriptor that fills up (EAGAIN) or any other
 * failure hands the rest, and everything after it, to the stream, which behaves as Node does.
 */
function sink(fd: 1 | 2, stream: () => NodeJS.WriteStream, streams: Set<NodeJS.WriteStream>): Sink {
  let fallback: NodeJS.WriteStream | undefined;
  return (s) => {
    // Text may hold bytes of invalid UTF-8 (escaped, go/value.ts): written raw, as Go does.
    const out = outputBytes(s);
    const bytes = typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
    let off = 0;
    if (!fallback) {
      try {
        while (off < bytes.length) off += writeSync(fd, bytes, off);
        return;
      } catch {
        fallback = stream();
        streams.add(fallback);
      }
    }
    fallback.write(bytes.subarray(off));
  };
}

function main(): void {
  const version = typeof RUDDER_VERSION === 'string' ? RUDDER_VERSION : '0.0.0-dev';
  const streams = new Set<NodeJS.WriteStream>();
  void run(
    process.argv.slice(2),
    {
      stdout: sink(1, () => process.stdout, streams),
      stderr: sink(2, () => process.stderr, streams),
      env: process.env,
      argv0: process.argv[1],
    },
    { version },
  ).then((code) => {
    process.exitCode = code;
    // Leave at once when all output is written: a natural exit spends milliseconds tearing the
    // heap down. Output still pending in a stream keeps the natural exit.
    if ([...streams].every((s) => s.writableLength === 0)) process.exit(code);
  });
}

main();
