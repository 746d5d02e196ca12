// Values from the command line (Helm's pkg/cli/values Options.MergeValues): `-f` files, then
// --set-json, --set, --set-string, --set-file, --set-literal, each left to right.
import { readFileSync } from 'node:fs';
import { GoMap, utf8DecodeText } from '../go/value.js';
import { loadValues, mergeMaps, parseJson } from '../yaml/index.js';
import { parseSet, parseSetFile, parseSetJson, parseSetLiteral, parseSetString } from './strvals.js';

export interface ValueOptions {
  valueFiles?: string[];
  values?: string[];
  stringValues?: string[];
  fileValues?: string[];
  jsonValues?: string[];
  literalValues?: string[];
}

/**
 * Reads a values source (Helm's readFile): `-` is stdin, a URL goes to the getter for its scheme,
 * anything else is a local file. Remote sources answer asynchronously.
 */
export type ValuesFileReader = (path: string) => Uint8Array | Promise<Uint8Array>;

/** os.ReadFile's error texts: `open <path>: no such file or directory`, `read <path>: is a directory`. */
export function goReadFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const texts: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      ENOTDIR: 'not a directory',
      ELOOP: 'too many levels of symbolic links',
      ENAMETOOLONG: 'file name too long',
    };
    if (e.code === 'EISDIR') throw new Error(`read ${path}: is a directory`);
    if (e.code && texts[e.code]) throw new Error(`open ${path}: ${texts[e.code]}`);
    throw err;
  }
}

export const readLocalOrStdin: ValuesFileReader = (path) =>
  path.trim() === '-' ? readFileSync(0) : goReadFile(path);

const decode = (b: Uint8Array): string => utf8DecodeText(b);

/** A --set-file reader asked for a remote source: the entry is parsed again once it has arrived. */
class Pending {
  constructor(readonly data: Promise<Uint8Array>) {}
}

/**
 * ParseIntoFile with a reader that may answer later: the (synchronous) parser is run again with
 * the sources read so far replayed in order, so stdin is read once and each URL fetched once.
 * Setting the same keys to the same values again leaves the map as one pass would.
 */
async function parseSetFileAsync(value: string, base: GoMap, read: ValuesFileReader): Promise<void> {
  const got: Uint8Array[] = [];
  for (;;) {
    let n = 0;
    try {
      parseSetFile(value, base, (rs) => {
        const i = n++;
        if (i < got.length) return decode(got[i]!);
        const r = read(rs);
        if (r instanceof Promise) throw new Pending(r);
        got.push(r);
        return decode(r);
      });
      return;
    } catch (err) {
      if (!(err instanceof Pending)) throw err;
      got.push(await err.data);
    }
  }
}

export async function mergeValueOptions(
  opts: ValueOptions,
  read: ValuesFileReader = readLocalOrStdin,
): Promise<GoMap> {
  let base = new GoMap();
  for (const filePath of opts.valueFiles ?? []) {
    const raw = await read(filePath);
    let current: GoMap;
    try {
      current = loadValues(decode(raw));
    } catch (err) {
      throw new Error(`failed to parse ${filePath}: ${(err as Error).message}`);
    }
    base = mergeMaps(base, current);
  }
  for (const value of opts.jsonValues ?? []) {
    const trimmed = value.trim();
    if (trimmed.startsWith('{')) {
      let m;
      try {
        m = parseJson(trimmed);
      } catch {
        throw new Error(`failed parsing --set-json data JSON: ${value}`);
      }
      if (!(m instanceof GoMap)) throw new Error(`failed parsing --set-json data JSON: ${value}`);
      base = mergeMaps(base, m);
    } else {
      try {
        parseSetJson(value, base);
      } catch {
        throw new Error(`failed parsing --set-json data ${value}`);
      }
    }
  }
  const each = async (
    list: string[] | undefined,
    flag: string,
    apply: (v: string) => void | Promise<void>,
  ): Promise<void> => {
    for (const value of list ?? []) {
      try {
        await apply(value);
      } catch (err) {
        throw new Error(`failed parsing ${flag} data: ${(err as Error).message}`);
      }
    }
  };
  await each(opts.values, '--set', (v) => parseSet(v, base));
  await each(opts.stringValues, '--set-string', (v) => parseSetString(v, base));
  await each(opts.fileValues, '--set-file', (v) => parseSetFileAsync(v, base, read));
  await each(opts.literalValues, '--set-literal', (v) => parseSetLiteral(v, base));
  return base;
}
