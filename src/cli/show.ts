// `rudder show all|chart|readme|values|crds CHART`: a local chart's files, as `helm show` prints them.
import { showChart, type ShowFormat } from '../chart/show.js';
import { Command } from './command/command.js';
import { exactArgs, noArgs } from './args.js';
import { compListCharts } from './completion.js';
import { locateChart } from './locate-chart.js';
import { parseJsonPath, runJsonPath } from './show-jsonpath.js';
import { loadChartV2 } from '../chart/loader.js';
import { slogLine } from './slog.js';
import { repoEnv } from './repo-env.js';
import type { CliContext } from './context.js';
import { addChartPathOptionsFlags } from './flags.js';

const DESCS: Record<ShowFormat, [string, string, string]> = {
  all: [
    'all [CHART]',
    'show all information of the chart',
    `
This command inspects a chart (directory, file, or URL) and displays all its content
(values.yaml, Chart.yaml, README)
`,
  ],
  readme: [
    'readme [CHART]',
    "show the chart's README",
    `
This command inspects a chart (directory, file, or URL) and displays the contents
of the README file
`,
  ],
  values: [
    'values [CHART]',
    "show the chart's values",
    `
This command inspects a chart (directory, file, or URL) and displays the contents
of the values.yaml file
`,
  ],
  chart: [
    'chart [CHART]',
    "show the chart's definition",
    `
This command inspects a chart (directory, file, or URL) and displays the contents
of the Chart.yaml file
`,
  ],
  crds: [
    'crds [CHART]',
    "show the chart's CRDs",
    `
This command inspects a chart (directory, file, or URL) and displays the contents
of the CustomResourceDefinition files
`,
  ],
};

export function showCommand(ctx: CliContext): Command {
  const { io, settings } = ctx;
  const show = new Command({
    use: 'show',
    short: 'show information of a chart',
    aliases: ['inspect'],
    long: '\nThis command consists of multiple subcommands to display information about a chart\n',
    args: noArgs,
  });
  for (const format of ['all', 'readme', 'values', 'chart', 'crds'] as const) {
    const [use, short, long] = DESCS[format];
    const sub = new Command({
      use,
      short,
      long,
      args: exactArgs(1),
      validArgs: (args, toComplete) =>
        args.length !== 0
          ? {
              items: ['_activeHelp_ This command does not take any more arguments (but may accept flags).'],
              directive: 4,
            }
          : compListCharts(toComplete),
      run: async ({ args }) => {
        if (ctx.settings.debug)
          io.stderr(slogLine('DEBUG', 'original chart version', { version: chart.version.value }));
        const path = await locateChart(args[0]!, ctx.bin, {
          chart,
          env: repoEnv(ctx),
          devel: devel.value,
          ctx,
        });
        if (jsonpath?.value) {
          // Show.Run: the chart is loaded, then the template parsed and run over its values.
          const c = loadChartV2(path);
          // Without a values.yaml the chart has no values: nothing is parsed or printed.
          if (c.raw.some((f) => f.name === 'values.yaml'))
            io.stdout(runJsonPath(parseJsonPath(jsonpath.value), c.values));
          return;
        }
        io.stdout(showChart(path, format));
      },
    });
    const f = sub.localOnlyFlags;
    const devel = f.bool(
      'devel',
      '',
      false,
      "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored",
    );
    const jsonpath =
      format === 'values'
        ? f.string('jsonpath', '', '', 'supply a JSONPath expression to filter the output')
        : undefined;
    const chart = addChartPathOptionsFlags(f, settings);
    show.add(sub);
  }
  return show;
}
