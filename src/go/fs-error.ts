// Go's *fs.PathError texts ("open /x: no such file or directory") for Node fs errors, so a file
// error reaches the user as Helm prints it, never as Node's "ENOENT: no such file or directory, stat '…'".
import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  statSync,
  type Stats,
} from 'node:fs';

/** syscall.Errno.Error() on linux/amd64, by Node's error code. */
const ERRNO_TEXT: Record<string, string> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  EBADF: 'bad file descriptor',
  EACCES: 'permission denied',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  EXDEV: 'invalid cross-device link',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EINVAL: 'invalid argument',
  ENFILE: 'too many open files in system',
  EMFILE: 'too many open files',
  ETXTBSY: 'text file busy',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
  ENOTEMPTY: 'directory not empty',
  ELOOP: 'too many levels of symbolic links',
  EDQUOT: 'disk quota exceeded',
};

/** An error with Go's *PathError text: `op path: errno text`. `code` keeps Node's code for callers. */
export class GoPathError extends Error {
  constructor(
    readonly op: string,
    readonly path: string,
    readonly code: string | undefined,
    text: string,
  ) {
    super(`${op} ${path}: ${text}`);
  }
}

/** The Go text of a Node errno error (`no such file or directory`), or its message when unknown. */
export function goErrnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && ERRNO_TEXT[e.code]) return ERRNO_TEXT[e.code]!;
  const msg = e instanceof Error ? e.message : String(err);
  // Node: "EACCES: permission denied, open '/x'" → "permission denied"
  const m = /^[A-Z0-9]+: ([^,]*),/.exec(msg);
  return m ? m[1]! : msg;
}

/** Go's `&PathError{Op: op, Path: path, Err: err}`; non-fs errors pass through. */
export function pathError(op: string, path: string, err: unknown): Error {
  if (err instanceof GoPathError) return err;
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string') return err instanceof Error ? err : new Error(String(err));
  return new GoPathError(op, path, e.code, goErrnoText(err));
}

/** Whether an error (Go-style or Node's) is "no such file or directory". */
export const isNotExist = (err: unknown): boolean => (err as { code?: string })?.code === 'ENOENT';

const wrap =
  <A extends unknown[], R>(op: string, fn: (path: string, ...a: A) => R) =>
  (path: string, ...a: A): R => {
    try {
      return fn(path, ...a);
    } catch (err) {
      throw pathError(op, path, err);
    }
  };

/** os.Stat. */
export const goStat: (path: string) => Stats = wrap('stat', (p) => statSync(p));
/** os.Lstat. */
export const goLstat: (path: string) => Stats = wrap('lstat', (p) => lstatSync(p));
/** os.Readlink. */
export const goReadlink: (path: string) => string = wrap('readlink', (p) => readlinkSync(p));
/** os.Open + Readdirnames (the directory's names, unsorted). */
export const goReadDirNames: (path: string) => string[] = wrap('open', (p) => readdirSync(p));

/** os.ReadFile: open errors as `open …`, read errors as `read …`. */
export function goReadFile(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw pathError('open', path, err);
  }
  try {
    return readFileSync(fd);
  } catch (err) {
    throw pathError('read', path, err);
  } finally {
    closeSync(fd);
  }
}

/** io.ReadAll(io.LimitReader(os.Open(path), limit)): at most `limit` bytes. */
export function goReadAtMost(path: string, limit: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw pathError('open', path, err);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read is sized to the file (one more byte to see its end): a budget of megabytes
    // must not allocate megabytes for each small file of a chart.
    let next = 1 << 20;
    try {
      const st = fstatSync(fd);
      if (st.isFile()) next = st.size + 1;
    } catch {
      /* the reads below report the error */
    }
    while (total < limit) {
      const buf = Buffer.allocUnsafe(Math.min(limit - total, next));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw pathError('read', path, err);
      }
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      // A short read is almost surely the end: the read that confirms it needs no large buffer.
      next = n < buf.length ? 1024 : 1 << 20;
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
