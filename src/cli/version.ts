// `rudder version`: Helm's `version.BuildInfo`, since Rudder implements Helm v4.3.2 and
// plugins and scripts gate on that version. Rudder's own version and the Node.js version are
// available to --template as .RudderVersion and .NodeVersion.
import { Command } from './command/command.js';
import { noArgs } from './args.js';
import type { CliContext } from './context.js';
import { GO_VERSION, HELM_VERSION, KUBE_CLIENT_VERSION } from '../render/capabilities.js';
import { Template } from '../template/index.js';
import { GoObject, NO_FIELD, type GoKind, type Value } from '../go/value.js';
import { quote as goQuote } from '../go/strconv/format.js';

const VERSION_DESC = `
Show the version for Helm.

This will print a representation of the version of Helm.
The output will look something like this:

version.BuildInfo{Version:"v3.2.1", GitCommit:"fe51cd1e31e6a202cba7dead9552a6d418ded79a", GitTreeState:"clean", GoVersion:"go1.13.10"}

- Version is the semantic version of the release.
- GitCommit is the SHA for the commit that this version was built from.
- GitTreeState is "clean" if there are no local code changes when this binary was
  built, and "dirty" if the binary was built from locally modified code.
- GoVersion is the version of Go that was used to compile Helm.

When using the --template flag the following properties are available to use in
the template:

- .Version contains the semantic version of Helm
- .GitCommit is the git commit
- .GitTreeState is the state of the git tree when Helm was built
- .GoVersion contains the version of Go that Helm was compiled with

For example, --template='Version: {{.Version}}' outputs 'Version: v3.2.1'.
`;

/** The information `version` prints; the first five fields are Helm's BuildInfo. */
export interface BuildInfoFields {
  Version: string;
  GitCommit: string;
  GitTreeState: string;
  GoVersion: string;
  KubeClientVersion: string;
  RudderVersion: string;
  NodeVersion: string;
}

class VersionData extends GoObject {
  readonly goType = 'version.BuildInfo';
  readonly goKind: GoKind = 'struct';
  constructor(readonly info: BuildInfoFields) {
    super();
  }
  override field(name: string): Value | typeof NO_FIELD {
    return Object.hasOwn(this.info, name) ? this.info[name as keyof BuildInfoFields] : NO_FIELD;
  }
  override fields(): [string, Value][] {
    return Object.entries(this.info);
  }
}

export function buildInfo(rudderVersion: string): BuildInfoFields {
  return {
    Version: HELM_VERSION,
    GitCommit: '',
    GitTreeState: 'clean',
    GoVersion: GO_VERSION,
    KubeClientVersion: KUBE_CLIENT_VERSION,
    RudderVersion: `v${rudderVersion}`,
    NodeVersion: process.version,
  };
}

/** formatVersion: `%#v` of Helm's BuildInfo, or `<version>[+g<commit>]` when short. */
export function formatVersion(info: BuildInfoFields, short: boolean): string {
  if (short)
    return info.GitCommit.length >= 7 ? `${info.Version}+g${info.GitCommit.slice(0, 7)}` : info.Version;
  const keys = ['Version', 'GitCommit', 'GitTreeState', 'GoVersion', 'KubeClientVersion'] as const;
  return `version.BuildInfo{${keys.map((k) => `${k}:${goQuote(info[k])}`).join(', ')}}`;
}

export function versionCommand(ctx: CliContext, rudderVersion: string): Command {
  const cmd = new Command({
    use: 'version',
    short: `print the ${ctx.bin} version information`,
    long: VERSION_DESC,
    args: noArgs,
    run: () => {
      const info = buildInfo(rudderVersion);
      if (template.value !== '') {
        const t = new Template('_').parse(template.value);
        ctx.io.stdout(t.execute(new VersionData(info)));
        return;
      }
      ctx.io.stdout(`${formatVersion(info, short.value)}\n`);
    },
  });
  const f = cmd.localOnlyFlags;
  const short = f.bool('short', '', false, 'print the version number');
  const template = f.string('template', '', '', 'template for version string format');
  return cmd;
}
