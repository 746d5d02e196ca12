// `rudder status RELEASE`: a release's state and live resources, as `helm status` prints them; the
// status printer is shared with `get all` (pkg/cmd/status.go statusPrinter).
import type { StatusObject } from '../release/status-resources.js';
import { releaseStatus } from '../release/status.js';
import { coalesceValues } from '../values/coalesce.js';
import { Chart } from '../chart/chart.js';
import { GoMap } from '../go/value.js';
import { marshalYaml } from '../yaml/encode.js';
import { parseJson } from '../yaml/json-parse.js';
import { releaseToJson } from '../storage/codec/encode-json.js';
import type { Release } from '../storage/release.js';
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import type { CliContext } from './context.js';
import { bindOutputFlag } from './output/format.js';
import { colorizer } from './output/color.js';
import { useColor } from './output/use-color.js';
import { KubeTablePrinter } from './output/kubetable.js';
import { ANSIC, formatGoTime, isZeroTime, parseGoTime } from './output/time.js';
import { compListReleases, completeRevisions, withReleaseEnv } from './release-env.js';

const STATUS_DESC = `
This command shows the status of a named release.
The status consists of:
- last deployment time
- k8s namespace in which the release lives
- state of the release (can be: unknown, deployed, uninstalled, superseded, failed, uninstalling, pending-install, pending-upgrade or pending-rollback)
- revision of the release
- description of the release (can be completion message or error message)
- list of resources that this release consists of
- details on last test suite run, if applicable
- additional notes provided by the chart
`;

export interface StatusPrintOptions {
  /** get all: USER-SUPPLIED / COMPUTED VALUES, HOOKS and MANIFEST. */
  debug: boolean;
  /** get all: CHART, VERSION, APP_VERSION. */
  showMetadata: boolean;
  noColor: boolean;
  /** Live objects by "version/Kind", in Helm's (unordered) map; printed in insertion order here. */
  resources?: Map<string, StatusObject[]>;
}

const emptyMap = (): GoMap => new GoMap(new Map());

/** statusPrinter.WriteTable. */
export function statusTable(rel: Release, o: StatusPrintOptions): string {
  const c = colorizer(!o.noColor);
  let out = `NAME: ${rel.name}\n`;
  const last = parseGoTime(rel.info.last_deployed);
  if (!isZeroTime(last)) out += `LAST DEPLOYED: ${formatGoTime(last, ANSIC)}\n`;
  out += `NAMESPACE: ${c.namespace(rel.namespace)}\n`;
  out += `STATUS: ${c.status(rel.info.status)}\n`;
  out += `REVISION: ${rel.version}\n`;
  if (o.showMetadata) {
    const m = rel.chart?.metadata;
    out += `CHART: ${m?.name ?? ''}\nVERSION: ${m?.version ?? ''}\nAPP_VERSION: ${m?.appVersion ?? ''}\n`;
  }
  out += `DESCRIPTION: ${rel.info.description}\n`;

  if (o.resources && o.resources.size > 0) {
    const printer = new KubeTablePrinter();
    let buf = '';
    for (const [key, objs] of o.resources) {
      buf += `==> ${key}\n`;
      for (const obj of objs) buf += printer.print(obj as Parameters<KubeTablePrinter['print']>[0]);
      buf += '\n';
    }
    out += `RESOURCES:\n${buf}\n`;
  }

  const tests = (rel.hooks ?? []).filter((h) => (h.events ?? []).includes('test'));
  if (tests.length === 0) out += 'TEST SUITE: None\n';
  else {
    for (const h of tests) {
      const started = parseGoTime(h.last_run?.started_at);
      if (isZeroTime(started)) continue;
      out +=
        `TEST SUITE:     ${h.name}\n` +
        `Last Started:   ${formatGoTime(started, ANSIC)}\n` +
        `Last Completed: ${formatGoTime(parseGoTime(h.last_run.completed_at), ANSIC)}\n` +
        `Phase:          ${h.last_run.phase}\n`;
    }
  }

  if (o.debug) {
    out += 'USER-SUPPLIED VALUES:\n' + yamlOf(rel.config) + '\n';
    const m = rel.chart?.metadata ?? { name: '', version: '', apiVersion: '' };
    const computed = coalesceValues(new Chart(m, rel.chart?.values ?? emptyMap()), rel.config ?? emptyMap());
    out += 'COMPUTED VALUES:\n' + yamlOf(computed) + '\n';
  }
  if (rel.info.description.toLowerCase() === 'dry run complete' || o.debug) {
    out += 'HOOKS:\n';
    for (const h of rel.hooks ?? []) out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
    out += `MANIFEST:\n${rel.manifest}\n`;
  }
  if (rel.info.notes !== '') out += `NOTES:\n${rel.info.notes.trim()}\n`;
  return out;
}

/** output.EncodeYAML of a values map (a nil map is `null`). */
export const yamlOf = (v: GoMap | undefined): string =>
  marshalYaml(v ?? new GoMap(new Map(), undefined, undefined, true));

/** The release as status's JSON shows it: no chart, live resources under info. */
export function statusJson(rel: Release, resources: Map<string, StatusObject[]> | undefined): string {
  const info = { ...rel.info };
  if (resources && resources.size > 0) info.resources = Object.fromEntries(resources);
  const { chart: _chart, ...rest } = rel;
  void _chart;
  return releaseToJson({ ...rest, info });
}

export function statusCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'status RELEASE_NAME',
    short: 'display the status of the named release',
    long: STATUS_DESC,
    args: exactArgs(1),
    validArgs: (args, toComplete) => compListReleases(ctx, args, toComplete),
    run: async ({ args }) => {
      const format = output.value;
      // The table view asks the server for Tables, the others for the objects (as kubectl does).
      const { release: rel, resources } = await withReleaseEnv(ctx, (env) =>
        releaseStatus(args[0]!, revision.value, format === 'table', env),
      );
      if (format === 'table') {
        ctx.io.stdout(
          statusTable(rel, { debug: false, showMetadata: false, noColor: !useColor(ctx), resources }),
        );
        return;
      }
      const json = statusJson(rel, resources);
      ctx.io.stdout(format === 'json' ? json + '\n' : marshalYaml(parseJson(json)));
    },
  });
  const f = cmd.localOnlyFlags;
  const revision = f.int('revision', '', 0, 'if set, display the status of the named release with revision');
  completeRevisions(ctx, cmd);
  const output = bindOutputFlag(f);
  return cmd;
}
