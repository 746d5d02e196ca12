// Caches of a chart's parsed templates, keyed by a hash of every template's name and text, the
// build of rudder and what decides how a text lexes and which functions parse. Lexing and parsing
// is the largest single cost of a cold `template` run on a large chart.
// - In memory: a later render of the same set in this process reuses the trees (the executor
//   never changes a tree), the warm path of a program that renders many times.
// - On disk, for the built CLI only (bin/rudder names its build in globalThis.RUDDER_BUILD_ID, so
//   a file never outlives the code that wrote it): one file per set under
//   ~/.cache/rudder/templates, several times cheaper to read back than to parse: a line of JSON
//   naming each file's trees with their lengths and emptiness, then each tree's JSON (its root,
//   then its large branch bodies kept apart), then the texts (as they are, or as escaped JSON
//   when not ASCII: the file is ASCII, read as latin1, a plain copy). A tree is decoded when
//   first used, a body kept apart when it first runs: a chart calls few of the ~100 helpers a
//   library like bitnami's `common` defines (an umbrella defines them once per subchart, and
//   only the last definition runs), and its values leave most `if` bodies off (two thirds of
//   bitnami/airflow's template files render nothing).
// Only a set whose every file parsed is kept, so errors always come from a real parse; a damaged
// or foreign file is a miss. RUDDER_NO_TEMPLATE_CACHE=1 turns both off.
// The key is a quick 64-bit hash (node:crypto alone costs a cold process ~10 ms to load) of the
// lexer's options, every 8th unit of the function names, each name and text length, every 4th
// unit of each name and every 256th of each text: an entry keeps
// everything its key was made from (the options, each name and whole text) and is used only when
// all of it is equal, so a collision, accidental or crafted, is a miss (and an edited chart's
// new set replaces its old one under the same key, which is what a cache of one version wants).
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, type FuncNames } from '../template/parse/parse.js';
import {
  isEmptyTree,
  type BranchNode,
  type ListNode,
  type ParseMode,
  type Tree,
} from '../template/parse/node.js';
import {
  TREE_FORMAT,
  asciiJson,
  decodeRoot,
  encodeRoot,
  type ApartBodies,
} from '../template/parse/serial.js';

/** os.homedir(): $HOME when set, as libuv reads it on POSIX; node:os is asked only without it. */
const home = (): string => (process.platform !== 'win32' && process.env.HOME) || homedir();

/** Sets with less template text are parsed every time. */
const MIN_CHARS = 8 * 1024;

/**
 * Sets with fewer actions than one per this many characters of text are parsed every time: their
 * text is mostly literal (CRDs), which the lexer skips at native speed, while a cache entry
 * holds the whole text to compare and costs more to read than the parse. Paired CPU, cache vs
 * none: prometheus-operator-crds (90,000 characters per action) 1.035x, and 3.7 MB more peak;
 * argo-rollouts (1,570) 0.97x, cert-manager (700) 0.91x, argo-cd (400) 0.81x.
 */
const MAX_CHARS_PER_ACTION = 2000;

/** Whether the texts hold fewer than one left delimiter per MAX_CHARS_PER_ACTION characters. */
function fewActions(files: readonly [string, string][], delim: string, size: number): boolean {
  let need = Math.ceil(size / MAX_CHARS_PER_ACTION);
  for (const f of files) {
    const text = f[1];
    for (let i = text.indexOf(delim); i >= 0; i = text.indexOf(delim, i + delim.length))
      if (--need <= 0) return false;
  }
  return true;
}

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
    return this.sample(s, 1);
  }
  /** Every `stride`-th unit of `s` (the key needs no more: a hit compares the whole texts). */
  sample(s: string, stride: number): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i += stride) {
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

/** The names a function table holds, when it can list them (Map, Set). */
const listed = (f: FuncNames): string =>
  'keys' in f && typeof f.keys === 'function' ? [...(f.keys() as Iterable<string>)].sort().join(',') : '?';

/**
 * A tree's entry in the index line: its name, the lengths of its root's JSON and of its bodies
 * kept apart (encodeRoot), whether its root is empty.
 */
type TreeEntry = [name: string, root: number, apart: number, empty: boolean];

const isTreeEntry = (e: unknown): e is TreeEntry =>
  Array.isArray(e) &&
  e.length === 4 &&
  typeof e[0] === 'string' &&
  Number.isSafeInteger(e[1]) &&
  (e[1] as number) > 0 &&
  Number.isSafeInteger(e[2]) &&
  (e[2] as number) >= 0 &&
  typeof e[3] === 'boolean';

/** A cache file that matched this set: its text, and where each file's trees start in it. */
interface Hit {
  data: string;
  entries: TreeEntry[][];
  starts: number[];
}

const NO_MODE: ParseMode = {};

/**
 * A tree read from the disk cache, its root decoded on first use. The file's header names every
 * function the tables hold, so a tree that parsed when written parses the same now: no function
 * check is needed. Should a root not decode (a damaged file), the text is parsed again for it.
 */
class CachedTree implements Tree {
  readonly mode = NO_MODE;
  private decoded: ListNode | undefined;
  private data: string | undefined;

  constructor(
    readonly name: string,
    readonly parseName: string,
    readonly text: string,
    data: string,
    /** Where the root's JSON starts, its length, then the bodies kept apart. */
    private readonly at: number,
    private readonly len: number,
    readonly empty: boolean,
    private readonly lex: { leftDelim: string; rightDelim: string; funcs: readonly FuncNames[] },
  ) {
    this.data = data;
  }

  get root(): ListNode {
    if (this.decoded !== undefined) return this.decoded;
    const data = this.data!;
    const apart: ApartBodies = {
      data,
      at: this.at + this.len,
      reparse: (path) => {
        let list = this.parsed();
        for (let i = 0; i < path.length; i += 2) {
          const n = list.nodes[path[i]!] as BranchNode;
          list = path[i + 1] === 0 ? n.list : n.elseList!;
        }
        return list.nodes;
      },
    };
    let root: ListNode;
    try {
      root = decodeRoot(data.slice(this.at, this.at + this.len), this.text, undefined, apart);
    } catch {
      root = this.parsed();
    }
    this.data = undefined;
    return (this.decoded = root);
  }

  /** This tree as the parser gives it (the file's JSON did not decode). */
  private parsed(): ListNode {
    const root = parse(this.parseName, this.text, this.lex).get(this.name)?.root;
    if (root === undefined) throw new Error(`template cache: no tree ${this.name} in ${this.parseName}`);
    return root;
  }
}

export class ParseCache {
  private readonly trees: (Map<string, Tree> | undefined)[] = [];
  private readonly fresh: (TreeEntry[] | undefined)[] = [];
  private readonly blobs: (string[] | undefined)[] = [];

  private constructor(
    private readonly key: string,
    /** What, with the files, the key stands for (checked on every hit). */
    private readonly header: string,
    private readonly files: readonly [string, string][],
    private readonly lex: LexKey,
    /** The disk file, when this is the built CLI. */
    private readonly file: string | undefined,
    private readonly names: readonly string[],
    /** The disk file, when it was found and is this set's. */
    private readonly hit: Hit | undefined,
    /** The trees of an earlier render of the same set in this process. */
    private readonly mem: Map<string, Tree>[] | undefined,
  ) {}

  /** Forgets the sets kept in memory (a later render reads them from disk or parses again). */
  static clearMemory(): void {
    MEMORY.clear();
  }

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
    if (size < MIN_CHARS || fewActions(files, lex.leftDelim || '{{', size)) return undefined;
    const build = (globalThis as { RUDDER_BUILD_ID?: unknown }).RUDDER_BUILD_ID;
    const has = (n: string): boolean => lex.funcs.some((f) => f.has(n));
    const tables = lex.funcs.map(listed);
    // Which names parse as functions: a tree that parsed with one table may not with another,
    // so a table that cannot list its names (never the engine's) is not cached at all.
    if (tables.includes('?')) return undefined;
    const head =
      `${TREE_FORMAT}\0${String(build)}\0${lex.leftDelim}\0${lex.rightDelim}\0` +
      `${has('break')}${has('continue')}`;
    const funcNames = tables.join(';');
    const header = `${head}\0${funcNames}`;
    // A sample of what the entry keeps: the loop runs in the interpreter, where reading the
    // function names and file names whole and every 16th text unit took kube-prometheus-stack's
    // key (380 files) ~4.7 ms of a cold run, rabbitmq's 1.0 ms (now ~1.8 and 0.35).
    const h = new QuickHash().update(head).sample(funcNames, 8).update(`\0${funcNames.length}`);
    for (const [name, text] of files)
      h.update(`\0${name.length}\0${text.length}\0`).sample(name, 4).sample(text, 256);
    const key = `${h.digest()}${size.toString(16)}`;
    const names = files.map((f) => f[0]);
    const mem = MEMORY.get(key);
    if (mem !== undefined && mem.header === header && sameFiles(mem.files, files)) {
      MEMORY.delete(key);
      MEMORY.set(key, mem);
      return new ParseCache(key, header, files, lex, undefined, names, undefined, mem.trees);
    }
    if (typeof build !== 'string')
      return new ParseCache(key, header, files, lex, undefined, names, undefined, undefined);
    let file: string | undefined;
    try {
      file = join(env.XDG_CACHE_HOME || join(home(), '.cache'), 'rudder', 'templates', `${key}.json`);
    } catch {
      file = undefined;
    }
    let hit: Hit | undefined;
    try {
      // Written as ASCII, so read as latin1: a plain copy, where UTF-8 decoding costs a cold
      // process ~10 ms on a large set and gives a two-byte string that JSON.parse reads slower.
      const data = file === undefined ? undefined : readFileSync(file, 'latin1');
      if (data !== undefined) hit = readHit(data, header, files);
    } catch {
      hit = undefined;
    }
    return new ParseCache(key, header, files, lex, file, names, hit, undefined);
  }

  /** The cached trees of file `i`, or undefined (parse it, then `record` the trees). */
  get(i: number, text: string): Map<string, Tree> | undefined {
    if (this.mem !== undefined) return this.mem[i];
    const hit = this.hit;
    if (hit === undefined) return undefined;
    const trees = new Map<string, Tree>();
    const parseName = this.names[i]!;
    const lex = { leftDelim: this.lex.leftDelim, rightDelim: this.lex.rightDelim, funcs: this.lex.funcs };
    let at = hit.starts[i]!;
    for (const [name, root, apart, empty] of hit.entries[i]!) {
      trees.set(name, new CachedTree(name, parseName, text, hit.data, at, root, empty, lex));
      at += root + apart;
    }
    this.trees[i] = trees;
    return trees;
  }

  /** The trees a real parse of file `i` gave. */
  record(i: number, trees: Map<string, Tree>, text: string): void {
    this.trees[i] = trees;
    if (this.file === undefined || this.hit !== undefined) return;
    const entries: TreeEntry[] = [];
    const blobs: string[] = [];
    for (const [name, tree] of trees) {
      const enc = encodeRoot(tree, text);
      if (enc === undefined) return;
      entries.push([name, enc.root.length, enc.apart.length, isEmptyTree(tree.root)]);
      blobs.push(enc.root, enc.apart);
    }
    this.fresh[i] = entries;
    this.blobs[i] = blobs;
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
    const index: unknown[] = [this.header];
    const blobs: string[] = [];
    const texts: string[] = [];
    for (let i = 0; i < this.names.length; i++) {
      const entries = this.fresh[i];
      if (entries === undefined) return;
      const text = this.files[i]![1];
      // A text with other characters is kept as an escaped JSON string: the file stays ASCII.
      const kept = NON_ASCII.test(text) ? asciiJson(text) : text;
      index.push([this.names[i], entries, kept === text ? -1 : kept.length]);
      blobs.push(...this.blobs[i]!);
      texts.push(kept);
    }
    try {
      const file = this.file;
      const dir = join(file, '..');
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${asciiJson(index)}\n${blobs.join('')}${texts.join('')}`);
      renameSync(tmp, file);
      const old = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
        .sort((a, b) => b.t - a.t)
        .slice(KEEP);
      // unlinkSync, not rmSync: Node's rmSync loads its rimraf module (~0.5 ms) even for a file.
      for (const o of old) {
        try {
          unlinkSync(join(dir, o.f));
        } catch {
          /* gone already (another run pruned it) */
        }
      }
    } catch {
      /* a read-only or full disk only costs the next run a parse */
    }
  }
}

/**
 * A cache file's index and layout when it is this set's: its header, every name and every
 * text equal (the texts compared in place, before any tree is parsed); undefined otherwise.
 */
function readHit(data: string, header: string, files: readonly [string, string][]): Hit | undefined {
  const nl = data.indexOf('\n');
  if (nl < 0) return undefined;
  const pack = JSON.parse(data.slice(0, nl)) as unknown;
  if (!Array.isArray(pack) || pack.length !== files.length + 1 || pack[0] !== header) return undefined;
  const entries: TreeEntry[][] = [];
  const starts: number[] = [];
  const kept: number[] = [];
  let at = nl + 1;
  for (let i = 0; i < files.length; i++) {
    const e = pack[i + 1] as unknown;
    if (!Array.isArray(e) || e.length !== 3 || e[0] !== files[i]![0] || !Array.isArray(e[1]))
      return undefined;
    const trees = e[1] as unknown[];
    if (!trees.every(isTreeEntry) || !Number.isSafeInteger(e[2]) || (e[2] as number) < -1) return undefined;
    starts.push(at);
    for (const t of trees) at += t[1] + t[2];
    entries.push(trees);
    kept.push(e[2] as number);
  }
  for (let i = 0; i < files.length; i++) {
    const text = files[i]![1];
    const len = kept[i]!;
    if (len < 0) {
      if (!data.startsWith(text, at)) return undefined;
      at += text.length;
    } else {
      if (JSON.parse(data.slice(at, at + len)) !== text) return undefined;
      at += len;
    }
  }
  if (at !== data.length) return undefined;
  return { data, entries, starts };
}

const NON_ASCII = /[\u0080-\uffff]/;
