// OCI chart references as Helm's pkg/registry/reference.go parses them: `oci://` stripped, `@digest`
// split at the last `@`, `+` in a tag turned into `_`, then oras-go's ParseReference grammar (the
// registry checked as net/url sees a host, the first `:` of the path starting the tag).
import { parseURL, urlString, type GoURL } from '../funcs/urls.js';
import { quote as goQuote } from '../go/strconv/format.js';

export interface OciReference {
  registry: string;
  repository: string;
  /** The tag ('' when only a digest is given). */
  tag: string;
  /** `sha256:…` or ''. */
  digest: string;
}

const REPO_RE = /^[a-z0-9]+(?:(?:[._]|__|-*)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-*)[a-z0-9]+)*)*$/;
const TAG_RE = /^\w[\w.-]{0,127}$/;
const DIGEST_ANY_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
// go-digest's algorithms helm links (crypto/sha256 and crypto/sha512): hex lengths.
const DIGEST_HEX_LEN: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** go-digest's Digest.Validate error text, or '' when the digest is valid. */
export function digestError(d: string): string {
  const i = d.indexOf(':');
  if (i <= 0 || i + 1 === d.length) return 'invalid checksum digest format';
  const alg = d.slice(0, i);
  const hex = d.slice(i + 1);
  const n = Object.hasOwn(DIGEST_HEX_LEN, alg) ? DIGEST_HEX_LEN[alg] : undefined;
  if (n === undefined)
    return DIGEST_ANY_RE.test(d) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  if (hex.length !== n) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(hex) ? '' : 'invalid checksum digest format';
}

// oras Reference.ValidateRegistry: url.ParseRequestURI("dummy://" + registry) must give it back as the host.
function validRegistry(registry: string): boolean {
  if (registry === '' || registry.includes('#')) return false;
  try {
    return parseURL(`dummy://${registry}`).host === registry;
  } catch {
    return false;
  }
}

/** oras-go's registry.ParseReference (Client.Tags parses the raw reference with it alone). */
export function parseOrasReference(s: string): { registry: string; repository: string; reference: string } {
  const slash = s.indexOf('/');
  if (slash < 0) throw new Error(`invalid reference: missing registry or repository`);
  const registry = s.slice(0, slash);
  const path = s.slice(slash + 1);
  let repository = path;
  let reference = '';
  let isTag = false;
  const inner = path.indexOf('@');
  if (inner >= 0) {
    // An earlier `@` (helm split off the last one): oras reads what follows as a digest.
    repository = path.slice(0, inner);
    reference = path.slice(inner + 1);
    const c = repository.indexOf(':');
    if (c >= 0) repository = repository.slice(0, c);
  } else {
    const c = path.indexOf(':');
    if (c >= 0) {
      isTag = true;
      repository = path.slice(0, c);
      reference = path.slice(c + 1);
    }
  }
  if (!validRegistry(registry)) throw new Error(`invalid reference: invalid registry ${goQuote(registry)}`);
  if (!REPO_RE.test(repository))
    throw new Error(`invalid reference: invalid repository ${goQuote(repository)}`);
  if (reference !== '') {
    if (isTag && !TAG_RE.test(reference))
      throw new Error(`invalid reference: invalid tag ${goQuote(reference)}`);
    const e = isTag ? '' : digestError(reference);
    if (e !== '') throw new Error(`invalid reference: invalid digest ${goQuote(reference)}: ${e}`);
  }
  return { registry, repository, reference };
}

export function parseOciReference(raw: string): OciReference {
  let s = raw.startsWith('oci://') ? raw.slice(6) : raw;
  let digest = '';
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    s = s.slice(0, at);
  }
  // Helm replaces every occurrence of the tag text, not just the tag.
  const parts = s.split(':');
  const last = parts[parts.length - 1]!;
  if (parts.length > 1 && !last.includes('/') && last !== '')
    s = s.replaceAll(last, last.replaceAll('+', '_'));
  const o = parseOrasReference(s);
  // The digest after the last `@` is checked when oras parses the reference helm prints from it.
  const e = digest === '' ? '' : digestError(digest);
  if (e !== '') throw new Error(`invalid reference: invalid digest ${goQuote(digest)}: ${e}`);
  return { registry: o.registry, repository: o.repository, tag: o.reference, digest };
}

/** reference.String(): `host/repo:tag`, or `host/repo@digest` when there is no tag. */
export function referenceString(r: OciReference): string {
  const base = `${r.registry}/${r.repository}`;
  if (r.tag === '') return `${base}@${r.digest}`;
  return `${base}:${r.tag}`;
}

export const isOciReference = (s: string): boolean => s.startsWith('oci://');

/**
 * ResolveChartVersion's dispatch for a chart reference starting `oci://`: url.Parse (its failure is
 * "invalid chart URL format") then IsOCI on the URL's String, which for a bare `oci://` is `oci:`
 * and so a `repo/chart` name without a slash.
 */
export function checkOciChartURL(ref: string): GoURL {
  let u;
  try {
    u = parseURL(ref);
  } catch {
    throw new Error(`invalid chart URL format: ${ref}`);
  }
  const s = urlString(u);
  if (!s.startsWith('oci://') && !u.path.includes('/'))
    throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${s}`);
  return u;
}

/**
 * ValidateReference's reference: the URL's host and path only (user info, query and fragment
 * dropped), so `oci://a@b/c` is checked as `b/c` here and fails later on its raw text.
 */
export function validatedReference(u: GoURL): OciReference {
  return parseOciReference(u.host + u.path);
}

/** The OCI getter's reference: the chart URL with ValidateReference's path, as URL.String prints it. */
export function getterReference(u: GoURL, path: string): OciReference {
  return parseOciReference(urlString({ ...u, path, rawPath: '' }));
}
