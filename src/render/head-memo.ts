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

export class HeadMemo {
  private readonly heads = new Map<string, SimpleHead>();
  private chars = 0;

  constructor(
    private readonly maxDocs = 8192,
    /** UTF-16 units of document text kept, at most. */
    private readonly maxChars = 8 << 20,
  ) {}

  /** parseHead(doc): the same head, or the same error. */
  readonly parse = (doc: string): SimpleHead => {
    let h = this.heads.get(doc);
    if (h !== undefined) {
      // Most recently used last: a map keeps insertion order.
      this.heads.delete(doc);
      this.heads.set(doc, h);
      return copyHead(h);
    }
    h = parseHead(doc);
    if (doc.length <= this.maxChars) {
      while (
        this.heads.size > 0 &&
        (this.heads.size >= this.maxDocs || this.chars + doc.length > this.maxChars)
      ) {
        const oldest = this.heads.keys().next().value!;
        this.chars -= oldest.length;
        this.heads.delete(oldest);
      }
      this.heads.set(doc, h);
      this.chars += doc.length;
    }
    return copyHead(h);
  };

  /** Documents kept (for tests). */
  get size(): number {
    return this.heads.size;
  }
}
