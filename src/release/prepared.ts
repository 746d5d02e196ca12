// The warm path (issue 11 item 4): a chart loaded once and rendered again and again, by a
// program that renders many times in one process (a render server for GitOps tools, the SDK).
// Each render gives the bytes a fresh load and renderRelease would: the loaded chart is never
// changed, since dependency processing (aliases, conditions, tags, import-values) rewrites the
// chart it is given, so every render works on a cheap copy of what that step rewrites (the
// chart tree and its dependency entries; files, templates and values are shared, read-only).
// Parsed templates, decoded template texts (render/tree-store.ts) and manifest heads
// (render/head-memo.ts) are kept with the prepared chart for later renders, and so is what
// the last render's values gave: the processed chart and the coalesced values (a render server
// sees the same values again and again). Dependency processing and coalescing depend on the
// chart and the values alone, so a render whose values equal the last one's (values/tree.ts)
// takes that chart, which rendering only reads, and a copy of those values, which templates may
// change (`set .Values …`), with the warnings those steps gave, in their order.
import type { Chart } from '../chart/chart.js';
import { processDependencies } from '../chart/dependencies.js';
import { loadChart } from '../chart/loader.js';
import type { GoMap } from '../go/value.js';
import { HeadMemo } from '../render/head-memo.js';
import { TreeStore } from '../render/tree-store.js';
import { coalesceValues, type Warn } from '../values/coalesce.js';
import { cloneValues, KeptValues, sameValues } from '../values/tree.js';
import {
  renderRelease,
  type ReleaseRenderOptions,
  type RenderedRelease,
  type ValueStages,
} from './render.js';

interface ValuesMemo {
  /** A copy of the values the entry was made for. */
  vals: GoMap;
  /** Their processed working copy of the chart. */
  chart: Chart;
  depWarnings: string[];
  /** Their coalesced values, never handed out (each render gets a copy). */
  coalesced?: KeptValues;
  coalesceWarnings?: string[];
}

/** A warn that keeps the messages, for later renders to repeat. */
const recording =
  (into: string[], warn: Warn | undefined): Warn =>
  (msg) => {
    into.push(msg);
    warn?.(msg);
  };

const replay = (msgs: readonly string[], warn: Warn | undefined): void => {
  if (warn) for (const m of msgs) warn(m);
};

/** A chart ready to render many times; renders do not affect one another. */
export class PreparedChart {
  private readonly trees = new TreeStore();
  private readonly heads = new HeadMemo();
  private memo: ValuesMemo | undefined;
  /** The values the running render passed to `dependencies` (its `coalesce` gets the same). */
  private current: GoMap | undefined;

  /** `chart` must not be changed while prepared (renders read its files, templates and values). */
  constructor(readonly chart: Chart) {}

  /** Renders as renderRelease(freshly loaded chart, vals, opts) does. */
  render(vals: GoMap, opts: ReleaseRenderOptions): RenderedRelease {
    return renderRelease(this.chart, vals, {
      ...opts,
      render: { ...opts.render, trees: this.trees },
      readHead: opts.readHead ?? this.heads.parse,
      stages: this.stages,
    });
  }

  private readonly stages: ValueStages = {
    dependencies: (_chart, vals, warn) => {
      this.current = vals;
      const m = this.memo;
      if (m !== undefined && sameValues(vals, m.vals)) {
        replay(m.depWarnings, warn);
        return m.chart;
      }
      this.memo = undefined;
      const chart = workingCopy(this.chart);
      const depWarnings: string[] = [];
      processDependencies(chart, vals, recording(depWarnings, warn));
      const key = cloneValues(vals);
      if (key !== undefined) this.memo = { vals: key as GoMap, chart, depWarnings };
      return chart;
    },
    coalesce: (chart, vals, warn) => {
      const m = this.memo;
      if (m === undefined || m.chart !== chart || vals !== this.current)
        return coalesceValues(chart, vals, warn);
      if (m.coalesced !== undefined) {
        replay(m.coalesceWarnings!, warn);
        return m.coalesced.copy() as GoMap;
      }
      const coalesceWarnings: string[] = [];
      const fresh = coalesceValues(chart, vals, recording(coalesceWarnings, warn));
      const kept = KeptValues.keep(fresh);
      if (kept !== undefined) {
        m.coalesced = kept;
        m.coalesceWarnings = coalesceWarnings;
      }
      return fresh;
    },
  };
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
