// Helm's client-side repository search (pkg/cmd/search): one line per chart version, scored by
// which field the term matched in (name, repo/name, description, keywords). It reads the
// versions' search columns (index-cache.ts), not whole index entries.
import { RE2JS } from 're2js';
import { compareVersions, newVersion, type SemverVersion } from '../funcs/semver.js';
import type { ChartVersion } from './index-file.js';
import { ROW, summaryChart, type SearchColumns } from './index-cache.js';

export interface SearchResult {
  name: string;
  score: number;
  chart: ChartVersion;
}

const SEP = '\v';

interface Line {
  name: string;
  /** Shared by the versions whose name, description and keywords are the same. */
  line: string;
  key: string;
  strings: string[];
  row: number[];
  at: number;
}

export class SearchIndex {
  private readonly lines: Line[] = [];
  /** Line per `repo/name` and version ("" without --versions): helm's map keys, later repos win. */
  private readonly keys = new Map<string, Map<string, number>>();

  /** AddRepo: every version when `all`, else the newest of each chart (rows newest first). */
  addRepo(repoName: string, cols: SearchColumns, all: boolean): void {
    const { strings } = cols;
    for (const [name, row] of cols.charts) {
      if (row.length === 0) continue;
      const fname = `${repoName}/${name}`;
      const end = all ? row.length : ROW;
      let byVersion = this.keys.get(fname);
      if (byVersion === undefined) this.keys.set(fname, (byVersion = new Map()));
      // A chart's versions mostly share name, description and keywords: one line text for them.
      let text = '';
      let pn = NaN;
      let pd = NaN;
      let pk = NaN;
      for (let i = 0; i < end; i += ROW) {
        const n = row[i]!;
        if (n !== pn || row[i + 3] !== pd || row[i + 4] !== pk) {
          const cname = n < 0 ? name : strings[n]!;
          text = [cname, `${repoName}/${cname}`, strings[row[i + 3]!]!, strings[row[i + 4]!]!].join(SEP);
          pn = n;
          pd = row[i + 3]!;
          pk = row[i + 4]!;
        }
        const key = all ? strings[row[i + 1]!]! : '';
        const line: Line = { name: fname, line: text, key: name, strings, row, at: i };
        const at = byVersion.get(key);
        if (at !== undefined) this.lines[at] = line;
        else {
          byVersion.set(key, this.lines.length);
          this.lines.push(line);
        }
      }
    }
  }

  private static result(l: Line, score: number): SearchResult {
    return { name: l.name, score, chart: summaryChart(l.key, l.strings, l.row, l.at) };
  }

  all(): SearchResult[] {
    return this.lines.map((l) => SearchIndex.result(l, 0));
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
      const scores = new Map<string, number>();
      for (const l of this.lines) {
        let score = scores.get(l.line);
        if (score === undefined) {
          const m = re.matcher(l.line);
          score = m.find() ? SearchIndex.score(m.start(), l.line) : -1;
          scores.set(l.line, score);
        }
        if (score >= 0 && score < threshold) out.push(SearchIndex.result(l, score));
      }
      return out;
    }
    const t = term.toLowerCase();
    // Versions share their line: each distinct line is scored once.
    const scores = new Map<string, number>();
    for (const l of this.lines) {
      let score = scores.get(l.line);
      if (score === undefined) {
        const lv = l.line.toLowerCase();
        const at = lv.indexOf(t);
        score = at === -1 ? -1 : SearchIndex.score(at, lv);
        scores.set(l.line, score);
      }
      if (score >= 0 && score < threshold) out.push(SearchIndex.result(l, score));
    }
    return out;
  }
}

// Parsed by version text: the results of `search -l` repeat a few hundred versions.
const parsed = new Map<string, SemverVersion | null>();
/** semver.NewVersion of a version text, or null when it is not one (parsed once per text). */
export function versionOf(text: string): SemverVersion | null {
  let v = parsed.get(text);
  if (v !== undefined) return v;
  try {
    v = newVersion(text);
  } catch {
    v = null;
  }
  if (parsed.size < 100_000) parsed.set(text, v);
  return v;
}
const sv = (c: ChartVersion): SemverVersion | null => versionOf(c.metadata.version ?? '');

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
