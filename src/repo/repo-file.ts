// repositories.yaml (Helm's pkg/repo/v1 File and Entry), read and written as helm does.
import { mkdirSync, readFileSync, writeFileSync, renameSync, chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { GoList, GoMap, type Value } from '../go/value.js';
import { marshalYaml, parseYaml } from '../yaml/index.js';

export interface RepoEntry {
  name: string;
  url: string;
  username: string;
  password: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  insecure_skip_tls_verify: boolean;
  pass_credentials_all: boolean;
}

export interface RepoFile {
  apiVersion: string;
  generated: string;
  repositories: (RepoEntry | null)[] | null;
}

const STRING_FIELDS = ['name', 'url', 'username', 'password', 'certFile', 'keyFile', 'caFile'] as const;
const BOOL_FIELDS = ['insecure_skip_tls_verify', 'pass_credentials_all'] as const;

export const emptyEntry = (name = '', url = ''): RepoEntry => ({
  name,
  url,
  username: '',
  password: '',
  certFile: '',
  keyFile: '',
  caFile: '',
  insecure_skip_tls_verify: false,
  pass_credentials_all: false,
});

const stringField = (path: readonly string[]): boolean =>
  (path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'generated')) ||
  (path.length === 3 &&
    path[0] === 'repositories' &&
    (STRING_FIELDS as readonly string[]).includes(path[2]!));

const typeErr = (v: Value, field: string, goType: string): Error =>
  new Error(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${
      typeof v === 'string'
        ? 'string'
        : typeof v === 'boolean'
          ? 'bool'
          : v instanceof GoList
            ? 'array'
            : v instanceof GoMap
              ? 'object'
              : 'number'
    } into Go struct field ${field} of type ${goType}`,
  );

/** yaml.Unmarshal into File (unknown fields ignored; json's case-insensitive field match). */
export function parseRepoFile(text: string): RepoFile {
  const f: RepoFile = { apiVersion: '', generated: '', repositories: null };
  const doc = parseYaml(text, 'any', { stringFields: stringField });
  if (doc === null) return f;
  if (!(doc instanceof GoMap)) throw typeErr(doc, 'File', 'repo.File');
  for (const [k, v] of doc.entries) {
    const key = k.toLowerCase();
    if (key === 'apiversion' && v !== null) {
      if (typeof v !== 'string') throw typeErr(v, 'File.apiVersion', 'string');
      f.apiVersion = v;
    } else if (key === 'generated' && v !== null) {
      if (typeof v !== 'string') throw typeErr(v, 'File.generated', 'time.Time');
      f.generated = v;
    } else if (key === 'repositories' && v !== null) {
      if (!(v instanceof GoList)) throw typeErr(v, 'File.repositories', '[]*repo.Entry');
      f.repositories = v.items.map((item) => {
        if (item === null) return null;
        if (!(item instanceof GoMap)) throw typeErr(item, 'File.repositories', 'repo.Entry');
        const e = emptyEntry();
        for (const [ek, ev] of item.entries) {
          if (ev === null) continue;
          const sf = STRING_FIELDS.find((n) => n.toLowerCase() === ek.toLowerCase());
          if (sf) {
            if (typeof ev !== 'string') throw typeErr(ev, `File.repositories.${sf}`, 'string');
            e[sf] = ev;
            continue;
          }
          const bf = BOOL_FIELDS.find((n) => n.toLowerCase() === ek.toLowerCase());
          if (bf) {
            if (typeof ev !== 'boolean') throw typeErr(ev, `File.repositories.${bf}`, 'bool');
            e[bf] = ev;
          }
        }
        return e;
      });
    }
  }
  return f;
}

export class RepoFileNotFound extends Error {
  readonly code = 'ENOENT';
}

/** LoadFile: `couldn't load repositories file (PATH): …` when unreadable. */
export function loadRepoFile(path: string): RepoFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const msg = `couldn't load repositories file (${path}): open ${path}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`;
    if (e.code === 'ENOENT') throw new RepoFileNotFound(msg);
    throw new Error(msg);
  }
  return parseRepoFile(text);
}

/** The file, or an empty one when it does not exist (errors other than absence are thrown). */
export function loadRepoFileOrEmpty(path: string): RepoFile {
  try {
    return loadRepoFile(path);
  } catch (err) {
    if (err instanceof RepoFileNotFound) return { apiVersion: '', generated: '', repositories: null };
    throw err;
  }
}

export const repos = (f: RepoFile): RepoEntry[] =>
  (f.repositories ?? []).filter((e): e is RepoEntry => e !== null);

export const getRepo = (f: RepoFile, name: string): RepoEntry | undefined =>
  repos(f).find((e) => e.name === name);

/** File.Update: replace the entry with the same name, else append. */
export function updateRepo(f: RepoFile, e: RepoEntry): void {
  const list = f.repositories ?? [];
  const i = list.findIndex((x) => x !== null && x.name === e.name);
  if (i >= 0) list[i] = e;
  else list.push(e);
  f.repositories = list;
}

/** File.Remove: drops nil entries too. */
export function removeRepo(f: RepoFile, name: string): boolean {
  const before = repos(f);
  f.repositories = before.filter((e) => e.name !== name);
  return f.repositories.length !== before.length;
}

function entryTree(e: RepoEntry | null): Value {
  if (e === null) return null;
  const m = new Map<string, Value>();
  for (const k of STRING_FIELDS) m.set(k, e[k]);
  for (const k of BOOL_FIELDS) m.set(k, e[k]);
  return new GoMap(m);
}

function fileTree(f: RepoFile): GoMap {
  return new GoMap(
    new Map<string, Value>([
      ['apiVersion', f.apiVersion],
      ['generated', f.generated === '' ? '0001-01-01T00:00:00Z' : f.generated],
      ['repositories', f.repositories === null ? null : new GoList(f.repositories.map(entryTree))],
    ]),
  );
}

export const marshalRepoFile = (f: RepoFile): string => marshalYaml(fileTree(f));

/** File.WriteFile: creates the directory; written through a temporary file so readers never see half of it. */
export function writeRepoFile(f: RepoFile, path: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, marshalRepoFile(f), { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

export const sameEntry = (a: RepoEntry, b: RepoEntry): boolean =>
  STRING_FIELDS.every((k) => a[k] === b[k]) && BOOL_FIELDS.every((k) => a[k] === b[k]);
