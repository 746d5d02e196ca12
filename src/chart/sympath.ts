// Helm's internal/sympath.Walk: filepath.Walk that follows symbolic links. A link is resolved with
// filepath.EvalSymlinks (ported below) only to log it and to stat its target; the walk goes on under
// the link's own path, so a link to `.` or to a parent nests one level deeper each time until the
// kernel refuses the path (`too many levels of symbolic links`, 40 links) or the name grows too
// long — the same error, at the same place, as Helm's. Names are visited in byte order.
import { readdirSync, type Dirent, type Stats } from 'node:fs';
import { goLstat, goReadlink, pathError } from '../go/fs-error.js';
import { quote } from '../go/strconv/format.js';
// filepath.Clean is path.Clean on Unix.
import { pathClean } from '../go/path.js';

/** filepath.SkipDir. */
export const SKIP_DIR = Symbol('SkipDir');

/**
 * What the walk function learns of an entry: its type. Entries read from a directory come as
 * their directory entries (no lstat each: the type is in the entry); the root and the targets
 * of links come as Stats.
 */
export type WalkInfo = Pick<Stats, 'isDirectory' | 'isFile' | 'isSymbolicLink'>;

/** filepath.WalkFunc: return SKIP_DIR to skip a directory; throw to stop the walk. */
export type WalkFn = (
  path: string,
  info: WalkInfo | undefined,
  err: Error | undefined,
) => typeof SKIP_DIR | void;

export interface WalkOptions {
  /** Where slog's INFO records go (Helm writes them to stderr). */
  log?: (line: string) => void;
}

/**
 * Go's sort.Strings order (bytes of UTF-8). UTF-16 order is the same unless a surrogate meets a
 * character from U+E000 up, so plain comparison serves names without surrogates.
 */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
const SURROGATE = /[\ud800-\udfff]/;
const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** os.Open + Readdirnames, sorted as sympath's readDirNames sorts; entries keep their types. */
function readDirSorted(path: string): Dirent[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (err) {
    throw pathError('open', path, err);
  }
  if (entries.some((e) => SURROGATE.test(e.name))) return entries.sort((a, b) => byteOrder(a.name, b.name));
  return entries.sort(byName);
}

/** A path this long (UTF-16 units, each at most 3 bytes of UTF-8) may reach Linux's PATH_MAX of 4096 bytes. */
const LONG_PATH = 4096 / 3 - 1;

/** slog TextHandler value: bare when safe, else strconv.Quote'd. */
const slogValue = (s: string): string => (s !== '' && !/[\s"=\p{C}]/u.test(s) ? s : quote(s));

/** sympath.Walk. */
export function walk(root: string, walkFn: WalkFn, opts: WalkOptions = {}): void {
  const log = opts.log ?? ((line: string) => process.stderr.write(line));
  let info: Stats;
  try {
    info = goLstat(root);
  } catch (err) {
    walkFn(root, undefined, err as Error);
    return;
  }
  symwalk(root, info, walkFn, log);
}

/** Returns SKIP_DIR when the walk function skipped `path`; throws on errors. */
function symwalk(
  path: string,
  info: WalkInfo,
  walkFn: WalkFn,
  log: (line: string) => void,
): typeof SKIP_DIR | void {
  if (info.isSymbolicLink()) {
    let resolved: string;
    try {
      resolved = evalSymlinks(path);
    } catch (err) {
      throw new Error(`error evaluating symlink ${path}: ${(err as Error).message}`);
    }
    log(
      `level=INFO msg=${slogValue('found symbolic link in path. Contents of linked file included and used')} path=${slogValue(path)} resolved=${slogValue(resolved)}\n`,
    );
    symwalk(path, goLstat(resolved), walkFn, log);
    return;
  }
  if (walkFn(path, info, undefined) === SKIP_DIR) return SKIP_DIR;
  if (!info.isDirectory()) return;
  let entries: Dirent[];
  try {
    entries = readDirSorted(path);
  } catch (err) {
    return walkFn(path, info, err as Error);
  }
  // filepath.Join: a bare name (never `.`, `..` or with a slash) joins a clean directory as is.
  const base = pathClean(path);
  const dir = base === '/' ? base : base === '.' ? '' : `${base}/`;
  for (const entry of entries) {
    const filename = dir + entry.name;
    // The entry's type is lstat's (Node lstats itself where the file system does not say), so
    // only links are lstat'ed, as Go does, for their errors; and so are paths near PATH_MAX,
    // whose lstat fails (`file name too long`) where Go's walk reports it.
    let fileInfo: WalkInfo = entry;
    if (entry.isSymbolicLink() || filename.length >= LONG_PATH) {
      try {
        fileInfo = goLstat(filename);
      } catch (err) {
        walkFn(filename, undefined, err as Error);
        continue;
      }
    }
    const r = symwalk(filename, fileInfo, walkFn, log);
    // SkipDir from a directory (or through a link) skips only that directory; from a file, the rest.
    if (r === SKIP_DIR && !fileInfo.isDirectory() && !fileInfo.isSymbolicLink()) return SKIP_DIR;
  }
}

class NotADirectory extends Error {
  readonly code = 'ENOTDIR';
  constructor() {
    super('not a directory');
  }
}

/** filepath.EvalSymlinks on Unix (walkSymlinks), with Go's errors: `lstat …`, `readlink …`, ENOTDIR, 255 links. */
export function evalSymlinks(path: string): string {
  let volLen = path.startsWith('/') ? 1 : 0;
  let vol = path.slice(0, volLen);
  let dest = vol;
  let linksWalked = 0;
  for (let start = volLen, end = volLen; start < path.length; start = end) {
    while (start < path.length && path[start] === '/') start++;
    end = start;
    while (end < path.length && path[end] !== '/') end++;
    if (end === start) break;
    const part = path.slice(start, end);
    if (part === '.') continue;
    if (part === '..') {
      let r = dest.length - 1;
      for (; r >= volLen; r--) if (dest[r] === '/') break;
      if (r < volLen || dest.slice(r + 1) === '..') {
        if (dest.length > volLen) dest += '/';
        dest += '..';
      } else dest = dest.slice(0, r);
      continue;
    }
    if (dest.length > 0 && !dest.endsWith('/')) dest += '/';
    dest += part;
    const fi = goLstat(dest);
    if (!fi.isSymbolicLink()) {
      if (!fi.isDirectory() && end < path.length) throw new NotADirectory();
      continue;
    }
    if (++linksWalked > 255) throw new Error('EvalSymlinks: too many links');
    const link = goReadlink(dest);
    path = link + path.slice(end);
    if (link.startsWith('/')) {
      dest = '/';
      end = 1;
      vol = '/';
      volLen = 1;
    } else {
      let r = dest.length - 1;
      for (; r >= volLen; r--) if (dest[r] === '/') break;
      dest = r < volLen ? vol : dest.slice(0, r);
      end = 0;
    }
  }
  return pathClean(dest);
}
