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

/** Reads a values source: `-` is stdin, anything else a local file (URLs need getters). */
export type ValuesFileReader = (path: string) => Uint8Array;

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

export function mergeValueOptions(opts: ValueOptions, read: ValuesFileReader = readLocalOrStdin): GoMap {
  let base = new GoMap();
  for (const filePath of opts.valueFiles ?? []) {
    const raw = read(filePath);
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
  const each = (list: string[] | undefined, flag: string, apply: (v: string) => void): void => {
    for (const value of list ?? []) {
      try {
        apply(value);
      } catch (err) {
        throw new Error(`failed parsing ${flag} data: ${(err as Error).message}`);
      }
    }
  };
  each(opts.values, '--set', (v) => parseSet(v, base));
  each(opts.stringValues, '--set-string', (v) => parseSetString(v, base));
  each(opts.fileValues, '--set-file', (v) => parseSetFile(v, base, (rs) => decode(read(rs))));
  each(opts.literalValues, '--set-literal', (v) => parseSetLiteral(v, base));
  return base;
}
