// `rudder lint`: runs Helm 4.3.2's chart lint rules and prints their findings as `helm lint` does.
import { readdirSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Chart } from '../chart/chart.js';
import { processDependencies } from '../chart/dependencies.js';
import {
  formatMessage,
  hasWarningsOrErrors,
  lintPath,
  Severity,
  type LintResult,
} from '../chart/lint/index.js';
import { makeCapabilities, parseKubeVersion, type KubeVersion } from '../render/capabilities.js';
import { render } from '../render/engine.js';
import { toRenderValues } from '../release/render.js';
import { coalesceValues } from '../values/coalesce.js';
import { mergeValueOptions } from '../values/options.js';
import type { GoMap } from '../go/value.js';
import { Command } from './command/command.js';
import { minimumNArgs } from './args.js';
import type { CliContext } from './context.js';
import { addValueOptionsFlags, valueOptionsFrom } from './flags.js';
import { slogLine, slogValue } from './slog.js';
import { valuesSourceReader } from './values-source.js';
import { getterAll } from './plugin-schemes.js';

const LINT_DESC = `
This command takes a path to a chart and runs a series of tests to verify that
the chart is well-formed.

If the linter encounters things that will cause the chart to fail installation,
it will emit [ERROR] messages. If it encounters issues that break with convention
or recommendation, it will emit [WARNING] messages.
`;

/** Log lines for warnings the values and dependency code report (Helm logs them with slog). */
export function logWarning(stderr: (s: string) => void): (m: string) => void {
  const attrMsgs = [
    'returned non-bool value',
    'the method PathValue returned error',
    'ImportValues missing table from chart',
    'ImportValues missing table',
  ];
  return (m: string) => {
    if (m.startsWith('missing required value: ')) {
      stderr(
        slogLine('WARN', 'missing required value', { message: m.slice('missing required value: '.length) }),
      );
      return;
    }
    if (m.startsWith('funcMap fail: ')) {
      stderr(slogLine('INFO', 'funcMap fail', { message: m.slice('funcMap fail: '.length) }));
      return;
    }
    const known = attrMsgs.find((p) => m.startsWith(`${p} `));
    if (known) {
      // The dependency code writes `error="<text>"` unescaped; slog quotes it.
      const attrs = m
        .slice(known.length + 1)
        .replace(/error="([\s\S]*)"$/, (_all, e: string) => `error=${slogValue(e)}`);
      stderr(`level=WARN msg=${slogValue(known)} ${attrs}\n`);
      return;
    }
    stderr(slogLine('INFO', m));
  };
}

/** The lint-mode render of the templates rule, bound to the user's values and options. */
function lintRenderer(
  values: GoMap,
  namespace: string,
  kubeVersion: KubeVersion | undefined,
  skipSchemaValidation: boolean,
  warn: (m: string) => void,
): (chart: Chart) => Map<string, string> | undefined {
  return (chart) => {
    try {
      processDependencies(chart, values, warn);
      coalesceValues(chart, values);
    } catch {
      return undefined;
    }
    const caps = makeCapabilities({ kubeVersion: kubeVersion?.version });
    const top = toRenderValues(
      chart,
      values,
      { releaseName: 'test-release', namespace, skipSchemaValidation, warn },
      caps,
    );
    return render(chart, top, { lintMode: true, warn });
  };
}

/** The paths `--with-subcharts` adds: every chart directory and archive under `<path>/charts`. */
function subchartPaths(path: string): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (base === 'Chart.yaml') out.push(dirname(p));
    else if (p.endsWith('.tgz') || p.endsWith('.tar.gz')) out.push(p);
    if (!st.isDirectory()) return;
    let names: string[];
    try {
      names = readdirSync(p).sort();
    } catch {
      return;
    }
    for (const n of names) walk(join(p, n));
  };
  walk(join(path, 'charts'));
  return out;
}

export function lintCommand(ctx: CliContext): Command {
  const { io, settings } = ctx;
  const cmd = new Command({
    use: 'lint PATH',
    short: 'examine a chart for possible issues',
    long: LINT_DESC,
    args: minimumNArgs(1),
    run: async ({ args }) => {
      let kube: KubeVersion | undefined;
      if (kubeVersion.value !== '') {
        try {
          kube = parseKubeVersion(kubeVersion.value);
        } catch (err) {
          throw new Error(`invalid kube version '${kubeVersion.value}': ${(err as Error).message}`);
        }
      }
      const paths = [...args];
      if (withSubcharts.value) for (const p of args) paths.push(...subchartPaths(p));
      const namespace = settings.namespace();
      getterAll(ctx); // MergeValues(getter.All(settings)): plugin load warnings
      const vals = await mergeValueOptions(valueOptionsFrom(values), valuesSourceReader(ctx));
      const warn = logWarning(io.stderr);
      const caps = makeCapabilities({ kubeVersion: kube?.version });
      const kubeMM = { major: caps.kubeVersion.major, minor: caps.kubeVersion.minor };

      let message = '';
      let failed = 0;
      let errorsOrWarnings = 0;
      for (const path of paths) {
        const result: LintResult = lintPath(path, {
          values: vals,
          strict: strict.value,
          skipSchemaValidation: skipSchemaValidation.value,
          kubeVersion: kubeMM,
          render: lintRenderer(vals, namespace, kube, skipSchemaValidation.value, warn),
          warn,
        });
        const noisy = hasWarningsOrErrors(result);
        if (noisy) errorsOrWarnings++;
        if (quiet.value && !noisy) continue;
        message += `==> Linting ${path}\n`;
        if (result.messages.length === 0) for (const e of result.errors) message += `Error ${e}\n`;
        for (const m of result.messages) {
          if (!quiet.value || m.severity > Severity.Info) message += `${formatMessage(m)}\n`;
        }
        if (result.errors.length > 0) failed++;
        message += '\n';
      }
      io.stdout(message);
      const summary = `${paths.length} chart(s) linted, ${failed} chart(s) failed`;
      if (failed > 0) throw new Error(summary);
      if (!quiet.value || errorsOrWarnings > 0) io.stdout(`${summary}\n`);
    },
  });
  const f = cmd.localOnlyFlags;
  const strict = f.bool('strict', '', false, 'fail on lint warnings');
  const withSubcharts = f.bool('with-subcharts', '', false, 'lint dependent charts');
  const quiet = f.bool('quiet', '', false, 'print only warnings and errors');
  const skipSchemaValidation = f.bool(
    'skip-schema-validation',
    '',
    false,
    'if set, disables JSON schema validation',
  );
  const kubeVersion = f.string(
    'kube-version',
    '',
    '',
    'Kubernetes version used for capabilities and deprecation checks',
  );
  const values = addValueOptionsFlags(f);
  return cmd;
}
