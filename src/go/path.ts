// Go's package path (slash-separated paths, no file system): the lexical rules Helm relies on in
// URLs, tar headers and the path functions of templates.

/** path.Clean: lexical cleanup; "" and everything that cancels out give ".". */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/** path.Join: the non-empty elements joined by '/', then cleaned; "" when all are empty. */
export function pathJoin(...elems: string[]): string {
  const s = elems.filter((e) => e !== '').join('/');
  return s === '' ? '' : pathClean(s);
}
