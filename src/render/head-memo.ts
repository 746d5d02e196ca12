// Manifest heads a prepared chart (src/release/prepared.ts) keeps across its renders: reading
// a head is a full YAML parse of the document (sigs.k8s.io/yaml into SimpleHead), a fifth of a
// warm render of kube-prometheus-stack, and most documents come out the same render after
// render. parseHead depends on the text alone, so a head is kept by the document's text; each
// caller gets its own copy (heads end up in the Manifest objects a render returns). Failures
// are not kept: they parse again, for the same error. Bounded by documents and by text kept,
// least recently used out.
import { parseHead, type SimpleHead } from './manifests.js';

const copyHead = (h: SimpleHead): SimpleHead => {
  const c: SimpleHead = { apiVersion: h.apiVersion, kind: h.kind };
  if (h.metadata !== undefined) {
    c.metadata = { name: h.metadata.name };
    if (h.metadata.annotations !== undefined) c.metadata.annotations = { ...h.metadata.annotations };
  }
  return c;
};

interface Entry {
  doc: string;
  head: SimpleHead;
  key: number;
}

/** Documents of one key kept at most: a document that changes every render (a generated password) adds a new text each time. */
const PER_KEY = 4;

/**
 * A cheap key for a document: its length and a sample of its units (all of its first 64, then
 * 32 spread over the rest). Map keys that are the texts themselves made V8 hash every unit of
 * every new text, ~0.7 ms of a warm kube-prometheus-stack render; texts of one key are then
 * told apart by comparing them whole (a memcmp).
 */
function sampleKey(s: string): number {
  const n = s.length;
  let h = n;
  const head = n < 64 ? n : 64;
  for (let i = 0; i < head; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  if (n > 64) {
    const step = Math.max(1, Math.floor((n - 64) / 32));
    for (let i = n - 1; i >= 64; i -= step) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  }
  return h;
}

export class HeadMemo {
  private readonly byKey = new Map<number, Entry[]>();
  /** Every entry, least recently used first (a set keeps insertion order). */
  private readonly lru = new Set<Entry>();
  private chars = 0;

  constructor(
    private readonly maxDocs = 8192,
    /** UTF-16 units of document text kept, at most. */
    private readonly maxChars = 8 << 20,
  ) {}

  /** parseHead(doc): the same head, or the same error. */
  readonly parse = (doc: string): SimpleHead => {
    const key = sampleKey(doc);
    let list = this.byKey.get(key);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        if (e.doc !== doc) continue;
        this.lru.delete(e);
        this.lru.add(e);
        if (i !== list.length - 1) list.push(list.splice(i, 1)[0]!);
        return copyHead(e.head);
      }
    }
    const head = parseHead(doc);
    if (doc.length <= this.maxChars) {
      // A key's list is in use order too (a hit moves its entry last): its first is the oldest.
      if (list !== undefined && list.length >= PER_KEY) this.drop(list[0]!);
      while (this.lru.size > 0 && (this.lru.size >= this.maxDocs || this.chars + doc.length > this.maxChars))
        this.drop(this.lru.values().next().value!);
      const e: Entry = { doc, head, key };
      list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, (list = []));
      list.push(e);
      this.lru.add(e);
      this.chars += doc.length;
    }
    return copyHead(head);
  };

  private drop(e: Entry): void {
    this.lru.delete(e);
    this.chars -= e.doc.length;
    const list = this.byKey.get(e.key)!;
    const i = list.indexOf(e);
    list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(e.key);
  }

  /** Documents kept (for tests). */
  get size(): number {
    return this.lru.size;
  }
}
