// URL helpers with Go's net/url semantics where Helm depends on them.
import { pathJoin } from '../go/path.js';

/** Splits an absolute or relative URL into prefix (scheme://host), path and suffix (?query#fragment). */
function splitUrl(u: string): { prefix: string; path: string; suffix: string } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:(?:\/\/[^/?#]*)?)?([^?#]*)(.*)$/.exec(u)!;
  return { prefix: m[1] ?? '', path: m[2] ?? '', suffix: m[3] ?? '' };
}

/** urlutil.URLJoin: the URL with path.Join(u.Path, paths...) as its path. */
export function urlJoin(baseURL: string, ...paths: string[]): string {
  const { prefix, path, suffix } = splitUrl(baseURL);
  let p = pathJoin(path, ...paths);
  if (prefix.includes('//') && p !== '' && !p.startsWith('/')) p = `/${p}`;
  return prefix + p + suffix;
}

/** repo.ResolveReferenceURL: refURL relative to baseURL (with a trailing slash), the base's query kept. */
export function resolveReferenceURL(baseURL: string, refURL: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(refURL)) return refURL;
  let base: URL;
  try {
    base = new URL(baseURL);
  } catch {
    throw new Error(`failed to parse ${baseURL} as URL: invalid URL`);
  }
  const query = base.search;
  base.pathname = base.pathname.replace(/\/$/, '') + '/';
  base.search = '';
  base.hash = '';
  const resolved = new URL(refURL, base);
  resolved.search = query;
  return resolved.toString();
}

/** Whether a reference is an absolute URL with a host and path (Helm's "full URL" case). */
export function isAbsoluteChartURL(ref: string): boolean {
  try {
    const u = new URL(ref);
    return u.host !== '' && u.pathname !== '' && u.pathname !== '/'
      ? true
      : u.host !== '' && u.pathname !== '';
  } catch {
    return false;
  }
}
