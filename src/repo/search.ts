// Helm's client-side repository search (pkg/cmd/search): one line per chart version, scored by
// which field the term matched in (name, repo/name, description, keywords).
import { RE2JS } from 're2js';
import { compareVersions, newVersion, type SemverVersion } from '../funcs/semver.js';
import type { ChartVersion, IndexFile } from './index-file.js';

export interface SearchResult {
  name: string;
  score: number;
  chart: ChartVersion;
}

const SEP = '\v';

interface Line {
  name: string;
  line: string;
  chart: ChartVersion;
}

export class SearchIndex {
  private readonly lines: Line[] = [];
  private readonly keys = new Map<string, number>();

  /** AddRepo: every version when `all`, else the newest of each chart. */
  addRepo(repoName: string, idx: IndexFile, all: boolean): void {
    for (const [name, refs] of idx.entries) {
      if (refs.length === 0) continue;
      const fname = `${repoName}/${name}`;
      for (const ref of all ? refs : refs.slice(0, 1)) {
        const key = all ? `${fname}$$${ref.metadata.version}` : fname;
        const line: Line = {
          name: fname,
          line: [
            ref.metadata.name,
            `${repoName}/${ref.metadata.name}`,
            ref.metadata.description ?? '',
            (ref.metadata.keywords ?? []).join(' '),
          ].join(SEP),
          chart: ref,
        };
        const at = this.keys.get(key);
        if (at !== undefined) this.lines[at] = line;
        else {
          this.keys.set(key, this.lines.length);
          this.lines.push(line);
        }
      }
    }
  }

  all(): SearchResult[] {
    return this.lines.map((l) => ({ name: l.name, score: 0, chart: l.chart }));
  }

  private static score(index: number, line: string): number {
    let n = 0;
    for (let i = 0; i < line.length; i++) {
      if (line[i] !== SEP) continue;
      if (index > i) {
        n++;
        continue;
      }
      return n;
    }
    return n;
  }

  search(term: string, threshold: number, regexp: boolean): SearchResult[] {
    const out: SearchResult[] = [];
    if (regexp) {
      let re: RE2JS;
      try {
        re = RE2JS.compile(term);
      } catch (err) {
        throw new Error((err as Error).message, { cause: err });
      }
      for (const l of this.lines) {
        const m = re.matcher(l.line);
        if (!m.find()) continue;
        const score = SearchIndex.score(m.start(), l.line);
        if (score < threshold) out.push({ name: l.name, score, chart: l.chart });
      }
      return out;
    }
    const t = term.toLowerCase();
    for (const l of this.lines) {
      const lv = l.line.toLowerCase();
      const at = lv.indexOf(t);
      if (at === -1) continue;
      const score = SearchIndex.score(at, lv);
      if (score < threshold) out.push({ name: l.name, score, chart: l.chart });
    }
    return out;
  }
}

function sv(c: ChartVersion): SemverVersion | null {
  try {
    return newVersion(c.metadata.version ?? '');
  } catch {
    return null;
  }
}

/** SortScore: by score, then name, newest version first. */
export function sortScore(r: SearchResult[]): void {
  r.sort((a, b) => {
    if (a.score !== b.score) return a.score - b.score;
    if (a.name === b.name) {
      const v1 = sv(a.chart);
      const v2 = sv(b.chart);
      if (v1 === null || v2 === null) return 0;
      return compareVersions(v2, v1);
    }
    return a.name < b.name ? -1 : 1;
  });
}
