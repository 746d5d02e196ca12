// Parsed templates a prepared chart (src/release/prepared.ts) keeps across its renders: by
// template path and text, so a later render of the same chart skips lexing and parsing and,
// unlike the content-hash cache (parse-cache.ts), never hashes the chart's 1-2 MB of text.
// A render's set differs only in which subcharts are enabled (and aliased), so each file is
// looked up by its own name; the text is compared too (V8 compares the same string object in
// constant time), and the store starts over whenever what decides a parse (delimiters, the
// names that parse as functions) changes. Only trees of files that parsed are kept, so errors
// always come from a real parse. The executor never changes a tree, so renders share them.
import type { FuncNames } from '../template/parse/parse.js';
import type { Tree } from '../template/parse/node.js';
import type { KeptSet } from './engine.js';
import type { LexKey } from './parse-cache.js';
import { utf8DecodeText } from '../go/value.js';

/** What the engine asks of a template cache during one render (ParseCache has the same shape). */
export interface TreeCache {
  /** The trees of file `i` from an earlier parse, or undefined (parse it, then `record`). */
  get(i: number, text: string, funcs: readonly FuncNames[]): Map<string, Tree> | undefined;
  record(i: number, trees: Map<string, Tree>, text: string): void;
  save(): void;
}

interface Entry {
  text: string;
  trees: Map<string, Tree>;
}

/** The names a function table holds, when it can list them (Map, Set). */
const listed = (f: FuncNames): string =>
  'keys' in f && typeof f.keys === 'function' ? [...(f.keys() as Iterable<string>)].sort().join(',') : '?';

export class TreeStore {
  /** The last render's parsed set, for the next render of the same files (render/engine.ts). */
  kept: KeptSet | undefined;
  private readonly files = new Map<string, Entry>();
  private key = '';
  /** Template texts by their bytes (the prepared chart's own arrays, never changed). */
  private readonly texts = new WeakMap<Uint8Array, string>();

  /**
   * A template's text, decoded once per prepared chart: later renders skip decoding and get
   * the same string, which the text check in `get` then compares in constant time.
   */
  text(data: Uint8Array): string {
    let s = this.texts.get(data);
    if (s === undefined) this.texts.set(data, (s = utf8DecodeText(data)));
    return s;
  }

  /** The cache for one render of these files (name, text; in parse order). */
  open(files: readonly [string, string][], lex: LexKey): TreeCache {
    const key = this.keyOf(lex);
    if (key !== this.key) {
      this.files.clear();
      this.key = key;
    }
    const store = this.files;
    return {
      get(i, text) {
        const e = store.get(files[i]![0]);
        return e !== undefined && e.text === text ? e.trees : undefined;
      },
      record(i, trees, text) {
        store.set(files[i]![0], { text, trees });
      },
      save() {},
    };
  }

  private keyOf(lex: LexKey): string {
    // A funcs table is a fresh Map every render, so the names are compared, not the tables.
    const names = lex.funcs.map(listed).join(';');
    return `${lex.leftDelim}\0${lex.rightDelim}\0${names}`;
  }
}
