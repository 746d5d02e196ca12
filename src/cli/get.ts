// `rudder get all|values|manifest|hooks|notes|metadata RELEASE`: one revision of a release, as
// `helm get` prints it.
import {
  formattedDepNames,
  getMetadata,
  getRelease,
  getValues,
  type ReleaseMetadata,
} from '../release/get.js';
import { Template } from '../template/index.js';
import type { GoMap } from '../go/value.js';
import { marshalJson } from '../yaml/json.js';
import { Command } from './command/command.js';
import { exactArgs, noArgs } from './args.js';
import type { CliContext } from './context.js';
import { bindOutputFlag, writeOutput } from './output/format.js';
import { struct, type JsonNode } from './output/encode.js';
import { useColor } from './output/use-color.js';
import { releaseTemplateData } from './get-template.js';
import { statusTable, yamlOf } from './status.js';
import { compListReleases, completeRevisions, withReleaseEnv } from './release-env.js';
import type { FlagSet } from './command/flagset.js';
import type { IntValue } from './command/values.js';

const GET_DESC = `
This command consists of multiple subcommands which can be used to
get extended information about the release, including:

- The values used to generate the release
- The generated manifest file
- The notes provided by the chart of the release
- The hooks associated with the release
- The metadata of the release
`;

const revisionFlag = (f: FlagSet, usage = 'get the named release with revision'): IntValue =>
  f.int('revision', '', 0, usage);

/** k8s labels.Set.String(): sorted `k=v` pairs joined by commas. */
const labelSet = (m: Readonly<Record<string, string>> | undefined): string =>
  Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${m![k]}`)
    .join(',');

function applyMethodText(m: string | undefined): string {
  switch (m ?? '') {
    case '':
      return 'client-side apply (defaulted)';
    case 'csa':
      return 'client-side apply';
    case 'ssa':
      return 'server-side apply';
    default:
      return `unknown (${JSON.stringify(m)})`;
  }
}

function metadataTable(m: ReleaseMetadata): string {
  return (
    `NAME: ${m.name}\nCHART: ${m.chart}\nVERSION: ${m.version}\nAPP_VERSION: ${m.appVersion}\n` +
    `ANNOTATIONS: ${labelSet(m.annotations)}\nLABELS: ${labelSet(m.labels)}\n` +
    `DEPENDENCIES: ${formattedDepNames(m)}\nNAMESPACE: ${m.namespace}\nREVISION: ${m.revision}\n` +
    `STATUS: ${m.status}\nDEPLOYED_AT: ${m.deployedAt}\nAPPLY_METHOD: ${applyMethodText(m.applyMethod)}\n`
  );
}

/** action.Metadata's JSON (struct order; maps and dependencies as Go writes them). */
function metadataJson(m: ReleaseMetadata): JsonNode {
  const raw = (v: unknown): JsonNode => JSON.parse(JSON.stringify(v)) as JsonNode;
  return struct({
    name: m.name,
    chart: m.chart,
    version: m.version,
    appVersion: m.appVersion,
    annotations: m.annotations,
    labels: m.labels,
    dependencies: m.dependencies?.map((d) =>
      struct({
        name: d.name,
        version: d.version || undefined,
        repository: d.repository ?? '',
        condition: d.condition || undefined,
        tags: d.tags && d.tags.length > 0 ? d.tags : undefined,
        enabled: d.enabled ? true : undefined,
        'import-values':
          d['import-values'] && d['import-values'].length > 0 ? raw(d['import-values']) : undefined,
        alias: d.alias || undefined,
      }),
    ),
    namespace: m.namespace,
    revision: m.revision,
    status: m.status,
    deployedAt: m.deployedAt,
    applyMethod: m.applyMethod,
  });
}

/** A GoMap (nil = `null`) as a JSON tree. */
const valuesJson = (v: GoMap | undefined): JsonNode => JSON.parse(v ? marshalJson(v) : 'null') as JsonNode;

function subcommand(
  ctx: CliContext,
  use: string,
  short: string,
  long: string | undefined,
  run: (name: string) => Promise<string>,
  flags: (f: FlagSet) => void,
): Command {
  const cmd = new Command({
    use,
    short,
    ...(long !== undefined ? { long } : {}),
    args: exactArgs(1),
    validArgs: (args, toComplete) => compListReleases(ctx, args, toComplete),
    run: async ({ args }) => ctx.io.stdout(await run(args[0]!)),
  });
  flags(cmd.localOnlyFlags);
  completeRevisions(ctx, cmd);
  return cmd;
}

export function getCommand(ctx: CliContext): Command {
  const get = new Command({
    use: 'get',
    short: 'download extended information of a named release',
    long: GET_DESC,
    args: noArgs,
  });
  const env = <T>(fn: Parameters<typeof withReleaseEnv<T>>[1]): Promise<T> => withReleaseEnv(ctx, fn);

  // get all
  let allRev!: IntValue;
  let template!: { value: string };
  get.add(
    subcommand(
      ctx,
      'all RELEASE_NAME',
      'download all information for a named release',
      `
This command prints a human readable collection of information about the
notes, hooks, supplied values, and generated manifest file of the given release.
`,
      async (name) => {
        const rel = await env((e) => getRelease(name, allRev.value, e));
        if (template.value !== '') {
          const t = new Template('_').parse(template.value);
          return t.execute(releaseTemplateData(rel));
        }
        return statusTable(rel, { debug: true, showMetadata: true, noColor: !useColor(ctx) });
      },
      (f) => {
        allRev = revisionFlag(f);
        template = f.string(
          'template',
          '',
          '',
          'go template for formatting the output, eg: {{.Release.Name}}',
        );
      },
    ),
  );

  // get values
  let valRev!: IntValue;
  let all!: { value: boolean };
  let valOut!: ReturnType<typeof bindOutputFlag>;
  get.add(
    subcommand(
      ctx,
      'values RELEASE_NAME',
      'download the values file for a named release',
      `
This command downloads a values file for a given release.
`,
      async (name) => {
        const vals = await env((e) => getValues(name, valRev.value, all.value, e));
        return writeOutput(valOut.value, {
          table: () => (all.value ? 'COMPUTED VALUES:\n' : 'USER-SUPPLIED VALUES:\n') + yamlOf(vals),
          json: () => valuesJson(vals),
        });
      },
      (f) => {
        valRev = revisionFlag(f);
        all = f.bool('all', 'a', false, 'dump all (computed) values');
        valOut = bindOutputFlag(f);
      },
    ),
  );

  // get manifest
  let manRev!: IntValue;
  get.add(
    subcommand(
      ctx,
      'manifest RELEASE_NAME',
      'download the manifest for a named release',
      `
This command fetches the generated manifest for a given release.

A manifest is a YAML-encoded representation of the Kubernetes resources that
were generated from this release's chart(s). If a chart is dependent on other
charts, those resources will also be included in the manifest.
`,
      async (name) => (await env((e) => getRelease(name, manRev.value, e))).manifest + '\n',
      (f) => (manRev = revisionFlag(f)),
    ),
  );

  // get hooks
  let hookRev!: IntValue;
  get.add(
    subcommand(
      ctx,
      'hooks RELEASE_NAME',
      'download all hooks for a named release',
      `
This command downloads hooks for a given release.

Hooks are formatted in YAML and separated by the YAML '---\\n' separator.
`,
      async (name) => {
        const rel = await env((e) => getRelease(name, hookRev.value, e));
        return (rel.hooks ?? []).map((h) => `---\n# Source: ${h.path}\n${h.manifest}\n`).join('');
      },
      (f) => (hookRev = revisionFlag(f)),
    ),
  );

  // get notes
  let notesRev!: IntValue;
  get.add(
    subcommand(
      ctx,
      'notes RELEASE_NAME',
      'download the notes for a named release',
      `
This command shows notes provided by the chart of a named release.
`,
      async (name) => {
        const rel = await env((e) => getRelease(name, notesRev.value, e));
        return rel.info.notes !== '' ? `NOTES:\n${rel.info.notes}\n` : '';
      },
      (f) => (notesRev = revisionFlag(f)),
    ),
  );

  // get metadata
  let metaRev!: IntValue;
  let metaOut!: ReturnType<typeof bindOutputFlag>;
  get.add(
    subcommand(
      ctx,
      'metadata RELEASE_NAME',
      'This command fetches metadata for a given release',
      undefined,
      async (name) => {
        const m = await env((e) => getMetadata(name, metaRev.value, e));
        return writeOutput(metaOut.value, { table: () => metadataTable(m), json: () => metadataJson(m) });
      },
      (f) => {
        metaRev = revisionFlag(f, 'specify release revision');
        metaOut = bindOutputFlag(f);
      },
    ),
  );
  return get;
}
