// `rudder test`: run tests for a release (pkg/cmd/release_testing.go).
import { Command } from './command/command.js';
import { exactArgs } from './args.js';
import type { CliContext } from './context.js';
import { actionEnv } from './action-env.js';
import { releaseOutput } from './install.js';
import { RELEASE_TEST_DESC } from './release-help.js';
import { releaseTest, testPodLogs, type ReleaseTestOptions } from '../release/release-testing.js';

const NOT_NAME = /^!\s?name=/;

export function releaseTestCommand(cli: CliContext): Command {
  const cmd = new Command({
    use: 'test [RELEASE]',
    short: 'run tests for a release',
    long: RELEASE_TEST_DESC,
    args: exactArgs(1),
    run: async ({ args }) => {
      const namespace = cli.settings.namespace();
      const o: ReleaseTestOptions = {
        releaseName: args[0]!,
        namespace,
        timeoutMs: Number(timeout.value / 1_000_000n),
        include: [],
        exclude: [],
      };
      for (const f of filter.value) {
        if (f.startsWith('name=')) o.include.push(f.slice('name='.length));
        else if (NOT_NAME.test(f)) o.exclude.push(f.replace(NOT_NAME, ''));
      }
      const env = await actionEnv(cli, namespace);
      try {
        const res = await releaseTest(o, env.ctx);
        let failure: Error | undefined = res.error;
        try {
          cli.io.stdout(releaseOutput(cli, 'table', res.release, true));
          if (logs.value) {
            cli.io.stdout('\n');
            try {
              cli.io.stdout(await testPodLogs(o, res.release, env.ctx));
            } catch (e) {
              const partial = (e as { output?: string }).output;
              if (partial) cli.io.stdout(partial);
              failure = new Error([res.error?.message, (e as Error).message].filter(Boolean).join('\n'));
            }
          }
        } finally {
          try {
            await res.shutdown();
          } catch (e) {
            failure ??= e as Error;
          }
        }
        if (failure) throw failure;
      } finally {
        await env.close();
      }
    },
  });
  const f = cmd.localOnlyFlags;
  const timeout = f.duration(
    'timeout',
    '',
    300n * 1_000_000_000n,
    'time to wait for any individual Kubernetes operation (like Jobs for hooks)',
  );
  const logs = f.bool(
    'logs',
    '',
    false,
    'dump the logs from test pods (this runs after all tests are complete, but before any cleanup)',
  );
  const filter = f.stringSlice(
    'filter',
    '',
    [],
    `specify tests by attribute (currently "name") using attribute=value syntax or '!attribute=value' to exclude a test (can specify multiple or separate values with commas: name=test1,name=test2)`,
  );
  return cmd;
}
