// Rendering a release without a cluster: what `helm template` (a client-only install) does
// between loading the chart and printing — dependencies, capabilities, values, render, notes,
// manifests and hooks (pkg/action/install.go, action.go renderResources).
import type { Chart } from '../chart/chart.js';
import { processDependencies } from '../chart/dependencies.js';
import { isCompatibleRange } from '../chart/semver-range.js';
import { makeCapabilities, type Capabilities } from '../render/capabilities.js';
import { render, valuesMap, type RenderOptions } from '../render/engine.js';
import {
  sortManifests,
  YamlParseError,
  type Hook,
  type Manifest,
  type SimpleHead,
} from '../render/manifests.js';
import { yamlErrorContext } from '../render/yaml-context.js';
import { GoInt, GoMap, utf8DecodeText, type Value } from '../go/value.js';
import { coalesceValues, type Warn } from '../values/coalesce.js';
import { validateValuesAgainstSchema } from '../values/schema.js';

export interface ReleaseRenderOptions {
  releaseName: string;
  namespace: string;
  revision?: number;
  isUpgrade?: boolean;
  kubeVersion?: string;
  apiVersions?: string[];
  capabilities?: Capabilities;
  includeCrds?: boolean;
  skipSchemaValidation?: boolean;
  subNotes?: boolean;
  hideSecret?: boolean;
  enableDns?: boolean;
  render?: RenderOptions;
  warn?: Warn;
  /** Helm's debug log lines (shown with --debug). */
  debug?: (msg: string, attrs: Record<string, string>) => void;
  /** A post-renderer over the rendered files (NOTES removed), before they are sorted (plugin/). */
  postRender?: (files: Map<string, string>) => Map<string, string>;
  /** How manifest heads are read, when not parseHead itself (a prepared chart's memo). */
  readHead?: (doc: string) => SimpleHead;
  /** Dependency processing and coalescing done elsewhere (a prepared chart's memo). */
  stages?: ValueStages;
}

/** What renderRelease does to a chart and values before rendering, when a caller does it. */
export interface ValueStages {
  /** processDependencies on `chart` or a copy of it: the chart to render (same errors and warnings). */
  dependencies(chart: Chart, vals: GoMap, warn?: Warn): Chart;
  /** coalesceValues(chart, vals, warn) for that chart: a tree the render may change. */
  coalesce(chart: Chart, vals: GoMap, warn?: Warn): GoMap;
}

export interface RenderedRelease {
  /** The manifest text as Helm stores it (`---\n# Source: …\n…\n` per document). */
  manifest: string;
  hooks: Hook[];
  manifests: Manifest[];
  notes: string;
}

/** A render failure after the release object exists (helm template adds its `--debug` hint). */
export class ReleaseRenderError extends Error {
  override name = 'ReleaseRenderError';
  constructor(
    message: string,
    /** What was rendered before the failure (the raw files, for --debug). */
    readonly partialManifest: string,
    /** Rudder's help beyond Helm's message (rendered lines around a YAML error), computed on demand. */
    readonly context?: () => string | undefined,
  ) {
    super(message);
  }
}

export const NOTES_SUFFIX = 'NOTES.txt';

/** CheckDependencies: every declared dependency must be present in charts/. */
export function checkDependencies(chart: Chart): void {
  const reqs = chart.metadata.dependencies ?? [];
  const missing = reqs.filter((r) => !chart.dependencies.some((d) => d.name === r.name)).map((r) => r.name);
  if (missing.length > 0)
    throw new Error(`found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
}

export function checkIfInstallable(chart: Chart): void {
  const t = chart.metadata.type ?? '';
  if (t !== '' && t !== 'application') throw new Error(`${t} charts are not installable`);
}

export interface CrdObject {
  name: string;
  filename: string;
  data: Uint8Array;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** CRDObjects: crds/*.yaml|yml|json of the chart and its subcharts. */
export function crdObjects(chart: Chart): CrdObject[] {
  const out: CrdObject[] = [];
  for (const f of chart.files) {
    if (f.name.startsWith('crds/') && MANIFEST_EXT.test(f.name.slice(f.name.lastIndexOf('/')))) {
      out.push({ name: f.name, filename: `${chart.fullPath()}/${f.name}`, data: f.data });
    }
  }
  for (const d of chart.dependencies) out.push(...crdObjects(d));
  return out;
}

/** ToRenderValues: the top-level render object, values coalesced and schema-checked. */
export function toRenderValues(
  chart: Chart,
  vals: GoMap,
  opts: ReleaseRenderOptions,
  caps: Capabilities,
): GoMap {
  const isUpgrade = opts.isUpgrade ?? false;
  const release = new GoMap(
    new Map<string, Value>([
      ['Name', opts.releaseName],
      ['Namespace', opts.namespace],
      ['IsUpgrade', isUpgrade],
      ['IsInstall', !isUpgrade],
      ['Revision', new GoInt('int', BigInt(opts.revision ?? 1))],
      ['Service', 'Helm'],
    ]),
  );
  const coalesced = opts.stages
    ? opts.stages.coalesce(chart, vals, opts.warn)
    : coalesceValues(chart, vals, opts.warn);
  if (!opts.skipSchemaValidation) {
    const problems = validateValuesAgainstSchema(chart, coalesced, opts.debug);
    if (problems) {
      throw new Error(
        `values don't meet the specifications of the schema(s) in the following chart(s):\n${problems}`,
      );
    }
  }
  return new GoMap(
    new Map<string, Value>([
      ['Chart', null],
      ['Capabilities', caps],
      ['Release', release],
      ['Values', valuesMap(coalesced.entries)],
    ]),
    'common.Values',
  );
}

/** Renders a chart as a client-only install does. `vals` are the user's merged values. */
export function renderRelease(given: Chart, vals: GoMap, opts: ReleaseRenderOptions): RenderedRelease {
  const chart = processDependenciesWrapped(given, vals, opts);
  const caps =
    opts.capabilities ?? makeCapabilities({ kubeVersion: opts.kubeVersion, apiVersions: opts.apiVersions });
  const top = toRenderValues(chart, vals, opts, caps);

  const kubeConstraint = chart.metadata.kubeVersion;
  if (
    kubeConstraint &&
    !isCompatibleRange(kubeConstraint, caps.kubeVersion.normalized || caps.kubeVersion.version)
  ) {
    throw new ReleaseRenderError(
      `chart requires kubeVersion: ${kubeConstraint} which is incompatible with Kubernetes ${caps.kubeVersion.version}`,
      '',
    );
  }

  let files: Map<string, string>;
  const renderOpts = { ...opts.render, enableDns: opts.enableDns ?? false };
  try {
    files = render(chart, top, renderOpts);
  } catch (err) {
    throw new ReleaseRenderError((err as Error).message, '');
  }

  const notesParts: string[] = [];
  const rootNotes = `${chart.name}/templates/${NOTES_SUFFIX}`;
  for (const [k, v] of [...files]) {
    if (k.endsWith(NOTES_SUFFIX)) {
      if (opts.subNotes || k === rootNotes) notesParts.push(v);
      files.delete(k);
    }
  }
  if (opts.postRender) {
    try {
      files = opts.postRender(files);
    } catch (err) {
      throw new ReleaseRenderError((err as Error).message, '');
    }
  }

  let sorted: { hooks: Hook[]; manifests: Manifest[] };
  try {
    sorted = sortManifests(files, undefined, undefined, opts.readHead);
  } catch (err) {
    let partial = '';
    for (const [name, content] of files) {
      if (content.trim() === '') continue;
      partial += `---\n# Source: ${name}\n${content}\n`;
    }
    const rendered = files;
    const context =
      err instanceof YamlParseError
        ? () =>
            yamlErrorContext(err, rendered.get(err.path), (afterParse) =>
              render(chart, top, { ...renderOpts, afterParse }),
            )
        : undefined;
    throw new ReleaseRenderError((err as Error).message, partial, context);
  }

  let manifest = '';
  if (opts.includeCrds) {
    for (const crd of crdObjects(chart))
      manifest += `---\n# Source: ${crd.filename}\n${utf8DecodeText(crd.data)}\n`;
  }
  for (const m of sorted.manifests) {
    if (opts.hideSecret && m.head.kind === 'Secret' && m.head.apiVersion === 'v1') {
      manifest += `---\n# Source: ${m.name}\n# HIDDEN: The Secret output has been suppressed\n`;
    } else manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  }
  return { manifest, hooks: sorted.hooks, manifests: sorted.manifests, notes: notesParts.join('\n') };
}

function processDependenciesWrapped(chart: Chart, vals: GoMap, opts: ReleaseRenderOptions): Chart {
  try {
    if (opts.stages) return opts.stages.dependencies(chart, vals, opts.warn);
    processDependencies(chart, vals, opts.warn);
    return chart;
  } catch (err) {
    throw new Error(`chart dependencies processing failed: ${(err as Error).message}`);
  }
}
