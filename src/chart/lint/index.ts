// Helm's lint action (pkg/action/lint.go + pkg/chart/v2/lint): every rule on one chart directory
// or archive, and the per-path result the CLI prints.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { readChartArchive } from '../archive.js';
import { decodeMetadata, metadataStringField } from '../metadata.js';
import { parseYaml } from '../../yaml/index.js';
import type { Warn } from '../../values/coalesce.js';
import type { GoMap } from '../../go/value.js';
import { lintChartfile } from './chartfile.js';
import { lintCrds } from './crds.js';
import { lintDependencies } from './dependencies.js';
import type { KubeMajorMinor } from './deprecations.js';
import { Linter, Severity, type LintMessage } from './support.js';
import { lintTemplates, type LintRenderer } from './templates.js';
import { lintValues } from './values.js';
import { goErrnoText, pathError } from '../../go/fs-error.js';

export { formatMessage, Severity, type LintMessage } from './support.js';
export type { LintRenderer } from './templates.js';

export interface LintOptions {
  /** The user's merged values (--set, -f …). */
  values: GoMap;
  strict?: boolean;
  skipSchemaValidation?: boolean;
  /** Kubernetes version for the deprecation rule; default Helm's default capabilities. */
  kubeVersion: KubeMajorMinor;
  /** Renders a loaded chart for the template rules (given the chart; values bound by the caller). */
  render: LintRenderer;
  /** Warnings from coalescing the overrides (Helm logs them). */
  warn?: Warn;
}

export interface LintResult {
  messages: LintMessage[];
  /** Texts of what made the chart fail (errors, or warnings too with --strict). */
  errors: string[];
}

/** RunAll on a chart directory. */
export function lintChartDir(dir: string, opts: LintOptions): Linter {
  const linter = new Linter(resolve(dir));
  lintChartfile(linter);
  lintValues(linter, opts.values, opts.skipSchemaValidation ?? false, opts.warn ?? (() => {}));
  lintTemplates(linter, opts.render, opts.kubeVersion);
  lintDependencies(linter);
  lintCrds(linter);
  return linter;
}

/** Lint.Run for one path (directory, .tgz or .tar.gz). */
export function lintPath(path: string, opts: LintOptions): LintResult {
  const lowest = opts.strict ? Severity.Warning : Severity.Error;
  let tmp: string | undefined;
  try {
    let chartPath = path;
    if (path.endsWith('.tgz') || path.endsWith('.tar.gz')) {
      tmp = mkdtempSync(join(tmpdir(), 'helm-lint'));
      chartPath = expandArchive(path, tmp);
    }
    try {
      statSync(join(chartPath, 'Chart.yaml'));
    } catch (err) {
      // os.Stat's text: a file given as the chart is "not a directory".
      const why = goErrnoText(err);
      throw new Error(
        `unable to check Chart.yaml file in chart: stat ${join(chartPath, 'Chart.yaml')}: ${why}`,
      );
    }
    const linter = lintChartDir(chartPath, opts);
    const errors = linter.messages.filter((m) => m.severity >= lowest).map((m) => m.message);
    return { messages: linter.messages, errors };
  } catch (err) {
    return { messages: [], errors: [(err as Error).message] };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** HasWarningsOrErrors. */
export const hasWarningsOrErrors = (r: LintResult): boolean =>
  r.messages.some((m) => m.severity > Severity.Info) || r.errors.length > 0;

/** chartutil.Expand into `dir`; returns the chart directory. */
function expandArchive(path: string, dir: string): string {
  let data: Uint8Array;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new Error(`unable to open tarball: ${pathError('open', path, err).message}`, { cause: err });
  }
  try {
    const files = readChartArchive(data);
    let name = '';
    for (const f of files) {
      if (f.name !== 'Chart.yaml') continue;
      try {
        name =
          decodeMetadata(
            parseYaml(new TextDecoder().decode(f.data), 'any', { stringFields: metadataStringField }),
          ).name ?? '';
      } catch (err) {
        throw new Error(`cannot load Chart.yaml: ${(err as Error).message}`);
      }
    }
    if (name === '') throw new Error('chart name not specified');
    if (name === '.' || name === '..') throw new Error(`chart name ${JSON.stringify(name)} is not allowed`);
    if (posix.basename(name) !== name || name.includes('\\')) {
      throw new Error(`chart name ${JSON.stringify(name)} must not contain path separators`);
    }
    const chartDir = join(dir, name);
    for (const f of files) {
      const out = join(chartDir, f.name);
      if (!out.startsWith(`${chartDir}/`)) continue;
      mkdirSync(dirname(out), { recursive: true, mode: 0o755 });
      writeFileSync(out, f.data, { mode: 0o644 });
    }
    return chartDir;
  } catch (err) {
    throw new Error(`unable to extract tarball: ${(err as Error).message}`);
  }
}
