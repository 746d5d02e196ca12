// OCI chart references as Helm's pkg/registry/reference.go parses them: `oci://` stripped, `@digest`
// split at the last `@`, `+` in a tag turned into `_`, then the registry/repository/tag grammar.

export interface OciReference {
  registry: string;
  repository: string;
  /** The tag ('' when only a digest is given). */
  tag: string;
  /** `sha256:…` or ''. */
  digest: string;
}

const REPO_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function parseOciReference(raw: string): OciReference {
  let s = raw.startsWith('oci://') ? raw.slice(6) : raw;
  let digest = '';
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    s = s.slice(0, at);
  }
  const slash = s.indexOf('/');
  if (slash <= 0) throw new Error(`invalid reference: missing registry or repository`);
  const registry = s.slice(0, slash);
  let rest = s.slice(slash + 1);
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon + 1).includes('/')) {
    tag = rest.slice(colon + 1).replaceAll('+', '_');
    rest = rest.slice(0, colon);
  }
  if (registry === '') throw new Error(`invalid reference: invalid registry ""`);
  if (!REPO_RE.test(rest)) throw new Error(`invalid reference: invalid repository "${rest}"`);
  if (tag !== '' && !TAG_RE.test(tag)) throw new Error(`invalid reference: invalid tag "${tag}"`);
  if (digest !== '' && !DIGEST_RE.test(digest))
    throw new Error(`invalid reference: invalid digest "${digest}"`);
  return { registry, repository: rest, tag, digest };
}

/** reference.String(): `host/repo:tag`, or `host/repo@digest` when there is no tag. */
export function referenceString(r: OciReference): string {
  const base = `${r.registry}/${r.repository}`;
  if (r.tag === '') return `${base}@${r.digest}`;
  return `${base}:${r.tag}`;
}

export const isOciReference = (s: string): boolean => s.startsWith('oci://');
