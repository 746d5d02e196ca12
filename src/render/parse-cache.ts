// Caches of a chart's parsed templates, keyed by a hash of every template's name and text, the
// build of rudder and what decides how a text lexes and which functions parse. Lexing and parsing
// is the largest single cost of a cold `template` run on a large chart.
// - In memory: a later render of the same set in this process reuses the trees (the executor
//   never changes a tree), the warm path of a program that renders many times.
// - On disk, for the built CLI only (bin/rudder names its build in globalThis.RUDDER_BUILD_ID, so
//   a file never outlives the code that wrote it): one file per set under
//   ~/.cache/rudder/templates (a line of JSON trees, then the texts as they are), several times
//   cheaper to read back than to parse.
// Only a set whose every file parsed is kept, so errors always come from a real parse; a damaged
// or foreign file is a miss. RUDDER_NO_TEMPLATE_CACHE=1 turns both off.
// The key is a quick 64-bit hash (node:crypto alone costs a cold process ~10 ms to load): an entry
// keeps everything its key was made from (the lexer's options, each name and text) and is used
// only when all of it is equal, so a collision, accidental or crafted, is a miss.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FuncNames } from '../template/parse/parse.js';
import type { Tree } from '../template/parse/node.js';
import { TREE_FORMAT, decodeTrees, encodeTrees } from '../template/parse/serial.js';

/** Sets with less template text are parsed every time. */
const MIN_CHARS = 32 * 1024;

/** Sets kept on disk (about 1 MB each for the largest charts); the least recently written go first. */
const KEEP = 48;

/** What changes how a text lexes, besides the text: delimiters, break/continue as functions. */
export interface LexKey {
  leftDelim: string;
  rightDelim: string;
  funcs: readonly FuncNames[];
}

/** Template sets kept in memory for later renders in the same process (the warm path). */
const MEMORY = new Map<
  string,
  { header: string; files: readonly [string, string][]; trees: Map<string, Tree>[] }
>();

/** Two 32-bit FNV-1a-style hashes over UTF-16 units, with different primes and seeds: 16 hex digits. */
class QuickHash {
  private a = 0x811c9dc5;
  private b = 0x2f3e9a71;
  update(s: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    this.a = a;
    this.b = b;
    return this;
  }
  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

/** Whether two name/text lists are the same. */
const sameFiles = (x: readonly [string, string][], y: readonly [string, string][]): boolean =>
  x.length === y.length && x.every((f, i) => f[0] === y[i]![0] && f[1] === y[i]![1]);
const MEMORY_KEEP = 8;

/** Whether `data` holds the files' texts one after another from `at`. */
function sameTexts(data: string, at: number, files: readonly [string, string][]): boolean {
  for (const [, text] of files) {
    if (!data.startsWith(text, at)) return false;
    at += text.length;
  }
  return true;
}

/** The names a function table holds, when it can list them (Map, Set). */
const listed = (f: FuncNames): string =>
  'keys' in f && typeof f.keys === 'function' ? [...(f.keys() as Iterable<string>)].sort().join(',') : '?';

export class ParseCache {
  private readonly trees: (Map<string, Tree> | undefined)[] = [];
  private readonly fresh: (string | undefined)[] = [];

  private constructor(
    private readonly key: string,
    /** What, with the files, the key stands for (checked on every hit). */
    private readonly header: string,
    private readonly files: readonly [string, string][],
    /** The disk file, when this is the built CLI. */
    private readonly file: string | undefined,
    private readonly names: readonly string[],
    /** The disk file's entries (JSON values) when it was found. */
    private readonly hit: unknown[] | undefined,
    /** The trees of an earlier render of the same set in this process. */
    private readonly mem: Map<string, Tree>[] | undefined,
  ) {}

  /** The cache for these templates (name, text; in parse order), or undefined when disabled. */
  static open(
    files: readonly [string, string][],
    lex: LexKey,
    env: NodeJS.ProcessEnv,
  ): ParseCache | undefined {
    if (env.RUDDER_NO_TEMPLATE_CACHE) return undefined;
    // A small set parses in less time than hashing and a read would take.
    let size = 0;
    for (const f of files) size += f[1].length;
    if (size < MIN_CHARS) return undefined;
    const build = (globalThis as { RUDDER_BUILD_ID?: unknown }).RUDDER_BUILD_ID;
    const has = (n: string): boolean => lex.funcs.some((f) => f.has(n));
    // Which names parse as functions: a tree that parsed with one table may not with another.
    const header =
      `${TREE_FORMAT}\0${String(build)}\0${lex.leftDelim}\0${lex.rightDelim}\0` +
      `${has('break')}${has('continue')}\0${lex.funcs.map(listed).join(';')}`;
    const h = new QuickHash().update(header);
    for (const [name, text] of files) h.update(`\0${name.length}\0${name}\0${text.length}\0`).update(text);
    const key = `${h.digest()}${size.toString(16)}`;
    const names = files.map((f) => f[0]);
    const mem = MEMORY.get(key);
    if (mem !== undefined && mem.header === header && sameFiles(mem.files, files)) {
      MEMORY.delete(key);
      MEMORY.set(key, mem);
      return new ParseCache(key, header, files, undefined, names, undefined, mem.trees);
    }
    if (typeof build !== 'string')
      return new ParseCache(key, header, files, undefined, names, undefined, undefined);
    let file: string | undefined;
    try {
      file = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rudder', 'templates', `${key}.json`);
    } catch {
      file = undefined;
    }
    let hit: unknown[] | undefined;
    try {
      // One line of JSON, [header, [name, trees], ...], then every text as it is (no JSON
      // escapes to undo): used only when all of it is this set's.
      const data = file === undefined ? undefined : readFileSync(file, 'utf8');
      const nl = data === undefined ? -1 : data.indexOf('\n');
      if (data !== undefined && nl >= 0 && data.length === nl + 1 + size && sameTexts(data, nl + 1, files)) {
        const pack = JSON.parse(data.slice(0, nl)) as unknown;
        if (
          Array.isArray(pack) &&
          pack.length === files.length + 1 &&
          pack[0] === header &&
          files.every((f, i) => {
            const e = pack[i + 1] as unknown;
            return Array.isArray(e) && e[0] === f[0];
          })
        )
          hit = pack.slice(1).map((e) => (e as unknown[])[1]);
      }
    } catch {
      hit = undefined;
    }
    return new ParseCache(key, header, files, file, names, hit, undefined);
  }

  /** The cached trees of file `i`, or undefined (parse it, then `record` the trees). */
  get(i: number, text: string, funcs: readonly FuncNames[]): Map<string, Tree> | undefined {
    if (this.mem !== undefined) return this.mem[i];
    if (this.hit === undefined) return undefined;
    const trees = decodeTrees(this.hit[i], this.names[i]!, text, funcs);
    this.trees[i] = trees;
    return trees;
  }

  /** The trees a real parse of file `i` gave. */
  record(i: number, trees: Map<string, Tree>, text: string): void {
    this.trees[i] = trees;
    if (this.file !== undefined && this.hit === undefined) this.fresh[i] = encodeTrees(trees, text);
  }

  /** Writes the set after every file parsed; errors are ignored (the cache is an optimisation). */
  save(): void {
    if (this.mem !== undefined) return;
    const all = this.trees.length === this.names.length && this.trees.every((t) => t !== undefined);
    if (all) {
      MEMORY.set(this.key, {
        header: this.header,
        files: this.files,
        trees: this.trees as Map<string, Tree>[],
      });
      for (const k of MEMORY.keys()) if (MEMORY.size > MEMORY_KEEP) MEMORY.delete(k);
    }
    if (this.file === undefined || this.hit !== undefined) return;
    const parts: string[] = [JSON.stringify(this.header)];
    for (let i = 0; i < this.names.length; i++) {
      const enc = this.fresh[i];
      if (enc === undefined) return;
      parts.push(`[${JSON.stringify(this.names[i])},${enc}]`);
    }
    const texts = this.files.map((f) => f[1]).join('');
    try {
      const file = this.file;
      const dir = join(file, '..');
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `[${parts.join(',')}]\n${texts}`);
      renameSync(tmp, file);
      const old = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
        .sort((a, b) => b.t - a.t)
        .slice(KEEP);
      for (const o of old) rmSync(join(dir, o.f), { force: true });
    } catch {
      /* a read-only or full disk only costs the next run a parse */
    }
  }
}
