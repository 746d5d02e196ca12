// gobwas/glob patterns with `/` as separator, as `.Files.Glob` compiles them:
// `*` stays within a path segment, `**` crosses segments, `?`, `[a-z]`, `[!a]`, `{a,b}`, `\` escapes.

export class GlobSyntaxError extends Error {}

const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Compiles a glob to an anchored RegExp; throws GlobSyntaxError on malformed patterns. */
export function compileGlob(pattern: string): RegExp {
  const chars = [...pattern];
  let i = 0;
  const parseSeq = (inAlt: boolean): string => {
    let out = '';
    while (i < chars.length) {
      const c = chars[i]!;
      if (inAlt && (c === ',' || c === '}')) return out;
      i++;
      if (c === '*') {
        if (chars[i] === '*') {
          while (chars[i] === '*') i++;
          out += '[^]*';
        } else out += '[^/]*';
      } else if (c === '?') out += '[^/]';
      else if (c === '[') {
        let neg = false;
        if (chars[i] === '!') {
          neg = true;
          i++;
        }
        let cls = '';
        let closed = false;
        while (i < chars.length) {
          const d = chars[i++]!;
          if (d === ']') {
            closed = true;
            break;
          }
          if (d === '\\') {
            if (i >= chars.length) throw new GlobSyntaxError('unexpected end');
            cls += escapeRe(chars[i++]!);
          } else if (d === '-' && cls !== '' && chars[i] !== ']') {
            cls += '-';
          } else cls += escapeRe(d);
        }
        if (!closed || cls === '') throw new GlobSyntaxError('unclosed class');
        out += neg ? `[^${cls}]` : `[${cls}]`;
      } else if (c === '{') {
        const alts: string[] = [];
        for (;;) {
          alts.push(parseSeq(true));
          if (i >= chars.length) throw new GlobSyntaxError('unclosed alternatives');
          const d = chars[i++]!;
          if (d === '}') break;
        }
        out += `(?:${alts.join('|')})`;
      } else if (c === '\\') {
        if (i >= chars.length) throw new GlobSyntaxError('unexpected end');
        out += escapeRe(chars[i++]!);
      } else if (c === '}' || c === ',') {
        if (c === '}') throw new GlobSyntaxError('unexpected }');
        out += escapeRe(c);
      } else out += escapeRe(c);
    }
    return out;
  };
  const body = parseSeq(false);
  return new RegExp(`^${body}$`, 'u');
}
