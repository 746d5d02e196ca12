// Writes that never follow a symbolic link out of their destination (DESIGN §8): a file is
// written to a fresh temporary file beside its destination and renamed over it, so an existing
// link at the destination is replaced, never written through, and readers never see half a file.
import {
  closeSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
  lstatSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, isAbsolute } from 'node:path';
import { pathError } from '../go/fs-error.js';

/** os.WriteFile's contract, made atomic: temp file (O_EXCL, `mode`) in the same directory, then rename. */
export function writeFileAtomic(dest: string, data: Uint8Array | string, mode = 0o644): void {
  const dir = dirname(dest);
  const tmp = join(dir, `.${basename(dest)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', mode);
  } catch (err) {
    throw pathError('open', dest, err);
  }
  try {
    try {
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw pathError('write', dest, err);
  }
}

/** Whether `path` (fully resolved) lies inside `root` (fully resolved). */
export function resolvesInside(path: string, root: string): boolean {
  let rel: string;
  try {
    rel = relative(realpathSync(root), realpathSync(path));
  } catch {
    return false;
  }
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Refuses a directory that is a symbolic link leading outside `root` (the chart). */
export function checkNoEscape(dir: string, root: string, what: string): void {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return;
  }
  if (!st.isSymbolicLink()) return;
  if (!resolvesInside(dir, root)) {
    throw new Error(
      `refusing to write into ${what} ${JSON.stringify(dir)}: it is a symbolic link that leads outside ${JSON.stringify(root)}`,
    );
  }
}
