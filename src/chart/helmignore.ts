// .helmignore rules, as Helm's pkg/ignore reads and applies them (a gitignore-like subset).

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

/**
 * Go's path/filepath.Match on `/`-separated names: `*` and `?` never cross a `/`,
 * `[…]` classes with `^` negation and ranges, `\` escapes. Throws BadPatternError.
 */
export function globMatch(pattern: string, name: string): boolean {
  const p = [...pattern];
  const n = [...name];
  const matchAt = (pi: number, ni: number): boolean => {
    while (pi < p.length) {
      const c = p[pi]!;
      if (c === '*') {
        while (p[pi] === '*') pi++;
        if (pi === p.length) {
          // A trailing star matches the rest unless it holds a separator.
          for (let k = ni; k < n.length; k++) if (n[k] === '/') return false;
          return true;
        }
        for (let k = ni; k <= n.length; k++) {
          if (matchAt(pi, k)) return true;
          if (k < n.length && n[k] === '/') break;
        }
        return false;
      }
      if (ni >= n.length) {
        // Still validate the rest of the pattern, as Go reports bad patterns.
        checkRest(p, pi);
        return false;
      }
      const ch = n[ni]!;
      if (c === '?') {
        if (ch === '/') return false;
        pi++;
        ni++;
        continue;
      }
      if (c === '[') {
        const [ok, next] = matchClass(p, pi + 1, ch);
        if (!ok) {
          checkRest(p, next);
          return false;
        }
        pi = next;
        ni++;
        continue;
      }
      let lit = c;
      if (c === '\\') {
        pi++;
        if (pi >= p.length) throw new BadPatternError();
        lit = p[pi]!;
      }
      if (lit !== ch) {
        checkRest(p, pi + 1);
        return false;
      }
      pi++;
      ni++;
    }
    return ni === n.length;
  };
  return matchAt(0, 0);
}

function checkRest(p: string[], from: number): void {
  for (let i = from; i < p.length; i++) {
    if (p[i] === '\\') {
      if (++i >= p.length) throw new BadPatternError();
    } else if (p[i] === '[') {
      [, i] = matchClass(p, i + 1, '\u0000');
      i--;
    }
  }
}

/** Matches one class starting after `[`; returns whether ch matched and the index after `]`. */
function matchClass(p: string[], i: number, ch: string): [boolean, number] {
  let negated = false;
  if (p[i] === '^') {
    negated = true;
    i++;
  }
  let matched = false;
  let first = true;
  for (;;) {
    if (i >= p.length) throw new BadPatternError();
    if (p[i] === ']' && !first) {
      i++;
      break;
    }
    first = false;
    let lo = p[i]!;
    if (lo === '\\') {
      i++;
      if (i >= p.length) throw new BadPatternError();
      lo = p[i]!;
    } else if (lo === '-' || lo === ']') {
      throw new BadPatternError();
    }
    i++;
    let hi = lo;
    if (p[i] === '-') {
      i++;
      if (i >= p.length) throw new BadPatternError();
      hi = p[i]!;
      if (hi === '\\') {
        i++;
        if (i >= p.length) throw new BadPatternError();
        hi = p[i]!;
      } else if (hi === ']' || hi === '-') {
        throw new BadPatternError();
      }
      i++;
    }
    if (lo <= ch && ch <= hi) matched = true;
  }
  return [matched !== negated, i];
}

interface Pattern {
  raw: string;
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

const base = (path: string): string => {
  const trimmed = path.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? trimmed || '.' : trimmed.slice(i + 1);
};

const safeMatch = (pattern: string, name: string): boolean => {
  try {
    return globMatch(pattern, name);
  } catch {
    return false;
  }
};

export class IgnoreRules {
  private readonly patterns: Pattern[] = [];

  /** Parses .helmignore text; throws on `**` and bad patterns, as Helm does. */
  static parse(text: string): IgnoreRules {
    const r = new IgnoreRules();
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    for (const line of lines) r.addRule(line.replace(/\r$/, ''));
    return r;
  }

  /** Helm always ignores dot files inside templates/. */
  addDefaults(): void {
    this.addRule('templates/.?*');
  }

  addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    globMatch(rule, 'abc');
    const p: Pattern = { raw: rule, negate: false, mustDir: false, match: () => false };
    if (rule.startsWith('!')) {
      p.negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      p.mustDir = true;
      rule = rule.slice(0, -1);
    }
    if (rule.startsWith('/')) {
      const anchored = rule.slice(1);
      p.match = (n) => safeMatch(anchored, n);
    } else if (rule.includes('/')) {
      const r = rule;
      p.match = (n) => safeMatch(r, n);
    } else {
      const r = rule;
      p.match = (n) => safeMatch(r, base(n));
    }
    this.patterns.push(p);
  }

  /** Whether a chart-relative path is ignored (Helm's exact rule order, negation quirks included). */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }
}
