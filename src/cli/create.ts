// `rudder create NAME`: the default chart scaffold or a starter, as `helm create` writes it.
import { createChart } from '../chart/create.js';
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import type { CliContext } from './context.js';

const CREATE_DESC = (bin: string): string => `
This command creates a chart directory along with the common files and
directories used in a chart.

For example, '${bin} create foo' will create a directory structure that looks
something like this:

    foo/
    ├── .helmignore   # Contains patterns to ignore when packaging Helm charts.
    ├── Chart.yaml    # Information about your chart
    ├── values.yaml   # The default values for your templates
    ├── charts/       # Charts that this chart depends on
    └── templates/    # The template files
        └── tests/    # The test files

'${bin} create' takes a path for an argument. If directories in the given path
do not exist, Helm will attempt to create them as it goes. If the given
destination exists and there are files in that directory, conflicting files
will be overwritten, but other files will be left alone.
`;

export function createCommand(ctx: CliContext): Command {
  const { io, settings } = ctx;
  const cmd = new Command({
    use: 'create NAME',
    short: 'create a new chart with the given name',
    long: CREATE_DESC(ctx.bin),
    args: exactArgs(1),
    validArgs: (args) =>
      args.length === 0
        ? { items: [], directive: 0 }
        : {
            items: ['_activeHelp_ This command does not take any more arguments (but may accept flags).'],
            directive: 4,
          },
    run: ({ args }) => {
      const v = chartApiVersion.value;
      if (v !== 'v2' && v !== '') {
        if (v === 'v3') {
          io.stdout(`Creating ${args[0]}\n`);
          throw new Error(
            'this feature has been marked as experimental and is not enabled by default. Please set HELM_EXPERIMENTAL_CHART_V3=1 in your environment to use this feature',
          );
        }
        io.stdout(`Creating ${args[0]}\n`);
        throw new Error(`unsupported chart API version: ${v} (supported: v2, v3)`);
      }
      createChart(args[0]!, {
        starter: starter.value || undefined,
        starterDir: settings.paths.dataPath('starters'),
        out: io.stdout,
      });
    },
  });
  const f = cmd.localOnlyFlags;
  const starter = f.string('starter', 'p', '', 'the name or absolute path to Helm starter scaffold');
  const chartApiVersion = f.string('chart-api-version', '', 'v2', 'chart API version to use (v2 or v3)');
  f.markHidden('chart-api-version');
  return cmd;
}
