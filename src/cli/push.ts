// `rudder push CHART.tgz oci://host/ns` (pkg/cmd/push.go, pkg/pusher/ocipusher.go, registry Client.Push):
// pushed to `host/ns/<name>:<version>` with helm's manifest (created = the archive's mtime), the
// `.prov` next to the archive as a second layer.
import { parseURL } from '../funcs/urls.js';
import { quote as goQuote } from '../go/strconv/format.js';
import { isNotExist, pathError } from '../go/fs-error.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Command } from './command/command.js';
import { minimumNArgs } from './args.js';
import type { CliContext } from './context.js';
import { registryClient } from './registry.js';
import { addTlsFlags } from './flags.js';
import {
  buildChartArtifact,
  pushChart,
  REGISTRY_UNDERSCORE_MESSAGE,
  rfc3339Local,
} from '../registry/chart.js';
import { parseOciReference } from '../registry/reference.js';

const PUSH_DESC = `
Upload a chart to a registry.

If the chart has an associated provenance file,
it will also be uploaded.
`;

export function pushCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'push [chart] [remote]',
    short: 'push a chart to remote',
    long: PUSH_DESC,
    args: minimumNArgs(2),
    run: async ({ args }) => {
      const [chartPath, remote] = args as [string, string];
      // ChartUploader.UploadTo: url.Parse, a scheme, then the pusher serving it (only oci).
      let scheme: string;
      try {
        scheme = parseURL(remote).scheme;
      } catch {
        throw new Error(`invalid chart URL format: ${remote}`);
      }
      if (scheme === '') throw new Error(`scheme prefix missing from remote (e.g. "oci://")`);
      if (scheme !== 'oci') throw new Error(`scheme ${goQuote(scheme)} not supported`);
      let st;
      try {
        st = statSync(chartPath);
      } catch (err) {
        if (isNotExist(err)) throw new Error(`${chartPath}: no such file`);
        throw pathError('stat', chartPath, err);
      }
      if (st.isDirectory()) throw new Error('cannot push directory, must provide chart archive (.tgz)');
      const data = readFileSync(chartPath);
      const provPath = `${chartPath}.prov`;
      const prov = existsSync(provPath) ? readFileSync(provPath) : undefined;
      const art = buildChartArtifact(data, rfc3339Local(st.mtime), prov);
      const md = art.metadata;
      const ref = parseOciReference(`${remote.replace(/\/+$/, '')}/${md.name}:${md.version}`);
      const client = registryClient(ctx, ref.registry, {
        plainHttp: plainHttp.value,
        insecure: insecure.value,
        caFile: caFile.value,
        certFile: certFile.value,
        keyFile: keyFile.value,
        username: username.value,
        password: password.value,
      });
      const r = await pushChart(client, ref, art);
      let out = `Pushed: ${r.ref}\nDigest: ${r.digest}\n`;
      if (ref.tag.includes('_')) out += `${r.ref} contains an underscore.\n${REGISTRY_UNDERSCORE_MESSAGE}\n`;
      ctx.io.stdout(out);
    },
  });
  const f = cmd.localOnlyFlags;
  const {
    certFile,
    keyFile,
    caFile,
    insecureSkipTLSVerify: insecure,
  } = addTlsFlags(f, 'registry client', 'the chart upload');
  const plainHttp = f.bool('plain-http', '', false, 'use insecure HTTP connections for the chart upload');
  const username = f.string(
    'username',
    '',
    '',
    'chart repository username where to locate the requested chart',
  );
  const password = f.string(
    'password',
    '',
    '',
    'chart repository password where to locate the requested chart',
  );
  return cmd;
}
