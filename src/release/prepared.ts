// The warm path (issue 11 item 4): a chart loaded once and rendered again and again, by a
// program that renders many times in one process (a render server for GitOps tools, the SDK).
// Each render gives the bytes a fresh load and renderRelease would: the loaded chart is never
// changed, since dependency processing (aliases, conditions, tags, import-values) rewrites the
// chart it is given, so every render works on a cheap copy of what that step rewrites (the
// chart tree and its dependency entries; files, templates and values are shared, read-only).
// Parsed templates, decoded template texts (render/tree-store.ts) and manifest heads
// (render/head-memo.ts) are kept with the prepared chart for later renders.
import type { Chart } from '../chart/chart.js';
import { loadChart } from '../chart/loader.js';
import type { GoMap } from '../go/value.js';
import { HeadMemo } from '../render/head-memo.js';
import { TreeStore } from '../render/tree-store.js';
import { renderRelease, type ReleaseRenderOptions, type RenderedRelease } from './render.js';

/** A chart ready to render many times; renders do not affect one another. */
export class PreparedChart {
  private readonly trees = new TreeStore();
  private readonly heads = new HeadMemo();

  /** `chart` must not be changed while prepared (renders read its files, templates and values). */
  constructor(readonly chart: Chart) {}

  /** Renders as renderRelease(freshly loaded chart, vals, opts) does. */
  render(vals: GoMap, opts: ReleaseRenderOptions): RenderedRelease {
    return renderRelease(workingCopy(this.chart), vals, {
      ...opts,
      render: { ...opts.render, trees: this.trees },
      readHead: opts.readHead ?? this.heads.parse,
    });
  }
}

/** Loads a chart directory or archive and prepares it (loadChart's errors). */
export function prepareChart(path: string): PreparedChart {
  return new PreparedChart(loadChart(path));
}

/**
 * What processDependencies may rewrite, copied: every Chart of the tree (Chart.clone: its
 * dependencies, metadata and values are replaced there, never changed in place) and each
 * Chart.yaml dependency entry (enabled, name and import-values are set on it).
 */
export function workingCopy(c: Chart): Chart {
  const w = c.clone();
  const copyEntries = (x: Chart): void => {
    if (x.metadata.dependencies !== undefined)
      x.metadata.dependencies = x.metadata.dependencies.map((d) => ({ ...d }));
    for (const d of x.dependencies) copyEntries(d);
  };
  copyEntries(w);
  return w;
}
