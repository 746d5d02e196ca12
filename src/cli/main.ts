// The rudder program: runs one command line and exits with its code.
import { outputBytes } from '../go/value.js';
import { run } from './root.js';

declare const RUDDER_VERSION: string;

const version = typeof RUDDER_VERSION === 'string' ? RUDDER_VERSION : '0.0.0-dev';
const code = await run(
  process.argv.slice(2),
  {
    // Text may hold bytes of invalid UTF-8 (escaped, template/value.ts): written raw, as Go does.
    stdout: (s) => process.stdout.write(outputBytes(s)),
    stderr: (s) => process.stderr.write(outputBytes(s)),
    env: process.env,
    argv0: process.argv[1],
  },
  { version },
);
process.exitCode = code;
// Leave at once when all output is written (always, for files and for pipes on Linux): a natural
// exit spends milliseconds tearing the heap down. Pending output keeps the natural exit.
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
