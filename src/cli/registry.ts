// `rudder registry login|logout` (pkg/cmd/registry*.go, pkg/registry Client.Login/Logout): the
// registry is pinged with the credential (Basic or Bearer, as it challenges), then the login is kept
// in HELM_REGISTRY_CONFIG as helm and docker write it.
import { readFileSync } from 'node:fs';
import { Command } from './command/command.js';
import { minimumNArgs, noArgs } from './args.js';
import type { CliContext } from './context.js';
import { slogLine } from './slog.js';
import { RegistryClient, type ClientOptions } from '../registry/client.js';
import {
  eraseCredential,
  lookupCredential,
  storeCredential,
  type Credential,
} from '../registry/credentials.js';

const LOGIN_DESC = (bin: string): string => `
Authenticate to a remote registry.

For example for Github Container Registry:

    echo "$GITHUB_TOKEN" | ${bin} registry login ghcr.io -u $GITHUB_USER --password-stdin
`;

/** The client for a host: explicit credentials win, else the stored login (helm's, then docker's). */
export function registryClient(
  ctx: CliContext,
  host: string,
  o: Omit<ClientOptions, 'credential'> & { username?: string; password?: string },
): RegistryClient {
  let credential: Credential | undefined;
  if (o.username || o.password) credential = { username: o.username ?? '', password: o.password ?? '' };
  else
    credential = lookupCredential(
      ctx.settings.registryConfig.value,
      host,
      ctx.io.env as Record<string, string | undefined>,
    );
  return new RegistryClient(host, { ...o, credential });
}

function loginCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'login [host]',
    short: 'login to a registry',
    long: LOGIN_DESC(ctx.bin),
    args: minimumNArgs(1),
    run: async ({ args }) => {
      const hostArg = args[0]!;
      let user = username.value;
      let pw = password.value;
      if (passwordStdin.value) {
        pw = readFileSync(0, 'utf8').replace(/\n$/, '').replace(/\r$/, '');
      } else if (pw === '') {
        throw new Error(user === '' ? 'token required' : 'password required');
      } else {
        ctx.io.stderr(slogLine('WARN', 'using --password via the CLI is insecure. Use --password-stdin'));
      }
      let host = hostArg;
      if (host.includes('/')) {
        const registryHost = host.split('/')[0]!;
        ctx.io.stderr(
          slogLine(
            'WARN',
            'registry login currently only supports registry hostname, not a repository path',
            {
              host,
              suggested: registryHost,
            },
          ),
        );
        host = registryHost;
      }
      const client = new RegistryClient(host, {
        plainHttp: plainHttp.value,
        insecure: insecure.value,
        caFile: caFile.value,
        certFile: certFile.value,
        keyFile: keyFile.value,
        credential: { username: user, password: pw },
      });
      try {
        await client.ping();
      } catch (err) {
        throw new Error(`authenticating to ${JSON.stringify(hostArg)}: ${(err as Error).message}`);
      }
      user = user ?? '';
      storeCredential(ctx.settings.registryConfig.value, host, { username: user, password: pw });
      ctx.io.stdout('Login Succeeded\n');
    },
  });
  const f = cmd.localOnlyFlags;
  const username = f.string('username', 'u', '', 'registry username');
  const password = f.string('password', 'p', '', 'registry password or identity token');
  const passwordStdin = f.bool('password-stdin', '', false, 'read password or identity token from stdin');
  const insecure = f.bool('insecure', '', false, 'allow connections to TLS registry without certs');
  const certFile = f.string('cert-file', '', '', 'identify registry client using this SSL certificate file');
  const keyFile = f.string('key-file', '', '', 'identify registry client using this SSL key file');
  const caFile = f.string(
    'ca-file',
    '',
    '',
    'verify certificates of HTTPS-enabled servers using this CA bundle',
  );
  const plainHttp = f.bool('plain-http', '', false, 'use insecure HTTP connections for the chart upload');
  return cmd;
}

function logoutCommand(ctx: CliContext): Command {
  return new Command({
    use: 'logout [host]',
    short: 'logout from a registry',
    long: '\nRemove credentials stored for a remote registry.\n',
    args: minimumNArgs(1),
    run: ({ args }) => {
      const host = args[0]!;
      // helm 4.3.2's file store erases a missing entry without complaint.
      eraseCredential(ctx.settings.registryConfig.value, host);
      ctx.io.stdout(`Removing login credentials for ${host}\n`);
    },
  });
}

export function registryCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'registry',
    short: 'login to or logout from a registry',
    long: '\nThis command consists of multiple subcommands to interact with registries.\n',
    args: noArgs,
  });
  cmd.add(loginCommand(ctx), logoutCommand(ctx));
  return cmd;
}
